"""Solr dates in range queries, compared with CKAN's stored timestamps (naive UTC `isoformat()` strings).

Solr keeps dates to the millisecond, so `metadata_modified:[2024-05-01T10:00:00.123Z TO *]` includes a
dataset stamped 10:00:00.123456. Bounds become stored-layout strings, which order like the times they
name because every stored stamp shares one layout (the fraction is left out only when it is zero).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from catalog.server.errors import SearchQueryError

DATE_FIELDS = {"metadata_modified", "metadata_created", "indexed_ts"}
MILLI = dt.timedelta(milliseconds=1)

_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?")
_MATH_RE = re.compile(r"([+-]\d+|/)(YEAR|MONTH|DAY|DATE|HOUR|MINUTE|SECOND|MILLI|MILLISECOND)S?", re.IGNORECASE)


def is_date_field(field: str) -> bool:
    return field in DATE_FIELDS or field.endswith("_date")


def parse_solr_date(value: str, now: dt.datetime | None = None) -> dt.datetime:
    """A naive UTC datetime for `2024-05-01T00:00:00Z`, `NOW`, `NOW-7DAYS/DAY`, `2024-05-01T00:00:00Z+1DAY`."""
    text = value.strip()
    if text.upper().startswith("NOW"):
        moment = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        rest = text[3:]
    else:
        match = _DATE_RE.match(text)
        if not match:
            raise SearchQueryError(f"Invalid Date String: {value!r}")
        moment = _absolute(match, value)
        rest = text[match.end():]
    while rest:
        math = _MATH_RE.match(rest)
        if not math:
            raise SearchQueryError(f"Invalid Date Math String: {value!r}")
        moment = _apply(moment, math.group(1), math.group(2).upper())
        rest = rest[math.end():]
    return moment


def stored_layout(moment: dt.datetime) -> str:
    """The datetime as CKAN stores timestamps (`datetime.isoformat()` of naive UTC)."""
    return moment.isoformat()


def truncate_to_milli(moment: dt.datetime) -> dt.datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _absolute(match, value: str) -> dt.datetime:
    day, clock, zone = match.groups()
    clock = clock or "00:00:00"
    if clock.count(":") == 1:
        clock += ":00"
    if "." in clock:
        whole, fraction = clock.split(".")
        clock = f"{whole}.{fraction[:6].ljust(6, '0')}"
    try:
        moment = dt.datetime.fromisoformat(f"{day}T{clock}")
    except ValueError:
        raise SearchQueryError(f"Invalid Date String: {value!r}") from None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        hours, minutes = int(zone[1:3]), int(zone[-2:])
        moment -= sign * dt.timedelta(hours=hours, minutes=minutes)
    return moment


def _apply(moment: dt.datetime, op: str, unit: str) -> dt.datetime:
    unit = {"DATE": "DAY", "MILLISECOND": "MILLI"}.get(unit, unit)
    if op == "/":  # round down to the unit
        if unit == "YEAR":
            return moment.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
        if unit == "MONTH":
            return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        if unit == "DAY":
            return moment.replace(hour=0, minute=0, second=0, microsecond=0)
        if unit == "HOUR":
            return moment.replace(minute=0, second=0, microsecond=0)
        if unit == "MINUTE":
            return moment.replace(second=0, microsecond=0)
        if unit == "SECOND":
            return moment.replace(microsecond=0)
        return truncate_to_milli(moment)
    amount = int(op)
    if unit in ("YEAR", "MONTH"):
        months = moment.month - 1 + amount * (12 if unit == "YEAR" else 1)
        year, month = moment.year + months // 12, months % 12 + 1
        day = min(moment.day, calendar.monthrange(year, month)[1])
        return moment.replace(year=year, month=month, day=day)
    step = {"DAY": dt.timedelta(days=1), "HOUR": dt.timedelta(hours=1), "MINUTE": dt.timedelta(minutes=1),
            "SECOND": dt.timedelta(seconds=1), "MILLI": MILLI}[unit]
    return moment + amount * step
