import calendar
import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.thai import (THAI_MONTHS_ABBR, THAI_MONTHS_FULL, ThaiDateError, fiscal_year_range,
                          format_thai_date, parse_thai_date, to_thai_digits)

from .strategies import any_be_date, required_range_date, two_digit_year_date

SAMPLE = Path(__file__).parent / "data" / "egp_contract_fy2568_sample250.csv"
D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("29 พ.ย. 67", D(2024, 11, 29)),
    ("1 ม.ค. 2568", D(2025, 1, 1)),
    ("1 ม.ค. 68", D(2025, 1, 1)),
    ("29 พย 67", D(2024, 11, 29)),
    ("29 พ.ย 67", D(2024, 11, 29)),
    ("29 พ. ย. 67", D(2024, 11, 29)),
    ("29พ.ย.67", D(2024, 11, 29)),
    ("5 มี.ค. 68", D(2025, 3, 5)),
    ("5 มีค 68", D(2025, 3, 5)),
    ("1 ตุลาคม 2567", D(2024, 10, 1)),
    ("1 ตุลา 2567", D(2024, 10, 1)),
    ("1 กรกฏาคม 2568", D(2025, 7, 1)),  # the common misspelling of กรกฎาคม
    ("วันที่ 1 ตุลาคม 2567", D(2024, 10, 1)),
    ("วันที่: 1 ต.ค. 67", D(2024, 10, 1)),
    ("ณ วันที่ 30 กันยายน พ.ศ. 2568", D(2025, 9, 30)),
    ("ลงวันที่ 12 ก.ย. พ.ศ.2567", D(2024, 9, 12)),
    ("วันอังคารที่ 1 ตุลาคม 2567", D(2024, 10, 1)),
    ("1 ตุลาคม ค.ศ. 2024", D(2024, 10, 1)),
    ("01/10/2567", D(2024, 10, 1)),
    ("1/10/67", D(2024, 10, 1)),
    ("01-10-2567", D(2024, 10, 1)),
    ("01.10.2567", D(2024, 10, 1)),
    ("12/09/2567", D(2024, 9, 12)),  # day/month/year, never the US order
    ("01/10/2024", D(2024, 10, 1)),
    ("2024-10-01", D(2024, 10, 1)),
    ("2567-10-01", D(2024, 10, 1)),
    ("2024-10-01T00:00:00", D(2024, 10, 1)),
    ("2024-10-01 13:45:00", D(2024, 10, 1)),
    ("๒๙ พ.ย. ๖๗", D(2024, 11, 29)),
    ("๐๑/๑๐/๒๕๖๗", D(2024, 10, 1)),
    ("  29 พ.ย. 67 \n", D(2024, 11, 29)),
    ("29\u200b พ.ย.\u00a067", D(2024, 11, 29)),
    ("1 ม.ค. 00", D(1957, 1, 1)),
    ("31 ธ.ค. 99", D(2056, 12, 31)),
    ("1/1/2400", D(1857, 1, 1)),
    ("31/12/2942", D(2399, 12, 31)),
    ("1/1/1800", D(1800, 1, 1)),
    ("31/12/2300", D(2300, 12, 31)),
])
def test_reads_the_forms_officers_write(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize("value, expected", [
    (D(2024, 11, 29), D(2024, 11, 29)),
    (dt.datetime(2024, 11, 29, 15, 30), D(2024, 11, 29)),
    (D(2567, 11, 29), D(2024, 11, 29)),  # a BE year typed into an Excel date cell
    (dt.datetime(2568, 1, 2), D(2025, 1, 2)),
    (pd.Timestamp("2024-11-29 08:00"), D(2024, 11, 29)),
])
def test_date_objects(value, expected):
    result = parse_thai_date(value)
    assert result == expected and type(result) is dt.date


def test_leap_years_are_those_of_the_christian_era_year():
    assert parse_thai_date("29 ก.พ. 2567") == D(2024, 2, 29)  # CE 2024 is a leap year
    assert parse_thai_date("29/02/2543") == D(2000, 2, 29)  # CE 2000: divisible by 400
    for text in ("29 ก.พ. 2568", "29/02/2443", "29 ก.พ. 66"):  # BE 2568 and 2443 look leap; CE 2025, 1900 are not
        with pytest.raises(ThaiDateError):
            parse_thai_date(text)
    with pytest.raises(ThaiDateError, match="February 2025 has 28 days"):
        parse_thai_date(D(2568, 2, 29))  # valid in Python's calendar, not in the BE year it means


def test_refusal_message_says_what_is_wrong_in_both_languages():
    with pytest.raises(ThaiDateError) as caught:
        parse_thai_date("31 ก.พ. 67")
    assert caught.value.message_en == "'31 ก.พ. 67' is not a real date: February 2024 has 29 days"
    assert caught.value.message_th == "'31 ก.พ. 67' ไม่ใช่วันที่ที่มีจริง: เดือนกุมภาพันธ์ 2567 มี 29 วัน"


@pytest.mark.parametrize("value, reason", [
    ("1/13/2567", "there is no month 13"),
    ("0 ม.ค. 67", "there is no day 0"),
    ("32 ม.ค. 67", "January 2024 has 31 days"),
    ("31 เม.ย. 68", "April 2025 has 30 days"),
    ("1 มกรา. 2567x", "expected a date"),
    ("1 ฟฟ. 67", "unknown month"),
    ("1 October 2024", "unknown month"),
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    (float("nan"), "empty"),
    (pd.NaT, "empty"),
    ("-", "dash"),
    ("garbage", "expected a date"),
    ("29/11", "expected a date"),
    ("1/10/567", "2 or 4 digits"),
    ("1 ม.ค. 2350", "neither Buddhist Era"),
    ("1/1/1799", "neither Buddhist Era"),
    ("1 ม.ค. ค.ศ. 2567", "looks like a Buddhist Era year"),
    ("1 ม.ค. พ.ศ. 2024", "looks like a Christian Era year"),
    ("วันจันทร์ที่ 1 ตุลาคม 2567", "wrong weekday"),
    ("2024-13-01", "no month 13"),
    ("1/10/2567/1", "expected a date"),
    (45566, "expected text or a date"),
    ("١/١٠/٢٥٦٧", "expected a date"),  # Arabic-Indic digits are not Thai
    (D(2350, 1, 1), "neither Buddhist Era"),
    ("1/1/2943", "after 2942"),  # CE 2400 would itself read as a BE year
    (D(2943, 1, 1), "after 2942"),
])
def test_refuses_what_is_not_one_real_date(value, reason):
    with pytest.raises(ThaiDateError, match=reason):
        parse_thai_date(value)


def _sample_rows() -> list[dict]:
    with open(SAMPLE, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_every_date_in_the_real_egp_sample_parses_within_fiscal_year_2568():
    rows = _sample_rows()
    assert len(rows) == 250
    first, last = fiscal_year_range(2568)
    dates = [parse_thai_date(row["วันที่เกิดรายการ"]) for row in rows]
    assert all(first <= d <= last for d in dates)
    assert parse_thai_date(rows[0]["วันที่เกิดรายการ"]) == D(2024, 11, 29)  # "29 พ.ย. 67"
    assert {d.month for d in dates} == set(range(1, 13))  # every month abbreviation occurs
    for row in rows:  # the sample's "no announcement date" marks are refused, not turned into dates
        assert row["วันที่ประกาศ"] == "-"
        with pytest.raises(ThaiDateError):
            parse_thai_date(row["วันที่ประกาศ"])


def test_month_tables():
    assert len(THAI_MONTHS_ABBR) == len(THAI_MONTHS_FULL) == 12
    assert THAI_MONTHS_ABBR[10] == "พ.ย." and THAI_MONTHS_FULL[1] == "กุมภาพันธ์"
    for number, (abbr, full) in enumerate(zip(THAI_MONTHS_ABBR, THAI_MONTHS_FULL), start=1):
        assert parse_thai_date(f"1 {abbr} 2567").month == number
        assert parse_thai_date(f"1 {full} 2567").month == number


@pytest.mark.parametrize("style, thai, expected", [
    ("short", False, "29 พ.ย. 67"),
    ("medium", False, "29 พ.ย. 2567"),
    ("long", False, "29 พฤศจิกายน 2567"),
    ("numeric", False, "29/11/2567"),
    ("short", True, "๒๙ พ.ย. ๖๗"),
    ("numeric", True, "๒๙/๑๑/๒๕๖๗"),
])
def test_format_styles(style, thai, expected):
    assert format_thai_date(D(2024, 11, 29), style, thai) == expected


def test_format_pads_numeric_and_takes_datetimes():
    assert format_thai_date(D(2024, 10, 1), "numeric") == "01/10/2567"
    assert format_thai_date(dt.datetime(2024, 10, 1, 23, 59)) == "1 ต.ค. 67"


def test_format_refuses_what_would_not_read_back():
    with pytest.raises(ThaiDateError, match="2-digit year"):
        format_thai_date(D(2057, 1, 1), "short")  # BE 2600: "00" would read back as BE 2500
    with pytest.raises(ThaiDateError, match="2-digit year"):
        format_thai_date(D(1956, 12, 31), "short")
    with pytest.raises(ThaiDateError, match="Buddhist Era"):
        format_thai_date(D(1856, 12, 31), "medium")  # BE 2399 would read as neither era
    with pytest.raises(ThaiDateError, match="Buddhist Era"):
        format_thai_date(D(2400, 1, 1), "long")  # BE 2943 is past the last BE year read
    with pytest.raises(ValueError, match="unknown date style"):
        format_thai_date(D(2024, 1, 1), "iso")
    with pytest.raises(TypeError):
        format_thai_date("2024-01-01")


@given(required_range_date, st.sampled_from(["medium", "long", "numeric"]), st.booleans())
def test_four_digit_styles_round_trip_over_the_required_range(d, style, thai):
    assert parse_thai_date(format_thai_date(d, style, thai)) == d


@given(any_be_date, st.sampled_from(["medium", "long", "numeric"]), st.booleans())
def test_four_digit_styles_round_trip_for_every_be_year(d, style, thai):
    assert parse_thai_date(format_thai_date(d, style, thai)) == d


@given(two_digit_year_date, st.booleans())
def test_short_style_round_trips_for_be_2500_to_2599(d, thai):
    assert parse_thai_date(format_thai_date(d, "short", thai)) == d


@given(required_range_date)
def test_short_style_either_round_trips_or_refuses(d):
    try:
        text = format_thai_date(d, "short")
    except ThaiDateError:
        assert not 2500 <= d.year + 543 <= 2599
    else:
        assert parse_thai_date(text) == d


@given(st.dates(min_value=D(1800, 1, 1), max_value=D(2300, 12, 31)))
def test_iso_dates_in_either_era(d):
    assert parse_thai_date(d.isoformat()) == d
    if d.year + 543 >= 2400:  # the BE year of dates before CE 1857 reads as neither era
        assert parse_thai_date(f"{d.year + 543}-{d.month:02d}-{d.day:02d}") == d
        assert parse_thai_date(to_thai_digits(f" {d.day}/{d.month}/{d.year + 543}  ")) == d


@given(st.integers(1957, 2056), st.integers(1, 12))
def test_the_day_after_the_last_of_the_month_is_refused(year, month):
    last = calendar.monthrange(year, month)[1]
    assert parse_thai_date(f"{last} {THAI_MONTHS_ABBR[month - 1]} {(year + 543) % 100:02d}") == D(year, month, last)
    with pytest.raises(ThaiDateError, match="is not a real date"):
        parse_thai_date(f"{last + 1} {THAI_MONTHS_ABBR[month - 1]} {(year + 543) % 100:02d}")
