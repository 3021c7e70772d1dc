"""Mandate item 4: the procurement plan of fiscal year 2568 and the procurement announcements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .common import Agency, baht, be_abbr, be_slash, documents, thai_digits, write_csv
from .procurement import METHOD_GROUP, ledger
from .projects import PROJECTS


def write(ag: Agency, folder: Path) -> None:
    purchases = {p.plan_code: p for p in ledger(ag) if p.plan_code}
    units = {p.code: p.unit for p in PROJECTS[ag.slug]}
    header = ["ปีงบประมาณ", "ลำดับ", "รายการ", "ประเภท", "วงเงินงบประมาณ (บาท)", "แหล่งที่มาของงบประมาณ",
              "วิธีการจัดซื้อจัดจ้าง", "ช่วงเวลาที่คาดว่าจะประกาศจัดซื้อจัดจ้าง", "หน่วยงานเจ้าของงบประมาณ",
              "เลขที่แผนในระบบ e-GP", "หมายเหตุ"]
    rows = [header]
    for seq, (code, p) in enumerate(sorted(purchases.items(), key=lambda kv: kv[1].contract_date), start=1):
        announce = p.announce_date or p.contract_date
        amount = baht(p.budget)
        rows.append([2568, seq, p.item, p.kind, thai_digits(amount) if ag.slug == "phuket-city" and seq % 4 == 0
                     else amount, p.source, METHOD_GROUP[p.method], f"{announce.year}-{announce.month:02d}",
                     units[code], f"P{p.project_id[:4]}{(ag.seed % 100):02d}{seq:04d}",
                     f"โครงการตามแผนดำเนินงาน รหัส {code}"])
    name = "แผนการจัดซื้อจัดจ้าง_2568.csv" if ag.slug == "phuket-city" else "procurement_plan_2568.csv"
    write_csv(folder / name, rows)
    big = [p for p in purchases.values() if p.announce_date][:3]
    docs = [
        {"id": "PP-2568-01", "file": "procurement-plan-2568.pdf",
         "title": "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568", "type": "แผนการจัดซื้อจัดจ้าง",
         "date": dt.date(2024, 8, 1), "fy": 2568, "en": "Procurement plan, fiscal year 2568"},
        {"id": "PP-2568-02", "file": "procurement-plan-announcement-2568.pdf",
         "title": f"ประกาศ{ag.name_th} เรื่อง เผยแพร่แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568",
         "type": "ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง", "date": dt.date(2024, 8, 5), "fy": 2568,
         "en": "Announcement publishing the procurement plan 2568"},
    ]
    for n, p in enumerate(big, start=3):
        docs.append({"id": f"PP-2568-{n:02d}", "file": f"invitation-{p.project_id}.pdf",
                     "title": f"ประกาศเชิญชวน {p.egp_title}", "type": "ประกาศเชิญชวน", "date": p.announce_date,
                     "fy": 2568, "en": f"Invitation to bid, e-GP project {p.project_id}"})
        docs.append({"id": f"PP-2568-{n + 10:02d}", "file": f"winner-{p.project_id}.pdf",
                     "title": f"ประกาศผู้ชนะการเสนอราคา {p.item}", "type": "ประกาศผู้ชนะการเสนอราคา",
                     "date": p.contract_date - dt.timedelta(days=7), "fy": 2568,
                     "en": f"Winning bidder announcement, e-GP project {p.project_id}"})
    docs.append({"id": "PP-2567-99", "file": "procurement-report-2567.pdf",
                 "title": "รายงานผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. 2567 และการวิเคราะห์ผล",
                 "type": "รายงานผลการจัดซื้อจัดจ้างประจำปี", "date": dt.date(2024, 10, 30), "fy": 2567,
                 "en": "Annual procurement report 2567"})
    documents(folder, ag, docs, register="ทะเบียนประกาศจัดซื้อจัดจ้าง.csv",
              date_form=be_slash if ag.slug == "phuket-city" else be_abbr)
