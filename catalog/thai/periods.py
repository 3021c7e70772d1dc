"""Reporting periods as Thai officers write them: a month, a fiscal year, a report round.

Two kinds of reading:
- `parse_*` reads one whole cell and refuses anything else: `พฤศจิกายน 2567`, `พ.ย. 67`, `11/2567`,
  `2567-11` and `2024-11` are all the month 2024-11; `๒๕๖๘` and `ปีงบประมาณ พ.ศ. 2568` the fiscal year
  2568; `รอบ 6 เดือน` the round "6-month".
- `*_in` finds them inside running text (a title row, a sheet name, a file name) and returns every
  distinct candidate, so the caller can tell "none", "one" and "ambiguous" apart. A month name that is
  part of a date ("ลว. 20 พฤศจิกายน 2567") is a date, not a reporting month.

Years follow the rules of dates.py: a 2-digit year is BE 25yy, a 4-digit year from 2400 is BE, from 1800
to 2300 CE. Months come back as CE "YYYY-MM", fiscal years as BE ints, rounds as the codes "6-month",
"annual" and "quarter-1".."quarter-4".
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import THAI_MONTHS_ABBR, THAI_MONTHS_FULL, parse_thai_date
from .digits import to_arabic_digits
from .era import BE_OFFSET, FIRST_BE_YEAR, FIRST_CE_YEAR, LAST_BE_YEAR, LAST_CE_YEAR
from .errors import ThaiDateError, ThaiValueError, quoted
from .fiscal import fiscal_half_range, fiscal_quarter_range, fiscal_year, fiscal_year_range

REPORT_ROUNDS = ("6-month", "annual", "quarter-1", "quarter-2", "quarter-3", "quarter-4")
ROUND_NAMES_TH = {"6-month": "รอบ 6 เดือน", "annual": "ประจำปี (รอบ 12 เดือน)", "quarter-1": "ไตรมาสที่ 1",
                  "quarter-2": "ไตรมาสที่ 2", "quarter-3": "ไตรมาสที่ 3", "quarter-4": "ไตรมาสที่ 4"}

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_COLLOQUIAL = ("มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา", "กรกฎา", "สิงหา", "กันยา", "ตุลา",
               "พฤศจิกา", "ธันวา")
_ENGLISH = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")


def _abbreviation_pattern(abbr: str) -> str:
    """'พ.ย.' -> a pattern for พ.ย. / พ.ย / พย / พ. ย. (officers drop or space the dots)."""
    letters = [c for c in abbr if c != "."]
    return r"\.?\s*".join(map(re.escape, letters)) + r"\.?"


def _month_alternatives() -> list[tuple[str, int, bool]]:
    """(pattern, month, dotless) for every way a month is named; longest first so that
    'พฤศจิกายน' wins over 'พฤศจิกา'. `dotless`: a bare two-letter abbreviation ('พย'), which may stand
    only where a word could start."""
    found = []
    for number in range(1, 13):
        names = {THAI_MONTHS_FULL[number - 1], _COLLOQUIAL[number - 1]}
        for name in names:
            found.append((re.escape(name), number, False))
        found.append((_abbreviation_pattern(THAI_MONTHS_ABBR[number - 1]), number, False))
        english = _ENGLISH[number - 1]
        found.append((english.capitalize() + "|" + english + "|" + english[:3].capitalize() + r"\.?", number, False))
    found.append(("กรกฏาคม|กรกฏา", 7, False))
    found.append(("กุมภาพันธุ์", 2, False))
    return sorted(found, key=lambda item: -len(item[0]))


_MONTH_NAMES = _month_alternatives()
_MONTH_NAME = "(?:" + "|".join(f"(?P<m{i}>{pattern})" for i, (pattern, _n, _d) in enumerate(_MONTH_NAMES)) + ")"
_YEAR = r"(?:(?P<era>พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)\s*)?(?P<year>\d{4}|\d{2})(?!\d)"
# a month name, then its year: 'พฤศจิกายน ๒๕๖๗', 'พ.ย. 67', 'พย67', 'เดือน ต.ค. พ.ศ. 2567'
_NAMED = re.compile(_MONTH_NAME + r"\s*[,.]?\s*" + _YEAR)
# numbers only: '2567-11', '2024/11', '11/2567', '11-67' (2-digit years only where a whole cell is read)
_ISO_NUMERIC = re.compile(r"(?<!\d)(?P<year>\d{4})\s*[-/._]\s*(?P<month>\d{1,2})(?!\d|[-/.]\d)")
_MONTH_FIRST_NUMERIC = re.compile(r"(?<!\d)(?<!\d[-/.])(?P<month>\d{1,2})\s*[-/._]\s*(?P<year>\d{4})(?!\d)")
_WHOLE_MONTH_FIRST = re.compile(r"^(?P<month>\d{1,2})\s*[-/.]\s*(?P<year>\d{2}|\d{4})$")
_MONTH_WORD = re.compile(r"(?:ประจำ|ใน\s*รอบ|รอบ)?\s*เดือน\s*:?\s*$")
_DAY_BEFORE = re.compile(r"(?<![\w.])\d{1,2}\s*$")


def _month_number(match: re.Match) -> int:
    for index, (_pattern, number, _dotless) in enumerate(_MONTH_NAMES):
        if match.group(f"m{index}") is not None:
            return number
    raise AssertionError("a month name matched without a group")


def _ce_year(year_text: str, era: str | None) -> int | None:
    """The CE year a year in running text means, or None when it is neither era."""
    year = int(year_text)
    era_kind = None if not era else ("be" if era.startswith("พ") else "ce")
    if len(year_text) == 2:
        return None if era_kind == "ce" else 2500 + year - BE_OFFSET
    if FIRST_BE_YEAR <= year <= LAST_BE_YEAR and era_kind != "ce":
        return year - BE_OFFSET
    if FIRST_CE_YEAR <= year <= LAST_CE_YEAR and era_kind != "be":
        return year
    return None


def _clean(text: str) -> str:
    return " ".join(to_arabic_digits(_INVISIBLE.sub("", text)).split())


def _month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _named_months(text: str) -> list[tuple[str, bool]]:
    """(month, said after 'เดือน') for every month name with a year in the text, dates left out."""
    found = []
    for match in _NAMED.finditer(text):
        before = text[:match.start()]
        if _DAY_BEFORE.search(before):
            continue  # '20 พฤศจิกายน 2567' is a day
        if _glued_abbreviation(match, before):
            continue  # 'สมค67', 'พยาบาล 2567': letters of a word, not a month
        year = _ce_year(match["year"], match["era"])
        if year is None:
            continue
        found.append((_month_text(year, _month_number(match)), bool(_MONTH_WORD.search(before))))
    return found


def _glued_abbreviation(match: re.Match, before: str) -> bool:
    """A two- or three-letter abbreviation without dots ('พย', 'มีค') right after a letter."""
    name = match.group(0)[:len(match.group(0)) - len(match.group("year"))]
    letters = re.sub(r"[\s,.]|พ\.?ศ|ค\.?ศ", "", name)
    return "." not in name and len(letters) <= 3 and before[-1:].isalpha() and not re.search(r"เดือน\s*$", before)


def months_in(text: object, *, numeric: bool = False) -> list[str]:
    """The distinct reporting months (CE 'YYYY-MM') named in running text, in order of appearance.

    Months said after 'เดือน' ('ในรอบเดือน พฤศจิกายน ๒๕๖๗', 'ประจำเดือน ต.ค. 67') win over other
    mentions. With `numeric` (file and sheet names), numbers alone count when no month is named
    ('2567-11', '11-2567', 4-digit years only); in a title '4/2568' is more likely a contract number.
    """
    clean = _clean(str(text or ""))
    named = _named_months(clean)
    preferred = [month for month, after_word in named if after_word] or [month for month, _ in named]
    if not preferred and numeric:
        for pattern in (_ISO_NUMERIC, _MONTH_FIRST_NUMERIC):
            for match in pattern.finditer(clean):
                year = _ce_year(match["year"], None)
                if year is not None and 1 <= int(match["month"]) <= 12:
                    preferred.append(_month_text(year, int(match["month"])))
    return list(dict.fromkeys(preferred))


def _not_a_month(value: object) -> ThaiDateError:
    q = quoted(value)
    return ThaiDateError(f"{q} is not a month: write it like 'พฤศจิกายน 2567', 'พ.ย. 67', '11/2567' or '2024-11'",
                         f"{q} ไม่ใช่เดือน: เขียนเช่น 'พฤศจิกายน 2567', 'พ.ย. 67', '11/2567' หรือ '2024-11'")


def parse_month(value: object) -> str:
    """The month one cell means, as CE 'YYYY-MM'. Refuses anything that is not exactly one month."""
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        year = day.year - BE_OFFSET if day.year >= FIRST_BE_YEAR else day.year
        return _month_text(year, day.month)
    text = _clean(str(value if value is not None else ""))
    text = re.sub(r"^(?:ประจำ|ใน\s*รอบ|รอบ)?\s*เดือน\s*:?\s*", "", text)
    if not text:
        raise _not_a_month(value)
    if match := re.fullmatch(r"(?P<year>\d{4})\s*[-/.]\s*(?P<month>\d{1,2})", text):
        year, month = _ce_year(match["year"], None), int(match["month"])
    elif match := _WHOLE_MONTH_FIRST.match(text):
        year, month = _ce_year(match["year"], None), int(match["month"])
    elif (match := _NAMED.fullmatch(text)) is not None:
        year, month = _ce_year(match["year"], match["era"]), _month_number(match)
    else:
        raise _not_a_month(value)
    if year is None or not 1 <= month <= 12:
        raise _not_a_month(value)
    return _month_text(year, month)


def month_name_th(month: str) -> str:
    """'2024-11' -> 'พฤศจิกายน 2567'."""
    year, number = map(int, month.split("-"))
    return f"{THAI_MONTHS_FULL[number - 1]} {year + BE_OFFSET}"


def describe_period(kind: str | None, value: str, lang: str = "en") -> str:
    """A period as a person reads it: in Thai '2024-11' -> 'พฤศจิกายน 2567', '6-month' -> 'รอบ 6 เดือน'."""
    if lang != "th":
        return value
    if kind == "month" and re.fullmatch(r"\d{4}-\d{2}", value):
        return month_name_th(value)
    if kind == "report_round":
        return ROUND_NAMES_TH.get(value, value)
    return value


def fiscal_year_of_month(month: str) -> int:
    """The BE fiscal year a CE 'YYYY-MM' month falls in: '2024-10' -> 2568."""
    year, number = map(int, month.split("-"))
    return fiscal_year(dt.date(year, number, 1))


# ---------------------------------------------------------------------------------------- fiscal years

_FISCAL_WORDS = r"(?:ปี\s*งบ(?:ประมาณ)?|FY|fiscal\s*year)"
_FISCAL_IN_TEXT = re.compile(_FISCAL_WORDS + r"\s*:?\s*(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{4}|\d{2})(?!\d)", re.I)
_BARE_BE_YEAR = re.compile(r"(?<!\d)(?P<year>25\d{2})(?!\d)")


def _fiscal_be(year_text: str, value: object) -> int:
    year = int(year_text)
    if len(year_text) == 2:
        year += 2500
    if not FIRST_BE_YEAR <= year <= LAST_BE_YEAR:
        raise ThaiValueError(f"{quoted(value)} is not a fiscal year: write the Buddhist Era year, e.g. 2568",
                             f"{quoted(value)} ไม่ใช่ปีงบประมาณ: เขียนเป็นปี พ.ศ. เช่น 2568")
    return year


def parse_fiscal_year(value: object) -> int:
    """The BE fiscal year one cell means: 2568, '๒๕๖๘', 'ปีงบประมาณ พ.ศ. 2568', 'FY2568', 'ปีงบ 68'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _fiscal_be(str(value), value)
    text = _clean(str(value if value is not None else ""))
    if match := re.fullmatch(r"(?:" + _FISCAL_WORDS + r"\s*:?\s*)?(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{4}|\d{2})", text,
                             re.I):
        if len(match["year"]) == 2 and match.group(0) == match["year"]:
            raise ThaiValueError(f"{quoted(value)} is not a fiscal year: write all four digits, e.g. 2568",
                                 f"{quoted(value)} ไม่ใช่ปีงบประมาณ: เขียนปี พ.ศ. ให้ครบ 4 หลัก เช่น 2568")
        return _fiscal_be(match["year"], value)
    raise ThaiValueError(f"{quoted(value)} is not a fiscal year: write the Buddhist Era year, e.g. 2568",
                         f"{quoted(value)} ไม่ใช่ปีงบประมาณ: เขียนเป็นปี พ.ศ. เช่น 2568")


