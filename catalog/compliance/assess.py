"""Complete and current: for each agency and each disclosure category, which periods are published, on
time or late, and which are due soon or overdue, as of a date.

The rules are the categories' currency rules (catalog/disclosure/categories/*.json, see
catalog/disclosure/currency.py): this module knows no category by name. A period is covered when a
publication holds every part of it (each month of a quarter) by the as-of date, and the dataset still
holds it now; it is on time when that publication came on or before its due date. A rule that reads no
rows counts a period covered by the first publication after the period ends (a table refreshed whole). An
"on change" rule asks only that the latest publication be younger than its maximum age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from catalog.compliance.records import Publication, SubjectDataset
from catalog.disclosure import Category, Period, all_categories, fiscal_year_bounds, fiscal_year_of, periods_of_year

SOON_DAYS = 14  # a period due within this many days is "due soon"

# period statuses
COVERED, OVERDUE, DUE_SOON, NOT_DUE = "covered", "overdue", "due_soon", "not_due"
# subject (agency x category) statuses, worst first
MISSING, CURRENT = "missing", "current"
SUBJECT_ORDER = (MISSING, OVERDUE, DUE_SOON, CURRENT)


@dataclass
class PeriodStatus:
    period: Period
    status: str
    published: dt.date | None = None  # when it became public (covered)
    publication: Publication | None = None  # the publication that completed it
    dataset: str | None = None  # the dataset that holds it
    nothing_to_report: bool = False  # reported as "nothing this period"
    held_by: Publication | None = None  # the first version in this catalog that holds it (its permanent link)

    @property
    def late_days(self) -> int:
        return max(0, (self.published - self.period.due).days) if self.published else 0

    def days_overdue(self, as_of: dt.date) -> int:
        return max(0, (as_of - self.period.due).days) if self.status == OVERDUE else 0

    def days_left(self, as_of: dt.date) -> int:
        return (self.period.due - as_of).days


@dataclass
class SubjectStatus:
    """One agency's standing on one category."""

    agency: str
    category: Category
    status: str
    datasets: list[SubjectDataset] = field(default_factory=list)
    periods: list[PeriodStatus] = field(default_factory=list)
    last_published: dt.date | None = None
    due: dt.date | None = None  # on_change: when the latest publication stops being current
    latest: Publication | None = None  # on_change: the latest publication by the as-of date
    held_by: Publication | None = None  # on_change: the newest version in this catalog (its permanent link)

    @property
    def current(self) -> bool:
        return self.status in (CURRENT, DUE_SOON)

    @property
    def overdue_periods(self) -> list[PeriodStatus]:
        return [p for p in self.periods if p.status == OVERDUE]

    @property
    def late_periods(self) -> list[PeriodStatus]:
        return [p for p in self.periods if p.status == COVERED and p.late_days]

    @property
    def required(self) -> list[PeriodStatus]:
        """The periods due by the as-of date, and any covered already."""
        return [p for p in self.periods if p.status in (COVERED, OVERDUE)]


@dataclass
class AgencyStatus:
    name: str
    title: str
    subjects: list[SubjectStatus]

    @property
    def current(self) -> int:
        return sum(1 for s in self.subjects if s.current)

    @property
    def overdue(self) -> list[SubjectStatus]:
        return [s for s in self.subjects if s.status == OVERDUE]

    @property
    def missing(self) -> list[SubjectStatus]:
        return [s for s in self.subjects if s.status == MISSING]

    def subject(self, category: str) -> SubjectStatus | None:
        return next((s for s in self.subjects if s.category.name == category), None)


@dataclass
class Assessment:
    as_of: dt.date
    fiscal_year: int
    carried: bool  # the previous year's periods that fall due in this one are included
    agencies: list[AgencyStatus]
    categories: list[Category]

    @property
    def all_current(self) -> bool:
        return all(s.current for a in self.agencies for s in a.subjects)

    def agency(self, name: str) -> AgencyStatus | None:
        return next((a for a in self.agencies if a.name == name), None)


def view_periods(category: Category, fiscal_year: int, carried: bool) -> list[Period]:
    """The periods of the year the view covers; with `carried`, also the year before's periods that fall
    due in this year (September's summary, the annual report, due in October)."""
    periods = periods_of_year(category.currency, fiscal_year)
    if carried:
        start = fiscal_year_bounds(fiscal_year)[0]
        periods = [p for p in periods_of_year(category.currency, fiscal_year - 1) if p.due >= start] + periods
    return periods


def _first_covering(datasets: list[SubjectDataset], part: str, as_of: dt.date):
    """The earliest publication by `as_of` that holds the period part, with its dataset, provided the
    dataset still holds it now (a month removed since is no longer published)."""
    best = None
    for dataset in datasets:
        if dataset.holds is not None and part not in dataset.holds:
            continue
        for publication in dataset.publications:
            if publication.date > as_of or publication.periods is None or part not in publication.periods:
                continue
            if best is None or (publication.date, publication.declared) < (best[0].date, best[0].declared):
                best = (publication, dataset)
            break  # publications are oldest first
    return best


