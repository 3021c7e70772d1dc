"""A province of agencies in the states the compliance view must tell apart, published into a real catalog
through ckanapi as a catalog holds them: each dataset's `disclosure` extra and its `changelog` extra, one
entry per version with its date and the periods its rows held (what `catalog publish` writes).

Assessed as of 2568-11-30 (2025-11-30) for fiscal year 2568 (2024-10-01 .. 2025-09-30):
- complete: every month's สขร.1 on the 15th of the month after (2567-11 is "no procurement"), both
  plan-progress rounds on time, the roster published 2568-06-01.
- late: March 2568's summary published 2568-05-12 (due 2568-04-30: 12 days late), the 6-month round on
  2568-05-20 (20 days late), the annual round never (due 2568-10-30: 31 days overdue).
- gap: February 2568's summary never published (due 2568-03-30: 245 days overdue); the roster last
  published 2567-06-01, older than its 365-day maximum age.
- silent: an agency with nothing published.
"""

from __future__ import annotations

import datetime as dt
import json

AS_OF = dt.date(2025, 11, 30)
FISCAL_YEAR = 2568
AGENCIES = {
    "complete": "เทศบาลตำบลครบถ้วน",
    "late": "เทศบาลตำบลล่าช้า",
    "gap": "องค์การบริหารส่วนตำบลขาดงวด",
    "silent": "สำนักงานเงียบ",
}
MONTHS = [f"{2024 if m >= 10 else 2025}-{m:02d}" for m in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)]


def month_after(label: str, day: int) -> str:
    year, month = int(label[:4]), int(label[5:])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, day).isoformat()


def entries_for(resource: str, filings: list[tuple[str, list[str]]], nothing: tuple[str, ...] = ()) -> list[dict]:
    """Changelog entries, one per publish: (date, periods added); each version holds all before it."""
    entries, held = [], {}
    for index, (day, periods) in enumerate(sorted(filings)):
        held.update({p: (1 if p in nothing else 3) for p in periods})
        entries.append({"version": f"1.{index}.0", "date": f"{day}T03:00:00+00:00", "level": "minor",
                        "coverage": {"resource": resource, "periods": dict(sorted(held.items())),
                                     "nothing_to_report": sorted(p for p in held if p in nothing)}})
    return entries


def _dataset(ckan, agency: str, name: str, title: str, disclosure: dict, entries: list[dict]) -> dict:
    return ckan.action.package_create(
        name=f"{agency}-{name}", title=f"{title} — {AGENCIES.get(agency, agency)}", owner_org=agency, license_id="cc-by",
        version=entries[-1]["version"], notes="ข้อมูลตัวอย่างสำหรับการทดสอบ",
        extras=[{"key": "disclosure", "value": json.dumps(disclosure, ensure_ascii=False)},
                {"key": "changelog", "value": json.dumps(entries, ensure_ascii=False)}])


def procurement(ckan, agency: str, filings: list[tuple[str, list[str]]], nothing=()) -> dict:
    return _dataset(ckan, agency, "procurement-monthly-2568", "สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ 2568",
                    {"category": "procurement_monthly", "fiscal_year": 2568, "mandate_item": 4},
                    entries_for("procurement_monthly", filings, nothing))


def plan_progress(ckan, agency: str, filings: list[tuple[str, list[str]]]) -> dict:
    return _dataset(ckan, agency, "plan-progress-2568", "รายงานผลการดำเนินงานตามแผน ปีงบประมาณ 2568",
                    {"category": "plan_progress", "fiscal_year": 2568, "mandate_item": 3},
                    entries_for("plan_progress", filings))


def roster(ckan, agency: str, day: str) -> dict:
    return _dataset(ckan, agency, "staff-roster", "ข้อมูลบุคลากร", {"category": "staff_roster", "mandate_item": 1},
                    [{"version": "1.0.0", "date": f"{day}T03:00:00+00:00", "level": "first"}])


def publish_compliance_catalog(server) -> None:
    """The four agencies above, into a catalog server of the tests (tests/server/conftest.py)."""
    ckan = server.ckan(server.sysadmin_token)
    for name, title in AGENCIES.items():
        ckan.action.organization_create(name=name, title=title)
    procurement(ckan, "complete", [(month_after(m, 15), [m]) for m in MONTHS], nothing=("2024-11",))
    plan_progress(ckan, "complete", [("2025-04-20", ["2568/6-month"]), ("2025-10-20", ["2568/annual"])])
    roster(ckan, "complete", "2025-06-01")
    procurement(ckan, "late", [("2025-05-12" if m == "2025-03" else month_after(m, 20), [m]) for m in MONTHS])
    plan_progress(ckan, "late", [("2025-05-20", ["2568/6-month"])])
    roster(ckan, "late", "2025-03-01")
    procurement(ckan, "gap", [(month_after(m, 10), [m]) for m in MONTHS if m != "2025-02"])
    roster(ckan, "gap", "2024-06-01")
