"""The domain rules read cells as numbers and dates exactly as pandas' to_numeric and to_datetime do (the rules
once used them): checked against pandas itself on edge cases and on random cells."""

from __future__ import annotations

import math
import warnings
from datetime import datetime

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from catalog.validation.cell_reading import (dates_in_years, day_date, greater, month_date, numbers, remainder,
                                             whole)

NUMBER_CASES = [
    "1", " 1", "1 ", "\t1\n", "+1", "-1", "-0", "00012", "1e3", "1E3", "1e", "1e+", "1.", ".5", "-.5", "+.5", "5.e3",
    "1.0e5", "1.5e-3", "1_000", "๑๒", "١٢", "１２", "inf", "-inf", "+inf", "Inf", "INF", "infinity", "-Infinity",
    "+infinity", " inf", "inf ", "ｉｎｆ", "nan", "NaN", "-nan", "", " ", "1,000", "0x10", "0b1", "1j", "1d3", "True",
    "None", "1e400", "-1e400", "1e-400", "4.9e-324", "1e308", "1.7976931348623157e308", "1 2", "1\u00a0", "\u00a01",
    "1\u2003", "1\x0b", "1\x0c", "\x0c1\r", "1\x1c", "e3", "+", "-", ".", "1..2", "1e3.5", "1e 3", "1 e3", "+-1",
    "12345678901234567890", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "-9223372036854775809", "18446744073709551615", "18446744073709551616", "9007199254740993",
    "123456789012345678.9", "0.1000000000000000055511151231257827", "1\x00", "1.5\x00", "inf\x00", "\x00",
    "1" + "0" * 4299, "1" + "0" * 4300, "1" + "0" * 4299 + ".5", "1e99999999999999999999", "-1e-99999999999999999999",
]


def pandas_numbers(cells: list[str | None]) -> list:
    result = pd.to_numeric(pd.Series(cells, dtype="str"), errors="coerce")
    kind = int if result.dtype.kind in "iu" else float
    return [kind(value) for value in result.tolist()]


def same_numbers(ours: list, theirs: list) -> bool:
    return len(ours) == len(theirs) and all(
        type(a) is type(b) and (a == b or (a != a and b != b)) for a, b in zip(ours, theirs))


@pytest.mark.parametrize("text", NUMBER_CASES)
def test_a_cell_reads_as_the_number_pandas_reads(text):
    for cells in ([text], [text, "7"], [text, None], [text, "2.5"], [text, "-3"], [text, "18446744073709551615"]):
        assert same_numbers(numbers(cells), pandas_numbers(cells)), cells


NUMBERISH = st.text(alphabet="0123456789+-.eE i n f\t\x0b_,x๑", max_size=8)
BIG_INTS = st.sampled_from(["9223372036854775807", "9223372036854775808", "-9223372036854775808",
                            "18446744073709551615", "18446744073709551616", "-1", "0"])
CELL = st.one_of(st.none(), NUMBERISH, BIG_INTS, st.integers(-10**20, 10**20).map(str),
                 st.floats(allow_nan=True, allow_infinity=True).map(repr))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=6))
def test_a_column_reads_as_the_numbers_pandas_reads(cells):
    assert same_numbers(numbers(cells), pandas_numbers(cells))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=5))
def test_numbers_compare_as_pandas_columns_do(pairs):
    left, right = [a for a, _ in pairs], [b for _, b in pairs]
    expected = (pd.to_numeric(pd.Series(left, dtype="str"), errors="coerce")
                > pd.to_numeric(pd.Series(right, dtype="str"), errors="coerce")).tolist()
    assert list(map(greater, numbers(left), numbers(right))) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=6))
def test_remainders_are_pandas_remainders(cells):
    theirs = (pd.to_numeric(pd.Series(cells, dtype="str"), errors="coerce") % 100).tolist()
    ours = [remainder(value, 100) for value in numbers(cells)]
    assert all(a == b or (a != a and b != b) for a, b in zip(ours, theirs))


