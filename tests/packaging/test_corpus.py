"""Every broken file in tests/corpus gets one clean line naming where it broke, exit 1, and no package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.cli import main

CORPUS = Path(__file__).parents[1] / "corpus"
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))


def test_the_corpus_is_big_enough_and_on_disk():
    assert len(CASES) >= 25
    for name in CASES:
        assert (CORPUS / "files" / name).exists(), name


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_file_gets_one_clean_line(name, tmp_path, capsys):
    case = CASES[name]
    out = tmp_path / "package"
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(CORPUS / "files" / name), "--category", case["category"], "-o", str(out)])
    captured = capsys.readouterr()
    assert exit_info.value.code == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    line = lines[0]
    assert "Traceback" not in captured.err and "internal error" not in line
    assert line.startswith(name), line  # the file comes first
    assert case["contains"] in line, line
    if "sheet" in case:
        assert f"sheet '{case['sheet']}'" in line, line
    if "row" in case:
        assert f"row {case['row']}," in line or f"row {case['row']}:" in line, line
    if "column" in case:
        assert f"column {case['column']} (" in line or f"column {case['column']}:" in line, line
    assert not out.exists(), "a failed build must write nothing"
    assert list(tmp_path.iterdir()) == [], "no scratch folder may be left behind"


def test_a_failed_build_keeps_the_earlier_good_package(tmp_path, capsys):
    out = tmp_path / "egp"
    good = tmp_path / "good.csv"
    sys.path.insert(0, str(CORPUS))
    from make_corpus import egp_csv, good_rows

    good.write_text(egp_csv(*good_rows()), encoding="utf-8")
    main_ok = subprocess.run([sys.executable, "-m", "catalog.cli", "build", str(good), "-c", "egp_contract",
                              "-o", str(out)], capture_output=True, text=True)
    assert main_ok.returncode == 0, main_ok.stderr
    before = (out / "datapackage.json").read_bytes()
    broken = subprocess.run([sys.executable, "-m", "catalog.cli", "build",
                             str(CORPUS / "files" / "impossible_be_date.csv"), "-c", "egp_contract", "-o", str(out)],
                            capture_output=True, text=True)
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr
    assert broken.stderr.count("\n") == 1
    assert (out / "datapackage.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["egp", "good.csv"]
