"""frictionless' value readers and constraint checks, for the fields of a plain schema (`table_schema`).

A cell the fast paths do not read (" 12", "1e3", "2023-1-5", a typo) is read the way frictionless 5 reads
it; only the field kinds and options the plain subset admits are here, so frictionless need not be imported
to check an officer's file. tests/validation/test_field_values.py compares every reader and check with
frictionless' own on the same cells and bounds.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from decimal import Decimal
from typing import Any, Callable

_NOT_BARE = re.compile(r"((^[^-\d]*)|(\D*$))")  # what a number that is not bare may carry around it
_BOUNDS: dict[str, Callable[[Any, Any], Any]] = {
    "minimum": operator.ge,
    "maximum": operator.le,
    "exclusiveMinimum": operator.gt,
    "exclusiveMaximum": operator.lt,
}


def value_reader(field) -> Callable[[Any], Any]:
    """The field's value reader: a value of its type, or None."""
    kind = field.type
    if kind == "integer":
        return _integer_reader(not field.bare_number)
    if kind == "number":
        return _number_reader(not field.bare_number)
    if kind == "date":
        return _date
    if kind == "year":
        return _year
    if kind == "boolean":
        mapping = {**{value: True for value in field.true_values}, **{value: False for value in field.false_values}}
        return lambda cell: cell if cell is True or cell is False else mapping.get(cell) if isinstance(cell, str) \
            else None
    if kind == "string":
        return _STRING_READERS[field.format]()
    return lambda cell: cell  # any


def constraint_check(name: str, constraint: Any, read: Callable[[Any], Any]) -> Callable[[Any], bool] | None:
    """Whether a read cell (None: no value) keeps the constraint, as frictionless checks it; None when
    frictionless makes no check of it."""
    if name == "required":
        return lambda cell: not (constraint and cell is None)
    if name in _BOUNDS:
        bound, compare = read(constraint), _BOUNDS[name]
        if bound is None:
            return None  # frictionless cannot compare with it either
        return lambda cell: cell is None or (cell == cell and bool(compare(cell, bound)))  # NaN keeps no bound
    if name == "enum":
        allowed = [read(value) for value in constraint]
        return lambda cell: cell is None or cell in allowed
    if name == "minLength":
        return lambda cell: cell is None or len(cell) >= constraint
    if name == "maxLength":
        return lambda cell: cell is None or len(cell) <= constraint
    if name == "pattern":
        compiled = re.compile("^{0}$".format(constraint))
        return lambda cell: cell is None or compiled.match(cell) is not None
    return None


def cell_reader(field, missing_values: list[str]) -> Callable[[Any], tuple[Any, dict | None]]:
    """frictionless' cell reader: (value, notes), the notes naming the type error or the broken constraints."""
    read = value_reader(field)
    checks = {}
    for name in field.supported_constraints:
        constraint = field.constraints.get(name)
        if constraint is not None:
            check = constraint_check(name, constraint, read)
            if check is not None:
                checks[name] = check

    def read_cell(cell: Any) -> tuple[Any, dict | None]:
        notes: dict | None = None
        if str(cell) in missing_values:
            cell = None
        if cell is not None:
            cell = read(cell)
            if cell is None:
                notes = {"type": f'type is "{field.type}/{field.format}"'}
        if not notes:
            for name, check in checks.items():
                if not check(cell):
                    notes = notes or {}
                    notes[name] = f'constraint "{name}" is "{field.constraints[name]}"'
        return cell, notes

    return read_cell


def _integer_reader(strip_around: bool) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, str):
            cell = cell.strip()
            if strip_around:
                cell = _NOT_BARE.sub("", cell)
            try:
                return int(cell)
            except ValueError:
                return None
        if cell is True or cell is False:
            return None
        if isinstance(cell, int):
            return cell
        if isinstance(cell, float) and cell.is_integer():
            return int(cell)
        if isinstance(cell, Decimal) and cell % 1 == 0:
            return int(cell)
        return None

    return read


def _number_reader(strip_around: bool) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, str):
            cell = cell.strip()
            if strip_around:
                cell = _NOT_BARE.sub("", cell)
            try:
                return Decimal(cell)
            except ArithmeticError:
                return None
        if isinstance(cell, Decimal):
            return cell
        if cell is True or cell is False:
            return None
        if isinstance(cell, int):
            return cell
        if isinstance(cell, float):
            return Decimal(str(cell))
        return None

    return read


def _date(cell: Any) -> Any:
    if isinstance(cell, dt.datetime):
        return cell.date() if (cell.hour, cell.minute, cell.second) == (0, 0, 0) else None
    if isinstance(cell, dt.date):
        return cell
    if not isinstance(cell, str):
        return None
    try:
        return dt.datetime.strptime(cell, "%Y-%m-%d").date()
    except ValueError:
        return None


def _year(cell: Any) -> Any:
    if not isinstance(cell, int):
        if not isinstance(cell, str) or len(cell) != 4:
            return None
        try:
            cell = int(cell)
        except ValueError:
            return None
    return None if cell < 0 or cell > 9999 else cell


def _uri_reader() -> Callable[[Any], Any]:
    import rfc3986  # the library frictionless reads a uri with

    def read(cell: Any) -> Any:
        if not isinstance(cell, str):
            return None
        validator = rfc3986.validators.Validator()
        validator.require_presence_of("scheme")
        try:
            validator.validate(rfc3986.uri_reference(cell))
        except rfc3986.exceptions.ValidationError:
            return None
        return cell

    return read


def _email_reader() -> Callable[[Any], Any]:
    import validators  # the library frictionless reads an email with

    return lambda cell: cell if isinstance(cell, str) and validators.email(cell) else None


def _text_reader() -> Callable[[Any], Any]:
    return lambda cell: cell if isinstance(cell, str) else None


_STRING_READERS = {"default": _text_reader, "uri": _uri_reader, "email": _email_reader}
