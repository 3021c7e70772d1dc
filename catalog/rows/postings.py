"""Which rows hold each value of a column of few values (months, agencies, methods): the sorted row numbers
(`_id`) of every value, found in one scan the first time a filter names the column and kept while the
table is in use. A filter of equalities on such columns is then an intersection of sorted arrays: its
count is the length, and its page a handful of row numbers whose rows DuckDB reads from the one row group
that holds them (the file is in `_id` order, so its row groups' min/max prune the rest).

Tables never change, so the postings never go stale; they are dropped, oldest first, past MAX_IDS.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from catalog.rows import engine
from catalog.rows.tables import RowTable
from catalog.rows.types import ROW_ID, quote_identifier

MAX_IDS = 25_000_000  # row numbers kept in all (int32 or int64: 100-200 MB at the most)
_postings: OrderedDict = OrderedDict()  # (table path, column) -> {value as text: sorted ids}
_sizes: dict = {}
_lock = threading.Lock()


def _of(table: RowTable, column: str) -> dict[str, np.ndarray]:
    key = (table.path, column)
    with _lock:
        found = _postings.get(key)
        if found is not None:
            _postings.move_to_end(key)
            return found
    rows = engine.cursor().execute(
        f"SELECT {quote_identifier(column)}::VARCHAR, list({ROW_ID} ORDER BY {ROW_ID}) FROM {table.relation()} "
        f"WHERE {quote_identifier(column)} IS NOT NULL GROUP BY 1").fetchall()
    kind = np.int32 if table.row_count < 2 ** 31 else np.int64
    found = {value: np.asarray(ids, dtype=kind) for value, ids in rows}
    with _lock:
        _postings[key] = found
        _sizes[key] = sum(len(ids) for ids in found.values())
        while sum(_sizes.values()) > MAX_IDS and len(_postings) > 1:
            old, _ = _postings.popitem(last=False)
            _sizes.pop(old, None)
    return found


def matching_ids(table: RowTable, filters: dict, columns: list[str]) -> np.ndarray | None:
    """The sorted ids of the rows matching every filter, when each filter is an equality or a list of
    values on one of `columns`; None when some filter is of another kind (SQL answers those)."""
    if not filters or any(name not in columns or isinstance(wanted, dict) for name, wanted in filters.items()):
        return None
    result = None
    for name, wanted in filters.items():
        postings = _of(table, name)
        values = wanted if isinstance(wanted, list) else [wanted]
        parts = [found for v in dict.fromkeys(map(_text, values)) if (found := postings.get(v)) is not None]
        ids = parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts)) if parts else np.empty(0, np.int64)
        result = ids if result is None else _intersection(result, ids, table.row_count)
        if not len(result):
            break
    return result


def _intersection(a: np.ndarray, b: np.ndarray, size: int) -> np.ndarray:
    """The ids in both sorted arrays, in order: a mark per row rather than a sort (linear time)."""
    if len(a) > len(b):
        a, b = b, a
    marks = np.zeros(size + 1, dtype=bool)
    marks[a] = True
    return b[marks[b]]


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
