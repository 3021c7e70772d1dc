"""Harvesting as a province does it: one `catalog serve` per agency as the source, the provincial catalog's
home as the harvester, real HTTP between them. First run full, then incremental; changes, deletions and
datasets made private at the source all arrive; names and ids are the source's; nothing is lost."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest
from sqlalchemy import select

from catalog.ckanmodel.jsontext import from_text
from catalog.harvest import add_source, run_source
from catalog.harvest.remote import Remote
from catalog.harvest.run import HarvestError, status_of
from catalog.publishing import apply_plan, plan_publish
from catalog.server.store import Store, tables
from tests.publishing.conftest import copy_package, edit_table, small_package, target_of
from tests.server.conftest import start_server


@pytest.fixture
def agency(tmp_path):
    """An agency's own catalog (GD Catalog schema) holding three of its packages."""
    server = start_server(tmp_path / "agency", dataset_schema="gdc")
    target = target_of(server)
    for relative in ("phuket-pao/egp_contract", "phuket-pao/procurement_monthly", "phuket-pao/executives"):
        apply_plan(target, plan_publish(target, copy_package(relative, tmp_path / "packages")))
    yield server
    server.stop()


@pytest.fixture
def province(tmp_path):
    """The provincial catalog's home (GD Catalog schema, as `scripts/run` makes it)."""
    home = tmp_path / "province"
    Store(home).set_setting("dataset_schema", "gdc")
    return home


def datasets_of(home) -> dict[str, dict]:
    from catalog.harvest.local import LocalCatalog

    local = LocalCatalog(Store(home))
    names = local.call("package_list", {})
    return {name: local.call("package_show", {"id": name}) for name in names}


def extra(pkg: dict, key: str):
    return next((e["value"] for e in pkg.get("extras") or [] if e["key"] == key), None)


def test_a_first_run_brings_every_dataset_with_its_names_ids_files_and_provenance(agency, province):
    add_source(province, "pao", agency.url, "ckan")
    report = run_source(province, "pao")
    assert report.status == "finished" and report.full and not report.failed
    remote = {name: agency.ckan().action.package_show(id=name) for name in agency.ckan().action.package_list()}
    here = datasets_of(province)
    assert sorted(report.created) == sorted(remote) == sorted(here)
    for name, theirs in remote.items():
        ours = here[name]
        assert ours["id"] == theirs["id"] and ours["title"] == theirs["title"]
        assert [r["id"] for r in ours["resources"]] == [r["id"] for r in theirs["resources"]]
        assert [r["hash"] for r in ours["resources"]] == [r["hash"] for r in theirs["resources"]]
        assert {t["name"] for t in ours["tags"]} == {t["name"] for t in theirs["tags"]}  # Thai tags kept
        assert ours["organization"]["name"] == "phuket-pao"
        assert extra(ours, "harvest_source") == "pao" and extra(ours, "harvest_remote_id") == theirs["id"]
        assert extra(ours, "harvest_remote_modified") == theirs["metadata_modified"]
        assert extra(ours, "harvest_remote_url") == f"{agency.url}/dataset/{name}"
        assert extra(ours, "changelog") == extra(theirs, "changelog")  # the version trail travels
    again = run_source(province, "pao")
    assert not again.full and (again.created, again.updated, again.deleted) == ([], [], []) and again.unchanged == 3


def test_changes_deletions_and_datasets_made_private_at_the_source_arrive_on_the_next_run(agency, province):
    add_source(province, "pao", agency.url, "ckan")
    run_source(province, "pao")
    ckan = agency.ckan(agency.sysadmin_token)
    names = sorted(ckan.action.package_list())
    changed, deleted, hidden = names
    ckan.action.package_patch(id=changed, notes="ปรับปรุงคำอธิบาย")
    ckan.action.package_delete(id=deleted)
    ckan.action.package_patch(id=hidden, private=True)

    report = run_source(province, "pao")
    assert report.updated == [changed] and sorted(report.deleted) == sorted([deleted, hidden])
    here = datasets_of(province)
    assert list(here) == [changed] and here[changed]["notes"] == "ปรับปรุงคำอธิบาย"
    objects = {o["remote_id"]: o["state"] for o in _objects(province, "pao")}
    assert sorted(objects.values()) == ["current", "deleted", "deleted"]

    ckan.action.package_patch(id=hidden, private=False)  # shown again: harvested again
    back = run_source(province, "pao")
    assert back.updated == [hidden] and sorted(datasets_of(province)) == sorted([changed, hidden])