def fiscal_years_in(text: object, *, bare: bool = False) -> list[int]:
    """The distinct BE fiscal years running text names ('ปีงบประมาณ พ.ศ. ๒๕๖๘', 'FY2568', 'ปีงบ 68');
    with `bare`, a lone BE year ('แผน_2568') counts too (file and sheet names, where it means the
    fiscal year); a period of dates ('1 ต.ค. 67 - 31 มี.ค. 68') gives the fiscal year it lies in."""
    clean = _clean(str(text or ""))
    found = []
    for match in _FISCAL_IN_TEXT.finditer(clean):
        try:
            found.append(_fiscal_be(match["year"], match.group(0)))
        except ThaiValueError:
            continue
    if not found:
        period = date_range_in(clean)
        if period is not None and fiscal_year(period[0]) == fiscal_year(period[1]):
            found.append(fiscal_year(period[0]))
    if not found and bare:
        found = [int(match["year"]) for match in _BARE_BE_YEAR.finditer(clean)]
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------------------- report rounds

_ROUND_WORDS = [
    (re.compile(r"(?:รอบ\s*)?(?:6|หก)\s*เดือน(?:\s*แรก)?|ครึ่ง\s*ปี\s*(?:แรก|งบประมาณ)?|half[\s-]*year|6[\s-]*months?"
                r"|semi[\s-]*annual", re.I), "6-month"),
    (re.compile(r"(?:รอบ\s*)?(?:12|สิบสอง)\s*เดือน|ประจำปี(?!\s*งบ)|รอบ\s*ปี(?!\s*งบ)|ทั้ง\s*ปี|สิ้นปี\s*งบ(?:ประมาณ)?"
                r"|annual|12[\s-]*months?|yearly", re.I), "annual"),
    (re.compile(r"(?:ไตรมาส(?:\s*ที่)?|quarter[\s-]*|Q)\s*(?P<q>[1-4])(?!\d)", re.I), "quarter"),
    (re.compile(r"(?:รอบ\s*)?3\s*เดือน(?:\s*แรก)?", re.I), "quarter-1"),
]
_NINE_MONTHS = re.compile(r"(?:รอบ\s*)?9\s*เดือน")


