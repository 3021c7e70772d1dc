"""`catalog publish` on the command line: validate first, print the plan, write only what changed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from catalog.server.store import Store, tables
from tests.publishing.conftest import DATAPACKAGES, ROOT, copy_package, edit_table


def publish(*args, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """The real `catalog publish` in its own process."""
    return subprocess.run([sys.executable, "-m", "catalog.cli", "publish", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=env)


@pytest.fixture
def environment(tmp_path, monkeypatch) -> dict:
    """A clean environment: no token, an empty config folder, the catalog home in tmp."""
    for variable in ("CATALOG_TOKEN", "CATALOG_TARGETS", "CATALOG_LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("CATALOG_HOME", str(tmp_path / "home"))
    import os

    return dict(os.environ)


def counts(home) -> dict:
    store = Store(home)
    try:
        with store.read() as conn:
            return {name: conn.execute(select(func.count()).select_from(getattr(tables, name))).scalar()
                    for name in ("package", "activity", "resource_version")}
    finally:
        store.dispose()


def test_every_committed_package_publishes_into_a_new_home_and_a_second_run_is_a_no_op(environment, tmp_path):
    paths = sorted(DATAPACKAGES.glob("*/*"))  # as a shell expands datapackages/*/*: agency.json, sources/ too
    first = publish(*paths, env=environment)
    assert first.returncode == 0, first.stderr
    assert "26 package(s): 26 created, 0 updated, 0 unchanged" in first.stdout
    assert "path(s) that are not data packages: " in first.stdout and "agency.json" in first.stdout
    assert "organization phuket-pao: create \"องค์การบริหารส่วนจังหวัดภูเก็ต\"" in first.stdout
    after_first = counts(tmp_path / "home")
    assert after_first["package"] == 26

    second = publish(*paths, env=environment)
    assert second.returncode == 0, second.stderr
    assert "26 package(s): 0 created, 0 updated, 26 unchanged" in second.stdout
    assert "upload" not in second.stdout
    assert counts(tmp_path / "home") == after_first  # no activity, no file version


def test_an_invalid_package_stops_every_package_from_being_published(environment, tmp_path):
    good = copy_package("phuket-pao/executives", tmp_path / "packages")
    bad = copy_package("phuket-pao/egp_contract", tmp_path / "packages")
    edit_table(bad, "egp_contract", lambda rows: [{**rows[0], "record_id": "สี่"}] + rows[1:])

    result = publish(good, bad, env=environment)

    assert result.returncode == 1
    assert "record_id" in result.stdout and "INVALID" in result.stdout
    assert "nothing was published: 1 package(s) failed validation" in result.stderr
    assert not (tmp_path / "home").exists()  # not even the catalog's home was made


def test_a_dry_run_prints_the_plan_and_writes_nothing(environment, tmp_path):
    package = copy_package("phuket-pao/egp_contract", tmp_path / "packages")
    planned = publish(package, "--dry-run", env=environment)
    assert planned.returncode == 0, planned.stderr
    assert "phuket-pao-egp-contract → " in planned.stdout and "create dataset, version 1.0.0" in planned.stdout
    assert "+ egp_contract new: upload egp_contract.csv" in planned.stdout
    assert "(dry run: nothing written)" in planned.stdout
    assert not (tmp_path / "home").exists()

    assert publish(package, env=environment).returncode == 0
    before = counts(tmp_path / "home")
    edit_table(package, "egp_contract", lambda rows: rows[:-1])
    planned = publish(package, "--dry-run", "--lang", "th", env=environment)
    assert planned.returncode == 0, planned.stderr
    assert "ปรับปรุงชุดข้อมูล รุ่น 1.0.0 → 1.0.1" in planned.stdout and "ลบ 1" in planned.stdout
    assert counts(tmp_path / "home") == before


def test_a_portal_named_in_the_targets_file_gets_its_token_from_the_environment(environment, tmp_path,
                                                                               gdc_catalog_server):
    targets = tmp_path / "config" / "disclosure-catalog" / "targets.toml"
    targets.parent.mkdir(parents=True)
    targets.write_text(f'[targets.province]\nurl = "{gdc_catalog_server.url}"\ntoken_env = "PROVINCE_TOKEN"\n'
                       "create_organizations = true\n", encoding="utf-8")
    environment["PROVINCE_TOKEN"] = gdc_catalog_server.sysadmin_token
    package = copy_package("phuket-pao/executives", tmp_path / "packages")

    result = publish(package, "--to", "province", env=environment)

    assert result.returncode == 0, result.stderr
    assert "phuket-pao-executives → province: create dataset, version 1.0.0" in result.stdout
    assert f"published version 1.0.0: {gdc_catalog_server.url}/dataset/phuket-pao-executives" in result.stdout
    ckan = gdc_catalog_server.ckan()
    assert ckan.action.package_show(id="phuket-pao-executives")["num_resources"] == 2
    again = publish(package, "--to", gdc_catalog_server.url, env=environment)  # the same portal by its URL
    assert "unchanged (version 1.0.0)" in again.stdout


def test_a_portal_given_by_url_takes_the_token_from_catalog_token(environment, tmp_path, gdc_catalog_server):
    gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token).action.organization_create(name="phuket-pao")
    package = copy_package("phuket-pao/executives", tmp_path / "packages")

    refused = publish(package, "--to", gdc_catalog_server.url, env=environment)
    assert refused.returncode == 1
    assert "not allowed to package_create" in refused.stderr and "Traceback" not in refused.stderr
    assert gdc_catalog_server.ckan().action.package_list() == []

    environment["CATALOG_TOKEN"] = gdc_catalog_server.sysadmin_token
    assert publish(package, "--to", gdc_catalog_server.url, env=environment).returncode == 0
    assert gdc_catalog_server.ckan().action.package_list() == ["phuket-pao-executives"]


def test_a_missing_organization_on_a_portal_is_reported_and_nothing_is_written(environment, tmp_path,
                                                                               gdc_catalog_server):
    environment["CATALOG_TOKEN"] = gdc_catalog_server.sysadmin_token
    package = copy_package("phuket-pao/executives", tmp_path / "packages")
    result = publish(package, "--to", gdc_catalog_server.url, env=environment)
    assert result.returncode == 1
    assert "cannot publish: the organization 'phuket-pao' does not exist" in result.stdout
    assert gdc_catalog_server.ckan().action.package_list() == []


def test_an_unknown_target_is_one_line_of_error(environment, tmp_path):
    package = copy_package("phuket-pao/executives", tmp_path / "packages")
    result = publish(package, "--to", "nowhere", env=environment)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "'nowhere' is neither a URL nor a target" in result.stderr


def test_an_invalid_package_writes_nothing_to_a_portal(environment, tmp_path, gdc_catalog_server):
    environment["CATALOG_TOKEN"] = gdc_catalog_server.sysadmin_token
    bad = copy_package("phuket-pao/egp_contract", tmp_path / "packages")
    edit_table(bad, "egp_contract", lambda rows: [{**rows[0], "announce_date": "31/02/2567"}] + rows[1:])
    result = publish(bad, "--to", gdc_catalog_server.url, env=environment)
    assert result.returncode == 1 and "announce_date" in result.stdout
    ckan = gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)
    assert ckan.action.package_list() == [] and ckan.action.organization_list() == []
