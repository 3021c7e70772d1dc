"""The column engine: CSV tables checked against their Table Schema in bulk, with pyarrow and numpy, chunk
by chunk so that a table of any size is checked in bounded memory (see `resources` for the two engines).

The set of (row_number, field, code) we report equals frictionless' on the same file: header labels,
row shape (missing/extra cells, blank rows), types, constraints, unique fields, primary and foreign
keys. Where frictionless reports no field (extra cells and labels, blank rows, keys) `field` is None.
Cells are read by the rules in `types`, constraints by `constraints`, keys by `keys`.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import numpy as np
import pyarrow as pa

from catalog.validation import schema_messages as messages
from catalog.validation.constraints import constraint_failures
from catalog.validation.csv_table import (CsvReadError, CsvTable, Reread, open_csv_table, read_csv_table,
                                          row_order)
from catalog.validation.findings import Finding
from catalog.validation.keys import (NO_VALUE, KeyColumn, combine, in_row_order, joint_codes,
                                     missing_references, repeated)
from catalog.validation.labels import column_fields, column_names, label_findings
from catalog.validation.table_schema import load_schema
from catalog.validation.types import ParsedColumn, missing_mask, parse_column

if TYPE_CHECKING:
    import pandas as pd
    from frictionless import Field, Schema

    from catalog.validation.resources import ChunkRules


def check_foreign_keys(tables: dict[str, pd.DataFrame], schemas: dict[str, dict]) -> list[Finding]:
    """Check the foreign keys of tables already in memory.

    Each DataFrame holds cell texts (None where a row has no cell) in columns named after the
    schema's fields, as `read_table` gives them: the row numbered r by frictionless (the header
    being row 1) has index r - 2.
    """
    findings: list[Finding] = []
    loaded: dict[str, Schema] = {}
    for name, descriptor in schemas.items():
        schema = load_schema(descriptor, name)
        if isinstance(schema, list):
            findings += schema
        else:
            loaded[name] = schema
    frames: dict[str, _Checked] = {}
    for name, schema in loaded.items():
        if name not in tables:
            continue
        for fk in schema.foreign_keys:
            reference = fk["reference"]["resource"] or name
            if reference not in tables or reference not in loaded:
                en, th = messages.unknown_resource(reference)
                findings.append(Finding("resource-error", name, en, th))
                continue
            for table_name in (name, reference):
                if table_name not in frames:
                    frames[table_name] = _from_frame(tables[table_name], loaded[table_name], table_name)
            findings += _foreign_key_findings(frames[name], fk, frames[reference])
    return sorted(findings, key=lambda finding: (finding.resource, finding.row_number or 0))


def read_table(path: Path | str) -> pd.DataFrame:
    """The cells of a CSV file as text, one column per header label, read as `check_table` reads it.

    The row numbered r by frictionless (the header being row 1) has index r - 2, so index + 2 is
    the row number of a finding even after blank lines or broken rows. A cell the row lacks is
    None; cells beyond the header are left out. A file that cannot be read gives an empty
    DataFrame (`check_table` reports why).
    """
    import pandas as pd

    try:
        table = read_csv_table(Path(path), width=0)
    except (CsvReadError, OSError):
        return pd.DataFrame()
    if table.empty or not table.columns:
        return pd.DataFrame(columns=table.labels)
    return table.to_frame()


# --- One table


@dataclass
class _Checked:
    resource: str
    findings: list[Finding]
    field_names: list[str]  # the fields the table's columns hold, in column order
    row_numbers: np.ndarray
    order: np.ndarray | None
    keys: dict[str, KeyColumn] = dataclass_field(default_factory=dict)
    texts: dict[str, pa.ChunkedArray] = dataclass_field(default_factory=dict)
    # A table whose key columns outgrew key_spill.KEY_BUDGET has them on disk instead of in `keys`/`texts`.
    spill: KeySpill | None = None
    reading: KeyReading | None = None  # how to read its key cells again


def _check(path: Path, schema: Schema, resource: str, *, keep: set[str],
           rules: Callable[[], ChunkRules] | None = None) -> _Checked:
    """Check one table, chunk by chunk so memory stays flat; keep the key columns of the fields in `keep`
    (and of unique fields) for the key checks at the end. `rules` makes the extra checks for one reading."""
    try:
        return _check_chunks(path, schema, resource, keep=keep, rules=rules, exact=False)
    except Reread:  # pyarrow and the csv module might disagree, or only the csv module sees blank rows
        return _check_chunks(path, schema, resource, keep=keep, rules=rules, exact=True)


def _check_chunks(path: Path, schema: Schema, resource: str, *, keep: set[str],
                  rules: Callable[[], ChunkRules] | None, exact: bool) -> _Checked:
    fields = list(schema.fields)
    try:
        stream = open_csv_table(path, width=len(fields), exact=exact)
    except CsvReadError as error:
        return _unchecked(resource, "encoding-error", messages.encoding_error(str(error)))
    except OSError as error:
        return _unchecked(resource, "scheme-error",
                          messages.unreadable_file(path.name, error.strerror or str(error)))
    if stream.empty:
        return _unchecked(resource, "source-error", messages.source_error())
    field_names = [field.name for field in fields]
    fields_match = schema.fields_match if schema.has_defined("fields_match") else "exact"
    if fields_match != "exact" and len(set(stream.labels)) != len(stream.labels):
        return _unchecked(resource, "error", messages.ambiguous_labels(fields_match))

    required = {field.name for field in fields if field.required} | set(schema.primary_key)
    findings = label_findings(stream.labels, field_names, resource, fields_match, required)
    # The field each column holds; a column no field pairs with is typeless ("any").
    paired = column_fields(stream.labels, field_names, stream.ncols, fields_match)
    columns: list[Field | None] = [fields[index] if index is not None else None for index in paired]
    missing_values = [_missing_values(field, schema) if field else [""] for field in columns]
    # Only the csv module tells an empty line (a blank row) from a row of "" cells.
    blank_lines_matter = not exact and any("" not in values for values in missing_values)
    names = column_names(stream.labels, field_names, paired)
    kept = keep | {field.name for field in fields if field.constraints.get("unique")}
    keys: dict[str, list[KeyColumn]] = {}
    texts: dict[str, list[pa.ChunkedArray]] = {}
    numbers: list[np.ndarray] = []
    # Key columns stay in memory up to key_spill.KEY_BUDGET bytes; past it they go to partition files.
    from catalog.validation import key_spill

    positions = {field.name: index for index, field in enumerate(columns) if field and field.name in kept}
    reading = key_spill.KeyReading.from_file(
        path, len(fields), exact, {name: (columns[index], missing_values[index]) for name, index in positions.items()},
        positions)
    held, spill = 0, None
    extra = rules() if rules is not None else None
    for chunk in stream.chunks():
        if chunk.num_rows == 0:
            continue
        if blank_lines_matter and chunk.all_cells_empty().any():
            raise Reread()
        chunk.labels = stream.labels
        row_errors, blank = _row_checks(chunk, columns, missing_values, names, resource, kept, keys, texts)
        # A blank row reports only that it is blank; key errors come after and stay.
        blank_numbers = set(chunk.row_numbers[blank].tolist())
        findings += [finding for finding in row_errors if finding.row_number not in blank_numbers]
        en, th = messages.blank_row()
        findings += [Finding("blank-row", resource, en, th, row_number=number)
                     for number in sorted(blank_numbers)]
        if extra is not None:
            findings += extra.check(chunk)
        if kept:  # row numbers are only needed to place key errors
            numbers.append(chunk.row_numbers)
            held += key_spill.held_bytes(keys, texts, chunk.row_numbers)
            if spill is None and held > key_spill.KEY_BUDGET:
                spill = key_spill.KeySpill(reading, _spread_keys(schema, resource, set(positions)),
                                           empty_key=tuple(schema.primary_key) or None)
            if spill is not None:
                _move_keys(keys, texts, numbers, spill)
    if spill is not None:
        spill.close()
    row_numbers = np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)
    checked = _Checked(resource, findings, [field.name for field in columns if field], row_numbers,
                       row_order(row_numbers), spill=spill, reading=reading)
    checked.keys = {name: KeyColumn.join(parts) for name, parts in keys.items()}
    checked.texts = {name: pa.chunked_array([array for chunk in parts for array in chunk.chunks], type=pa.string())
                     for name, parts in texts.items()}
    for field in fields:
        if field.constraints.get("unique") and (field.name in checked.keys
                                                or spill is not None and field.name in positions):
            findings += _unique_findings(field.name, checked)
    findings += _primary_key_findings(schema, checked)
    if extra is not None:
        findings += extra.finish()
    return checked


def _row_checks(table: CsvTable, columns: list[Field | None], missing_values: list[list[str]],
                names: list[str], resource: str, kept: set[str], keys: dict[str, list[KeyColumn]],
                texts: dict[str, list[pa.ChunkedArray]]) -> tuple[list[Finding], np.ndarray]:
    """Cell errors of every column of a chunk and its blank rows; the key columns of the fields in `kept`
    are added to `keys` and `texts`."""
    row_errors: list[Finding] = []
    blank = np.ones(table.num_rows, dtype=bool)
    for field, raw, values, name in zip(columns, table.columns, missing_values, names):
        if field is None:  # a column beyond the schema: only its blanks and missing cells count
            blank &= missing_mask(raw, values)
            row_errors += _missing_cell_findings(raw, name, table, resource)
            continue
        column = parse_column(raw, field, values)
        blank &= column.missing
        row_errors += _cell_findings(column, table, resource)
        if field.name in kept:
            keys.setdefault(field.name, []).append(KeyColumn.from_parsed(column))
            texts.setdefault(field.name, []).append(raw)
    row_errors += _extra_cell_findings(table, len(columns), resource)
    return row_errors, blank


def _spread_keys(schema: Schema, resource: str, present: set[str]) -> list[tuple[str, ...]]:
    """The keys this table's own checks ask for, to spread while it is read: unique fields, the primary
    key, foreign keys (both ends of one to the table itself). Others are spread when asked for."""
    keys = [(field.name,) for field in schema.fields if field.constraints.get("unique")]
    keys.append(tuple(schema.primary_key))
    for fk in schema.foreign_keys:
        keys.append(tuple(fk["fields"]))
        if fk["reference"]["resource"] in ("", resource):
            keys.append(tuple(fk["reference"]["fields"]))
    return [key for key in dict.fromkeys(keys) if key and set(key) <= present]


def _move_keys(keys: dict[str, list[KeyColumn]], texts: dict[str, list[pa.ChunkedArray]],
               numbers: list[np.ndarray], spill: KeySpill) -> None:
    """The key columns held so far, chunk by chunk, to the spill's partitions."""
    for index, row_numbers in enumerate(numbers):
        spill.add({name: parts[index] for name, parts in keys.items()},
                  {name: parts[index] for name, parts in texts.items()}, row_numbers)
    keys.clear()
    texts.clear()
    numbers.clear()


