"""Write a corpus of realistic officer files into tests/officer/files/.

The files imitate how officers of Phuket agencies really fill in the forms they
must publish (monthly procurement summary สขร.1, plan-progress reports, staff
lists, e-GP exports): merged title rows, Thai digits mixed with Arabic ones,
amounts typed as numbers or as text with commas and "บาท", several values in
one cell, CSVs in UTF-8 (with or without BOM) or Windows-874. The content is
made up but plausible. The files are held-out test inputs: they follow the real
forms, not this project's code.

Every run writes the same bytes: workbook properties carry a fixed date and
every zip member of an .xlsx gets a fixed timestamp.

    python tests/officer/make_officer_files.py
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

OUT = Path(__file__).resolve().parent / "files"
FIXED = datetime(2024, 12, 5, 9, 0, 0)
ZIP_TIME = (2024, 12, 5, 9, 0, 0)

FONT = "TH SarabunIT๙"
TITLE_FONT = Font(name=FONT, size=16, bold=True)
HEAD_FONT = Font(name=FONT, size=14, bold=True)
BODY_FONT = Font(name=FONT, size=14)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

PAO = "องค์การบริหารส่วนจังหวัดภูเก็ต"

#: the nine columns of form สขร.1, as printed on the form
SOR_KOR_1 = [
    "ลำดับที่",
    "งานที่จัดซื้อหรือจัดจ้าง",
    "วงเงินที่จะซื้อหรือจ้าง",
    "ราคากลาง",
    "วิธีซื้อหรือจ้าง",
    "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
    "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
    "เหตุผลที่คัดเลือกโดยสรุป",
    "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
]
SOR_KOR_1_WIDTHS = [7, 38, 14, 14, 14, 30, 30, 26, 26]

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def th(text: str) -> str:
    """Arabic digits to Thai digits, as officers type them in formal text."""
    return text.translate(_THAI_DIGITS)


def thai_id(first12: str) -> str:
    """Complete 12 digits into a 13-digit Thai ID with its check digit."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


# --------------------------------------------------------------------------
# writing helpers
# --------------------------------------------------------------------------

def new_workbook(sheet_title: str, creator: str = "Windows User"):
    """A workbook with one sheet and fixed document properties."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = wb.properties.modified = FIXED
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    return wb, ws


def save_workbook(wb, name: str) -> None:
    """Save with fixed properties and fixed zip timestamps (same bytes every run)."""
    wb.properties.created = wb.properties.modified = FIXED
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # save_workbook() would stamp "now"
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, src.read(info.filename))
    (OUT / name).write_bytes(out.getvalue())


def write_csv(name: str, rows: list[list], encoding: str, newline: str) -> None:
    """Write rows with the csv module in the given encoding and line ending."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=newline).writerows(rows)
    (OUT / name).write_bytes(buf.getvalue().encode(encoding))


def title_rows(ws, lines: list[tuple[str, str]], ncols: int, start: int = 1) -> int:
    """Merged, bold title rows across the table width; returns the next row."""
    row = start
    for text, align in lines:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = TITLE_FONT
        cell.alignment = Alignment(horizontal=align, vertical="center")
        row += 1
    return row


def header_row(ws, row: int, headers: list[str]) -> None:
    """One bold, boxed, centred header row."""
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = HEAD_FONT
        cell.alignment = CENTER
        cell.border = BOX


def two_row_header(ws, row: int, columns: list) -> None:
    """A Thai two-row header: a plain string spans both rows (merged vertically),
    a (group, [subs]) tuple is merged over its sub-columns."""
    col = 1
    for spec in columns:
        if isinstance(spec, str):
            ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
            ws.cell(row=row, column=col, value=spec)
            cols = [col]
            col += 1
        else:
            group, subs = spec
            ws.merge_cells(start_row=row, start_column=col, end_row=row,
                           end_column=col + len(subs) - 1)
            ws.cell(row=row, column=col, value=group)
            cols = []
            for sub in subs:
                ws.cell(row=row + 1, column=col, value=sub)
                cols.append(col)
                col += 1
        for c in cols:
            for r in (row, row + 1):
                cell = ws.cell(row=r, column=c)
                cell.font = HEAD_FONT
                cell.alignment = CENTER
                cell.border = BOX


