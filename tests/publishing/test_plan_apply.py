"""Plan, then apply: the publisher writes only what changed, and says what it will write before it does."""

from __future__ import annotations

import json

import httpx
import pytest

from catalog.ckanmodel.resource import is_descriptor
from catalog.errors import PackageError
from catalog.publishing import PublishError, apply_plan, plan_publish
from tests.publishing.conftest import edit_table, read_descriptor, small_package, target_of, write_descriptor


def history(ckan, dataset: dict) -> dict:
    """What a write leaves behind: activities, file versions per resource, the modification time."""
    return {"activities": len(ckan.action.package_activity_list(id=dataset["id"], limit=100)),
            "files": {r["name"]: len(ckan.action.resource_version_list(id=r["id"])) for r in dataset["resources"]},
            "metadata_modified": dataset["metadata_modified"]}


def by_name(dataset: dict) -> dict:
    return {r["name"]: r for r in dataset["resources"]}


def test_publishing_creates_the_dataset_its_resources_and_the_datapackage_json(gdc_target, egp_package):
    plan = plan_publish(gdc_target, egp_package)
    assert plan.create and plan.create_organization and plan.organization_title == "องค์การบริหารส่วนจังหวัดภูเก็ต"
    assert [(r.name, r.action, r.upload) for r in plan.resources] == [("egp_contract", "new", True),
                                                                      ("datapackage", "new", True)]

    result = apply_plan(gdc_target, plan)

    dataset = gdc_target.ckan.action.package_show(id="phuket-pao-egp-contract")
    assert dataset["version"] == "1.0.0" and dataset["organization"]["name"] == "phuket-pao"
    egp = by_name(dataset)["egp_contract"]
    local = read_descriptor(egp_package)["resources"][0]
    assert egp["url_type"] == "upload" and egp["hash"] == local["hash"] and egp["size"] == local["bytes"]
    assert httpx.get(gdc_target.fetch_url(egp["url"])).content == (egp_package / local["path"]).read_bytes()
    descriptor = by_name(dataset)["datapackage"]
    assert is_descriptor(descriptor) and descriptor["url"].endswith("/datapackage.json")
    assert httpx.get(gdc_target.fetch_url(descriptor["url"])).content == (egp_package / "datapackage.json").read_bytes()
    # permanent links: the immutable file versions of the embedded catalog
    assert [name for name, _ in result.links] == ["egp_contract", "datapackage"]
    assert all("/version/1/" in url for _, url in result.links)


def test_publishing_an_unchanged_package_again_writes_nothing(gdc_target, agency_package):
    apply_plan(gdc_target, plan_publish(gdc_target, agency_package))
    before = gdc_target.ckan.action.package_show(id="phuket-pao-agency")
    trail = history(gdc_target.ckan, before)

    plan = plan_publish(gdc_target, agency_package)
    assert not plan.changed and not plan.fields
    assert {r.action for r in plan.resources} == {"unchanged"} and len(plan.resources) == 7
    result = apply_plan(gdc_target, plan)

    after = gdc_target.ckan.action.package_show(id="phuket-pao-agency")
    assert result.writes == [] and result.uploaded == []
    assert history(gdc_target.ckan, after) == trail  # no activity, no upload, same metadata_modified
    assert after["version"] == "1.0.0"  # no version bump on a no-op
    assert "unchanged (version 1.0.0), nothing to publish" in plan.text()


