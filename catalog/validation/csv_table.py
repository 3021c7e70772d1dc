"""Read a UTF-8 CSV into string columns, numbering rows the way frictionless does.

Frictionless numbers CSV records (not physical lines) from 1 and takes as header the first record
whose width is close to the average of the first 100 (normally record 1). It keeps rows whose cell
count differs from the header's. pyarrow reads the file fast but hands such rows to a callback; we
put them back with their record numbers, their cells padded with nulls (a null is a cell the row
does not have) and their surplus cells kept apart. When pyarrow and Python's csv module might
disagree, `exact=True` reads with the csv module instead (slow, rare).

Files are read in chunks of rows (`CsvStream.chunks`), numbered across the whole file, so a table of any
size is checked in constant memory; `read_csv_table` joins the chunks for callers that want it all.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from catalog.validation.labels import SAMPLE_SIZE, header_index

if TYPE_CHECKING:
    import pandas as pd

csv.field_size_limit(2**31 - 1)  # long cells are data to check, not a reason to crash


class CsvReadError(Exception):
    """The file cannot be read as UTF-8 CSV (the message says why)."""


@dataclass
class CsvTable:
    labels: list[str]  # header cells, stripped as frictionless does; [] when the first record is empty
    columns: list[pa.ChunkedArray]  # cell texts per column; null where the row has no such cell
    row_numbers: np.ndarray  # int64, frictionless' row number of each row (header = 1)
    extra_cells: dict[int, list[str]] = field(default_factory=dict)  # row index -> surplus cells
    empty: bool = False  # the file has no record at all

    @property
    def nbytes(self) -> int:
        return sum(column.nbytes for column in self.columns)

    @property
    def num_rows(self) -> int:
        return len(self.row_numbers)

    def order(self) -> np.ndarray | None:
        return row_order(self.row_numbers)

    def to_frame(self) -> pd.DataFrame:
        """The cells as a DataFrame, one column per header label (or column number when the labels do not
        fit), rows in row-number order: the row numbered r by frictionless (header = 1) has index r - 2."""
        import pandas as pd

        arrow = pa.table({str(index): column for index, column in enumerate(self.columns)})
        numbers, order = self.row_numbers, self.order()
        if order is not None:
            arrow, numbers = arrow.take(pa.array(order)), numbers[order]
        frame = arrow.to_pandas()
        if len(self.labels) == len(self.columns):
            frame.columns = self.labels
        frame.index = pd.Index(numbers - 2)
        return frame

    def all_cells_empty(self) -> np.ndarray:
        """Rows whose every cell is "" (an empty line reads like this in pyarrow)."""
        result = np.ones(self.num_rows, dtype=bool)
        for column in self.columns:
            result &= pc.fill_null(pc.equal(column, ""), False).to_numpy(zero_copy_only=False)
        return result


def row_order(row_numbers: np.ndarray) -> np.ndarray | None:
    """Row indices in row-number order, or None when the rows already are in that order."""
    if len(row_numbers) < 2 or bool(np.all(row_numbers[1:] > row_numbers[:-1])):
        return None
    return np.argsort(row_numbers, kind="stable")


class Reread(Exception):
    """pyarrow and Python's csv module might read the file differently: read it with the csv module."""


@dataclass
class CsvStream:
    """A CSV file opened for reading in chunks of rows; `chunks()` may be called more than once."""

    path: Path
    labels: list[str]
    header_number: int  # the record that holds the header (1-based)
    ncols: int  # columns per row: the header's width, or the schema's when the header is empty
    header: list[str]
    exact: bool = False  # read with the csv module (slow, rare)
    empty: bool = False  # the file has no record at all

    def chunks(self, chunk_bytes: int | None = None) -> Iterator[CsvTable]:
        """The data rows in chunks of about `chunk_bytes` of text, in record order, numbered across the file.

        With pyarrow, a file pyarrow might read otherwise than the csv module raises `Reread` (maybe after
        some chunks): the caller starts again with `exact=True`.
        """
        if self.empty or not self.ncols:
            return iter(())
        size = chunk_bytes or CHUNK_BYTES
        if self.exact:
            return _chunks_with_csv_module(self.path, self.header_number, self.ncols, size)
        return _chunks_with_pyarrow(self.path, self.header, self.header_number, self.ncols, size)


CHUNK_BYTES = 1 << 21  # the text a chunk holds: memory stays flat however large the file
# pyarrow reads up to 32 blocks ahead of the parser: small blocks keep that bounded too (8 MiB)
READ_BLOCK = 1 << 18


