"""The plain-Python domain rules give exactly the findings of their pandas original (kept in
pandas_domain_rules_oracle): same codes, messages in both languages, rows, fields, cells and order, on random
tables of every resource that has rules, read whole and in chunks."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from catalog.validation.csv_table import CsvTable
from catalog.validation.domain_rules import NO_PROCUREMENT, DomainRules, check_table
from catalog.validation.package import _TableRules
from tests.validation import pandas_domain_rules_oracle as oracle

ODD = ["", " ", "x", "nan", "NaN", "inf", "-inf", "None", "๑๒", "1,000", " 5 ", "+1", "1e3", "1_000", "0x10", "-0",
       "18446744073709551615", "9223372036854775808", "-9223372036854775808", "9007199254740993",
       "9007199254740992", "1" + "0" * 30, "0.1", ".5", "5.", "1e400"]
PRICES = ["1000", "900", "950", "1200", "1000.0", "999.99", "1000.01", "0", "-1", "50", "100", "101", "12.5"]
FISCAL = ["2568", "2567", "2569", "2566", "2570", "2568.0", "68", "0", "-5", "99999", "1e3", "3000", "1544",
          "1543", "545", "600", "643", "644", "1000", "10543", "10544", "-9455", "-8456"]
DATES = ["2024-11-29", "2024-10-01", "2025-03-31", "2024-09-30", "2024-10-1", "2024-1-5", "2025-3-31",
         " 2024-10-01", "2024-10-01 ", "2024-02-30", "2024-02-29", "๒๕๖๗-10-01", "2024-10- 1", "-1-10-01",
         "0000-10-01", "2024-10-01T00:00", "29 พ.ย. 67", "now", "today", "1980-10-01", "2056-10-01", "2001-05-10"]
MONTHS = ["2024-01", "2024-02", "2024-03", "2024-05", "2024-1", "2024-12", "2023-11", "2024-13", "2024-00",
          "2024-01-01", " 2024-01", "๒๕๖๗-01", "0999-12", "-001-11", "now", "2024/01", "2566-10"]
PROJECT_IDS = ["67119524001", "66109524001", "68019524001", "67139524001", "67009524001", "6711952400",
               "671195240012", "6711๑๒๓๔๕๖๗", "๖๗๑๑9524001", "６７１１９５２４００１", "67119524001\n", " 67119524001",
               "abcdefghijk", "69019524001", "65109524001", "99129524001", "00019524001"]
ITEMS = [NO_PROCUREMENT, f"เดือนนี้{NO_PROCUREMENT}", "ซื้อวัสดุสำนักงาน", "จ้างเหมาทำความสะอาด", "ไม่มีการจัดซื้อ"]
ROUNDS = ["6-month", "6-month", "12-month", "6-Month", "6-month ", "9-month"]
PERCENTS = ["0", "50", "100", "100.0", "100.5", "-0.5", "-1", "101", "1e2", "99.999", "150"]


def cells(pool: list[str], extra: st.SearchStrategy | None = None) -> st.SearchStrategy:
    choices = [st.sampled_from(pool), st.sampled_from(pool), st.sampled_from(ODD), st.none(),
               st.text(max_size=4)]
    if extra is not None:
        choices.append(extra)
    return st.one_of(*choices)


NUMBERS = cells(PRICES, st.integers(-10**4, 10**20).map(str))
COLUMNS = {
    "record_id": cells(["1", "2", "3"]),
    "project_id": cells(PROJECT_IDS, st.text(alphabet="0123456789๑", min_size=11, max_size=11)),
    "egp_project_id": cells(PROJECT_IDS, st.text(alphabet="0123456789", min_size=11, max_size=11)),
    "budget": NUMBERS, "reference_price": NUMBERS, "agreed_price": NUMBERS,
    "fiscal_year": cells(FISCAL, st.integers(-12000, 12000).map(str)),
    "transaction_date": cells(DATES, st.dates().map(lambda day: f"{day.year:04d}-{day.month}-{day.day:02d}")),
    "report_month": cells(MONTHS, st.tuples(st.integers(2023, 2025), st.integers(0, 13)).map(
        lambda ym: f"{ym[0]}-{ym[1]:02d}")),
    "item": cells(ITEMS),
    "planned_progress_pct": cells(PERCENTS), "actual_progress_pct": cells(PERCENTS),
    "budget_allocated": NUMBERS, "budget_after_transfer": NUMBERS, "budget_disbursed": NUMBERS,
    "report_round": cells(ROUNDS),
    "report_start": cells(DATES), "report_end": cells(DATES),
    "note": cells(["หมายเหตุ", ""]),
}
RESOURCES = {
    "egp_contract": ["record_id", "project_id", "budget", "reference_price", "agreed_price", "fiscal_year",
                     "transaction_date"],
    "procurement_monthly": ["report_month", "item", "budget", "reference_price", "agreed_price"],
    "procurement_summary16": ["egp_project_id", "budget", "reference_price", "agreed_price", "fiscal_year"],
    "plan_progress": ["planned_progress_pct", "actual_progress_pct", "budget_allocated", "budget_after_transfer",
                      "budget_disbursed", "report_round", "report_start", "report_end", "fiscal_year"],
}


@st.composite
def tables(draw, resource: str):
    """(labels, columns, row numbers, chunks): chunks as lists of row indices, each in any order."""
    names = [name for name in RESOURCES[resource] if draw(st.integers(0, 9)) > 0]
    names += ["note"] * draw(st.integers(0, 2))  # an unknown column, maybe twice
    names = draw(st.permutations(names))
    size = draw(st.integers(0, 12))
    columns = [draw(st.lists(COLUMNS[name], min_size=size, max_size=size)) for name in names]
    labels = list(names)
    if labels and draw(st.integers(0, 19)) == 0:  # labels that do not fit the columns
        labels = labels[:-1]
    gaps = draw(st.lists(st.integers(1, 3), min_size=size, max_size=size))
    row_numbers = list(np.cumsum([1] + gaps)[1:] + 0)
    cuts = sorted(draw(st.sets(st.integers(1, max(size - 1, 1)), max_size=3))) if size > 1 else []
    bounds = [0, *cuts, size]
    chunks = [draw(st.permutations(range(start, end))) for start, end in zip(bounds, bounds[1:]) if end > start]
    return labels, columns, [int(number) for number in row_numbers], chunks


def as_tuples(findings) -> list[tuple]:
    return [dataclasses.astuple(finding) for finding in findings]


def oracle_findings(resource: str, chunks: list[CsvTable]) -> list[tuple] | None:
    """The pandas rules' findings, None when they fail on the table (e.g. a fractional fiscal year)."""
    rules = oracle.DomainRules(resource)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            findings = [f for chunk in chunks for f in rules.check(chunk.to_frame())]
            return as_tuples(findings + rules.finish())
    except (TypeError, ValueError, OverflowError):
        return None


