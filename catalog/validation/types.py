"""Parse a column of cell texts into one Table Schema type, in bulk, exactly as frictionless does.

Each type has a fast path: cheap pyarrow/numpy tests pick the cells written the plain way (ASCII
digits, ISO dates, ...) and convert them all at once. Every other cell that is not a missing value
takes the slow path: frictionless' own cell reader, called once per distinct text, decides its type
and its constraints. Real data sends a handful of odd cells there (Thai digits, "1e3", "2023-1-5",
typos), so the verdicts stay exactly frictionless' at bulk speed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from frictionless import Field

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
EPOCH = dt.date(1970, 1, 1)
MAX_EXACT_DIGITS = 15  # decimals with at most 15 digits map to distinct doubles, in order


@dataclass
class SlowCell:
    """frictionless' verdict on one distinct cell text."""

    type_error: bool
    value: Any  # the typed value (None after a type error)
    failed: tuple[str, ...]  # constraints it breaks (frictionless checks none after a type error)


@dataclass
class ParsedColumn:
    """One column read as its field's type. All arrays are aligned with the table's rows."""

    field: Field
    raw: pa.ChunkedArray  # the cell texts; null where the row has no such cell
    missing: np.ndarray  # bool: no value (a missing value, or no cell)
    type_error: np.ndarray  # bool
    fast: np.ndarray  # bool: parsed in bulk; its constraints are checked in bulk too
    values: np.ndarray | pa.ChunkedArray | None  # typed values of the valid rows not in py_rows
    domain: str  # what `values` holds: "num" (int64/float64), "date" (days), "str", "py"
    slow_rows: np.ndarray  # int64 indices of the rows read by frictionless' cell reader
    slow_codes: np.ndarray  # for each slow row, its index in slow_cells
    slow_cells: list[SlowCell]
    # Valid rows whose value `values` cannot hold exactly (NaN, huge integers, datetimes...):
    # the value is slow_cells[py_codes[i]].value for row py_rows[i].
    py_rows: np.ndarray
    py_codes: np.ndarray

    @property
    def valid(self) -> np.ndarray:
        return ~self.missing & ~self.type_error