def data_rows(ws, start: int, rows: list[list]) -> int:
    """Boxed, wrapped data rows; floats get a thousands format. Returns next row."""
    r = start
    for values in rows:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.font = BODY_FONT
            cell.border = BOX
            cell.alignment = WRAP_TOP
            if isinstance(value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(value, datetime):
                cell.number_format = "d mmm yy"
        r += 1
    return r


def widths(ws, values: list[float]) -> None:
    """Column widths as an officer drags them."""
    for col, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def sor_kor_1_sheet(name: str, sheet: str, month_title: str, rows: list[list],
                    agency: str = PAO) -> None:
    """The อบจ.ภูเก็ต สขร.1 layout: three merged title rows, the header, the rows."""
    wb, ws = new_workbook(sheet, creator="พัสดุ อบจ.ภูเก็ต")
    nxt = title_rows(ws, [("แบบ สขร.๑", "right"),
                          ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน " + month_title, "center"),
                          (agency, "center")], len(SOR_KOR_1))
    header_row(ws, nxt, SOR_KOR_1)
    data_rows(ws, nxt + 1, rows)
    widths(ws, SOR_KOR_1_WIDTHS)
    save_workbook(wb, name)


# --------------------------------------------------------------------------
# shared content
# --------------------------------------------------------------------------

REASON_LOW = "เสนอราคาต่ำสุด และมีคุณสมบัติถูกต้องตามเงื่อนไขในประกาศ"
REASON_SPECIFIC = "เป็นผู้มีอาชีพขายหรือรับจ้างโดยตรง และเสนอราคาไม่เกินวงเงินงบประมาณ"


def pao_november_rows(cleaning_price: str) -> list[list]:
    """The four November 2567 purchases of อบจ.ภูเก็ต; cleaning_price is the
    agreed price of the cleaning contract as the officer typed it."""
    return [
        [1, "จ้างเหมาบริการทำความสะอาดอาคารสำนักงาน อบจ.ภูเก็ต "
            "(ระยะเวลา ๔ เดือน ธ.ค.๖๗ - มี.ค.๖๘)",
         350000.0, "350,000.00", "เฉพาะเจาะจง",
         f"บจก.คลีนอันดามัน {cleaning_price} บาท",
         f"บจก.คลีนอันดามัน {cleaning_price} บาท",
         REASON_SPECIFIC,
         "สัญญา ๓/๒๕๖๘ ลว. ๑๘ พฤศจิกายน ๒๕๖๗"],
        [2, "จ้างก่อสร้างปรับปรุงผิวจราจรแอสฟัลท์ติกคอนกรีต ถนนสาย ภก.ถ.๑-๐๐๑๒ "
            "บ้านบางโจ - บ้านพรุจำปา อ.ถลาง",
         1300000.0, 1285000.0, "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
         "1. หจก.ภูเก็ตก่อสร้าง ราคา ๑,๒๕๐,๐๐๐.๐๐ บาท\n"
         "2. บจก.ถลางวิศวกรรม ราคา ๑,๒๗๔,๐๐๐.๐๐ บาท\n"
         "3. หจก.ป่าตองการโยธา ราคา ๑,๒๘๐,๕๐๐.๐๐ บาท",
         "หจก.ภูเก็ตก่อสร้าง\nราคา ๑,๒๕๐,๐๐๐.๐๐ บาท",
         REASON_LOW,
         "สัญญา ๔/๒๕๖๘ ลว. ๒๐ พฤศจิกายน ๒๕๖๗"],
        [3, "ซื้อวัสดุสำนักงาน (กองคลัง) จำนวน ๑๒ รายการ",
         18500.0, 18500.0, "เฉพาะเจาะจง",
         "ร้านภูเก็ตเครื่องเขียน / 18,240.- บาท",
         "ร้านภูเก็ตเครื่องเขียน 18,240.- บาท",
         "ราคาไม่เกินวงเงินงบประมาณ",
         "ใบสั่งซื้อ ๑๒/๒๕๖๘ ลงวันที่ ๑๕ พ.ย. ๖๗"],
        [4, "จ้างซ่อมแซมเครื่องปรับอากาศ ห้องประชุมสภา อบจ.ภูเก็ต จำนวน ๔ เครื่อง",
         "45,000", "44,940", "เฉพาะเจาะจง",
         "บริษัท อันดามันแอร์เซอร์วิส จำกัด\n44,500 บาท",
         "บริษัท อันดามันแอร์เซอร์วิส จำกัด\n44,500 บาท",
         REASON_SPECIFIC,
         "ใบสั่งจ้าง ๒๕/๒๕๖๘ ลว. ๒๕ พ.ย. ๒๕๖๗"],
    ]


# --------------------------------------------------------------------------
# procurement: สขร.1
# --------------------------------------------------------------------------

def file01_sorkor1_nov67() -> str:
    """November 2567 สขร.1 of อบจ.ภูเก็ต; row 1 is over budget (361,000 > 350,000)."""
    name = "สขร1_พย67.xlsx"
    sor_kor_1_sheet(name, "พ.ย.67", "พฤศจิกายน ๒๕๖๗", pao_november_rows("361,000"))
    return name


def file02_sorkor1_dec67() -> str:
    """December 2567 สขร.1 of อบจ.ภูเก็ต; three purchases, all within budget."""
    name = "สขร1_ธค67.xlsx"
    rows = [
        [1, "ซื้อน้ำมันเชื้อเพลิงสำหรับรถยนต์ส่วนกลาง ประจำเดือน ธันวาคม ๒๕๖๗",
         60000.0, 60000.0, "เฉพาะเจาะจง",
         "บจก.ภูเก็ตปิโตรเลียม 58,750.00 บาท",
         "บจก.ภูเก็ตปิโตรเลียม 58,750.00 บาท",
         REASON_SPECIFIC,
         "ใบสั่งซื้อ ๓๑/๒๕๖๘ ลว. ๒ ธ.ค. ๖๗"],
        [2, "จ้างเหมาจัดทำป้ายไวนิลประชาสัมพันธ์โครงการส่งเสริมการท่องเที่ยว "
            "เทศกาลส่งท้ายปีเก่าต้อนรับปีใหม่ ๒๕๖๘",
         "25,000", "24,800", "เฉพาะเจาะจง",
         "ร้านป่าตองอิงค์เจ็ท 24,500 บาท",
         "ร้านป่าตองอิงค์เจ็ท 24,500 บาท",
         "ราคาไม่เกินราคากลาง",
         "ใบสั่งจ้าง ๓๔/๒๕๖๘ ลว. ๑๐ ธ.ค. ๖๗"],
        [3, "ซื้อครุภัณฑ์คอมพิวเตอร์ (เครื่องคอมพิวเตอร์โน้ตบุ๊ก สำหรับงานประมวลผล) "
            "จำนวน ๕ เครื่อง",
         110000.0, 110000.0, "เฉพาะเจาะจง",
         "1. บจก.ไอทีภูเก็ต 108,500 บาท\n2. หจก.เอส.เค.คอมพิวเตอร์ 109,900 บาท",
         "บจก.ไอทีภูเก็ต\n108,500 บาท",
         "เสนอราคาต่ำสุด",
         "สัญญาซื้อขาย ๕/๒๕๖๘ ลว. ๑๗ ธันวาคม ๒๕๖๗"],
    ]
    sor_kor_1_sheet(name, "ธ.ค.67", "ธันวาคม ๒๕๖๗", rows)
    return name


def file03_sorkor1_nov67_corrected() -> str:
    """November 2567 re-submitted: the over-budget cleaning contract corrected to 349,500.
    The file name says ต.ค. (the officer reused an old file name); the title says พ.ย."""
    name = "สขร1_ตค67_ทับ.xlsx"
    sor_kor_1_sheet(name, "พ.ย.67 (แก้ไข)", "พฤศจิกายน ๒๕๖๗", pao_november_rows("349,500"))
    return name


def file04_patong_month_in_sheet() -> str:
    """เทศบาลเมืองป่าตอง: the title has no month, the sheet name "มกราคม 2568" does."""
    name = "สรุปผลจัดซื้อจัดจ้าง_เทศบาลเมืองป่าตอง.xlsx"
    wb, ws = new_workbook("มกราคม 2568", creator="กองคลัง ทม.ป่าตอง")
    nxt = title_rows(ws, [("สรุปผลการดำเนินการจัดซื้อจัดจ้าง เทศบาลเมืองป่าตอง", "center")],
                     len(SOR_KOR_1))
    headers = ["ลำดับ\nที่", "งานที่จัดซื้อ\nหรือจัดจ้าง", "วงเงินที่จะซื้อ\nหรือจ้าง",
               "ราคากลาง", "วิธีซื้อ\nหรือจ้าง", "รายชื่อผู้เสนอราคา\nและราคาที่เสนอ",
               "ผู้ได้รับการคัดเลือก\nและราคาที่ตกลงซื้อหรือจ้าง",
               "เหตุผลที่คัดเลือก\nโดยสรุป", "เลขที่และวันที่ของสัญญา\nหรือข้อตกลง"]
    header_row(ws, nxt, headers)
    rows = [
        [1, "จ้างเหมาเก็บขนขยะมูลฝอยและทำความสะอาดชายหาดป่าตอง ประจำเดือน กุมภาพันธ์ 2568",
         480000.0, 478000.0, "เฉพาะเจาะจง",
         "หจก.ป่าตองคลีนนิ่ง เสนอราคา 476,000 บาท",
         "หจก.ป่าตองคลีนนิ่ง ราคา 476,000 บาท",
         "เป็นผู้มีอาชีพรับจ้างงานดังกล่าว ราคาไม่เกินราคากลาง",
         "สัญญาจ้างเลขที่ 15/2568 ลงวันที่ 28 ม.ค. 2568"],
        [2, "ซื้อวัสดุไฟฟ้าและวิทยุ จำนวน 20 รายการ (ซ่อมไฟส่องสว่างถนนราษฎร์อุทิศ 200 ปี)",
         35000.0, 35000.0, "เฉพาะเจาะจง",
         "ร้านกะทู้การไฟฟ้า 34,870 บาท",
         "ร้านกะทู้การไฟฟ้า 34,870 บาท",
         "ราคาไม่เกินวงเงินที่ตั้งไว้",
         "ใบสั่งซื้อเลขที่ 41/2568 ลงวันที่ 9 ม.ค. 2568"],
    ]
    data_rows(ws, nxt + 1, rows)
    widths(ws, SOR_KOR_1_WIDTHS)
    save_workbook(wb, name)
    return name


def file05_csv_month_in_name() -> str:
    """เทศบาลนครภูเก็ต October 2567 as CSV (UTF-8 BOM, CRLF); the month is only in the name."""
    name = "สขร1_ต.ค.2567.csv"
    rows = [SOR_KOR_1,
            ["1", "จ้างเหมาบริการรักษาความปลอดภัยอาคารสำนักงานเทศบาลนครภูเก็ต "
                  "ระยะเวลา 12 เดือน (ต.ค.67 - ก.ย.68)",
             "1,080,000.00", "1,080,000.00", "e-bidding",
             "1. บจก.ภูเก็ตซีเคียวริตี้ การ์ด 1,068,000 บาท 2. บจก.อันดามันการ์ด 1,075,000 บาท",
             "บจก.ภูเก็ตซีเคียวริตี้ การ์ด 1,068,000 บาท",
             "เสนอราคาต่ำสุด",
             "สัญญาจ้าง 1/2568 ลว. 1 ต.ค. 2567"],
            ["2", "จ้างเหมาตกแต่งสถานที่และจัดทำซุ้มงานประเพณีถือศีลกินผัก ประจำปี 2567",
             "95,000.00", "95,000.00", "เฉพาะเจาะจง",
             "ร้านทุ่งคาดีไซน์ 95,000 บาท",
             "ร้านทุ่งคาดีไซน์ 95,000 บาท",
             "เป็นผู้มีอาชีพรับจ้างโดยตรง",
             "ใบสั่งจ้าง 3/2568 ลว. 2 ต.ค. 2567"],
            ["3", "ซื้อน้ำดื่มบรรจุขวด สำหรับบริการประชาชนงานประเพณีถือศีลกินผัก",
             "12,000.00", "12,000.00", "เฉพาะเจาะจง",
             "ร้านน้ำดื่มสะพานหิน 11,880 บาท",
             "ร้านน้ำดื่มสะพานหิน 11,880 บาท",
             "ราคาไม่เกินวงเงิน",
             "ใบสั่งซื้อ 5/2568 ลว. 7 ต.ค. 67"]]
    write_csv(name, rows, "utf-8-sig", "\r\n")
    return name


def file06_csv_month_column() -> str:
    """เทศบาลนครภูเก็ต Oct-Nov 2567 in one CSV with a เดือน column typed six ways;
    winner/price and contract number/date in separate columns."""
    name = "สขร1_รวมเดือน_2568.csv"
    header = ["เดือน", "ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง",
              "ราคากลาง", "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
              "ผู้ได้รับการคัดเลือก", "ราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสรุป",
              "เลขที่สัญญาหรือข้อตกลง", "วันที่สัญญาหรือข้อตกลง"]
    rows = [header,
            ["ตุลาคม 2567", "1", "ซื้อวัสดุงานบ้านงานครัว จำนวน 15 รายการ",
             "8,500", "8,500", "เฉพาะเจาะจง", "ร้านสะพานหินพาณิชย์ 8,450 บาท",
             "ร้านสะพานหินพาณิชย์", "8,450", "ราคาไม่เกินวงเงิน",
             "ใบสั่งซื้อ 2/2568", "3/10/2567"],
            ["ต.ค. 67", "2", "จ้างซ่อมรถบรรทุกขยะ ทะเบียน 81-5521 ภูเก็ต",
             "23,600", "23,600", "เฉพาะเจาะจง", "อู่ช่างเอกเซอร์วิส 23,600 บาท",
             "อู่ช่างเอกเซอร์วิส", "23,600.00", "เป็นผู้มีอาชีพรับจ้างโดยตรง",
             "ใบสั่งจ้าง 6/2568", "15 ต.ค. 2567"],
            ["10/2567", "3", "จ้างเหมาขุดลอกท่อระบายน้ำ ถนนเยาวราช",
             "420,000", "418,500", "เฉพาะเจาะจง",
             "1. หจก.วิชิตโยธา 415,000 บาท 2. หจก.รัษฎาการช่าง 417,800 บาท",
             "หจก.วิชิตโยธา", "415,000", "เสนอราคาต่ำสุด",
             "สัญญาจ้าง 2/2568", "28/10/2567"],
            ["2567-11", "1", "ซื้อวัสดุคอมพิวเตอร์ (หมึกพิมพ์) จำนวน ๘ รายการ",
             "36,000", "35,700", "เฉพาะเจาะจง", "หจก.เอส.เค.คอมพิวเตอร์ 35,650 บาท",
             "หจก.เอส.เค.คอมพิวเตอร์", "35,650", "ราคาไม่เกินราคากลาง",
             "ใบสั่งซื้อ 14/2568", "6 พ.ย. 67"],
            ["๑๑/๒๕๖๗", "2", "จ้างเหมาจัดงานประเพณีลอยกระทง ประจำปี ๒๕๖๗ ณ สะพานหิน",
             "250,000", "250,000", "เฉพาะเจาะจง", "บจก.ภูเก็ตอีเว้นท์ 248,000 บาท",
             "บจก.ภูเก็ตอีเว้นท์", "248,000 บาท", "เป็นผู้มีอาชีพรับจ้างโดยตรง",
             "สัญญาจ้าง 3/2568", "20/11/2567"],
            ["พฤศจิกายน ๖๗", "3", "ซื้อน้ำมันเชื้อเพลิงและหล่อลื่น ประจำเดือน พฤศจิกายน ๒๕๖๗",
             "150,000", "150,000", "เฉพาะเจาะจง", "บจก.ภูเก็ตปิโตรเลียม 149,320.50 บาท",
             "บจก.ภูเก็ตปิโตรเลียม", "149,320.50", "ราคาไม่เกินวงเงิน",
             "ใบสั่งซื้อ 19/2568", "๒๕ พ.ย. ๖๗"]]
    write_csv(name, rows, "utf-8", "\n")
    return name


def file07_no_procurement_dashes() -> str:
    """February 2568: nothing bought; one row of "-" with ไม่มีการจัดซื้อจัดจ้าง."""
    name = "สขร1_กพ68_ไม่มี.xlsx"
    wb, ws = new_workbook("ก.พ.68", creator="เจ้าหน้าที่พัสดุ")
    nxt = title_rows(ws, [("แบบ สขร.๑", "right"),
                          ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน กุมภาพันธ์ ๒๕๖๘", "center"),
                          ("เทศบาลตำบลราไวย์ อำเภอเมืองภูเก็ต จังหวัดภูเก็ต", "center")],
                     len(SOR_KOR_1))
    header_row(ws, nxt, SOR_KOR_1)
    data_rows(ws, nxt + 1, [["-", "ไม่มีการจัดซื้อจัดจ้าง", "-", "-", "-", "-", "-", "-", "-"]])
    for col in range(1, 10):
        ws.cell(row=nxt + 1, column=col).alignment = CENTER
    widths(ws, SOR_KOR_1_WIDTHS)
    save_workbook(wb, name)
    return name


def file08_no_procurement_merged() -> str:
    """March 2568: nothing bought, written as one merged cell across the data row."""
    name = "สขร1_มีค68_ไม่มี.xlsx"
    wb, ws = new_workbook("มี.ค.68", creator="เจ้าหน้าที่พัสดุ")
    nxt = title_rows(ws, [("แบบ สขร.1", "right"),
                          ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน มีนาคม 2568", "center"),
                          ("เทศบาลตำบลเชิงทะเล อำเภอถลาง จังหวัดภูเก็ต", "center")],
                     len(SOR_KOR_1))
    header_row(ws, nxt, SOR_KOR_1)
    row = nxt + 1
    for col in range(1, 10):
        ws.cell(row=row, column=col).border = BOX
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
    cell = ws.cell(row=row, column=1, value="- ไม่มีการจัดซื้อจัดจ้างในเดือนนี้ -")
    cell.font = BODY_FONT
    cell.alignment = CENTER
    ws.row_dimensions[row].height = 30
    widths(ws, SOR_KOR_1_WIDTHS)
    save_workbook(wb, name)
    return name


def file09_no_procurement_csv() -> str:
    """April 2568 as CSV saved from Excel: title line, header, one row "ไม่มี"."""
    name = "สขร1_เมย68_ไม่มี.csv"
    rows = [["สรุปผลการดำเนินการจัดซื้อจัดจ้าง ประจำเดือน เมษายน 2568"] + [""] * 8,
            SOR_KOR_1,
            ["", "ไม่มี", "", "", "", "", "", "", ""]]
    write_csv(name, rows, "utf-8-sig", "\r\n")
    return name


def file10_two_row_header() -> str:
    """May 2568 สขร.1 of อบจ.ภูเก็ต with a two-row header; row 1 agreed above ราคากลาง."""
    name = "สขร1_สองแถวหัว_พค68.xlsx"
    wb, ws = new_workbook("พ.ค.68", creator="พัสดุ อบจ.ภูเก็ต")
    columns = ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง", "ราคากลาง",
               "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
               ("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
                ["ผู้ได้รับการคัดเลือก", "ราคาที่ตกลง (บาท)"]),
               "เหตุผลที่คัดเลือกโดยสรุป",
               ("เลขที่และวันที่ของสัญญาหรือข้อตกลง", ["เลขที่", "วันที่"])]
    nxt = title_rows(ws, [("แบบ สขร.๑", "right"),
                          ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน พฤษภาคม ๒๕๖๘", "center"),
                          (PAO, "center")], 11)
    two_row_header(ws, nxt, columns)
    rows = [
        ["๑", "ซื้อวัสดุการแพทย์ สำหรับหน่วยกู้ชีพ อบจ.ภูเก็ต จำนวน ๓๖ รายการ",
         250000.0, 240000.0, "เฉพาะเจาะจง",
         "บจก.ภูเก็ตเมดิคอล ซัพพลาย 245,000 บาท",
         "บจก.ภูเก็ตเมดิคอล ซัพพลาย", "245,000.00",
         "เป็นผู้มีอาชีพขายโดยตรง ราคาไม่เกินวงเงินงบประมาณ",
         "ใบสั่งซื้อ ๑๐๒/๒๕๖๘", datetime(2025, 5, 12)],
        ["๒", "จ้างก่อสร้างรางระบายน้ำ คสล. พร้อมบ่อพัก ถนนสายบ้านเกาะแก้ว - บ้านสามกอง "
              "อ.เมืองภูเก็ต",
         2450000.0, 2438000.0, "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
         "1. หจก.ถลางรุ่งเรืองก่อสร้าง ๒,๑๙๕,๐๐๐ บาท\n"
         "2. บจก.ภูเก็ตก่อสร้าง ๒,๓๒๐,๐๐๐ บาท\n"
         "3. หจก.กะทู้โยธาธิการ ๒,๔๐๐,๐๐๐ บาท",
         "หจก.ถลางรุ่งเรืองก่อสร้าง", 2195000.0,
         REASON_LOW,
         "สัญญาจ้าง ๑๘/๒๕๖๘", "๑๙ พ.ค. ๒๕๖๘"],
        ["๓", "ซื้อวัสดุคอมพิวเตอร์ (หมึกพิมพ์เลเซอร์) จำนวน ๒๘ ตลับ",
         42000.0, 42000.0, "เฉพาะเจาะจง",
         "หจก.เอส.เค.คอมพิวเตอร์ 41,300 บาท",
         "หจก.เอส.เค.คอมพิวเตอร์", 41300.0,
         "ราคาไม่เกินราคากลาง",
         "ใบสั่งซื้อ ๑๐๙/๒๕๖๘", "26/05/2568"],
    ]
    data_rows(ws, nxt + 2, rows)
    widths(ws, [7, 38, 14, 14, 16, 32, 24, 14, 26, 16, 14])
    save_workbook(wb, name)
    return name


