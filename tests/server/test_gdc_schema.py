"""A catalog whose dataset schema is the GD Catalog's answers like the national portal (CKAN + scheming +
the thai_gdc plugin), with the Thai choice values checked, through the real ckanapi client."""

from __future__ import annotations

import io
import json
from pathlib import Path

import ckanapi
import httpx
import pytest

from catalog.server.schemas import gdc as gdc_schema

SCHEMA_FILE = Path(__file__).parents[2] / "scripts" / "realckan-gdc" / "opal_thai_gdc_ckan_dataset.json"

THAI_TAG_WITH_MARKS = "จัดซื้อจัดจ้าง"  # vowel and tone marks: Unicode category Mn, not matched by \w
STOCK_TAG_MESSAGE = ('Tag "จัดซื้อจัดจ้าง" can only contain alphanumeric characters, spaces (" "), '
                     'hyphens ("-"), underscores ("_") or dots (".")')


@pytest.fixture
def ckan(gdc_catalog_server):
    return gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)


@pytest.fixture
def org(ckan):
    return ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")


def dataset(org: dict, **changes) -> dict:
    """A complete GD Catalog dataset: a monthly procurement summary (สขร.1) of a records type."""
    data = {
        "name": "sor-kor-1-2568",
        "title": "สรุปผลการจัดซื้อจัดจ้างประจำเดือน 2568",
        "owner_org": org["id"],
        "data_type": "ข้อมูลระเบียน",
        "maintainer": "กองคลัง",
        "maintainer_email": "opendata@phuketpao.go.th",
        "notes": "สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.1)",
        "objective": ["พันธกิจหน่วยงาน", "ยุทธศาสตร์ชาติ"],
        "update_frequency_unit": "เดือน",
        "update_frequency_interval": "1",
        "geo_coverage": "จังหวัด",
        "data_source": "ระบบการจัดซื้อจัดจ้างภาครัฐ (e-GP)",
        "data_format": ["CSV", "XLS"],
        "data_category": "ข้อมูลสาธารณะ",
        "data_classification": "เปิดเผย",
        "license_id": "Creative Commons Attributions",
        "data_language": ["ไทย"],
        "tags": [{"name": THAI_TAG_WITH_MARKS}, {"name": "procurement"}],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def refusal(call, **data) -> dict:
    """The field errors of a refused call (ckanapi raises ValidationError for CKAN's 409)."""
    with pytest.raises(ckanapi.ValidationError) as caught:
        call(**data)
    errors = dict(caught.value.error_dict)
    assert errors.pop("__type") == "Validation Error"
    return errors


# ------------------------------------------------------------------------------------------ accepted ---
def test_a_complete_dataset_is_kept_with_its_thai_fields_as_top_level_keys(ckan, org):
    created = ckan.action.package_create(**dataset(org))
    shown = ckan.action.package_show(id="sor-kor-1-2568")
    for pkg in (created, shown):
        assert pkg["data_type"] == "ข้อมูลระเบียน"
        assert pkg["geo_coverage"] == "จังหวัด"
        assert pkg["data_category"] == "ข้อมูลสาธารณะ"
        assert pkg["update_frequency_interval"] == "1"
        # multiple choice: a list, in the schema's order of choices
        assert pkg["objective"] == ["ยุทธศาสตร์ชาติ", "พันธกิจหน่วยงาน"]
        assert pkg["data_format"] == ["CSV", "XLS"]
        # the licence is stored as its label text, and that text is its title
        assert pkg["license_id"] == pkg["license_title"] == "Creative Commons Attributions"
        assert pkg["extras"] == []  # schema fields are not extras
        assert sorted(t["name"] for t in pkg["tags"]) == sorted([THAI_TAG_WITH_MARKS, "procurement"])


def test_one_string_or_a_json_list_string_is_a_multiple_choice(ckan, org):
    pkg = ckan.action.package_create(**dataset(org, objective="พันธกิจหน่วยงาน",
                                               data_format='["PDF", "CSV"]'))
    assert pkg["objective"] == ["พันธกิจหน่วยงาน"]
    assert pkg["data_format"] == ["CSV", "PDF"]


def test_a_form_post_with_repeated_checkboxes_is_a_multiple_choice(gdc_catalog_server, org):
    form = dataset(org, objective=["ยุทธศาสตร์ชาติ", "มติคณะรัฐมนตรี"], data_format=["JSON"], tags=None,
                   data_language=None, tag_string=f"{THAI_TAG_WITH_MARKS},ราคากลาง")
    reply = httpx.post(f"{gdc_catalog_server.url}/api/3/action/package_create", data=form,
                       headers={"Authorization": gdc_catalog_server.sysadmin_token})
    assert reply.status_code == 200, reply.text
    pkg = reply.json()["result"]
    assert pkg["objective"] == ["ยุทธศาสตร์ชาติ", "มติคณะรัฐมนตรี"]
    assert pkg["data_format"] == ["JSON"]
    assert sorted(t["name"] for t in pkg["tags"]) == sorted([THAI_TAG_WITH_MARKS, "ราคากลาง"])


def test_dates_are_stored_as_iso_dates(ckan, org):
    pkg = ckan.action.package_create(**dataset(org, created_date="2024-10-01T08:30:00",
                                               last_updated_date="2025/03/31"))
    assert (pkg["created_date"], pkg["last_updated_date"]) == ("2024-10-01", "2025-03-31")
    assert refusal(ckan.action.package_create, **dataset(org, name="other", title="อื่น",
                                                          created_date="1 ต.ค.")) == {
        "created_date": ["Date format incorrect"]}


# ----------------------------------------------------------------------------------------- refusals ---
def test_every_missing_required_field_is_reported_at_once(ckan, org):
    errors = refusal(ckan.action.package_create, name="incomplete", title="ไม่ครบ", owner_org=org["id"])
    assert errors == {
        "data_type": ["Missing value"],
        "maintainer": ["Missing value"],
        "maintainer_email": ["Missing value"],
        "tag_string": ["Missing value"],
        "notes": ["Missing value"],
        "objective": ["Select at least one"],
        "update_frequency_unit": ["Missing value"],
        "geo_coverage": ["Missing value"],
        "data_source": ["Missing value"],
        "data_format": ["Select at least one"],
        "data_category": ["Missing value"],
        "license_id": ["Missing value"],
    }


def test_a_dataset_needs_an_organization(ckan, org):
    assert refusal(ckan.action.package_create, **dataset(org, owner_org=None)) == {
        "owner_org": ["An organization must be provided"]}


def test_values_outside_the_thai_choices_are_refused_with_schemings_words(ckan, org):
    errors = refusal(ckan.action.package_create, **dataset(
        org,
        geo_coverage="เกาะภูเก็ต",  # invented: stock scheming would have stored it
        license_id="cc-by",  # the GD Catalog stores the label text, not CKAN's id
        objective=["พันธกิจหน่วยงาน", "ความโปร่งใส"],
        data_format=["XLS/XLSX"],  # the label; the stored value is "XLS"
    ))
    assert errors == {
        "geo_coverage": ['unexpected choice "เกาะภูเก็ต"'],
        "license_id": ['unexpected choice "cc-by"'],
        "objective": ['unexpected choice "ความโปร่งใส"'],
        "data_format": ['unexpected choice "XLS/XLSX"'],
    }


def test_choosing_other_needs_the_other_text(ckan, org):
    errors = refusal(ckan.action.package_create, **dataset(
        org, geo_coverage="อื่นๆ", objective=["อื่นๆ"], data_type="ข้อมูลประเภทอื่นๆ"))
    assert errors == {"geo_coverage_other": ["Missing value"], "objective_other": ["Missing value"],
                      "data_type_other": ["Missing value"]}

    pkg = ckan.action.package_create(**dataset(
        org, geo_coverage="อื่นๆ", geo_coverage_other="เกาะภูเก็ตและเกาะบริวาร",
        objective=["อื่นๆ", "พันธกิจหน่วยงาน"], objective_other="ประกาศจังหวัดภูเก็ตเรื่องความโปร่งใส"))
    shown = ckan.action.package_show(id=pkg["id"])
    assert shown["geo_coverage"] == "อื่นๆ"
    assert shown["geo_coverage_other"] == "เกาะภูเก็ตและเกาะบริวาร"
    assert shown["objective"] == ["พันธกิจหน่วยงาน", "อื่นๆ"]
    assert shown["objective_other"] == "ประกาศจังหวัดภูเก็ตเรื่องความโปร่งใส"


def test_the_classification_must_fit_the_data_category(ckan, org):
    # personal data may be internal, secret or top secret, never open
    assert refusal(ckan.action.package_create, **dataset(org, data_category="ข้อมูลส่วนบุคคล")) == {
        "data_classification": ['unexpected choice "เปิดเผย" for data_category "ข้อมูลส่วนบุคคล"']}
    assert refusal(ckan.action.package_create, **dataset(org, data_classification="ลับ")) == {
        "data_classification": ['unexpected choice "ลับ" for data_category "ข้อมูลสาธารณะ"']}

    personal = ckan.action.package_create(**dataset(org, data_category="ข้อมูลส่วนบุคคล",
                                                    data_classification="ลับ"))
    assert personal["data_classification"] == "ลับ"
    unclassified = ckan.action.package_create(**dataset(org, name="unclassified", title="ยังไม่จัดระดับ",
                                                        data_classification=None))
    assert "data_classification" not in unclassified


def test_fields_for_other_data_types_are_refused(ckan, org):
    # unit_of_measure belongs to statistics; this is a records dataset
    assert refusal(ckan.action.package_create, **dataset(org, unit_of_measure="บาท")) == {
        "unit_of_measure": ["The input field unit_of_measure was not expected."]}

    records = ckan.action.package_create(**dataset(org, unit_of_measure="", data_collect="บุคคล"))
    assert records["data_collect"] == "บุคคล"
    statistics = ckan.action.package_create(**dataset(
        org, name="budget-stats", title="สถิติงบประมาณ", data_type="ข้อมูลสถิติ", unit_of_measure="บาท",
        unit_of_multiplier="ล้าน", disaggregate=["ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"], official_statistics=False))
    assert statistics["unit_of_measure"] == "บาท"
    assert statistics["disaggregate"] == ["ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"]
    assert statistics["official_statistics"] == "False"


def test_the_plugins_name_and_title_rules(ckan, org):
    ckan.action.package_create(**dataset(org))
    assert refusal(ckan.action.package_create, **dataset(org, name="another-name")) == {
        "title": ["That title is already in use."]}
    long_name = "x" * 71
    assert refusal(ckan.action.package_create, **dataset(org, name=long_name, title="ชื่อยาว")) == {
        "name": [f'Name "{long_name}" length is more than maximum 70']}


def test_an_extra_may_not_shadow_a_schema_field(ckan, org):
    errors = refusal(ckan.action.package_create, **dataset(
        org, extras=[{"key": "source_system", "value": "e-GP"}, {"key": "data_type", "value": "x"}]))
    assert errors == {"extras": [{}, {"key": ["There is a schema field with the same name"]}]}


# --------------------------------------------------------------------------------------------- tags ---
def test_thai_tags_with_vowel_and_tone_marks_are_accepted(ckan, org):
    pkg = ckan.action.package_create(**dataset(org, tags=None, tag_string=f"{THAI_TAG_WITH_MARKS}, ภาษี/อากร"))
    assert sorted(t["name"] for t in pkg["tags"]) == sorted([THAI_TAG_WITH_MARKS, "ภาษี/อากร"])
    # only CKAN's length limits remain
    assert refusal(ckan.action.package_create, **dataset(org, name="short-tag", title="แท็กสั้น", tags=None,
                                                          tag_string="ก")) == {
        "tag_string": ['Tag "ก" length is less than minimum 2']}


def test_the_stock_schema_refuses_the_same_thai_tag_with_ckans_message(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    errors = refusal(ckan.action.package_create, name="egp-2568", tags=[{"name": THAI_TAG_WITH_MARKS}])
    assert errors == {"tags": [STOCK_TAG_MESSAGE]}


# -------------------------------------------------------------------------------- update and search ---
def test_updates_keep_the_schema_fields(ckan, org):
    pkg = ckan.action.package_create(**dataset(org))
    pkg["notes"] = "ฉบับปรับปรุง"
    updated = ckan.action.package_update(**pkg)  # the client echoes what package_show gave it
    assert updated["objective"] == ["ยุทธศาสตร์ชาติ", "พันธกิจหน่วยงาน"]
    assert updated["geo_coverage"] == "จังหวัด"
    patched = ckan.action.package_patch(id=pkg["id"], geo_coverage="ประเทศ")
    assert patched["notes"] == "ฉบับปรับปรุง"
    assert patched["geo_coverage"] == "ประเทศ"
    assert patched["data_format"] == ["CSV", "XLS"]
    assert ckan.action.package_show(id=pkg["id"])["geo_coverage"] == "ประเทศ"
    # package_update replaces the dataset: leaving the schema's fields out is leaving them missing
    bare = {k: pkg[k] for k in ("id", "name", "title", "owner_org", "notes", "tags")}
    assert set(refusal(ckan.action.package_update, **bare)) >= {"data_type", "objective", "license_id"}


def test_search_results_carry_the_schema_fields(ckan, org):
    ckan.action.package_create(**dataset(org))
    found = ckan.action.package_search(q="sor-kor-1-2568")
    assert found["count"] == 1
    result = found["results"][0]
    assert result["objective"] == ["ยุทธศาสตร์ชาติ", "พันธกิจหน่วยงาน"]
    assert result["data_category"] == "ข้อมูลสาธารณะ"
    assert result["license_title"] == "Creative Commons Attributions"
    # the portal's facets (data_type, data_category, data_classification) and filters on a list field
    ckan.action.package_create(**dataset(org, name="budget-stats", title="สถิติงบประมาณ", data_type="ข้อมูลสถิติ",
                                         objective=["มติคณะรัฐมนตรี"]))
    faceted = ckan.action.package_search(**{"facet.field": json.dumps(["data_type"]),
                                            "fq": 'objective:"ยุทธศาสตร์ชาติ"'})
    assert [r["name"] for r in faceted["results"]] == ["sor-kor-1-2568"]
    assert faceted["facets"]["data_type"] == {"ข้อมูลระเบียน": 1}


# ---------------------------------------------------------------------------------------- resources ---
def test_resources_keep_their_schema_fields_and_need_name_url_and_format(ckan, org):
    pkg = ckan.action.package_create(**dataset(org))
    resource = ckan.action.resource_create(
        package_id=pkg["id"], name="สขร.1 ตุลาคม 2567", resource_data_collect="บริษัท/ห้างร้าน/สถานประกอบการ",
        resource_cdp="ไม่ใช่", resource_created_date="2024-11-05",
        upload=("sor-kor-1-2567-10.csv", io.BytesIO("ลำดับ,งานที่จัดซื้อหรือจัดจ้าง\n".encode())))
    assert resource["format"] == "CSV"
    assert resource["resource_data_collect"] == "บริษัท/ห้างร้าน/สถานประกอบการ"
    assert resource["resource_created_date"] == "2024-11-05"
    shown = ckan.action.resource_show(id=resource["id"])
    assert shown["resource_cdp"] == "ไม่ใช่"

    # a resource action answers with its own resource's errors, as CKAN does
    assert refusal(ckan.action.resource_create, package_id=pkg["id"], url="https://example.go.th/data") == {
        "name": ["Missing value"], "format": ["Missing value"]}
    assert refusal(ckan.action.resource_create, package_id=pkg["id"], name="x", url="https://example.go.th/a.csv",
                   resource_data_collect="ทุกคน", resource_unit_of_measure="บาท") == {
        "resource_data_collect": ['unexpected choice "ทุกคน"'],
        "resource_unit_of_measure": ["The input field resource_unit_of_measure was not expected."]}


# ------------------------------------------------------------------------------------------- schema ---
def test_the_checked_fields_are_the_schema_files_fields():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    fields = schema["dataset_fields"]
    assert gdc_schema.DATASET_FIELDS == {f["field_name"] for f in fields}
    # title is filled from name, as CKAN does; an organization is required by CKAN itself
    required = {f["field_name"] for f in fields if f.get("required")}
    assert set(gdc_schema.REQUIRED) == required - {"title"} | {"owner_org"}
    every_other = {f["field_name"] for f in fields + schema["resource_fields"] if f["field_name"].endswith("_other")}
    assert set(gdc_schema.OTHER_TEXT_OF) == every_other
