"""What a real CKAN 2.12 does with what the publisher will send it.

These run the real `ckanapi.RemoteCKAN` against the portals that `scripts/realckan` starts: stock CKAN
(`realckan`) and a GD Catalog-like one (`realckan_gdc`: CKAN + ckanext-scheming with the GD Catalog
dataset schema, configuration only, without the `thai_gdc` plugin's Python code).
"""

from __future__ import annotations

import uuid

import ckanapi
import pytest
import requests

pytestmark = pytest.mark.realckan

# Tag with Thai vowel and tone marks (Unicode category Mn), which stock CKAN's tag validator refuses.
THAI_TAG_WITH_MARKS = "จัดซื้อจัดจ้าง"
# Thai letters only (category Lo): stock CKAN accepts it.
THAI_TAG_LETTERS_ONLY = "ราคากลาง"

GDC_REQUIRED = {
    "data_category",
    "data_format",
    "data_source",
    "data_type",
    "geo_coverage",
    "license_id",
    "maintainer",
    "maintainer_email",
    "notes",
    "objective",
    "update_frequency_unit",
}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def _download(url: str, token: str) -> requests.Response:
    return requests.get(url, headers={"Authorization": token}, timeout=60)


@pytest.fixture(scope="module")
def ck(realckan):
    return realckan.client()


@pytest.fixture(scope="module")
def org(ck):
    return ck.action.organization_create(name=_name("rc-org"), title="สำนักงานทดสอบ realckan")


@pytest.fixture(scope="module")
def ck_gdc(realckan_gdc):
    return realckan_gdc.client()


@pytest.fixture(scope="module")
def org_gdc(ck_gdc):
    return ck_gdc.action.organization_create(name=_name("rc-gdc-org"), title="องค์การบริหารส่วนจังหวัดทดสอบ")


# ------------------------------------------------------------------------------------------- stock ---
def test_status_show_says_2_12(ck):
    status = ck.action.status_show()
    assert status["ckan_version"].startswith("2.12."), status
    assert "activity" in status["extensions"]


def test_upload_download_and_resource_update_overwrites(ck, org, realckan, tmp_path):
    first = "\ufeffลำดับ,ชื่อโครงการ,งบประมาณ(บาท)\r\n1,จัดซื้อวัสดุ,\"78,459,000\"\r\n".encode("utf-8")
    second = first + "2,จ้างเหมาบริการ,1479.81\r\n".encode("utf-8")
    (tmp_path / "egp-2568-10.csv").write_bytes(first)
    (tmp_path / "egp-2568-11.csv").write_bytes(second)

    pkg = ck.action.package_create(
        name=_name("rc-upload"), title="ทดสอบอัปโหลด", owner_org=org["id"], license_id="cc-by",
        tags=[{"name": "procurement"}],
    )
    with open(tmp_path / "egp-2568-10.csv", "rb") as fh:
        res = ck.action.resource_create(package_id=pkg["id"], name="egp", format="CSV", upload=fh)
    assert res["url_type"] == "upload"
    assert res["url"].startswith(f"{realckan.url}/dataset/{pkg['id']}/resource/{res['id']}/download/")
    assert res["url"].endswith("/egp-2568-10.csv")
    got = _download(res["url"], realckan.token)
    assert got.status_code == 200
    assert got.content == first

    with open(tmp_path / "egp-2568-11.csv", "rb") as fh:
        updated = ck.action.resource_update(id=res["id"], name="egp", format="CSV", upload=fh)
    assert updated["id"] == res["id"]
    assert updated["url"].endswith("/egp-2568-11.csv")
    assert _download(updated["url"], realckan.token).content == second

    # CKAN keeps one stored file per resource and overwrites it: the old address no longer gives the
    # old bytes (the file name in the address is not used to find the file). A publisher that must keep
    # earlier versions has to publish them as separate resources.
    old = _download(res["url"], realckan.token)
    assert old.status_code == 200
    assert old.content == second
    shown = ck.action.resource_show(id=res["id"])
    assert shown["url"] == updated["url"]


def test_package_activity_list_records_changes(ck, org):
    pkg = ck.action.package_create(name=_name("rc-activity"), title="กิจกรรม", owner_org=org["id"])
    ck.action.package_patch(id=pkg["id"], notes="แก้ไขคำอธิบาย")
    activities = ck.action.package_activity_list(id=pkg["id"])
    types = [a["activity_type"] for a in activities]
    assert "new package" in types
    assert "changed package" in types


def test_stock_tag_validator_refuses_thai_marks(ck, org):
    with pytest.raises(ckanapi.ValidationError) as excinfo:
        ck.action.package_create(
            name=_name("rc-thai-tag"), title="แท็กภาษาไทย", owner_org=org["id"],
            tags=[{"name": THAI_TAG_WITH_MARKS}],
        )
    errors = excinfo.value.error_dict
    assert "tags" in errors, errors
    assert THAI_TAG_WITH_MARKS in str(errors["tags"])
    assert "can only contain alphanumeric characters" in str(errors["tags"])