def test_a_grace_period_keeps_a_missing_dataset_until_it_ends(agency, province):
    add_source(province, "pao", agency.url, "ckan", grace_hours=24)
    run_source(province, "pao")
    gone = sorted(agency.ckan().action.package_list())[0]
    agency.ckan(agency.sysadmin_token).action.package_delete(id=gone)
    report = run_source(province, "pao")
    assert report.deleted == [] and report.missing == [gone] and gone in datasets_of(province)
    assert "missing at the source" in report.summary()


def test_names_taken_by_another_source_get_its_prefix_and_ids_stay_across_runs(tmp_path):
    province = tmp_path / "province"
    first = start_server(tmp_path / "a")
    second = start_server(tmp_path / "b")
    try:
        for folder, server in (("a", first), ("b", second)):
            target = target_of(server)
            apply_plan(target, plan_publish(target, small_package(tmp_path / f"{folder}-packages" / "air",
                                                                 [("1", "Patong", "12.5")], name="air-quality")))
        add_source(province, "first", first.url, "ckan")
        add_source(province, "second", second.url, "ckan", prefix="kathu")
        run_source(province, "first")
        report = run_source(province, "second")
        assert report.created == ["air-quality"]  # the source's name, reported as the source calls it
        here = datasets_of(province)
        assert sorted(here) == ["air-quality", "kathu-air-quality"]
        assert extra(here["kathu-air-quality"], "harvest_source") == "second"
        ids = {name: (pkg["id"], [r["id"] for r in pkg["resources"]]) for name, pkg in here.items()}
        second.ckan(second.sysadmin_token).action.package_patch(id="air-quality", notes="changed")
        run_source(province, "second")
        assert {name: (pkg["id"], [r["id"] for r in pkg["resources"]]) for name, pkg in datasets_of(province).items()} \
            == ids
    finally:
        first.stop()
        second.stop()


def test_a_catalog_of_ckan_s_default_schema_takes_gd_catalog_datasets_with_every_keyword_and_field(agency, tmp_path):
    """Stock CKAN's schema refuses Thai tags with vowel or tone marks and has no GD Catalog fields: harvested
    into such a catalog, the refused keywords travel in the extra `keywords` and the fields as extras, as
    `catalog publish` sends them to a stock CKAN."""
    home = tmp_path / "ckan-schema-province"
    add_source(home, "pao", agency.url, "ckan")
    report = run_source(home, "pao")
    assert sorted(report.created) == sorted(agency.ckan().action.package_list()) and not report.failed
    for name, ours in datasets_of(home).items():
        theirs = agency.ckan().action.package_show(id=name)
        keywords = [t["name"] for t in theirs["tags"]]
        assert json.loads(extra(ours, "keywords")) == keywords
        assert {t["name"] for t in ours["tags"]} < set(keywords)  # the tags stock CKAN takes
        assert from_text(extra(ours, "objective")) == theirs["objective"] and "objective" not in ours


def test_a_gd_catalog_takes_back_what_a_stock_ckan_keeps_as_extras(tmp_path, province):
    """An agency on a stock CKAN (its keywords and GD Catalog fields in extras, as `catalog publish` sends
    them) harvested into the province's GD Catalog-schema catalog: fields and Thai tags top-level again."""
    source = start_server(tmp_path / "stock-agency")
    try:
        target = target_of(source)
        apply_plan(target, plan_publish(target, copy_package("phuket-pao/executives", tmp_path / "packages")))
        theirs = source.ckan().action.package_show(id="phuket-pao-executives")
        assert extra(theirs, "keywords") and extra(theirs, "objective")
        add_source(province, "pao", source.url, "ckan")
        report = run_source(province, "pao")
        assert report.created == ["phuket-pao-executives"] and not report.failed, report.summary()
        ours = datasets_of(province)["phuket-pao-executives"]
        assert sorted(t["name"] for t in ours["tags"]) == sorted(json.loads(extra(theirs, "keywords")))
        assert sorted(ours["objective"]) == sorted(from_text(extra(theirs, "objective")))
        assert extra(ours, "keywords") is None and extra(ours, "objective") is None
    finally:
        source.stop()