def plain_findings(resource: str, chunks: list[CsvTable]) -> list[tuple]:
    rules = DomainRules(resource)
    findings = [f for chunk in chunks for f in rules.check(*_TableRules._rows_in_order(chunk))]
    return as_tuples(findings + rules.finish())


def csv_chunk(labels, columns, row_numbers, rows: list[int]) -> CsvTable:
    return CsvTable(labels=labels,
                    columns=[pa.chunked_array([pa.array([cells[i] for i in rows], type=pa.string())])
                             for cells in columns],
                    row_numbers=np.array([row_numbers[i] for i in rows], dtype=np.int64))


@pytest.mark.parametrize("resource", sorted(RESOURCES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_findings_are_the_pandas_rules_findings(resource, data):
    labels, columns, row_numbers, chunks = data.draw(tables(resource))
    every_row = list(range(len(row_numbers)))
    whole = [csv_chunk(labels, columns, row_numbers, every_row)]
    in_chunks = [csv_chunk(labels, columns, row_numbers, rows) for rows in chunks]
    expected = oracle_findings(resource, whole)
    found = plain_findings(resource, whole)  # when pandas fails, the rules still give findings
    if expected is not None:
        assert found == expected
        assert as_tuples(check_table(resource, labels, columns, row_numbers)) == expected
    if len(in_chunks) > 1 or chunks and list(chunks[0]) != every_row:
        expected = oracle_findings(resource, in_chunks)
        found = plain_findings(resource, in_chunks)
        if expected is not None:
            assert found == expected


@st.composite
def six_month_reports(draw):
    """Plan-progress rows of 6-month rounds whose dates are near the window of their fiscal year (or odd)."""
    size = draw(st.integers(1, 8))
    fiscal_years = draw(st.lists(st.one_of(st.integers(2500, 2600), st.integers(-12000, 12000),
                                           st.sampled_from([544, 545, 600, 643, 644, 1543, 1544, 10543])),
                                 min_size=size, max_size=size))

    def window_day(year: int, start: bool) -> st.SearchStrategy:
        year, month, day = (year - 544, 10, 1) if start else (year - 543, 3, 31)
        written = f"{year}-{month:02d}-{day:02d}" if year >= 0 else f"-{-year}-{month}-{day}"
        return st.one_of(st.just(written), st.sampled_from(DATES), st.none(),
                         st.just(f"{year:04d}-{month}-{day - 1 if day > 1 else 2}"))

    columns = [
        [draw(st.sampled_from(["6-month"] * 4 + ROUNDS)) for _ in range(size)],
        [draw(window_day(year, True)) for year in fiscal_years],
        [draw(window_day(year, False)) for year in fiscal_years],
        [draw(st.one_of(st.just(str(year)), st.just(f"{year}.0"), cells(FISCAL))) for year in fiscal_years],
    ]
    return ["report_round", "report_start", "report_end", "fiscal_year"], columns, list(range(2, 2 + size))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(six_month_reports())
def test_six_month_windows_are_the_pandas_rules_windows(table):
    labels, columns, row_numbers = table
    chunk = [csv_chunk(labels, columns, row_numbers, list(range(len(row_numbers))))]
    expected = oracle_findings("plan_progress", chunk)
    if expected is not None:
        assert plain_findings("plan_progress", chunk) == expected


def test_the_oracle_is_exercised():
    """The random tables reach every finding the rules have (else the comparison proves little)."""
    codes = set()
    for resource, table in [
        ("egp_contract", (["project_id", "budget", "reference_price", "agreed_price", "fiscal_year",
                           "transaction_date"],
                          [["67119524001", "6711952400", "67139524001"], ["1000", "1000", "900"],
                           ["900", "1000", "1000"], ["950", "1200", "1000"], ["2568", "2567", "2568"],
                           ["2024-11-29", "2024-11-29", None]])),
        ("procurement_monthly", (["report_month", "item", "budget"],
                                 [["2024-01", "2024-03", "2024-03"], [NO_PROCUREMENT, NO_PROCUREMENT, "x"],
                                  [None, None, "5"]])),
        ("plan_progress", (["planned_progress_pct", "actual_progress_pct", "budget_allocated", "budget_disbursed",
                            "report_round", "report_start", "report_end", "fiscal_year"],
                           [["101", "5", "5"], ["-1", "5", "5"], ["10", "10", "10"], ["11", "5", "5"],
                            ["6-month", "6-month", "12-month"], ["2024-10-01", "2024-10-02", "2025-01-01"],
                            ["2025-03-31", "2025-03-31", "2024-01-01"], ["2568", "2568", "2568"]])),
    ]:
        labels, columns = table
        numbers = list(range(2, 2 + len(columns[0])))
        chunk = [csv_chunk(labels, columns, numbers, list(range(len(numbers))))]
        expected = oracle_findings(resource, chunk)
        assert plain_findings(resource, chunk) == expected
        codes |= {finding[0] for finding in expected}
    assert codes == {"procurement/agreed-above-budget", "procurement/agreed-above-reference",
                     "procurement/fiscal-year-mismatch", "procurement/egp-project-id", "procurement/month-missing",
                     "procurement/no-procurement-row", "plan/progress-out-of-range", "plan/disbursed-above-budget",
                     "plan/six-month-window", "plan/period-reversed"}


def test_two_columns_with_one_label_read_the_first():
    """pandas fails on a rule's column that appears twice; the rules read the first of them."""
    findings = check_table("egp_contract", ["agreed_price", "budget", "agreed_price"],
                           [["1200"], ["1000"], ["900"]], [2])
    assert [(f.code, f.row_number, f.cell) for f in findings] == [("procurement/agreed-above-budget", 2, "1200")]


def test_a_fractional_fiscal_year_has_no_six_month_window():
    """pandas fails on a fiscal year with a fraction; the rules take it as a year whose window is unknown."""
    findings = check_table("plan_progress", ["report_round", "report_start", "report_end", "fiscal_year"],
                           [["6-month", "6-month"], ["2024-10-01", None], [None, None], ["2568.5", "2568"]], [2, 3])
    assert [(f.code, f.row_number) for f in findings] == [("plan/six-month-window", 2)]


def test_no_rules_for_other_resources():
    rules = DomainRules("budget_summary")
    assert not rules
    assert rules.check(["a"], [["1"]], [2]) == [] and rules.finish() == []
    assert DomainRules("egp_contract") and DomainRules("procurement_monthly")
