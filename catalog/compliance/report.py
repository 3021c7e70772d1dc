"""An assessment told to people and machines: a summary line per agency, the matrix as text, JSON, CSV
and XLSX. Dates and period labels are Buddhist Era throughout ("2567-11", due "2567-12-30")."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from catalog.compliance.assess import (COVERED, CURRENT, DUE_SOON, MISSING, NOT_DUE, OVERDUE, AgencyStatus,
                                       Assessment, PeriodStatus, SubjectStatus)
from catalog.disclosure.currency import BE_OFFSET

STATUS_WORDS = {
    CURRENT: ("เป็นปัจจุบัน", "current"),
    DUE_SOON: ("ใกล้ครบกำหนด", "due soon"),
    OVERDUE: ("เลยกำหนด", "overdue"),
    MISSING: ("ไม่มีข้อมูล", "missing"),
    COVERED: ("เผยแพร่แล้ว", "published"),
    NOT_DUE: ("ยังไม่ถึงกำหนด", "not yet due"),
}
UNVERIFIED = ("ค่าเริ่มต้นที่ยังไม่มีแหล่งอ้างอิงยืนยัน", "a default no written source confirms")


def word(status: str, lang: str) -> str:
    th, en = STATUS_WORDS[status]
    return th if lang == "th" else en


def be_date(d: dt.date | None) -> str:
    return f"{d.year + BE_OFFSET:04d}-{d.month:02d}-{d.day:02d}" if d else ""


def be_label(label: str) -> str:
    """A period label in Buddhist Era: a month "2024-10" -> "2567-10"; fiscal years are BE already."""
    if len(label) == 7 and label[4] == "-" and label[:4].isdigit() and label[5:].isdigit():
        return f"{int(label[:4]) + BE_OFFSET}-{label[5:]}"
    return label


def period_phrase(p: PeriodStatus, as_of: dt.date, lang: str, common_era: bool = False) -> str:
    """ "2567-11 (due 2567-12-30, 12 days late)" for an overdue or late period; with `common_era` (an English
    page), "2024-11 (due 2024-12-30, 12 days late)"."""
    day = (lambda d: d.isoformat() if d else "") if common_era else be_date
    label = p.period.label if common_era else be_label(p.period.label)
    due = day(p.period.due)
    if p.status == OVERDUE:
        days = p.days_overdue(as_of)
        return (f"{label} (กำหนด {due} เลยมา {days} วัน)" if lang == "th" else
                f"{label} (due {due}, {days} days late)")
    if p.status == COVERED and p.late_days:
        return (f"{label} (กำหนด {due} เผยแพร่ {day(p.published)} ช้า {p.late_days} วัน)"
                if lang == "th" else
                f"{label} (due {due}, published {day(p.published)}, {p.late_days} days late)")
    return label


def _age_phrase(s: SubjectStatus, as_of: dt.date, lang: str) -> str:
    """ "(last published 2567-06-01, 182 days past its maximum age)" for an on-change subject past it."""
    days = (as_of - s.due).days if s.due else 0
    last = be_date(s.last_published)
    return (f"(เผยแพร่ล่าสุด {last} เกินอายุ {days} วัน)" if lang == "th" else
            f"(last published {last}, {days} days past its maximum age)")


def _subject_problem(s: SubjectStatus, as_of: dt.date, lang: str) -> str:
    if s.periods:
        return f"{s.category.name} " + ", ".join(period_phrase(p, as_of, lang) for p in s.overdue_periods)
    return f"{s.category.name} {_age_phrase(s, as_of, lang)}"


def subject_line(s: SubjectStatus, as_of: dt.date, lang: str = "en") -> str:
    """One subject in a line: "procurement_monthly: overdue: 2568-02 (due 2568-03-30, 245 days late)"."""
    line = f"{s.category.name}: {word(s.status, lang)}"
    if s.overdue_periods:
        line += ": " + ", ".join(period_phrase(p, as_of, lang) for p in s.overdue_periods)
    elif s.status == OVERDUE:  # an "on change" subject past its maximum age
        line += " " + _age_phrase(s, as_of, lang)
    elif s.due:
        line += f" (เป็นปัจจุบันถึง {be_date(s.due)})" if lang == "th" else f" (current until {be_date(s.due)})"
    late = s.late_periods
    if late:
        line += (f"; เผยแพร่ช้า {len(late)} งวด" if lang == "th" else f"; {len(late)} periods published late")
    return line


def summary_line(agency: AgencyStatus, as_of: dt.date, lang: str = "en") -> str:
    """ "phuket-city: 11/13 subjects current, 2 overdue: procurement_monthly 2567-11 (due 2567-12-30, 12 days
    late), ..." """
    total = len(agency.subjects)
    parts = [f"{agency.name}: " + (f"เป็นปัจจุบัน {agency.current}/{total} หัวข้อ" if lang == "th" else
                                   f"{agency.current}/{total} subjects current")]
    if agency.overdue:
        problems = "; ".join(_subject_problem(s, as_of, lang) for s in agency.overdue)
        parts.append((f"เลยกำหนด {len(agency.overdue)}: " if lang == "th" else f"{len(agency.overdue)} overdue: ")
                     + problems)
    if agency.missing:
        names = ", ".join(s.category.name for s in agency.missing)
        parts.append((f"ไม่มีข้อมูล {len(agency.missing)}: " if lang == "th" else f"{len(agency.missing)} missing: ")
                     + names)
    late = [(s, p) for s in agency.subjects for p in s.late_periods]
    if late:
        parts.append((f"เผยแพร่ช้า {len(late)} งวด" if lang == "th" else f"{len(late)} periods published late"))
    return ", ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if parts[2:] else "")