def test_mirror_copies_every_file_version_checked_against_its_hash(tmp_path, province):
    source = start_server(tmp_path / "agency", dataset_schema="gdc")
    try:
        target = target_of(source)
        package = copy_package("phuket-pao/egp_contract", tmp_path / "packages")
        apply_plan(target, plan_publish(target, package))
        first = (package / "data" / "egp_contract.csv").read_bytes()
        edit_table(package, "egp_contract", lambda rows: rows[:-1])
        apply_plan(target, plan_publish(target, package))
        second = (package / "data" / "egp_contract.csv").read_bytes()

        add_source(province, "pao", source.url, "ckan", mirror=True)
        report = run_source(province, "pao")
        assert report.created == ["phuket-pao-egp-contract"] and not report.failed
        source.stop()  # the agency's site goes away: every version is still here
        from catalog.harvest.local import LocalCatalog

        local = LocalCatalog(Store(province))
        pkg = local.call("package_show", {"id": "phuket-pao-egp-contract"})
        table = next(r for r in pkg["resources"] if r["name"] == "egp_contract")
        versions = local.call("resource_version_list", {"id": table["id"]})
        assert [v["hash"] for v in sorted(versions, key=lambda v: v["version"])] == [
            "sha256:" + hashlib.sha256(first).hexdigest(), "sha256:" + hashlib.sha256(second).hexdigest()]
        assert table["url_type"] == "upload" and table["hash"] == "sha256:" + hashlib.sha256(second).hexdigest()
        assert {v["size"] for v in versions} == {len(first), len(second)}
        # both versions' rows were loaded at harvest: queryable here without the agency's site
        rows = [local.call("datastore_search", {"resource_id": table["id"], "version": n, "limit": 0})["total"]
                for n in (1, 2)]
        assert rows == [first.count(b"\n") - 1, second.count(b"\n") - 1]
        with Store(province).read() as conn:  # and their words joined the dataset's search text
            loaded = conn.execute(select(tables.blob_row_text.c.sha256)).scalars().all()
        assert hashlib.sha256(second).hexdigest() in loaded
    finally:
        source.stop()


def test_a_file_whose_bytes_miss_their_hash_is_refused_and_the_version_kept_here_stays(tmp_path, province, bad_source):
    good = b"id,name\n1,a\n"
    bad_source.behaviour.files["/f.csv"] = good
    resource = {"id": "00000000-0000-4000-8000-0000000000f1", "name": "f", "url": f"{bad_source.url}/f.csv",
                "format": "CSV", "hash": "sha256:" + hashlib.sha256(good).hexdigest()}
    from tests.harvest.badsource import dataset

    bad_source.behaviour.datasets = [dataset(1, resources=[resource])]
    add_source(province, "bad", bad_source.url, "ckan", mirror=True)
    Store(province).set_setting("dataset_schema", "ckan")
    assert run_source(province, "bad").created == ["remote-1"]

    promised = b"id,name\n1,b\n"
    changed = {**resource, "hash": "sha256:" + hashlib.sha256(promised).hexdigest()}
    bad_source.behaviour.files["/f.csv"] = b"id,name\n1,tampered\n"  # not the bytes its new hash promises
    bad_source.behaviour.datasets = [dataset(1, resources=[changed], metadata_modified="2025-02-01T00:00:00")]
    report = run_source(province, "bad")
    [(name, reason)] = report.failed
    assert name == "remote-1" and "do not match their hash" in reason
    from catalog.harvest.local import LocalCatalog

    local = LocalCatalog(Store(province))
    [kept] = local.call("resource_version_list", {"id": resource["id"]})
    assert kept["hash"] == resource["hash"]  # the version kept here is the one that matched
    [table] = local.call("package_show", {"id": "remote-1"})["resources"]
    assert table["hash"] == resource["hash"] and table["url_type"] == "upload"  # nothing half-written


