"""Rows too many for memory, spread over partitions on disk by a 64-bit hash, then read back one partition at
a time: rows of equal hash always meet in one partition, so whatever compares rows by a value the hash is
made from can be done partition by partition.

`partition_slices` is the spreading rule (the row diff of catalog.publishing.rows uses it too). `Partitions`
holds Arrow tables with a "hash" column in one Arrow IPC file, a few batches per partition. A partition grown
too large for memory is split by the next bits of the hash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

PARTITIONS = 256  # partitions per spread: one partition of a 1 GB table's keys is a few MB
PART_BYTES = 16 << 20  # a partition larger than this (all sides together) is split again
BUFFER_BYTES = 16 << 20  # rows held before they are written, partition by partition (a batch each)


def partition_slices(hashes: np.ndarray, count: int, shift: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(order, bounds): the rows `order[bounds[p]:bounds[p + 1]]` go to partition p, in their order; a row's
    partition is its hash, shifted right by `shift` bits, modulo `count`."""
    where = (hashes >> np.uint64(shift)) % np.uint64(count)
    where = where.astype(np.uint16 if count <= 1 << 16 else np.int64)  # a stable sort of 16 bits is a radix sort
    order = np.argsort(where, kind="stable")
    bounds = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(where, minlength=count), out=bounds[1:])
    return order, bounds


class Partitions:
    """Tables of one schema (a uint64 "hash" column among theirs) spread over `count` partitions in the file
    at `path`. Add tables, `close`, then read partitions.

    Rows wait in memory (up to BUFFER_BYTES) and are then written partition by partition, each partition's
    rows as one batch of the file: reading a partition back reads its batches only."""

    def __init__(self, path: Path, schema: pa.Schema, count: int = 0, level: int = 0):
        self.path, self.schema, self.level = path, schema, level
        self.count = count or PARTITIONS
        self._sink = pa.OSFile(str(path), "wb")
        self._writer: pa.ipc.RecordBatchFileWriter | None = pa.ipc.new_file(self._sink, schema)
        self._waiting: list[list[pa.RecordBatch]] = [[] for _ in range(self.count)]
        self._waiting_bytes = 0
        self._batches: list[list[int]] = [[] for _ in range(self.count)]  # each partition's batches in the file
        self._bytes = [0] * self.count
        self._written = 0
        self._reader: pa.ipc.RecordBatchFileReader | None = None
        self.rows = 0

    @property
    def bits(self) -> int:
        return max(1, (self.count - 1).bit_length())

    @property
    def shift(self) -> int:
        """The hash bits this level spreads by start here: each level uses the next ones."""
        return self.level * self.bits

    def order(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`partition_slices` of these hashes at this level."""
        return partition_slices(hashes, self.count, self.shift)

    def write(self, columns: list[pa.Array], bounds: np.ndarray) -> None:
        """Rows already in partition order (`order`), their partitions starting at `bounds`."""
        assert self._writer is not None, "closed"
        if bounds[-1] == 0:
            return
        batch = pa.RecordBatch.from_arrays(columns, schema=self.schema)
        for number in np.flatnonzero(bounds[1:] > bounds[:-1]).tolist():
            self._waiting[number].append(batch.slice(bounds[number], bounds[number + 1] - bounds[number]))
        self.rows += int(bounds[-1])
        self._waiting_bytes += batch.nbytes
        if self._waiting_bytes >= BUFFER_BYTES:
            self._flush()

    def add(self, table: pa.Table) -> None:
        order, bounds = self.order(table.column("hash").to_numpy())
        taken = table.take(pa.array(order))
        self.write([column.combine_chunks() for column in taken.columns], bounds)

    def _flush(self) -> None:
        for number, waiting in enumerate(self._waiting):
            if waiting:
                batch = pa.concat_batches(waiting)
                self._writer.write_batch(batch)  # type: ignore[union-attr]
                self._batches[number].append(self._written)
                self._bytes[number] += batch.nbytes
                self._written += 1
                waiting.clear()
        self._waiting_bytes = 0

    def close(self) -> None:
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self._sink.close()
            self._writer = None

    def nbytes(self, number: int) -> int:
        self.close()
        return self._bytes[number]

    def read(self, number: int) -> pa.Table:
        self.close()
        if self._reader is None:
            self._reader = pa.ipc.open_file(pa.OSFile(str(self.path)))
        return pa.Table.from_batches([self._reader.get_batch(index) for index in self._batches[number]],
                                     schema=self.schema)

    def split(self, number: int, table: pa.Table) -> Partitions:
        """Partition `number` (read as `table`) spread one level deeper, into a file of its own."""
        deeper = Partitions(self.path.with_name(f"{self.path.stem}-{number}.arrow"), self.schema, self.count,
                            self.level + 1)
        step = max(1, table.num_rows * (PART_BYTES // 8) // max(self.nbytes(number), 1))  # slices of bounded size
        for start in range(0, table.num_rows, step):
            deeper.add(table.slice(start, step))
        deeper.close()
        return deeper

    def remove(self) -> None:
        self.close()
        self._reader = None
        self.path.unlink(missing_ok=True)


def aligned(sides: list[Partitions]) -> Iterator[list[pa.Table]]:
    """The partitions of `sides` (spread alike: same count and level), number by number, each as one table
    per side. A partition holding more than PART_BYTES is split further first, all sides alike, while the
    hash has bits left and its rows more than one hash (else splitting would not make it smaller)."""
    for number in range(sides[0].count):
        tables = [side.read(number) for side in sides]
        if sum(side.nbytes(number) for side in sides) > PART_BYTES and sides[0].shift + 2 * sides[0].bits <= 64 \
                and len(_hash_range(tables)) > 1:
            deeper = [side.split(number, table) for side, table in zip(sides, tables)]
            del tables
            yield from aligned(deeper)
            for side in deeper:
                side.remove()
            continue
        yield tables


def _hash_range(tables: list[pa.Table]) -> set[int]:
    """The least and the greatest hash of the tables' rows."""
    ends = [pc.min_max(table.column("hash")) for table in tables if table.num_rows]
    return {end[which].as_py() for end in ends for which in ("min", "max")}
