"""How the domain rules read a cell's text as a number or a date.

The rules first read cells with pandas (`to_numeric(errors="coerce")`, `to_datetime(format=...)`); these
functions read them the same way, cell for cell, so findings stay as they were without pandas' import
time. Numbers: ASCII digits with optional sign, point and exponent, ASCII blanks around, "inf"/"infinity";
a column whose every cell is a whole number in 64 bits holds ints (compared exactly), any other holds floats.
Dates are tuples (year, month, day, microsecond of the day), which sort in time order; None is no date.
"""

from __future__ import annotations

import math
import re
import time
from datetime import date, datetime

NAN = float("nan")
INT64_MIN, INT64_MAX, UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1

_BLANK = " \t\n\r\x0b\x0c"
_NUMBER = re.compile(rf"[{_BLANK}]*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)[{_BLANK}]*")
_INFINITIES = {"inf": math.inf, "+inf": math.inf, "-inf": -math.inf,
               "infinity": math.inf, "+infinity": math.inf, "-infinity": -math.inf}


def number(text: str | None) -> int | float:
    """One cell as a number: an int when it is written as a whole number that fits 64 bits, a float
    otherwise, nan when it is no number."""
    if not text or "\x00" in text:
        return NAN
    match = _NUMBER.fullmatch(text)
    if match is None:
        return _INFINITIES.get(text.lower(), NAN) if text.isascii() else NAN
    token = match.group(1)
    if "." in token or "e" in token or "E" in token:
        return float(token)
    try:
        value = int(token)
    except ValueError:  # more digits than Python turns into an int: pandas gives up on it too
        return NAN
    return value if INT64_MIN <= value <= UINT64_MAX else float(token)


def numbers(cells: list[str | None]) -> list[int | float]:
    """A column of cells as numbers: ints when every cell is a whole number of one 64-bit kind (signed, or
    unsigned beyond the signed range), otherwise floats with nan where a cell is no number."""
    values = [number(text) for text in cells]
    if all(type(value) is int for value in values):
        if not (any(value > INT64_MAX for value in values) and any(value < 0 for value in values)):
            return values
    return [float(value) for value in values]


def greater(a: int | float, b: int | float) -> bool:
    """a > b as numeric columns compare: whole numbers exactly, anything with a float as floats."""
    if type(a) is int and type(b) is int:
        return a > b
    return float(a) > float(b)


def remainder(value: int | float, divisor: int) -> int | float:
    return value % divisor if type(value) is int else value % float(divisor)


def is_number(value: int | float) -> bool:
    return value == value


# Written in ISO form (a year of 4 digits, or minus and 1-4 digits; months and days of 1 or 2 digits).
_ISO_DAY = re.compile(r"(-[0-9]{1,4}|[0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_ISO_MONTH = re.compile(r"(-[0-9]{1,4}|[0-9]{4})-([0-9]{1,2})")
# Else read as strptime reads it: any script's digits in the year and the day's second digit.
_STRPTIME_DAY = re.compile(r"(?P<Y>\d\d\d\d)-(?P<m>1[0-2]|0[1-9]|[1-9])-(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])",
                           re.IGNORECASE)
_STRPTIME_MONTH = re.compile(r"(?P<Y>\d\d\d\d)-(?P<m>1[0-2]|0[1-9]|[1-9])", re.IGNORECASE)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

Day = tuple[int, int, int, int]


def _valid(year: int, month: int, day: int) -> bool:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 1 <= month <= 12 and 1 <= day <= _DAYS[month - 1] + (month == 2 and leap)


def _now() -> Day:
    now = datetime.now()
    return now.year, now.month, now.day, ((now.hour * 60 + now.minute) * 60 + now.second) * 10**6 + now.microsecond


def _read(text: str | None, iso: re.Pattern, strptime: re.Pattern) -> Day | None:
    if not text:
        return None
    match = iso.fullmatch(text)
    if match is not None:
        year, month, day = [int(part) for part in match.groups()] + [1] * (3 - len(match.groups()))
        if _valid(year, month, day):
            return year, month, day, 0
    if text in ("now", "today"):  # the moment it is read
        return _now()
    match = strptime.match(text)
    if match is None or match.end() != len(text):
        return None
    parts = match.groupdict()
    try:
        day = date(int(parts["Y"]), int(parts["m"]), int(parts.get("d") or 1))
    except ValueError:
        return None
    return day.year, day.month, day.day, 0


def day_date(text: str | None) -> Day | None:
    """A cell as a date written year-month-day."""
    return _read(text, _ISO_DAY, _STRPTIME_DAY)


def month_date(text: str | None) -> Day | None:
    """A cell as the first day of a month written year-month."""
    return _read(text, _ISO_MONTH, _STRPTIME_MONTH)


def _two_digit_year(year: int) -> int:
    """A year written in two digits: the one within 50 years of this one."""
    this_year = time.localtime().tm_year
    year += this_year // 100 * 100
    if year >= this_year + 50:
        return year - 100
    if year < this_year - 50:
        return year + 100
    return year


def dates_in_years(years: list[int | None], month: int, day: int) -> list[Day | None]:
    """The dates "<year>-<month>-<day>" of whole-number years (None: no year), read as `pd.to_datetime` reads such
    a column without a format: the first year decides how. A first year of 4 digits (or minus 4 digits) is a
    pattern the others must follow; any other first year has each date read on its own, where a year of one
    or two digits makes the numbers read as day, month and a two-digit year."""
    first = next((year for year in years if year is not None), None)
    if first is None:
        return [None] * len(years)
    if 1000 <= first <= 9999:
        return [(year, month, day, 0) if year is not None and (1000 <= year <= 9999 or -9999 <= year <= -1)
                else None for year in years]
    if -9999 <= first <= -1000:  # the minus is read as text: the years come out positive
        return [(-year, month, day, 0) if year is not None and -9999 <= year <= -1000 else None for year in years]
    out: list[Day | None] = []
    for year in years:
        if year is None or year == 0 or not -9999 <= year <= 9999:
            out.append(None)
        elif year < 0 or year >= 100:
            out.append((year, month, day, 0))
        elif year > 31:
            out.append((_two_digit_year(year), month, day, 0))
        elif year <= 12:  # day-month-year: year-as-month, month-as-day, day-as-year
            out.append((_two_digit_year(day), year, month, 0))
        else:
            out.append((_two_digit_year(day), month, year, 0))
    return out


def whole(value: int | float) -> int | None:
    """A number as a whole number (None when it is none: nan, infinite or with a fraction)."""
    if type(value) is int:
        return value
    return int(value) if math.isfinite(value) and value.is_integer() else None
