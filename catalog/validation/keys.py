"""Unique fields, primary keys and foreign keys over whole columns.

Values are compared the way frictionless compares them: as typed Python values, so "01" and "1" are
the same integer, "1.0" and "1" the same number, and two NaNs never equal. We turn each column
into integer codes (equal codes <=> equal values) and compare codes with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog.validation.types import ParsedColumn, plain_array

NO_VALUE = -1  # the code of a cell without a value (missing, or not of the field's type)


@dataclass
class KeyColumn:
    """The typed values of one column, as far as keys need them."""

    domain: str  # values of different domains never compare equal
    valid: np.ndarray  # bool: the cell has a value
    values: np.ndarray | pa.ChunkedArray | None  # the value, for valid rows not in py_rows
    py_rows: np.ndarray  # rows whose value is only known as a Python object...
    py_values: list[Any]  # ...and those values

    @classmethod
    def from_parsed(cls, column: ParsedColumn) -> "KeyColumn":
        values = [column.slow_cells[code].value for code in column.py_codes.tolist()]
        return cls(domain=column.domain, valid=column.valid, values=column.values,
                   py_rows=column.py_rows, py_values=values)

    @classmethod
    def join(cls, parts: list["KeyColumn"]) -> "KeyColumn":
        """One column from the columns of consecutive chunks of rows."""
        if len(parts) == 1:
            return parts[0]
        starts = np.cumsum([0] + [len(part) for part in parts[:-1]])
        values = [part.values for part in parts]
        if parts[0].domain == "str":
            joined = pa.chunked_array([c for value in values for c in value.chunks], type=pa.string())
        elif any(value is None for value in values):
            joined = None
        else:
            joined = np.concatenate(values)
        return cls(domain=parts[0].domain, valid=np.concatenate([part.valid for part in parts]), values=joined,
                   py_rows=np.concatenate([part.py_rows + start for part, start in zip(parts, starts)]),
                   py_values=[value for part in parts for value in part.py_values])

    def __len__(self) -> int:
        return len(self.valid)


def joint_codes(columns: list[KeyColumn]) -> list[np.ndarray]:
    """Codes for the cells of columns of one domain: equal codes <=> equal values; NO_VALUE for none."""
    codes = [np.full(len(column), NO_VALUE, dtype=np.int64) for column in columns]
    regular = []
    for column in columns:
        mask = column.valid.copy()
        mask[column.py_rows] = False
        regular.append(mask)
    next_code = 0
    if columns[0].domain == "str":
        arrays = [column.values.filter(pa.array(mask)) for column, mask in zip(columns, regular)]
        encoded = pc.dictionary_encode(pa.concat_arrays([plain_array(array) for array in arrays]))
        joined = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        next_code = len(encoded.dictionary)
    elif columns[0].domain != "py":
        arrays = [np.asarray(column.values)[mask] for column, mask in zip(columns, regular)]
        if len({array.dtype for array in arrays}) > 1:
            arrays = [array.astype(np.float64) for array in arrays]  # an integer meets a number
        joined, uniques = pd.factorize(np.concatenate(arrays))
        joined = joined.astype(np.int64)
        next_code = len(uniques)
    else:
        joined = np.zeros(0, dtype=np.int64)
    start = 0
    for code, mask in zip(codes, regular):
        count = int(mask.sum())
        code[mask] = joined[start:start + count]
        start += count

    # Python objects: equal ones share a code; a NaN (unequal to itself) or unhashable gets its own.
    seen: dict[Any, int] = {}
    for code, column in zip(codes, columns):
        for row, value in zip(column.py_rows.tolist(), column.py_values):
            try:
                if value == value and value in seen:
                    code[row] = seen[value]
                    continue
                if value == value:
                    seen[value] = next_code
            except (TypeError, ArithmeticError):  # unhashable, or a signalling NaN
                pass
            code[row] = next_code
            next_code += 1
    return codes


def combine(codes: list[np.ndarray]) -> np.ndarray:
    """One code per row for a tuple of columns (NO_VALUE is a value like any other here)."""
    combined = codes[0] + 1
    for column in codes[1:]:
        width = int(column.max()) + 2 if len(column) else 1
        combined, _ = pd.factorize(combined * width + (column + 1))
        combined = combined.astype(np.int64)
    return combined


def repeated(codes: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Among `rows` (indices in row order), those whose code appeared in an earlier one, and for
    each, the row where it appeared first."""
    if rows.size == 0:
        return rows, rows
    ordered, _ = pd.factorize(codes[rows])  # codes numbered by first appearance
    ordered = ordered.astype(np.int64)
    seen_before = np.maximum.accumulate(np.concatenate([[-1], ordered[:-1]]))
    is_first = ordered > seen_before
    first_rows = rows[is_first]
    later = ~is_first
    return rows[later], first_rows[ordered[later]]


