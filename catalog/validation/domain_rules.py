"""Rules of the domain that a Table Schema cannot say: procurement and plan-progress sense checks.

Rules run on the resources they know by name, on a table given in chunks of rows (each column's cell
texts, None where a row has no such cell). Row rules look at one chunk at a time; the whole-table rule
keeps only what it needs between chunks. Cells are read as numbers and dates by `cell_reading`: one that
is no number or date reads as missing (its type error is already reported), and a rule skips it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterable

from catalog.validation.cell_reading import (NAN, day_date, dates_in_years, greater, is_number, month_date,
                                             number, numbers, remainder, whole)
from catalog.validation.findings import Finding

NO_PROCUREMENT = "ไม่มีการจัดซื้อจัดจ้าง"
_ELEVEN_DIGITS = re.compile(r"\d{11}")


class Rows:
    """One chunk of a table: cell texts by column name, in row order. Columns are named by their header
    labels, or by their number ("0", "1", ...) when the labels do not fit the columns."""

    def __init__(self, resource: str, labels: list[str], columns: list[list[str | None]], row_numbers: list[int]):
        self.resource = resource
        names = labels if len(labels) == len(columns) else [str(index) for index in range(len(columns))]
        self.columns: dict[str, list[str | None]] = {}
        for name, cells in zip(names, columns):
            self.columns.setdefault(name, cells)  # of two columns with one label, the first
        self.row_numbers = [int(number) for number in row_numbers]
        self.size = len(self.row_numbers)

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def texts(self, name: str) -> list[str | None]:
        return self.columns[name] if name in self.columns else [None] * self.size

    def numbers(self, name: str) -> list[int | float]:
        return numbers(self.columns[name]) if name in self.columns else [NAN] * self.size

    def row(self, index: int) -> "Row":
        return Row(self, index)


class Row:
    """One row's cells as messages print them: the cell's text, "nan" for a cell the row does not have."""

    def __init__(self, rows: Rows, index: int):
        self.rows, self.index = rows, index

    def __getitem__(self, name: str) -> str:
        return shown(self.rows.columns[name][self.index])


def shown(text: str | None) -> str:
    return "nan" if text is None else text


def _findings(rows: Rows, flagged: Iterable[bool], code: str, field: str, en: Callable[[Row], str],
              th: Callable[[Row], str], severity: str = "error") -> list[Finding]:
    out = []
    for index, bad in enumerate(flagged):
        if bad:
            row = rows.row(index)
            cell = row[field] if field in rows else None
            out.append(Finding(code, rows.resource, en(row), th(row), row_number=rows.row_numbers[index],
                               field=field, cell=cell, severity=severity))
    return out


def _fiscal_year_be(day: tuple) -> int:
    """Thai fiscal year (BE) of a date: October starts the next year's budget."""
    return day[0] + 543 + (day[1] >= 10)


def check_prices(rows: Rows) -> list[Finding]:
    """An agreed price above the budget or above the reference (median) price needs explaining."""
    agreed, budget, reference = (rows.numbers(c) for c in ("agreed_price", "budget", "reference_price"))
    findings = _findings(rows, map(greater, agreed, budget), "procurement/agreed-above-budget", "agreed_price",
                         lambda r: f"the agreed price {r['agreed_price']} is above the budget {r['budget']}",
                         lambda r: f"ราคาที่ตกลง {r['agreed_price']} สูงกว่าวงเงินงบประมาณ {r['budget']}")
    findings += _findings(rows, map(greater, agreed, reference), "procurement/agreed-above-reference",
                          "agreed_price",
                          lambda r: f"the agreed price {r['agreed_price']} is above the reference price "
                                    f"{r['reference_price']}",
                          lambda r: f"ราคาที่ตกลง {r['agreed_price']} สูงกว่าราคากลาง {r['reference_price']}")
    return findings


def check_egp_fiscal_year(rows: Rows) -> list[Finding]:
    """The e-GP fiscal year must be the one its transaction date falls in."""
    if "fiscal_year" not in rows or "transaction_date" not in rows:
        return []
    dates = [day_date(text) for text in rows.texts("transaction_date")]
    stated = rows.numbers("fiscal_year")
    flagged = (day is not None and is_number(year) and year != _fiscal_year_be(day)
               for day, year in zip(dates, stated))
    return _findings(rows, flagged, "procurement/fiscal-year-mismatch", "fiscal_year",
                     lambda r: f"fiscal year {r['fiscal_year']} does not match the transaction date "
                               f"{r['transaction_date']}",
                     lambda r: f"ปีงบประมาณ {r['fiscal_year']} ไม่ตรงกับวันที่เกิดรายการ {r['transaction_date']}")


