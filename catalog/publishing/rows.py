"""Which rows of a table differ between the catalog's copy and the package's: added, removed and changed,
matched by the table's primary key (without one, rows are compared whole: added and removed only).

Tables of any size are compared in constant memory: each file is read in chunks, each row becomes 64-bit
hashes of its key and of its other cells (without a key: of the whole row), and those go to partition files
on disk by key; the partitions are then compared one at a time. Cells are compared as text.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog.memory import release_free_memory
from catalog.validation import csv_table
from catalog.validation.csv_table import CsvReadError, CsvStream, Reread, open_csv_table

EXAMPLES = 3
PARTITION_ROWS = 150_000  # rows of one side in one partition (24 bytes each): about 4 MB
MAX_PARTITIONS = 256  # files open at once per side; past ~40M rows partitions grow instead
SHORTEST_ROW = 24  # bytes of text: to count rows from a file's size without reading it
CHUNK_BYTES = 1 << 19  # text hashed at once: the cells become Python strings on the way
ROW = np.dtype([("key", "<u8"), ("rest", "<u8"), ("index", "<i8")])


@dataclass
class RowChanges:
    added: int = 0
    removed: int = 0
    changed: int = 0
    key: list[str] = field(default_factory=list)  # the primary key the rows were matched by ([]: none)
    changed_keys: list[str] = field(default_factory=list)  # a few changed rows, as "field=value" text
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)
    # the first few changed rows: {"key": {field: value}, "fields": {field: [old, new]}}
    changes: list[dict] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # field -> its title in the table schema

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.fields_added or self.fields_removed)


def _key_text(key: list[str], values: list[str]) -> str:
    return ", ".join(f"{name}={value}" for name, value in zip(key, values))


def _open(path: Path, exact: bool = False) -> CsvStream | None:
    try:
        return open_csv_table(path, width=0, exact=exact)
    except (CsvReadError, OSError):
        return None


def _chunks(stream: CsvStream | None):
    """The rows of a file chunk by chunk, in row order: {label: cell texts (missing cells as "")}."""
    if stream is None:
        return
    labels = stream.labels
    for chunk in stream.chunks(min(CHUNK_BYTES, csv_table.CHUNK_BYTES)):
        order = chunk.order()
        columns = {}
        for label, column in zip(labels, chunk.columns):
            texts = pc.fill_null(column, "")
            columns[label] = texts.take(pa.array(order)) if order is not None else texts
        yield chunk.num_rows, columns


def _hash_columns(columns: dict[str, pa.ChunkedArray], names: list[str]) -> dict[str, np.ndarray]:
    # categorize=False: hashing every cell beats finding the distinct ones first, in time and in memory
    return {name: pd.util.hash_array(columns[name].to_numpy(zero_copy_only=False), categorize=False)
            for name in names}


def _combined(hashes: dict[str, np.ndarray], names: list[str], size: int) -> np.ndarray:
    """One hash of the cells of `names` in each row (0 for no columns)."""
    result = np.zeros(size, dtype=np.uint64)
    for name in names:
        result = result * np.uint64(1_000_003) ^ hashes[name]  # wraps around: order matters, as it should
    return result


class _Partitions:
    """Rows of one file, hashed, spread over `count` files in `folder` by their key hash."""

    def __init__(self, folder: Path, side: str, count: int):
        self.paths = [folder / f"{side}-{number}.rows" for number in range(count)]
        self.files = [open(path, "wb", buffering=0) for path in self.paths]  # each write is a whole slice

    def add(self, rows: np.ndarray) -> None:
        where = (rows["key"] % np.uint64(len(self.files))).astype(np.int64)
        order = np.argsort(where, kind="stable")
        bounds = np.searchsorted(where[order], np.arange(len(self.files) + 1))
        rows = rows[order]
        for number, file in enumerate(self.files):
            if bounds[number + 1] > bounds[number]:
                file.write(rows[bounds[number]:bounds[number + 1]].tobytes())

    def close(self) -> None:
        for file in self.files:
            file.close()

    def read(self, number: int) -> np.ndarray:
        return np.fromfile(self.paths[number], dtype=ROW)


def _spread(stream: CsvStream | None, partitions: _Partitions, key: list[str], common: list[str]) -> None:
    rest = [name for name in common if name not in key]
    index = 0
    for size, columns in _chunks(stream):
        hashes = _hash_columns(columns, common)
        rows = np.empty(size, dtype=ROW)
        # without a key, equal rows must meet in one partition: the whole row is their key
        rows["key"] = _combined(hashes, key if key else common, size)
        rows["rest"] = _combined(hashes, rest, size) if key else 0
        rows["index"] = np.arange(index, index + size)
        index += size
        partitions.add(rows)
    partitions.close()


def diff_rows(old_path: Path, new_path: Path, primary_key: list[str] | str | None,
              schema: dict | None = None) -> RowChanges:
    """The row changes from the file at `old_path` (the catalog's copy) to the one at `new_path` (the package's).

    Raises CsvReadError when a file turns out not to be UTF-8 CSV part-way."""
    try:
        changes = _diff(_open(old_path), _open(new_path), primary_key)
    except Reread:  # pyarrow might read a file otherwise than the csv module: read both with the latter
        changes = _diff(_open(old_path, exact=True), _open(new_path, exact=True), primary_key)
    if schema:
        changes.titles = {f["name"]: f["title"] for f in schema.get("fields", []) if f.get("title")}
    return changes


def _diff(old: CsvStream | None, new: CsvStream | None, primary_key: list[str] | str | None) -> RowChanges:
    old_labels, new_labels = (old.labels if old else []), (new.labels if new else [])
    changes = RowChanges(fields_added=[c for c in new_labels if c not in old_labels],
                         fields_removed=[c for c in old_labels if c not in new_labels])
    common = [c for c in new_labels if c in old_labels]
    key = [primary_key] if isinstance(primary_key, str) else list(primary_key or [])
    key = key if key and all(k in common for k in key) else []
    size = max(stream.path.stat().st_size if stream else 0 for stream in (old, new))
    count = min(MAX_PARTITIONS, max(1, size // (PARTITION_ROWS * SHORTEST_ROW)))
    with tempfile.TemporaryDirectory(prefix="catalog-rows-") as scratch:
        sides = [_Partitions(Path(scratch), side, count) for side in ("old", "new")]
        for stream, partitions in zip((old, new), sides):
            _spread(stream, partitions, key, common)
            release_free_memory()  # the cells hashed as Python strings: their pages back before the next step

        def partition(number: int) -> tuple[np.ndarray, np.ndarray]:
            return sides[0].read(number), sides[1].read(number)

        if key and not any(_repeats(side["key"]) for number in range(count) for side in partition(number)):
            changes.key = key
            examples: list[tuple[int, int]] = []
            for number in range(count):
                _compare_by_key(*partition(number), changes, examples)
            examples = sorted(examples)[:EXAMPLES]
            changes.changed_keys = _key_texts(new, key, [new_index for new_index, _ in examples])
            changes.changes = _field_changes(old, new, key, examples)
        else:
            for number in range(count):
                _compare_whole(*partition(number), changes)
    release_free_memory()
    return changes


def _repeats(values: np.ndarray) -> bool:
    return len(np.unique(values)) != len(values)


def _compare_by_key(old: np.ndarray, new: np.ndarray, changes: RowChanges, examples: list[int]) -> None:
    order = np.argsort(old["key"], kind="stable")
    old_keys, old_rest = old["key"][order], old["rest"][order]
    at = np.minimum(np.searchsorted(old_keys, new["key"]), max(len(old_keys) - 1, 0))
    found = old_keys[at] == new["key"] if len(old_keys) else np.zeros(len(new), dtype=bool)
    changes.added += int((~found).sum())
    changes.removed += int((~np.isin(old["key"], new["key"])).sum())
    differ = old_rest[at[found]] != new["rest"][found]
    changes.changed += int(differ.sum())
    new_rows = new["index"][found][differ]
    old_rows = old["index"][order][at[found][differ]]
    first = np.argsort(new_rows, kind="stable")[:EXAMPLES]
    examples.extend(zip(new_rows[first].tolist(), old_rows[first].tolist()))


def _compare_whole(old: np.ndarray, new: np.ndarray, changes: RowChanges) -> None:
    """Rows as a multiset: a row hash once more in the new file than in the old is one row added."""
    before, in_before = np.unique(_whole(old), return_counts=True)
    after, in_after = np.unique(_whole(new), return_counts=True)
    at = np.minimum(np.searchsorted(before, after), max(len(before) - 1, 0))
    matched = before[at] == after if len(before) else np.zeros(len(after), dtype=bool)
    difference = in_after - np.where(matched, in_before[at] if len(before) else 0, 0)
    changes.added += int(difference[difference > 0].sum())
    gone = np.ones(len(before), dtype=bool)
    gone[at[matched]] = False
    changes.removed += int(-difference[difference < 0].sum()) + int(in_before[gone].sum())


def _whole(rows: np.ndarray) -> np.ndarray:
    """A hash of the whole row: with a key, made of the key's and the other cells' (without, it is the key)."""
    return rows["key"] * np.uint64(1_000_003) ^ rows["rest"]


def _rows_at(stream: CsvStream | None, indices: list[int]) -> dict[int, dict[str, str]]:
    """The cells of the rows at `indices` (row positions in the file), read again: {index: {label: text}}."""
    wanted, rows, start = set(indices), {}, 0
    for size, columns in _chunks(stream) if wanted else ():
        for index in sorted(i for i in wanted if start <= i < start + size):
            rows[index] = {label: column[index - start].as_py() for label, column in columns.items()}
        start += size
        if len(rows) == len(wanted):
            break
    return rows


def _key_texts(stream: CsvStream | None, key: list[str], indices: list[int]) -> list[str]:
    """The key cells of the rows at `indices`, as "field=value" text."""
    rows = _rows_at(stream, indices)
    return [_key_text(key, [rows[index][name] for name in key]) for index in indices if index in rows]


def _field_changes(old: CsvStream | None, new: CsvStream | None, key: list[str],
                   examples: list[tuple[int, int]]) -> list[dict]:
    """For each (new row, old row) pair: its key and every field whose cell changed, from what to what."""
    new_rows = _rows_at(new, [n for n, _ in examples])
    old_rows = _rows_at(old, [o for _, o in examples])
    changes = []
    for new_index, old_index in examples:
        after, before = new_rows.get(new_index), old_rows.get(old_index)
        if after is None or before is None:
            continue
        fields = {name: [before[name], value] for name, value in after.items()
                  if name not in key and name in before and before[name] != value}
        changes.append({"key": {name: after[name] for name in key}, "fields": fields})
    return changes
