"""Mandate item 1: executives (invented names; office phones and work e-mails only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .common import Agency, be_abbr, be_full, person, write_csv

POSITIONS = {
    "phuket-pao": [
        ("นายกองค์การบริหารส่วนจังหวัดภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 2, 17)),
        ("รองนายกองค์การบริหารส่วนจังหวัดภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 2, 24)),
        ("รองนายกองค์การบริหารส่วนจังหวัดภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 2, 24)),
        ("รองนายกองค์การบริหารส่วนจังหวัดภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 2, 24)),
        ("เลขานุการนายกองค์การบริหารส่วนจังหวัดภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 2, 24)),
        ("ประธานสภาองค์การบริหารส่วนจังหวัดภูเก็ต", "สภาองค์การบริหารส่วนจังหวัด", dt.date(2025, 2, 20)),
        ("ปลัดองค์การบริหารส่วนจังหวัดภูเก็ต", "สำนักปลัดองค์การบริหารส่วนจังหวัด", dt.date(2023, 11, 1)),
        ("รองปลัดองค์การบริหารส่วนจังหวัดภูเก็ต", "สำนักปลัดองค์การบริหารส่วนจังหวัด", dt.date(2022, 6, 1)),
        ("รองปลัดองค์การบริหารส่วนจังหวัดภูเก็ต", "สำนักปลัดองค์การบริหารส่วนจังหวัด", dt.date(2024, 4, 1)),
        ("ผู้อำนวยการกองยุทธศาสตร์และงบประมาณ", "กองยุทธศาสตร์และงบประมาณ", dt.date(2021, 10, 1)),
        ("ผู้อำนวยการกองคลัง", "กองคลัง", dt.date(2020, 12, 1)),
        ("ผู้อำนวยการกองช่าง", "กองช่าง", dt.date(2022, 1, 4)),
        ("ผู้อำนวยการกองสาธารณสุข", "กองสาธารณสุข", dt.date(2023, 10, 2)),
    ],
    "phuket-city": [
        ("นายกเทศมนตรีนครภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 5, 26)),
        ("รองนายกเทศมนตรีนครภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 6, 2)),
        ("รองนายกเทศมนตรีนครภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 6, 2)),
        ("รองนายกเทศมนตรีนครภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 6, 2)),
        ("ที่ปรึกษานายกเทศมนตรีนครภูเก็ต", "ฝ่ายบริหาร", dt.date(2025, 6, 2)),
        ("ประธานสภาเทศบาลนครภูเก็ต", "สภาเทศบาล", dt.date(2025, 5, 30)),
        ("ปลัดเทศบาลนครภูเก็ต", "สำนักปลัดเทศบาล", dt.date(2022, 10, 3)),
        ("รองปลัดเทศบาลนครภูเก็ต", "สำนักปลัดเทศบาล", dt.date(2023, 3, 1)),
        ("รองปลัดเทศบาลนครภูเก็ต", "สำนักปลัดเทศบาล", dt.date(2024, 7, 1)),
        ("ผู้อำนวยการกองช่าง", "กองช่าง", dt.date(2021, 5, 17)),
        ("ผู้อำนวยการกองการศึกษา", "กองการศึกษา", dt.date(2020, 11, 2)),
        ("ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม", "กองสาธารณสุขและสิ่งแวดล้อม", dt.date(2022, 2, 1)),
    ],
}


def write(ag: Agency, folder: Path) -> None:
    rng, used = ag.rng("executives"), set()
    header = ["ลำดับ", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "ตำแหน่ง", "สังกัด", "โทรศัพท์สำนักงาน", "อีเมลที่ทำงาน",
              "รูปถ่าย", "วันที่ดำรงตำแหน่ง"]
    rows = [header]
    for seq, (position, unit, since) in enumerate(POSITIONS[ag.slug], start=1):
        prefix, first, last = person(rng, used)
        if seq in (7, 10):
            prefix = "ว่าที่ร้อยตรี" if prefix == "นาย" else "ดร."
        date_text = be_full(since) if ag.slug == "phuket-city" else be_abbr(since)
        rows.append([seq, prefix, first, last, position, unit, ag.phone(100 + seq), ag.email(f"exec{seq:02d}"),
                     ag.url(f"images/executives/{seq:02d}.jpg"), date_text])
    if ag.slug == "phuket-city":
        # saved from an older Excel as "CSV (Comma delimited)": Thai Windows code page, CRLF
        write_csv(folder / "ผู้บริหาร.csv", rows, encoding="cp874", crlf=True)
    else:
        write_csv(folder / "executives.csv", rows)
