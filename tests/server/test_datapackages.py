"""Every dataset version has its own datapackage.json whose files are permanent URLs, and the clients
researchers use (frictionless, its CKAN adapter, the ckanapi command line) read the catalog back whole."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import ckanapi
import frictionless
import httpx
import pytest
from frictionless.portals import CkanControl

from catalog.ckanmodel import package_to_dataset
from catalog.packaging.build import build_package

ROOT = Path(__file__).resolve().parents[2]
EGP_SAMPLE = ROOT / "tests" / "thai" / "data" / "egp_contract_fy2568_sample250.csv"
AGENCY = {"slug": "phuket-pao", "name_th": "องค์การบริหารส่วนจังหวัดภูเก็ต", "maintainer": "กองคลัง",
          "maintainer_email": "opendata@phuket-pao.example.go.th"}
CKANAPI = Path(sys.executable).parent / "ckanapi"


@pytest.fixture
def egp_package(tmp_path) -> Path:
    """The e-GP sample built into a GD Catalog data package; returns its datapackage.json."""
    return build_package([EGP_SAMPLE], "egp_contract", tmp_path / "egp_contract", agency=AGENCY)


def publish(ckan: ckanapi.RemoteCKAN, descriptor_path: Path) -> dict:
    """Publish as a client would: the dataset, one upload per data file, then the datapackage.json itself."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    dataset = package_to_dataset(descriptor)
    resources = dataset.pop("resources")
    created = ckan.action.package_create(**dataset)
    for resource in resources:
        fields = {k: v for k, v in resource.items() if k not in ("url", "size")}  # the upload sets both
        with open(descriptor_path.parent / resource["url"], "rb") as data:
            ckan.action.resource_create(package_id=created["id"], upload=data, **fields)
    ckan.action.resource_create(package_id=created["id"], name="datapackage", format="JSON",
                                upload=("datapackage.json", io.BytesIO(descriptor_path.read_bytes())))
    return ckan.action.package_show(id=created["id"])


@pytest.fixture
def published(gdc_catalog_server, egp_package):
    ckan = gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    return publish(ckan, egp_package)


def local_rows(descriptor_path: Path, name: str = "egp_contract") -> list[dict]:
    package = frictionless.Package(str(descriptor_path))
    return [row.to_dict() for row in package.get_resource(name).read_rows()]


def remote_rows(package: frictionless.Package, name: str = "egp_contract") -> list[dict]:
    return [row.to_dict() for row in package.get_resource(name).read_rows()]


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_frictionless_reads_the_published_package_back_with_its_data(gdc_catalog_server, published, egp_package):
    url = gdc_catalog_server.url
    expected = local_rows(egp_package)
    assert len(expected) == 250

    # the catalog's own datapackage.json: data files at their permanent version URLs
    package = frictionless.Package(f"{url}/dataset/{published['name']}/datapackage.json")
    assert [r.name for r in package.resources] == ["egp_contract"]  # the datapackage resource is not listed
    resource = package.get_resource("egp_contract")
    assert resource.path.startswith(f"{url}/dataset/{published['id']}/resource/")
    assert "/version/1/egp_contract.csv" in resource.path
    assert remote_rows(package) == expected
    assert resource.schema.to_descriptor() == json.loads(egp_package.read_text())["resources"][0]["schema"]

    # frictionless' CKAN adapter: package_show, then the uploaded datapackage.json, whose data path is
    # relative to it (data/egp_contract.csv) and resolves inside the dataset
    by_control = frictionless.Package(control=CkanControl(baseurl=url, dataset=published["name"]))
    assert by_control.get_resource("egp_contract").path == "data/egp_contract.csv"
    assert remote_rows(by_control) == expected
    by_url = frictionless.Package(f"{url}/dataset/{published['name']}")
    assert remote_rows(by_url) == expected


