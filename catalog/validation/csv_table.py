"""Read a UTF-8 CSV into string columns, numbering rows the way frictionless does.

Frictionless numbers CSV records (not physical lines) from 1, the header being record 1, and keeps
rows whose cell count differs from the header. pyarrow reads the file fast but hands such rows to a
callback; we put them back with their record numbers, their cells padded with nulls (a null is a
cell the row does not have) and their surplus cells kept apart. When pyarrow and Python's csv module
might disagree, `exact=True` reads with the csv module instead (slow, rare).
"""

from __future__ import annotations

import csv
import io
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
    columns: list[pa.Array]  # one string array per column; null where the row has no such cell
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


def read_csv_table(path: Path, *, width: int, exact: bool = False) -> CsvTable:
    """Read `path`; `width` is the number of columns to use when the file has no header labels."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            first = next(csv.reader(file), None)
    except UnicodeDecodeError as error:
        raise CsvReadError(f"the file is not valid UTF-8 ({error.reason} at byte {error.start})") from error
    if first is None:
        return CsvTable(labels=[], columns=[], row_numbers=np.zeros(0, dtype=np.int64), empty=True)
    labels = ["" if cell is None else str(cell).strip() for cell in first]
    ncols = len(first) if first else width
    if ncols == 0:
        return CsvTable(labels=labels, columns=[], row_numbers=np.zeros(0, dtype=np.int64))
    if not exact:
        table = _read_with_pyarrow(path, first, ncols)
        if table is not None:
            table.labels = labels
            return table
    table = _read_with_csv_module(path, ncols)
    table.labels = labels
    return table


def _read_with_pyarrow(path: Path, first: list[str], ncols: int) -> CsvTable | None:
    names = [str(index) for index in range(ncols)]
    invalid: list[tuple[int | None, str]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            # One thread: only then does pyarrow tell the record number of an invalid row.
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False, block_size=1 << 24),
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
    if any(number is None for number, _ in invalid) or table.num_rows == 0:
        return None
    if first and [table.column(i)[0].as_py() for i in range(ncols)] != first:
        return None  # pyarrow saw another header than the csv module did

    # Records are numbered 1..total; the invalid ones are known, the good ones fill the gaps in order.
    total = table.num_rows + len(invalid)
    is_good = np.ones(total + 1, dtype=bool)
    is_good[0] = False
    bad_numbers = np.array([number for number, _ in invalid], dtype=np.int64)
    if bad_numbers.size and (bad_numbers.min() < 2 or bad_numbers.max() > total):
        return None
    is_good[bad_numbers] = False
    good_numbers = np.flatnonzero(is_good)[1:]  # drop record 1, the header (or the empty first line)
    columns = [table.column(i).combine_chunks().slice(1) for i in range(ncols)]
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
    columns = [pa.concat_arrays([column, pa.array(cells, type=pa.string())])
               for column, cells in zip(columns, padded)]
    numbers = np.concatenate([good_numbers, bad_numbers]).astype(np.int64)
    return CsvTable(labels=[], columns=columns, row_numbers=numbers, extra_cells=extra)


def _read_with_csv_module(path: Path, ncols: int) -> CsvTable:
    cells_by_column: list[list[str | None]] = [[] for _ in range(ncols)]
    extra: dict[int, list[str]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            next(reader, None)
            for row_index, cells in enumerate(reader):
                for index in range(ncols):
                    cells_by_column[index].append(cells[index] if index < len(cells) else None)
                if len(cells) > ncols:
                    extra[row_index] = cells[ncols:]
    except UnicodeDecodeError as error:
        raise CsvReadError(f"the file is not valid UTF-8 ({error.reason} at byte {error.start})") from error
    columns = [pa.array(cells, type=pa.string()) for cells in cells_by_column]
    numbers = np.arange(2, len(cells_by_column[0]) + 2, dtype=np.int64)
    return CsvTable(labels=[], columns=columns, row_numbers=numbers, extra_cells=extra)
