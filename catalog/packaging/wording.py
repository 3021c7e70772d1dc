"""A build's report in words, English or Thai: what was read from where, and what was left out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from catalog.packaging.periods import KINDS_TH
from catalog.thai.periods import describe_period

if TYPE_CHECKING:
    from catalog.packaging.build import BuildReport

_ORIGINS = {"title": ("the title, row {row}", "หัวเรื่อง แถว {row}"), "sheet": ("the sheet name", "ชื่อชีต"),
            "file name": ("the file name", "ชื่อไฟล์"), "option": ("the command line", "ตัวเลือกที่ระบุ"),
            "month": ("its month", "เดือนที่รายงาน")}
_SKIPPED = {"total": ("total", "รวม"), "signature": ("signature or note", "ที่เป็นส่วนลงชื่อหรือหมายเหตุ")}


def _runs(numbers: list[int]) -> str:
    """[25, 28, 29, 30] -> '25, 28-30'."""
    parts, start = [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            parts.append(str(start) if start == number else f"{start}-{number}")
            start = None
    return ", ".join(parts)


def report_lines(report: BuildReport, lang: str = "en") -> list[str]:
    th = lang == "th"
    lines = []
    for where, name, found in report.periods:
        en, thai = _ORIGINS.get(found.get("from"), (found.get("from"), found.get("from")))
        origin = (thai if th else en).format(row=found.get("row"))
        value = describe_period(found.get("kind"), found["value"], lang)
        label = KINDS_TH.get(found.get("kind"), name) if th else name
        lines.append(f"  {where.render(lang)}: {label} = {value} " + (f"(อ่านจาก{origin})" if th else f"(from {origin})"))
    if report.nothing_to_report:
        lines.append("  " + (f"เดือนที่ไม่มีการจัดซื้อจัดจ้าง: {report.nothing_to_report} แถว" if th else
                             f"periods with nothing to report: {report.nothing_to_report} row(s)"))
    by_place: dict[tuple, list[int]] = {}
    for where, skipped in report.skipped_rows:
        by_place.setdefault((where, skipped["why"]), []).append(skipped["row"])
    for (where, why), rows in by_place.items():
        en, thai = _SKIPPED.get(why, (why, why))
        lines.append(f"  {where.render(lang)}: " + (f"ข้ามแถว{thai}: แถว {_runs(rows)}" if th else
                                       f"skipped {en} rows: {_runs(rows)}"))
    for where in report.skipped_sheets:
        lines.append(f"  {where.render(lang)}: " + ("ข้าม (มีแต่หัวตาราง)" if th else "skipped (headers only)"))
    for where, column in report.dropped:
        lines.append(f"  {where.render(lang)}: " + (f"ตัดคอลัมน์ข้อมูลส่วนบุคคลออก: {column.label('th')}" if th else
                                       f"left out the personal-data column {column.label('en')}"))
    return lines