def _egp_project_id_wrong(text: str | None, fiscal: int | float) -> bool:
    """Whether a project number is not 11 digits starting with a BE year (YY) and month (MM) at most a year
    before its fiscal year and no later than the month after it ends (`fiscal`: that year's last two digits).
    Digits of another script pass as digits, but a year or month written in them reads as unknown, and an
    unknown year or month is no finding."""
    if not text:
        return False
    if _ELEVEN_DIGITS.fullmatch(text) is None:
        return True
    year, month = number(text[0:2]), number(text[2:4])
    if is_number(month) and not 1 <= month <= 12:
        return True
    return is_number(fiscal) and is_number(year) and not -2 <= year - fiscal <= 1


def check_egp_project_id(rows: Rows, column: str = "project_id") -> list[Finding]:
    """e-GP project numbers are 11 digits that start with the BE year and month (YYMM) they were made."""
    if column not in rows:
        return []
    fiscal = [remainder(value, 100) for value in rows.numbers("fiscal_year")]
    flagged = map(_egp_project_id_wrong, rows.texts(column), fiscal)
    return _findings(rows, flagged, "procurement/egp-project-id", column,
                     lambda r: f"'{r[column]}' is not an e-GP project number (11 digits, starting with the "
                               "BE year and month it was made)",
                     lambda r: f"'{r[column]}' ไม่ใช่เลขที่โครงการ e-GP (ตัวเลข 11 หลัก ขึ้นต้นด้วยปี พ.ศ. และเดือน)")


def check_plan_progress(rows: Rows) -> list[Finding]:
    findings = []
    for column in ("planned_progress_pct", "actual_progress_pct"):
        flagged = (value < 0 or value > 100 for value in rows.numbers(column))
        findings += _findings(rows, flagged, "plan/progress-out-of-range", column,
                              lambda r, c=column: f"progress {r[c]} % is outside 0-100 %",
                              lambda r, c=column: f"ความก้าวหน้า {r[c]} % อยู่นอกช่วง 0-100 %")
    disbursed = rows.numbers("budget_disbursed")
    # the budget after transfers, else the budget allocated (a column with a gap holds floats)
    ceiling = [after if is_number(after) else float(allocated)
               for after, allocated in zip(rows.numbers("budget_after_transfer"), rows.numbers("budget_allocated"))]
    findings += _findings(rows, map(greater, disbursed, ceiling), "plan/disbursed-above-budget", "budget_disbursed",
                          lambda r: f"disbursed {r['budget_disbursed']} is more than the budget",
                          lambda r: f"เบิกจ่าย {r['budget_disbursed']} มากกว่างบประมาณ")
    if all(name in rows for name in ("report_round", "report_start", "report_end", "fiscal_year")):
        start = [day_date(text) for text in rows.texts("report_start")]
        end = [day_date(text) for text in rows.texts("report_end")]
        fiscal = rows.numbers("fiscal_year")
        years = [whole(value) for value in fiscal]
        first_day = dates_in_years([None if year is None else year - 544 for year in years], 10, 1)
        half_end = dates_in_years([None if year is None else year - 543 for year in years], 3, 31)
        # a round whose dates are not written is the whole round: only dates given can be wrong
        wrong = (text == "6-month" and is_number(year)
                 and ((begins is not None and begins != should_begin) or (ends is not None and ends != should_end))
                 for text, year, begins, ends, should_begin, should_end
                 in zip(rows.texts("report_round"), fiscal, start, end, first_day, half_end))
        findings += _findings(rows, wrong, "plan/six-month-window", "report_start",
                              lambda r: f"a 6-month report of fiscal year {r['fiscal_year']} covers October to March "
                                        f"({r['report_start']} - {r['report_end']} given)",
                              lambda r: f"รายงานรอบ 6 เดือนของปีงบประมาณ {r['fiscal_year']} ต้องครอบคลุม ต.ค. - มี.ค. "
                                        f"(ระบุ {r['report_start']} - {r['report_end']})")
        backwards = (begins is not None and ends is not None and ends < begins for begins, ends in zip(start, end))
        findings += _findings(rows, backwards, "plan/period-reversed", "report_end",
                              lambda r: f"the report ends ({r['report_end']}) before it starts ({r['report_start']})",
                              lambda r: f"วันสิ้นสุดรายงาน ({r['report_end']}) อยู่ก่อนวันเริ่ม ({r['report_start']})")
    return findings


