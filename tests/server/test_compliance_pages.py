"""The compliance pages, read as a reader reads them: the province's matrix at /compliance, one agency's
timeline at /organization/{name}/compliance, and the badge on a disclosure dataset's page.

The province is tests/compliance/catalog_fixtures.py's four agencies (complete, late, gap, silent), assessed
as of 2568-11-30 for fiscal year 2568, so nothing here depends on today.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

import httpx
import pytest

from tests.compliance.catalog_fixtures import AGENCIES, publish_compliance_catalog
from tests.server.test_pages import assert_rendered_page, screenshot

VIEW = {"as_of": "2568-11-30", "fiscal_year": "2568"}
THAI_STATUS_WORDS = ("เป็นปัจจุบัน", "ใกล้ครบกำหนด", "เลยกำหนด", "ไม่มีข้อมูล", "เผยแพร่แล้ว", "ยังไม่ถึงกำหนด")


@pytest.fixture(scope="module")
def province(module_catalog_server):
    publish_compliance_catalog(module_catalog_server)
    return module_catalog_server


def get(server, path: str, **params) -> httpx.Response:
    return httpx.get(server.url + path, params={**VIEW, **params}, timeout=60)


def text_of(fragment: str) -> str:
    """What a reader sees of some HTML: the text, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def matrix_row(page: str, agency: str) -> str:
    found = re.search(rf'<tr id="agency-{agency}".*?</tr>', page, re.S)
    assert found, f"no matrix row for {agency}"
    return found.group(0)


def matrix_cell(page: str, agency: str, category: str) -> tuple[str, str, str]:
    """(status, text, link) of the agency's cell for the category."""
    row = matrix_row(page, agency)
    found = re.search(rf'<td class="cell s-(\w+)" data-category="{category}">(.*?)</td>', row, re.S)
    assert found, f"no {category} cell for {agency}"
    return found.group(1), text_of(found.group(2)), html.unescape(re.search(r'href="([^"]+)"', found.group(2)).group(1))


def agency_order(page: str) -> list[str]:
    return re.findall(r'<tr id="agency-([\w-]+)"', page)


def sort_link(page: str, sort: str) -> str:
    found = re.search(rf'<a class="sort-link[^"]*" href="([^"]*sort={sort}[^"]*)"', page)
    assert found, f"no sort link for {sort}"
    return html.unescape(found.group(1))


def subject_section(page: str, category: str) -> str:
    found = re.search(rf'<section id="{category}".*?</section>', page, re.S)
    assert found, f"no section for {category}"
    return found.group(0)


def period_block(section: str, label: str) -> tuple[str, str]:
    """(classes, text) of a period's block on a subject's timeline."""
    found = re.search(rf'<li class="period ([^"]*)"[^>]*?data-period="{re.escape(label)}">(.*?)</li>', section, re.S)
    assert found, f"no period {label}"
    return found.group(1), text_of(found.group(2))


# --- /compliance ---------------------------------------------------------------------------------------------

def test_the_matrix_tells_each_agencys_state(province):
    response = get(province, "/compliance")
    assert response.status_code == 200
    page = response.text
    assert "ปีงบประมาณ 2568" in page and "30 พฤศจิกายน 2568" in page
    assert sorted(agency_order(page)) == sorted(AGENCIES)

    # late: the annual plan-progress round is overdue, named in the cell and in its summary line
    status, text, link = matrix_cell(page, "late", "plan_progress")
    assert status == "overdue" and "เลยกำหนด 1/2" in text and "2568/annual" in text
    assert link == "/organization/late/compliance?as_of=2568-11-30&fiscal_year=2568#plan_progress"
    assert matrix_cell(page, "late", "procurement_monthly")[:2] == ("current", "✓ เป็นปัจจุบัน 12/12")
    # gap: February 2568's summary never came
    status, text, link = matrix_cell(page, "gap", "procurement_monthly")
    assert status == "overdue" and "เลยกำหนด 11/12" in text and "2568-02" in text
    assert link.startswith("/organization/gap/compliance?") and link.endswith("#procurement_monthly")
    assert matrix_cell(page, "gap", "staff_roster")[0] == "overdue"  # older than its maximum age
    # complete: everything it publishes is current
    for category in ("procurement_monthly", "plan_progress", "staff_roster"):
        assert matrix_cell(page, "complete", category)[0] == "current", category
    # silent: missing everywhere
    cells = re.findall(r'<td class="cell s-(\w+)"', matrix_row(page, "silent"))
    assert cells == ["missing"] * 13
    # one column per category, titled in Thai with the English in grey
    heads = re.findall(r'<th scope="col" class="cat-col" data-category="(\w+)">(.*?)</th>', page, re.S)
    assert len(heads) == 13
    assert 'สรุปผลการจัดซื้อจัดจ้างรายเดือน <span class="en" lang="en">Monthly procurement summary</span>' in dict(
        heads)["procurement_monthly"]
    # a summary line per agency
    summaries = dict(re.findall(r'<li data-agency="(\w+)">(.*?)</li>', page, re.S))
    assert set(summaries) == set(AGENCIES)
    assert "late: เป็นปัจจุบัน 2/13 หัวข้อ, เลยกำหนด 1: plan_progress 2568/annual" in text_of(summaries["late"])
    assert "procurement_monthly 2568-02 (กำหนด 2568-03-30 เลยมา 245 วัน)" in text_of(summaries["gap"])


