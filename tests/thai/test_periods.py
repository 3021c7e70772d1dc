"""Reporting periods as officers write them: months, fiscal years and report rounds, in cells and in titles."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.thai import THAI_MONTHS_ABBR, THAI_MONTHS_FULL, ThaiValueError, to_thai_digits
from catalog.thai.periods import (date_range_in, describe_period, fiscal_year_of_month, fiscal_years_in, months_in,
                                  parse_fiscal_year, parse_month, parse_report_round, round_period, rounds_in)


@pytest.mark.parametrize("cell", ["พฤศจิกายน 2567", "พ.ย. 67", "พ.ย.67", "11/2567", "2567-11", "2024-11", "๑๑/๒๕๖๗",
                                  "พฤศจิกายน ๖๗", "เดือน พ.ย. 2567", "ประจำเดือนพฤศจิกายน พ.ศ. 2567", "11/67",
                                  "พย 67", "November 2024", dt.date(2024, 11, 5)])
def test_every_form_of_a_month_in_a_cell_is_the_same_month(cell):
    assert parse_month(cell) == "2024-11"


@pytest.mark.parametrize("cell", ["", "พฤศจิกายน", "13/2567", "2567", "พ.ย. 67 และ ธ.ค. 67", "วันที่ 5 พ.ย. 67", "abc"])
def test_anything_but_one_month_is_refused_with_the_forms_that_are_read(cell):
    with pytest.raises(ThaiValueError) as refused:
        parse_month(cell)
    assert "พฤศจิกายน 2567" in refused.value.message_en and "ไม่ใช่เดือน" in refused.value.message_th


@given(st.integers(min_value=2500, max_value=2599), st.integers(min_value=1, max_value=12), st.booleans())
def test_a_month_written_any_way_reads_back(year_be, month, thai_digits):
    forms = [f"{THAI_MONTHS_FULL[month - 1]} {year_be}", f"{THAI_MONTHS_ABBR[month - 1]} {year_be % 100:02d}",
             f"{month}/{year_be}", f"{year_be}-{month:02d}", f"{year_be - 543}-{month:02d}"]
    for form in forms:
        text = to_thai_digits(form) if thai_digits else form
        assert parse_month(text) == f"{year_be - 543}-{month:02d}"
        assert months_in(f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน {text}", numeric=True) == [f"{year_be - 543}-{month:02d}"]


@pytest.mark.parametrize("text,numeric,expected", [
    ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน พฤศจิกายน ๒๕๖๗", False, ["2024-11"]),
    # the report's own date is a day, not the month reported
    ("สรุปผล ประจำเดือน พฤศจิกายน 2567 (ข้อมูล ณ วันที่ 5 ธันวาคม 2567)", False, ["2024-11"]),
    ("สัญญา ๔/๒๕๖๘ ลว. ๒๐ พฤศจิกายน ๒๕๖๗", False, []),  # a contract's number and date, no month
    ("พ.ย.67", True, ["2024-11"]),
    ("สขร1_พย67", True, ["2024-11"]),
    ("สขร1_ต.ค.2567", True, ["2024-10"]),
    ("procurement_2567-11", True, ["2024-11"]),
    ("procurement_2567-11", False, []),  # numbers alone count in sheet and file names only
    ("สขร.1 พ.ย. 67", True, ["2024-11"]),
    ("พยาบาล 2567", True, []),
    ("รายงาน ต.ค. 67 และ พ.ย. 67", False, ["2024-10", "2024-11"]),
])
def test_months_in_titles_sheet_names_and_file_names(text, numeric, expected):
    assert months_in(text, numeric=numeric) == expected


@pytest.mark.parametrize("cell,year", [("2568", 2568), ("๒๕๖๘", 2568), (2568, 2568), (2568.0, 2568),
                                       ("ปีงบประมาณ พ.ศ. 2568", 2568), ("FY2568", 2568), ("ปีงบ 68", 2568)])
def test_fiscal_years_in_cells(cell, year):
    assert parse_fiscal_year(cell) == year


@pytest.mark.parametrize("cell", ["2025", "68", "ปี 2568 และ 2569", ""])
def test_a_fiscal_year_that_is_not_a_buddhist_era_year_is_refused(cell):
    with pytest.raises(ThaiValueError):
        parse_fiscal_year(cell)


def test_fiscal_year_and_round_of_a_plan_report_title():
    title = ("รายงานการกำกับติดตามการดำเนินงานและการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ "
             "รอบ ๖ เดือน (๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘)")
    assert fiscal_years_in(title) == [2568]
    assert rounds_in(title) == ["6-month"]  # "ประจำปีงบประมาณ" is not the annual round
    assert months_in(title) == []  # the period's two dates are days
    assert date_range_in(title) == (dt.date(2024, 10, 1), dt.date(2025, 3, 31))


@pytest.mark.parametrize("text,rounds", [
    ("รายงานผลการดำเนินงานประจำปี 2568", ["annual"]),
    ("ประจำปีงบประมาณ 2568", []),
    ("ผลการดำเนินงาน (1 ต.ค. 67 - 31 มี.ค. 68)", ["6-month"]),  # the dates are the round
    ("ผลการดำเนินงาน (1 ม.ค. 68 - 31 มี.ค. 68)", ["quarter-2"]),
    ("รายงาน รอบ 12 เดือน", ["annual"]),
    ("ไตรมาสที่ ๓", ["quarter-3"]),
])
def test_rounds_in_titles(text, rounds):
    assert rounds_in(text) == rounds


@pytest.mark.parametrize("cell,code", [("รอบ 6 เดือน", "6-month"), ("6 เดือน", "6-month"), ("รอบ ๖ เดือน", "6-month"),
                                       ("ครึ่งปีแรก", "6-month"), ("6-month", "6-month"), ("ประจำปี", "annual"),
                                       ("รอบ 12 เดือน", "annual"), ("annual", "annual"), ("ไตรมาสที่ 2", "quarter-2"),
                                       ("Q3", "quarter-3"), ("quarter-4", "quarter-4")])
def test_report_rounds_in_cells(cell, code):
    assert parse_report_round(cell) == code


def test_a_round_not_published_is_refused_in_words():
    with pytest.raises(ThaiValueError) as refused:
        parse_report_round("รอบ 9 เดือน")
    assert "9-month" in refused.value.message_en and "รอบ 9 เดือน" in refused.value.message_th


def test_fiscal_year_bare_only_in_names():
    assert fiscal_years_in("แผน_รายงานรอบ6เดือน_2568", bare=True) == [2568]
    assert fiscal_years_in("แผน_รายงานรอบ6เดือน_2568") == []


def test_rounds_periods_and_words():
    assert round_period("6-month", 2568) == (dt.date(2024, 10, 1), dt.date(2025, 3, 31))
    assert round_period("annual", 2568) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    assert fiscal_year_of_month("2024-10") == 2568 and fiscal_year_of_month("2024-09") == 2567
    assert describe_period("month", "2024-11", "th") == "พฤศจิกายน 2567"
    assert describe_period("report_round", "6-month", "th") == "รอบ 6 เดือน"
    assert describe_period("month", "2024-11", "en") == "2024-11"
