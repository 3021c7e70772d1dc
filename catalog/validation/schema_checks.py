"""Check CSV tables against their Table Schema in bulk, with the verdicts `frictionless validate` gives.

The set of (row_number, field, code) we report equals frictionless' on the same file: header labels,
row shape (missing/extra cells, blank rows), types, constraints, unique fields, primary and foreign
keys. Where frictionless reports no field (extra cells and labels, blank rows, keys) `field` is None.
Cells are read by the rules in `types`, constraints by `constraints`, keys by `keys`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Callable, Iterable, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
from frictionless import Field, FrictionlessException, Schema, system

from catalog.validation import schema_messages as messages
from catalog.validation.constraints import constraint_failures
from catalog.validation.csv_table import (CsvReadError, CsvTable, Reread, open_csv_table, read_csv_table,
                                          row_order)
from catalog.validation.findings import Finding
from catalog.validation.keys import (NO_VALUE, KeyColumn, combine, in_row_order, joint_codes,
                                     missing_references, repeated)
from catalog.validation.labels import column_fields, column_names, label_problems
from catalog.validation.types import ParsedColumn, missing_mask, parse_column

# frictionless imports its plugins and compiles its JSON-schema profiles on first use: do that once,
# with our own imports, rather than in the first check.
system.plugins
Schema.from_descriptor({"fields": [{"name": "warm-up", "type": "string"}]})


def check_table(path: Path | str, schema: dict, *, resource: str) -> list[Finding]:
    """Check one CSV file (UTF-8, header row, comma-separated) against a Table Schema descriptor.

    Foreign keys to the table itself are checked; those to other resources need `check_resources`.
    """
    loaded = load_schema(schema, resource)
    if isinstance(loaded, list):
        return loaded
    checked = _check(Path(path), loaded, resource, keep=_key_fields(loaded, resource))
    findings = checked.findings
    for fk in loaded.foreign_keys:
        if fk["reference"]["resource"] in ("", resource):
            findings += _foreign_key_findings(checked, fk, checked)
    return _sorted(findings, checked)


def check_resources(package_dir: Path | str, descriptor: dict,
                    rules: Callable[[str], ChunkRules] | None = None) -> list[Finding]:
    """Check every tabular resource of a data package descriptor, foreign keys between them included.

    A resource is tabular when it has a `path` to a .csv file and a `schema` (inline, or a path to
    a JSON file), both relative to `package_dir`. `rules(resource name)` gives more checks to run on
    each resource's rows as they are read (each table is read in chunks, once).
    """
    package_dir = Path(package_dir)
    resources = [resource for resource in descriptor.get("resources", []) if _is_tabular(resource)]
    schemas: dict[str, Schema] = {}
    findings: list[Finding] = []
    for resource in resources:
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((package_dir / schema).read_text(encoding="utf-8"))
        loaded = load_schema(schema, resource["name"])
        if isinstance(loaded, list):
            findings += loaded
        else:
            schemas[resource["name"]] = loaded

    # Keep the key columns of the fields other resources' foreign keys point at.
    keep = {name: _key_fields(schema, name) for name, schema in schemas.items()}
    for name, schema in schemas.items():
        for fk in schema.foreign_keys:
            target = fk["reference"]["resource"] or name
            keep.setdefault(target, set()).update(fk["reference"]["fields"])

    checked: dict[str, _Checked] = {}
    for resource in resources:
        name = resource["name"]
        if name in schemas:
            checked[name] = _check(package_dir / resource["path"], schemas[name], name,
                                   keep=keep.get(name, set()),
                                   rules=(lambda name=name: rules(name)) if rules is not None else None)
    for name, schema in schemas.items():
        for fk in schema.foreign_keys:
            reference = fk["reference"]["resource"] or name
            if reference in checked:
                checked[name].findings += _foreign_key_findings(checked[name], fk, checked[reference])
            else:
                en, th = messages.unknown_resource(reference)
                findings.append(Finding("resource-error", name, en, th))
    for table in checked.values():
        findings += _sorted(table.findings, table)
    return findings


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
    try:
        table = read_csv_table(Path(path), width=0)
    except (CsvReadError, OSError):
        return pd.DataFrame()
    if table.empty or not table.columns:
        return pd.DataFrame(columns=table.labels)
    return table.to_frame()


def load_schema(descriptor: dict, resource: str) -> Schema | list[Finding]:
    """The frictionless Schema, or the schema-error finding frictionless would report instead."""
    loaded = _load_schema(json.dumps(descriptor, sort_keys=True, ensure_ascii=False))
    if isinstance(loaded, str):
        en, th = messages.schema_error(loaded)
        return [Finding("schema-error", resource, en, th)]
    return loaded


@functools.lru_cache(maxsize=256)
def _load_schema(text: str) -> Schema | str:
    """A schema from its JSON text, or why it is not one. Packages share schemas (every procurement table has
    the same), and frictionless checks each against its JSON-schema profile: once per distinct schema is enough.
    The Schema is shared: it is only ever read."""
    try:
        return Schema.from_descriptor(json.loads(text))
    except FrictionlessException as exception:
        notes = [exception.error.note] + [reason.note for reason in exception.reasons]
        return "; ".join(note for note in notes if note)


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


class ChunkRules(Protocol):
    """More checks of one table, run on each chunk of rows (a CsvTable with its labels) and at the end."""

    def check(self, chunk: CsvTable) -> list[Finding]: ...

    def finish(self) -> list[Finding]: ...


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
    findings = _label_findings(stream.labels, field_names, resource, fields_match, required)
    # The field each column holds; a column no field pairs with is typeless ("any").
    paired = column_fields(stream.labels, field_names, stream.ncols, fields_match)
    columns: list[Field | None] = [fields[index] if index is not None else None for index in paired]
    missing_values = [_missing_values(field, schema) if field else [""] for field in columns]
    # Only the csv module tells an empty line (a blank row) from a row of "" cells.
    blank_lines_matter = not exact and any("" not in values for values in missing_values)
    names = column_names(stream.labels, field_names, paired)
    kept = keep | {field.name for field in fields if field.constraints.get("unique")}
    keys: dict[str, list[KeyColumn]] = {}
    texts: dict[str, list[pa.Array]] = {}
    numbers: list[np.ndarray] = []
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
    row_numbers = np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)
    checked = _Checked(resource, findings, [field.name for field in columns if field], row_numbers,
                       row_order(row_numbers))
    checked.keys = {name: KeyColumn.join(parts) for name, parts in keys.items()}
    checked.texts = {name: pa.chunked_array(parts, type=pa.string()) for name, parts in texts.items()}
    for field in fields:
        if field.constraints.get("unique") and field.name in checked.keys:
            findings += _unique_findings(field.name, checked)
    findings += _primary_key_findings(schema, checked)
    if extra is not None:
        findings += extra.finish()
    return checked


def _row_checks(table: CsvTable, columns: list[Field | None], missing_values: list[list[str]],
                names: list[str], resource: str, kept: set[str], keys: dict[str, list[KeyColumn]],
                texts: dict[str, list[pa.Array]]) -> tuple[list[Finding], np.ndarray]:
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
            texts.setdefault(field.name, []).extend(raw.chunks)
    row_errors += _extra_cell_findings(table, len(columns), resource)
    return row_errors, blank


def _unchecked(resource: str, code: str, message: tuple[str, str]) -> _Checked:
    """A table that could not be checked, with the one finding that says why."""
    return _Checked(resource, [Finding(code, resource, *message)], [], np.zeros(0, dtype=np.int64),
                    None)


def _missing_values(field: Field, schema: Schema) -> list[str]:
    values = field.missing_values if field.has_defined("missing_values") else schema.missing_values
    return [value for value in values if isinstance(value, str)]


def _key_fields(schema: Schema, resource: str) -> set[str]:
    """The fields whose values keys need: primary key, foreign keys, self-referenced fields."""
    names = set(schema.primary_key)
    for fk in schema.foreign_keys:
        names.update(fk["fields"])
        if fk["reference"]["resource"] in ("", resource):
            names.update(fk["reference"]["fields"])
    return names


def _label_findings(labels: list[str], names: list[str], resource: str, fields_match: str,
                    required: set[str]) -> list[Finding]:
    findings = []
    for problem in label_problems(labels, names, fields_match, required):
        en, th = messages.label_error(problem.code, problem.field, problem.label, problem.column)
        findings.append(Finding(problem.code, resource, en, th, field=problem.field,
                                cell=problem.label or None))
    return findings


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
    key = checked.keys[name]
    codes = joint_codes([key])[0]
    later, first = repeated(codes, in_row_order(key.valid, checked.order))
    findings = []
    cells = _joined_cells(checked, [name], later)
    for number, cell, first_number in zip(checked.row_numbers[later].tolist(), cells,
                                          checked.row_numbers[first].tolist()):
        en, th = messages.unique_error(cell, first_number)
        findings.append(Finding("unique-error", checked.resource, en, th, row_number=number, field=name,
                                cell=cell))
    return findings


def _primary_key_findings(schema: Schema, checked: _Checked) -> list[Finding]:
    names = list(schema.primary_key)
    if not names or not set(names) <= set(checked.field_names) or checked.row_numbers.size == 0:
        return []
    codes = [joint_codes([checked.keys[name]])[0] for name in names]
    empty = np.all(np.stack(codes) == NO_VALUE, axis=0)
    findings = []
    en, th = messages.primary_key_empty(names)
    for number in checked.row_numbers[empty].tolist():
        findings.append(Finding("primary-key", checked.resource, en, th, row_number=number))
    later, first = repeated(combine(codes), in_row_order(~empty, checked.order))
    cells = _joined_cells(checked, names, later)
    for number, cell, first_number in zip(checked.row_numbers[later].tolist(), cells,
                                          checked.row_numbers[first].tolist()):
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
    if not fields or not set(fields) <= set(target.field_names) or target.row_numbers.size == 0:
        return []  # frictionless skips a foreign key whose fields the table lacks
    source_columns = [source.keys.get(name) if name in source.field_names else None
                      for name in reference["fields"]]
    rows = missing_references(source_columns, [target.keys[name] for name in fields])
    findings = []
    reference_name = reference["resource"] or target.resource
    for number, cell in zip(target.row_numbers[rows].tolist(), _joined_cells(target, fields, rows)):
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


def _is_tabular(resource: dict) -> bool:
    path = resource.get("path")
    return (isinstance(path, str) and isinstance(resource.get("name"), str)
            and isinstance(resource.get("schema"), (dict, str))
            and (resource.get("format") == "csv" or path.lower().endswith(".csv")))


def _sorted(findings: list[Finding], checked: _Checked) -> list[Finding]:
    rank = {name: index for index, name in enumerate(checked.field_names)}
    return sorted(findings, key=lambda finding: (finding.row_number or 0,
                                                 rank.get(finding.field, len(rank))))