def test_the_column_heads_sort_without_javascript(province):
    page = get(province, "/compliance").text
    assert agency_order(page) == ["complete", "late", "silent", "gap"]  # by Thai title: เทศบาล…, สำนักงาน…, องค์การ…
    fewest_current = sort_link(page, "current")
    assert "as_of=2568-11-30" in fewest_current and "fiscal_year=2568" in fewest_current
    assert agency_order(httpx.get(province.url + fewest_current).text) == ["gap", "silent", "late", "complete"]
    most_overdue = httpx.get(province.url + sort_link(page, "overdue")).text
    assert agency_order(most_overdue) == ["gap", "late", "silent", "complete"]
    assert 'aria-sort="descending"' in most_overdue
    assert "<script" not in page  # readable without JavaScript, and none inline


def test_the_form_filters_by_agency_and_subject(province):
    page = get(province, "/compliance").text
    form = re.search(r'<form class="compliance-form" method="get" action="/compliance".*?</form>', page, re.S).group(0)
    for field in ("agency", "category", "as_of", "fiscal_year"):
        assert f'name="{field}"' in form, field

    page = get(province, "/compliance", agency="late", category="procurement_monthly").text
    assert agency_order(page) == ["late"]
    assert re.findall(r'data-category="(\w+)">', page) == ["procurement_monthly"] * 2  # the head and the one cell
    assert matrix_cell(page, "late", "procurement_monthly")[:2] == ("current", "✓ เป็นปัจจุบัน 12/12")
    assert '<option value="late" selected>' in page and '<option value="procurement_monthly" selected>' in page
    assert "ล้างตัวกรอง" in page


def test_english_switches_every_label(province):
    thai = get(province, "/compliance").text
    toggle = html.unescape(re.search(r'<a class="lang-toggle" href="([^"]+)"[^>]*>English</a>', thai).group(1))
    assert "lang=en" in toggle and "as_of=2568-11-30" in toggle and "fiscal_year=2568" in toggle

    page = httpx.get(province.url + toggle).text
    assert '<html lang="en">' in page
    assert "Complete and current disclosure" in page and "Status by agency and subject" in page
    # the month overdue in the Common Era on the English page (the Thai page says 2568-02)
    assert matrix_cell(page, "gap", "procurement_monthly")[1] == "✗ overdue 11/12 2025-02"
    assert "2568-02" in matrix_cell(thai, "gap", "procurement_monthly")[1]
    assert matrix_cell(page, "silent", "agency")[1] == "– missing"
    assert ">Monthly procurement summary</th>" in page
    assert "gap: 0/13 subjects current, 2 overdue" in text_of(page)
    for word in THAI_STATUS_WORDS:
        assert word not in page, word
    back = re.search(r'<a class="lang-toggle" href="([^"]+)"[^>]*>ภาษาไทย</a>', page)
    # Thai is named, not left out: the language is remembered in a cookie, which a bare URL would follow
    assert back and "lang=th" in html.unescape(back.group(1)) and "as_of=2568-11-30" in html.unescape(back.group(1))

    agency = get(province, "/organization/late/compliance", lang="en").text
    assert "Plan progress reports" in agency and "20 days late" in agency and "31 days overdue" in agency
    for word in THAI_STATUS_WORDS:
        assert word not in agency, word


