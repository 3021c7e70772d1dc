"""The plain engine: a small CSV table checked against its Table Schema cell by cell, in plain Python.

It reports exactly what the column engine (`schema_checks`) reports, in the same order, and reads the file
as that engine's exact mode does (Python's csv module, records numbered as frictionless numbers them).
Cells written the plain way are read here by the rules in `plain_cells`; any other cell is read by
frictionless' own value reader, once per distinct text, so the verdicts are frictionless' whatever the cell.
Constraints and keys are checked on the typed values, as frictionless checks them.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Any, Callable

from catalog.validation import schema_messages as messages
from catalog.validation.findings import Finding
from catalog.validation.labels import (SAMPLE_SIZE, column_fields, column_names, header_index,
                                       label_findings)
from catalog.validation.plain_cells import NO_VALUE, ColumnReader, key_value

csv.field_size_limit(2**31 - 1)  # long cells are data to check, not a reason to crash


@dataclass
class PlainChunk:
    """The rows of a table as the extra rules read them: cell texts per column, None where a row has no cell."""

    labels: list[str]
    columns: list[list[str | None]]
    row_numbers: list[int]

    @property
    def num_rows(self) -> int:
        return len(self.row_numbers)


@dataclass
class PlainChecked:
    resource: str
    findings: list[Finding]
    field_names: list[str]  # the fields the table's columns hold, in column order
    row_numbers: list[int] = dataclass_field(default_factory=list)
    keys: dict[str, list[Any]] = dataclass_field(default_factory=dict)  # field -> key value of each row
    texts: dict[str, list[str | None]] = dataclass_field(default_factory=dict)  # field -> cell texts


def check(path: Path, schema, resource: str, *, keep: set[str],
          rules: Callable[[], Any] | None = None) -> PlainChecked:
    """Check one table; keep the key values of the fields in `keep` (and of unique fields) for the key checks."""
    fields = list(schema.fields)
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            records = list(csv.reader(file))
    except UnicodeDecodeError as error:
        return _unchecked(resource, "encoding-error", messages.encoding_error(
            f"the file is not valid UTF-8 ({error.reason} at byte {error.start})"))
    except OSError as error:
        return _unchecked(resource, "scheme-error", messages.unreadable_file(path.name, error.strerror or str(error)))
    if not records:
        return _unchecked(resource, "source-error", messages.source_error())
    header_at = header_index([len(cells) for cells in itertools.islice(records, SAMPLE_SIZE)])
    header = records[header_at]
    labels = [str(cell).strip() for cell in header]
    width = len(header) or len(fields)
    field_names = [field.name for field in fields]
    fields_match = schema.fields_match if schema.has_defined("fields_match") else "exact"
    if fields_match != "exact" and len(set(labels)) != len(labels):
        return _unchecked(resource, "error", messages.ambiguous_labels(fields_match))

    required = {field.name for field in fields if field.required} | set(schema.primary_key)
    findings = label_findings(labels, field_names, resource, fields_match, required)
    paired = column_fields(labels, field_names, width, fields_match)
    columns = [fields[index] if index is not None else None for index in paired]
    names = column_names(labels, field_names, paired)
    data = records[header_at + 1:] if width else []
    numbers = list(range(header_at + 2, header_at + 2 + len(data)))
    cells = [[row[index] if index < len(row) else None for row in data] for index in range(width)]
    kept = keep | {field.name for field in fields if field.constraints.get("unique")}
    checked = PlainChecked(resource, findings, [field.name for field in columns if field], numbers)

    row_errors: list[Finding] = []
    blank = [True] * len(data)
    for field, texts, name in zip(columns, cells, names):
        missing_values = set(_missing_values(field, schema)) if field else {""}
        row_errors += _missing_cell_findings(texts, name, numbers, resource)
        if field is None:  # a column beyond the schema: only its blanks and missing cells count
            blank = [was and (text is None or text in missing_values) for was, text in zip(blank, texts)]
            continue
        reader = ColumnReader(field, missing_values)
        values = [reader.read(text) for text in texts]
        blank = [was and value is reader.MISSING for was, value in zip(blank, values)]
        row_errors += _cell_findings(field, reader, texts, values, numbers, resource)
        if field.name in kept:
            checked.keys[field.name] = [key_value(field, value, reader) for value in values]
            checked.texts[field.name] = texts
    for row, cells_of_row in enumerate(data):
        for column, cell in enumerate(cells_of_row[width:], start=width + 1):
            en, th = messages.extra_cell(cell, column)
            row_errors.append(Finding("extra-cell", resource, en, th, row_number=numbers[row], cell=cell))
    # A blank row reports only that it is blank; key errors come after and stay.
    blank_numbers = {number for number, is_blank in zip(numbers, blank) if is_blank}
    findings += [finding for finding in row_errors if finding.row_number not in blank_numbers]
    en, th = messages.blank_row()
    findings += [Finding("blank-row", resource, en, th, row_number=number) for number in sorted(blank_numbers)]
    extra = rules() if rules is not None else None
    if extra is not None and data:
        findings += extra.check(PlainChunk(labels, cells, numbers))
    for field in fields:
        if field.constraints.get("unique") and field.name in checked.keys:
            findings += _unique_findings(field.name, checked)
    findings += _primary_key_findings(schema, checked)
    if extra is not None:
        findings += extra.finish()
    return checked


def _unchecked(resource: str, code: str, message: tuple[str, str]) -> PlainChecked:
    """A table that could not be checked, with the one finding that says why."""
    return PlainChecked(resource, [Finding(code, resource, *message)], [])


def _missing_values(field, schema) -> list[str]:
    values = field.missing_values if field.has_defined("missing_values") else schema.missing_values
    return [value for value in values if isinstance(value, str)]


def _missing_cell_findings(texts: list[str | None], name: str, numbers: list[int], resource: str) -> list[Finding]:
    en, th = messages.missing_cell()
    return [Finding("missing-cell", resource, en, th, row_number=number, field=name or None, cell="")
            for number, text in zip(numbers, texts) if text is None]


def _cell_findings(field, reader: ColumnReader, texts: list[str | None], values: list[Any], numbers: list[int],
                   resource: str) -> list[Finding]:
    """Type errors, then each constraint's failures, as the column engine lists them."""
    name = field.name
    findings = []
    for number, text, value in zip(numbers, texts, values):
        if value is reader.TYPE_ERROR:
            en, th = messages.type_error(field, text)
            findings.append(Finding("type-error", resource, en, th, row_number=number, field=name, cell=text))
    for constraint, check in reader.constraint_checks():
        for number, text, value in zip(numbers, texts, values):
            if not check(value):
                en, th = messages.constraint_error(constraint, field.constraints.get(constraint), text or "")
                findings.append(Finding("constraint-error", resource, en, th, row_number=number, field=name,
                                        cell=text or ""))
    return findings


