"""Mandate item 5: operating manuals and standards (documents only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .common import Agency, be_abbr, be_full, documents

COMMON = [
    ("MAN-01", "manual-procurement.pdf", "คู่มือการปฏิบัติงานด้านการจัดซื้อจัดจ้างและการบริหารพัสดุ", "คู่มือการปฏิบัติงาน",
     dt.date(2024, 10, 10), "Procurement and supplies operating manual"),
    ("MAN-02", "manual-complaints.pdf", "คู่มือการจัดการเรื่องร้องเรียน/ร้องทุกข์ และเรื่องร้องเรียนการทุจริต",
     "คู่มือการปฏิบัติงาน", dt.date(2024, 10, 10), "Complaints handling manual"),
    ("MAN-03", "guideline-conflict-of-interest.pdf", "แนวทางปฏิบัติเพื่อป้องกันผลประโยชน์ทับซ้อน",
     "แนวทางหรือหลักเกณฑ์การปฏิบัติงาน", dt.date(2024, 11, 4), "Guideline on conflicts of interest"),
    ("MAN-04", "manual-finance.pdf", "คู่มือการปฏิบัติงานด้านการเงิน การเบิกจ่าย และการบัญชี", "คู่มือการปฏิบัติงาน",
     dt.date(2024, 12, 2), "Finance and disbursement operating manual"),
]
OWN = {
    "phuket-pao": [
        ("MAN-05", "standard-local-roads.pdf", "มาตรฐานงานก่อสร้างและบำรุงรักษาทางหลวงท้องถิ่น", "มาตรฐานการปฏิบัติงาน",
         dt.date(2024, 10, 21), "Local road construction and maintenance standard"),
        ("MAN-06", "manual-beach-safety.pdf", "คู่มือการปฏิบัติงานเจ้าหน้าที่ช่วยชีวิตทางน้ำประจำชายหาด",
         "คู่มือการปฏิบัติงาน", dt.date(2024, 11, 15), "Beach lifeguard operating manual"),
        ("MAN-07", "manual-health-centres.pdf", "คู่มือการบริหารงานโรงพยาบาลส่งเสริมสุขภาพตำบลที่ถ่ายโอน",
         "คู่มือการปฏิบัติงาน", dt.date(2025, 1, 20), "Operating manual for transferred health centres"),
    ],
    "phuket-city": [
        ("MAN-05", "standard-waste-collection.pdf", "มาตรฐานการเก็บขนขยะมูลฝอยในเขตเทศบาลนครภูเก็ต",
         "มาตรฐานการปฏิบัติงาน", dt.date(2024, 10, 21), "Waste collection standard"),
        ("MAN-06", "manual-building-control.pdf", "คู่มือการปฏิบัติงานควบคุมอาคาร ย่านเมืองเก่าภูเก็ต",
         "คู่มือการปฏิบัติงาน", dt.date(2024, 12, 16), "Building control manual, Phuket Old Town"),
        ("MAN-07", "manual-flood-response.pdf", "แนวทางการปฏิบัติงานป้องกันและแก้ไขปัญหาน้ำท่วมขังในเขตเทศบาล",
         "แนวทางหรือหลักเกณฑ์การปฏิบัติงาน", dt.date(2025, 4, 28), "Flood response guideline"),
        ("MAN-08", "manual-integrity.pdf", "ประมวลจริยธรรมของพนักงานเทศบาลนครภูเก็ต", "อื่นๆ", dt.date(2024, 10, 1),
         "Code of ethics for municipal staff"),
    ],
}


def write(ag: Agency, folder: Path) -> None:
    docs = [{"id": i, "file": f, "title": t, "type": k, "date": d, "fy": 2568, "en": e,
             "note": "ฉบับปรับปรุง ปีงบประมาณ 2568" if n % 3 == 0 else ""}
            for n, (i, f, t, k, d, e) in enumerate(COMMON + OWN[ag.slug])]
    documents(folder, ag, docs, register="manuals_register.csv",
              date_form=be_full if ag.slug == "phuket-city" else be_abbr)
