"""Field constraints checked over whole columns, with frictionless' semantics.

frictionless checks constraints only on cells that have a value of the field's type; the bounds
and the enum are first read with the field's own value reader (so "10" bounds an integer as 10).
Cells that took the slow path in `types` already carry frictionless' verdict.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import Any, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from catalog.validation.types import (INT64_MAX, INT64_MIN, STORE, ParsedColumn, exact_float,
                                      plain_array, regex_mask, to_numpy_bool)

BOUNDS: dict[str, Callable[[Any, Any], Any]] = {
    "minimum": operator.ge,
    "maximum": operator.le,
    "exclusiveMinimum": operator.gt,
    "exclusiveMaximum": operator.lt,
}


def constraint_failures(column: ParsedColumn) -> list[tuple[str, np.ndarray]]:
    """(constraint name, indices of the rows breaking it), for each constraint of the field."""
    field = column.field
    failures: list[tuple[str, np.ndarray]] = []
    if field.required:
        failures.append(("required", np.flatnonzero(column.missing)))
    reader = field.create_value_reader()
    for name in field.supported_constraints:
        constraint = field.constraints.get(name)
        if constraint is None or name == "required":
            continue
        failed = np.zeros(len(column.missing), dtype=bool)
        if column.fast.any():
            failed |= _fast_failures(column, name, constraint, reader)
        failed[_slow_failures(column, name)] = True
        if failed.any():
            failures.append((name, np.flatnonzero(failed)))
    return failures


def _slow_failures(column: ParsedColumn, name: str) -> np.ndarray:
    if not column.slow_cells:
        return np.zeros(0, dtype=np.int64)
    breaks = np.array([name in cell.failed for cell in column.slow_cells], dtype=bool)
    return column.slow_rows[breaks[column.slow_codes]]


def _fast_failures(column: ParsedColumn, name: str, constraint: Any, reader) -> np.ndarray:
    fast = column.fast
    if name in BOUNDS:
        bound = reader(constraint)
        if bound is None:
            return np.zeros(len(fast), dtype=bool)  # frictionless cannot compare with it either
        return fast & ~_within_bound(column, BOUNDS[name], bound)
    if name == "enum":
        return fast & ~_in_enum(column, [reader(value) for value in constraint])
    if name in ("minLength", "maxLength"):
        lengths = pc.fill_null(pc.utf8_length(column.raw), 0).to_numpy(zero_copy_only=False)
        compare = np.greater_equal if name == "minLength" else np.less_equal
        return fast & ~compare(lengths, constraint)
    if name == "pattern":
        return fast & ~pattern_matches(column.raw, fast, str(constraint))
    return np.zeros(len(fast), dtype=bool)


def _within_bound(column: ParsedColumn, compare: Callable[[Any, Any], Any], bound: Any) -> np.ndarray:
    values = column.values
    store = STORE.get(column.field.type)
    if column.field.type == "number":
        exact = exact_float(bound)
        if exact is not None:
            return compare(values, exact)
        if isinstance(bound, Decimal) and bound.is_nan():
            return np.zeros(len(values), dtype=bool)
        # No double equals the bound: only values rounding to the same double need a closer look.
        approximate = float(bound)
        result = compare(values, approximate)
        for row in np.flatnonzero(column.fast & (values == approximate)).tolist():
            result[row] = compare(Decimal(repr(float(values[row]))), bound)
        return result
    if column.domain == "num" and isinstance(bound, int) and not isinstance(bound, bool):
        if bound > INT64_MAX or bound < INT64_MIN:  # no int64 lies beyond: the answer is uniform
            return np.full(len(values), bool(compare(0, bound)))
        return compare(values, np.int64(bound))
    held = store(bound) if store else None
    if held is None:
        return np.ones(len(values), dtype=bool)
    return compare(values, held)


def _in_enum(column: ParsedColumn, allowed: list[Any]) -> np.ndarray:
    if column.domain == "str":
        texts = [value for value in allowed if isinstance(value, str)]
        return to_numpy_bool(pc.is_in(column.raw, value_set=pa.array(texts, type=pa.string())))
    store = STORE.get(column.field.type)
    held = [store(value) for value in allowed if value is not None] if store else []
    held = [value for value in held if value is not None]
    return np.isin(column.values, np.array(held, dtype=column.values.dtype))  # type: ignore[union-attr]


# --- pattern: RE2 (pyarrow) where it agrees with Python's re, Python's re elsewhere

_CLASS_ESCAPES = set("dDwWsSbB")
_SAFE_ESCAPES = _CLASS_ESCAPES | set("ntrfvA")


def re2_pattern(pattern: str) -> tuple[str, bool] | None:
    """The RE2 form of frictionless' `re.match("^" + pattern + "$")`, and whether it uses \\d-like
    classes (which RE2 reads as ASCII, Python as Unicode). None when the syntax might differ."""
    if "(?" in pattern.replace("(?:", "") or "{," in pattern:
        return None
    if "[:" in pattern or "[=" in pattern or "[." in pattern:
        return None
    uses_classes = False
    index = 0
    while index < len(pattern):
        if pattern[index] == "\\":
            if index + 1 >= len(pattern):
                return None
            escaped = pattern[index + 1]
            if escaped.isalnum():
                if escaped not in _SAFE_ESCAPES:
                    return None
                uses_classes |= escaped in _CLASS_ESCAPES
            elif not escaped.isascii():
                return None
            index += 2
        else:
            index += 1
    return "^(?:^" + pattern + "$)", uses_classes


def pattern_matches(raw: pa.ChunkedArray, rows: np.ndarray, pattern: str) -> np.ndarray:
    """Whether each cell matches the Table Schema pattern (meaningful where `rows`)."""
    matches = np.zeros(len(raw), dtype=bool)
    python_rows = rows.copy()
    translated = re2_pattern(pattern)
    if translated is not None:
        re2, uses_classes = translated
        # RE2 and Python agree on text without newlines ($ differs) and, when the pattern has
        # \d-like classes, on printable ASCII only.
        plain = to_numpy_bool(pc.ascii_is_printable(raw)) if uses_classes else ~to_numpy_bool(
            pc.match_substring(raw, "\n"))
        plain &= rows
        try:
            matches |= plain & regex_mask(raw, re2)
            python_rows &= ~plain
        except pa.ArrowInvalid:
            pass  # RE2 rejects the pattern: Python's re decides for every cell
    if python_rows.any():
        compiled = re.compile("^{0}$".format(pattern))
        selected = np.flatnonzero(python_rows)
        encoded = pc.dictionary_encode(plain_array(raw.take(pa.array(selected))))
        verdicts = np.array([compiled.match(text) is not None
                             for text in encoded.dictionary.to_pylist()], dtype=bool)
        matches[selected] = verdicts[encoded.indices.to_numpy(zero_copy_only=False)]
    return matches
