"""`catalog --help` lists the commands, and every command's help shows an example."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from catalog.cli import cli


def all_commands(group: click.Group, prefix=()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
    return found


def test_catalog_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "catalog.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for name in cli.commands:
        assert name in result.stdout


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_help_has_an_example(path, capsys):
    from catalog.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main([*path, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "Example" in text, text
    assert "catalog " in text.split("Example", 1)[1]


def test_an_unknown_category_is_one_clean_line(capsys, tmp_path):
    from catalog.cli import main

    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(tmp_path / "a.csv"), "--category", "nope"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "procurement_monthly" in err
