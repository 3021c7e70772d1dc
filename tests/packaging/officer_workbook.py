"""A สขร.1 workbook filled the way a procurement officer fills `catalog template procurement_monthly`: a
title row with the month above the Thai headers, the month column left empty, Thai digits in some cells,
dates typed as Thai text or entered as Excel dates, amounts as numbers or as text, a signature block."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TITLE = "แบบ สขร.1 สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนพฤศจิกายน 2567 องค์การบริหารส่วนจังหวัดภูเก็ต"
METHODS = ["เฉพาะเจาะจง", "e-bidding", "คัดเลือก"]


def officer_row(i: int) -> list:
    budget = 10_000 + 1_250 * i
    agreed = budget - 500
    thai = i % 3 == 0
    return [None, str(i + 1).translate(THAI_DIGITS) if thai else i + 1,
            f"จ้างซ่อมแซมถนนสายที่ {i + 1} หมู่ {i % 9 + 1}",
            f"{budget:,}".translate(THAI_DIGITS) if thai else float(budget), float(budget),
            METHODS[i % 3], f"หจก.ภูเก็ตการช่าง {agreed:,} บาท, บจก.อันดามัน {agreed + 300:,} บาท",
            "หจก.ภูเก็ตการช่าง", f"{agreed:,}.00" if i % 2 else float(agreed), "ราคาต่ำสุด",
            f"ใบสั่งจ้าง {i + 4}/2568", f"{i % 28 + 1} พ.ย. 67" if i % 4 else dt.datetime(2024, 11, i % 28 + 1)]


def write_officer_workbook(path: Path, rows: int = 20) -> Path:
    """The template of procurement_monthly with `rows` purchases of November 2024 in its first table sheet."""
    from openpyxl import load_workbook

    from catalog.disclosure import get_category
    from catalog.packaging.template import sheet_title, write_template

    category = get_category("procurement_monthly")
    write_template(category, path)
    book = load_workbook(path)
    sheet = book[sheet_title(category.resource("procurement_monthly"))]
    sheet.insert_rows(1)
    sheet.cell(row=1, column=1, value=TITLE)
    for i in range(rows):
        for column, value in enumerate(officer_row(i), start=1):
            sheet.cell(row=i + 3, column=column, value=value)
    sheet.cell(row=rows + 4, column=1, value="(ลงชื่อ)..............................ผู้รายงาน")
    sheet.cell(row=rows + 5, column=1, value="(นางสาวสมใจ ใจดี)")
    book.save(path)
    return path