def _unique_findings(name: str, checked: PlainChecked) -> list[Finding]:
    findings = []
    for row, first in _repeated(checked.keys[name], range(len(checked.row_numbers))):
        cell = _joined_cell(checked, [name], row)
        en, th = messages.unique_error(cell, checked.row_numbers[first])
        findings.append(Finding("unique-error", checked.resource, en, th, row_number=checked.row_numbers[row],
                                field=name, cell=cell))
    return findings


def _primary_key_findings(schema, checked: PlainChecked) -> list[Finding]:
    names = list(schema.primary_key)
    if not names or not set(names) <= set(checked.field_names) or not checked.row_numbers:
        return []
    keys = list(zip(*(checked.keys[name] for name in names)))
    empty = [all(value is NO_VALUE for value in key) for key in keys]
    findings = []
    en, th = messages.primary_key_empty(names)
    for number, is_empty in zip(checked.row_numbers, empty):
        if is_empty:
            findings.append(Finding("primary-key", checked.resource, en, th, row_number=number))
    rows = [row for row, is_empty in enumerate(empty) if not is_empty]
    for row, first in _repeated(keys, rows):
        cell = _joined_cell(checked, names, row)
        en, th = messages.primary_key_repeated(names, cell, checked.row_numbers[first])
        findings.append(Finding("primary-key", checked.resource, en, th, row_number=checked.row_numbers[row],
                                cell=cell))
    return findings


def _repeated(keys: list[Any], rows) -> list[tuple[int, int]]:
    """(row, the earlier row with the same key) for each of `rows` (in row order) whose key came before; a key
    holding no value (a single NO_VALUE) is not compared."""
    first_seen: dict[Any, int] = {}
    repeats = []
    for row in rows:
        key = keys[row]
        if key is NO_VALUE:
            continue
        first = first_seen.setdefault(key, row)
        if first != row:
            repeats.append((row, first))
    return repeats


def _joined_cell(checked: PlainChecked, names: list[str], row: int) -> str:
    return ", ".join("" if checked.texts[name][row] is None else checked.texts[name][row] for name in names)


def foreign_key_findings(target: PlainChecked, fk: dict, source: PlainChecked) -> list[Finding]:
    fields, reference = list(fk["fields"]), fk["reference"]
    if not fields or not set(fields) <= set(target.field_names) or not target.row_numbers:
        return []  # frictionless skips a foreign key whose fields the table lacks
    size = len(source.row_numbers)
    source_columns = [source.keys[name] if name in source.field_names else [NO_VALUE] * size
                      for name in reference["fields"]]
    known = {key for key in zip(*source_columns) if not all(value is NO_VALUE for value in key)}
    findings = []
    reference_name = reference["resource"] or target.resource
    for row, key in enumerate(zip(*(target.keys[name] for name in fields))):
        if all(value is NO_VALUE for value in key) or key in known:
            continue
        cell = _joined_cell(target, fields, row)
        en, th = messages.foreign_key_error(fields, cell, reference_name, list(reference["fields"]))
        findings.append(Finding("foreign-key", target.resource, en, th, row_number=target.row_numbers[row],
                                cell=cell))
    return findings


def sorted_findings(findings: list[Finding], checked: PlainChecked) -> list[Finding]:
    rank = {name: index for index, name in enumerate(checked.field_names)}
    return sorted(findings, key=lambda finding: (finding.row_number or 0, rank.get(finding.field, len(rank))))