def cell_text(s: SubjectStatus, lang: str) -> str:
    """A matrix cell: the status, and the periods covered of those required."""
    text = word(s.status, lang)
    if s.periods:
        required = s.required
        covered = sum(1 for p in required if p.status == COVERED)
        text += f" {covered}/{len(required)}"
    return text


def matrix_text(assessment: Assessment, lang: str = "en") -> str:
    """Agency x subject as a plain table, then the summary lines."""
    head = ("หน่วยงาน" if lang == "th" else "agency")
    names = [c.name for c in assessment.categories]
    rows = [[a.name] + [cell_text(s, lang) for s in a.subjects] for a in assessment.agencies]
    widths = [max(len(head), *(len(r[0]) for r in rows))] if rows else [len(head)]
    lines = []
    title = (f"ความครบถ้วนและเป็นปัจจุบัน ปีงบประมาณ {assessment.fiscal_year} ณ วันที่ {be_date(assessment.as_of)}"
             if lang == "th" else
             f"Complete and current, fiscal year {assessment.fiscal_year}, as of {be_date(assessment.as_of)}")
    lines.append(title)
    for index, name in enumerate(names):
        lines.append(f"  {index + 1:>2}. {name}")
    header = [head.ljust(widths[0])] + [f"{i + 1:>2}" for i in range(len(names))]
    lines.append(" | ".join(header))
    for row in rows:
        marks = [_mark(s) for s in assessment.agency(row[0]).subjects]
        lines.append(" | ".join([row[0].ljust(widths[0])] + [f"{m:>2}" for m in marks]))
    legend = {"th": "✓ เป็นปัจจุบัน  ! ใกล้ครบกำหนด  ✗ เลยกำหนด  – ไม่มีข้อมูล",
              "en": "✓ current  ! due soon  ✗ overdue  – missing"}
    lines.append(legend["th" if lang == "th" else "en"])
    lines += [summary_line(a, assessment.as_of, lang) for a in assessment.agencies]
    unverified = sorted(c.name for c in assessment.categories if c.currency.unverified)
    if unverified:
        lines.append(f"หมายเหตุ: กำหนดเวลาของ {', '.join(unverified)} เป็น{UNVERIFIED[0]} (--json: rule.unverified)"
                     if lang == "th" else
                     f"Note: the deadlines of {', '.join(unverified)} are {UNVERIFIED[1]} (--json: rule.unverified)")
    return "\n".join(lines)


def _mark(s: SubjectStatus) -> str:
    return {CURRENT: "✓", DUE_SOON: "!", OVERDUE: "✗", MISSING: "–"}[s.status]


# --- machines ---------------------------------------------------------------------------------------------

def period_json(p: PeriodStatus, as_of: dt.date) -> dict:
    out = {"label": p.period.label, "label_be": be_label(p.period.label), "fiscal_year": p.period.fiscal_year,
           "start": p.period.start.isoformat(), "end": p.period.end.isoformat(), "due": p.period.due.isoformat(),
           "due_be": be_date(p.period.due), "status": p.status}
    if p.status == COVERED:
        out.update({"published": p.published.isoformat(), "published_be": be_date(p.published),
                    "on_time": not p.late_days, "late_days": p.late_days, "dataset": p.dataset,
                    "version": p.publication.version, "url": p.publication.url,
                    "declared": p.publication.declared, "nothing_to_report": p.nothing_to_report})
        if p.held_by is not None:  # the version of this catalog that holds it, when first filed elsewhere
            out.update({"catalog_version": p.held_by.version, "catalog_url": p.held_by.url})
    elif p.status == OVERDUE:
        out["days_overdue"] = p.days_overdue(as_of)
    else:
        out["days_left"] = p.days_left(as_of)
    return out


def rule_json(s: SubjectStatus) -> dict:
    rule = s.category.currency
    out = {"frequency": rule.frequency, "due_days": rule.due_days, "anchor": rule.anchor,
           "unverified": list(rule.unverified), "note": {"th": rule.note_th, "en": rule.note_en}}
    if rule.rounds:
        out["rounds"] = list(rule.rounds)
    if rule.max_age_days:
        out["max_age_days"] = rule.max_age_days
    return out


