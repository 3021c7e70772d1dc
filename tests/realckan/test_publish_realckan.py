"""`catalog publish` and `catalog history` against a real CKAN 2.12, both flavours.

Every package of datapackages/ is published with the real command (`--to <url>`, the token in
$CATALOG_TOKEN) to stock CKAN and to the GD Catalog-like portal (ckanext-scheming with the GD Catalog
schema), under names of its own (a random suffix) in organizations of its own, so the portal may already
hold data. Then: publishing again writes nothing; a corrected row is a new version whose bytes, and the
earlier version's, download intact from the immutable copies `catalog history` reports, although CKAN
overwrote the upload itself. Checked through ckanapi: datasets, resources (no duplicates), `sha256:`
hashes, table schemas as JSON text, activities, Thai tags the portals refuse, GD Catalog fields.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from catalog.ckanmodel.jsontext import from_text
from tests.publishing.conftest import edit_table, read_descriptor, write_descriptor

pytestmark = pytest.mark.realckan

ROOT = Path(__file__).resolve().parents[2]
DATAPACKAGES = ROOT / "datapackages"
COMMITTED = sorted(p.parent for p in DATAPACKAGES.glob("*/*/datapackage.json"))
THAI_TAG_WITH_MARKS = "จัดซื้อจัดจ้าง"


@dataclass
class Published:
    """The committed packages copied under names of their own, and the portal they were published to."""

    portal: object  # tests.realckan.conftest.RealCKAN
    folder: Path
    suffix: str
    first: subprocess.CompletedProcess

    @property
    def packages(self) -> list[Path]:
        return sorted(p.parent for p in self.folder.glob("*/*/datapackage.json"))

    def package(self, relative: str) -> Path:
        return self.folder / relative

    def publish(self, *paths) -> subprocess.CompletedProcess:
        return catalog(self.portal, "publish", *(paths or sorted(self.folder.glob("*/*"))), "--to", self.portal.url)

    def history(self, name: str) -> dict:
        shown = catalog(self.portal, "history", name, "--to", self.portal.url, "--json")
        assert shown.returncode == 0, shown.stderr
        return json.loads(shown.stdout)


def catalog(portal, *args) -> subprocess.CompletedProcess:
    """The real `catalog` command in its own process, the portal's token in $CATALOG_TOKEN."""
    env = {"CATALOG_TOKEN": portal.token, "PATH": "", "XDG_CONFIG_HOME": "/nonexistent"}
    return subprocess.run([sys.executable, "-m", "catalog.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)


def copy_under_own_names(to: Path, suffix: str) -> None:
    """datapackages/ as `catalog build-all` lays it out, every dataset and organization name suffixed."""
    for agency_file in sorted(DATAPACKAGES.glob("*/agency.json")):
        agency = json.loads(agency_file.read_text(encoding="utf-8"))
        slug = f"{agency['slug']}-{suffix}"
        folder = to / agency_file.parent.name
        folder.mkdir(parents=True)
        (folder / "agency.json").write_text(json.dumps({**agency, "slug": slug}, ensure_ascii=False), encoding="utf-8")
        for source in (p for p in COMMITTED if p.parent == agency_file.parent):
            package = Path(shutil.copytree(source, folder / source.name))
            descriptor = read_descriptor(package)
            descriptor["name"], descriptor["owner_org"] = f"{descriptor['name']}-{suffix}", slug
            write_descriptor(package, descriptor)


@pytest.fixture(scope="module", params=["stock", "gdc"])
def published(request, tmp_path_factory) -> Published:
    portal = request.getfixturevalue("realckan" if request.param == "stock" else "realckan_gdc")
    suffix = uuid.uuid4().hex[:6]
    folder = tmp_path_factory.mktemp(f"publish-{request.param}")
    copy_under_own_names(folder, suffix)
    admin = portal.client()
    for agency in sorted(DATAPACKAGES.glob("*/agency.json")):  # on a portal, its administrator makes them
        name = json.loads(agency.read_text(encoding="utf-8"))["slug"]
        admin.action.organization_create(name=f"{name}-{suffix}", title=f"{name} ({suffix})")
    state = Published(portal, folder, suffix, None)
    state.first = state.publish()
    assert state.first.returncode == 0, state.first.stdout[-3000:] + state.first.stderr
    return state


def by_name(dataset: dict) -> dict:
    return {r["name"]: r for r in dataset["resources"]}


def unordered(value):
    return sorted(value) if isinstance(value, list) else value


def download(url: str, token: str) -> bytes:
    response = requests.get(url, headers={"Authorization": token}, timeout=60)
    assert response.status_code == 200, url
    return response.content


def test_every_package_is_a_dataset_with_its_files_hashes_and_schemas(published):
    assert f"{len(COMMITTED)} package(s): {len(COMMITTED)} created, 0 updated, 0 unchanged" in published.first.stdout
    ckan, token = published.portal.client(), published.portal.token
    assert len(published.packages) == len(COMMITTED) == 26
    for package in published.packages:
        descriptor = read_descriptor(package)
        dataset = ckan.action.package_show(id=descriptor["name"])
        names = [r["name"] for r in dataset["resources"]]
        assert names == [r["name"] for r in descriptor["resources"]] + ["datapackage"]  # no duplicates
        assert dataset["organization"]["name"] == descriptor["owner_org"]
        for local in descriptor["resources"]:
            remote = by_name(dataset)[local["name"]]
            assert remote["url_type"] == "upload" and remote["hash"] == local["hash"].lower()
            assert remote["hash"].startswith("sha256:") and int(remote["size"]) == local["bytes"]
            if "schema" in local:
                assert isinstance(remote["schema"], str) and json.loads(remote["schema"]) == local["schema"]
        # one file downloaded per dataset, byte for byte
        first = descriptor["resources"][0]
        assert download(by_name(dataset)[first["name"]]["url"], token) == (package / first["path"]).read_bytes()
        assert [a["activity_type"] for a in ckan.action.package_activity_list(id=dataset["id"])][-1] == "new package"
        # the history dataset: one immutable copy per file, and this version's datapackage.json
        history = ckan.action.package_show(id=f"{descriptor['name']}-history")
        assert {e["key"]: e["value"] for e in history["extras"]}["history_of"] == descriptor["name"]
        copies = [r for r in history["resources"] if r["name"].endswith("@1.0.0")]
        assert [r["name"] for r in copies] == [f"{r['name']}@1.0.0" for r in descriptor["resources"]] + [
            "datapackage@1.0.0"]
        entries = json.loads({e["key"]: e["value"] for e in dataset["extras"]}["changelog"])
        entry = entries[0]  # another test may publish a later version
        assert entry["version"] == "1.0.0" and entry["history_dataset"] == history["name"]
        assert dataset["version"] == entries[-1]["version"]
        assert {f["resource"]: f["url"] for f in entry["files"]} == {
            r["name"].split("@")[0]: r["url"] for r in copies[:-1]}
        assert entry["datapackage"] == copies[-1]["url"]


def test_thai_tags_the_portal_refuses_are_kept_and_said(published):
    # both portals keep stock CKAN's tag validator (the GD Catalog's own plugin code is not installed)
    assert f"tags this catalog refuses, kept in the extra `keywords` instead: {THAI_TAG_WITH_MARKS}" \
        in published.first.stdout
    descriptor = read_descriptor(published.package("phuket-pao/egp_contract"))
    dataset = published.portal.client().action.package_show(id=descriptor["name"])
    tags = {t["name"] for t in dataset["tags"]}
    assert THAI_TAG_WITH_MARKS not in tags and {"e-GP", "procurement"} <= tags
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    assert json.loads(extras["keywords"]) == descriptor["keywords"]  # every keyword, in the package's order


def test_publishing_again_writes_nothing(published):
    ckan = published.portal.client()
    names = [read_descriptor(p)["name"] for p in published.packages]
    names += [f"{name}-history" for name in names]

    def trail() -> dict:
        return {name: (ckan.action.package_show(id=name)["metadata_modified"],
                       len(ckan.action.package_activity_list(id=name, limit=100))) for name in names}

    before = trail()
    again = published.publish()
    assert again.returncode == 0, again.stderr
    assert "26 package(s): 0 created, 0 updated, 26 unchanged" in again.stdout
    assert "upload" not in again.stdout and "history dataset" not in again.stdout
    assert trail() == before  # no activity, no new file, on the datasets and their histories


def test_a_corrected_row_is_a_new_version_and_every_version_downloads_intact(published):
    ckan, token = published.portal.client(), published.portal.token
    package = published.package("phuket-pao/egp_contract")
    name = read_descriptor(package)["name"]
    first_bytes = (package / "data" / "egp_contract.csv").read_bytes()
    first_url = by_name(ckan.action.package_show(id=name))["egp_contract"]["url"]

    def correct_one_contract(rows):
        rows[1]["project_status"] = "ยกเลิกโครงการ"
        return rows

    edit_table(package, "egp_contract", correct_one_contract)
    second_bytes = (package / "data" / "egp_contract.csv").read_bytes()
    published_again = published.publish(package)
    assert published_again.returncode == 0, published_again.stderr
    out = published_again.stdout
    assert "update dataset, version 1.0.0 → 1.0.1" in out and "rows by record_id: 1 changed" in out
    assert f"history dataset {name}-history: keep immutable copies egp_contract@1.0.1, datapackage@1.0.1" in out

    dataset = ckan.action.package_show(id=name)
    assert dataset["version"] == "1.0.1" and [r["name"] for r in dataset["resources"]] == ["egp_contract",
                                                                                           "datapackage"]
    egp = by_name(dataset)["egp_contract"]
    assert egp["hash"] == "sha256:" + hashlib.sha256(second_bytes).hexdigest()
    # CKAN overwrote the upload: the old address now serves the new bytes
    assert download(first_url, token) == second_bytes

    history = published.history(name)
    assert history["versions_kept_in"] == "history dataset" and history["history_dataset"] == f"{name}-history"
    newest, oldest = history["versions"]
    assert (newest["version"], newest["level"], oldest["version"], oldest["level"]) == ("1.0.1", "patch", "1.0.0",
                                                                                          "first")
    assert newest["changes"]["rows"]["egp_contract"]["changed"] == 1
    for version, expected in ((newest, second_bytes), (oldest, first_bytes)):
        [file] = version["files"]
        assert file["hash"] == "sha256:" + hashlib.sha256(expected).hexdigest()
        assert download(file["url"], token) == expected  # an immutable copy: never overwritten
        descriptor = json.loads(download(version["datapackage"], token))
        assert descriptor["version"] == version["version"] and descriptor["resources"][0]["path"] == file["url"]
    copies = ckan.action.package_show(id=f"{name}-history")["resources"]
    assert [r["name"] for r in copies] == ["egp_contract@1.0.0", "datapackage@1.0.0", "egp_contract@1.0.1",
                                           "datapackage@1.0.1"]
    text = catalog(published.portal, "history", name, "--to", published.portal.url, "--lang", "th")
    assert "2 รุ่น ใหม่สุดก่อน" in text.stdout and "แถวตาม ลำดับ: แก้ไข 1" in text.stdout  # fields by their Thai titles
    assert "patch" not in text.stdout and "รุ่นแก้ไข" in text.stdout


def test_gd_catalog_fields_arrive_and_an_invented_choice_never_leaves(published):
    ckan = published.portal.client()
    package = published.package("phuket-pao/executives")
    descriptor = read_descriptor(package)
    dataset = ckan.action.package_show(id=descriptor["name"])
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    for field in ("data_category", "data_type", "geo_coverage", "objective", "data_format", "license_id"):
        if published.portal.flavour == "gdc":  # the schema's own fields, top-level, choices in its order
            assert unordered(dataset[field]) == unordered(descriptor[field]), field
        elif field != "license_id":  # stock CKAN has no such fields: extras, JSON text when structured
            assert from_text(extras[field]) == descriptor[field], field

    # a GD Catalog-like portal would store an invented single-choice value as sent: refused before writing
    original = (package / "datapackage.json").read_bytes()
    write_descriptor(package, {**descriptor, "geo_coverage": "ดาวอังคาร"})
    try:
        refused = published.publish(package)
    finally:
        (package / "datapackage.json").write_bytes(original)
    assert refused.returncode == 1 and "nothing was published" in refused.stderr
    assert "GD Catalog field geo_coverage: 'ดาวอังคาร' is not one of the GD Catalog choices" in refused.stdout
    assert ckan.action.package_show(id=descriptor["name"])["metadata_modified"] == dataset["metadata_modified"]


def test_compliance_reads_what_publish_wrote_to_the_portal(published):
    """The province asks a real CKAN which of its agencies is complete and current: the periods each version
    holds travel in the changelog extra, and the agencies' earlier filings in the disclosure extra."""
    city, pao = f"phuket-city-{published.suffix}", f"phuket-pao-{published.suffix}"
    found = catalog(published.portal, "compliance", "--to", published.portal.url, "--agency", city,
                    "--as-of", "2568-11-30", "--fiscal-year", "2568", "--json")
    assert found.returncode == 3, found.stderr
    standing = json.loads(found.stdout)["agencies"][0]
    assert standing["name"] == city and standing["subjects_current"] == 12
    assert standing["overdue"] == ["service_statistics"] and not standing["missing"]
    monthly = next(s for s in standing["subjects"] if s["category"] == "procurement_monthly")
    march = next(p for p in monthly["periods"] if p["label"] == "2025-03")
    assert march["late_days"] == 12 and march["declared"] and march["catalog_version"]
    # CKAN overwrites uploads: the version link is the immutable copy in the history companion
    assert march["catalog_url"].startswith(published.portal.url) and march["catalog_url"].endswith("datapackage.json")
    found = catalog(published.portal, "compliance", "--to", published.portal.url, "--agency", pao,
                    "--as-of", "2568-11-30", "--fiscal-year", "2568")
    assert found.returncode == 0, found.stdout + found.stderr
    assert f"{pao}: 13/13 subjects current" in found.stdout