def _row_count(checked: _Checked) -> int:
    return checked.spill.rows if checked.spill is not None else checked.row_numbers.size


def _unchecked(resource: str, code: str, message: tuple[str, str]) -> _Checked:
    """A table that could not be checked, with the one finding that says why."""
    return _Checked(resource, [Finding(code, resource, *message)], [], np.zeros(0, dtype=np.int64),
                    None)


def _missing_values(field: Field, schema: Schema) -> list[str]:
    values = field.missing_values if field.has_defined("missing_values") else schema.missing_values
    return [value for value in values if isinstance(value, str)]


def _cell_findings(column: ParsedColumn, table: CsvTable, resource: str) -> list[Finding]:
    field = column.field
    name = field.name
    findings = _missing_cell_findings(column.raw, name, table, resource)
    rows = np.flatnonzero(column.type_error)
    for number, cell in _rows_and_cells(rows, column.raw, table.row_numbers):
        en, th = messages.type_error(field, cell)
        findings.append(Finding("type-error", resource, en, th, row_number=number, field=name,
                                cell=cell))
    for constraint, rows in constraint_failures(column):
        value = field.constraints.get(constraint)
        for number, cell in _rows_and_cells(rows, column.raw, table.row_numbers):
            en, th = messages.constraint_error(constraint, value, cell)
            findings.append(Finding("constraint-error", resource, en, th, row_number=number,
                                    field=name, cell=cell))
    return findings


