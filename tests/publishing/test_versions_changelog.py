"""Versions decided from the diff, a changelog entry per version, and `catalog history` on the embedded
catalog: MAJOR when the schema breaks, MINOR when rows or resources are added, PATCH for corrections and
metadata."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from catalog.ckanmodel import dataset_to_package
from catalog.publishing import apply_plan, plan_publish
from catalog.publishing.changelog import read as read_changelog
from catalog.publishing.history import dataset_history
from catalog.publishing.rows import RowChanges
from catalog.publishing.run import InvalidPackages, publish_packages
from catalog.publishing.versioning import change_level
from tests.publishing.conftest import (ROOT, copy_package, edit_table, read_descriptor, small_package, target_of,
                                       write_descriptor)


@pytest.mark.parametrize("change, level", [
    ({"removed": True}, "major"),
    ({"schema_broken": True}, "major"),
    ({"content_replaced": True, "rows": RowChanges(fields_added=["district"])}, "major"),
    ({"added": True}, "minor"),
    ({"content_replaced": True, "rows": RowChanges(added=2, changed=1)}, "minor"),
    ({"content_replaced": True, "rows": None}, "minor"),  # a document: its content cannot be compared
    ({"content_replaced": True, "rows": RowChanges(changed=1)}, "patch"),
    ({"content_replaced": True, "rows": RowChanges(removed=3)}, "patch"),
    ({"metadata": True}, "patch"),
    ({}, None),
])
def test_the_level_a_change_calls_for(change, level):
    assert change_level(**change) == level


# ------------------------------------------------------------------------------ each rule, published ---
def rewrite_stations(package: Path, header: list[str], rows: list[list[str]], schema_edit=None) -> None:
    """Replace the stations table (and, with `schema_edit`, its schema), keeping hash and bytes true."""
    path = package / "data" / "stations.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    data = path.read_bytes()
    descriptor = read_descriptor(package)
    resource = descriptor["resources"][0]
    resource["hash"], resource["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    if schema_edit:
        schema_edit(resource["schema"])
    write_descriptor(package, descriptor)


def edit_schema(package: Path, edit) -> None:
    descriptor = read_descriptor(package)
    edit(descriptor["resources"][0]["schema"])
    write_descriptor(package, descriptor)


def add_district(schema):
    schema["fields"].append({"name": "district", "type": "string"})


def retype_pm25(schema):
    schema["fields"][2]["type"] = "string"


def key_by_name(schema):
    schema["primaryKey"] = ["name"]


def describe_pm25(schema):
    schema["fields"][2].update(description="PM2.5, µg/m³", constraints={"minimum": 0})


@pytest.mark.parametrize("change, version, level", [
    (lambda p: rewrite_stations(p, ["station_id", "name", "pm25", "district"],
                                [["1", "Din Daeng", "41.5", "Din Daeng"], ["2", "Bang Na", "22.0", "Bang Na"]],
                                add_district), "2.0.0", "major"),
    (lambda p: edit_schema(p, retype_pm25), "2.0.0", "major"),
    (lambda p: edit_schema(p, key_by_name), "2.0.0", "major"),
    (lambda p: rewrite_stations(p, ["station_id", "name", "pm25"],
                                [["1", "Din Daeng", "41.5"], ["2", "Bang Na", "22.0"], ["3", "Yan Nawa", "30.1"]]),
     "1.1.0", "minor"),
    (lambda p: rewrite_stations(p, ["station_id", "name", "pm25"],
                                [["1", "Din Daeng", "40.0"], ["2", "Bang Na", "22.0"]]), "1.0.1", "patch"),
    (lambda p: rewrite_stations(p, ["station_id", "name", "pm25"], [["1", "Din Daeng", "41.5"]]), "1.0.1", "patch"),
    (lambda p: edit_schema(p, describe_pm25), "1.0.1", "patch"),
], ids=["field added", "field retyped", "key changed", "rows added", "row corrected", "row removed",
        "field described and constrained"])
def test_each_change_is_published_with_the_version_it_calls_for(catalog_server, tmp_path, change, version, level):
    package = small_package(tmp_path / "bangkok-air", rows=[("1", "Din Daeng", "41.5"), ("2", "Bang Na", "22.0")])
    target = target_of(catalog_server)
    apply_plan(target, plan_publish(target, package))
    change(package)
    plan = plan_publish(target, package)
    assert (plan.version_to, plan.level) == (version, level)
    apply_plan(target, plan)
    dataset = target.ckan.action.package_show(id="bangkok-air")
    entries = read_changelog(dataset)
    assert [(e["version"], e["level"]) for e in entries] == [("1.0.0", "first"), (version, level)]
    assert entries[1]["schema"] == (["stations"] if level == "major" else [])


def test_a_resource_added_is_minor_and_a_document_replaced_is_minor(gdc_target, agency_package):
    apply_plan(gdc_target, plan_publish(gdc_target, agency_package))
    (agency_package / "files" / "org-chart-2568.pdf").write_bytes(b"%PDF-1.4\n% a corrected chart\n")
    descriptor = read_descriptor(agency_package)
    chart = next(r for r in descriptor["resources"] if r["name"] == "org-chart-2568")
    chart.pop("hash"), chart.pop("bytes")
    write_descriptor(agency_package, descriptor)
    plan = plan_publish(gdc_target, agency_package)
    assert (plan.version_to, plan.level) == ("1.1.0", "minor")
    apply_plan(gdc_target, plan)

    (agency_package / "files" / "org-chart-2569.pdf").write_bytes(b"%PDF-1.4\n% the chart of 2569\n")
    descriptor = read_descriptor(agency_package)
    descriptor["resources"].append({**chart, "name": "org-chart-2569", "path": "files/org-chart-2569.pdf"})
    write_descriptor(agency_package, descriptor)
    plan = plan_publish(gdc_target, agency_package)
    assert [r.name for r in plan.resources if r.action == "new"] == ["org-chart-2569"]
    assert (plan.version_to, plan.level) == ("1.2.0", "minor")


# ----------------------------------------------------------------------------------------- changelog ---
def test_every_version_has_a_changelog_entry_and_history_links_to_its_bytes(gdc_target, egp_package):
    apply_plan(gdc_target, plan_publish(gdc_target, egp_package))
    first_bytes = (egp_package / "data" / "egp_contract.csv").read_bytes()
    edit_table(egp_package, "egp_contract", lambda rows: [{**rows[0], "project_status": "ยกเลิกโครงการ"}] + rows[1:-1])
    record_id = (egp_package / "data" / "egp_contract.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    descriptor = read_descriptor(egp_package)
    descriptor["title"] += " (ปรับปรุง)"
    write_descriptor(egp_package, descriptor)
    apply_plan(gdc_target, plan_publish(gdc_target, egp_package))
    second_bytes = (egp_package / "data" / "egp_contract.csv").read_bytes()

    dataset = gdc_target.ckan.action.package_show(id="phuket-pao-egp-contract")
    first, second = read_changelog(dataset)
    assert first["version"] == "1.0.0" and first["resources"]["new"] == ["egp_contract"]
    assert second["version"] == "1.0.1" and second["level"] == "patch" and second["date"] >= first["date"]
    assert second["resources"] == {"new": [], "changed": ["egp_contract"], "removed": []}
    assert second["rows"]["egp_contract"] == {
        "key": ["record_id"], "added": 0, "removed": 1, "changed": 1, "examples": [f"record_id={record_id}"],
        "changes": [{"key": {"record_id": record_id}, "fields": {"project_status": ["", "ยกเลิกโครงการ"]}}],
        "titles": {"record_id": "ลำดับ", "project_status": "สถานะโครงการ"}}
    assert second["metadata"]["dataset"] == ["title"]
    assert [f["hash"] for f in second["files"]] == ["sha256:" + hashlib.sha256(second_bytes).hexdigest()]
    # the changelog is the publisher's own: it is not taken for a change of the package
    assert "changelog" in dataset_to_package(dataset) and not plan_publish(gdc_target, egp_package).changed

    history = dataset_history(gdc_target, "phuket-pao-egp-contract")
    assert history.history_dataset is None  # the embedded catalog keeps the file versions itself
    assert [(v.version, v.level) for v in history.versions] == [("1.0.1", "patch"), ("1.0.0", "first")]
    for version, expected in zip(history.versions, (second_bytes, first_bytes)):
        [file] = version.files
        assert "/version/" in file.url and httpx.get(gdc_target.fetch_url(file.url)).content == expected
        descriptor = httpx.get(gdc_target.fetch_url(version.datapackage_url)).json()
        assert descriptor["version"] == version.version and descriptor["resources"][0]["path"] == file.url
    text = history.text()
    assert "1.0.1" in text and f"egp_contract: rows by record_id: 1 changed, 0 added, 1 removed: " \
                              f"(record_id={record_id}) project_status: ∅ → ยกเลิกโครงการ" in text
    assert "metadata changed: title" in text
    thai = history.text("th")
    assert f"แถวตาม ลำดับ: แก้ไข 1 เพิ่ม 0 ลบ 1: (ลำดับ={record_id}) สถานะโครงการ: ∅ → ยกเลิกโครงการ" in thai
    assert "patch" not in thai and "รุ่นแก้ไข" in thai


def test_a_later_write_under_the_same_number_does_not_change_what_a_version_links_to(gdc_target, egp_package,
                                                                                       tmp_path):
    apply_plan(gdc_target, plan_publish(gdc_target, egp_package))
    published = (egp_package / "data" / "egp_contract.csv").read_bytes()
    dataset = gdc_target.ckan.action.package_show(id="phuket-pao-egp-contract")
    egp = next(r for r in dataset["resources"] if r["name"] == "egp_contract")
    (tmp_path / "edited.csv").write_bytes(published + b"edited on the portal\n")
    with open(tmp_path / "edited.csv", "rb") as stream:  # a file replaced by hand: still version 1.0.0
        gdc_target.ckan.action.resource_update(id=egp["id"], name="egp_contract", format="CSV", upload=stream)

    [version] = dataset_history(gdc_target, "phuket-pao-egp-contract").versions
    assert version.version == "1.0.0"
    assert httpx.get(gdc_target.fetch_url(version.files[0].url)).content == published
    assert httpx.get(gdc_target.fetch_url(version.files_at_version["egp_contract"])).content == published


def test_catalog_history_on_the_command_line(tmp_path, egp_package):
    home = tmp_path / "home"
    env = {"CATALOG_HOME": str(home), "PATH": ""}
    run = [sys.executable, "-m", "catalog.cli"]
    published = subprocess.run([*run, "publish", str(egp_package)], capture_output=True, text=True, cwd=ROOT,
                               env=env, timeout=120)
    assert published.returncode == 0, published.stderr
    shown = subprocess.run([*run, "history", "phuket-pao-egp-contract", "--json"], capture_output=True, text=True,
                           cwd=ROOT, env=env, timeout=60)
    assert shown.returncode == 0, shown.stderr
    history = json.loads(shown.stdout)
    assert history["versions_kept_in"] == "catalog file versions"
    [version] = history["versions"]
    assert version["version"] == "1.0.0" and version["changes"]["resources"]["new"] == ["egp_contract"]
    assert version["files"][0]["url"].endswith("/version/1/egp_contract.csv")
    assert version["datapackage"].endswith("/datapackage.json")
    thai = subprocess.run([*run, "history", "phuket-pao-egp-contract", "--lang", "th"], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)
    assert "1 รุ่น ใหม่สุดก่อน" in thai.stdout and "รุ่นแรก" in thai.stdout
    missing = subprocess.run([*run, "history", "no-such-dataset"], capture_output=True, text=True, cwd=ROOT,
                             env=env, timeout=60)
    assert missing.returncode == 1 and "there is no dataset no-such-dataset" in missing.stderr


# --------------------------------------------------------------------------- tags and GD Catalog fields ---
def test_tags_the_catalog_refuses_are_kept_in_an_extra_and_said(catalog_server, egp_package):
    target = target_of(catalog_server)  # stock CKAN's tag rule: no Thai vowel or tone marks
    keywords = read_descriptor(egp_package)["keywords"]
    plan = plan_publish(target, egp_package)
    assert plan.refused_tags == ["จัดซื้อจัดจ้าง", "สัญญา", "ความโปร่งใส"]
    assert "tags this catalog refuses, kept in the extra `keywords` instead: จัดซื้อจัดจ้าง" in plan.text()
    assert "แท็กที่แคตตาล็อกนี้ไม่รับ" in plan.text("th")
    apply_plan(target, plan)

    dataset = target.ckan.action.package_show(id="phuket-pao-egp-contract")
    assert {t["name"] for t in dataset["tags"]} == {k for k in keywords if k not in plan.refused_tags}
    assert json.loads(next(e["value"] for e in dataset["extras"] if e["key"] == "keywords")) == keywords
    assert dataset_to_package(dataset)["keywords"] == keywords  # nothing lost on the way back
    assert not plan_publish(target, egp_package).changed


def test_a_gdc_catalog_gets_the_thai_tags_as_tags(gdc_target, egp_package):
    plan = plan_publish(gdc_target, egp_package)
    assert plan.refused_tags == []
    apply_plan(gdc_target, plan)
    dataset = gdc_target.ckan.action.package_show(id="phuket-pao-egp-contract")
    assert {t["name"] for t in dataset["tags"]} == set(read_descriptor(egp_package)["keywords"])
    assert "keywords" not in {e["key"] for e in dataset.get("extras") or []}


def test_an_invented_gd_catalog_choice_is_refused_before_anything_is_written(gdc_target, tmp_path):
    good = copy_package("phuket-pao/executives", tmp_path / "packages")
    bad = copy_package("phuket-pao/egp_contract", tmp_path / "packages")
    descriptor = read_descriptor(bad)
    descriptor["geo_coverage"] = "ดาวอังคาร"  # a GD Catalog-like portal would store it as sent
    write_descriptor(bad, descriptor)

    plan = plan_publish(gdc_target, bad)
    assert plan.problems and "GD Catalog field geo_coverage: 'ดาวอังคาร' is not one of the GD Catalog choices" \
        in plan.text()
    said: list[str] = []
    with pytest.raises(InvalidPackages, match="nothing was published"):
        publish_packages([good, bad], home=tmp_path / "officer-home", echo=said.append)
    assert any("geo_coverage" in line for line in said) and not (tmp_path / "officer-home").exists()