def plain_array(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def to_numpy_bool(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return pc.fill_null(array, False).to_numpy(zero_copy_only=False)


def regex_mask(raw: pa.ChunkedArray, pattern: str) -> np.ndarray:
    return to_numpy_bool(pc.match_substring_regex(raw, pattern=pattern))


def missing_mask(raw: pa.ChunkedArray, missing_values: list[str]) -> np.ndarray:
    missing = raw.is_null().to_numpy(zero_copy_only=False)
    if missing_values:
        missing |= to_numpy_bool(pc.is_in(raw, value_set=pa.array(missing_values, type=pa.string())))
    return missing


def parse_column(raw: pa.ChunkedArray, field: Field, missing_values: list[str]) -> ParsedColumn:
    n = len(raw)
    missing = missing_mask(raw, missing_values)
    candidates = ~missing
    fast_parser = FAST_PARSERS.get(field.type)
    fast_ok = np.zeros(n, dtype=bool)
    fast_bad = np.zeros(n, dtype=bool)
    values: np.ndarray | pa.ChunkedArray | None = None
    domain = DOMAINS.get(field.type, "py")
    if fast_parser is not None:
        parsed = fast_parser(raw, candidates, field)
        if parsed is not None:
            fast_ok, fast_bad, values = parsed
            if isinstance(values, np.ndarray) and not values.flags.writeable:
                values = values.copy()  # the slow path stores its values in it too
    if values is None and domain in ("num", "date"):
        values = np.zeros(n, dtype=np.float64 if field.type == "number" else np.int64)
    if domain == "str":
        values = raw
    slow = candidates & ~fast_ok & ~fast_bad
    column = ParsedColumn(field=field, raw=raw, missing=missing, type_error=fast_bad.copy(),
                          fast=fast_ok, values=values, domain=domain,
                          slow_rows=np.flatnonzero(slow), slow_codes=np.zeros(0, dtype=np.int64),
                          slow_cells=[], py_rows=np.zeros(0, dtype=np.int64),
                          py_codes=np.zeros(0, dtype=np.int64))
    if column.slow_rows.size:
        _read_slow_cells(column)
    return column


def _read_slow_cells(column: ParsedColumn) -> None:
    """Ask frictionless about each distinct odd text; store values the bulk arrays can hold."""
    encoded = pc.dictionary_encode(plain_array(column.raw.take(pa.array(column.slow_rows))))
    texts = encoded.dictionary.to_pylist()
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    reader = column.field.create_cell_reader()
    cells = []
    for text in texts:
        value, notes = reader(text)
        notes = notes or {}
        if "type" in notes:
            cells.append(SlowCell(type_error=True, value=None, failed=()))
        else:
            cells.append(SlowCell(type_error=False, value=value, failed=tuple(notes)))
    column.slow_codes = codes
    column.slow_cells = cells
    is_type_error = np.array([cell.type_error for cell in cells], dtype=bool)
    column.type_error[column.slow_rows[is_type_error[codes]]] = True
    if column.domain == "str":
        return  # the value is the text itself

    # Values the bulk array holds exactly go there; the others stay Python objects.
    store = STORE.get(column.field.type)
    held = [store(cell.value) if store and not cell.type_error else None for cell in cells]
    is_held = np.array([value is not None for value in held], dtype=bool)
    row_held = is_held[codes]
    if column.values is not None and row_held.any():
        dtype = column.values.dtype  # type: ignore[union-attr]
        held_values = np.array([value if value is not None else 0 for value in held], dtype=dtype)
        column.values[column.slow_rows[row_held]] = held_values[codes[row_held]]  # type: ignore[index]
    in_py = ~row_held & ~is_type_error[codes]
    column.py_rows = column.slow_rows[in_py]
    column.py_codes = codes[in_py]


# --- Fast paths: return (ok, bad, values) or None when the field's options rule the fast path out


FastResult = tuple[np.ndarray, np.ndarray, np.ndarray | pa.ChunkedArray]


def _numpy(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _cast_where(text: pa.ChunkedArray, ok: np.ndarray, to: pa.DataType) -> np.ndarray:
    """Cast the cells where `ok` (the others become 0), without copying them out first."""
    return _numpy(pc.cast(pc.if_else(pa.array(ok), text, "0"), to))


def _unsigned(text: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    """The text without one leading "-", and where there was one."""
    negative = to_numpy_bool(pc.starts_with(text, "-"))
    if negative.any():
        text = pc.if_else(pa.array(negative), pc.utf8_slice_codeunits(text, 1), text)
    return text, negative


def _fast_integer(raw: pa.ChunkedArray, candidates: np.ndarray, field: Field) -> FastResult:
    # int(text.strip()) for "-"? and ASCII digits only; the pattern frictionless applies when
    # bareNumber is false removes nothing from such a text.
    digits, _ = _unsigned(raw)
    ok = candidates & to_numpy_bool(pc.ascii_is_decimal(digits))
    ok &= _numpy(pc.fill_null(pc.utf8_length(digits), 0)) <= 18  # int64 holds 18 digits
    return ok, np.zeros(len(raw), dtype=bool), _cast_where(raw, ok, pa.int64())


def _fast_number(raw: pa.ChunkedArray, candidates: np.ndarray, field: Field) -> FastResult | None:
    group, decimal = field.group_char, field.decimal_char  # type: ignore[attr-defined]
    if getattr(field, "float_number", False):
        return None
    if group not in ("", ",", ".", " ", "'", "_") or decimal not in (".", ",") or group == decimal:
        return None
    ok = candidates.copy()
    text = raw
    if group:  # frictionless removes every group char, then rejects "." if it is not the decimal
        text = pc.replace_substring(text, group, "")
    if decimal != ".":
        ok &= ~to_numpy_bool(pc.match_substring(text, "."))
        text = pc.replace_substring(text, decimal, ".")
    if not field.bare_number:  # type: ignore[attr-defined]
        # Its pattern strips a leading run of characters other than "-" and digits: with a
        # leading "." or group char that changes the value, so such cells take the slow path.
        first = pc.utf8_slice_codeunits(raw, 0, 1)
        ok &= to_numpy_bool(pc.ascii_is_decimal(first)) | to_numpy_bool(pc.equal(first, "-"))
    # "-"? digits with at most one "." (Decimal and pyarrow read "5.", ".5" alike)
    unsigned, _ = _unsigned(text)
    digits = pc.replace_substring(unsigned, ".", "", max_replacements=1)
    ok &= to_numpy_bool(pc.ascii_is_decimal(digits))
    # Only decimals of at most 15 digits are held exactly (as distinct, ordered doubles).
    ok &= _numpy(pc.fill_null(pc.utf8_length(digits), 0)) <= MAX_EXACT_DIGITS
    return ok, np.zeros(len(raw), dtype=bool), _cast_where(text, ok, pa.float64())


def _fast_year(raw: pa.ChunkedArray, candidates: np.ndarray, field: Field) -> FastResult:
    ok = candidates & to_numpy_bool(pc.ascii_is_decimal(raw))
    ok &= _numpy(pc.fill_null(pc.utf8_length(raw), 0)) == 4
    return ok, np.zeros(len(raw), dtype=bool), _cast_where(raw, ok, pa.int64())


def _fast_boolean(raw: pa.ChunkedArray, candidates: np.ndarray, field: Field) -> FastResult:
    # An exact match, no stripping; a text in both lists is false (frictionless maps false last).
    true_values = [v for v in field.true_values if isinstance(v, str)]  # type: ignore[attr-defined]
    false_values = [v for v in field.false_values if isinstance(v, str)]  # type: ignore[attr-defined]
    is_false = to_numpy_bool(pc.is_in(raw, value_set=pa.array(false_values, type=pa.string())))
    is_true = to_numpy_bool(pc.is_in(raw, value_set=pa.array(true_values, type=pa.string())))
    ok = candidates & (is_true | is_false)
    values = (is_true & ~is_false).astype(np.int64)
    return ok, candidates & ~ok, values


def _fast_date(raw: pa.ChunkedArray, candidates: np.ndarray, field: Field) -> FastResult | None:
    if field.format not in ("default", "%Y-%m-%d"):
        return None
    n = len(raw)
    ok, bad, values = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64)
    rows = np.flatnonzero(candidates & (_numpy(pc.fill_null(pc.binary_length(raw), 0)) == 10))
    if rows.size == 0:
        return ok, bad, values
    # "dddd-dd-dd", read digit by digit from the bytes
    chars = byte_matrix(raw, rows, 10)
    dashes = (chars[:, 4] == ord("-")) & (chars[:, 7] == ord("-"))
    digits = chars[:, [0, 1, 2, 3, 5, 6, 8, 9]] - np.uint8(ord("0"))  # other bytes wrap to >= 10
    del chars
    iso = (digits <= 9).all(axis=1) & dashes
    number = [digits[:, index].astype(np.int32) for index in range(8)]
    year = number[0] * 1000 + number[1] * 100 + number[2] * 10 + number[3]
    month = number[4] * 10 + number[5]
    day = number[6] * 10 + number[7]
    del digits, number
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    safe_month = np.clip(month, 1, 12)
    days_in_month = month_days[safe_month - 1] + ((safe_month == 2) & leap)
    good = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month)
    ok[rows[iso & good]] = True
    bad[rows[iso & ~good]] = True  # strptime("%Y-%m-%d") rejects them too (month 13, 30 February, year 0)
    values[rows[iso & good]] = days_from_civil(year[iso & good], safe_month[iso & good],
                                               day[iso & good])
    return ok, bad, values


def byte_matrix(raw: pa.ChunkedArray, rows: np.ndarray, width: int) -> np.ndarray:
    """The first `width` bytes of the cells at `rows` (sorted; each cell at least that long), as a
    (len(rows), width) uint8 matrix read straight from pyarrow's buffers."""
    out = np.empty((len(rows), width), dtype=np.uint8)
    filled = chunk_start = 0
    for chunk in raw.chunks:
        size = len(chunk)
        lo, hi = np.searchsorted(rows, [chunk_start, chunk_start + size])
        if hi > lo:
            offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset:chunk.offset + size + 1]
            data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
            starts = offsets[rows[lo:hi] - chunk_start]
            out[filled:filled + hi - lo] = data[starts[:, None] + np.arange(width)]
            filled += hi - lo
        chunk_start += size
    return out


def days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm), in bulk."""
    y = year - (month <= 2)
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _fast_string(raw: pa.ChunkedArray, candidates: np.ndarray, field: Field) -> FastResult | None:
    if field.format != "default":
        return None  # email, uri, uuid...: frictionless' validators, once per distinct text
    return candidates.copy(), np.zeros(len(raw), dtype=bool), raw


FAST_PARSERS: dict[str, Callable[[pa.ChunkedArray, np.ndarray, Field], FastResult | None]] = {
    "integer": _fast_integer,
    "number": _fast_number,
    "year": _fast_year,
    "boolean": _fast_boolean,
    "date": _fast_date,
    "string": _fast_string,
    "any": _fast_string,  # frictionless keeps the text as it is
}

DOMAINS = {"integer": "num", "number": "num", "year": "num", "boolean": "num", "date": "date",
           "string": "str", "any": "str"}


# --- Storing a value from the slow path in the bulk array, when it fits exactly


def exact_float(value: Any) -> float | None:
    """The double equal to this number, or None when no double is (NaN, too many digits)."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int):
        return float(value) if abs(value) <= 2**53 else None
    if isinstance(value, float):
        return None if value != value else value
    if isinstance(value, Decimal):
        if value.is_nan():
            return None
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else None
    return None


def _store_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and INT64_MIN <= value <= INT64_MAX:
        return value
    return None


def _store_date(value: Any) -> int | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return (value - EPOCH).days
    return None


def _store_bool(value: Any) -> int | None:
    return int(value) if isinstance(value, bool) else None


STORE: dict[str, Callable[[Any], Any]] = {
    "integer": _store_int,
    "year": _store_int,
    "number": exact_float,
    "date": _store_date,
    "boolean": _store_bool,
}
