"""Writes the corpus of broken source files (run it again after changing a case; the files are kept in git).

Each case is a file an officer could really hand us, and `cases.json` says which category it is built
as and what the one-line error must name. `tests/packaging/test_corpus.py` runs them all.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
FILES = HERE / "files"

EGP_HEADER = ("ลำดับ,รหัสโครงการ,ชื่อโครงการ,ชื่อประเภทโครงการ,ชื่อหน่วยงาน,ชื่อหน่วยงานย่อย,วิธีจัดซื้อฯ,"
              "กลุ่มวิธีจัดซื้อฯ,วันที่ประกาศ,งบประมาณ(บาท),ราคากลาง(บาท),ราคาตกลงซื้อ/จ้าง,ปีงบประมาณ,"
              "วันที่เกิดรายการ,จังหวัด")


def egp_row(n: int = 1, *, project_id="67119524001", name="ซื้อวัสดุคอมพิวเตอร์ จำนวน ๒ รายการ",
            budget="1,480", date="29 พ.ย. 67", fiscal="2568") -> str:
    return (f'{n},{project_id},{name},ซื้อ,องค์การบริหารส่วนจังหวัดภูเก็ต,กองคลัง,เฉพาะเจาะจง,เฉพาะเจาะจง,-,'
            f'"{budget}","1,480","1,480",{fiscal},{date},ภูเก็ต')


def egp_csv(*rows: str) -> str:
    return "\n".join([EGP_HEADER, *rows]) + "\n"


def good_rows() -> list[str]:
    return [egp_row(1), egp_row(2, project_id="67119524002")]


def xlsx(sheet_rows: list[list], *, merge: str | None = None, title: str = "ข้อมูล") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in sheet_rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def egp_sheet_rows(extra: list[list] | None = None) -> list[list]:
    header = EGP_HEADER.split(",")
    rows = [header]
    for n in (1, 2, 3):
        rows.append([n, f"6711952400{n}", "ซื้อวัสดุสำนักงาน", "ซื้อ", "อบจ.ภูเก็ต", "กองคลัง", "เฉพาะเจาะจง",
                     "เฉพาะเจาะจง", "-", 1480, 1480, 1480, 2568, "29 พ.ย. 67", "ภูเก็ต"])
    return rows + (extra or [])


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (600 * 1024 * 1024))
    return buffer.getvalue()


def cases() -> dict[str, tuple[bytes, dict]]:
    """file name -> (content, expectation). Expectation: category, and what the error line must contain."""
    egp = {"category": "egp_contract"}
    good = good_rows()
    bom = b"\xef\xbb\xbf"
    out: dict[str, tuple[bytes, dict]] = {}

    def add(name, content, contains, **more):
        data = content.encode("utf-8") if isinstance(content, str) else content
        out[name] = (data, {**egp, "contains": contains, **more})

    add("empty.csv", b"", "empty")
    add("whitespace_only.csv", b"  \r\n\r\n  \n", "empty")
    add("header_only.csv", EGP_HEADER + "\n", "no data rows", row=1)
    add("utf16.csv", egp_csv(*good).encode("utf-16"), "UTF-16")
    add("mixed_encoding.csv", egp_csv(good[0]).encode("utf-8") + egp_row(2).encode("cp874") + b"\n",
        "encoding", row=3)
    add("bom_then_cp874.csv", bom + egp_csv(good[0]).encode("utf-8") + egp_row(2).encode("cp874") + b"\n",
        "not all UTF-8", row=3)
    add("latin1_junk.csv", EGP_HEADER.encode("utf-8") + b"\n1,\xff\xfe\xfd\x80\x81,\x9f\x9e\n", "encoding", row=2)
    add("binary_junk.csv", bytes(range(256)) * 40, "not a text file")
    add("pdf_named_csv.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00\nendobj\n",
        "not a text file")
    add("duplicate_headers.csv", egp_csv(*good).replace("จังหวัด", "งบประมาณ(บาท)", 1), "both mean", row=1)
    add("missing_required_column.csv", egp_csv(*good).replace("รหัสโครงการ", "รหัส", 1), "required columns",
        row=1)
    add("wrong_category.csv", "ลำดับ,ชื่อ,นามสกุล,ตำแหน่ง\n1,สมชาย,ใจดี,นักวิชาการ\n", "no header row matches")
    add("formula_injection.csv", egp_csv(egp_row(1, name="=cmd|' /C calc'!A0")), "formula", row=2, column="C")
    add("formula_injection_at.csv", egp_csv(egp_row(1, name="@SUM(1+1)*cmd|' /C calc'!A0")), "formula", row=2,
        column="C")
    add("formula_injection_tab.csv", egp_csv(egp_row(1, name="\t=HYPERLINK(\"http://x\")")), "formula", row=2,
        column="C")
    add("huge_cell.csv", egp_csv(egp_row(1, name="x" * (1024 * 1024))), "characters", row=2, column="C")
    add("impossible_be_date.csv", egp_csv(egp_row(1, date="29 ก.พ. 66")), "29 ก.พ. 66", row=2, column="N")
    add("month_13.csv", egp_csv(egp_row(1, date="01/13/2567")), "01/13/2567", row=2, column="N")
    add("april_31.csv", egp_csv(egp_row(1, date="31/04/2567")), "31/04/2567", row=2, column="N")
    add("unknown_month.csv", egp_csv(egp_row(1, date="5 ม.ร. 67")), "5 ม.ร. 67", row=2, column="N")
    add("day_zero.csv", egp_csv(egp_row(1, date="0 ม.ค. 68")), "0 ม.ค. 68", row=2, column="N")
    add("thai_digits_fraction_in_integer.csv", egp_csv(egp_row(1, fiscal="๒๕๖๘.๕")), "๒๕๖๘.๕", row=2,
        column="M")
    add("bad_amount_grouping.csv", egp_csv(egp_row(1, budget="1,48,0")), "1,48,0", row=2, column="J")
    add("text_in_amount.csv", egp_csv(egp_row(1, budget="หนึ่งพันบาท")), "หนึ่งพันบาท", row=2, column="J")
    add("not_a_zip.xlsx", "ลำดับ,รหัสโครงการ\n1,2\n", "not a zip")
    add("truncated.xlsx", xlsx(egp_sheet_rows())[:1500], "not a zip")
    add("zip_not_workbook.xlsx", _zip_without_workbook(), "not an Excel workbook")
    add("zip_bomb.xlsx", zip_bomb(), "zip bomb")
    add("old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, ".xls")
    add("merged_cells.xlsx", xlsx(egp_sheet_rows(), merge="E2:E4"), "merged cells E2:E4", sheet="ข้อมูล", row=2,
        column="E")
    add("formula_without_value.xlsx", xlsx(egp_sheet_rows([[4, "67119524004", "ซื้อ", "ซื้อ", "อบจ.", "กองคลัง",
                                                             "เฉพาะเจาะจง", "เฉพาะเจาะจง", "-", "=J2+J3", 1, 1,
                                                             2568, "1 ม.ค. 68", "ภูเก็ต"]])),
        "formula", sheet="ข้อมูล", row=5, column="J")
    add("xlsx_bad_date.xlsx", xlsx(egp_sheet_rows([[4, "67119524004", "ซื้อ", "ซื้อ", "อบจ.", "กองคลัง",
                                                     "เฉพาะเจาะจง", "เฉพาะเจาะจง", "-", 10, 10, 10, 2568,
                                                     "30 ก.พ. 68", "ภูเก็ต"]])),
        "30 ก.พ. 68", sheet="ข้อมูล", row=5, column="N")
    add("xlsx_no_matching_sheet.xlsx", xlsx([["รายงาน"], ["ไม่มีข้อมูล"]]), "no header row matches",
        sheet="ข้อมูล")
    return out


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def main() -> None:
    FILES.mkdir(parents=True, exist_ok=True)
    expectations = {}
    for name, (content, expectation) in sorted(cases().items()):
        (FILES / name).write_bytes(content)
        expectations[name] = expectation
    (HERE / "cases.json").write_text(json.dumps(expectations, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    print(f"{len(expectations)} broken files written")


if __name__ == "__main__":
    main()
