"""What a catalog's dataset says about an agency's publishing: its subject, and each time it was published
with the periods its rows held then.

Read from the dataset dict any CKAN answers (package_show / package_search): the `disclosure` extra
(category, fiscal year, the agency's own record of earlier filings), the `changelog` extra (one entry per
version: date, version, `coverage`; see catalog/publishing/changelog.py) and the organization.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from catalog.ckanmodel.jsontext import extra_value, from_text
from catalog.ckanmodel.trail import changelog_entries

# the province's clock: a publication at 23:30 UTC is the next day in Phuket
THAILAND = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class Publication:
    """One moment data became public: a version in the catalog, or an earlier filing the agency declares."""

    date: dt.date  # the Thai calendar day
    periods: frozenset[str] | None  # the period labels the rows held (None: not recorded)
    nothing_to_report: frozenset[str] = frozenset()
    version: str | None = None
    url: str | None = None  # the permanent link: that version's datapackage.json, or where it was filed
    declared: bool = False  # the agency's own record of an earlier publication, not this catalog's


@dataclass
class SubjectDataset:
    """A public dataset of one disclosure category of one agency."""

    name: str
    title: str
    agency: str
    category: str
    fiscal_year: int | None
    publications: list[Publication] = field(default_factory=list)  # oldest first
    holds: frozenset[str] | None = None  # the periods its current version holds (None: not recorded)
    nothing_to_report: frozenset[str] = frozenset()

    @property
    def last_published(self) -> dt.date | None:
        return max((p.date for p in self.publications), default=None)


def thai_day(timestamp: str | None) -> dt.date | None:
    """The Thai calendar day of an ISO timestamp (naive ones are UTC, as CKAN writes them)."""
    if not timestamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(timestamp).replace("Z", "+00:00"))
    except ValueError:
        try:
            return dt.date.fromisoformat(str(timestamp)[:10])
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(THAILAND).date()


def disclosure_of(pkg: dict) -> dict:
    value = pkg.get("disclosure")
    if value is None:
        value = from_text(extra_value(pkg, "disclosure"))
    return value if isinstance(value, dict) else {}


def _coverage(entry: dict) -> tuple[frozenset[str] | None, frozenset[str]]:
    coverage = entry.get("coverage")
    if not isinstance(coverage, dict) or not isinstance(coverage.get("periods"), dict):
        return None, frozenset()
    return (frozenset(str(p) for p in coverage["periods"]),
            frozenset(str(p) for p in coverage.get("nothing_to_report") or []))


def subject_dataset(pkg: dict, version_url=None) -> SubjectDataset | None:
    """The dataset as a publication record, or None when it is no disclosure dataset or not public.
    `version_url(pkg, entry)` gives a version's permanent link where the entry does not carry one."""
    disclosure = disclosure_of(pkg)
    category = disclosure.get("category")
    if not isinstance(category, str) or pkg.get("private") or pkg.get("state", "active") != "active":
        return None
    org = pkg.get("organization") or {}
    agency = org.get("name") or pkg.get("owner_org") or ""
    fiscal_year = disclosure.get("fiscal_year")
    record = SubjectDataset(pkg.get("name") or "", pkg.get("title") or pkg.get("name") or "", agency, category,
                            fiscal_year if isinstance(fiscal_year, int) else None)
    entries = changelog_entries(pkg)
    for entry in entries:
        day = thai_day(entry.get("date"))
        if day is None:
            continue
        periods, nothing = _coverage(entry)
        url = entry.get("datapackage") or (version_url(pkg, entry) if version_url else None)
        record.publications.append(Publication(day, periods, nothing, entry.get("version"), url))
    if entries:
        record.holds, record.nothing_to_report = _coverage(entries[-1])
    elif thai_day(pkg.get("metadata_created")):  # made by hand or harvested without its changelog
        record.publications.append(Publication(thai_day(pkg["metadata_created"]), None, frozenset(),
                                               pkg.get("version")))
    for filing in disclosure.get("filed") or []:
        if not isinstance(filing, dict):
            continue
        day = thai_day(filing.get("date"))
        if day is None:
            continue
        periods = filing.get("periods")
        record.publications.append(Publication(
            day, frozenset(map(str, periods)) if isinstance(periods, list) and periods else None,
            url=filing.get("url") if isinstance(filing.get("url"), str) else None, declared=True))
    record.publications.sort(key=lambda p: (p.date, not p.declared))
    return record