def file11_winner_without_price() -> str:
    """June 2568 สขร.1 of อบจ.ภูเก็ต; in row 2 neither the winner nor the bidders cell has a price."""
    name = "สขร1_มิย68_ไม่ระบุราคา.xlsx"
    rows = [
        [1, "ซื้อน้ำมันเชื้อเพลิงสำหรับรถยนต์ส่วนกลาง ประจำเดือน มิถุนายน 2568",
         60000.0, 60000.0, "เฉพาะเจาะจง",
         "บจก.ภูเก็ตปิโตรเลียม 59,120.00 บาท",
         "บจก.ภูเก็ตปิโตรเลียม 59,120.00 บาท",
         REASON_SPECIFIC,
         "ใบสั่งซื้อ 121/2568 ลว. 3 มิ.ย. 68"],
        [2, "จ้างพิมพ์รายงานผลการดำเนินงานประจำปี 2567 พร้อมเข้าเล่ม จำนวน 300 เล่ม",
         "60,000", "58,500", "เฉพาะเจาะจง",
         "ร้านภูเก็ตการพิมพ์",
         "ร้านภูเก็ตการพิมพ์",
         "เป็นผู้มีอาชีพรับจ้างโดยตรง",
         "ใบสั่งจ้าง 87/2568 ลว. 16 มิ.ย. 68"],
    ]
    sor_kor_1_sheet(name, "มิ.ย.68", "มิถุนายน 2568", rows)
    return name