def in_row_order(mask: np.ndarray, order: np.ndarray | None) -> np.ndarray:
    """Indices of the rows in `mask`, in row-number order."""
    if order is None:
        return np.flatnonzero(mask)
    return order[mask[order]]


def compatible(left: KeyColumn, right: KeyColumn) -> bool:
    return left.domain == right.domain


def missing_references(source: list[KeyColumn | None], target: list[KeyColumn]) -> np.ndarray:
    """Target rows whose key (not all without value) is not among the source's keys.

    A source column that does not exist (None) has no values, as in frictionless' lookup.
    """
    source_size = len(next((column for column in source if column is not None), target[0]))
    if all(column is None for column in source):
        source_size = 0
    source_codes, target_codes = [], []
    for left, right in zip(source, target):
        if left is None:
            left_codes = np.full(source_size, NO_VALUE, dtype=np.int64)
            right_codes = joint_codes([right])[0]
        elif compatible(left, right):
            left_codes, right_codes = joint_codes([left, right])
        else:  # values of different domains are never equal: keep their codes apart
            left_codes = joint_codes([left])[0]
            right_codes = joint_codes([right])[0]
            offset = int(left_codes.max()) + 1 if len(left_codes) else 0
            right_codes = np.where(right_codes == NO_VALUE, NO_VALUE, right_codes + offset)
        source_codes.append(left_codes)
        target_codes.append(right_codes)
    combined = combine([np.concatenate([s, t]) for s, t in zip(source_codes, target_codes)])
    source_keys, target_keys = combined[:source_size], combined[source_size:]
    source_has = ~np.all(np.stack(source_codes) == NO_VALUE, axis=0) if source_size else \
        np.zeros(0, dtype=bool)
    target_has = ~np.all(np.stack(target_codes) == NO_VALUE, axis=0)
    found = np.isin(target_keys, source_keys[source_has])
    return np.flatnonzero(target_has & ~found)


# --- Hashes for spreading keys over partitions (see key_spill): cells the functions above find equal
# always hash alike; cells without a value all hash as NONE_HASH.

NONE_HASH = np.uint64(0x9E3779B97F4A7C15)
_MASK = (1 << 64) - 1


def _mixed(hashes: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every bit of the result depends on every bit of the input."""
    with np.errstate(over="ignore"):
        hashes = hashes ^ (hashes >> np.uint64(30))
        hashes *= np.uint64(0xBF58476D1CE4E5B9)
        hashes ^= hashes >> np.uint64(27)
        hashes *= np.uint64(0x94D049BB133111EB)
        hashes ^= hashes >> np.uint64(31)
    return hashes


def cell_hashes(column: KeyColumn) -> np.ndarray:
    hashes = np.full(len(column), NONE_HASH, dtype=np.uint64)
    regular = column.valid.copy()
    regular[column.py_rows] = False
    if column.domain == "str":
        texts = plain_array(column.values.filter(pa.array(regular)))
        hashes[regular] = pd.util.hash_array(texts.to_numpy(zero_copy_only=False), categorize=False)
    elif column.domain != "py":
        # as doubles: an integer meets a number so in joint_codes; + 0.0 makes -0.0 the 0.0 it equals
        numbers = np.asarray(column.values)[regular].astype(np.float64) + 0.0
        hashes[regular] = _mixed(numbers.view(np.uint64))
    if len(column.py_rows):
        python = np.zeros(len(column.py_rows), dtype=np.uint64)
        for index, value in enumerate(column.py_values):
            try:
                python[index] = hash(value) & _MASK  # Python's hash agrees with ==, as `seen` there does
            except (TypeError, ArithmeticError):  # unhashable, or a signalling NaN: equal to nothing
                pass
        hashes[column.py_rows] = _mixed(python)
    return hashes


def key_hashes(columns: list[KeyColumn | None], size: int) -> tuple[np.ndarray, np.ndarray]:
    """(hash, has) of each row's key over `columns` (None: a column the table lacks, without values):
    rows whose keys `combine`/`missing_references` find equal hash alike; `has` is False where no column
    of the key has a value (such rows are never repeated, never missing, never found)."""
    if len(columns) == 1 and columns[0] is not None:
        return cell_hashes(columns[0]), columns[0].valid.copy()
    combined = np.zeros(size, dtype=np.uint64)
    has = np.zeros(size, dtype=bool)
    for column in columns:
        if column is None:
            cells = np.full(size, NONE_HASH, dtype=np.uint64)
        else:
            cells = cell_hashes(column)
            has |= column.valid
        with np.errstate(over="ignore"):
            combined = _mixed(combined * np.uint64(0x100000001B3) ^ cells)
    return combined, has
