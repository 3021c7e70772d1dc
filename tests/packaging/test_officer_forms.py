"""`catalog build` on forms as officers fill them: the period in the title, the form's compound columns,
"nothing this month", totals and signatures, rows of the wrong shape, personal data in the source."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from catalog.cli import main
from catalog.errors import CatalogError
from catalog.packaging.build import build, build_package
from catalog.packaging.compound import offers, split_number_and_date, split_party_and_price, split_two_amounts
from catalog.packaging.periods import PeriodOptions
from catalog.thai import ThaiValueError, generate_national_id

FORM = ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง", "ราคากลาง", "วิธีซื้อหรือจ้าง",
        "รายชื่อผู้เสนอราคาและราคาที่เสนอ", "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสรุป",
        "เลขที่และวันที่ของสัญญาหรือข้อตกลง"]
ROW = ["๑", "จ้างเหมาทำความสะอาด", 350000, "360,000", "เฉพาะเจาะจง", "บจก.คลีนอันดามัน 361,000 บาท",
       "บจก.คลีนอันดามัน 361,000 บาท", "ราคาต่ำสุด", "สัญญา ๔/๒๕๖๘ ลว. ๒๐ พฤศจิกายน ๒๕๖๗"]


def workbook(path: Path, rows: list[list], sheet: str = "Sheet1", merges: tuple[str, ...] = ()) -> Path:
    book = Workbook()
    page = book.active
    page.title = sheet
    for row in rows:
        page.append(row)
    for cells in merges:
        page.merge_cells(cells)
    book.save(path)
    return path


def rows_of(package: Path, resource: str = "procurement_monthly") -> list[dict]:
    with open(package / "data" / f"{resource}.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def provenance(package: Path, resource: str = "procurement_monthly") -> list[dict]:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in descriptor["resources"] if r["name"] == resource)["provenance"]


# ------------------------------------------------------------------------------------------ the period


def test_the_month_in_the_title_row_fills_the_month_and_provenance_says_where_it_came_from(tmp_path):
    source = workbook(tmp_path / "form.xlsx", [["แบบ สขร.๑"], ["สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน พฤศจิกายน ๒๕๖๗"],
                                               FORM, ROW], merges=("A2:I2",))
    package = build_package([source], "procurement_monthly", tmp_path / "out")
    [row] = rows_of(package.parent)
    assert row["report_month"] == "2024-11"
    [segment] = provenance(package.parent)
    assert segment["periods"]["report_month"] == {
        "value": "2024-11", "kind": "month", "from": "title", "row": 2,
        "text": "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน พฤศจิกายน ๒๕๖๗"}
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert descriptor["name"] == "procurement-monthly-2568"  # a dataset per fiscal year
    assert descriptor["disclosure"]["fiscal_year"] == 2568 and "ปีงบประมาณ 2568" in descriptor["title"]


@pytest.mark.parametrize("sheet,name,month", [("ธ.ค.67", "form.xlsx", "2024-12"), ("Sheet1", "สขร1_มค68.xlsx", "2025-01"),
                                              ("มกราคม 2568", "x.xlsx", "2025-01"), ("2567-10", "x.xlsx", "2024-10")])
def test_the_month_from_the_sheet_name_or_the_file_name(tmp_path, sheet, name, month):
    source = workbook(tmp_path / name, [["สรุปผลการดำเนินการจัดซื้อจัดจ้าง"], FORM, ROW], sheet=sheet)
    build_package([source], "procurement_monthly", tmp_path / "out")
    assert rows_of(tmp_path / "out")[0]["report_month"] == month
    assert provenance(tmp_path / "out")[0]["periods"]["report_month"]["from"] == ("sheet" if sheet != "Sheet1" else
                                                                                  "file name")


def test_the_option_wins_over_what_the_form_says(tmp_path):
    source = workbook(tmp_path / "สขร1_พย67.xlsx", [["ในรอบเดือน พฤศจิกายน ๒๕๖๗"], FORM, ROW], sheet="พ.ย.67")
    build_package([source], "procurement_monthly", tmp_path / "out", periods=PeriodOptions(month="ธ.ค. 67"))
    assert rows_of(tmp_path / "out")[0]["report_month"] == "2024-12"
    assert provenance(tmp_path / "out")[0]["periods"]["report_month"]["from"] == "option"


def test_a_month_column_takes_every_form_officers_type(tmp_path):
    source = tmp_path / "months.csv"
    forms = ["ตุลาคม 2567", "ต.ค. 67", "10/2567", "2567-11", "๑๑/๒๕๖๗", "พฤศจิกายน ๖๗"]
    lines = ["เดือน," + ",".join(FORM)] + [f'{m},{n},งาน {n},1000,1000,เฉพาะเจาะจง,ร้าน ก 900 บาท,"ร้าน ก 900 บาท",ต่ำสุด,'
                                           f'"ใบสั่งซื้อ {n}/2568 ลว. 1 พ.ย. 67"' for n, m in enumerate(forms, start=1)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_package([source], "procurement_monthly", tmp_path / "out")
    assert [r["report_month"] for r in rows_of(tmp_path / "out")] == ["2024-10"] * 3 + ["2024-11"] * 3


def test_without_a_month_anywhere_the_error_says_where_it_looked_and_what_to_do(tmp_path):
    source = workbook(tmp_path / "form.xlsx", [["สรุปผลการดำเนินการจัดซื้อจัดจ้าง"], FORM, ROW])
    with pytest.raises(CatalogError) as refused:
        build_package([source], "procurement_monthly", tmp_path / "out")
    assert "no month in the title rows, the sheet name or the file name" in refused.value.render("en")
    assert "--month" in refused.value.render("th") and "ไม่พบเดือน" in refused.value.render("th")


def test_a_title_naming_two_months_asks_which(tmp_path):
    source = workbook(tmp_path / "form.xlsx", [["สรุปผล ประจำเดือน ตุลาคม 2567 และ ประจำเดือน พฤศจิกายน 2567"], FORM, ROW])
    with pytest.raises(CatalogError) as refused:
        build_package([source], "procurement_monthly", tmp_path / "out")
    assert "2024-10, 2024-11" in refused.value.render() and "--month" in refused.value.render()
    build_package([source], "procurement_monthly", tmp_path / "out", periods=PeriodOptions(month="2567-11"))


def test_a_plan_report_takes_its_fiscal_year_and_round_from_the_title_and_its_dates_from_the_round(tmp_path):
    header = ["รหัสโครงการ", "โครงการ/กิจกรรม", "งบประมาณที่ได้รับจัดสรร", "เบิกจ่าย", "สถานะ"]
    source = workbook(tmp_path / "plan.xlsx", [
        ["รายงานการกำกับติดตามการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ รอบ ๖ เดือน (๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘)"],
        header, ["PJ-68-001", "ถนน", "1,000,000", 400000, "อยู่ระหว่างดำเนินการ"],
        ["", "รวมทั้งสิ้น", "1,000,000", 400000, ""]])
    report = build([source], "plan_progress", tmp_path / "out")
    [row] = rows_of(tmp_path / "out", "plan_progress")
    assert (row["fiscal_year"], row["report_round"]) == ("2568", "6-month")
    assert (row["report_start"], row["report_end"]) == ("2024-10-01", "2025-03-31")
    assert report.skipped_rows[0][1] == {"row": 4, "why": "total"}
    assert json.loads(report.descriptor.read_text(encoding="utf-8"))["name"] == "plan-progress-2568"


def test_rows_of_two_fiscal_years_are_two_packages(tmp_path):
    source = tmp_path / "months.csv"
    source.write_text("เดือน," + ",".join(FORM) + "\n" + "\n".join(
        f'{m},1,งาน,1000,1000,เฉพาะเจาะจง,,"ร้าน ก 900 บาท",,"ใบสั่งซื้อ 1/2568 ลว. 1 ก.ย. 67"'
        for m in ("ก.ย. 67", "ต.ค. 67")) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        build_package([source], "procurement_monthly", tmp_path / "out")
    assert "fiscal years 2567, 2568" in refused.value.render()


# ------------------------------------------------------------------------------------- compound columns


def test_the_form_s_compound_columns_are_split_and_the_over_budget_finding_fires(tmp_path):
    from catalog.validation.package import validate_package

    source = workbook(tmp_path / "สขร1_พย67.xlsx", [FORM, ROW])
    build_package([source], "procurement_monthly", tmp_path / "out")
    [row] = rows_of(tmp_path / "out")
    assert (row["winner"], row["agreed_price"]) == ("บจก.คลีนอันดามัน", "361000")
    assert (row["contract_number"], row["contract_date"]) == ("สัญญา 4/2568", "2024-11-20")
    assert provenance(tmp_path / "out")[0]["split"] == {"winner": ["agreed_price"],
                                                       "contract_number": ["contract_date"]}
    codes = {f.code for f in validate_package(tmp_path / "out").errors}
    assert codes == {"procurement/agreed-above-budget", "procurement/agreed-above-reference"}


def test_a_winner_without_a_price_takes_it_from_the_offers_and_otherwise_is_an_error_naming_the_cell(tmp_path):
    from_offers = [*ROW[:5], "1. ร้านภูเก็ตการพิมพ์ 11,500 บาท 2. ร้านป่าตอง 12,000 บาท", "ร้านภูเก็ตการพิมพ์", *ROW[7:]]
    build_package([workbook(tmp_path / "a_พย67.xlsx", [FORM, from_offers])], "procurement_monthly", tmp_path / "a")
    assert rows_of(tmp_path / "a")[0]["agreed_price"] == "11500"
    nowhere = [*ROW[:5], "ร้านภูเก็ตการพิมพ์", "ร้านภูเก็ตการพิมพ์", *ROW[7:]]
    with pytest.raises(CatalogError) as refused:
        build_package([workbook(tmp_path / "b_พย67.xlsx", [FORM, nowhere])], "procurement_monthly", tmp_path / "b")
    line = refused.value.render()
    assert "row 2" in line and "column G (ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง)" in line
    assert "'ร้านภูเก็ตการพิมพ์'" in line and not (tmp_path / "b").exists()


def test_a_compound_cell_that_disagrees_with_the_pair_s_own_column_is_an_error(tmp_path):
    header = FORM[:6] + ["ผู้ได้รับการคัดเลือก", "ราคาที่ตกลงซื้อหรือจ้าง"] + FORM[7:]
    row = ROW[:6] + ["บจก.คลีนอันดามัน 361,000 บาท", "350,000"] + ROW[7:]
    with pytest.raises(CatalogError) as refused:
        build_package([workbook(tmp_path / "x_พย67.xlsx", [header, row])], "procurement_monthly", tmp_path / "out")
    assert "361000" in refused.value.render() and "350000" in refused.value.render()


def test_the_form_s_sub_columns_under_a_compound_heading_are_its_fields_in_order(tmp_path):
    top = FORM[:6] + ["ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", None, "เหตุผลที่คัดเลือกโดยสรุป",
                      "เลขที่และวันที่ของสัญญาหรือข้อตกลง", None]
    sub = [None] * 6 + ["ผู้ได้รับการคัดเลือก", "ราคาที่ตกลง (บาท)", None, "เลขที่", "วันที่"]
    row = ROW[:6] + ["บจก.คลีนอันดามัน", "349,500.00", "ราคาต่ำสุด", "สัญญา 4/2568", "20 พ.ย. 67"]
    merges = ["G1:H1", "J1:K1"] + [f"{c}1:{c}2" for c in "ABCDEFI"]
    build_package([workbook(tmp_path / "x_พย67.xlsx", [top, sub, row], merges=tuple(merges))], "procurement_monthly",
                  tmp_path / "out")
    [got] = rows_of(tmp_path / "out")
    assert (got["winner"], got["agreed_price"], got["contract_number"], got["contract_date"]) == (
        "บจก.คลีนอันดามัน", "349500", "สัญญา 4/2568", "2024-11-20")


@pytest.mark.parametrize("text,expected", [
    ("บจก.คลีนอันดามัน 361,000 บาท", ("บจก.คลีนอันดามัน", "361000")),
    ("หจก.ภูเก็ตก่อสร้าง\nราคา ๑,๒๕๐,๐๐๐.๐๐ บาท", ("หจก.ภูเก็ตก่อสร้าง", "1250000.00")),
    ("บจก. 99 คอนสตรัคชั่น 361,000 บาท", ("บจก. 99 คอนสตรัคชั่น", "361000")),
    ("บริษัท คลีน จำกัด เป็นเงิน 361,000.- บาท", ("บริษัท คลีน จำกัด", "361000")),
    ("บจก.เอ 50,000 บาท (รวมภาษีมูลค่าเพิ่ม)", ("บจก.เอ", "50000")),
    ("ร้าน ก / 12000", ("ร้าน ก", "12000")),
    ("หจก.ภูเก็ต 2020", ("หจก.ภูเก็ต 2020", None)),  # a number in a name is not a price
])
def test_party_and_price(text, expected):
    name, price = split_party_and_price(text)
    assert (name, None if price is None else str(price)) == expected


def test_two_prices_in_a_winner_cell_are_refused():
    with pytest.raises(ThaiValueError):
        split_party_and_price("บจก.เอ 100,000 บาท บจก.บี 120,000 บาท")


def test_offers_several_bidders_on_one_line_or_several():
    one_line = offers("1. บริษัท ก จำกัด 22,430,320.00 บาท 2. บริษัท ข จำกัด 23,139,560.00 บาท")
    assert [(o.name, str(o.price)) for o in one_line] == [("บริษัท ก จำกัด", "22430320.00"),
                                                           ("บริษัท ข จำกัด", "23139560.00")]
    lines = offers("บจก.A 100,000 บาท\nหจก.B ราคา 120,000 บาท")
    assert [(o.name, int(o.price)) for o in lines] == [("บจก.A", 100000), ("หจก.B", 120000)]


@pytest.mark.parametrize("text,number,date", [
    ("สัญญา ๔/๒๕๖๘ ลว. ๒๐ พฤศจิกายน ๒๕๖๗", "สัญญา 4/2568", "2024-11-20"),
    ("ใบสั่งซื้อ 12/2568 ลงวันที่ 15 พ.ย. 67", "ใบสั่งซื้อ 12/2568", "2024-11-15"),
    ("4/2568 (20/11/2567)", "4/2568", "2024-11-20"),
    ("เลขที่ 4/2568\n20 พ.ย. 67", "เลขที่ 4/2568", "2024-11-20"),
    ("สัญญาเลขที่ 4/2568", "สัญญาเลขที่ 4/2568", None),
])
def test_number_and_date(text, number, date):
    got_number, got_date = split_number_and_date(text)
    assert (got_number, got_date and got_date.isoformat()) == (number, date)


def test_a_contract_date_that_is_not_real_is_an_error():
    with pytest.raises(ThaiValueError) as refused:
        split_number_and_date("สัญญา 1/2568 ลว. 31 ก.พ. 68")
    assert "28 days" in refused.value.message_en


def test_budget_and_reference_price_in_one_column():
    assert split_two_amounts("400,000 / 380,000") == (400000, 380000)
    assert split_two_amounts("ราคากลาง 380,000 วงเงิน 400,000") == (400000, 380000)
    assert split_two_amounts("361,000") == (361000, 361000)


# ------------------------------------------------------------------------------ nothing to report this month


@pytest.mark.parametrize("row,merge", [
    (["-", "ไม่มีการจัดซื้อจัดจ้าง", "-", "-", "-", "-", "-", "-", "-"], None),
    (["- ไม่มีการจัดซื้อจัดจ้างในเดือนนี้ -"], "A3:I3"),
    ([None, "ไม่มี", None, None], None),
    (["", "", "", "", "ไม่มีการจัดซื้อจัดจ้าง"], None),
])
def test_no_procurement_this_month_in_every_way_officers_write_it_is_one_valid_row(tmp_path, row, merge):
    from catalog.validation.package import validate_package

    source = workbook(tmp_path / "form.xlsx", [["ประจำเดือน กุมภาพันธ์ ๒๕๖๘"], FORM, row],
                      merges=(merge,) if merge else ())
    report = build([source], "procurement_monthly", tmp_path / "out")
    assert rows_of(tmp_path / "out") == [{"report_month": "2025-02", "seq": "1", "item": "ไม่มีการจัดซื้อจัดจ้าง",
                                          **{k: "" for k in ("budget", "reference_price", "method", "bidders",
                                                             "winner", "agreed_price", "reason", "contract_number",
                                                             "contract_date")}}]
    assert report.nothing_to_report == 1 and provenance(tmp_path / "out")[0]["nothing_to_report"] == 1
    assert validate_package(tmp_path / "out").valid


def test_a_csv_no_procurement_row_with_fewer_cells_is_not_a_short_row(tmp_path):
    source = tmp_path / "สขร1_เมย68.csv"
    source.write_text(",".join(FORM) + "\n-,ไม่มีการจัดซื้อจัดจ้าง\n", encoding="utf-8")
    build_package([source], "procurement_monthly", tmp_path / "out")
    assert rows_of(tmp_path / "out")[0]["report_month"] == "2025-04"


# --------------------------------------------------------------------------------- totals and signatures


def test_totals_and_the_signature_block_are_skipped_and_said_so(tmp_path, capsys):
    source = workbook(tmp_path / "สขร1_กค68.xlsx", [
        FORM, ROW, [None, "รวม", 350000, 360000], [], ["(ลงชื่อ)..............................ผู้รายงาน"],
        ["(นางสาวสมใจ ใจดี)"], ["ตำแหน่ง นักวิชาการพัสดุชำนาญการ"]])
    with pytest.raises(SystemExit) as done:
        main(["build", str(source), "-c", "procurement_monthly", "-o", str(tmp_path / "out")])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "skipped total rows: 3" in out and "skipped signature or note rows: 5-7" in out
    assert len(rows_of(tmp_path / "out")) == 1
    assert provenance(tmp_path / "out")[0]["skipped_rows"] == [
        {"row": 3, "why": "total"}, {"row": 5, "why": "signature"}, {"row": 6, "why": "signature"},
        {"row": 7, "why": "signature"}]


# ----------------------------------------------------------------------------------------- row shape


EGP_HEADER = ("ลำดับ,รหัสโครงการ,ชื่อโครงการ,ชื่อประเภทโครงการ,ชื่อหน่วยงาน,ชื่อหน่วยงานย่อย,วิธีจัดซื้อฯ,กลุ่มวิธีจัดซื้อฯ,"
              "วันที่ประกาศ,งบประมาณ(บาท),ราคากลาง(บาท),ราคาตกลงซื้อ/จ้าง,ปีงบประมาณ,วันที่เกิดรายการ,จังหวัด")
EGP_ROW = "1,67119524001,ซื้อวัสดุ,ซื้อ,อบจ.ภูเก็ต,กองคลัง,เฉพาะเจาะจง,เฉพาะเจาะจง,-,1000,1000,900,2568,29 พ.ย. 67,ภูเก็ต"


@pytest.mark.parametrize("line,expected", [
    (EGP_ROW.replace("ซื้อวัสดุ,", ""), "row 3: the row has 14 cells for 15 headers: a cell is missing"),
    (EGP_ROW.rsplit(",", 1)[0], "row 3: the row has 14 cells for 15 headers"),
    (EGP_ROW + ",หมายเหตุ", "row 3: the row has 16 cells for 15 headers: column P holds 'หมายเหตุ' under no header"),
])
def test_a_short_or_long_row_is_reported_as_such_before_any_type_error(tmp_path, line, expected):
    source = tmp_path / "egp.csv"
    source.write_text("\n".join([EGP_HEADER, EGP_ROW, line]) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        build_package([source], "egp_contract", tmp_path / "out")
    text = refused.value.render()
    assert expected in text and "is not" not in text  # no type error from the shifted cells
    assert "แถวนี้มี" in refused.value.render("th")


def test_values_in_a_column_without_a_header_are_refused_not_dropped(tmp_path):
    header = EGP_HEADER.split(",")
    source = workbook(tmp_path / "egp.xlsx", [header[:3] + [None] + header[3:],
                                              EGP_ROW.split(",")[:3] + ["ดูหมายเหตุ"] + EGP_ROW.split(",")[3:]])
    with pytest.raises(CatalogError) as refused:
        build_package([source], "egp_contract", tmp_path / "out")
    assert "column D" in refused.value.render() and "no header" in refused.value.render()


# -------------------------------------------------------------------------------------- personal data


def hr_export(path: Path) -> Path:
    person = generate_national_id("310120012345")
    path.write_bytes(("ลำดับ,ชื่อ,นามสกุล,ตำแหน่ง,สังกัด,เลขประจำตัวประชาชน,โทรศัพท์มือถือ,วันเดือนปีเกิด,โทรศัพท์ที่ทำงาน\r\n"
                      f"1,สมชาย,ใจดี,นักวิชาการพัสดุ,กองคลัง,{person},081-234-5678,12 มี.ค. 2528,076-211-101\r\n")
                     .encode("cp874"))
    return path


def test_a_source_with_personal_columns_is_refused_with_one_line_naming_them(tmp_path):
    source = hr_export(tmp_path / "hr.csv")
    with pytest.raises(CatalogError) as refused:
        build_package([source], "staff_roster", tmp_path / "out")
    line = refused.value.render()
    assert "\n" not in line and "--drop-personal-columns" in line
    assert "F 'เลขประจำตัวประชาชน' (national IDs)" in line and "G 'โทรศัพท์มือถือ' (personal mobile numbers)" in line
    assert "H 'วันเดือนปีเกิด' (birth dates)" in line and not (tmp_path / "out").exists()


def test_drop_personal_columns_leaves_them_out_and_says_so(tmp_path, capsys):
    source = hr_export(tmp_path / "hr.csv")
    with pytest.raises(SystemExit) as done:
        main(["build", str(source), "-c", "staff_roster", "-o", str(tmp_path / "out"), "--drop-personal-columns",
              "--lang", "th"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "ตัดคอลัมน์ข้อมูลส่วนบุคคลออก: F 'เลขประจำตัวประชาชน' (เลขประจำตัวประชาชน)" in out
    [segment] = provenance(tmp_path / "out", "staff_roster")
    assert [c["column"] for c in segment["dropped_personal_columns"]] == ["F", "G", "H"]
    assert "เลขประจำตัวประชาชน" not in segment.get("ignored_columns", [])
    data = (tmp_path / "out" / "data" / "staff_roster.csv").read_text(encoding="utf-8")
    assert "081-234-5678" not in data and "076-211-101" in data


def test_personal_data_found_by_content_in_a_notes_column(tmp_path):
    source = workbook(tmp_path / "staff.xlsx", [["ลำดับ", "ส่วนราชการ", "ตำแหน่ง", "ชื่อ", "นามสกุล", "โทรศัพท์สำนักงาน",
                                                 "หมายเหตุ"],
                                                [1, "กองคลัง", "นักวิชาการ", "สมใจ", "ใจดี", "076-211-101",
                                                 "ติดต่อ 081-234-5678"]])
    with pytest.raises(CatalogError) as refused:
        build_package([source], "staff_roster", tmp_path / "out")
    assert "G 'หมายเหตุ' (personal mobile numbers, row 2)" in refused.value.render()


def test_every_row_that_gives_personal_data_away_is_named_up_to_five_then_counted(tmp_path):
    header = ["ลำดับ", "ส่วนราชการ", "ตำแหน่ง", "ชื่อ", "นามสกุล", "หมายเหตุ"]
    rows = [[n, "กองคลัง", "นักวิชาการ", "สมใจ", "ใจดี", f"มือถือ 081-234-56{n:02d}" if n != 3 else "-"]
            for n in range(1, 9)]
    source = workbook(tmp_path / "staff.xlsx", [header] + rows)
    with pytest.raises(CatalogError) as refused:
        build_package([source], "staff_roster", tmp_path / "out")
    # spreadsheet rows 2..9; row 4 holds no number
    assert "F 'หมายเหตุ' (personal mobile numbers, rows 2, 3, 5, 6, 7 and 2 more)" in refused.value.render()


# ------------------------------------------------------------------------------------------- sheets


def test_a_sheet_with_headers_only_is_skipped_when_another_has_rows(tmp_path):
    from catalog.packaging.template import sheet_title, write_template
    from catalog.disclosure import get_category

    category = get_category("procurement_monthly")
    path = write_template(category, tmp_path / "template.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    page = book[sheet_title(category.resource("procurement_monthly"))]
    for column, value in enumerate(["พ.ย. 67", 1, "ซื้อวัสดุ", 1000, 1000, "เฉพาะเจาะจง", "ร้าน ก 900 บาท", "ร้าน ก",
                                    900, "ต่ำสุด", "PO 1/2568", "5 พ.ย. 67"], start=1):
        page.cell(row=2, column=column, value=value)
    book.save(path)
    report = build([path], category, tmp_path / "out")
    assert report.rows == {"procurement_monthly": 1}
    assert [where.sheet for where in report.skipped_sheets] == [sheet_title(category.resource("procurement_summary16"))]
    [row] = rows_of(tmp_path / "out")
    assert (row["report_month"], row["contract_date"]) == ("2024-11", "2024-11-05")
    # the same sheet chosen by its resource's name, its number, or a name Excel cut at 31 characters
    for choice in ("procurement_monthly", "2", category.resource("procurement_monthly").title_th):
        assert build([path], category, tmp_path / f"by-{choice[:4]}", sheet=choice).rows == {"procurement_monthly": 1}