def file12_total_and_signature() -> str:
    """July 2568 สขร.1 of อบจ.ภูเก็ต; a รวม row, blank rows, then the signature block."""
    name = "สขร1_กค68_ลงชื่อ.xlsx"
    wb, ws = new_workbook("ก.ค.68", creator="พัสดุ อบจ.ภูเก็ต")
    nxt = title_rows(ws, [("แบบ สขร.๑", "right"),
                          ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน กรกฎาคม 2568", "center"),
                          (PAO, "center")], len(SOR_KOR_1))
    header_row(ws, nxt, SOR_KOR_1)
    rows = [
        [1, "จ้างเหมาบริการรถโดยสารปรับอากาศ โครงการศึกษาดูงานของสมาชิกสภา อบจ.ภูเก็ต",
         96000.0, 96000.0, "เฉพาะเจาะจง",
         "หจก.อันดามันทัวร์ 96,000 บาท",
         "หจก.อันดามันทัวร์ 96,000 บาท",
         REASON_SPECIFIC,
         "ใบสั่งจ้าง 95/2568 ลว. 4 ก.ค. 2568"],
        [2, "ซื้อวัสดุก่อสร้าง (ซ่อมแซมอาคารศูนย์พัฒนาเด็กเล็ก) จำนวน 22 รายการ",
         74500.0, 74500.0, "เฉพาะเจาะจง",
         "1. ร้านถลางวัสดุ 73,980 บาท\n2. หจก.ภูเก็ตค้าวัสดุ 74,400 บาท",
         "ร้านถลางวัสดุ 73,980 บาท",
         "เสนอราคาต่ำสุด",
         "ใบสั่งซื้อ 130/2568 ลว. 11 ก.ค. 2568"],
        [3, "จ้างซ่อมบำรุงรถยนต์ส่วนกลาง หมายเลขทะเบียน กข 1234 ภูเก็ต",
         18200.0, 18200.0, "เฉพาะเจาะจง",
         "อู่ช่างเอกเซอร์วิส 18,200 บาท",
         "อู่ช่างเอกเซอร์วิส 18,200 บาท",
         REASON_SPECIFIC,
         "ใบสั่งจ้าง 101/2568 ลว. 22 ก.ค. 2568"],
    ]
    r = data_rows(ws, nxt + 1, rows)
    total = ["", "รวม", 188700.0, 188700.0, "", "", "188,180 บาท", "", ""]
    data_rows(ws, r, [total])
    for col in range(1, 10):
        ws.cell(row=r, column=col).font = HEAD_FONT
    r += 3  # two blank rows under the table
    for text in ["(ลงชื่อ)..............................ผู้รายงาน",
                 "(นางสาวสมใจ ใจดี)",
                 "ตำแหน่ง นักวิชาการพัสดุชำนาญการ"]:
        ws.merge_cells(start_row=r, start_column=6, end_row=r, end_column=9)
        cell = ws.cell(row=r, column=6, value=text)
        cell.font = BODY_FONT
        cell.alignment = Alignment(horizontal="center")
        r += 1
    widths(ws, SOR_KOR_1_WIDTHS)
    save_workbook(wb, name)
    return name