def test_one_corrected_row_is_one_changed_row_and_one_upload(gdc_target, egp_package):
    apply_plan(gdc_target, plan_publish(gdc_target, egp_package))
    before = gdc_target.ckan.action.package_show(id="phuket-pao-egp-contract")
    old_bytes = (egp_package / "data" / "egp_contract.csv").read_bytes()

    was = {}

    def correct_one_contract(rows):
        was["status"] = rows[1]["project_status"]
        rows[1]["project_status"] = "ยกเลิกโครงการ"
        return rows

    edit_table(egp_package, "egp_contract", correct_one_contract)
    record_id = (egp_package / "data" / "egp_contract.csv").read_text(encoding="utf-8").splitlines()[2].split(",")[0]
    plan = plan_publish(gdc_target, egp_package)
    egp = plan.resources[0]
    assert (egp.action, egp.upload, egp.fields) == ("changed", True, [])
    assert (egp.rows.changed, egp.rows.added, egp.rows.removed, egp.rows.key) == (1, 0, 0, ["record_id"])
    assert egp.rows.changed_keys == [f"record_id={record_id}"]
    # which field changed, from what to what, in English and (with the schema's Thai titles) in Thai
    assert egp.rows.changes == [{"key": {"record_id": record_id},
                                 "fields": {"project_status": [was["status"], "ยกเลิกโครงการ"]}}]
    before_text = was["status"] or "∅"  # an empty cell is shown as such
    assert (f"rows by record_id: 1 changed, 0 added, 0 removed: (record_id={record_id}) project_status: "
            f"{before_text} → ยกเลิกโครงการ") in plan.text()
    titles = {f["name"]: f["title"] for f in json.loads((egp_package / "datapackage.json").read_text(
        encoding="utf-8"))["resources"][0]["schema"]["fields"]}
    assert (f"แถวตาม {titles['record_id']}: แก้ไข 1 เพิ่ม 0 ลบ 0: ({titles['record_id']}={record_id}) "
            f"{titles['project_status']}: {before_text} → ยกเลิกโครงการ") in plan.text("th")
    assert (plan.version_from, plan.version_to) == ("1.0.0", "1.0.1")  # a correction is a patch

    result = apply_plan(gdc_target, plan)

    assert result.uploaded == ["egp_contract", "datapackage"]  # the changed table and the descriptor only
    after = gdc_target.ckan.action.package_show(id="phuket-pao-egp-contract")
    assert after["version"] == "1.0.1"
    assert by_name(after)["egp_contract"]["id"] == by_name(before)["egp_contract"]["id"]
    versions = gdc_target.ckan.action.resource_version_list(id=by_name(after)["egp_contract"]["id"])
    assert len(versions) == 2
    assert httpx.get(gdc_target.fetch_url(versions[0]["url"])).content == old_bytes  # the old file stays
    assert httpx.get(gdc_target.fetch_url(versions[1]["url"])).content == \
        (egp_package / "data" / "egp_contract.csv").read_bytes()


def test_added_rows_are_a_minor_version(gdc_target, egp_package):
    apply_plan(gdc_target, plan_publish(gdc_target, egp_package))
    edit_table(egp_package, "egp_contract", lambda rows: rows + [{**rows[-1], "record_id": "9999999"}])
    plan = plan_publish(gdc_target, egp_package)
    assert (plan.resources[0].rows.added, plan.resources[0].rows.changed) == (1, 0)
    assert plan.version_to == "1.1.0"


def test_a_metadata_change_revises_the_dataset_and_keeps_every_resource(gdc_target, agency_package):
    apply_plan(gdc_target, plan_publish(gdc_target, agency_package))
    before = gdc_target.ckan.action.package_show(id="phuket-pao-agency")
    trail = history(gdc_target.ckan, before)
    descriptor = read_descriptor(agency_package)
    descriptor["description"] += "\n\nปรับปรุงคำอธิบาย"
    descriptor["resources"][0]["title"] = "ข้อมูลหน่วยงาน (ปรับปรุง)"
    write_descriptor(agency_package, descriptor)

    plan = plan_publish(gdc_target, agency_package)
    assert plan.fields == ["description", "version"]
    assert plan.resources[0].fields == ["title"] and not plan.resources[0].upload
    assert [r.action for r in plan.resources[1:-1]] == ["unchanged"] * 5
    result = apply_plan(gdc_target, plan)

    after = gdc_target.ckan.action.package_show(id="phuket-pao-agency")
    assert after["notes"] == descriptor["description"] and after["version"] == "1.0.1"
    assert [(r["id"], r["name"]) for r in after["resources"]] == [(r["id"], r["name"]) for r in before["resources"]]
    assert by_name(after)["agency_profile"]["title"] == "ข้อมูลหน่วยงาน (ปรับปรุง)"
    assert result.uploaded == ["datapackage"]  # the data files were not sent again
    files = history(gdc_target.ckan, after)["files"]
    assert files == {**trail["files"], "datapackage": 2}


def test_a_resource_left_out_of_the_package_is_reported_then_removed(gdc_target, agency_package):
    apply_plan(gdc_target, plan_publish(gdc_target, agency_package))
    descriptor = read_descriptor(agency_package)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "powers-duties"]
    write_descriptor(agency_package, descriptor)

    plan = plan_publish(gdc_target, agency_package)
    assert [(r.name, r.action) for r in plan.resources if r.action != "unchanged"] == [
        ("powers-duties", "removed"), ("datapackage", "changed")]
    assert "  - powers-duties" in plan.text() and plan.version_to == "2.0.0"  # a resource gone can break readers
    apply_plan(gdc_target, plan)

    after = gdc_target.ckan.action.package_show(id="phuket-pao-agency")
    assert [r["name"] for r in after["resources"]] == [
        "agency_profile", "org_units", "documents", "division-order-2568", "org-chart-2568", "datapackage"]


