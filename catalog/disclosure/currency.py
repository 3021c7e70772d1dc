"""How current a category's data must be: reporting periods on the Thai fiscal year and due dates.

The Thai fiscal year runs 1 October - 30 September and is named by the Buddhist Era year it ends in:
FY2568 = 2024-10-01 .. 2025-09-30. Periods are aligned to it: quarter 1 = Oct-Dec, the first half
(the "6-month" round) = Oct-Mar, the year = Oct-Sep. Months are calendar months.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

BE_OFFSET = 543
FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual", "on_change")
ANCHORS = ("end", "start")
REPORT_ROUNDS = ("6-month", "annual", "quarter-1", "quarter-2", "quarter-3", "quarter-4")
_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
# what a table's rows can say about the periods they cover (see CurrencyRule.evidence)
EVIDENCE_KINDS = {"month": ("monthly", "quarterly"), "fiscal_year": ("annual",),
                  "fiscal_year+report_round": ("rounds",)}
# the parts of a rule a category file may mark as not confirmed by a written source
RULE_PARTS = ("frequency", "rounds", "due_days", "anchor", "max_age_days")


def fiscal_year_of(d: date) -> int:
    """The Buddhist Era fiscal year a date falls in: 2024-10-01 -> 2568, 2024-09-30 -> 2567."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """First and last day of a Buddhist Era fiscal year: 2568 -> (2024-10-01, 2025-09-30)."""
    ce = fiscal_year_be - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    y, m = _add_months(year, month, 1)
    return date(y, m, 1) - timedelta(days=1)


def report_round_period(report_round: str, fiscal_year_be: int) -> tuple[date, date]:
    """The dates a plan-progress round covers: "6-month" of 2568 -> (2024-10-01, 2025-03-31),
    "annual" -> the whole fiscal year, "quarter-2" -> (2025-01-01, 2025-03-31)."""
    start, end = fiscal_year_bounds(fiscal_year_be)
    if report_round == "annual":
        return start, end
    if report_round == "6-month":
        return start, _month_end(start.year + 1, 3)
    if report_round in REPORT_ROUNDS:
        quarter = int(report_round.rsplit("-", 1)[1])
        y, m = _add_months(start.year, start.month, 3 * (quarter - 1))
        y2, m2 = _add_months(y, m, 2)
        return date(y, m, 1), _month_end(y2, m2)
    raise ValueError(f"unknown report round {report_round!r}; valid: {', '.join(REPORT_ROUNDS)}")


@dataclass(frozen=True)
class CurrencyRule:
    """When data for a period is due.

    frequency: "monthly", "quarterly", "semiannual", "annual" (periods on the fiscal year) or "on_change"
    (no periods: publish when something changes; never overdue by date).
    due_days: days after the anchor by which a period's data must be published (0 = on the anchor day).
    anchor: "end" (default) counts from the last day of the period, "start" from its first day (the annual
    plan is due at the start of the year it plans).
    rounds: named report rounds of the fiscal year that are the periods instead of the frequency's
    ("6-month", "annual": the plan-progress rounds), see report_round_period.
    evidence: which table's rows say which periods a version covers: {"resource": name, "month": field}
    (a YYYY-MM field), {"resource": name, "fiscal_year": field} or {"resource": name, "fiscal_year": field,
    "report_round": field}. Without it a period counts as covered by the first publication after it ends
    (a table refreshed as a whole, like an e-GP export).
    max_age_days: for "on_change", how old the latest publication may be before it is no longer current.
    unverified: the parts of the rule (RULE_PARTS) that are defaults no written source confirms.
    """

    frequency: str
    due_days: int
    anchor: str = "end"
    note_th: str = ""
    note_en: str = ""
    rounds: tuple[str, ...] = ()
    evidence: Mapping = field(default_factory=lambda: MappingProxyType({}))
    max_age_days: int | None = None
    unverified: tuple[str, ...] = ()

    def __post_init__(self):
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"unknown frequency {self.frequency!r}; valid: {', '.join(FREQUENCIES)}")
        if self.anchor not in ANCHORS:
            raise ValueError(f"unknown anchor {self.anchor!r}; valid: {', '.join(ANCHORS)}")
        if not isinstance(self.due_days, int) or isinstance(self.due_days, bool):
            raise ValueError(f"due_days must be an integer, not {self.due_days!r}")
        unknown = [r for r in self.rounds if r not in REPORT_ROUNDS]
        if unknown:
            raise ValueError(f"unknown report rounds {unknown}; valid: {', '.join(REPORT_ROUNDS)}")
        if self.max_age_days is not None and (not isinstance(self.max_age_days, int) or self.max_age_days < 1):
            raise ValueError(f"max_age_days must be a positive integer, not {self.max_age_days!r}")
        if self.max_age_days is not None and self.is_periodic:
            raise ValueError("max_age_days is for an on_change rule")
        unknown = [p for p in self.unverified if p not in RULE_PARTS]
        if unknown:
            raise ValueError(f"unverified names unknown parts {unknown}; valid: {', '.join(RULE_PARTS)}")
        object.__setattr__(self, "evidence", MappingProxyType(dict(self.evidence)))
        kind = self.evidence_kind
        if self.evidence and self.frequency_or_rounds not in EVIDENCE_KINDS.get(kind, ()):
            raise ValueError(f"evidence {dict(self.evidence)} cannot tell the periods of a "
                             f"{self.frequency_or_rounds} rule")

    @property
    def evidence_kind(self) -> str | None:
        """"month", "fiscal_year" or "fiscal_year+report_round" (None: no evidence)."""
        if not self.evidence:
            return None
        return "+".join(k for k in ("fiscal_year", "report_round", "month") if k in self.evidence)

    @property
    def evidence_fields(self) -> tuple[str, ...]:
        """The evidence table's fields, in the order their values make a period label ("2568/6-month")."""
        return tuple(self.evidence[k] for k in ("fiscal_year", "report_round", "month") if k in self.evidence)

    @property
    def frequency_or_rounds(self) -> str:
        return "rounds" if self.rounds else self.frequency

    @property
    def is_periodic(self) -> bool:
        return self.frequency != "on_change"

    def period_containing(self, d: date) -> tuple[date, date]:
        """First and last day of the reporting period that contains `d`.

        Periods are aligned to the fiscal year (which starts in October, itself a quarter boundary):
        monthly -> the calendar month; quarterly -> Oct-Dec, Jan-Mar, Apr-Jun, Jul-Sep;
        semiannual -> Oct-Mar, Apr-Sep; annual -> Oct-Sep. "on_change" has no periods: ValueError.
        """
        if not self.is_periodic:
            raise ValueError("an on_change rule has no reporting periods")
        months = _MONTHS[self.frequency]
        # months since the start of the fiscal year (October = 0)
        offset = (d.month - 10) % 12
        first = offset - offset % months
        fy_start_year = d.year if d.month >= 10 else d.year - 1
        y, m = _add_months(fy_start_year, 10, first)
        y2, m2 = _add_months(y, m, months - 1)
        return date(y, m, 1), _month_end(y2, m2)

    def next_period(self, period_end: date) -> tuple[date, date]:
        """The period after the one ending on (or containing) `period_end`."""
        return self.period_containing(self.period_containing(period_end)[1] + timedelta(days=1))

    def due_date(self, period_end: date) -> date:
        """Last day on which the data of the period ending on (or containing) `period_end` is on time.

        For "on_change" the argument is the date of the change: due `due_days` after it.
        """
        if not self.is_periodic:
            return period_end + timedelta(days=self.due_days)
        start, end = self.period_containing(period_end)
        return (start if self.anchor == "start" else end) + timedelta(days=self.due_days)

    def is_overdue(self, last_covered_period_end: date | None, today: date) -> bool:
        """Whether a period not yet covered is past its due date.

        `last_covered_period_end` is the last day the published data covers (None: nothing published).
        The first period not (fully) covered is the one containing the next day; it is overdue once `today`
        is later than its due date. With nothing published, a periodic rule is overdue. "on_change" is never
        overdue by date.
        """
        if not self.is_periodic:
            return False
        if last_covered_period_end is None:
            return True
        first_uncovered = self.period_containing(last_covered_period_end + timedelta(days=1))
        return today > self.due_date(first_uncovered[1])


