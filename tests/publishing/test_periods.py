"""Publishing month by month: each month's สขร.1 adds its month to the fiscal year's dataset."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook

from catalog.packaging.build import build_package
from catalog.packaging.provenance import locate_row
from catalog.publishing import apply_plan, plan_publish
from catalog.publishing.changelog import read as read_changelog
from tests.publishing.conftest import read_descriptor, target_of

AGENCY = {"slug": "phuket-pao", "name_th": "องค์การบริหารส่วนจังหวัดภูเก็ต", "maintainer": "กองคลัง",
          "maintainer_email": "opendata@example.go.th"}
FORM = ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง", "ราคากลาง", "วิธีซื้อหรือจ้าง",
        "รายชื่อผู้เสนอราคาและราคาที่เสนอ", "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสรุป",
        "เลขที่และวันที่ของสัญญาหรือข้อตกลง"]
NAME = "phuket-pao-procurement-monthly-2568"


def month_form(folder: Path, month_th: str, prices: list[int], file_name: str | None = None) -> Path:
    """A month's สขร.1 as an officer files it: the month in the title, winner and price in one cell."""
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    page = book.active
    page.append([f"สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน {month_th}"])
    page.append(FORM)
    for n, price in enumerate(prices, start=1):
        page.append([n, f"ซื้อวัสดุ {n}", price + 1000, price + 1000, "เฉพาะเจาะจง", f"ร้าน {n} {price:,} บาท",
                     f"ร้าน {n} {price:,} บาท", "ราคาต่ำสุด", f"ใบสั่งซื้อ {n}/2568 ลว. 1 {month_th}"])
    path = folder / (file_name or f"สขร1_{month_th.replace(' ', '_')}.xlsx")
    book.save(path)
    return path


def package_for(tmp_path: Path, label: str, month_th: str, prices: list[int]) -> Path:
    source = month_form(tmp_path / "sources" / label, month_th, prices)
    return build_package([source], "procurement_monthly", tmp_path / "packages" / label, agency=AGENCY).parent


def catalog_rows(target, name: str = NAME) -> list[dict]:
    dataset = target.ckan.action.package_show(id=name)
    resource = next(r for r in dataset["resources"] if r["name"] == "procurement_monthly")
    text = httpx.get(target.fetch_url(resource["url"])).text
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def target(gdc_catalog_server):
    return target_of(gdc_catalog_server)


def publish(target, package: Path, **options):
    plan = plan_publish(target, package, **options)
    try:
        return plan, apply_plan(target, plan)
    finally:
        plan.close()


def test_each_month_adds_its_rows_as_a_minor_version_and_keeps_the_others(target, tmp_path):
    november = package_for(tmp_path, "nov", "พฤศจิกายน 2567", [10000, 20000])
    december = package_for(tmp_path, "dec", "ธันวาคม 2567", [30000])
    assert read_descriptor(november)["name"] == read_descriptor(december)["name"] == NAME

    publish(target, november)
    plan, result = publish(target, december)
    assert (plan.version_from, plan.version_to) == ("1.0.0", "1.1.0")  # rows added: minor
    [change] = plan.periods
    assert (change.added, change.kept, change.replaced) == (["2024-12"], ["2024-11"], [])
    assert "periods of procurement_monthly: 2024-12 (1 rows): new; 2024-11: kept as they are" in plan.text()
    assert "ธันวาคม 2567 (1 แถว): ใหม่; พฤศจิกายน 2567: คงไว้ตามเดิม" in plan.text("th")
    rows = catalog_rows(target)
    assert [(r["report_month"], r["seq"], r["agreed_price"]) for r in rows] == [
        ("2024-11", "1", "10000"), ("2024-11", "2", "20000"), ("2024-12", "1", "30000")]
    # every row still traces back to the officer's own file of its month
    resource = next(r for r in read_remote_descriptor(target)["resources"] if r["name"] == "procurement_monthly")
    assert locate_row(resource["provenance"], 2, "winner").file == "สขร1_พฤศจิกายน_2567.xlsx"
    assert locate_row(resource["provenance"], 4, "winner").file == "สขร1_ธันวาคม_2567.xlsx"
    assert locate_row(resource["provenance"], 4, "winner").row == 3
    entry = read_changelog(target.ckan.action.package_show(id=NAME))[-1]
    assert entry["level"] == "minor" and entry["periods"]["procurement_monthly"]["added"] == ["2024-12"]
    assert entry["rows"]["procurement_monthly"]["added"] == 1

    # the same month again is nothing to publish
    again = plan_publish(target, december)
    assert not again.changed and again.periods[0].same == ["2024-12"]
    again.close()


def read_remote_descriptor(target, name: str = NAME) -> dict:
    dataset = target.ckan.action.package_show(id=name)
    resource = next(r for r in dataset["resources"] if r["name"] == "datapackage")
    return httpx.get(target.fetch_url(resource["url"])).json()


