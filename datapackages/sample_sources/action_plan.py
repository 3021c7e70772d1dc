"""Mandate item 3: the annual operating plan of fiscal year 2568."""

from __future__ import annotations

from pathlib import Path

from .common import Agency, baht, be_abbr, be_slash, thai_digits, write_csv, write_xlsx
from .projects import PROJECTS, STRATEGIES


def write(ag: Agency, folder: Path) -> None:
    strategies = STRATEGIES[ag.slug]
    if ag.slug == "phuket-pao":
        header = ["รหัสโครงการ", "ปีงบประมาณ", "โครงการ/กิจกรรม", "วัตถุประสงค์", "หน่วยงานที่รับผิดชอบ", "ยุทธศาสตร์",
                  "งบประมาณ (บาท)", "แหล่งงบประมาณ", "วันที่เริ่มต้น", "วันที่สิ้นสุด", "ตัวชี้วัด", "ค่าเป้าหมาย"]
        rows = [[p.code, 2568, p.name, p.objective, p.unit, strategies[p.strategy - 1], p.budget, p.source,
                 be_abbr(p.start), be_abbr(p.end), p.indicator, p.target] for p in PROJECTS[ag.slug]]
        write_xlsx(folder / "แผนดำเนินงาน_2568.xlsx", [{
            "title": "แผนดำเนินงาน 2568", "rows": [header] + rows,
            "widths": {"C": 60, "D": 40, "E": 30, "F": 45, "G": 16, "K": 30, "L": 20},
            "formats": {f"G{r}": "#,##0.00" for r in range(2, len(rows) + 2)}}])
    else:
        header = ["รหัส", "ปีงบ", "ชื่อโครงการ", "วัตถุประสงค์", "หน่วยงานรับผิดชอบ", "ยุทธศาสตร์/แผนงาน",
                  "งบประมาณ (บาท)", "แหล่งที่มาของงบประมาณ", "วันเริ่มต้น", "วันสิ้นสุด", "ตัวชี้วัดความสำเร็จ", "เป้าหมาย"]
        rows = []
        for n, p in enumerate(PROJECTS[ag.slug]):
            amount = baht(p.budget)
            rows.append([p.code, thai_digits(2568) if n % 4 == 0 else 2568, p.name, p.objective, p.unit,
                         strategies[p.strategy - 1], thai_digits(amount) if n % 3 == 0 else amount, p.source,
                         be_slash(p.start), be_slash(p.end), p.indicator, p.target])
        write_csv(folder / "action_plan_2568.csv", [header] + rows)
