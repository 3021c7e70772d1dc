"""Searching the portal by what the disclosure mandate asks: fiscal year, subject and OIT item (from each
dataset's `disclosure` extra), licence and group, and file format whatever its case; through the Action API
as CKAN's extras facets answer, and on the search page, where on a phone the filters come before the results."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest

from catalog.disclosure import get_category
from tests.server.chromium_devtools import Chromium
from tests.server.test_pages import get

MONTHLY = "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"
SIX_MONTHS = "รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณ ประจำปี รอบ 6 เดือน"


def disclosure(category: str, fiscal_year: int) -> dict:
    """The extra as the publisher writes it (catalog/disclosure's category, its OIT items by title)."""
    spec = get_category(category)
    return {"key": "disclosure", "value": json.dumps({
        "category": category, "fiscal_year": fiscal_year, "mandate_item": spec.mandate_item,
        "oit_items": [{"th": item.th, "en": item.en} for item in spec.oit_items]}, ensure_ascii=False)}


@pytest.fixture
def province(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    ckan.action.organization_create(name="patong", title="เทศบาลเมืองป่าตอง")
    ckan.action.group_create(name="transparency", title="ความโปร่งใส")
    link = "https://www.phuket-pao.example.go.th/ita/"
    ckan.action.package_create(
        name="pao-procurement-monthly-2568", title="สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ 2568",
        owner_org="phuket-pao", license_id="cc-by", groups=[{"name": "transparency"}],
        extras=[disclosure("procurement_monthly", 2568)],
        resources=[{"name": "สขร.1", "url": link + "2568.csv", "format": "CSV"}])
    ckan.action.package_create(
        name="pao-procurement-monthly-2567", title="สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ 2567",
        owner_org="phuket-pao", license_id="cc-by", extras=[disclosure("procurement_monthly", 2567)],
        resources=[{"name": "สขร.1", "url": link + "2567.csv", "format": "csv"}])
    ckan.action.package_create(
        name="pao-plan-progress-2568", title="รายงานผลการดำเนินงานตามแผน ปีงบประมาณ 2568", owner_org="phuket-pao",
        license_id="odc-by", groups=[{"name": "transparency"}], extras=[disclosure("plan_progress", 2568)],
        resources=[{"name": "progress", "url": link + "progress.json", "format": "JSON"}])
    ckan.action.package_create(
        name="patong-staff-roster-2568", title="ข้อมูลบุคลากร เทศบาลเมืองป่าตอง", owner_org="patong",
        license_id="cc-by", extras=[disclosure("staff_roster", 2568)],
        resources=[{"name": "roster", "url": "https://patong.example.go.th/roster.json", "format": "json"}])
    ckan.action.package_create(  # harvested from a portal that keeps the year as a plain extra
        name="patong-budget-2567", title="งบประมาณรายจ่าย เทศบาลเมืองป่าตอง 2567", owner_org="patong",
        license_id="odc-by", extras=[{"key": "fiscal_year", "value": "2567"}],
        resources=[{"name": "budget", "url": "https://patong.example.go.th/budget.xlsx", "format": "XLSX"}])
    ckan.action.package_create(name="patong-secret", title="ลับ", owner_org="patong", private=True,
                               extras=[disclosure("staff_roster", 2568)])
    return catalog_server


def search(server, **params) -> dict:
    return server.ckan().action.package_search(**params)


def follow(server, href: str) -> str:
    """The page a link of a page leads to (its query string as the link has it)."""
    return httpx.get(server.url + href, timeout=30).text


def names(result: dict) -> list[str]:
    return sorted(p["name"] for p in result["results"])


# --- the Action API ---------------------------------------------------------------------------------------

def test_disclosure_facts_are_facets(province):
    fields = ["fiscal_year", "disclosure_category", "oit_item", "license_id", "groups", "res_format"]
    result = search(province, rows=0, **{"facet.field": json.dumps(fields)})
    assert result["count"] == 5
    facets = result["facets"]
    assert facets["fiscal_year"] == {"2568": 3, "2567": 2}
    assert facets["disclosure_category"] == {"procurement_monthly": 2, "plan_progress": 1, "staff_roster": 1}
    assert facets["oit_item"][MONTHLY] == 2 and facets["oit_item"][SIX_MONTHS] == 1
    assert facets["oit_item"]["นโยบายการบริหารทรัพยากรบุคคล"] == 1, "the private roster is not counted"
    assert facets["license_id"] == {"cc-by": 3, "odc-by": 2}
    assert facets["groups"] == {"transparency": 2}
    assert facets["res_format"] == {"CSV": 2, "JSON": 2, "XLSX": 1}, "one value whatever the case it was typed in"
    items = result["search_facets"]["fiscal_year"]["items"]
    assert {i["name"]: i["count"] for i in items} == {"2568": 3, "2567": 2}


def test_fq_on_disclosure_fields_narrows_the_search(province):
    assert names(search(province, fq="fiscal_year:2568")) == [
        "pao-plan-progress-2568", "pao-procurement-monthly-2568", "patong-staff-roster-2568"]
    assert names(search(province, fq="fiscal_year:2567")) == ["pao-procurement-monthly-2567", "patong-budget-2567"]
    assert names(search(province, fq="disclosure_category:procurement_monthly AND fiscal_year:2568")) == [
        "pao-procurement-monthly-2568"]
    assert names(search(province, fq=f'oit_item:"{SIX_MONTHS}"')) == ["pao-plan-progress-2568"]
    assert names(search(province, fq="fiscal_year:[2567 TO 2567]")) == names(search(province, fq="fiscal_year:2567"))
    assert search(province, fq="fiscal_year:2566")["count"] == 0
    # the facet counts follow the filter
    narrowed = search(province, fq="fiscal_year:2567", **{"facet.field": json.dumps(["disclosure_category"])})
    assert narrowed["facets"]["disclosure_category"] == {"procurement_monthly": 1}


def test_a_format_matches_in_any_case(province):
    for value in ("csv", "CSV", "Csv", '"csv"'):
        assert names(search(province, fq=f"res_format:{value}")) == [
            "pao-procurement-monthly-2567", "pao-procurement-monthly-2568"], value
    assert names(search(province, fq="res_format:json")) == ["pao-plan-progress-2568", "patong-staff-roster-2568"]
    assert names(search(province, fq="res_format:js*")) == names(search(province, fq="res_format:JSON"))
    # the datasets themselves keep the format as it was given
    shown = province.ckan().action.package_show(id="patong-staff-roster-2568")
    assert shown["resources"][0]["format"] == "json"


def test_a_changed_disclosure_moves_the_dataset_between_facet_values(province):
    fields = json.dumps(["fiscal_year"])
    assert search(province, rows=0, **{"facet.field": fields})["facets"]["fiscal_year"] == {"2568": 3, "2567": 2}
    admin = province.ckan(province.sysadmin_token)
    admin.action.package_patch(id="pao-plan-progress-2568", extras=[disclosure("plan_progress", 2569)])
    assert search(province, rows=0, **{"facet.field": fields})["facets"]["fiscal_year"] == {
        "2568": 2, "2567": 2, "2569": 1}
    assert names(search(province, fq="fiscal_year:2569")) == ["pao-plan-progress-2568"]


# --- the search page --------------------------------------------------------------------------------------

def facet_section(page: str, field: str) -> str:
    found = re.search(rf'<section class="facet" data-field="{field}">.*?</section>', page, re.S)
    assert found, f"no {field} facet"
    return found.group(0)


def facet_counts(section: str) -> dict[str, int]:
    """{label (Thai, with its English): count} of a facet's links."""
    out = {}
    for label, count in re.findall(r'<span class="facet-label">(.*?)</span>\s*<span class="count">(\d+)</span>',
                                   section, re.S):
        out[html.unescape(re.sub(r"<[^>]+>", "", label)).strip()] = int(count)
    return out


def test_the_home_page_lists_the_new_facets_with_counts(province):
    page = get(province, "/").text
    assert re.search(r'class="result-count">5</strong>', page)
    fiscal = facet_section(page, "fiscal_year")
    assert "<h2>ปีงบประมาณ <span class=\"en\" lang=\"en\">Fiscal year</span></h2>" in fiscal
    assert facet_counts(fiscal) == {"2568 FY 2025": 3, "2567 FY 2024": 2}
    assert fiscal.index("2568") < fiscal.index("2567"), "the latest year first"
    subjects = facet_section(page, "disclosure_category")
    assert facet_counts(subjects) == {"สรุปผลการจัดซื้อจัดจ้างรายเดือน Monthly procurement summary": 2,
                                      "รายงานผลการดำเนินงานตามแผน Plan progress reports": 1,
                                      "ข้อมูลบุคลากร Staff roster": 1}
    assert '<span class="en" lang="en">Monthly procurement summary</span>' in subjects
    oit = facet_counts(facet_section(page, "oit_item"))
    assert oit[f"{MONTHLY} Monthly procurement summary"] == 2
    assert facet_counts(facet_section(page, "license_id")) == {"Creative Commons Attribution": 3,
                                                               "Open Data Commons Attribution License": 2}
    assert facet_counts(facet_section(page, "groups")) == {"ความโปร่งใส": 2}
    assert facet_counts(facet_section(page, "res_format")) == {"CSV": 2, "JSON": 2, "XLSX": 1}
    assert "<summary>ตัวกรอง <span class=\"en\" lang=\"en\">Filters</span></summary>" in page


def test_following_a_fiscal_year_facet_narrows_the_results(province):
    page = get(province, "/").text
    link = re.search(r'<a href="([^"]*fiscal_year=2567[^"]*)"', facet_section(page, "fiscal_year"))
    href = html.unescape(link.group(1))
    assert href == "/dataset?fiscal_year=2567"
    narrowed = follow(province, href)
    assert re.search(r'class="result-count">2</strong>', narrowed)
    assert "สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ 2567" in narrowed
    assert "งบประมาณรายจ่าย เทศบาลเมืองป่าตอง" in narrowed
    assert "ปีงบประมาณ 2568" not in narrowed.split('<section class="results"')[1]
    active = facet_section(narrowed, "fiscal_year")
    assert re.search(r'<a href="/dataset\??" class="active" aria-current="true">', active), "a second click removes it"
    assert facet_counts(facet_section(narrowed, "disclosure_category")) == {
        "สรุปผลการจัดซื้อจัดจ้างรายเดือน Monthly procurement summary": 1}
    assert '<ul class="active-filters"' in narrowed
    # then a subject on top of the year, through its link
    subject = html.unescape(re.search(r'<a href="([^"]*disclosure_category=procurement_monthly[^"]*)"',
                                      facet_section(narrowed, "disclosure_category")).group(1))
    both = follow(province, subject)
    assert re.search(r'class="result-count">1</strong>', both)
    assert "สรุปผลการจัดซื้อจัดจ้างรายเดือน" in both.split('<ul class="active-filters"')[1].split("</ul>")[0], \
        "the chip names the subject by its title"


def test_a_format_typed_in_lower_case_filters_and_shows_as_active(province):
    page = get(province, "/dataset", res_format="csv").text
    assert re.search(r'class="result-count">2</strong>', page)
    assert re.search(r'class="active" aria-current="true">\s*<span class="facet-label">CSV</span>',
                     facet_section(page, "res_format"))


def test_on_a_phone_the_filters_come_before_the_first_result(province, tmp_path):
    where = ("JSON.stringify({summary: document.querySelector('.filter-panel > summary').getBoundingClientRect(),"
             " facet: document.querySelector('.facet').getBoundingClientRect(),"
             " facet_shown: document.querySelector('.facet').checkVisibility(),"
             " card: document.querySelector('.dataset-card').getBoundingClientRect(), width: innerWidth})")
    browser = Chromium(tmp_path / "profile")
    try:
        phone = json.loads(browser.evaluate_at(province.url + "/", where, width=390))
        opened = browser.evaluate_at(
            province.url + "/", "document.querySelector('.filter-panel > summary').click(), JSON.stringify({"
            "shown: document.querySelector('.facet').checkVisibility(), card: "
            "document.querySelector('.dataset-card').getBoundingClientRect(), facet: "
            "document.querySelector('.facet').getBoundingClientRect()})", width=390)
        desktop = json.loads(browser.evaluate_at(province.url + "/", where, width=1280, height=900))
    finally:
        browser.close()
    assert phone["width"] == 390
    assert phone["summary"]["height"] > 30, "the Filters summary shows on a phone"
    assert phone["summary"]["bottom"] <= phone["card"]["top"], (phone["summary"], phone["card"])
    assert phone["card"]["top"] < 1400, "the first result is still near the top"
    assert phone["facet_shown"] is False, "closed until asked for"
    opened = json.loads(opened)
    assert opened["shown"] is True, "a tap opens the filters"
    assert opened["facet"]["bottom"] <= opened["card"]["top"], "open, they still come before the results"
    # side by side on a wide screen: no summary, the facets open beside the results
    assert desktop["summary"]["height"] == 0
    assert desktop["facet_shown"] is True and desktop["facet"]["right"] <= desktop["card"]["left"]
    assert desktop["facet"]["top"] < desktop["card"]["bottom"]