def open_csv_table(path: Path, *, width: int, exact: bool = False) -> CsvStream:
    """Find the header of `path`; `width` is the number of columns to use when the header row is empty."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            sample = list(itertools.islice(csv.reader(file), SAMPLE_SIZE))
    except UnicodeDecodeError as error:
        raise CsvReadError(f"the file is not valid UTF-8 ({error.reason} at byte {error.start})") from error
    if not sample:
        return CsvStream(path, [], 0, 0, [], exact, empty=True)
    index = header_index([len(cells) for cells in sample])
    header = sample[index]
    return CsvStream(path, [str(cell).strip() for cell in header], index + 1, len(header) or width, header, exact)


def read_csv_table(path: Path, *, width: int, exact: bool = False,
                   chunk_bytes: int | None = None) -> CsvTable:
    """The whole of `path` in one CsvTable (its chunks joined)."""
    stream = open_csv_table(path, width=width, exact=exact)
    try:
        chunks = list(stream.chunks(chunk_bytes))
    except Reread:
        stream = open_csv_table(path, width=width, exact=True)
        chunks = list(stream.chunks(chunk_bytes))
    table = join_chunks(chunks, stream.ncols)
    table.labels = stream.labels
    table.empty = stream.empty or (not stream.labels and table.num_rows == 0)
    return table


def join_chunks(chunks: list[CsvTable], ncols: int) -> CsvTable:
    if not chunks:
        return CsvTable(labels=[], columns=[pa.chunked_array([], type=pa.string()) for _ in range(ncols)],
                        row_numbers=np.zeros(0, dtype=np.int64))
    columns = [pa.chunked_array([c for chunk in chunks for c in chunk.columns[i].chunks], type=pa.string())
               for i in range(ncols)]
    extra, start = {}, 0
    for chunk in chunks:
        extra.update({start + row: cells for row, cells in chunk.extra_cells.items()})
        start += chunk.num_rows
    return CsvTable(labels=[], columns=columns, row_numbers=np.concatenate([c.row_numbers for c in chunks]),
                    extra_cells=extra)


def _chunks_with_pyarrow(path: Path, header: list[str], header_number: int, ncols: int,
                         chunk_bytes: int) -> Iterator[CsvTable]:
    names = [str(index) for index in range(ncols)]
    invalid: list[tuple[int | None, str]] = []  # rows of another width, reported as pyarrow parses

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    try:
        reader = pacsv.open_csv(
            path,
            # One thread: only then does pyarrow tell the record number of an invalid row.
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False,
                                           block_size=min(chunk_bytes, READ_BLOCK)),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                                 strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False),
        )
        numbering = _Numbering(header, header_number, ncols)
        held: list[CsvTable] = []
        held_bytes = 0
        for batch in reader:
            # pyarrow parses a block before it hands it over (and may parse the next one ahead), so every
            # invalid row up to this batch's last record has been reported by now.
            part = numbering.chunk(batch, invalid)
            if part is not None:
                held.append(part)
                held_bytes += part.nbytes
            if held and held_bytes >= chunk_bytes:
                yield join_chunks(held, ncols)
                held, held_bytes = [], 0
    except pa.ArrowInvalid as error:
        if "UTF8" in str(error):
            raise CsvReadError("the file is not valid UTF-8") from error
        raise Reread() from error  # something pyarrow cannot parse: let the csv module decide
    last = numbering.rest(invalid)
    if last is not None:
        held.append(last)
    if held:
        yield join_chunks(held, ncols)


class _Numbering:
    """Gives pyarrow's good rows their record numbers: the invalid rows are known, the good ones fill the gaps
    in order. Records up to the header are not data for frictionless either."""

    def __init__(self, header: list[str], header_number: int, ncols: int):
        self.header, self.header_number, self.ncols = header, header_number, ncols
        self.next_number = 1  # the first record not yet numbered
        self.taken = 0  # invalid rows already placed

    def _pending(self, invalid: list[tuple[int | None, str]]) -> list[tuple[int, str]]:
        """The invalid rows not yet placed; each must come after the rows numbered so far."""
        pending = invalid[self.taken:]
        if any(number is None or number < self.next_number for number, _ in pending):
            raise Reread()
        return pending

    def chunk(self, batch: pa.RecordBatch, invalid: list[tuple[int | None, str]]) -> CsvTable | None:
        pending = self._pending(invalid)
        size = batch.num_rows
        if size == 0:
            return None
        skipped = np.array([number for number, _ in pending], dtype=np.int64)
        candidates = np.arange(self.next_number, self.next_number + size + len(skipped), dtype=np.int64)
        numbers = candidates[~np.isin(candidates, skipped)][:size]
        last = int(numbers[-1])
        placed = [(number, text) for number, text in pending if number < last]
        self.taken += len(placed)
        self.next_number = last + 1
        columns = [batch.column(i) for i in range(self.ncols)]
        if any(number == self.header_number for number, _ in placed):
            raise Reread()  # the header is a row pyarrow found invalid
        if numbers[0] <= self.header_number:  # data starts after the header
            at_header = int(np.searchsorted(numbers, self.header_number))
            if at_header < size and numbers[at_header] == self.header_number and self.header and \
                    [column[at_header].as_py() for column in columns] != self.header:
                raise Reread()  # pyarrow saw another header than the csv module did
            start = at_header + 1 if at_header < size and numbers[at_header] == self.header_number else at_header
            numbers, columns = numbers[start:], [column.slice(start) for column in columns]
            placed = [(number, text) for number, text in placed if number > self.header_number]
        return _with_invalid_rows(columns, numbers, placed, self.ncols)

    def rest(self, invalid: list[tuple[int | None, str]]) -> CsvTable | None:
        """The invalid rows after the last good one."""
        pending = self._pending(invalid)
        if any(number == self.header_number for number, _ in pending):
            raise Reread()
        pending = [(number, text) for number, text in pending if number > self.header_number]
        if not pending:
            return None
        empty = [pa.array([], type=pa.string()) for _ in range(self.ncols)]
        return _with_invalid_rows(empty, np.zeros(0, dtype=np.int64), pending, self.ncols)


def _with_invalid_rows(columns: list[pa.Array], numbers: np.ndarray, invalid: list[tuple[int, str]],
                       ncols: int) -> CsvTable:
    """A chunk of good rows with the rows of another cell count put back after them: their text parsed with
    the csv module, padded with nulls, surplus cells kept apart."""
    if not invalid:
        return CsvTable(labels=[], columns=[pa.chunked_array([column]) for column in columns],
                        row_numbers=numbers)
    extra: dict[int, list[str]] = {}
    padded: list[list[str | None]] = [[] for _ in range(ncols)]
    for offset, (_, text) in enumerate(invalid):
        cells = next(csv.reader(io.StringIO(text, newline="")), [])
        for index in range(ncols):
            padded[index].append(cells[index] if index < len(cells) else None)
        if len(cells) > ncols:
            extra[len(numbers) + offset] = cells[ncols:]
    joined = [pa.chunked_array([column, pa.array(cells, type=pa.string())], type=pa.string())
              for column, cells in zip(columns, padded)]
    all_numbers = np.concatenate([numbers, np.array([n for n, _ in invalid], dtype=np.int64)])
    return CsvTable(labels=[], columns=joined, row_numbers=all_numbers, extra_cells=extra)


def _chunks_with_csv_module(path: Path, header_number: int, ncols: int, chunk_bytes: int) -> Iterator[CsvTable]:
    cells_by_column: list[list[str | None]] = [[] for _ in range(ncols)]
    numbers: list[int] = []
    extra: dict[int, list[str]] = {}
    held = 0

    def chunk() -> CsvTable:
        return CsvTable(labels=[], columns=[pa.chunked_array([pa.array(cells, type=pa.string())])
                                            for cells in cells_by_column],
                        row_numbers=np.array(numbers, dtype=np.int64), extra_cells=dict(extra))

    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            records = enumerate(csv.reader(file), start=1)
            for number, cells in itertools.islice(records, header_number, None):
                for index in range(ncols):
                    cells_by_column[index].append(cells[index] if index < len(cells) else None)
                if len(cells) > ncols:
                    extra[len(numbers)] = cells[ncols:]
                numbers.append(number)
                held += sum(map(len, cells)) + len(cells)
                if held >= chunk_bytes:
                    yield chunk()
                    cells_by_column, numbers, held = [[] for _ in range(ncols)], [], 0
                    extra.clear()
    except UnicodeDecodeError as error:
        raise CsvReadError(f"the file is not valid UTF-8 ({error.reason} at byte {error.start})") from error
    if numbers:
        yield chunk()