def test_a_duplicate_resource_in_the_catalog_is_reported_and_removed(gdc_target, egp_package):
    apply_plan(gdc_target, plan_publish(gdc_target, egp_package))
    dataset = gdc_target.ckan.action.package_show(id="phuket-pao-egp-contract")
    # what a non-idempotent client leaves behind: the same resource created a second time
    gdc_target.ckan.action.resource_create(package_id=dataset["id"], name="egp_contract", format="CSV",
                                           url="https://example.go.th/egp.csv")
    plan = plan_publish(gdc_target, egp_package)
    [duplicate] = [r for r in plan.resources if r.action == "removed"]
    assert duplicate.duplicate and duplicate.remote["url"] == "https://example.go.th/egp.csv"
    assert "a duplicate of the same name" in plan.text()
    apply_plan(gdc_target, plan)
    names = [r["name"] for r in gdc_target.ckan.action.package_show(id=dataset["id"])["resources"]]
    assert names == ["egp_contract", "datapackage"]


def test_a_missing_organization_blocks_the_plan_unless_the_target_may_create_it(gdc_catalog_server, egp_package):
    target = target_of(gdc_catalog_server, create_organizations=False)
    plan = plan_publish(target, egp_package)
    assert plan.problems and "organization 'phuket-pao' does not exist" in plan.text()
    with pytest.raises(PublishError):
        apply_plan(target, plan)
    assert target.ckan.action.package_list() == [] and target.ckan.action.organization_list() == []


def test_an_editor_publishes_into_an_existing_organization(gdc_catalog_server, egp_package):
    admin = gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)
    admin.action.organization_create(name="phuket-pao", title="อบจ.ภูเก็ต")
    officer = gdc_catalog_server.make_user("officer")
    admin.action.organization_member_create(id="phuket-pao", username="officer", role="editor")
    target = target_of(gdc_catalog_server, create_organizations=False, token=officer)

    apply_plan(target, plan_publish(target, egp_package))
    assert not plan_publish(target, egp_package).changed
    activities = admin.action.package_activity_list(id="phuket-pao-egp-contract")
    assert {a["user_id"] for a in activities} == {admin.action.user_show(id="officer")["id"]}


def test_a_writer_without_a_role_is_refused_before_the_dataset_is_made(gdc_catalog_server, egp_package):
    admin = gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)
    admin.action.organization_create(name="phuket-pao")
    stranger = target_of(gdc_catalog_server, token=gdc_catalog_server.make_user("stranger"))
    with pytest.raises(PublishError, match="not allowed to package_create"):
        apply_plan(stranger, plan_publish(stranger, egp_package))
    assert admin.action.package_list() == []


def test_a_plan_made_before_someone_else_changed_the_dataset_is_not_applied(gdc_target, egp_package):
    apply_plan(gdc_target, plan_publish(gdc_target, egp_package))
    edit_table(egp_package, "egp_contract", lambda rows: rows[:-1])
    plan = plan_publish(gdc_target, egp_package)
    gdc_target.ckan.action.package_patch(id="phuket-pao-egp-contract", notes="edited on the portal")
    with pytest.raises(PublishError, match="changed in the catalog since it was planned"):
        apply_plan(gdc_target, plan)


def test_a_file_that_does_not_match_its_descriptor_is_refused(gdc_target, egp_package):
    with open(egp_package / "data" / "egp_contract.csv", "a", encoding="utf-8") as stream:
        stream.write("\n")
    with pytest.raises(PackageError, match="does not match the hash or bytes"):
        plan_publish(gdc_target, egp_package)


def test_a_plain_package_publishes_to_a_stock_ckan_schema_and_comes_back_unchanged(catalog_server, tmp_path):
    package = small_package(tmp_path / "bangkok-air", rows=[("1", "Din Daeng", "41.5"), ("2", "Bang Na", "22.0")])
    target = target_of(catalog_server)
    assert target.dataset_schema == "ckan"
    apply_plan(target, plan_publish(target, package))
    dataset = target.ckan.action.package_show(id="bangkok-air")
    assert dataset["version"] == "1.0.0" and [t["name"] for t in dataset["tags"]] == ["air", "pm2.5"]
    assert not plan_publish(target, package).changed

    edit_table(package, "stations", lambda rows: [{**rows[0], "pm25": "40.0"}])
    plan = plan_publish(target, package)
    rows = plan.resources[0].rows
    assert (rows.changed, rows.removed, rows.added) == (1, 1, 0)



def test_publishing_a_dataset_deleted_in_the_catalog_restores_it(gdc_target, egp_package):
    apply_plan(gdc_target, plan_publish(gdc_target, egp_package))
    gdc_target.ckan.action.package_delete(id="phuket-pao-egp-contract")
    plan = plan_publish(gdc_target, egp_package)
    assert not plan.create and plan.fields == ["state", "version"]
    apply_plan(gdc_target, plan)
    assert gdc_target.ckan.action.package_show(id="phuket-pao-egp-contract")["state"] == "active"
    assert gdc_target.ckan.action.package_list() == ["phuket-pao-egp-contract"]
