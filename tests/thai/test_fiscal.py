import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.thai import (ThaiValueError, be_to_ce, ce_to_be, fiscal_half_range, fiscal_quarter_range, fiscal_year,
                          fiscal_year_range)

D = dt.date


def test_fiscal_year_2568():
    assert fiscal_year_range(2568) == (D(2024, 10, 1), D(2025, 9, 30))
    assert fiscal_half_range(2568, 1) == (D(2024, 10, 1), D(2025, 3, 31))
    assert fiscal_half_range(2568, 2) == (D(2025, 4, 1), D(2025, 9, 30))
    assert [fiscal_quarter_range(2568, q) for q in (1, 2, 3, 4)] == [
        (D(2024, 10, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 3, 31)),
        (D(2025, 4, 1), D(2025, 6, 30)), (D(2025, 7, 1), D(2025, 9, 30)),
    ]


@pytest.mark.parametrize("day, fy", [
    (D(2024, 9, 30), 2567), (D(2024, 10, 1), 2568), (D(2025, 9, 30), 2568), (D(2025, 10, 1), 2569),
    (D(2025, 1, 1), 2568), (dt.datetime(2024, 10, 1, 0, 0), 2568),
])
def test_fiscal_year_of_a_date(day, fy):
    assert fiscal_year(day) == fy


def test_era_conversions():
    assert be_to_ce(2567) == 2024 and ce_to_be(2024) == 2567


@pytest.mark.parametrize("call", [
    lambda: fiscal_year_range(2025),  # a CE year passed by mistake
    lambda: fiscal_half_range(2024, 1),
    lambda: fiscal_quarter_range(68, 1),
    lambda: be_to_ce(2024),
    lambda: ce_to_be(2567),
    lambda: fiscal_year_range(2943),  # its last day, CE 2400-09-30, would read as a BE date
    lambda: be_to_ce(2943),
    lambda: fiscal_year(D(1856, 9, 30)),
    lambda: fiscal_year(D(2399, 10, 1)),
    lambda: fiscal_year_range("2568"),
    lambda: fiscal_year_range(2568.0),
    lambda: fiscal_year_range(True),
    lambda: fiscal_half_range(2568, 3),
    lambda: fiscal_half_range(2568, True),
    lambda: fiscal_quarter_range(2568, 0),
    lambda: fiscal_quarter_range(2568, 5),
    lambda: fiscal_year(D(2567, 11, 29)),  # a BE year inside a date object
])
def test_refuses_years_of_the_wrong_era_and_bad_parts(call):
    with pytest.raises(ThaiValueError):
        call()


def test_fiscal_year_needs_a_date():
    with pytest.raises(TypeError):
        fiscal_year("2024-10-01")


@given(st.dates(min_value=D(1856, 10, 1), max_value=D(2399, 9, 30)))
def test_every_date_falls_in_the_range_of_its_fiscal_year(d):
    first, last = fiscal_year_range(fiscal_year(d))
    assert first <= d <= last
    halves = [fiscal_half_range(fiscal_year(d), h) for h in (1, 2)]
    quarters = [fiscal_quarter_range(fiscal_year(d), q) for q in (1, 2, 3, 4)]
    assert sum(a <= d <= b for a, b in halves) == 1
    assert sum(a <= d <= b for a, b in quarters) == 1


@given(st.integers(2400, 2942))
def test_ranges_tile_the_year_without_gaps(fy):
    first, last = fiscal_year_range(fy)
    assert (last - first).days + 1 in (365, 366)
    for parts in ([fiscal_half_range(fy, h) for h in (1, 2)], [fiscal_quarter_range(fy, q) for q in (1, 2, 3, 4)]):
        assert parts[0][0] == first and parts[-1][1] == last
        for (_, end), (start, _) in zip(parts, parts[1:]):
            assert start - end == dt.timedelta(days=1)
    assert fiscal_year(first) == fiscal_year(last) == fy
    if fy > 2400:
        assert fiscal_year(first - dt.timedelta(days=1)) == fy - 1
    assert ce_to_be(be_to_ce(fy)) == fy