def test_a_dcat_source_is_harvested_page_by_page_and_its_deletions_arrive(tmp_path):
    source = start_server(tmp_path / "agency")
    home = tmp_path / "province"
    try:
        target = target_of(source)
        for number in range(3):
            apply_plan(target, plan_publish(target, small_package(tmp_path / f"p{number}", [("1", "x", "1")],
                                                                 name=f"air-{number}")))
        add_source(home, "agency-dcat", f"{source.url}/catalog.ttl", "dcat")
        report = run_source(home, "agency-dcat")
        assert sorted(report.created) == ["air-0", "air-1", "air-2"] and not report.failed
        here = datasets_of(home)
        assert extra(here["air-1"], "harvest_remote_id").startswith(f"{source.url}/dataset/")  # the dataset URI
        assert here["air-1"]["organization"]["name"] == "demo"
        [table] = [r for r in here["air-1"]["resources"] if r["url"].endswith("stations.csv")]
        assert "/version/1/" in table["url"] and table["hash"].startswith("sha256:")  # the permanent link
        assert httpx.get(table["url"]).status_code == 200

        source.ckan(source.sysadmin_token).action.package_delete(id="air-2")
        report = run_source(home, "agency-dcat")
        assert report.deleted == ["air-2"] and sorted(datasets_of(home)) == ["air-0", "air-1"]
    finally:
        source.stop()


def _objects(home, source):
    from catalog.harvest.local import LocalCatalog

    return LocalCatalog(Store(home)).call("harvest_object_list", {"source_id": source})


# --- bad sources: a clear error, nothing changed ------------------------------------------------------------

@pytest.fixture
def bad_source():
    from tests.harvest.badsource import BadSource

    server = BadSource()
    yield server
    server.stop()


@pytest.fixture
def harvested_once(tmp_path, bad_source):
    """A home that harvested two datasets from the bad source while it still behaved."""
    from tests.harvest.badsource import dataset

    home = tmp_path / "province"
    bad_source.behaviour.datasets = [dataset(1), dataset(2)]
    add_source(home, "bad", bad_source.url, "ckan")
    assert sorted(run_source(home, "bad").created) == ["remote-1", "remote-2"]
    return home


def _state(home):
    return {name: (pkg["state"], pkg["metadata_modified"]) for name, pkg in datasets_of(home).items()}


@pytest.mark.parametrize("misbehave, message", [
    (lambda b: setattr(b, "html", True), "answered HTML, not CKAN's JSON"),
    (lambda b: setattr(b, "repeat_pages", True), "paging doesn't seem to work"),
    (lambda b: setattr(b, "delay", 1.5), "did not answer within 0.5 s"),
])
def test_a_source_that_misbehaves_fails_the_run_and_changes_nothing(harvested_once, bad_source, misbehave, message):
    from tests.harvest.badsource import dataset

    before = _state(harvested_once)
    # a page of 150 (so paging is needed), one dataset gone: none of it may be applied
    bad_source.behaviour.datasets = [dataset(n, metadata_modified="2026-01-01T00:00:00") for n in range(1, 151)
                                     if n != 2]
    misbehave(bad_source.behaviour)
    report = run_source(harvested_once, "bad", remote=Remote(timeout=0.5, retries=1, backoff=0.01))
    assert report.status == "failed" and message in report.error, report.error
    assert _state(harvested_once) == before
    assert report.summary().startswith("bad: failed, nothing changed:")


def test_an_unreachable_source_fails_with_its_address(tmp_path):
    home = tmp_path / "province"
    add_source(home, "gone", "http://127.0.0.1:9", "ckan")
    report = run_source(home, "gone", remote=Remote(timeout=2, retries=1, backoff=0.01))
    assert report.status == "failed" and "cannot reach http://127.0.0.1:9" in report.error
    assert "connection refused" in report.error and report.requests == 2