class MonthlyCoverage:
    """Form สขร.1 is filed every month; a month with no purchases says so in a row of its own.

    Between chunks it keeps the months seen, the number of rows of each month (as written) and the rows
    that say there was no procurement."""

    def __init__(self, resource: str):
        self.resource = resource
        self.has_months = False  # some chunk has the report_month column
        self.months: set[tuple[int, int]] = set()
        self.rows_per_month: Counter[str] = Counter()
        self.no_procurement: list[tuple[int, str | None, str, bool]] = []  # row, month, item, priced

    def check(self, rows: Rows) -> None:
        self.has_months |= "report_month" in rows
        months = rows.texts("report_month")
        for text in months:
            if text is not None:
                self.rows_per_month[text] += 1
                day = month_date(text)
                if day is not None:
                    self.months.add(day[:2])
        agreed, budget = rows.texts("agreed_price"), rows.texts("budget")
        for index, item in enumerate(rows.texts("item")):
            if item is not None and NO_PROCUREMENT in item:
                priced = is_number(number(agreed[index])) or is_number(number(budget[index]))
                self.no_procurement.append((rows.row_numbers[index], months[index], item, priced))

    def finish(self) -> list[Finding]:
        if not self.has_months:
            return []
        findings = []
        if self.months:
            (year, month), last = min(self.months), max(self.months)
            while (year, month) <= last:
                if (year, month) not in self.months:
                    period = f"{year:04d}-{month:02d}"
                    findings.append(Finding(
                        "procurement/month-missing", self.resource,
                        f"month {period} has no rows; a month with no procurement must have a row saying "
                        f"'{NO_PROCUREMENT}'",
                        f"เดือน {period} ไม่มีแถวข้อมูล เดือนที่ไม่มีการจัดซื้อจัดจ้างต้องมีแถวระบุว่า '{NO_PROCUREMENT}'",
                        field="report_month"))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        for row_number, month_text, item, priced in self.no_procurement:
            if priced or (month_text is not None and self.rows_per_month[month_text] > 1):
                findings.append(Finding(
                    "procurement/no-procurement-row", self.resource,
                    f"month {shown(month_text)} says '{NO_PROCUREMENT}' but also lists purchases or prices",
                    f"เดือน {shown(month_text)} ระบุว่า '{NO_PROCUREMENT}' แต่มีรายการหรือราคา",
                    row_number=row_number, field="item", cell=item))
        return findings


# resource name -> the rules that look at one chunk of rows at a time
ROW_RULES: dict[str, list[Callable[[Rows], list[Finding]]]] = {
    "egp_contract": [check_prices, check_egp_fiscal_year, check_egp_project_id],
    "procurement_monthly": [check_prices],
    "procurement_summary16": [check_prices, lambda rows: check_egp_project_id(rows, "egp_project_id")],
    "plan_progress": [check_plan_progress],
}
# resource name -> the rules that need the whole table (each made anew for a reading)
TABLE_RULES = {
    "procurement_monthly": [MonthlyCoverage],
}


class DomainRules:
    """The rules of one resource, run on a table given in chunks of rows: row rules on each chunk, whole-table
    rules at the end on what they kept."""

    def __init__(self, resource: str):
        self.resource = resource
        self.row_rules = ROW_RULES.get(resource, [])
        self.table_rules = [rule(resource) for rule in TABLE_RULES.get(resource, [])]

    def __bool__(self) -> bool:
        return bool(self.row_rules or self.table_rules)

    def check(self, labels: list[str], columns: list[list[str | None]], row_numbers: list[int]) -> list[Finding]:
        """Findings of the row rules in one chunk: `columns` holds each column's cell texts (None where the row
        has no such cell), rows in row-number order; `labels` are the header labels."""
        rows = Rows(self.resource, labels, columns, row_numbers)
        findings = [finding for rule in self.row_rules for finding in rule(rows)]
        for rule in self.table_rules:
            rule.check(rows)
        return findings

    def finish(self) -> list[Finding]:
        return [finding for rule in self.table_rules for finding in rule.finish()]


def check_table(resource: str, labels: list[str], columns: list[list[str | None]],
                row_numbers: list[int]) -> list[Finding]:
    """Every domain rule of `resource` on one whole table."""
    rules = DomainRules(resource)
    return rules.check(labels, columns, row_numbers) + rules.finish()
