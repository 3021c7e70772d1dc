"""Complete and current (ครบถ้วน และเป็นปัจจุบัน): which agency has published which mandated subject for
which period, on time or late, from the categories' currency rules.

    from catalog.compliance import assess_catalog
    assessment = assess_catalog(action, as_of=date(2025, 11, 30), fiscal_year=2568)
    for agency in assessment.agencies:
        print(summary_line(agency, assessment.as_of))

`action(name, **params)` is any CKAN Action API: `ckanapi.RemoteCKAN(url).call_action` wrapped, or the
embedded catalog's own actions (see `catalog compliance`).
"""

from __future__ import annotations

import datetime as dt

from catalog.compliance.assess import (COVERED, CURRENT, DUE_SOON, MISSING, NOT_DUE, OVERDUE, AgencyStatus,
                                       Assessment, PeriodStatus, SubjectStatus, assess)
from catalog.compliance.reading import Action, read_datasets, read_organizations
from catalog.compliance.report import assessment_json, summary_line


def parse_day(value: str) -> dt.date:
    """YYYY-MM-DD in Buddhist Era (2568-11-30) or Common Era (2025-11-30); ValueError otherwise."""
    year, month, day = (int(part) for part in str(value).split("-"))
    year = year - 543 if year >= 2400 else year
    if not 1857 <= year <= 2399:  # BE 2400..2942, the years a Buddhist Era date can be told from
        raise ValueError(f"year {year} is out of range")
    return dt.date(year, month, day)


def assess_catalog(action: Action, as_of: dt.date | None = None, fiscal_year: int | None = None,
                   agency: str | None = None, versions: bool = True) -> Assessment:
    """Read a catalog's public disclosure datasets and agencies, and assess them."""
    datasets = read_datasets(action, agency, versions)
    return assess(datasets, read_organizations(action, agency), as_of, fiscal_year, agency=agency)


__all__ = ["COVERED", "CURRENT", "DUE_SOON", "MISSING", "NOT_DUE", "OVERDUE", "AgencyStatus", "Assessment",
           "PeriodStatus", "SubjectStatus", "assess", "assess_catalog", "assessment_json", "parse_day", "summary_line"]