def test_each_version_keeps_its_own_bytes_after_an_update(gdc_catalog_server, published, egp_package, tmp_path):
    ckan = gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)
    url = gdc_catalog_server.url
    old_bytes = (egp_package.parent / "data" / "egp_contract.csv").read_bytes()
    new_bytes = b"".join(old_bytes.splitlines(keepends=True)[:201])  # the header and 200 of the 250 rows
    before = ckan.action.dataset_version_list(id=published["name"])[0]

    [resource] = [r for r in published["resources"] if r["name"] == "egp_contract"]
    fields = {k: v for k, v in package_to_dataset(json.loads(egp_package.read_text()))["resources"][0].items()
              if k not in ("url", "size", "hash")}
    ckan.action.resource_update(id=resource["id"], upload=("egp_contract.csv", io.BytesIO(new_bytes)), **fields)
    after = ckan.action.dataset_version_list(id=published["name"])[0]
    assert after["activity_id"] != before["activity_id"]

    for version, data in ((before, old_bytes), (after, new_bytes)):
        descriptor = httpx.get(version["datapackage_url"]).json()
        [described] = descriptor["resources"]
        downloaded = httpx.get(described["path"]).content
        assert downloaded == data
        assert described["hash"] == sha256(data) and described["bytes"] == len(data)
    latest = httpx.get(f"{url}/dataset/{published['name']}/datapackage.json").json()
    assert latest["resources"][0]["path"] == httpx.get(after["datapackage_url"]).json()["resources"][0]["path"]
    assert latest["resources"][0]["hash"] == sha256(new_bytes)

    old = frictionless.Package(before["datapackage_url"])
    new = frictionless.Package(after["datapackage_url"])
    assert len(remote_rows(old)) == 250 and len(remote_rows(new)) == 200
    assert remote_rows(new) == remote_rows(old)[:200]
    # the uploaded datapackage.json names its file relatively: that is the latest file
    by_control = frictionless.Package(control=CkanControl(baseurl=url, dataset=published["name"]))
    assert len(remote_rows(by_control)) == 200


