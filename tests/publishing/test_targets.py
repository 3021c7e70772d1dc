"""Where `--to` points, and where the API token comes from: never the command line."""

from __future__ import annotations

import pytest

from catalog.publishing.targets import TargetError, read_targets, target_settings, token_for

TARGETS = """
[targets.province]
url = "https://catalog.phuket.example.go.th/"
token_env = "PROVINCE_TOKEN"
dataset_schema = "gdc"

[targets.sandbox]
url = "https://sandbox.example.org"
token = "token-in-the-file"
"""


@pytest.fixture
def targets(tmp_path, monkeypatch):
    path = tmp_path / "targets.toml"
    path.write_text(TARGETS, encoding="utf-8")
    for variable in ("CATALOG_TOKEN", "PROVINCE_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    return path


def test_a_target_is_named_in_the_targets_file(targets):
    settings = target_settings("province", targets)
    assert settings["url"] == "https://catalog.phuket.example.go.th/" and settings["dataset_schema"] == "gdc"
    assert settings["label"] == "province"


def test_a_url_of_a_configured_target_takes_its_settings(targets):
    assert target_settings("https://catalog.phuket.example.go.th", targets)["label"] == "province"
    assert target_settings("https://other.example.org", targets) == {"label": "https://other.example.org",
                                                                     "url": "https://other.example.org"}


def test_the_token_comes_from_the_targets_variable_then_the_file_then_catalog_token(targets, monkeypatch):
    province, sandbox = target_settings("province", targets), target_settings("sandbox", targets)
    assert token_for(province) is None
    monkeypatch.setenv("CATALOG_TOKEN", "general")
    assert token_for(province) == "general" and token_for(sandbox) == "token-in-the-file"
    monkeypatch.setenv("PROVINCE_TOKEN", "province-only")
    assert token_for(province) == "province-only"


def test_the_default_targets_file_is_in_the_user_config_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CATALOG_TARGETS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    folder = tmp_path / "disclosure-catalog"
    folder.mkdir()
    (folder / "targets.toml").write_text('[targets.here]\nurl = "https://here.example.org"\n', encoding="utf-8")
    assert target_settings("here")["url"] == "https://here.example.org"


@pytest.mark.parametrize("text, message", [
    ("[targets.broken\n", "not valid TOML"),
    ("[targets.nourl]\ntoken_env = 'X'\n", "target 'nourl' needs a url"),
    ("[targets.odd]\nurl = 'https://x.org'\ndataset_schema = 'dcat'\n", "dataset_schema is 'gdc' or 'ckan'"),
])
def test_a_targets_file_with_a_mistake_says_which(tmp_path, text, message):
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetError, match=message):
        read_targets(path)


def test_a_name_that_is_neither_a_target_nor_a_url_is_refused(targets):
    with pytest.raises(TargetError, match="neither a URL nor a target"):
        target_settings("provinse", targets)
