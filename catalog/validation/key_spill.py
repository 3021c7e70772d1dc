"""Key checks of a table whose key columns outgrow KEY_BUDGET: the keys go to partition files on disk instead.

Each key (a tuple of fields: a unique field, the primary key, a foreign key's fields or the fields one points
at) is spread over partition files by a hash of its typed value (`keys.key_hashes`: equal keys hash alike),
each row as (hash, row number, cell texts). A partition then holds every row whose key might equal its
rows' keys, so the checks run partition by partition: rows whose hash no other row shares are set aside
at once, and the others are read again from their cells (`types.parse_column`, as the check read them)
and compared exactly, by the functions of `keys`. The findings are those the in-memory checks give.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa

from catalog.validation.csv_table import open_csv_table, row_order
from catalog.validation.keys import KeyColumn, combine, joint_codes, key_hashes, missing_references, repeated
from catalog.validation.spill import Partitions, aligned
from catalog.validation.types import parse_column

if TYPE_CHECKING:
    from frictionless import Field

KEY_BUDGET = 32 << 20  # bytes of key columns (values, cell texts, row numbers) a table keeps in memory

Key = tuple[str, ...]
Chunks = Callable[[], Iterator[tuple[dict[str, pa.ChunkedArray], np.ndarray]]]


@dataclass
class KeyReading:
    """How to read a table's key cells again: each kept field's Field and missing values, and `chunks()`,
    the kept columns' cell texts and row numbers, chunk by chunk, as the check read them."""

    fields: dict[str, tuple[Field, list[str]]]
    chunks: Chunks

    def column(self, name: str, texts: pa.ChunkedArray) -> KeyColumn | None:
        if name not in self.fields:
            return None  # the table lacks the field: it has no values
        field, missing_values = self.fields[name]
        return KeyColumn.from_parsed(parse_column(texts, field, missing_values))

    @classmethod
    def from_file(cls, path: Path, width: int, exact: bool, fields: dict[str, tuple[Field, list[str]]],
                  positions: dict[str, int]) -> KeyReading:
        """The key fields of the CSV at `path`, in columns `positions`, read as `open_csv_table` reads it."""
        def chunks() -> Iterator[tuple[dict[str, pa.ChunkedArray], np.ndarray]]:
            for chunk in open_csv_table(path, width=width, exact=exact).chunks():
                if chunk.num_rows:
                    yield {name: chunk.columns[index] for name, index in positions.items()}, chunk.row_numbers
        return cls(fields, chunks)


def held_bytes(columns: dict[str, list[KeyColumn]], texts: dict[str, list[pa.ChunkedArray]],
               row_numbers: np.ndarray) -> int:
    """What the last chunk's key columns (the last of each list) and row numbers hold in memory."""
    total = row_numbers.nbytes
    for name, parts in columns.items():
        column = parts[-1]
        total += column.valid.nbytes + column.py_rows.nbytes + 64 * len(column.py_values)
        if isinstance(column.values, np.ndarray):
            total += column.values.nbytes  # a text column's values are its texts, counted below
        total += texts[name][-1].nbytes
    return total


class KeySpill:
    """The keys of one table spread over partition files: those in `keys` as rows are added, any other the
    first time it is asked for (by reading the table again). For the key `empty_key` (the primary key) the
    row numbers of rows without any of its values are kept too."""

    def __init__(self, reading: KeyReading, keys: Iterable[Key] = (), empty_key: Key | None = None):
        self.reading, self.empty_key = reading, empty_key
        self._scratch = tempfile.TemporaryDirectory(prefix="catalog-keys-")
        self.spreads: dict[Key, Partitions] = {}
        for key in keys:
            self._new(key)
        self.empty: list[np.ndarray] = []
        self.rows = 0
        self._held: tuple[dict[str, KeyColumn], dict[str, pa.ChunkedArray], np.ndarray] | None = None

    @classmethod
    def from_memory(cls, reading: KeyReading | None, columns: dict[str, KeyColumn],
                    texts: dict[str, pa.ChunkedArray], row_numbers: np.ndarray) -> KeySpill:
        """A table whose keys are in memory, to be spread like a spilled one (a foreign key between the two)."""
        spill = cls(reading or KeyReading({}, lambda: iter(())))
        spill._held = (columns, texts, row_numbers)
        spill.rows = len(row_numbers)
        return spill

    def _new(self, key: Key) -> Partitions:
        schema = pa.schema([("hash", pa.uint64()), ("row", pa.int64())]
                           + [(f"cell{index}", pa.string()) for index in range(len(key))])
        partitions = Partitions(Path(self._scratch.name) / f"key{len(self.spreads)}.arrow", schema)
        self.spreads[key] = partitions
        return partitions

    def add(self, columns: dict[str, KeyColumn], texts: dict[str, pa.ChunkedArray],
            row_numbers: np.ndarray) -> None:
        """The key columns of the next rows (a chunk), with their cell texts and row numbers."""
        for key, partitions in self.spreads.items():
            empty = _spread(partitions, key, columns, texts, row_numbers)
            if key == self.empty_key:
                self.empty.append(row_numbers[empty])
        self.rows += len(row_numbers)

    def close(self) -> None:
        for partitions in self.spreads.values():
            partitions.close()

    def partitions(self, key: Key) -> Partitions:
        if key not in self.spreads:
            partitions = self._new(key)
            if self._held is not None:
                _spread(partitions, key, *self._held)
            else:
                for raw, row_numbers in self.reading.chunks():
                    columns = {name: self.reading.column(name, raw[name]) for name in key if name in raw}
                    _spread(partitions, key, {n: c for n, c in columns.items() if c is not None},
                            raw, row_numbers)
            partitions.close()
        return self.spreads[key]

    def empty_rows(self) -> np.ndarray:
        return np.concatenate(self.empty) if self.empty else np.zeros(0, dtype=np.int64)

    def remove(self) -> None:
        self.close()
        self._scratch.cleanup()


