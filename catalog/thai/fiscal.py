"""The Thai government fiscal year: 1 October to 30 September, named by its ending year in BE.

FY2568 = 2024-10-01 .. 2025-09-30. Years here are plain ints; a year that looks like the wrong era
is refused rather than converted, because a silent 543-year shift is the worst kind of error.
"""

from __future__ import annotations

import datetime as dt
import operator

from .era import BE_OFFSET, FIRST_BE_YEAR, LAST_BE_YEAR
from .errors import ThaiValueError


def _year(value: object) -> int:
    if isinstance(value, bool):
        raise ThaiValueError(f"{value!r} is not a year", f"{value!r} ไม่ใช่ปี")
    try:
        return operator.index(value)
    except TypeError:
        raise ThaiValueError(f"{value!r} is not a year: a year must be a whole number",
                             f"{value!r} ไม่ใช่ปี: ปีต้องเป็นจำนวนเต็ม") from None


def _be_year(value: object) -> int:
    year = _year(value)
    if year > LAST_BE_YEAR:
        raise ThaiValueError(f"{year} is after {LAST_BE_YEAR}, the last Buddhist Era year handled",
                             f"{year} เกิน {LAST_BE_YEAR} ซึ่งเป็นปี พ.ศ. สุดท้ายที่รองรับ")
    if year < FIRST_BE_YEAR:
        raise ThaiValueError(
            f"{year} is not a Buddhist Era year (those are {FIRST_BE_YEAR} or later); "
            f"for CE {year} use {year + BE_OFFSET}",
            f"{year} ไม่ใช่ปี พ.ศ. (ปี พ.ศ. ตั้งแต่ {FIRST_BE_YEAR} ขึ้นไป); "
            f"ถ้าเป็น ค.ศ. {year} ให้ใช้ {year + BE_OFFSET}")
    return year


def be_to_ce(year: int) -> int:
    """2567 -> 2024. Refuses years below 2400, which are CE already (and after 2942, see era.py)."""
    return _be_year(year) - BE_OFFSET


def ce_to_be(year: int) -> int:
    """2024 -> 2567. Refuses years of 2400 or later, which are BE already."""
    year = _year(year)
    if year >= FIRST_BE_YEAR:
        raise ThaiValueError(f"{year} looks like a Buddhist Era year already (CE {year - BE_OFFSET})",
                             f"{year} ดูเหมือนเป็นปี พ.ศ. อยู่แล้ว (ค.ศ. {year - BE_OFFSET})")
    return year + BE_OFFSET


def fiscal_year(d: dt.date) -> int:
    """The BE fiscal year a (CE) date falls in: 2024-10-01 -> 2568, 2024-09-30 -> 2567.

    A date object whose year is 2400 or later is refused: it holds a BE year and must go through
    parse_thai_date first. Fiscal years run from 2400 to 2942 (see era.py).
    """
    if not isinstance(d, dt.date):
        raise TypeError(f"fiscal_year needs a date, not {type(d).__name__}")
    if d.year >= FIRST_BE_YEAR:
        raise ThaiValueError(f"'{d.isoformat()}' has a Buddhist Era year; convert it with parse_thai_date first",
                             f"'{d.isoformat()}' ใช้ปี พ.ศ.; ให้แปลงด้วย parse_thai_date ก่อน")
    fy = d.year + BE_OFFSET + (1 if d.month >= 10 else 0)
    if not FIRST_BE_YEAR <= fy <= LAST_BE_YEAR:
        raise ThaiValueError(f"'{d.isoformat()}' is outside the fiscal years handled "
                             f"({FIRST_BE_YEAR}-{LAST_BE_YEAR})",
                             f"'{d.isoformat()}' อยู่นอกช่วงปีงบประมาณที่รองรับ ({FIRST_BE_YEAR}-{LAST_BE_YEAR})")
    return fy


def fiscal_year_range(fy_be: int) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of fiscal year fy_be: 2568 -> (2024-10-01, 2025-09-30)."""
    end_ce = _be_year(fy_be) - BE_OFFSET
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def fiscal_half_range(fy_be: int, half: int) -> tuple[dt.date, dt.date]:
    """Half 1 = 1 Oct .. 31 Mar (the "6-month" report round), half 2 = 1 Apr .. 30 Sep."""
    start, end = fiscal_year_range(fy_be)
    if isinstance(half, bool) or half not in (1, 2):
        raise ThaiValueError(f"{half!r} is not a half of the fiscal year (use 1 or 2)",
                             f"{half!r} ไม่ใช่ครึ่งปีงบประมาณ (ใช้ 1 หรือ 2)")
    if half == 1:
        return start, dt.date(end.year, 3, 31)
    return dt.date(end.year, 4, 1), end


def fiscal_quarter_range(fy_be: int, q: int) -> tuple[dt.date, dt.date]:
    """Q1 = Oct-Dec, Q2 = Jan-Mar, Q3 = Apr-Jun, Q4 = Jul-Sep."""
    start, end = fiscal_year_range(fy_be)
    if isinstance(q, bool) or q not in (1, 2, 3, 4):
        raise ThaiValueError(f"{q!r} is not a quarter of the fiscal year (use 1 to 4)",
                             f"{q!r} ไม่ใช่ไตรมาสของปีงบประมาณ (ใช้ 1 ถึง 4)")
    if q == 1:
        return start, dt.date(start.year, 12, 31)
    first_month = 1 + 3 * (q - 2)
    last_day = dt.date(end.year, first_month + 3, 1) - dt.timedelta(days=1) if q < 4 else end
    return dt.date(end.year, first_month, 1), last_day
