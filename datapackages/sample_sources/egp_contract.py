"""Mandate item 4: e-GP contract records, in the exact layout and Thai headers of the data.go.th e-GP export
(UTF-8 without BOM, LF, `29 พ.ย. 67` dates, "-" for no announcement date)."""

from __future__ import annotations

from pathlib import Path

from .common import Agency, be_short, write_csv
from .procurement import METHOD_GROUP, ledger

HEADER = ["ลำดับ", "รหัสโครงการ", "ชื่อโครงการ", "ชื่อประเภทโครงการ", "ชื่อหน่วยงาน", "ชื่อหน่วยงานย่อย", "วิธีจัดซื้อฯ",
          "กลุ่มวิธีจัดซื้อฯ", "วันที่ประกาศ", "งบประมาณ(บาท)", "ราคากลาง(บาท)", "ราคาตกลงซื้อ/จ้าง", "ปีงบประมาณ",
          "วันที่เกิดรายการ", "จังหวัด"]
METHOD = "วิธีการจัดหา ประกาศเชิญชวนทั่วไป คัดเลือก เฉพาะเจาะจง"


def _amount(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def write(ag: Agency, folder: Path) -> None:
    rows = [HEADER]
    base = 4_531_000 + (ag.seed % 100) * 1_000
    for n, p in enumerate(ledger(ag)):
        rows.append([base + n * 7, p.project_id, p.egp_title, p.kind, ag.name_th, ag.name_th, METHOD,
                     METHOD_GROUP[p.method], be_short(p.announce_date) if p.announce_date else "-",
                     _amount(p.budget), _amount(p.reference), _amount(p.agreed), 2568, be_short(p.contract_date),
                     "ภูเก็ต"])
    write_csv(folder / "egp_contract_fy2568.csv", rows, encoding="utf-8")