def _spread(partitions: Partitions, key: Key, columns: dict[str, KeyColumn], texts: dict[str, pa.ChunkedArray],
            row_numbers: np.ndarray) -> np.ndarray:
    """Add the rows with a value in `key` to its partitions; the mask of the others."""
    hashes, has = key_hashes([columns.get(name) for name in key], len(row_numbers))
    rows = np.flatnonzero(has)
    order, bounds = partitions.order(hashes[rows])
    rows = rows[order]  # with a value, in partition order
    taken = pa.array(rows)
    cells = [texts[name].take(taken).combine_chunks() if name in columns else pa.nulls(len(rows), pa.string())
             for name in key]
    partitions.write([pa.array(hashes[rows]), pa.array(row_numbers[rows]), *cells], bounds)
    return ~has


def _columns(reading: KeyReading, key: Key, part: pa.Table) -> list[KeyColumn | None]:
    return [reading.column(name, part.column(f"cell{index}")) for index, name in enumerate(key)]


def _joined_cells(part: pa.Table, width: int, rows: np.ndarray) -> list[str]:
    if rows.size == 0:
        return []
    taken = [part.column(f"cell{index}").take(pa.array(rows)).to_pylist() for index in range(width)]
    return [", ".join("" if cell is None else cell for cell in cells) for cells in zip(*taken)]


def _shared(hashes: np.ndarray) -> np.ndarray:
    """Where a hash occurs more than once."""
    index = pd.Index(hashes)
    if index.is_unique:  # the usual case: a key without repeats
        return np.zeros(len(hashes), dtype=bool)
    return index.duplicated(keep=False)


def repeats(spill: KeySpill, key: Key, *, combined: bool) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The rows whose key an earlier row (in row order) has, among those with a value: (their row numbers in
    row order, the row number where each key was first seen, their cells joined by ", "). `combined`: the
    key's columns combined as for a primary key; else the one column of a unique field."""
    numbers, firsts, cells = [], [], []
    for [part] in aligned([spill.partitions(key)]):
        maybe = _shared(part.column("hash").to_numpy())
        if not maybe.any():
            continue
        part = part.filter(pa.array(maybe))
        codes = [joint_codes([column])[0] for column in _columns(spill.reading, key, part)]  # type: ignore[list-item]
        row_numbers = part.column("row").to_numpy()
        order = row_order(row_numbers)
        later, first = repeated(combine(codes) if combined else codes[0],
                                np.arange(len(row_numbers)) if order is None else order)
        numbers.append(row_numbers[later])
        firsts.append(row_numbers[first])
        cells += _joined_cells(part, len(key), later)
    return _in_row_order(numbers, cells, firsts)


def missing(source: KeySpill, source_key: Key, target: KeySpill, target_key: Key) -> tuple[np.ndarray, list[str]]:
    """The target rows whose key (with a value) no source row has, as `keys.missing_references` finds them:
    (their row numbers in row order, their cells joined by ", ")."""
    numbers, cells = [], []
    for source_part, target_part in aligned([source.partitions(source_key), target.partitions(target_key)]):
        source_hashes, target_hashes = source_part.column("hash").to_numpy(), target_part.column("hash").to_numpy()
        maybe = np.isin(target_hashes, source_hashes)  # a hash no source key has: certainly missing
        rows = np.flatnonzero(~maybe)
        if maybe.any():
            candidates = np.flatnonzero(maybe)
            sources = source_part.take(pa.array(np.flatnonzero(np.isin(source_hashes, target_hashes[candidates]))))
            targets = target_part.take(pa.array(candidates))
            found = missing_references(_columns(source.reading, source_key, sources),
                                       _columns(target.reading, target_key, targets))  # type: ignore[arg-type]
            rows = np.sort(np.concatenate([rows, candidates[found]]))
        numbers.append(target_part.column("row").to_numpy()[rows])
        cells += _joined_cells(target_part, len(target_key), rows)
    in_order, _, cells_in_order = _in_row_order(numbers, cells, numbers)
    return in_order, cells_in_order


def _in_row_order(numbers: list[np.ndarray], cells: list[str],
                  firsts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    if not numbers:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, []
    all_numbers, all_firsts = np.concatenate(numbers), np.concatenate(firsts)
    order = np.argsort(all_numbers, kind="stable")
    return all_numbers[order], all_firsts[order], [cells[index] for index in order.tolist()]