# --------------------------------------------------------------------------
# plan progress
# --------------------------------------------------------------------------

def file13_plan_six_months() -> str:
    """6-month monitoring report FY2568 of อบจ.ภูเก็ต: round only in the title,
    two-row header, five projects and a merged รวมทั้งสิ้น row."""
    name = "แผน_รายงานรอบ6เดือน_2568.xlsx"
    wb, ws = new_workbook("รอบ 6 เดือน", creator="กองยุทธศาสตร์และงบประมาณ")
    nxt = title_rows(ws, [
        ("รายงานการกำกับติดตามการดำเนินงานและการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ "
         "รอบ ๖ เดือน (๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘)", "center"),
        (PAO, "center")], 12)
    two_row_header(ws, nxt, [
        "รหัสโครงการ", "โครงการ/กิจกรรม", "หน่วยงานที่รับผิดชอบ",
        ("งบประมาณ (บาท)", ["ได้รับจัดสรร", "หลังโอนเปลี่ยนแปลง", "ก่อหนี้ผูกพัน",
                             "เบิกจ่าย", "คงเหลือ"]),
        ("ความก้าวหน้า (ร้อยละ)", ["ตามแผน", "ผลจริง"]),
        "สถานะ", "ปัญหาอุปสรรค"])
    # allocated, after transfer, committed, disbursed; remaining = after - committed - disbursed
    projects = [
        ["PJ-68-001", "โครงการก่อสร้างถนน คสล. สายบ้านบางเทา - บ้านเชิงทะเล อ.ถลาง",
         "กองช่าง", 4500000, 4500000, 4380000, 0, 30, 15, "อยู่ระหว่างดำเนินการ",
         "ผู้รับจ้างเข้าพื้นที่ล่าช้าเนื่องจากฝนตกต่อเนื่อง"],
        ["PJ-68-002", "โครงการส่งเสริมการท่องเที่ยวเทศกาลถือศีลกินผัก จังหวัดภูเก็ต ประจำปี ๒๕๖๘",
         "สำนักปลัด", 1500000, 1450000, 0, 1450000, 100, 100, "ดำเนินการแล้วเสร็จ", "-"],
        ["PJ-68-003", "โครงการฝึกอบรมอาสาสมัครกู้ชีพกู้ภัยทางทะเล",
         "สำนักปลัด", 350000, 350000, 0, 0, 0, 0, "ยังไม่ดำเนินการ",
         "กำหนดจัดในไตรมาสที่ ๓"],
        ["PJ-68-004", "โครงการจัดซื้อวัสดุการศึกษาสำหรับโรงเรียนในสังกัด อบจ.ภูเก็ต",
         "กองการศึกษา ศาสนาและวัฒนธรรม", 2800000, 2800000, 650000, 1920500, 80, 68.6,
         "อยู่ระหว่างดำเนินการ", "-"],
        ["PJ-68-005", "โครงการปรับปรุงระบบประปาหมู่บ้าน บ้านไม้ขาว หมู่ที่ ๕",
         "กองช่าง", 980000, 1080000, 0, 1074000, 100, 100, "ดำเนินการแล้วเสร็จ",
         "โอนงบประมาณเพิ่ม ๑๐๐,๐๐๐ บาท เนื่องจากราคาวัสดุสูงขึ้น"],
    ]
    rows, sums = [], [0.0] * 5
    for p in projects:
        code, title, unit, alloc, after, committed, paid, plan, actual, status, note = p
        remaining = after - committed - paid
        money = [float(alloc), float(after), float(committed), float(paid), float(remaining)]
        sums = [s + m for s, m in zip(sums, money)]
        rows.append([code, title, unit, *money, float(plan), float(actual), status, note])
    rows[1][5] = "0"           # an officer typed the zero commitment as text
    rows[4][3] = "980,000.00"  # and this allocation as text with commas
    r = data_rows(ws, nxt + 2, rows)
    data_rows(ws, r, [["รวมทั้งสิ้น", "", "", *sums, "", "", "", ""]])
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws.cell(row=r, column=1).alignment = CENTER
    for col in range(1, 13):
        ws.cell(row=r, column=col).font = HEAD_FONT
    widths(ws, [12, 42, 20, 14, 14, 14, 14, 14, 9, 9, 18, 30])
    save_workbook(wb, name)
    return name