def test_stock_tag_validator_accepts_thai_letters_without_marks(ck, org):
    pkg = ck.action.package_create(
        name=_name("rc-thai-tag-ok"), title="แท็กภาษาไทย", owner_org=org["id"],
        tags=[{"name": THAI_TAG_LETTERS_ONLY}],
    )
    assert [t["name"] for t in pkg["tags"]] == [THAI_TAG_LETTERS_ONLY]


# --------------------------------------------------------------------------------------------- gdc ---
def _complete_gdc_dataset(owner_org: str) -> dict:
    return {
        "name": _name("rc-gdc"),
        "title": "รายงานผลการจัดซื้อจัดจ้างประจำเดือน",
        "owner_org": owner_org,
        "data_type": "ข้อมูลระเบียน",
        "maintainer": "กองคลัง",
        "maintainer_email": "opendata@example.go.th",
        "notes": "สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.1)",
        "objective": ["ยุทธศาสตร์ชาติ"],
        "update_frequency_unit": "เดือน",
        "update_frequency_interval": "1",
        "geo_coverage": "จังหวัด",
        "data_source": "ระบบการจัดซื้อจัดจ้างภาครัฐ (e-GP)",
        "data_format": ["CSV"],
        "data_category": "ข้อมูลสาธารณะ",
        "data_classification": "เปิดเผย",
        "license_id": "Creative Commons Attributions",
        "tags": [{"name": "procurement"}],
    }


def test_gdc_portal_runs_scheming(ck_gdc):
    status = ck_gdc.action.status_show()
    assert status["ckan_version"].startswith("2.12.")
    assert {"scheming_datasets", "activity"} <= set(status["extensions"])


def test_gdc_refuses_dataset_missing_required_fields(ck_gdc, org_gdc):
    with pytest.raises(ckanapi.ValidationError) as excinfo:
        ck_gdc.action.package_create(name=_name("rc-gdc-min"), title="ไม่ครบ", owner_org=org_gdc["id"])
    missing = set(excinfo.value.error_dict) - {"__type"}
    assert missing == GDC_REQUIRED, missing


def test_gdc_accepts_complete_dataset(ck_gdc, org_gdc, realckan_gdc, tmp_path):
    sent = _complete_gdc_dataset(org_gdc["id"])
    pkg = ck_gdc.action.package_create(**sent)
    assert pkg["objective"] == ["ยุทธศาสตร์ชาติ"]
    assert pkg["data_format"] == ["CSV"]
    assert pkg["license_id"] == "Creative Commons Attributions"
    assert pkg["data_category"] == "ข้อมูลสาธารณะ"
    shown = ck_gdc.action.package_show(id=pkg["name"])
    assert shown["objective"] == ["ยุทธศาสตร์ชาติ"]
    assert shown["geo_coverage"] == "จังหวัด"

    data = "ลำดับ,งานที่จัดซื้อหรือจัดจ้าง\n1,ไม่มีการจัดซื้อจัดจ้าง\n".encode("utf-8")
    (tmp_path / "sor-kor-1.csv").write_bytes(data)
    with open(tmp_path / "sor-kor-1.csv", "rb") as fh:
        res = ck_gdc.action.resource_create(package_id=pkg["id"], name="สขร.1", format="CSV", upload=fh)
    assert _download(res["url"], realckan_gdc.token).content == data
    assert ck_gdc.action.package_activity_list(id=pkg["id"])


def test_gdc_without_thai_gdc_plugin_still_refuses_thai_marks(ck_gdc, org_gdc):
    # The real GD Catalog's thai_gdc plugin replaces the tag validator; this configuration-only stand-in
    # keeps stock CKAN's, so a tag with Thai marks is refused here while the real portal accepts it.
    sent = dict(_complete_gdc_dataset(org_gdc["id"]), tags=[{"name": THAI_TAG_WITH_MARKS}])
    with pytest.raises(ckanapi.ValidationError) as excinfo:
        ck_gdc.action.package_create(**sent)
    assert set(excinfo.value.error_dict) - {"__type"} == {"tags"}


def test_gdc_checks_multiple_choice_values_but_not_single_choice(ck_gdc, org_gdc):
    # The schema's single-choice fields set their own validators (scheming_required only), so an invented
    # value is stored as sent; the multiple-choice ones keep scheming_multiple_choice, which checks them.
    invented = dict(_complete_gdc_dataset(org_gdc["id"]), geo_coverage="ดาวอังคาร", data_category="แต่งขึ้น")
    pkg = ck_gdc.action.package_create(**invented)
    assert (pkg["geo_coverage"], pkg["data_category"]) == ("ดาวอังคาร", "แต่งขึ้น")

    with pytest.raises(ckanapi.ValidationError) as excinfo:
        ck_gdc.action.package_create(**dict(_complete_gdc_dataset(org_gdc["id"]), objective=["ไม่มีจริง"]))
    assert set(excinfo.value.error_dict) - {"__type"} == {"objective"}
    assert "unexpected choice" in str(excinfo.value.error_dict["objective"])
