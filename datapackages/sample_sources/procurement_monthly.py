"""Mandate item 4: the monthly procurement summary (form สขร.1) for every month of fiscal year 2568, and the
16-field annual summary. A month without purchases is filed as one row: ไม่มีการจัดซื้อจัดจ้าง."""

from __future__ import annotations

from pathlib import Path

from .common import FY_MONTHS, MONTHS_ABBR, Agency, baht, be_abbr, be_month, be_short, thai_digits, write_csv, write_xlsx
from .procurement import ledger, thai_amount

NO_PROCUREMENT = "ไม่มีการจัดซื้อจัดจ้าง"
MONTHLY_HEADER = ["เดือนที่รายงาน", "ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง (บาท)", "ราคากลาง (บาท)",
                  "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ", "ผู้ได้รับการคัดเลือก",
                  "ราคาที่ตกลงซื้อหรือจ้าง (บาท)", "เหตุผลที่คัดเลือกโดยสรุป", "เลขที่สัญญาหรือข้อตกลง",
                  "วันที่ของสัญญาหรือข้อตกลง"]
SUMMARY_HEADER = ["ที่", "ปีงบประมาณ", "ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "กระทรวง", "ประเภทหน่วยงาน", "ชื่อรายการ",
                  "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง",
                  "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
                  "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการในระบบ e-GP"]


def _monthly(ag: Agency, as_text: bool) -> dict[tuple[int, int], list[list]]:
    purchases = ledger(ag)
    out = {}
    for year, month in FY_MONTHS:
        key = f"{year}-{month:02d}"
        items = [p for p in purchases if p.month == (year, month)]
        if not items:
            out[(year, month)] = [[key, 1, NO_PROCUREMENT] + [""] * 9]
            continue
        rows = []
        for seq, p in enumerate(items, start=1):
            thai = as_text and seq % 3 == 0
            money = (lambda v: thai_amount(v, thai)) if as_text else float
            rows.append([key, seq, p.item, money(p.budget), money(p.reference), p.method, p.bidders,
                         p.winner, money(p.agreed), p.reason, p.contract_number,
                         be_short(p.contract_date) if as_text else be_abbr(p.contract_date)])
        out[(year, month)] = rows
    return out


def _summary(ag: Agency, as_text: bool) -> list[list]:
    rows = []
    for seq, p in enumerate(ledger(ag), start=1):
        money = baht if as_text else float
        rows.append([seq, 2568, ag.name_th, ag.district, "ภูเก็ต", "มหาดไทย", "องค์กรปกครองส่วนท้องถิ่น", p.item,
                     money(p.budget), p.source,
                     "ลงนามสัญญาแล้ว" if p.method != "เฉพาะเจาะจง" else "ส่งมอบและตรวจรับแล้ว", p.method,
                     money(p.reference), money(p.agreed), p.winner, p.project_id])
    return rows


def write(ag: Agency, folder: Path) -> None:
    if ag.slug == "phuket-pao":
        # one sheet per month, each under its own form title, as the procurement unit files them
        sheets = []
        for (year, month), rows in _monthly(ag, as_text=False).items():
            title = f"แบบ สขร.1 สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน{be_month(year, month)} {ag.name_th}"
            sheets.append({"title": f"{MONTHS_ABBR[month - 1]} {thai_digits((year + 543) % 100)}",
                           "rows": [[title], MONTHLY_HEADER] + rows, "merges": ["A1:L1"], "header_rows": 2,
                           "widths": {"C": 60, "G": 60, "H": 40, "J": 45},
                           "formats": {f"{c}{n}": "#,##0.00" for c in "DEI" for n in range(3, len(rows) + 3)}})
        write_xlsx(folder / "สขร1_ปีงบประมาณ2568.xlsx", sheets)
        write_csv(folder / "procurement_summary16_2568.csv", [SUMMARY_HEADER] + _summary(ag, as_text=True))
    else:
        rows = [row for month_rows in _monthly(ag, as_text=True).values() for row in month_rows]
        write_csv(folder / "สขร1_2568.csv", [MONTHLY_HEADER] + rows)
        write_xlsx(folder / "สรุปผลการจัดซื้อจัดจ้าง_16ช่อง_2568.xlsx", [{
            "title": "สรุปผล 2568", "rows": [SUMMARY_HEADER] + _summary(ag, as_text=False),
            "widths": {"H": 60, "O": 40, "P": 16},
            "formats": {f"{c}{n}": "#,##0.00" for c in "IMN" for n in range(2, 40)}}])
