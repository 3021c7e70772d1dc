"""Cells read as their field's type, one at a time, with frictionless' verdicts, for the plain engine.

Cells written the plain way (ASCII digits, ISO dates, a listed boolean) are read by the same rules as the
column engine's fast paths in `types`. Every other cell goes to the field's value reader, once per distinct
text: frictionless' own reading of it (`field_values` for a plain schema, frictionless itself otherwise), so
that the verdict on any cell is frictionless'.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from catalog.validation.field_values import constraint_check

NO_VALUE = object()  # the key of a cell without a value (missing, or not of the field's type)
DOMAINS = {"integer": "num", "number": "num", "year": "num", "boolean": "num", "date": "date",
           "string": "str", "any": "str"}  # values of different domains never compare equal
_DIGITS = frozenset("0123456789")


class ColumnReader:
    """Reads the cells of one field: a typed value, or MISSING, or TYPE_ERROR."""

    MISSING = object()
    TYPE_ERROR = object()

    def __init__(self, field, missing_values: set[str]):
        self.field = field
        self.missing_values = missing_values
        self.fast = _fast_reader(field)
        self._slow: dict[str, Any] = {}
        self._cell_reader = None  # the reader of the odd cells

    def read(self, text: str | None) -> Any:
        if text is None or text in self.missing_values:
            return self.MISSING
        value = self.fast(text) if self.fast is not None else None
        if value is None:
            value = self._slow.get(text, self)
            if value is self:
                value = self._slow[text] = self._read_slowly(text)
        return value

    def _read_slowly(self, text: str) -> Any:
        if self._cell_reader is None:
            self._cell_reader = self.field.create_value_reader()
        value = self._cell_reader(text)
        return self.TYPE_ERROR if value is None else value

    def constraint_checks(self) -> list[tuple[str, Callable[[Any], bool]]]:
        """(constraint, whether a read value keeps it), in the order the column engine reports them."""
        field = self.field
        checks: list[tuple[str, Callable[[Any], bool]]] = []
        if field.required:
            checks.append(("required", lambda value: value is not self.MISSING))
        for name in field.supported_constraints:
            constraint = field.constraints.get(name)
            if constraint is None or name == "required":
                continue
            check = constraint_check(name, constraint, field.create_value_reader())
            if check is not None:  # frictionless checks no constraint of a cell without a value of the type
                checks.append((name, lambda value, check=check: value is self.MISSING
                               or value is self.TYPE_ERROR or check(value)))
        return checks


def key_value(field, value: Any, reader: ColumnReader) -> Any:
    """What keys compare: the value with its domain; a NaN equals nothing, not even itself."""
    if value is reader.MISSING or value is reader.TYPE_ERROR:
        return NO_VALUE
    if value != value:
        return object()
    return (DOMAINS.get(field.type, "py"), value)


# --- Plain cells, as the column engine's fast paths read them; None: ask the field's value reader


def _fast_reader(field) -> Callable[[str], Any] | None:
    kind = field.type
    if kind == "integer":
        return _integer
    if kind == "number":
        plain_chars = field.group_char == "" and field.decimal_char == "." and not getattr(field, "float_number", False)
        if not plain_chars:
            return None
        return _number if field.bare_number else _number_not_bare
    if kind == "year":
        return _year
    if kind == "boolean":
        return _boolean_reader(field)
    if kind == "date" and field.format in ("default", "%Y-%m-%d"):
        return _date
    if kind in ("string", "any") and field.format == "default":
        return lambda text: text
    if kind == "string" and field.format in ("uri", "email"):
        read = field.create_value_reader()  # the library frictionless calls, cell by cell
        return lambda text: text if read(text) is not None else ColumnReader.TYPE_ERROR
    return None


def _ascii_digits(text: str) -> bool:
    return bool(text) and _DIGITS.issuperset(text)


def _integer(text: str) -> int | None:
    digits = text[1:] if text.startswith("-") else text
    if _ascii_digits(digits) and len(digits) <= 18:
        return int(text)
    return None


def _number(text: str) -> Decimal | None:
    unsigned = text[1:] if text.startswith("-") else text
    digits = unsigned.replace(".", "", 1)
    if _ascii_digits(digits) and len(digits) <= 15:
        return Decimal(text)
    return None


def _number_not_bare(text: str) -> Decimal | None:
    # frictionless' pattern strips a leading run of characters other than "-" and digits: such cells go to it
    if not text or not (text[0] in _DIGITS or text[0] == "-"):
        return None
    return _number(text)


def _year(text: str) -> int | None:
    return int(text) if len(text) == 4 and _ascii_digits(text) else None


def _boolean_reader(field) -> Callable[[str], Any]:
    # An exact match, no stripping; a text in both lists is false (frictionless maps false last). Any other
    # text is not a boolean: frictionless has no other reading of it.
    true_values = {value for value in field.true_values if isinstance(value, str)}
    false_values = {value for value in field.false_values if isinstance(value, str)}

    def read(text: str) -> Any:
        if text in false_values:
            return False
        if text in true_values:
            return True
        return ColumnReader.TYPE_ERROR

    return read


def _date(text: str) -> Any:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    digits = text[:4] + text[5:7] + text[8:]
    if not _DIGITS.issuperset(digits):
        return None
    try:
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:  # month 13, 30 February, year 0: strptime rejects them too
        return ColumnReader.TYPE_ERROR
