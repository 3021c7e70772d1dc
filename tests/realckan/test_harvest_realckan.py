"""`catalog harvest` of a real CKAN 2.12 holding the province's packages, published there by `catalog publish`
with their companion `<name>-history` datasets: every dataset, resource, hash and version arrives in the
embedded catalog (with --mirror, every version's bytes too), a second run changes nothing, and a dataset
deleted there is deleted here on the next run."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest

from catalog.harvest import add_source, run_source
from catalog.harvest.local import LocalCatalog
from catalog.server.store import Store
from tests.publishing.conftest import edit_table
from tests.realckan.test_publish_realckan import catalog, copy_under_own_names

pytestmark = pytest.mark.realckan
PACKAGES = ("phuket-pao/egp_contract", "phuket-pao/procurement_monthly", "phuket-pao/executives")


@pytest.fixture(scope="module")
def portal_with_versions(realckan, tmp_path_factory):
    """Three packages on the real CKAN under names of their own, the e-GP table at a second version."""
    suffix = uuid.uuid4().hex[:6]
    folder = tmp_path_factory.mktemp("harvest-realckan")
    copy_under_own_names(folder, suffix)
    organization = f"phuket-pao-{suffix}"
    realckan.client().action.organization_create(name=organization, title=f"phuket-pao ({suffix})")
    packages = [folder / relative for relative in PACKAGES]
    first = catalog(realckan, "publish", *packages, "--to", realckan.url)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr
    edit_table(packages[0], "egp_contract", lambda rows: rows[:-1])
    second = catalog(realckan, "publish", packages[0], "--to", realckan.url)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr
    return realckan, organization


def local_of(home) -> LocalCatalog:
    return LocalCatalog(Store(home))


def test_a_real_ckan_is_harvested_with_every_dataset_hash_and_version_and_deletions_follow(portal_with_versions,
                                                                                           tmp_path):
    portal, organization = portal_with_versions
    remote = portal.client()
    names = remote.action.package_search(fq=f"organization:{organization}", rows=100)["results"]
    remote_sets = {pkg["name"]: pkg for pkg in names}
    assert len(remote_sets) == 6  # three datasets and their companions

    home = tmp_path / "province"
    add_source(home, "pao", portal.url, "ckan", filters=[f"organization:{organization}"], mirror=True)
    report = run_source(home, "pao")
    assert report.status == "finished" and not report.failed, report.summary()
    assert sorted(report.created) == sorted(remote_sets)

    local = local_of(home)
    for name, theirs in remote_sets.items():
        ours = local.call("package_show", {"id": name})
        assert ours["id"] == theirs["id"]
        assert [(r["id"], r["name"]) for r in ours["resources"]] == [(r["id"], r["name"]) for r in theirs["resources"]]
        for mine, their in zip(ours["resources"], theirs["resources"]):
            assert mine["url_type"] == "upload" and mine["hash"] == their["hash"]  # mirrored, the same bytes
    # every version the changelog names is downloadable here, with its own bytes
    egp = next(name for name in remote_sets if "egp-contract" in name and not name.endswith("-history"))
    entries = json.loads({e["key"]: e["value"] for e in local.call("package_show", {"id": egp})["extras"]}["changelog"])
    assert [e["version"] for e in entries] == ["1.0.0", "1.0.1"]
    held = set()
    for name in remote_sets:
        for resource in local.call("package_show", {"id": name})["resources"]:
            for version in local.call("resource_version_list", {"id": resource["id"]}):
                held.add(version["hash"])
                blob = Store(home).blob_path(version["hash"].split(":", 1)[1])
                assert "sha256:" + hashlib.sha256(blob.read_bytes()).hexdigest() == version["hash"]
    for entry in entries:
        for file in entry["files"]:
            assert file["hash"] in held, (entry["version"], file["resource"])

    again = run_source(home, "pao")
    assert (again.created, again.updated, again.deleted, again.failed) == ([], [], [], []) and again.unchanged == 6

    gone = next(name for name in remote_sets if "executives" in name and not name.endswith("-history"))
    remote.action.package_delete(id=gone)
    after = run_source(home, "pao")
    assert after.deleted == [gone] and local.find("package_show", {"id": gone})["state"] == "deleted"
