"""Mandate item 1: staff roster (invented names; no ID numbers, birth dates or home addresses) and HR documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .common import Agency, be_abbr, documents, person, write_csv, write_xlsx

# (position, level, type); a unit's head first
ROLES = [
    ("นักวิเคราะห์นโยบายและแผน", "ชำนาญการ", "พนักงานส่วนท้องถิ่น"),
    ("นักวิชาการเงินและบัญชี", "ปฏิบัติการ", "พนักงานส่วนท้องถิ่น"),
    ("นักวิชาการพัสดุ", "ชำนาญการ", "พนักงานส่วนท้องถิ่น"),
    ("เจ้าพนักงานพัสดุ", "ชำนาญงาน", "พนักงานส่วนท้องถิ่น"),
    ("วิศวกรโยธา", "ชำนาญการ", "พนักงานส่วนท้องถิ่น"),
    ("นายช่างโยธา", "ปฏิบัติงาน", "พนักงานส่วนท้องถิ่น"),
    ("นักวิชาการศึกษา", "ชำนาญการ", "พนักงานส่วนท้องถิ่น"),
    ("นักวิชาการสาธารณสุข", "ชำนาญการพิเศษ", "พนักงานส่วนท้องถิ่น"),
    ("นักทรัพยากรบุคคล", "ปฏิบัติการ", "พนักงานส่วนท้องถิ่น"),
    ("นักจัดการงานทั่วไป", "ชำนาญการ", "พนักงานส่วนท้องถิ่น"),
    ("เจ้าพนักงานธุรการ", "ปฏิบัติงาน", "พนักงานส่วนท้องถิ่น"),
    ("นักประชาสัมพันธ์", "ปฏิบัติการ", "พนักงานส่วนท้องถิ่น"),
    ("พนักงานขับรถยนต์", "", "ลูกจ้างประจำ"),
    ("ผู้ช่วยเจ้าพนักงานธุรการ", "", "พนักงานจ้างตามภารกิจ"),
]


def _rows(ag: Agency) -> list[list]:
    rng, used = ag.rng("staff"), set()
    local_staff = "พนักงานส่วนจังหวัด" if ag.slug == "phuket-pao" else "พนักงานเทศบาล"
    rows, seq = [], 0
    for u, (unit_id, unit, head) in enumerate(ag.units[:10]):
        picks = [(head, "อำนวยการท้องถิ่น ระดับกลาง" if u else "อำนวยการท้องถิ่น ระดับสูง", "พนักงานส่วนท้องถิ่น")]
        picks += rng.sample(ROLES, 2 + (u % 2))
        for r, (position, level, kind) in enumerate(picks):
            seq += 1
            kind = local_staff if kind == "พนักงานส่วนท้องถิ่น" else kind
            number = f"{30 + u % 3:02d}-{u % 4 + 1}-{u + 1:02d}-{3100 + r * 101:04d}-{seq:03d}"
            vacant = r > 0 and rng.random() < 0.12
            prefix, first, last = ("", "", "") if vacant else person(rng, used)
            rows.append([seq, unit, position, number, level, kind, vacant, prefix, first, last,
                         ag.phone(120 + u), "" if vacant else ag.email(f"{unit_id.lower()}.{r + 1:02d}")])
    return rows


def write(ag: Agency, folder: Path) -> None:
    header = ["ลำดับ", "ส่วนราชการ", "ตำแหน่ง", "เลขที่ตำแหน่ง", "ระดับ", "ประเภทบุคลากร", "ตำแหน่งว่าง",
              "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "โทรศัพท์สำนักงาน", "อีเมลที่ทำงาน"]
    rows = _rows(ag)
    if ag.slug == "phuket-pao":
        for row in rows:
            # the schema lists ว่าง/ไม่ว่าง, but the build reads only ใช่/ไม่ใช่ (see README): blank = not vacant
            row[6] = "ใช่" if row[6] else ""
        title = f"บัญชีรายชื่อบุคลากร{ag.name_th} ข้อมูล ณ วันที่ 1 ตุลาคม 2567"
        write_xlsx(folder / "บุคลากร_2568.xlsx", [{
            "title": "บุคลากร", "rows": [[title], header] + rows, "merges": ["A1:L1"], "header_rows": 2,
            "widths": {"B": 34, "C": 30, "D": 20, "E": 24, "L": 34}}])
    else:
        for row in rows:
            row[6] = "ใช่" if row[6] else "ไม่ใช่"
        write_csv(folder / "staff_roster.csv", [header] + rows, crlf=True)  # Excel on Windows: BOM + CRLF
    documents(folder, ag, [
        {"id": "HR-2568-01", "file": "hr-policy-2568.pdf", "title": f"นโยบายการบริหารทรัพยากรบุคคล{ag.name_th}",
         "type": "นโยบายการบริหารทรัพยากรบุคคล", "date": dt.date(2024, 10, 15), "fy": 2568,
         "en": "Human resource management policy"},
        {"id": "HR-2568-02", "file": "hr-plan-2568.pdf", "title": "แผนพัฒนาบุคลากร ประจำปีงบประมาณ พ.ศ. 2568",
         "type": "การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล", "date": dt.date(2024, 11, 1), "fy": 2568,
         "en": "Staff development plan 2568"},
        {"id": "HR-2568-03", "file": "hr-criteria-2568.pdf",
         "title": "หลักเกณฑ์การประเมินผลการปฏิบัติงานของพนักงานส่วนท้องถิ่น",
         "type": "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล", "date": dt.date(2024, 10, 15), "fy": 2568,
         "en": "Staff performance appraisal criteria"},
        {"id": "HR-2567-04", "file": "hr-report-2567.pdf",
         "title": "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. 2567",
         "type": "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี", "date": dt.date(2024, 10, 31), "fy": 2567,
         "en": "Annual HR management and development report 2567"},
    ], register="hr_documents.csv", date_form=be_abbr)