DATE_CASES = [
    "2024-01-05", "2024-1-5", "2024-01-5", "2024-1-05", "2024-10-5", "2024-12-31", " 2024-01-05", "2024-01-05 ",
    "2024-01-05\n", "\t2024-01-05", "2024-02-30", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29",
    "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-0", "2024-01-32", "2024-01-35", "2024-01-05 10:00",
    "2024-01-05T10:00", "2024-01-05T", "2024-01-05 1", "2024-01-05 00:00:00", "0001-01-01", "9999-12-31",
    "10000-01-01", "999-01-01", "0999-01-01", "0000-01-01", "-0000-01-01", "-001-01-01", "-0001-01-01",
    "-1-01-01", "-1-1-1", "-0-01-01", "-12-05", "-01-01", "-1-5", "-202-01-01", "-2024-01-05", "-2024-1-5",
    "-12345-01-05", "--2024-01-05", "-", "+2024-01-05", "2024/01/05", "20240105", "2024-01", "2024-1", "2024-012",
    "2024", "2024-01-05Z", "2024-01-05+07:00", "２０２４-01-05", "๒๕๖๗-01-05", "๒๐๒๔-๐๑-๐๕", "๒๐๒๔-01", "2024-๐๑-05",
    "2024-01-3๑", "2024-01-1๕", "2024-01-๑๕", "-๒๐๒๔-01-05", "2024-01-05\x00", "2024\x00-01-05", "2024-001-05",
    "2024-01-005", "02024-01-05", "2024-1-5 ", "2024-01- 5", "2024-1- 5", "2024- 1-05", "2024-01-  5", "", "nan",
    "NaT", "NAT", "None", "Today", "NOW", " today", "2024-01-05.5", "2024 -01-05", "24-01-05", "1-01-01",
    "2024-1-", "2024-01-", "-01", "-1234", "12345", "-1-13-01", "-99999-01-01", "-2024-02-29", "-2023-02-29",
    "-100-02-29", "-400-02-29", "-4-02-29",
]


def stamp(value) -> tuple | None:
    if pd.isna(value):
        return None
    return (value.year, value.month, value.day,
            ((value.hour * 60 + value.minute) * 60 + value.second) * 10**6 + value.microsecond)


@pytest.mark.parametrize("text", DATE_CASES)
def test_a_cell_reads_as_the_date_pandas_reads(text):
    for reader, form in ((day_date, "%Y-%m-%d"), (month_date, "%Y-%m")):
        theirs = pd.to_datetime(pd.Series([text, "2024-01-01"], dtype="str"), format=form, errors="coerce")
        assert reader(text) == stamp(theirs[0]), (form, text)


@pytest.mark.parametrize("text", ["now", "today"])
def test_now_and_today_read_as_the_moment_they_are_read(text):
    for reader, form in ((day_date, "%Y-%m-%d"), (month_date, "%Y-%m")):
        before = stamp(pd.Timestamp.now())
        ours = reader(text)
        theirs = stamp(pd.to_datetime(pd.Series([text], dtype="str"), format=form, errors="coerce")[0])
        assert before <= ours <= theirs <= stamp(pd.Timestamp.now())


DATEISH = st.text(alphabet="0123456789-๑ :T/", max_size=11)


@settings(max_examples=400, deadline=None)
@given(DATEISH)
def test_random_cells_read_as_the_dates_pandas_reads(text):
    for reader, form in ((day_date, "%Y-%m-%d"), (month_date, "%Y-%m")):
        theirs = pd.to_datetime(pd.Series([text], dtype="str"), format=form, errors="coerce")
        assert reader(text) == stamp(theirs[0]), (form, text)


def pandas_window(years: list[int | None], offset: int, suffix: str) -> list:
    fiscal = pd.Series([None if year is None else year + offset for year in years], dtype="Int64")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "could not infer format": the case being checked
        dates = pd.to_datetime((fiscal - offset).astype("Int64").astype("string") + suffix, errors="coerce")
    return [stamp(value) for value in dates]


YEARS = list(range(-10050, -9950)) + list(range(-1050, 1050)) + list(range(9950, 10050)) + [
    -10**12, 10**12, 2**62, -2**62]


@pytest.mark.parametrize("first", [None, 2024, 1000, 9999, -1000, -9999, -5, 0, 5, 12, 13, 31, 32, 99, 100, 999,
                                   10000, -10000])
@pytest.mark.parametrize("offset,month,day", [(544, 10, 1), (543, 3, 31)])
def test_fiscal_window_dates_read_as_pandas_reads_them(first, offset, month, day):
    years = [None, first, *YEARS]
    assert dates_in_years(years, month, day) == pandas_window(years, offset, f"-{month:02d}-{day:02d}")


def test_whole_numbers():
    assert [whole(v) for v in (5, 2568.0, 2568.5, math.inf, -math.inf, math.nan, -0.0)] == [5, 2568, None, None,
                                                                                            None, None, 0]
    assert whole(2**70 * 1.0) == 2**70


def test_two_digit_years_follow_the_clock():
    this_year = datetime.now().year
    near = dates_in_years([None, 5, 45], 10, 1)
    assert near[1][0] % 100 == 1 and abs(near[1][0] - this_year) <= 50
    assert near[2][0] % 100 == 45 and abs(near[2][0] - this_year) <= 50