PLAN_CSV_HEADER = ["ปีงบประมาณ", "รอบการรายงาน", "รหัสโครงการ", "โครงการ/กิจกรรม",
                   "หน่วยงานที่รับผิดชอบ", "งบประมาณที่ได้รับจัดสรร (บาท)",
                   "งบประมาณหลังโอนเปลี่ยนแปลง (บาท)", "ก่อหนี้ผูกพัน (บาท)",
                   "เบิกจ่าย (บาท)", "คงเหลือ (บาท)", "ความก้าวหน้าตามแผน (ร้อยละ)",
                   "ความก้าวหน้าผลจริง (ร้อยละ)", "สถานะ", "ปัญหาอุปสรรค"]


def file14_plan_annual_cp874() -> str:
    """Annual performance report of เทศบาลนครภูเก็ต as a Windows-874 CSV with CRLF;
    the round is typed "รอบ 12 เดือน" in some rows and "ประจำปี" in others."""
    name = "ผลการดำเนินงานประจำปี_2568.csv"
    rows = [PLAN_CSV_HEADER,
            ["๒๕๖๘", "รอบ 12 เดือน", "68-01-001", "โครงการปรับปรุงภูมิทัศน์สวนสาธารณะสะพานหิน",
             "กองช่าง", "3,200,000.00", "3,200,000.00", "0.00", "3,150,000.00", "50,000.00",
             "100", "100", "ดำเนินการแล้วเสร็จ", "-"],
            ["๒๕๖๘", "ประจำปี", "68-02-004", "โครงการอาหารกลางวันนักเรียนโรงเรียนในสังกัดเทศบาล",
             "กองการศึกษา", "12,450,000.00", "12,450,000.00", "0.00", "12,318,400.00",
             "131,600.00", "100", "100", "ดำเนินการแล้วเสร็จ", "-"],
            ["๒๕๖๘", "รอบ 12 เดือน", "68-03-002", "โครงการพัฒนาระบบบริการประชาชนออนไลน์ (e-Service)",
             "สำนักปลัดเทศบาล", "850,000.00", "850,000.00", "420,000.00", "310,000.00",
             "120,000.00", "100", "85", "อยู่ระหว่างดำเนินการ",
             "ผู้รับจ้างส่งมอบงานงวดสุดท้ายไม่ทันสิ้นปีงบประมาณ กันเงินไว้เบิกเหลื่อมปี"],
            ["๒๕๖๘", "ประจำปี", "68-04-007", "โครงการรณรงค์ป้องกันโรคไข้เลือดออก",
             "กองสาธารณสุขและสิ่งแวดล้อม", "180,000.00", "150,000.00", "0.00", "0.00",
             "150,000.00", "100", "0", "ยังไม่ดำเนินการ",
             "ยกเลิกกิจกรรม โอนงบประมาณไปใช้ในภารกิจเร่งด่วน"]]
    write_csv(name, rows, "cp874", "\r\n")
    return name