@dataclass(frozen=True)
class Period:
    """One reporting period a rule asks for: its label (what the evidence rows say: "2024-10", "2568",
    "2568/6-month"), first and last day, due date, and the evidence labels that together cover it."""

    label: str
    fiscal_year: int
    start: date
    end: date
    due: date
    parts: tuple[str, ...]


def month_label(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _months(start: date, end: date) -> tuple[str, ...]:
    labels, y, m = [], start.year, start.month
    while date(y, m, 1) <= end:
        labels.append(f"{y:04d}-{m:02d}")
        y, m = _add_months(y, m, 1)
    return tuple(labels)


def periods_of_year(rule: CurrencyRule, fiscal_year_be: int) -> list[Period]:
    """Every period of a fiscal year the rule asks for, in the order they end ([] for "on_change")."""
    if not rule.is_periodic:
        return []
    if rule.rounds:
        spans = [(f"{fiscal_year_be}/{name}", *report_round_period(name, fiscal_year_be)) for name in rule.rounds]
        spans.sort(key=lambda s: (s[2], s[1]))
    else:
        first, last = fiscal_year_bounds(fiscal_year_be)
        spans, start = [], first
        while start <= last:
            start, end = rule.period_containing(start)
            label = (month_label(start) if rule.frequency == "monthly" else
                     str(fiscal_year_be) if rule.frequency == "annual" else
                     f"{fiscal_year_be}/{rule.frequency[0]}{len(spans) + 1}")  # 2568/q2, 2568/s1
            spans.append((label, start, end))
            start = end + timedelta(days=1)
    periods = []
    for label, start, end in spans:
        kind = rule.evidence_kind
        parts = _months(start, end) if kind == "month" else (label,)
        due = (start if rule.anchor == "start" else end) + timedelta(days=rule.due_days)
        periods.append(Period(label, fiscal_year_be, start, end, due, parts))
    return periods