def test_the_version_list_names_every_version_newest_first(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-pao")
    ckan.action.package_create(name="budget", owner_org="phuket-pao", version="1.0.0")
    ckan.action.resource_create(package_id="budget", name="budget", upload=("budget.csv", io.BytesIO(b"a\n1\n")))
    ckan.action.package_patch(id="budget", version="1.1.0")

    versions = ckan.action.dataset_version_list(id="budget")
    assert [v["activity_type"] for v in versions] == ["changed package", "changed package", "new package"]
    assert [v["version"] for v in versions] == ["1.1.0", "1.0.0", "1.0.0"]
    assert [v["timestamp"] for v in versions] == sorted((v["timestamp"] for v in versions), reverse=True)
    first = httpx.get(versions[-1]["datapackage_url"]).json()
    assert first["version"] == "1.0.0" and first["resources"] == []  # created before any file was uploaded
    assert httpx.get(versions[0]["datapackage_url"]).json()["version"] == "1.1.0"
    assert [v["activity_id"] for v in ckan.action.dataset_version_list(id="budget", limit=1, offset=1)] == \
        [versions[1]["activity_id"]]


def test_a_private_dataset_and_its_versions_are_for_its_organization_only(catalog_server):
    admin = catalog_server.ckan(catalog_server.sysadmin_token)
    admin.action.organization_create(name="phuket-pao")
    member_token = catalog_server.make_user("malee")
    admin.action.organization_member_create(id="phuket-pao", username="malee", role="member")
    admin.action.package_create(name="drafts", owner_org="phuket-pao", private=True)
    url = catalog_server.url

    assert httpx.get(f"{url}/dataset/drafts/datapackage.json").status_code == 403
    with pytest.raises(ckanapi.NotAuthorized):
        catalog_server.ckan().action.dataset_version_list(id="drafts")
    [version] = catalog_server.ckan(member_token).action.dataset_version_list(id="drafts")
    assert httpx.get(version["datapackage_url"]).status_code == 403
    member = {"Authorization": member_token}
    assert httpx.get(version["datapackage_url"], headers=member).json()["name"] == "drafts"
    assert httpx.get(f"{url}/dataset/drafts/datapackage.json", headers=member).status_code == 200


def test_unknown_datasets_versions_and_files_are_not_found(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-pao")
    one = ckan.action.package_create(name="one", owner_org="phuket-pao")
    ckan.action.package_create(name="two", owner_org="phuket-pao")
    resource = ckan.action.resource_create(package_id="one", name="a", upload=("a.csv", io.BytesIO(b"a\n1\n")))
    [two_created] = ckan.action.dataset_version_list(id="two")
    url = catalog_server.url

    assert httpx.get(f"{url}/dataset/nope/datapackage.json").status_code == 404
    assert httpx.get(f"{url}/dataset/one/version/no-such-activity/datapackage.json").status_code == 404
    # an activity of another dataset is not a version of this one
    assert httpx.get(f"{url}/dataset/one/version/{two_created['activity_id']}/datapackage.json").status_code == 404
    with pytest.raises(ckanapi.NotFound):
        ckan.action.dataset_version_list(id="nope")
    # a file beside an uploaded datapackage.json resolves only to an upload of that dataset
    base = f"{url}/dataset/{one['id']}/resource/{resource['id']}/download"
    assert httpx.get(f"{base}/data/a.csv").content == b"a\n1\n"
    assert httpx.get(f"{base}/data/b.csv").status_code == 404
    assert httpx.get(f"{url}/dataset/two/resource/{resource['id']}/download/data/a.csv").status_code == 404


def ckanapi_cli(*args: str) -> subprocess.CompletedProcess:
    # ckanapi starts its workers as `ckanapi ...`: the virtualenv's scripts must be on PATH
    env = {**os.environ, "PATH": f"{CKANAPI.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([str(CKANAPI), *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


# what differs between two catalogs holding the same datasets
_CATALOG_OWN = {"metadata_created", "metadata_modified", "creator_user_id"}
_RESOURCE_OWN = {"url", "created", "last_modified", "metadata_modified"}


def comparable(pkg: dict) -> dict:
    out = {k: v for k, v in pkg.items() if k not in _CATALOG_OWN}
    out["organization"] = {k: v for k, v in pkg["organization"].items() if k != "created"}
    out["resources"] = [{k: v for k, v in r.items() if k not in _RESOURCE_OWN} for r in pkg["resources"]]
    return out


def test_ckanapi_dump_and_load_copy_the_catalog(gdc_catalog_server, published, start_catalog, tmp_path):
    source, target = gdc_catalog_server, start_catalog("second", dataset_schema="gdc")
    ckan = source.ckan(source.sysadmin_token)
    ckan.action.package_create(name="plain-links", owner_org="phuket-pao", title="Links only",
                               **{k: published[k] for k in ("data_type", "objective", "update_frequency_unit",
                                                            "update_frequency_interval", "geo_coverage",
                                                            "data_source", "data_format", "data_category",
                                                            "license_id", "maintainer", "maintainer_email",
                                                            "notes", "data_collect", "data_collect_other",
                                                            "data_support")},
                               tags=[{"name": "ลิงก์"}],
                               resources=[{"name": "portal", "url": "https://example.org/portal.csv",
                                           "format": "CSV"}])
    organizations, datasets = tmp_path / "organizations.jsonl", tmp_path / "datasets.jsonl"
    ckanapi_cli("dump", "organizations", "--all", "-O", str(organizations), "-r", source.url)
    ckanapi_cli("dump", "datasets", "--all", "-O", str(datasets), "-r", source.url)
    assert len(datasets.read_text(encoding="utf-8").splitlines()) == 2

    # a dataset names its organization by id: load the organizations first, they keep their ids
    ckanapi_cli("load", "organizations", "-I", str(organizations), "-r", target.url, "-a", target.sysadmin_token)
    ckanapi_cli("load", "datasets", "-I", str(datasets), "-r", target.url, "-a", target.sysadmin_token)
    names = ("phuket-pao-egp-contract", "plain-links")
    originals = {name: source.ckan().action.package_show(id=name) for name in names}
    for name in names:
        assert comparable(target.ckan().action.package_show(id=name)) == comparable(originals[name])

    # loading again updates the same datasets; --upload-resources brings the files across too
    ckanapi_cli("load", "datasets", "--upload-resources", "-I", str(datasets), "-r", target.url,
                "-a", target.sysadmin_token)
    for name in names:
        original = originals[name]
        copied = target.ckan().action.package_show(id=name)
        assert comparable(copied) == comparable(original)
        for before, after in zip(original["resources"], copied["resources"]):
            if before["url_type"] == "upload":
                assert after["url"].startswith(f"{target.url}/dataset/{original['id']}/resource/")
                assert httpx.get(after["url"]).content == httpx.get(before["url"]).content
            else:
                assert after["url"] == before["url"]
    # the copy serves the same data package, files at its own permanent URLs
    descriptors = [httpx.get(f"{server.url}/dataset/phuket-pao-egp-contract/datapackage.json").json()
                   for server in (source, target)]
    for descriptor in descriptors:
        for resource in descriptor["resources"]:
            resource["path"] = resource["path"].split("/resource/", 1)[1]
    assert descriptors[0] == descriptors[1]