@pytest.mark.parametrize("rdf, message", [
    (b"@prefix dcat: <http://www.w3.org/ns/dcat#> . <x> a dcat:Dataset ; dct:title 'oops' .", "is not readable RDF"),
    (b"this is not turtle at all {{{", "is not readable RDF")])
def test_malformed_rdf_fails_the_run_with_the_parser_s_words(tmp_path, bad_source, rdf, message):
    home = tmp_path / "province"
    bad_source.behaviour.rdf = rdf
    add_source(home, "bad-dcat", f"{bad_source.url}/catalog.ttl", "dcat")
    report = run_source(home, "bad-dcat", remote=Remote(retries=0))
    assert report.status == "failed" and message in report.error and "/catalog.ttl" in report.error


def test_a_dataset_without_a_name_or_with_a_10_mb_title_is_refused_and_the_others_arrive(tmp_path, bad_source):
    from tests.harvest.badsource import dataset

    home = tmp_path / "province"
    bad_source.behaviour.datasets = [dataset(1), dataset(2, name=""), dataset(3, title="ก" * 10_000_000)]
    add_source(home, "bad", bad_source.url, "ckan")
    report = run_source(home, "bad")
    assert report.status == "finished" and report.created == ["remote-1"]
    reasons = dict(report.failed)
    assert reasons["00000000-0000-4000-8000-000000000002"] == "the source gives this dataset no name"
    assert reasons["remote-3"] == "its title is 10,000,000 characters long (at most 1,000)"
    assert sorted(datasets_of(home)) == ["remote-1"]

    bad_source.behaviour.datasets[1]["name"] = "remote-2"  # fixed at the source, its modified time unchanged
    retried = run_source(home, "bad")
    assert retried.full and retried.created == ["remote-2"]  # a run with failures is not one to count from


# --- the run itself ---------------------------------------------------------------------------------------------

def test_two_runs_of_one_source_never_overlap(harvested_once):
    from catalog.harvest.run import _source_lock

    with _source_lock(harvested_once, "bad"):
        with pytest.raises(HarvestError, match="a harvest of bad is already running"):
            run_source(harvested_once, "bad")


def test_jobs_and_objects_are_visible_through_the_api_like_ckanext_harvest(tmp_path, agency):
    served = start_server(tmp_path / "province-served", dataset_schema="gdc")
    try:
        add_source(served.home, "pao", agency.url, "ckan", organization=None)
        run_source(served.home, "pao")
        ckan = served.ckan()
        [source] = ckan.action.harvest_source_list()
        assert (source["name"], source["source_type"], source["url"]) == ("pao", "ckan", agency.url)
        [job] = ckan.action.harvest_job_list(source_id="pao")
        assert job["status"] == "finished" and len(job["report"]["created"]) == 3
        objects = ckan.action.harvest_object_list(source_id="pao")
        assert len(objects) == 3 and {o["state"] for o in objects} == {"current"}
        import ckanapi

        with pytest.raises(ckanapi.NotAuthorized):
            ckan.action.harvest_source_create(name="x", url="http://x", source_type="ckan")
        [status] = status_of(served.home, "pao")
        assert status["datasets"] == 3 and status["last_job"]["id"] == job["id"]
    finally:
        served.stop()


