"""An Excel workbook generated from a category's schemas, for officers to fill in and `catalog build` to read.

One sheet per table (Thai headers, dropdowns for enums, formats for dates and numbers, text format for
codes so leading zeros survive) and an instructions sheet that explains every column.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from catalog.disclosure import Category, ResourceSpec, get_category

TEMPLATE_ROWS = 500  # rows that carry formats and dropdowns
INSTRUCTIONS_SHEET = "คำอธิบาย"

_FORMATS = {"date": "d mmm yyyy", "number": "#,##0.00", "integer": "0", "year": "0", "string": "@"}
_TYPE_TH = {"string": "ข้อความ", "integer": "จำนวนเต็ม", "number": "ตัวเลข (บาท)", "date": "วันที่",
            "year": "ปี", "boolean": "ใช่/ไม่ใช่"}
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="9C2A00")


def sheet_title(spec: ResourceSpec) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    return re.sub(r"[\[\]:*?/\\]", " ", spec.title_th)[:31].strip() or spec.name[:31]


# how an officer may type a reporting period (the importer reads every form of it)
_PERIOD_HINTS = {"month": "พิมพ์ได้ เช่น พ.ย. 67, พฤศจิกายน 2567, 11/2567 (หรือเว้นว่าง ถ้าหัวเรื่องระบุเดือนแล้ว)",
                 "fiscal_year": "ปี พ.ศ. เช่น 2568 (หรือเว้นว่าง ถ้าหัวเรื่องระบุปีงบประมาณแล้ว)",
                 "report_round": "พิมพ์ได้ เช่น รอบ 6 เดือน, ประจำปี, ไตรมาสที่ 1"}


def _constraint_text(field: dict, period: str | None = None) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("ต้องกรอก")
    if period in _PERIOD_HINTS:
        parts.append(_PERIOD_HINTS[period])
        return "; ".join(parts)
    if "enum" in c:
        parts.append("เลือกจาก: " + ", ".join(map(str, c["enum"])))
    if "minimum" in c:
        parts.append(f"ไม่น้อยกว่า {c['minimum']}")
    if "maximum" in c:
        parts.append(f"ไม่เกิน {c['maximum']}")
    if "maxLength" in c:
        parts.append(f"ยาวไม่เกิน {c['maxLength']} ตัวอักษร")
    if "pattern" in c:
        parts.append(f"รูปแบบ {c['pattern']}")
    return "; ".join(parts)


def _write_table_sheet(workbook: Workbook, spec: ResourceSpec) -> None:
    sheet = workbook.create_sheet(sheet_title(spec))
    fields = spec.schema["fields"]
    for index, field in enumerate(fields, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=field.get("title") or field["name"])
        required = field.get("constraints", {}).get("required")
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _REQUIRED_FILL if required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = max(14, min(40, len(str(cell.value)) * 1.6))
        number_format = _FORMATS.get(field.get("type", "string"), "General")
        for row in range(2, TEMPLATE_ROWS + 2):
            sheet.cell(row=row, column=index).number_format = number_format
        span = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        enum = field.get("constraints", {}).get("enum")
        if field.get("type") == "boolean":
            enum = ["ใช่", "ไม่ใช่"]
        if enum:
            listed = ",".join(str(v) for v in enum)
            if len(listed) <= 250:  # Excel's limit for an inline list
                # a warning, not a stop: the importer also reads what officers type ("รอบ 6 เดือน")
                dropdown = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=not required,
                                          showErrorMessage=True, errorStyle="warning", errorTitle="ค่าไม่อยู่ในรายการ",
                                          error="ค่านี้ไม่อยู่ในรายการ ถ้าแน่ใจว่าถูกต้อง กด ใช่ เพื่อใช้ค่านี้")
                dropdown.add(span)
                sheet.add_data_validation(dropdown)
        elif field.get("type") == "date":
            sheet.add_data_validation(_hint(span, "วันที่", "พิมพ์ได้ เช่น 5 พ.ย. 67, 05/11/2567 หรือ 1 ตุลาคม 2567"))
        elif field["name"] in spec.periods:
            sheet.add_data_validation(_hint(span, field.get("title") or field["name"],
                                            _PERIOD_HINTS.get(spec.periods[field["name"]], "")))
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 36


def _hint(span: str, title: str, prompt: str) -> DataValidation:
    """A note shown when the cell is chosen, that refuses nothing: Excel's date check would stop a Thai
    date typed as text ("5 พ.ย. 67"), which the importer reads."""
    validation = DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=False,
                                promptTitle=title[:32], prompt=prompt[:255])
    validation.add(span)
    return validation


def _write_instructions(workbook: Workbook, category: Category, specs: list[ResourceSpec]) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET, 0)
    sheet.append([f"{category.title_th} ({category.title_en})"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([category.description_th])
    sheet.append(["กรอกข้อมูลในชีตถัดไป หนึ่งแถวต่อหนึ่งรายการ ห้ามแก้ไขหัวตาราง หัวตารางสีแดงคือช่องที่ต้องกรอก "
                  "วันที่กรอกเป็น พ.ศ. ได้ เช่น 29 พ.ย. 67 หรือ 01/10/2567 จำนวนเงินกรอกเป็นตัวเลข"])
    sheet.append(["กรอกเฉพาะชีตที่ใช้ ชีตที่ไม่ได้กรอกจะถูกข้ามไป เดือนที่ไม่มีรายการให้กรอกหนึ่งแถวว่า "
                  "\"ไม่มีการจัดซื้อจัดจ้าง\" เลือกอ่านเฉพาะชีตได้ด้วย --sheet ตามด้วยรหัสชีต (ในวงเล็บด้านล่าง)"])
    sheet.append(["Fill one row per item in the sheets you use (sheets left empty are skipped); keep the headers "
                  "as they are (red = required). Dates may be Buddhist Era (29 พ.ย. 67, 01/10/2567); amounts are "
                  "plain numbers. Then run: catalog build THIS_FILE.xlsx --category " + category.name
                  + " (add --sheet CODE to read one sheet)"])
    for spec in specs:
        sheet.append([])
        sheet.append([f"ชีต '{sheet_title(spec)}' ({spec.name})"])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(["หัวตาราง", "ชื่อช่อง (field)", "ชนิด", "เงื่อนไข", "คำอธิบาย"])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for field in spec.schema["fields"]:
            sheet.append([field.get("title", ""), field["name"], _TYPE_TH.get(field.get("type", "string"), ""),
                          _constraint_text(field, spec.periods.get(field["name"])), field.get("description", "")])
    for letter, width in zip("ABCDE", (34, 24, 14, 40, 80)):
        sheet.column_dimensions[letter].width = width


def write_template(category: str | Category, path: Path) -> Path:
    """Write the category's Excel template to `path`."""
    category = get_category(category) if isinstance(category, str) else category
    specs = [spec for spec in category.resources if spec.schema]
    workbook = Workbook()
    workbook.remove(workbook.active)
    _write_instructions(workbook, category, specs)
    for spec in specs:
        _write_table_sheet(workbook, spec)
    workbook.active = 1 if specs else 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
