"""The disclosure categories: what each item of the mandate looks like as data.

Thirteen categories cover the seven items of Phuket Province's transparency announcement. Each one is a
JSON file in `catalog/disclosure/categories/` and loads into a `Category` with Frictionless Table
Schemas, header aliases, a currency rule and GD Catalog metadata defaults.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from frictionless import Resource, Schema

from catalog.disclosure import (
    CurrencyRule,
    ResourceSpec,
    UnknownCategory,
    all_categories,
    categories_for_item,
    fiscal_year_bounds,
    fiscal_year_of,
    get_category,
    normalise_header,
    report_round_period,
)
from catalog.disclosure.gdc import DATASET_CHOICES, FREQUENCY_UNIT, validate_gdc
from catalog.errors import CatalogError

CATEGORY_NAMES = {
    "agency", "executives", "staff_roster",          # 1 structure, executives, staff
    "policy_strategy",                               # 2
    "action_plan", "plan_progress",                  # 3
    "procurement_plan", "procurement_monthly", "egp_contract",  # 4
    "manuals_standards",                             # 5
    "service_standards", "service_statistics",       # 6
    "satisfaction_surveys",                          # 7
}
FIELD_TYPES = {"string", "integer", "number", "date", "boolean", "year"}
CONSTRAINTS = {"required", "unique", "minimum", "maximum", "enum", "pattern", "minLength", "maxLength"}
DOCUMENT_REGISTER = ["document_id", "title", "document_type", "file", "published_date", "fiscal_year", "url",
                     "description"]
THAI = re.compile(r"[\u0e00-\u0e7f]")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

# The 15 headers of the real e-GP contract export (data.go.th, fiscal year 2568), exactly as published.
EGP_HEADERS = ["ลำดับ", "รหัสโครงการ", "ชื่อโครงการ", "ชื่อประเภทโครงการ", "ชื่อหน่วยงาน", "ชื่อหน่วยงานย่อย",
               "วิธีจัดซื้อฯ", "กลุ่มวิธีจัดซื้อฯ", "วันที่ประกาศ", "งบประมาณ(บาท)", "ราคากลาง(บาท)",
               "ราคาตกลงซื้อ/จ้าง", "ปีงบประมาณ", "วันที่เกิดรายการ", "จังหวัด"]


def all_resources():
    return [(c, r) for c in all_categories() for r in c.resources]


RESOURCES = all_resources()
RESOURCE_IDS = [f"{c.name}.{r.name}" for c, r in RESOURCES]


# ----------------------------------------------------------------------------- loading

def test_every_category_loads_and_the_names_are_the_fixed_ones():
    assert {c.name for c in all_categories()} == CATEGORY_NAMES
    for name in CATEGORY_NAMES:
        category = get_category(name)
        assert category.name == name
        assert category.title_th and category.title_en and category.description_th and category.description_en
        assert category.resources
        assert get_category(name) is category  # loaded once, cached


def test_categories_come_in_mandate_order():
    items = [c.mandate_item for c in all_categories()]
    assert items == sorted(items)


def test_all_seven_mandate_items_are_covered():
    assert {c.mandate_item for c in all_categories()} == set(range(1, 8))
    assert {c.name for c in categories_for_item(4)} == {"procurement_plan", "procurement_monthly", "egp_contract"}


def test_unknown_category_lists_the_valid_names():
    with pytest.raises(UnknownCategory) as info:
        get_category("nope")
    message = str(info.value)
    assert "'nope'" in message
    for name in CATEGORY_NAMES:
        assert name in message
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, CatalogError)  # the CLI prints it in one line
    assert "\n" not in info.value.render("th")


def test_unknown_resource_lists_the_valid_names():
    with pytest.raises(KeyError) as info:
        get_category("procurement_monthly").resource("nope")
    assert "procurement_summary16" in str(info.value)


def test_oit_items_are_named_by_title_never_by_number():
    for category in all_categories():
        assert category.oit_items, category.name
        for item in category.oit_items:
            assert THAI.search(item.th) or item.th == "E-Service"
            assert item.en
            assert not re.search(r"\bO\s?\d+\b", item.th + " " + item.en), item


def test_monthly_procurement_summary_is_the_oit_item_of_procurement_monthly():
    titles = [i.th for i in get_category("procurement_monthly").oit_items]
    assert "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน" in titles


def test_schemas_and_gdc_defaults_are_handed_out_as_copies():
    spec = get_category("egp_contract").resource("egp_contract")
    spec.schema["fields"].clear()
    assert spec.schema["fields"]
    category = get_category("agency")
    category.gdc["tags"].append("changed")
    assert "changed" not in category.gdc["tags"]
    with pytest.raises(AttributeError):
        spec.name = "other"


# ----------------------------------------------------------------------------- schemas

@pytest.mark.parametrize("category,spec", RESOURCES, ids=RESOURCE_IDS)
def test_every_schema_is_a_valid_frictionless_table_schema(category, spec):
    descriptor = spec.schema
    report = Schema.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    schema = Schema.from_descriptor(descriptor)
    assert [f.name for f in schema.fields] == list(spec.field_names)
    assert "" in descriptor["missingValues"]


@pytest.mark.parametrize("category,spec", RESOURCES, ids=RESOURCE_IDS)
def test_fields_have_english_names_thai_titles_and_bilingual_descriptions(category, spec):
    for f in spec.schema["fields"]:
        assert SNAKE.match(f["name"]), f["name"]
        assert THAI.search(f["title"]), f
        description = f["description"]
        assert THAI.search(description) and re.search(r"[A-Za-z]{3}", description), f
        assert THAI.match(description), f  # Thai first, then English
        assert f["type"] in FIELD_TYPES, f
        if "format" in f:
            assert f["type"] == "string" and f["format"] in {"email", "uri"}, f
        assert set(f.get("constraints", {})) <= CONSTRAINTS, f


@pytest.mark.parametrize("category,spec", RESOURCES, ids=RESOURCE_IDS)
def test_fiscal_years_are_buddhist_era_integers(category, spec):
    for f in spec.schema["fields"]:
        if f["name"].startswith("fiscal_year"):
            assert f["type"] == "integer"
            assert f["constraints"]["minimum"] == 2500 and f["constraints"]["maximum"] == 2700


def test_foreign_keys_stay_inside_their_category():
    for category, spec in RESOURCES:
        for fk in spec.schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or spec.name  # "" = the resource itself
            assert target in category.resource_names, (category.name, fk)
            target_spec = category.resource(target)
            assert set(fk["fields"]) <= set(spec.field_names)
            assert set(fk["reference"]["fields"]) <= set(target_spec.field_names)
            assert tuple(fk["reference"]["fields"]) == target_spec.primary_key


def test_every_resource_has_a_primary_key():
    for category, spec in RESOURCES:
        assert spec.primary_key, (category.name, spec.name)


def test_document_registers_share_one_schema():
    registers = [(c, r) for c, r in RESOURCES if r.kind == "documents"]
    assert {c.name for c, _ in registers} >= {"policy_strategy", "manuals_standards", "service_standards",
                                              "satisfaction_surveys"}
    for category, spec in registers:
        assert list(spec.field_names) == DOCUMENT_REGISTER
        assert spec.primary_key == ("document_id",)
        assert spec.document_types and "อื่นๆ" in spec.document_types
    file_pattern = re.compile(registers[0][1].schema["fields"][3]["constraints"]["pattern"])
    assert file_pattern.fullmatch("files/plan-2568.pdf")
    assert file_pattern.fullmatch("files/2568/แผนปฏิบัติราชการ.pdf")
    for bad in ("plan.pdf", "/etc/passwd", "files/../secret.pdf", "files/", "files\\a.pdf"):
        assert not file_pattern.fullmatch(bad), bad


def test_manuals_are_documents_only():
    assert [r.kind for r in get_category("manuals_standards").resources] == ["documents"]


def test_fixed_field_names_that_domain_rules_rely_on():
    def names(category, resource):
        return list(get_category(category).resource(resource).field_names)

    assert names("plan_progress", "plan_progress") == [
        "project_id", "fiscal_year", "project", "responsible_unit", "report_round", "report_start",
        "report_end", "budget_allocated", "budget_after_transfer", "budget_committed", "budget_disbursed",
        "budget_remaining", "planned_progress_pct", "actual_progress_pct", "status", "problems",
        "strategy_link"]
    assert get_category("plan_progress").resource("plan_progress").primary_key == (
        "project_id", "report_round", "fiscal_year")
    assert names("procurement_monthly", "procurement_monthly") == [
        "report_month", "seq", "item", "budget", "reference_price", "method", "bidders", "winner",
        "agreed_price", "reason", "contract_number", "contract_date"]
    assert get_category("procurement_monthly").resource("procurement_monthly").primary_key == (
        "report_month", "seq")
    assert names("procurement_monthly", "procurement_summary16") == [
        "seq", "fiscal_year", "agency_name", "district", "province", "ministry", "agency_type", "item",
        "budget", "budget_source", "status", "method", "reference_price", "agreed_price", "winner",
        "egp_project_id"]
    assert names("egp_contract", "egp_contract")[:15] == [
        "record_id", "project_id", "project_name", "project_type", "agency_name", "sub_agency_name", "method",
        "method_group", "announce_date", "budget", "reference_price", "agreed_price", "fiscal_year",
        "transaction_date", "province"]
    assert {"winner_name", "winner_tax_id", "contract_number", "contract_date", "contract_value"} <= set(
        names("egp_contract", "egp_contract"))


def test_plan_progress_rounds_budgets_and_percentages():
    fields = {f["name"]: f for f in get_category("plan_progress").resource("plan_progress").schema["fields"]}
    assert fields["report_round"]["constraints"]["enum"] == [
        "6-month", "annual", "quarter-1", "quarter-2", "quarter-3", "quarter-4"]
    for name in ("budget_allocated", "budget_after_transfer", "budget_committed", "budget_disbursed",
                 "budget_remaining"):
        assert fields[name]["type"] == "number" and fields[name]["constraints"]["minimum"] == 0
    assert fields["budget_allocated"]["constraints"]["required"] is True
    for name in ("planned_progress_pct", "actual_progress_pct"):
        assert (fields[name]["constraints"]["minimum"], fields[name]["constraints"]["maximum"]) == (0, 100)
    assert {"ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้วเสร็จ", "ยกเลิก"} <= set(
        fields["status"]["constraints"]["enum"])


def _validate_rows(spec: ResourceSpec, header: list[str], rows: list[list[str]]):
    """Map an officer's headers to fields with header_map(), lay the rows out in schema order (absent
    optional columns empty), then validate with frictionless."""
    header_map = spec.header_map()
    names = [header_map[normalise_header(h)] for h in header]
    table = [list(spec.field_names)]
    for row in rows:
        cells = dict(zip(names, row))
        table.append([cells.get(name, "") for name in spec.field_names])
    return Resource(data=table, schema=Schema.from_descriptor(spec.schema)).validate()


def test_procurement_monthly_accepts_a_month_without_purchases():
    spec = get_category("procurement_monthly").resource("procurement_monthly")
    report = _validate_rows(spec, ["เดือน", "ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง"], [["2024-10", "1", "ไม่มีการจัดซื้อจัดจ้าง"]])
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    report = _validate_rows(spec, ["เดือน", "ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง"], [["2567-10", "1", "x"]])
    assert not report.valid  # a Buddhist Era month is not accepted: report_month is Common Era


# ----------------------------------------------------------------------------- aliases and headers

@pytest.mark.parametrize("category,spec", RESOURCES, ids=RESOURCE_IDS)
def test_aliases_name_existing_fields_and_never_two_fields(category, spec):
    fields = spec.schema["fields"]
    assert set(spec.aliases) <= set(spec.field_names)
    owner: dict[str, str] = {}
    for f in fields:
        for text in (f["name"], f["title"], *spec.aliases.get(f["name"], ())):
            key = normalise_header(text)
            assert key, (f["name"], text)
            assert owner.setdefault(key, f["name"]) == f["name"], (
                f"{text!r} names both {owner[key]!r} and {f['name']!r}")


@pytest.mark.parametrize("category,spec", RESOURCES, ids=RESOURCE_IDS)
def test_header_map_includes_each_fields_name_and_thai_title(category, spec):
    header_map = spec.header_map()
    for f in spec.schema["fields"]:
        assert header_map[normalise_header(f["name"])] == f["name"]
        assert header_map[normalise_header(f["title"])] == f["name"]


def test_the_real_egp_headers_all_map_to_egp_contract_fields():
    spec = get_category("egp_contract").resource("egp_contract")
    header_map = spec.header_map()
    mapped = [header_map.get(normalise_header(h)) for h in EGP_HEADERS]
    assert None not in mapped, dict(zip(EGP_HEADERS, mapped))
    assert mapped == list(spec.field_names[:15])
    assert spec.field_for_header("\ufeffลำดับ") == "record_id"  # Excel's BOM on the first header
    assert spec.field_for_header("งบประมาณ (บาท)") == "budget"
    # the full export's contract columns
    assert spec.field_for_header("ชื่อผู้ชนะ") == "winner_name"
    assert spec.field_for_header("เลขนิติบุคคล") == "winner_tax_id"
    assert spec.field_for_header("งบสัญญา(บาท)") == "contract_value"


def test_real_egp_rows_validate_once_dates_are_converted():
    spec = get_category("egp_contract").resource("egp_contract")
    rows = [  # two real rows; "14 พ.ย. 67" converted to ISO; "-" is e-GP's empty announcement date
        ["4528583", "67119257386", "ซื้อน้ำมันเบรก จำนวน ๒ รายการ โดยวิธีเฉพาะเจาะจง", "ซื้อ", "เทศบาลตำบลแม่ริม",
         "เทศบาลตำบลแม่ริม", "วิธีการจัดหา ประกาศเชิญชวนทั่วไป คัดเลือก เฉพาะเจาะจง", "เฉพาะเจาะจง", "-", "1480",
         "1480", "1480", "2568", "2024-11-14", "เชียงใหม่"],
        ["4528584", "67129018376", "ซื้อน้ำมันเบรก จำนวน  ๒ รายการ โดยวิธีเฉพาะเจาะจง", "ซื้อ", "เทศบาลตำบลแม่ริม",
         "เทศบาลตำบลแม่ริม", "วิธีการจัดหา ประกาศเชิญชวนทั่วไป คัดเลือก เฉพาะเจาะจง", "เฉพาะเจาะจง", "-", "1480",
         "1480", "1479.81", "2568", "2024-11-05", "เชียงใหม่"],
    ]
    report = _validate_rows(spec, EGP_HEADERS, rows)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows[1][1] = rows[0][1]  # one project, several contracts: project_id repeats, record_id does not
    assert _validate_rows(spec, EGP_HEADERS, rows).valid
    rows[1][1] = "6712901837"  # ten digits
    assert not _validate_rows(spec, EGP_HEADERS, rows).valid


def test_normalise_header():
    assert normalise_header("  ราคากลาง (บาท) ") == "ราคากลาง"
    assert normalise_header("ราคากลาง(บาท)") == "ราคากลาง"
    assert normalise_header("งบประมาณ (ล้านบาท)") != normalise_header("งบประมาณ")  # a multiplier is kept
    assert normalise_header("ชื่อ  โครงการ") == "ชื่อโครงการ"
    assert normalise_header("ราคาตกลงซื้อ / จ้าง") == "ราคาตกลงซื้อ/จ้าง"
    assert normalise_header("ปีงบประมาณ ๒๕๖๘") == "ปีงบประมาณ2568"
    assert normalise_header("Project_ID") == normalise_header("project  id") == "project id"
    assert normalise_header("\ufeffลำดับ") == "ลำดับ"
    assert normalise_header("ล\u0e4d\u0e32ดับ") == "ลำดับ"  # SARA AM typed as NIKHAHIT + SARA AA
    assert normalise_header("ความก้าวหน้า (%)") == "ความก้าวหน้า"
    assert normalise_header("วันที่:") == "วันที่"


# ----------------------------------------------------------------------------- personal data

PERSONAL = re.compile(
    r"national.?id|citizen|id.?card|personal.?id|birth|\bdob\b|home.?address|residen|religio|health|criminal"
    r"|เลขประจำตัวประชาชน|บัตรประชาชน|วันเกิด|วันเดือนปีเกิด|ที่อยู่ตามทะเบียนบ้าน|ที่อยู่บ้าน|ภูมิลำเนา|ศาสนา"
    r"|สุขภาพ|ประวัติอาชญากรรม|เงินเดือน|salary",
    re.IGNORECASE)


@pytest.mark.parametrize("category,spec", RESOURCES, ids=RESOURCE_IDS)
def test_no_schema_has_personal_data_fields(category, spec):
    for f in spec.schema["fields"]:
        for text in (f["name"], f["title"], *spec.aliases.get(f["name"], ())):
            assert not PERSONAL.search(text), (spec.name, f["name"], text)


def test_staff_roster_says_what_it_leaves_out():
    roster = get_category("staff_roster")
    assert "national ID" in roster.description_en and "date of birth" in roster.description_en
    assert "home address" in roster.description_en
    assert "เลขประจำตัวประชาชน" in roster.description_th
    assert set(roster.resource("staff_roster").field_names) >= {
        "unit", "position", "level", "prefix", "first_name", "last_name", "phone_office", "email_work"}


def test_contact_fields_are_work_contacts():
    for category, spec in RESOURCES:
        for f in spec.schema["fields"]:
            if "email" in f["name"]:
                assert f.get("format") == "email", f
            if "phone" in f["name"]:
                assert f["name"] == "phone_office", f


# ----------------------------------------------------------------------------- GD Catalog defaults

@pytest.mark.parametrize("category", all_categories(), ids=lambda c: c.name)
def test_gdc_defaults_use_exact_gd_catalog_choices(category):
    gdc = category.gdc
    assert validate_gdc(gdc) == []
    for key in ("data_type", "objective", "update_frequency_unit", "geo_coverage", "data_format",
                "data_category", "data_classification", "license_id", "data_language", "tags", "data_source"):
        assert gdc.get(key), (category.name, key)
    assert gdc["license_id"] == "Creative Commons Attributions"
    assert gdc["data_category"] == "ข้อมูลสาธารณะ" and gdc["data_classification"] == "เปิดเผย"
    assert any(THAI.search(t) for t in gdc["tags"]) and any(re.fullmatch(r"[A-Za-z0-9 ._-]+", t) for t in gdc["tags"])


@pytest.mark.parametrize("category", all_categories(), ids=lambda c: c.name)
def test_gdc_update_frequency_follows_the_currency_rule(category):
    gdc = category.gdc
    assert gdc["update_frequency_unit"] == FREQUENCY_UNIT[category.currency.frequency]
    if category.currency.frequency == "on_change":
        assert gdc["update_frequency_unit_other"]
    else:
        assert gdc["update_frequency_interval"] == 1


def test_validate_gdc_is_stricter_than_ckan():
    good = get_category("procurement_monthly").gdc
    assert validate_gdc(good) == []
    assert validate_gdc({**good, "geo_coverage": "เกาะภูเก็ต"})  # an invented value
    assert validate_gdc({**good, "license_id": "cc-by"})  # the label text is stored, not the id
    assert validate_gdc({**good, "objective": "พันธกิจหน่วยงาน"})  # multiple choice: a list
    assert validate_gdc({**good, "data_format": ["XLS/XLSX"]})  # "XLS" is the value, "XLS/XLSX" the label
    assert validate_gdc({**good, "geo_coverage": "อื่นๆ"})  # needs geo_coverage_other
    assert validate_gdc({**good, "geo_coverage": "อื่นๆ", "geo_coverage_other": "เกาะภูเก็ต"}) == []
    assert validate_gdc({**good, "data_category": "ข้อมูลส่วนบุคคล"})  # not with เปิดเผย
    assert validate_gdc({**good, "unit_of_measure": "บาท"})  # statistics-only field on a records dataset
    assert validate_gdc(good, complete=True)  # title, owner_org, maintainer ... still missing
    assert "ข้อมูลระเบียน" in DATASET_CHOICES["data_type"]


# ----------------------------------------------------------------------------- currency

def test_thai_fiscal_year():
    assert fiscal_year_of(date(2024, 10, 1)) == 2568
    assert fiscal_year_of(date(2024, 9, 30)) == 2567
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert report_round_period("6-month", 2568) == (date(2024, 10, 1), date(2025, 3, 31))
    assert report_round_period("annual", 2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert report_round_period("quarter-1", 2568) == (date(2024, 10, 1), date(2024, 12, 31))
    assert report_round_period("quarter-4", 2568) == (date(2025, 7, 1), date(2025, 9, 30))
    with pytest.raises(ValueError):
        report_round_period("quarter-5", 2568)


def test_monthly_summary_for_october_2567_is_due_30_days_after_the_month():
    rule = get_category("procurement_monthly").currency
    assert (rule.frequency, rule.due_days) == ("monthly", 30)
    october = rule.period_containing(date(2024, 10, 15))  # ตุลาคม 2567
    assert october == (date(2024, 10, 1), date(2024, 10, 31))
    assert rule.due_date(october[1]) == date(2024, 11, 30)
    published_through_september = date(2024, 9, 30)
    assert not rule.is_overdue(published_through_september, date(2024, 11, 1))
    assert not rule.is_overdue(published_through_september, date(2024, 11, 30))
    assert rule.is_overdue(published_through_september, date(2024, 12, 1))
    assert not rule.is_overdue(date(2024, 10, 31), date(2024, 12, 1))  # October filed: November due 30 Dec
    assert rule.is_overdue(None, date(2024, 12, 1))  # nothing published at all


def test_semiannual_plan_progress_round_one_is_october_to_march():
    rule = get_category("plan_progress").currency
    assert rule.frequency == "semiannual"
    assert rule.period_containing(date(2024, 10, 1)) == (date(2024, 10, 1), date(2025, 3, 31))
    assert rule.period_containing(date(2025, 3, 31)) == (date(2024, 10, 1), date(2025, 3, 31))
    assert rule.period_containing(date(2025, 4, 1)) == (date(2025, 4, 1), date(2025, 9, 30))
    assert rule.due_date(date(2025, 3, 31)) == date(2025, 4, 30)
    previous_year_done = date(2024, 9, 30)
    assert not rule.is_overdue(previous_year_done, date(2025, 4, 30))
    assert rule.is_overdue(previous_year_done, date(2025, 5, 1))
    assert not rule.is_overdue(date(2025, 3, 31), date(2025, 10, 30))  # annual report due 30 Oct
    assert rule.is_overdue(date(2025, 3, 31), date(2025, 10, 31))


def test_annual_plan_is_due_at_the_start_of_its_fiscal_year():
    rule = get_category("action_plan").currency
    assert (rule.frequency, rule.anchor) == ("annual", "start")
    assert rule.period_containing(date(2025, 2, 1)) == fiscal_year_bounds(2568)
    assert rule.due_date(date(2025, 9, 30)) == date(2024, 10, 1)  # FY2568's plan by 1 Oct 2567
    plan_2567_published = fiscal_year_bounds(2567)[1]
    assert not rule.is_overdue(plan_2567_published, date(2024, 10, 1))
    assert rule.is_overdue(plan_2567_published, date(2024, 10, 2))
    assert not rule.is_overdue(fiscal_year_bounds(2568)[1], date(2024, 10, 2))  # FY2568's plan is out


def test_quarterly_and_annual_periods_follow_the_fiscal_year():
    quarterly = CurrencyRule("quarterly", 30)
    assert quarterly.period_containing(date(2024, 11, 5)) == (date(2024, 10, 1), date(2024, 12, 31))
    assert quarterly.period_containing(date(2025, 2, 28)) == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarterly.next_period(date(2024, 12, 31)) == (date(2025, 1, 1), date(2025, 3, 31))
    annual = CurrencyRule("annual", 60)
    assert annual.period_containing(date(2024, 9, 30)) == fiscal_year_bounds(2567)
    assert annual.due_date(date(2025, 9, 30)) == date(2025, 11, 29)


def test_on_change_is_never_overdue_by_date():
    rule = get_category("agency").currency
    assert rule.frequency == "on_change" and not rule.is_periodic
    assert not rule.is_overdue(None, date(2030, 1, 1))
    assert not rule.is_overdue(date(2000, 1, 1), date(2030, 1, 1))
    with pytest.raises(ValueError):
        rule.period_containing(date(2024, 1, 1))


def test_currency_rules_reject_unknown_frequencies():
    with pytest.raises(ValueError):
        CurrencyRule("weekly", 7)
    with pytest.raises(ValueError):
        CurrencyRule("monthly", 30, anchor="middle")


@pytest.mark.parametrize("category", all_categories(), ids=lambda c: c.name)
def test_every_category_has_a_currency_note_in_both_languages(category):
    assert category.currency.note_th and category.currency.note_en
    assert category.currency.due_days >= 0
