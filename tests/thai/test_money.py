from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.thai import ThaiNumberError, format_baht, parse_baht, parse_thai_integer, to_thai_digits


@pytest.mark.parametrize("value, expected", [
    ("78,459,000", "78459000"),
    ("1479.81", "1479.81"),
    ("1,479.81", "1479.81"),
    ("๑๒,๕๐๐.๐๐ บาท", "12500.00"),
    ("12,500 บาท", "12500"),
    ("12,500บาทถ้วน", "12500"),
    ("฿1,000", "1000"),
    ("1000 THB", "1000"),
    ("1.5 ล้าน", "1500000"),
    ("1.5 ล้านบาท", "1500000"),
    ("๒ ล้าน", "2000000"),
    ("(1,000)", "-1000"),
    ("(1,000) บาท", "-1000"),
    ("-1000", "-1000"),
    ("-1,000.50", "-1000.50"),
    ("−1,000", "-1000"),  # U+2212 minus sign
    ("-฿1,000", "-1000"),
    ("+25", "25"),
    ("1,500.-", "1500"),  # the way Thai price tags end a whole amount
    (".5", "0.5"),
    ("  0  ", "0"),
    ("1480", "1480"),
])
def test_reads_amounts_as_written(value, expected):
    result = parse_baht(value)
    assert isinstance(result, Decimal) and result == Decimal(expected)


@pytest.mark.parametrize("value, expected", [
    (1479.81, "1479.81"),  # via str, so not 1479.8099999999999454...
    (0.1, "0.1"),
    (-1000, "-1000"),
    (10**20, "100000000000000000000"),
    (Decimal("1.10"), "1.10"),
    (np.float64(1479.81), "1479.81"),
    (np.float32(1479.81), "1479.81"),
    (np.int64(78459000), "78459000"),
])
def test_numbers_pass_through_without_binary_noise(value, expected):
    result = parse_baht(value)
    assert isinstance(result, Decimal) and str(result) == expected


@pytest.mark.parametrize("value, reason", [
    ("", "empty"), (" ", "empty"), (None, "empty"), (float("nan"), "empty"),
    ("-", "dash"), ("—", "dash"),
    ("abc", "not an amount"), ("หนึ่งพันบาท", "not an amount"), ("1e6", "not an amount"),
    ("1,00,0", "groups of three"), ("1,0000", "groups of three"), (",100", "groups of three"),
    ("1.2.3", "more than one decimal point"), ("1,000.00.00", "more than one decimal point"),
    ("1 000", "not an amount"), ("12 500", "not an amount"),
    ("(-1,000)", "more than one sign"), ("--5", "more than one sign"), ("(1,000", "parenthesis"),
    ("1,000.", "decimal point is not followed"),
    (True, "True/False"), (float("inf"), "finite"), (Decimal("NaN"), "finite"), (object(), "expected text"),
])
def test_refuses_what_is_not_an_amount(value, reason):
    with pytest.raises(ThaiNumberError, match=reason):
        parse_baht(value)


def test_refusal_quotes_the_value_in_both_languages():
    with pytest.raises(ThaiNumberError) as caught:
        parse_baht("1,00,0")
    assert caught.value.message_en.startswith("'1,00,0' is not an amount in baht: ")
    assert caught.value.message_th.startswith("'1,00,0' ไม่ใช่จำนวนเงินบาท: ")


@pytest.mark.parametrize("value, expected", [
    ("12", 12), ("๑,๒๐๐", 1200), ("1,200", 1200), ("12.0", 12), ("12.00", 12), ("-3", -3), (" ๗ ", 7),
    (12, 12), (12.0, 12), (Decimal("3.000"), 3), (np.int64(5), 5),
])
def test_reads_whole_numbers(value, expected):
    result = parse_thai_integer(value)
    assert type(result) is int and result == expected


@pytest.mark.parametrize("value, reason", [
    ("12.5", "fraction"), (12.5, "fraction"), (Decimal("0.1"), "fraction"), ("abc", "not a whole number"),
    ("1,00,0", "groups of three"), ("1.2.3", "more than one decimal point"), ("", "empty"), ("-", "dash"),
    ("1.5 ล้าน", "not a whole number"), (True, "True/False"), (None, "empty"),
])
def test_refuses_what_is_not_a_whole_number(value, reason):
    with pytest.raises(ThaiNumberError, match=reason):
        parse_thai_integer(value)


@pytest.mark.parametrize("amount, expected", [
    (12500, "12,500.00"), (Decimal("1479.81"), "1,479.81"), (1479.81, "1,479.81"), ("1.5 ล้าน", "1,500,000.00"),
    (Decimal("-1000"), "-1,000.00"), (0, "0.00"), (-0.0, "0.00"), (Decimal("1.23456"), "1.23456"),
    (Decimal("1E+30"), "1,000,000,000,000,000,000,000,000,000,000.00"),
])
def test_format_baht(amount, expected):
    assert format_baht(amount) == expected
    assert format_baht(amount, thai_digits=True) == to_thai_digits(expected)


def test_format_baht_refuses_what_parse_baht_refuses():
    with pytest.raises(ThaiNumberError):
        format_baht("-")


money = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2,
                    allow_nan=False, allow_infinity=False)
finite = st.decimals(allow_nan=False, allow_infinity=False)


@given(money, st.booleans())
def test_baht_round_trip_keeps_the_amount_and_two_decimals(amount, thai):
    text = format_baht(amount, thai)
    assert parse_baht(text) == amount
    assert len(text.rsplit(".", 1)[1]) == 2


@given(finite)
def test_baht_round_trip_never_rounds_money_away(amount):
    assert parse_baht(format_baht(amount)) == amount


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_floats_read_as_their_shortest_text(x):
    assert parse_baht(x) == Decimal(repr(x))
    assert parse_baht(format_baht(x)) == Decimal(repr(x))


@given(st.integers(-10**18, 10**18), st.booleans(), st.booleans())
def test_integer_round_trip(n, grouped, thai):
    text = f"{n:,}" if grouped else str(n)
    if thai:
        text = to_thai_digits(text)
    assert parse_thai_integer(text) == n
    assert parse_thai_integer(text + ".00") == n
    assert parse_baht(text) == n
