"""Mandate item 3: the 6-month (Oct-Mar) and annual progress reports of the fiscal year 2568 plan."""

from __future__ import annotations

from pathlib import Path

from .common import FY_END, FY_START, HALF_END, Agency, baht, be_abbr, be_full, round_to, write_csv, write_xlsx
from .projects import PROJECTS

LINKS = ["ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน / แผนแม่บทโครงสร้างพื้นฐาน",
         "ยุทธศาสตร์ชาติด้านการพัฒนาและเสริมสร้างศักยภาพทรัพยากรมนุษย์",
         "ยุทธศาสตร์ชาติด้านการสร้างโอกาสและความเสมอภาคทางสังคม / แผนแม่บทการพัฒนาสุขภาวะ",
         "ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน / แผนแม่บทการท่องเที่ยว",
         "ยุทธศาสตร์ชาติด้านการสร้างการเติบโตบนคุณภาพชีวิตที่เป็นมิตรต่อสิ่งแวดล้อม",
         "ยุทธศาสตร์ชาติด้านการปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ"]


def _status(pct: int) -> str:
    return "ยังไม่ดำเนินการ" if pct == 0 else "ดำเนินการแล้วเสร็จ" if pct == 100 else "อยู่ระหว่างดำเนินการ"


def _rows(ag: Agency) -> list[dict]:
    rng = ag.rng("plan_progress")
    out = []
    for p in PROJECTS[ag.slug]:
        planned_half, actual_half, actual_year = p.progress
        transfer = 0 if rng.random() < 0.6 else round_to(p.budget * rng.uniform(-0.08, 0.05), 1000)
        after = p.budget + transfer
        for round_, start, end, planned, actual in (("6-month", FY_START, HALF_END, planned_half, actual_half),
                                                     ("annual", FY_START, FY_END, 100, actual_year)):
            disbursed = round(after * actual / 100 * rng.uniform(0.75, 0.97), 2) if actual else 0
            committed = 0.0 if actual == 100 and round_ == "annual" else round(
                max(0.0, after * min(100, actual + 30) / 100 - disbursed) * rng.uniform(0.3, 0.8), 2)
            remaining = round(after - disbursed - committed, 2)
            problems = ""
            if actual < planned:
                problems = "ผู้รับจ้างเข้าดำเนินการล่าช้าเนื่องจากฝนตกต่อเนื่อง" if p.kind == "จ้างก่อสร้าง" else \
                    "อยู่ระหว่างรอส่งมอบพัสดุ"
            if round_ == "annual" and actual < 100:
                problems = (problems + "; " if problems else "") + "กันเงินไว้เบิกเหลื่อมปีตามระเบียบ"
            out.append({"p": p, "round": round_, "start": start, "end": end, "after": after,
                        "transfer": transfer, "committed": committed, "disbursed": disbursed,
                        "remaining": remaining, "planned": planned, "actual": actual,
                        "status": _status(actual), "problems": problems, "link": LINKS[p.strategy - 1]})
    return out


def write(ag: Agency, folder: Path) -> None:
    rows = _rows(ag)
    if ag.slug == "phuket-pao":
        # two-row Thai header: group labels merged across their sub-columns, the other labels merged down
        top = ["รหัสโครงการ", "ปีงบประมาณ", "โครงการ/กิจกรรม", "หน่วยงานที่รับผิดชอบ", "รอบการรายงาน", "ช่วงรายงาน", None,
               "งบประมาณ", None, None, None, None, "ความก้าวหน้า", None, "สถานะ", "ปัญหาอุปสรรค",
               "ความสอดคล้องกับยุทธศาสตร์"]
        sub = [None, None, None, None, None, "เริ่มต้น", "สิ้นสุด", "ที่ได้รับจัดสรร", "หลังโอนเปลี่ยนแปลง", "ที่ก่อหนี้ผูกพัน",
               "ที่เบิกจ่าย", "คงเหลือ", "ตามแผน (ร้อยละ)", "จริง (ร้อยละ)", None, None, None]
        merges = ["F1:G1", "H1:L1", "M1:N1"] + [f"{c}1:{c}2" for c in "ABCDEOPQ"]
        data = []
        for r in rows:
            p = r["p"]
            start = r["start"] if r["round"] == "6-month" else be_abbr(r["start"])  # a date cell or a typed date
            data.append([p.code, 2568, p.name, p.unit, r["round"], start, be_abbr(r["end"]), p.budget, r["after"],
                         r["committed"], r["disbursed"], r["remaining"], r["planned"], r["actual"], r["status"],
                         r["problems"] or None, r["link"]])
        formats = {f"{c}{n}": "#,##0.00" for c in "HIJKL" for n in range(3, len(data) + 3)}
        formats.update({f"F{n}": "d mmm yyyy" for n in range(3, len(data) + 3)})
        write_xlsx(folder / "รายงานผลการดำเนินงาน_2568.xlsx", [{
            "title": "ติดตามผล", "rows": [top, sub] + data, "merges": merges, "header_rows": 2,
            "widths": {"C": 60, "D": 30, "H": 16, "I": 16, "J": 16, "K": 16, "L": 16, "P": 40, "Q": 50},
            "formats": formats}])
    else:
        header = ["รหัสโครงการ", "ปีงบประมาณ", "ชื่อโครงการ", "ผู้รับผิดชอบ", "รอบรายงาน", "ตั้งแต่วันที่", "ถึงวันที่",
                  "งบประมาณที่ได้รับจัดสรร (บาท)", "งบประมาณหลังโอน (บาท)", "ก่อหนี้ผูกพัน (บาท)", "เบิกจ่าย (บาท)",
                  "คงเหลือ (บาท)", "ร้อยละตามแผน", "ผลการดำเนินงาน (ร้อยละ)", "สถานะการดำเนินงาน", "ปัญหา/อุปสรรค",
                  "ยุทธศาสตร์"]
        data = [[r["p"].code, 2568, r["p"].name, r["p"].unit, r["round"], be_full(r["start"]), be_full(r["end"]),
                 baht(r["p"].budget), baht(r["after"]), baht(r["committed"]), baht(r["disbursed"]),
                 baht(r["remaining"]), r["planned"], r["actual"], r["status"], r["problems"], r["link"]]
                for r in rows]
        write_csv(folder / "plan_progress_2568.csv", [header] + data)
