"""Read a UTF-8 CSV into string columns, numbering rows the way frictionless does.

Frictionless numbers CSV records (not physical lines) from 1 and takes as header the first record
whose width is close to the average of the first 100 (normally record 1). It keeps rows whose cell
count differs from the header's. pyarrow reads the file fast but hands such rows to a callback; we
put them back with their record numbers, their cells padded with nulls (a null is a cell the row
does not have) and their surplus cells kept apart. When pyarrow and Python's csv module might
disagree, `exact=True` reads with the csv module instead (slow, rare).
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

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
    def num_rows(self) -> int:
        return len(self.row_numbers)

    def order(self) -> np.ndarray | None:
        """Row indices in row-number order, or None when the rows already are in that order."""
        if self.num_rows < 2 or bool(np.all(self.row_numbers[1:] > self.row_numbers[:-1])):
            return None
        return np.argsort(self.row_numbers, kind="stable")

    def all_cells_empty(self) -> np.ndarray:
        """Rows whose every cell is "" (an empty line reads like this in pyarrow)."""
        result = np.ones(self.num_rows, dtype=bool)
        for column in self.columns:
            result &= pc.fill_null(pc.equal(column, ""), False).to_numpy(zero_copy_only=False)
        return result


SAMPLE_SIZE = 100  # records frictionless looks at to find the header row


def header_index(widths: list[int]) -> int:
    """Where frictionless finds the header: the first of the sampled records whose cell count is
    within 10 % of their average (so leading notes or blank lines are skipped), else the first."""
    if not widths:
        return 0
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    for index, count in enumerate(widths):
        if width - drift <= count <= width + drift:
            return index
    return 0


def read_csv_table(path: Path, *, width: int, exact: bool = False) -> CsvTable:
    """Read `path`; `width` is the number of columns to use when the header row is empty."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            sample = list(itertools.islice(csv.reader(file), SAMPLE_SIZE))
    except UnicodeDecodeError as error:
        raise CsvReadError(f"the file is not valid UTF-8 ({error.reason} at byte {error.start})") from error
    if not sample:
        return CsvTable(labels=[], columns=[], row_numbers=np.zeros(0, dtype=np.int64), empty=True)
    index = header_index([len(cells) for cells in sample])
    header = sample[index]
    labels = [str(cell).strip() for cell in header]
    ncols = len(header) or width
    table = None
    if ncols and not exact:
        table = _read_with_pyarrow(path, header, index + 1, ncols)
    if table is None:
        table = _read_with_csv_module(path, index + 1, ncols)
    table.labels = labels
    table.empty = not labels and table.num_rows == 0
    return table


def _read_with_pyarrow(path: Path, header: list[str], header_number: int,
                       ncols: int) -> CsvTable | None:
    names = [str(index) for index in range(ncols)]
    invalid: list[tuple[int | None, str]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            # One thread: only then does pyarrow tell the record number of an invalid row.
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                                 strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as error:
        if "UTF8" in str(error):
            raise CsvReadError("the file is not valid UTF-8") from error
        return None  # something pyarrow cannot parse: let the csv module decide
    if any(number is None for number, _ in invalid):
        return None

    # Records are numbered 1..total; the invalid ones are known, the good ones fill the gaps in order.
    total = table.num_rows + len(invalid)
    bad_numbers = np.array([number for number, _ in invalid], dtype=np.int64)
    if bad_numbers.size and (bad_numbers.min() < 1 or bad_numbers.max() > total):
        return None
    is_good = np.ones(total + 1, dtype=bool)
    is_good[0] = False
    is_good[bad_numbers] = False
    good_numbers = np.flatnonzero(is_good)
    at_header = int(np.searchsorted(good_numbers, header_number))
    if at_header >= len(good_numbers) or good_numbers[at_header] != header_number:
        return None
    if header and [table.column(i)[at_header].as_py() for i in range(ncols)] != header:
        return None  # pyarrow saw another header than the csv module did
    # Data starts after the header; records before it are not data for frictionless either.
    good_numbers = good_numbers[at_header + 1:]
    columns = [table.column(i).slice(at_header + 1) for i in range(ncols)]  # zero-copy
    invalid = [(number, text) for number, text in invalid if number > header_number]
    if not invalid:
        return CsvTable(labels=[], columns=columns, row_numbers=good_numbers.astype(np.int64))

    # Rows with another cell count: parse their text with the csv module, pad with nulls.
    extra: dict[int, list[str]] = {}
    padded: list[list[str | None]] = [[] for _ in range(ncols)]
    start = len(good_numbers)
    for offset, (_, text) in enumerate(invalid):
        cells = next(csv.reader(io.StringIO(text, newline="")), [])
        for index in range(ncols):
            padded[index].append(cells[index] if index < len(cells) else None)
        if len(cells) > ncols:
            extra[start + offset] = cells[ncols:]
    columns = [pa.chunked_array(column.chunks + [pa.array(cells, type=pa.string())], type=pa.string())
               for column, cells in zip(columns, padded)]
    numbers = np.concatenate([good_numbers, [number for number, _ in invalid]]).astype(np.int64)
    return CsvTable(labels=[], columns=columns, row_numbers=numbers, extra_cells=extra)


def _read_with_csv_module(path: Path, header_number: int, ncols: int) -> CsvTable:
    cells_by_column: list[list[str | None]] = [[] for _ in range(ncols)]
    numbers: list[int] = []
    extra: dict[int, list[str]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            records = enumerate(csv.reader(file), start=1)
            for number, cells in itertools.islice(records, header_number, None):
                for index in range(ncols):
                    cells_by_column[index].append(cells[index] if index < len(cells) else None)
                if len(cells) > ncols:
                    extra[len(numbers)] = cells[ncols:]
                numbers.append(number)
    except UnicodeDecodeError as error:
        raise CsvReadError(f"the file is not valid UTF-8 ({error.reason} at byte {error.start})") from error
    columns = [pa.chunked_array([pa.array(cells, type=pa.string())]) for cells in cells_by_column]
    return CsvTable(labels=[], columns=columns, row_numbers=np.array(numbers, dtype=np.int64),
                    extra_cells=extra)
