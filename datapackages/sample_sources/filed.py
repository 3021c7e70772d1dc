"""When each sample agency first made each period public on its own website, before this catalog existed:
the `filed` record of agency.json, which the compliance view counts as the day a period was published.

phuket-pao files everything on time. phuket-city is realistically late: March 2568's สขร.1 went up on
12 May (due 30 April), its 6-month progress report on 20 May (due 30 April), and it never published its
service statistics for October 2567 - March 2568 (the first two quarters: overdue).
"""

from __future__ import annotations

import datetime as dt

from .common import FY_MONTHS, Agency


def _day(year: int, month: int, day: int) -> str:
    return dt.date(year, month, day).isoformat()


def _after(year: int, month: int, day: int) -> str:
    return _day(year + 1, 1, day) if month == 12 else _day(year, month + 1, day)


def _label(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def filed(ag: Agency) -> dict[str, list[dict]]:
    city = ag.slug == "phuket-city"
    page = ag.url("ita/2568")
    monthly = [{"date": "2025-05-12" if city and (y, m) == (2025, 3) else _after(y, m, 20 if city else 10),
                "periods": [_label(y, m)], "url": f"{page}/procurement-monthly"} for y, m in FY_MONTHS]
    quarters = [FY_MONTHS[i:i + 3] for i in range(0, 12, 3)]
    statistics = [{"date": _after(*q[-1], 25 if city else 15), "periods": [_label(*m) for m in q],
                   "url": f"{page}/service-statistics"} for q in (quarters[2:] if city else quarters)]
    record = {
        "agency": [{"date": "2025-01-15", "url": f"{page}/agency"}],
        "executives": [{"date": "2025-02-04", "url": f"{page}/executives"}],
        "staff_roster": [{"date": "2025-06-02", "url": f"{page}/staff"}],
        "policy_strategy": [{"date": "2025-01-08", "url": f"{page}/strategy"}],
        "action_plan": [{"date": "2024-09-27", "periods": ["2568"], "url": f"{page}/action-plan"}],
        "plan_progress": [{"date": "2025-05-20" if city else "2025-04-24", "periods": ["2568/6-month"],
                           "url": f"{page}/progress-6-month"},
                          {"date": "2025-10-24", "periods": ["2568/annual"], "url": f"{page}/progress-annual"}],
        "procurement_plan": [{"date": "2024-10-18", "periods": ["2568"], "url": f"{page}/procurement-plan"}],
        "procurement_monthly": monthly,
        # the e-GP export is refreshed whole each month: no periods, a date per refresh
        "egp_contract": [{"date": _after(y, m, 12), "url": f"{page}/egp"} for y, m in FY_MONTHS],
        "manuals_standards": [{"date": "2025-02-03", "url": f"{page}/manuals"}],
        "service_standards": [{"date": "2025-03-03", "url": f"{page}/service-standards"}],
        "service_statistics": statistics,
        "satisfaction_surveys": [{"date": "2025-11-14", "periods": ["2568"], "url": f"{page}/survey"}],
    }
    return record