def file15_plan_round_column() -> str:
    """6-month plan progress of เทศบาลเมืองป่าตอง with รอบการรายงาน and ปีงบประมาณ columns."""
    name = "แผน_รอบ6เดือน_คอลัมน์.xlsx"
    wb, ws = new_workbook("Sheet1", creator="กองวิชาการและแผนงาน")
    nxt = title_rows(ws, [("ผลการดำเนินงานตามแผนดำเนินงาน เทศบาลเมืองป่าตอง", "center")], 10)
    header_row(ws, nxt, ["ปีงบประมาณ", "รอบการรายงาน", "โครงการ/กิจกรรม", "หน่วยงานที่รับผิดชอบ",
                         "งบประมาณ (บาท)", "เบิกจ่าย (บาท)", "ความก้าวหน้าตามแผน (%)",
                         "ความก้าวหน้าผลจริง (%)", "สถานะ", "ปัญหาอุปสรรค"])
    rows = [
        [2568, "รอบ 6 เดือน", "โครงการจ้างเหมาพนักงานช่วยเหลือนักท่องเที่ยวชายหาดป่าตอง",
         "สำนักปลัดเทศบาล", 1920000.0, 960000.0, 50.0, 50.0, "อยู่ระหว่างดำเนินการ", "-"],
        [2568, "รอบ 6 เดือน", "โครงการก่อสร้างทางเท้าถนนทวีวงศ์ (ช่วงที่ 2)",
         "กองช่าง", 5600000.0, 0.0, 40.0, 10.0, "อยู่ระหว่างดำเนินการ",
         "อยู่ระหว่างขออนุญาตใช้พื้นที่จากแขวงทางหลวง"],
        [2568, "รอบ 6 เดือน", "โครงการ Patong Carnival 2025", "กองการท่องเที่ยว",
         "2,500,000", "0", 0.0, 0.0, "ยังไม่ดำเนินการ", "กำหนดจัดงานเดือนพฤศจิกายน 2568"],
    ]
    data_rows(ws, nxt + 1, rows)
    widths(ws, [11, 14, 44, 20, 15, 15, 12, 12, 18, 30])
    save_workbook(wb, name)
    return name


# --------------------------------------------------------------------------
# staff and personal data
# --------------------------------------------------------------------------

def file16_hr_export_cp874() -> str:
    """HR-system export (Windows-874, CRLF) with national IDs, mobiles, birth dates, addresses."""
    name = "ทะเบียนบุคลากร_HR_export.csv"
    header = ["ลำดับ", "คำนำหน้า", "ชื่อ", "นามสกุล", "ตำแหน่ง", "ระดับ", "สังกัด/กอง",
              "เลขประจำตัวประชาชน", "โทรศัพท์มือถือ", "วันเดือนปีเกิด",
              "ที่อยู่ตามทะเบียนบ้าน", "โทรศัพท์ที่ทำงาน", "อีเมล"]
    staff = [
        ["นาย", "ประเสริฐ", "ทองคำ", "ผู้อำนวยการกองคลัง", "อำนวยการท้องถิ่น ระดับกลาง", "กองคลัง",
         "383990012345", "081-892-3344", "12 มี.ค. 2518",
         "45/7 หมู่ 2 ต.รัษฎา อ.เมืองภูเก็ต จ.ภูเก็ต 83000", "076-354-101", "prasert.t"],
        ["นางสาว", "สมใจ", "ใจดี", "นักวิชาการพัสดุ", "ชำนาญการ", "กองคลัง",
         "183990045678", "089-471-2250", "5 ส.ค. 2530",
         "112/3 ถ.เยาวราช ต.ตลาดใหญ่ อ.เมืองภูเก็ต จ.ภูเก็ต 83000", "076-354-112", "somjai.j"],
        ["นาง", "วิไลวรรณ", "ศรีสุข", "นักวิชาการเงินและบัญชี", "ชำนาญการพิเศษ", "กองคลัง",
         "384010078901", "086-220-9187", "21 ม.ค. 2521",
         "9 ซ.บางเหนียว 3 ต.ตลาดเหนือ อ.เมืองภูเก็ต จ.ภูเก็ต 83000", "076-354-115", "wilaiwan.s"],
        ["นาย", "อนุชา", "แสงทอง", "เจ้าพนักงานพัสดุ", "ชำนาญงาน", "กองคลัง",
         "183020011223", "083-615-0042", "30 ต.ค. 2533",
         "77/21 หมู่ 4 ต.ฉลอง อ.เมืองภูเก็ต จ.ภูเก็ต 83130", "076-354-113", "anucha.s"],
        ["นางสาว", "กนกพร", "บุญมา", "นักวิเคราะห์นโยบายและแผน", "ปฏิบัติการ",
         "กองยุทธศาสตร์และงบประมาณ", "283990099887", "095-338-7716", "12 มี.ค. 2538",
         "18 หมู่ 1 ต.เทพกระษัตรี อ.ถลาง จ.ภูเก็ต 83110", "076-354-201", "kanokporn.b"],
        ["นาย", "ธนากร", "หวังดี", "นักจัดการงานทั่วไป", "ปฏิบัติการ", "สำนักปลัด",
         "584990033456", "062-904-5581", "2 ธ.ค. 2536",
         "201/9 หมู่ 3 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต 83150", "076-354-021", "thanakorn.w"],
    ]
    rows = [header]
    for i, (title, first, last, pos, level, unit, id12, mobile, born, addr, work, mail) in \
            enumerate(staff, start=1):
        rows.append([str(i), title, first, last, pos, level, unit, thai_id(id12), mobile, born,
                     addr, work, mail + "@example.go.th"])
    write_csv(name, rows, "cp874", "\r\n")
    return name