def _round_of(match: re.Match, code: str) -> str:
    return f"quarter-{match['q']}" if code == "quarter" else code


def parse_report_round(value: object) -> str:
    """The round one cell means: '6-month', 'รอบ 6 เดือน', 'ครึ่งปีแรก' -> '6-month'; 'ประจำปี',
    'รอบ 12 เดือน' -> 'annual'; 'ไตรมาสที่ 2', 'Q2', 'quarter-2' -> 'quarter-2'."""
    text = _clean(str(value if value is not None else ""))
    if text.casefold() in REPORT_ROUNDS:
        return text.casefold()
    bare = re.sub(r"^(?:รอบ\s*(?:การ)?รายงาน|รอบที่?)\s*:?\s*", "", text)
    for pattern, code in _ROUND_WORDS:
        for candidate in (text, bare):
            if match := pattern.fullmatch(candidate):
                return _round_of(match, code)
    if _NINE_MONTHS.fullmatch(text):
        raise ThaiValueError(f"{quoted(value)}: a 9-month round is not one of the rounds published "
                             "(6-month, annual, quarter-1..quarter-4)",
                             f"{quoted(value)}: รอบ 9 เดือนไม่ใช่รอบที่เผยแพร่ (รอบ 6 เดือน ประจำปี หรือไตรมาสที่ 1-4)")
    raise ThaiValueError(f"{quoted(value)} is not a report round: write 'รอบ 6 เดือน', 'ประจำปี' "
                         "(or 'รอบ 12 เดือน') or 'ไตรมาสที่ 1'..'ไตรมาสที่ 4'",
                         f"{quoted(value)} ไม่ใช่รอบการรายงาน: เขียนเป็น 'รอบ 6 เดือน' 'ประจำปี' "
                         "(หรือ 'รอบ 12 เดือน') หรือ 'ไตรมาสที่ 1' ถึง 'ไตรมาสที่ 4'")