def _missing_cell_findings(raw: pa.ChunkedArray, name: str, table: CsvTable,
                           resource: str) -> list[Finding]:
    absent = np.flatnonzero(raw.is_null().to_numpy(zero_copy_only=False))
    en, th = messages.missing_cell()
    return [Finding("missing-cell", resource, en, th, row_number=number, field=name or None, cell="")
            for number in table.row_numbers[absent].tolist()]


def _rows_and_cells(rows: np.ndarray, raw: pa.ChunkedArray,
                    row_numbers: np.ndarray) -> Iterable[tuple[int, str]]:
    if rows.size == 0:
        return []
    cells = raw.take(pa.array(rows)).to_pylist()
    return zip(row_numbers[rows].tolist(), ["" if cell is None else cell for cell in cells])


def _extra_cell_findings(table: CsvTable, width: int, resource: str) -> list[Finding]:
    findings = []
    for row, cells in table.extra_cells.items():
        for column, cell in enumerate(cells, start=width + 1):
            en, th = messages.extra_cell(cell, column)
            findings.append(Finding("extra-cell", resource, en, th,
                                    row_number=int(table.row_numbers[row]), cell=cell))
    return findings


def _unique_findings(name: str, checked: _Checked) -> list[Finding]:
    if checked.spill is not None:
        from catalog.validation import key_spill

        numbers, first_numbers, cells = key_spill.repeats(checked.spill, (name,), combined=False)
    else:
        key = checked.keys[name]
        codes = joint_codes([key])[0]
        later, first = repeated(codes, in_row_order(key.valid, checked.order))
        numbers, first_numbers = checked.row_numbers[later], checked.row_numbers[first]
        cells = _joined_cells(checked, [name], later)
    findings = []
    for number, cell, first_number in zip(numbers.tolist(), cells, first_numbers.tolist()):
        en, th = messages.unique_error(cell, first_number)
        findings.append(Finding("unique-error", checked.resource, en, th, row_number=number, field=name,
                                cell=cell))
    return findings