def file17_staff_list_typed() -> str:
    """Staff list of กองคลัง typed by an officer; two หมายเหตุ cells hold personal mobiles."""
    name = "รายชื่อบุคลากร_กองคลัง.xlsx"
    wb, ws = new_workbook("กองคลัง", creator="กองคลัง")
    nxt = title_rows(ws, [("รายชื่อบุคลากร กองคลัง", "center"),
                          ("องค์การบริหารส่วนจังหวัดภูเก็ต (ข้อมูล ณ วันที่ ๑ พฤศจิกายน ๒๕๖๗)",
                           "center")], 5)
    header_row(ws, nxt, ["ลำดับ", "ชื่อ - สกุล", "ตำแหน่ง", "โทรศัพท์ที่ทำงาน", "หมายเหตุ"])
    rows = [
        ["๑", "นายประเสริฐ  ทองคำ", "ผู้อำนวยการกองคลัง (อำนวยการท้องถิ่น ระดับกลาง)",
         "076-354-101", ""],
        ["๒", "นางวิไลวรรณ  ศรีสุข", "นักวิชาการเงินและบัญชีชำนาญการพิเศษ",
         "076-354-115", "รักษาราชการแทน ผอ.กองคลัง"],
        ["๓", "นางสาวสมใจ  ใจดี", "นักวิชาการพัสดุชำนาญการ", "076-354-112",
         "ติดต่อ 081-234-5678"],
        ["๔", "นายอนุชา  แสงทอง", "เจ้าพนักงานพัสดุชำนาญงาน", "076-354-113", ""],
        ["๕", "นางสาวพิมพ์ชนก  ทองดี", "เจ้าพนักงานการเงินและบัญชีปฏิบัติงาน",
         "076-354-116", "ลาคลอด ถึง ๓๑ ม.ค. ๖๘"],
        ["๖", "นายสุริยา  เกิดผล", "พนักงานจ้างตามภารกิจ (ผู้ช่วยเจ้าพนักงานพัสดุ)",
         "076-354-113", "มือถือ 089 765 4321 (กรณีเร่งด่วน)"],
    ]
    data_rows(ws, nxt + 1, rows)
    widths(ws, [7, 28, 44, 16, 32])
    save_workbook(wb, name)
    return name


# --------------------------------------------------------------------------
# e-GP export
# --------------------------------------------------------------------------

EGP_HEADER = ["ลำดับ", "รหัสโครงการ", "ชื่อโครงการ", "ชื่อประเภทโครงการ", "ชื่อหน่วยงาน",
              "ชื่อหน่วยงานย่อย", "วิธีจัดซื้อฯ", "กลุ่มวิธีจัดซื้อฯ", "วันที่ประกาศ",
              "งบประมาณ(บาท)", "ราคากลาง(บาท)", "ราคาตกลงซื้อ/จ้าง", "ปีงบประมาณ",
              "วันที่เกิดรายการ", "จังหวัด"]
EGP_METHOD = "วิธีการจัดหา ประกาศเชิญชวนทั่วไป คัดเลือก เฉพาะเจาะจง"


def file18_egp_ragged() -> str:
    """e-GP contract export (UTF-8, LF, 15 columns) where row 3 lost a cell and row 5 has one extra."""
    name = "egp_contract_2568_แถวขาด.csv"
    rows = [
        ["4611201", "67119301245", "ซื้อวัสดุสำนักงาน จำนวน ๑๒ รายการ โดยวิธีเฉพาะเจาะจง", "ซื้อ",
         PAO, PAO, EGP_METHOD, "เฉพาะเจาะจง", "-", "18500", "18500", "18240", "2568",
         "15 พ.ย. 67", "ภูเก็ต"],
        ["4611202", "67109455012", "จ้างก่อสร้างปรับปรุงผิวจราจรแอสฟัลท์ติกคอนกรีต ถนนสาย ภก.ถ.๑-๐๐๑๒ "
         "ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", "จ้างก่อสร้าง",
         PAO, PAO, EGP_METHOD, "ประกาศเชิญชวนทั่วไป", "8 ต.ค. 67", "1300000", "1285000",
         "1250000", "2568", "20 พ.ย. 67", "ภูเก็ต"],
        # row 3: the ชื่อหน่วยงานย่อย cell is lost (14 cells, everything after it shifts left)
        ["4611203", "67119088731", "จ้างเหมาซ่อมแซมไฟฟ้าส่องสว่างถนนราษฎร์อุทิศ ๒๐๐ ปี จำนวน 1 งาน "
         "โดยวิธีเฉพาะเจาะจง", "จ้างทำของ/จ้างเหมาบริการ",
         "เทศบาลเมืองป่าตอง", EGP_METHOD, "เฉพาะเจาะจง", "-", "35000", "35000",
         "34870", "2568", "9 ม.ค. 68", "ภูเก็ต"],
        ["4611204", "67109122406", "ซื้อน้ำดื่มบรรจุขวด จำนวน ๑ รายการ โดยวิธีเฉพาะเจาะจง", "ซื้อ",
         "เทศบาลนครภูเก็ต", "เทศบาลนครภูเก็ต", EGP_METHOD, "เฉพาะเจาะจง", "-", "12000",
         "12000", "11880", "2568", "7 ต.ค. 67", "ภูเก็ต"],
        # row 5: one cell too many at the end (a status column spilled over)
        ["4611205", "67129240517", "จ้างซ่อมรถบรรทุกขยะ หมายเลขทะเบียน 81-7730 ภูเก็ต จำนวน 1 คัน "
         "โดยวิธีเฉพาะเจาะจง", "จ้างทำของ/จ้างเหมาบริการ",
         "เทศบาลเมืองกะทู้", "เทศบาลเมืองกะทู้", EGP_METHOD, "เฉพาะเจาะจง", "-", "23600",
         "23600", "23600", "2568", "18 ธ.ค. 67", "ภูเก็ต", "สิ้นสุดสัญญา"],
    ]
    assert [len(r) for r in rows] == [15, 15, 14, 15, 16]
    write_csv(name, [EGP_HEADER] + rows, "utf-8", "\n")
    return name


FILES = [
    file01_sorkor1_nov67, file02_sorkor1_dec67, file03_sorkor1_nov67_corrected,
    file04_patong_month_in_sheet, file05_csv_month_in_name, file06_csv_month_column,
    file07_no_procurement_dashes, file08_no_procurement_merged, file09_no_procurement_csv,
    file10_two_row_header, file11_winner_without_price, file12_total_and_signature,
    file13_plan_six_months, file14_plan_annual_cp874, file15_plan_round_column,
    file16_hr_export_cp874, file17_staff_list_typed, file18_egp_ragged,
]


def main() -> None:
    """Write every file and print its name."""
    OUT.mkdir(parents=True, exist_ok=True)
    for make in FILES:
        print(make())


if __name__ == "__main__":
    main()