def rounds_in(text: object) -> list[str]:
    """The distinct report rounds running text names ('รอบ ๖ เดือน', 'ไตรมาสที่ 2', 'ประจำปี' but not
    'ประจำปีงบประมาณ'); without such words, a period of dates that is exactly a round names it."""
    clean = _clean(str(text or ""))
    found = []
    for pattern, code in _ROUND_WORDS:
        found += [(match.start(), _round_of(match, code)) for match in pattern.finditer(clean)]
    rounds = [code for _, code in sorted(found)]
    if not rounds and (period := date_range_in(clean)) is not None:
        rounds = [code for code in REPORT_ROUNDS if round_period(code, fiscal_year(period[0])) == period]
    return list(dict.fromkeys(rounds))


def round_period(report_round: str, fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """The dates a round of a fiscal year covers: '6-month' of 2568 -> (2024-10-01, 2025-03-31)."""
    if report_round == "annual":
        return fiscal_year_range(fiscal_year_be)
    if report_round == "6-month":
        return fiscal_half_range(fiscal_year_be, 1)
    if report_round in REPORT_ROUNDS:
        return fiscal_quarter_range(fiscal_year_be, int(report_round.rsplit("-", 1)[1]))
    raise ValueError(f"unknown report round {report_round!r}; valid: {', '.join(REPORT_ROUNDS)}")


_DATE_IN_TEXT = r"\d{1,2}\s*" + _MONTH_NAME.replace("(?P<m", "(?P<d{side}m") + r"\s*(?:พ\.?\s*ศ\.?\s*)?\d{2,4}" \
    + r"|\d{1,2}/\d{1,2}/\d{2,4}"


def _date_pattern(side: str) -> str:
    return "(?P<" + side + ">" + _DATE_IN_TEXT.replace("{side}", side) + ")"


_DATE_RANGE = re.compile(_date_pattern("a") + r"\s*(?:-|–|—|ถึง|to)\s*(?:วันที่\s*)?" + _date_pattern("b"))


def date_range_in(text: object) -> tuple[dt.date, dt.date] | None:
    """The first period of two dates in running text: '(๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘)'."""
    clean = _clean(str(text or ""))
    for match in _DATE_RANGE.finditer(clean):
        try:
            start, end = parse_thai_date(match["a"]), parse_thai_date(match["b"])
        except ThaiValueError:
            continue
        if start <= end:
            return start, end
    return None