def test_the_chart_shows_periods_covered_month_by_month(province):
    page = get(province, "/compliance").text
    svg = re.search(r"<svg class=\"coverage-chart\".*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-label="แผนภูมิงวดที่เผยแพร่แล้วรายเดือน ปีงบประมาณ 2568' in svg
    months = re.findall(r'<text class="chart-month"[^>]*>([^<]+)</text>', svg)
    assert months == ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
    rows = {part.split('"', 1)[0]: part for part in svg.split('<g class="chart-row" data-agency="')[1:]}
    assert re.findall(r'<g class="chart-row" data-agency="(\w+)"', svg) == agency_order(page)  # one row per agency

    def cells(agency):
        return re.findall(r'<title>([^<]*)</title>\s*<rect class="(band-[a-z]+)"', rows[agency])

    assert all(band == "band-none" for _, band in cells("silent"))
    assert all(band != "band-none" for _, band in cells("complete"))
    february = cells("gap")[4]  # the fifth month of the fiscal year
    assert february == ("องค์การบริหารส่วนตำบลขาดงวด — ก.พ. 2568: เผยแพร่แล้ว 0/2 งวด", "band-none")
    legend = text_of(re.search(r'<ul class="chart-legend">.*?</ul>', page, re.S).group(0))
    assert "เผยแพร่ครบทุกงวด" in legend and "ยังไม่เผยแพร่เลย" in legend


@pytest.mark.parametrize("path", ["/compliance", "/organization/late/compliance"])
@pytest.mark.parametrize("params, field_th, field_en", [
    ({"as_of": "2568-13-40"}, "วันที่ไม่ถูกต้อง", "Invalid date"),
    ({"as_of": "0001-01-01"}, "วันที่ไม่ถูกต้อง", "Invalid date"),
    ({"fiscal_year": "abc"}, "ปีงบประมาณไม่ถูกต้อง", "Invalid fiscal year"),
])
def test_a_bad_date_or_year_answers_400_with_a_clear_message(province, path, params, field_th, field_en):
    response = httpx.get(province.url + path, params=params, timeout=60)
    assert response.status_code == 400
    assert field_th in response.text and field_en in response.text
    assert f"<code>{next(iter(params.values()))}</code>" in response.text  # the value given, to correct it


def test_a_bad_value_is_shown_escaped(province):
    response = httpx.get(province.url + "/compliance", params={"as_of": "<script>alert(1)</script>"})
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


# --- /organization/{name}/compliance -----------------------------------------------------------------------

def test_an_agencys_page_lays_its_periods_on_the_fiscal_year(province):
    response = get(province, "/organization/late/compliance")
    assert response.status_code == 200
    page = response.text
    shown = json.loads(httpx.get(province.url + "/api/3/action/compliance_show",
                                 params={"id": "late", **VIEW}).text)["result"]
    assert text_of(shown["summary"]["th"]) in text_of(page)

    progress = subject_section(page, "plan_progress")
    assert "✗ เลยกำหนด 1/2" in text_of(progress)
    assert "รอบ 6 เดือน" in progress and "The 6-month round" in progress  # the rule's note, Thai and English
    classes, text = period_block(progress, "2568/6-month")
    assert "s-covered" in classes and "p-late" in classes and "gs-6" in classes  # Oct..Mar: six months
    assert "เผยแพร่ 2568-05-20" in text and "ช้า 20 วัน" in text
    six_month = next(p for s in shown["subjects"] if s["category"] == "plan_progress" for p in s["periods"]
                     if p["label"] == "2568/6-month")
    assert f'<a class="p-link" href="{six_month["url"]}">' in progress  # the permanent version that covers it
    classes, text = period_block(progress, "2568/annual")
    assert "s-overdue" in classes and "gs-12" in classes and "gc-1" in classes
    assert "เลยมา 31 วัน" in text and "กำหนด 2568-10-30" in text

    procurement = subject_section(page, "procurement_monthly")
    classes, text = period_block(procurement, "2568-03")
    assert "gc-6 gs-1" in classes and "ช้า 12 วัน" in text and "เผยแพร่ 2568-05-12" in text
    assert "ตรงเวลา" in period_block(procurement, "2568-04")[1]
    assert "ค่าเริ่มต้นที่ยังไม่ยืนยัน" in procurement and "จำนวนวันที่ต้องเผยแพร่" in procurement  # due_days
    statistics = subject_section(page, "service_statistics")
    assert "gc-4 gs-3" in period_block(statistics, "2568/q2")[0]  # Jan..Mar

    roster = text_of(subject_section(page, "staff_roster"))
    assert "เผยแพร่ล่าสุด Last published 2568-03-01" in roster and "เป็นปัจจุบันถึง Current until 2569-03-01" in roster

    oit = re.search(r'<table class="data-table oit-table">.*?</table>', page, re.S).group(0)
    assert f"{province.url}/dataset/late-procurement-monthly-2568" in oit
    assert "สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ 2568 — เทศบาลตำบลล่าช้า" in oit
    assert "2568-10-20" in oit  # last published


def test_nothing_to_report_and_the_previous_years_periods(province):
    procurement = subject_section(get(province, "/organization/complete/compliance").text, "procurement_monthly")
    assert "ไม่มีการจัดซื้อจัดจ้าง" in period_block(procurement, "2567-11")[1]
    assert "ไม่มีการจัดซื้อจัดจ้าง" not in period_block(procurement, "2567-12")[1]
    # without a fiscal year: the year of the date (2569), after the year before's periods that fall due in it
    page = httpx.get(province.url + "/organization/complete/compliance", params={"as_of": "2568-11-30"}).text
    assert "ปีงบประมาณ 2569" in page and "รวมงวดของปีก่อนที่ครบกำหนดในปีนี้" in page
    progress = subject_section(page, "plan_progress")
    assert ">ยกมา<small>2568</small>" in progress
    classes, text = period_block(progress, "2568/annual")
    assert "p-carried" in classes and "gc-1 gs-1" in classes and "เผยแพร่ 2568-10-20" in text
    assert "gc-2 gs-6" in period_block(progress, "2569/6-month")[0]  # this year's start one column on


def test_a_declared_filing_says_so(catalog_server):
    publish_compliance_catalog(catalog_server)
    catalog_server.ckan(catalog_server.sysadmin_token).action.package_create(
        name="complete-survey-2568", title="ผลสำรวจความพึงพอใจ 2568", owner_org="complete",
        extras=[{"key": "disclosure", "value": json.dumps({
            "category": "satisfaction_surveys", "fiscal_year": 2568,
            "filed": [{"date": "2025-10-15", "periods": ["2568"], "url": "https://example.org/survey-2568.pdf"}]})}])
    section = subject_section(get(catalog_server, "/organization/complete/compliance").text, "satisfaction_surveys")
    classes, text = period_block(section, "2568")
    assert "s-covered" in classes and "หน่วยงานแจ้งเอง" in text and "เผยแพร่ 2568-10-15" in text
    assert 'href="https://example.org/survey-2568.pdf"' in section


def test_an_unknown_agency_is_not_found(province):
    response = get(province, "/organization/nobody/compliance")
    assert response.status_code == 404 and "ไม่พบหน้าที่คุณต้องการ" in response.text


# --- the dataset page's badge --------------------------------------------------------------------------

def test_a_disclosure_dataset_shows_its_agencys_standing(province):
    province.store.set_setting("compliance_as_of", "2025-11-30")  # the site's view, as the badge has no query
    province.store.set_setting("compliance_fiscal_year", "2568")
    try:
        page = httpx.get(province.url + "/dataset/gap-procurement-monthly-2568").text
    finally:
        province.store.set_setting("compliance_as_of", "")
        province.store.set_setting("compliance_fiscal_year", "")
    badge = re.search(r'<p class="compliance-badge">.*?</p>', page, re.S)
    assert badge, "no badge"
    assert 'href="/organization/gap/compliance#procurement_monthly"' in badge.group(0)
    assert "s-overdue" in badge.group(0) and "เลยกำหนด 11/12" in text_of(badge.group(0))

    province.ckan(province.sysadmin_token).action.package_create(name="gap-notes", title="บันทึกทั่วไป",
                                                                 owner_org="gap")
    plain = httpx.get(province.url + "/dataset/gap-notes")
    assert plain.status_code == 200 and "compliance-badge" not in plain.text


# --- escaping and rendering ----------------------------------------------------------------------------

def test_an_agency_title_is_escaped_everywhere(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="tricky", title="<script>alert(1)</script> อบต.")
    ckan.action.package_create(name="tricky-roster", title="บุคลากร", owner_org="tricky",
                               extras=[{"key": "disclosure", "value": json.dumps({"category": "staff_roster"})}])
    for path in ("/compliance", "/organization/tricky/compliance"):
        page = get(catalog_server, path).text
        assert "<script>alert(1)" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt; อบต." in page, path


def test_the_pages_render_in_headless_chromium(province, tmp_path):
    shots = []
    for name, path in [("matrix", "/compliance"), ("late", "/organization/late/compliance")]:
        for lang in ("th", "en"):
            # the language is named both ways: the browser profile keeps the cookie the English page set
            url = f"{province.url}{path}?as_of=2568-11-30&fiscal_year=2568&lang={lang}"
            shot = screenshot(url, tmp_path / f"{name}-{lang}.png", tmp_path / "profile")
            assert_rendered_page(shot)
            shots.append(hashlib.sha256(shot.read_bytes()).hexdigest())
    assert len(set(shots)) == 4