def test_a_corrected_month_replaces_only_its_own_rows_and_the_changelog_says_what_changed(target, tmp_path):
    publish(target, package_for(tmp_path, "nov", "พฤศจิกายน 2567", [10000, 20000]))
    publish(target, package_for(tmp_path, "dec", "ธันวาคม 2567", [30000]))
    corrected = package_for(tmp_path, "nov-fixed", "พฤศจิกายน 2567", [10000, 19500])
    plan, _ = publish(target, corrected)
    assert (plan.version_from, plan.version_to) == ("1.1.0", "1.1.1")  # a correction: patch
    assert (plan.periods[0].replaced, plan.periods[0].kept) == (["2024-11"], ["2024-12"])
    assert [r["agreed_price"] for r in catalog_rows(target)] == ["10000", "19500", "30000"]
    entry = read_changelog(target.ckan.action.package_show(id=NAME))[-1]
    change = entry["rows"]["procurement_monthly"]["changes"][0]
    assert change["key"] == {"report_month": "2024-11", "seq": "2"}
    assert change["fields"]["agreed_price"] == ["20000", "19500"]
    assert "ราคาที่ตกลงซื้อหรือจ้าง: 20000 → 19500" in plan.text("th")


def test_replace_makes_the_package_the_whole_year(target, tmp_path):
    publish(target, package_for(tmp_path, "nov", "พฤศจิกายน 2567", [10000]))
    december = package_for(tmp_path, "dec", "ธันวาคม 2567", [30000])
    plan, _ = publish(target, december, replace=True)
    assert plan.periods[0].removed == ["2024-11"] and plan.periods[0].added == ["2024-12"]
    assert "2024-11: removed (--replace)" in plan.text()
    assert [r["report_month"] for r in catalog_rows(target)] == ["2024-12"]


def test_a_dry_run_says_which_months_change_and_writes_nothing(target, tmp_path, gdc_catalog_server):
    publish(target, package_for(tmp_path, "nov", "พฤศจิกายน 2567", [10000]))
    before = target.ckan.action.package_show(id=NAME)
    plan = plan_publish(target, package_for(tmp_path, "dec", "ธันวาคม 2567", [30000]))
    plan.close()
    assert plan.periods[0].added == ["2024-12"]
    assert target.ckan.action.package_show(id=NAME)["metadata_modified"] == before["metadata_modified"]


def test_a_table_the_month_s_package_leaves_out_stays_as_it_is(target, tmp_path):
    from tests.packaging.test_template import sample_value  # the 16-field table, filled as the template is
    from catalog.disclosure import get_category

    spec = get_category("procurement_monthly").resource("procurement_summary16")
    fields = spec.schema["fields"]
    summary = tmp_path / "sources" / "both" / "summary16.csv"
    month_form(tmp_path / "sources" / "both", "พฤศจิกายน 2567", [10000], "สขร1_พย67.xlsx")
    with open(summary, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([f["name"] for f in fields])
        writer.writerow([sample_value(f, 0) for f in fields])
    both = build_package(sorted((tmp_path / "sources" / "both").iterdir()), "procurement_monthly",
                         tmp_path / "packages" / "both", agency=AGENCY).parent
    publish(target, both)
    plan, _ = publish(target, package_for(tmp_path, "dec", "ธันวาคม 2567", [30000]))
    actions = {r.name: r.action for r in plan.resources}
    assert actions["procurement_summary16"] == "unchanged" and actions["procurement_monthly"] == "changed"
    names = [r["name"] for r in target.ckan.action.package_show(id=NAME)["resources"]]
    assert "procurement_summary16" in names


def test_plan_progress_rounds_add_to_the_fiscal_year(target, tmp_path):
    header = ["รหัสโครงการ", "โครงการ/กิจกรรม", "งบประมาณที่ได้รับจัดสรร", "เบิกจ่าย", "สถานะ"]

    def report(label: str, title: str, disbursed: int) -> Path:
        book = Workbook()
        page = book.active
        for row in ([title], header, ["PJ-68-001", "ถนน", 1000000, disbursed, "อยู่ระหว่างดำเนินการ"]):
            page.append(row)
        (tmp_path / "sources").mkdir(exist_ok=True)
        path = tmp_path / "sources" / f"{label}.xlsx"
        book.save(path)
        return build_package([path], "plan_progress", tmp_path / "packages" / label, agency=AGENCY).parent

    half = report("half", "รายงานผล ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ รอบ ๖ เดือน", 400000)
    year = report("year", "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ รอบ ๑๒ เดือน", 950000)
    publish(target, half)
    plan, _ = publish(target, year)
    assert plan.periods[0].added == ["2568/annual"] and plan.periods[0].kept == ["2568/6-month"]
    assert "2568/ประจำปี (รอบ 12 เดือน) (1 แถว): ใหม่" in plan.text("th")