def _primary_key_findings(schema: Schema, checked: _Checked) -> list[Finding]:
    names = list(schema.primary_key)
    if not names or not set(names) <= set(checked.field_names) or _row_count(checked) == 0:
        return []
    if checked.spill is not None:
        from catalog.validation import key_spill

        empty_numbers = checked.spill.empty_rows()
        numbers, first_numbers, cells = key_spill.repeats(checked.spill, tuple(names), combined=True)
    else:
        codes = [joint_codes([checked.keys[name]])[0] for name in names]
        empty = np.all(np.stack(codes) == NO_VALUE, axis=0)
        empty_numbers = checked.row_numbers[empty]
        later, first = repeated(combine(codes), in_row_order(~empty, checked.order))
        numbers, first_numbers = checked.row_numbers[later], checked.row_numbers[first]
        cells = _joined_cells(checked, names, later)
    findings = []
    en, th = messages.primary_key_empty(names)
    for number in empty_numbers.tolist():
        findings.append(Finding("primary-key", checked.resource, en, th, row_number=number))
    for number, cell, first_number in zip(numbers.tolist(), cells, first_numbers.tolist()):
        en, th = messages.primary_key_repeated(names, cell, first_number)
        findings.append(Finding("primary-key", checked.resource, en, th, row_number=number,
                                cell=cell))
    return findings


def _joined_cells(checked: _Checked, names: list[str], rows: np.ndarray) -> list[str]:
    if rows.size == 0:
        return []
    taken = [checked.texts[name].take(pa.array(rows)).to_pylist() for name in names]
    return [", ".join("" if cell is None else cell for cell in cells) for cells in zip(*taken)]


def _foreign_key_findings(target: _Checked, fk: dict, source: _Checked) -> list[Finding]:
    fields, reference = list(fk["fields"]), fk["reference"]
    if not fields or not set(fields) <= set(target.field_names) or _row_count(target) == 0:
        return []  # frictionless skips a foreign key whose fields the table lacks
    if target.spill is None and source.spill is None:
        source_columns = [source.keys.get(name) if name in source.field_names else None
                          for name in reference["fields"]]
        rows = missing_references(source_columns, [target.keys[name] for name in fields])
        numbers, cells = target.row_numbers[rows], _joined_cells(target, fields, rows)
    else:  # one of them is on disk: both are compared partition by partition
        from catalog.validation import key_spill

        sides = [table.spill or key_spill.KeySpill.from_memory(table.reading, table.keys, table.texts,
                                                               table.row_numbers) for table in (source, target)]
        numbers, cells = key_spill.missing(sides[0], tuple(reference["fields"]), sides[1], tuple(fields))
        for side, table in zip(sides, (source, target)):
            if side is not table.spill:
                side.remove()
    findings = []
    reference_name = reference["resource"] or target.resource
    for number, cell in zip(numbers.tolist(), cells):
        en, th = messages.foreign_key_error(fields, cell, reference_name, list(reference["fields"]))
        findings.append(Finding("foreign-key", target.resource, en, th, row_number=number,
                                cell=cell))
    return findings


def _from_frame(frame: pd.DataFrame, schema: Schema, resource: str) -> _Checked:
    """Key columns of a DataFrame of cell texts, for `check_foreign_keys`."""
    row_numbers = np.asarray(frame.index, dtype=np.int64) + 2
    checked = _Checked(resource, [], [], row_numbers, None)
    checked.order = row_order(row_numbers)
    for field in schema.fields:
        if field.name not in frame.columns:
            continue
        raw = pa.chunked_array([pa.array(frame[field.name], type=pa.string(), from_pandas=True)])
        column = parse_column(raw, field, _missing_values(field, schema))
        checked.field_names.append(field.name)
        checked.keys[field.name] = KeyColumn.from_parsed(column)
        checked.texts[field.name] = raw
    return checked


def _sorted(findings: list[Finding], checked: _Checked) -> list[Finding]:
    rank = {name: index for index, name in enumerate(checked.field_names)}
    return sorted(findings, key=lambda finding: (finding.row_number or 0,
                                                 rank.get(finding.field, len(rank))))


# The engine as `resources` calls it (the plain engine answers the same three).
check = _check
foreign_key_findings = _foreign_key_findings
sorted_findings = _sorted