def _first_after(datasets: list[SubjectDataset], after: dt.date, as_of: dt.date):
    """The earliest publication on or after `after` and by `as_of` (a table refreshed whole)."""
    found = [(p, d) for d in datasets for p in d.publications if after <= p.date <= as_of]
    return min(found, key=lambda item: (item[0].date, item[0].declared), default=None)


def _held_by(datasets: list[SubjectDataset], parts: tuple[str, ...] | None, after: dt.date) -> Publication | None:
    """The first version in this catalog that holds every part (`parts` None: the first published on or
    after `after`, else the newest), whatever its date: the permanent link of a period filed elsewhere first."""
    versions = sorted((p for d in datasets for p in d.publications if not p.declared), key=lambda p: p.date)
    if parts is not None:
        return next((p for p in versions if p.periods is not None and set(parts) <= p.periods), None)
    return next((p for p in versions if p.date >= after), versions[-1] if versions else None)


def _period_status(category: Category, period: Period, datasets: list[SubjectDataset], as_of: dt.date) -> PeriodStatus:
    rule = category.currency
    if rule.evidence:
        found = [_first_covering(datasets, part, as_of) for part in period.parts]
        complete = None if any(f is None for f in found) else max(found, key=lambda item: item[0].date)
        if complete is not None:
            nothing = all(any(part in d.nothing_to_report for d in datasets) for part in period.parts)
            return PeriodStatus(period, COVERED, complete[0].date, complete[0], complete[1].name, nothing,
                                _held_by(datasets, period.parts, period.end))
    else:
        after = period.start if rule.anchor == "start" else period.end + dt.timedelta(days=1)
        complete = _first_after(datasets, after, as_of)
        if complete is not None:
            return PeriodStatus(period, COVERED, complete[0].date, complete[0], complete[1].name,
                                held_by=_held_by(datasets, None, after))
    if as_of > period.due:
        return PeriodStatus(period, OVERDUE)
    started = as_of >= period.start or rule.anchor == "start"
    return PeriodStatus(period, DUE_SOON if started and (period.due - as_of).days <= SOON_DAYS else NOT_DUE)


def assess_subject(agency: str, category: Category, datasets: list[SubjectDataset], as_of: dt.date,
                   fiscal_year: int, carried: bool = False) -> SubjectStatus:
    rule = category.currency
    published = [p for d in datasets for p in d.publications if p.date <= as_of]
    subject = SubjectStatus(agency, category, MISSING, datasets,
                            last_published=max((p.date for p in published), default=None))
    if not datasets or not published:
        if rule.is_periodic:  # the periods are still shown, all unpublished
            subject.periods = [_period_status(category, p, [], as_of) for p in view_periods(category, fiscal_year,
                                                                                           carried)]
        return subject
    if not rule.is_periodic:
        subject.latest = max(published, key=lambda p: (p.date, not p.declared))
        subject.held_by = _held_by(datasets, None, dt.date.max)
        subject.due = subject.latest.date + dt.timedelta(days=rule.max_age_days or 365)
        subject.status = (OVERDUE if as_of > subject.due else
                          DUE_SOON if (subject.due - as_of).days <= SOON_DAYS else CURRENT)
        return subject
    subject.periods = [_period_status(category, p, datasets, as_of) for p in view_periods(category, fiscal_year, carried)]
    statuses = {p.status for p in subject.periods}
    subject.status = OVERDUE if OVERDUE in statuses else DUE_SOON if DUE_SOON in statuses else CURRENT
    return subject


def assess(datasets: list[SubjectDataset], organizations: list[dict], as_of: dt.date | None = None,
           fiscal_year: int | None = None, *, agency: str | None = None,
           categories: list[Category] | None = None) -> Assessment:
    """Every agency (each organization, and any agency a dataset names) against every category.

    `fiscal_year` None: the year of `as_of`, with the year before's periods that fall due in it.
    """
    as_of = as_of or dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    carried = fiscal_year is None
    fiscal_year = fiscal_year or fiscal_year_of(as_of)
    categories = list(categories or all_categories())
    titles = {o.get("name"): o.get("title") or o.get("display_name") or o.get("name") for o in organizations}
    for record in datasets:
        titles.setdefault(record.agency, record.agency)
    names = sorted(n for n in titles if n and (agency is None or n == agency))
    agencies = []
    for name in names:
        mine = [d for d in datasets if d.agency == name]
        subjects = [assess_subject(name, c, [d for d in mine if d.category == c.name], as_of, fiscal_year, carried)
                    for c in categories]
        agencies.append(AgencyStatus(name, titles[name], subjects))
    return Assessment(as_of, fiscal_year, carried, agencies, categories)
