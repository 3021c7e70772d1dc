"""Turn an officer's cell (Thai dates, Thai digits, baht amounts) into the canonical text of a schema field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from catalog.thai import (ThaiValueError, parse_baht, parse_thai_date, parse_thai_integer,
                          to_arabic_digits)

# What officers write for "nothing here": e-GP writes "-" for a project with no announcement.
MISSING_MARKS = {"", "-", "–", "—", "ไม่มีข้อมูล", "n/a", "N/A"}

TRUE_WORDS = {"true", "yes", "y", "1", "ใช่", "มี", "✓", "✔"}
FALSE_WORDS = {"false", "no", "n", "0", "ไม่ใช่", "ไม่มี", "✗", "✘"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def decimal_text(amount: Decimal) -> str:
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def normalise_cell(value, field: dict) -> str:
    """The canonical CSV text for one cell, or ThaiValueError saying why it cannot be read."""
    kind = field.get("type", "string")
    if isinstance(value, (dt.datetime, dt.date)) and kind not in {"date", "datetime"}:
        value = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    text = _text(value)
    if text in MISSING_MARKS:
        return ""
    if kind == "string":
        constraints = field.get("constraints", {})
        # identifiers (e-GP project numbers, codes) are compared by pattern, so their digits must be Arabic
        return to_arabic_digits(text) if "pattern" in constraints else text
    if kind == "integer" or kind == "year":
        if isinstance(value, float) and not value.is_integer():
            raise ThaiValueError(f"'{value}' is not a whole number", f"'{value}' ไม่ใช่จำนวนเต็ม")
        return str(parse_thai_integer(text))
    if kind == "number":
        if isinstance(value, (int, float)):
            return decimal_text(Decimal(str(value)))
        return decimal_text(parse_baht(text))
    if kind == "date":
        return parse_thai_date(value if isinstance(value, (dt.date, dt.datetime)) else text).isoformat()
    if kind == "boolean":
        if isinstance(value, bool):
            return "true" if value else "false"
        word = to_arabic_digits(text).casefold()
        # the schema's own words first (e.g. ว่าง/ไม่ว่าง), then the usual yes/no words
        if word in {str(v).casefold() for v in field.get("trueValues", [])} | TRUE_WORDS:
            return "true"
        if word in {str(v).casefold() for v in field.get("falseValues", [])} | FALSE_WORDS:
            return "false"
        allowed = "/".join(field.get("trueValues", ["ใช่"])[:1] + field.get("falseValues", ["ไม่ใช่"])[:1])
        raise ThaiValueError(f"'{text}' is not yes/no ({allowed})", f"'{text}' ไม่ใช่ค่า ใช่/ไม่ใช่ ({allowed})")
    return text