def test_the_command_line_adds_runs_and_reports_and_exits_1_when_a_source_fails(tmp_path, agency, catalog_cli):
    home = tmp_path / "province"
    Store(home).set_setting("dataset_schema", "gdc")
    added = catalog_cli("harvest", "add", "pao", agency.url, "--type", "ckan", "--home", home)
    assert added.returncode == 0 and added.stdout.strip() == f"pao: ckan {agency.url}"
    ran = catalog_cli("harvest", "run", "pao", "--home", home)
    assert ran.returncode == 0 and ran.stdout.startswith("pao (full): 3 created, 0 updated, 0 deleted")
    thai = catalog_cli("harvest", "run", "--all", "--home", home, "--lang", "th")
    assert thai.returncode == 0 and "ไม่เปลี่ยน 3" in thai.stdout
    listed = catalog_cli("harvest", "sources", "--home", home)
    assert listed.stdout == f"pao\tckan\t{agency.url}\n"
    status = json.loads(catalog_cli("harvest", "status", "pao", "--json", "--home", home).stdout)
    assert status[0]["last_job"]["status"] == "finished"

    catalog_cli("harvest", "add", "gone", "http://127.0.0.1:9", "--type", "ckan", "--home", home)
    failed = catalog_cli("harvest", "run", "gone", "--home", home)
    assert failed.returncode == 1 and "gone: failed, nothing changed: cannot reach" in failed.stdout
    assert "Traceback" not in failed.stderr + failed.stdout
    duplicate = catalog_cli("harvest", "add", "pao", agency.url, "--type", "ckan", "--home", home)
    assert duplicate.returncode == 1 and "already in use" in duplicate.stderr and "Traceback" not in duplicate.stderr


def test_a_harvest_killed_mid_run_and_run_again_ends_as_a_clean_run_does(tmp_path, bad_source, catalog_cli):
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from tests.harvest.badsource import dataset

    bad_source.behaviour.datasets = [
        dataset(n, resources=[{"id": f"00000000-0000-4000-9000-{n:012d}", "name": "t", "url": f"http://x/{n}.csv"}])
        for n in range(1, 401)]
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    for home in (killed, clean):
        add_source(home, "src", bad_source.url, "ckan")
    process = subprocess.Popen([sys.executable, "-m", "catalog.cli", "harvest", "run", "src", "--home", str(killed)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with sqlite3.connect(killed / "catalog.db", timeout=5) as db:
                count = db.execute("SELECT count(*) FROM package").fetchone()[0]
        except sqlite3.OperationalError:
            count = 0
        if count >= 40:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL and 40 <= count < 400, "the run was not killed part-way"

    again = catalog_cli("harvest", "run", "src", "--home", killed)
    assert again.returncode == 0, again.stdout + again.stderr
    assert catalog_cli("harvest", "run", "src", "--home", clean).returncode == 0

    def state(home):
        found = {}
        for name, pkg in datasets_of(home).items():
            extras = {e["key"]: e["value"] for e in pkg["extras"] if e["key"] != "harvested_at"}
            found[name] = (pkg["id"], pkg["title"], pkg["state"], [(r["id"], r["url"]) for r in pkg["resources"]],
                           extras, pkg["organization"])
        objects = sorted((o["remote_id"], o["package_id"], o["state"], o["remote_modified"])
                         for o in _objects(home, "src"))
        return found, objects

    assert state(killed) == state(clean)
    assert len(state(killed)[0]) == 400
    assert status_of(killed, "src")[0]["last_job"]["status"] == "finished"
    from catalog.harvest.local import LocalCatalog

    statuses = [j["status"] for j in LocalCatalog(Store(killed)).call("harvest_job_list", {"source_id": "src"})]
    assert statuses == ["finished", "failed"]  # the killed run, closed as interrupted by the next one


def test_a_dcat_source_of_several_pages_is_followed_by_hydra_next_to_its_last_page(tmp_path):
    source = start_server(tmp_path / "agency")
    try:
        ckan = source.ckan(source.sysadmin_token)
        ckan.action.organization_create(name="demo", title="Demo")
        for number in range(130):
            ckan.action.package_create(name=f"ds-{number:03d}", title=f"ชุดข้อมูล {number}", owner_org="demo",
                                       notes="A dataset.", tags=[{"name": "air"}])
        home = tmp_path / "province"
        add_source(home, "pages", f"{source.url}/catalog.jsonld", "dcat")
        report = run_source(home, "pages")
        assert len(report.created) == 130 and report.requests == 2  # two pages of 100 and 30
        assert sorted(datasets_of(home)) == [f"ds-{number:03d}" for number in range(130)]
    finally:
        source.stop()
