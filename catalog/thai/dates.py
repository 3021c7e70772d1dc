"""Read and write dates the way Thai officers write them (Buddhist Era years, Thai month names).

Year rules (the same everywhere in this package, see era.py):
- a 4-digit year >= 2400 is Buddhist Era (CE = BE - 543), also in ISO form (2567-10-01), up to BE 2942;
- a 4-digit year in 1800..2300 is Christian Era;
- a 2-digit year is BE 25yy (67 -> 2567 -> CE 2024), so it only covers BE 2500..2599 (CE 1957..2056);
- any other year is refused rather than guessed.
Numeric dates are day/month/year, as Thai offices write them (never the US month/day order).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from .digits import to_arabic_digits, to_thai_digits
from .era import BE_OFFSET, FIRST_BE_YEAR, FIRST_CE_YEAR, LAST_BE_YEAR, LAST_CE_YEAR
from .errors import ThaiDateError, quoted

THAI_MONTHS_ABBR: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
THAI_MONTHS_FULL: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
_ENGLISH_MONTHS = tuple(calendar.month_name[1:])
_THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
_ENGLISH_WEEKDAYS = tuple(calendar.day_name)

# Month names as typed: abbreviations without dots, colloquial short forms and two common misspellings.
_COLLOQUIAL = ("มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา",
               "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา")
_MISSPELT = {"กุมภาพันธุ์": 2, "กรกฏาคม": 7, "กรกฏา": 7}


def _month_key(text: str) -> str:
    return re.sub(r"[.\s]", "", text)


_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(zip(THAI_MONTHS_ABBR, THAI_MONTHS_FULL, _COLLOQUIAL), start=1):
    for _name in _names:
        _MONTHS[_month_key(_name)] = _number
_MONTHS.update(_MISSPELT)

# Invisible characters that Thai word processors and web forms leave inside text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_DASHES = {"-", "–", "—", "−"}

# re.ASCII: \d is 0-9 only (Thai digits are converted first; other scripts' digits are not dates here).
_PREFIX = re.compile(
    r"^(?:ณ\s*)?(?:ลง\s*)?วัน\s*(?P<weekday>" + "|".join(("พฤหัส",) + _THAI_WEEKDAYS) + r")?\s*ที่\s*:?\s*",
    re.ASCII)
_ERA = re.compile(r"^(?P<rest>.*?)\s*(?:(?P<be>พ\.?\s*ศ\.?)|(?P<ce>ค\.?\s*ศ\.?))$", re.ASCII)
_TIME = re.compile(r"(?:\s+|(?<=\d)T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*น\.|Z|[+-]\d{2}:?\d{2})?$", re.ASCII)
_TEXT_FORM = re.compile(r"^(?P<day>\d{1,2})\s*(?P<month>[^\d]+?)\s*(?P<year>\d+)$", re.ASCII)
_NUMERIC_FORM = re.compile(r"^(?P<day>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<year>\d+)$",
                           re.ASCII)
_ISO_FORM = re.compile(r"^(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})$", re.ASCII)


def _not_a_date(value: object, why_en: str, why_th: str) -> ThaiDateError:
    q = quoted(value)
    return ThaiDateError(f"{q} is not a date: {why_en}", f"{q} ไม่ใช่วันที่: {why_th}")


def _not_real(value: object, why_en: str, why_th: str) -> ThaiDateError:
    q = quoted(value)
    return ThaiDateError(f"{q} is not a real date: {why_en}", f"{q} ไม่ใช่วันที่ที่มีจริง: {why_th}")


def _ce_year(year_text: str, era: str | None, value: object) -> int:
    """The CE year meant by the year as written (see the module docstring)."""
    year = int(year_text)
    if len(year_text) == 2:
        if era == "ce":
            raise _not_a_date(value, "a 2-digit year cannot be Christian Era (write all 4 digits)",
                              "ปี ค.ศ. ต้องเขียนครบ 4 หลัก")
        return 2500 + year - BE_OFFSET
    if len(year_text) != 4:
        raise _not_a_date(value, f"the year {year_text} must have 2 or 4 digits",
                          f"ปี {year_text} ต้องมี 2 หรือ 4 หลัก")
    if year >= FIRST_BE_YEAR:
        if era == "ce":
            raise _not_a_date(value, f"ค.ศ. {year} looks like a Buddhist Era year",
                              f"ค.ศ. {year} ดูเหมือนเป็นปี พ.ศ.")
        return _be_to_ce(year, value)
    if FIRST_CE_YEAR <= year <= LAST_CE_YEAR:
        if era == "be":
            raise _not_a_date(value, f"พ.ศ. {year} looks like a Christian Era year",
                              f"พ.ศ. {year} ดูเหมือนเป็นปี ค.ศ.")
        return year
    raise _neither_era(value, year)


def _neither_era(value: object, year: int) -> ThaiDateError:
    return _not_a_date(value, f"the year {year} is neither Buddhist Era ({FIRST_BE_YEAR} or later) "
                              f"nor Christian Era ({FIRST_CE_YEAR}-{LAST_CE_YEAR})",
                       f"ปี {year} ไม่ใช่ทั้งปี พ.ศ. (ตั้งแต่ {FIRST_BE_YEAR}) "
                       f"และปี ค.ศ. ({FIRST_CE_YEAR}-{LAST_CE_YEAR})")


def _be_to_ce(year: int, value: object) -> int:
    if year > LAST_BE_YEAR:
        raise _not_a_date(value, f"the Buddhist Era year {year} is after {LAST_BE_YEAR}, the last one read",
                          f"ปี พ.ศ. {year} เกิน {LAST_BE_YEAR} ซึ่งเป็นปีสุดท้ายที่อ่านได้")
    return year - BE_OFFSET


def _make_date(ce_year: int, month: int, day: int, value: object) -> dt.date:
    """The date, or ThaiDateError; leap years are those of the CE year."""
    if not 1 <= month <= 12:
        raise _not_real(value, f"there is no month {month}", f"ไม่มีเดือนที่ {month}")
    if day < 1:
        raise _not_real(value, f"there is no day {day}", f"ไม่มีวันที่ {day}")
    days = calendar.monthrange(ce_year, month)[1]
    if day > days:
        raise _not_real(value, f"{_ENGLISH_MONTHS[month - 1]} {ce_year} has {days} days",
                        f"เดือน{THAI_MONTHS_FULL[month - 1]} {ce_year + BE_OFFSET} มี {days} วัน")
    return dt.date(ce_year, month, day)


def _from_date_object(value: dt.date) -> dt.date:
    day = value.date() if isinstance(value, dt.datetime) else value
    if day.year >= FIRST_BE_YEAR:  # an officer typed a BE year into an Excel date cell
        return _make_date(_be_to_ce(day.year, day.isoformat()), day.month, day.day, day.isoformat())
    if FIRST_CE_YEAR <= day.year <= LAST_CE_YEAR:
        return day
    raise _neither_era(day.isoformat(), day.year)


def _check_weekday(weekday: str | None, result: dt.date, value: object) -> None:
    if weekday is None:
        return
    wanted = _THAI_WEEKDAYS.index("พฤหัสบดี" if weekday == "พฤหัส" else weekday)
    if wanted != result.weekday():
        actual = result.weekday()
        be_text = f"{result.day} {THAI_MONTHS_FULL[result.month - 1]} {result.year + BE_OFFSET}"
        raise ThaiDateError(
            f"{quoted(value)} names the wrong weekday: {result.day} {_ENGLISH_MONTHS[result.month - 1]} "
            f"{result.year} is a {_ENGLISH_WEEKDAYS[actual]}",
            f"{quoted(value)} ระบุวันในสัปดาห์ผิด: {be_text} เป็นวัน{_THAI_WEEKDAYS[actual]}")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ == "NaTType"  # pandas.NaT, without importing pandas here


def parse_thai_date(value: object) -> dt.date:
    """The date a cell means: '29 พ.ย. 67', '1 ตุลาคม 2567', '01/10/2567', '2024-10-01', a date object...

    Raises ThaiDateError for anything that is not exactly one real date.
    """
    if _is_missing(value):  # before the date check: pandas.NaT is a datetime subclass
        raise _not_a_date("", "the cell is empty", "ช่องนี้ว่าง")
    if isinstance(value, dt.date):
        return _from_date_object(value)
    if not isinstance(value, str):
        raise _not_a_date(value, "expected text or a date", "ต้องเป็นข้อความหรือวันที่")
    text = " ".join(to_arabic_digits(_INVISIBLE.sub("", value)).split())
    if not text:
        raise _not_a_date(value, "the cell is empty", "ช่องนี้ว่าง")
    if text in _DASHES:
        raise _not_a_date(value, "a dash means no date was given", "ขีดหมายถึงไม่มีวันที่")
    weekday = None
    prefix = _PREFIX.match(text)
    if prefix:
        weekday = prefix.group("weekday")
        text = text[prefix.end():]
    text = _TIME.sub("", text)

    if match := _ISO_FORM.match(text):
        ce = _ce_year(match["year"], None, value)
        result = _make_date(ce, int(match["month"]), int(match["day"]), value)
    elif match := _NUMERIC_FORM.match(text):
        ce = _ce_year(match["year"], None, value)
        result = _make_date(ce, int(match["month"]), int(match["day"]), value)
    elif (match := _TEXT_FORM.match(text)) and any(ch.isalpha() for ch in match["month"]):
        month_text, era = match["month"].replace(",", " ").strip(), None
        if era_match := _ERA.match(month_text):
            month_text, era = era_match["rest"], "be" if era_match["be"] else "ce"
        month = _MONTHS.get(_month_key(month_text))
        if month is None:
            raise _not_a_date(value, f"unknown month {quoted(month_text)}",
                              f"ไม่รู้จักชื่อเดือน {quoted(month_text)}")
        ce = _ce_year(match["year"], era, value)
        result = _make_date(ce, month, int(match["day"]), value)
    else:
        raise _not_a_date(value, "expected a date such as '29 พ.ย. 67', '1 ตุลาคม 2567' or '01/10/2567'",
                          "ต้องเป็นวันที่ เช่น '29 พ.ย. 67', '1 ตุลาคม 2567' หรือ '01/10/2567'")
    _check_weekday(weekday, result, value)
    return result


DATE_STYLES = ("short", "medium", "long", "numeric")


def format_thai_date(d: dt.date, style: str = "short", thai_digits: bool = False) -> str:
    """The date as Thai offices write it, in a form parse_thai_date reads back to the same date.

    short '29 พ.ย. 67' (BE 2500-2599 only: a 2-digit year means BE 25yy), medium '29 พ.ย. 2567',
    long '29 พฤศจิกายน 2567', numeric '29/11/2567'. Dates outside CE 1857..2399 (BE 2400..2942) are
    refused because their BE year would be read back as something else.
    """
    if isinstance(d, dt.datetime):
        d = d.date()
    if not isinstance(d, dt.date):
        raise TypeError(f"format_thai_date needs a date, not {type(d).__name__}")
    if style not in DATE_STYLES:
        raise ValueError(f"unknown date style {style!r}; use one of {', '.join(DATE_STYLES)}")
    be = d.year + BE_OFFSET
    if not FIRST_BE_YEAR <= be <= LAST_BE_YEAR:
        raise ThaiDateError(f"'{d.isoformat()}' cannot be written with a Buddhist Era year (BE {be})",
                            f"'{d.isoformat()}' เขียนเป็นปี พ.ศ. ไม่ได้ (พ.ศ. {be})")
    if style == "short":
        if not 2500 <= be <= 2599:
            raise ThaiDateError(
                f"'{d.isoformat()}' cannot be written with a 2-digit year: BE {be} is outside 2500-2599",
                f"'{d.isoformat()}' เขียนปีแบบ 2 หลักไม่ได้: พ.ศ. {be} อยู่นอกช่วง 2500-2599")
        text = f"{d.day} {THAI_MONTHS_ABBR[d.month - 1]} {be % 100:02d}"
    elif style == "medium":
        text = f"{d.day} {THAI_MONTHS_ABBR[d.month - 1]} {be}"
    elif style == "long":
        text = f"{d.day} {THAI_MONTHS_FULL[d.month - 1]} {be}"
    else:
        text = f"{d.day:02d}/{d.month:02d}/{be}"
    return to_thai_digits(text) if thai_digits else text