def subject_json(s: SubjectStatus, as_of: dt.date) -> dict:
    out = {"category": s.category.name, "title": {"th": s.category.title_th, "en": s.category.title_en},
           "mandate_item": s.category.mandate_item, "status": s.status, "current": s.current,
           "last_published": s.last_published.isoformat() if s.last_published else None,
           "datasets": [d.name for d in s.datasets], "rule": rule_json(s)}
    if s.category.currency.is_periodic:
        required = s.required
        out.update({"required": len(required), "covered": sum(1 for p in required if p.status == COVERED),
                    "late": len(s.late_periods), "overdue": len(s.overdue_periods),
                    "periods": [period_json(p, as_of) for p in s.periods]})
    else:
        out["current_until"] = s.due.isoformat() if s.due else None
        if s.latest is not None:
            out.update({"version": s.latest.version, "url": s.latest.url, "declared": s.latest.declared})
    return out


def agency_json(a: AgencyStatus, as_of: dt.date) -> dict:
    return {"name": a.name, "title": a.title, "subjects_total": len(a.subjects), "subjects_current": a.current,
            "overdue": [s.category.name for s in a.overdue], "missing": [s.category.name for s in a.missing],
            "summary": {"th": summary_line(a, as_of, "th"), "en": summary_line(a, as_of, "en")},
            "subjects": [subject_json(s, as_of) for s in a.subjects]}


def assessment_json(assessment: Assessment) -> dict:
    return {"as_of": assessment.as_of.isoformat(), "as_of_be": be_date(assessment.as_of),
            "fiscal_year": assessment.fiscal_year, "includes_previous_year_due": assessment.carried,
            "all_current": assessment.all_current,
            "agencies": [agency_json(a, assessment.as_of) for a in assessment.agencies]}


CSV_COLUMNS = ("agency", "category", "mandate_item", "status", "period", "period_status", "due", "published",
               "late_days", "days_overdue", "version", "url", "declared", "nothing_to_report", "unverified")


def table_rows(assessment: Assessment) -> list[list]:
    """One row per agency x subject x period (a subject without periods: one row)."""
    rows = []
    for a in assessment.agencies:
        for s in a.subjects:
            unverified = ",".join(s.category.currency.unverified)
            base = [a.name, s.category.name, s.category.mandate_item, s.status]
            if not s.periods:
                latest = s.latest
                rows.append(base + ["", "", be_date(s.due), be_date(s.last_published), "", "",
                                    latest.version if latest else "", latest.url if latest else "",
                                    latest.declared if latest else "", "", unverified])
            for p in s.periods:
                publication = p.publication
                rows.append(base + [be_label(p.period.label), p.status, be_date(p.period.due), be_date(p.published),
                                    p.late_days or "", p.days_overdue(assessment.as_of) or "",
                                    publication.version if publication else "", publication.url if publication else "",
                                    publication.declared if publication else "", p.nothing_to_report or "",
                                    unverified])
    return rows


def write_csv(assessment: Assessment, path: Path) -> None:
    """UTF-8 with BOM, so Excel on Windows opens the Thai right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(["" if v is None else v for v in row] for row in table_rows(assessment))
    Path(path).write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")


def write_xlsx(assessment: Assessment, path: Path, lang: str = "th") -> None:
    """A workbook: the matrix with a fill per status, and every period on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    fills = {CURRENT: "C8E6C9", DUE_SOON: "FFE0B2", OVERDUE: "FFCDD2", MISSING: "E0E0E0"}
    book = Workbook()
    sheet = book.active
    sheet.title = "สรุป" if lang == "th" else "Matrix"
    sheet.append([("ความครบถ้วนและเป็นปัจจุบัน ปีงบประมาณ " if lang == "th" else "Complete and current, fiscal year ")
                  + f"{assessment.fiscal_year} ({be_date(assessment.as_of)})"])
    sheet.append(["หน่วยงาน" if lang == "th" else "Agency"]
                 + [c.title_th if lang == "th" else c.title_en for c in assessment.categories]
                 + ["สรุป" if lang == "th" else "Summary"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for a in assessment.agencies:
        sheet.append([a.title] + [cell_text(s, lang) for s in a.subjects] + [summary_line(a, assessment.as_of, lang)])
        for s, cell in zip(a.subjects, sheet[sheet.max_row][1:]):
            cell.fill = PatternFill("solid", fgColor=fills[s.status])
    periods = book.create_sheet("งวด" if lang == "th" else "Periods")
    periods.append(list(CSV_COLUMNS))
    for row in table_rows(assessment):
        periods.append(["" if v is None else v for v in row])
    book.save(path)
