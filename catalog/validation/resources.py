"""Check the tables of a data package against their Table Schemas, with the verdicts `frictionless validate`
gives, by one of two engines that report the same findings:

- `plain_tables`: plain Python, cell by cell, for small tables. It imports neither pyarrow nor numpy, so an
  officer's 20-row file is checked in the time the interpreter takes to start.
- `schema_checks`: pyarrow and numpy over whole columns, in chunks, for tables of any size.

A package whose tables together hold at most PLAIN_BYTES goes to the plain engine. The set of (row_number,
field, code) reported equals frictionless' on the same files (tests/validation/test_schema_checks.py runs
every case through both engines against frictionless itself).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Protocol

from catalog.validation import schema_messages as messages
from catalog.validation.findings import Finding
from catalog.validation.table_schema import load_schema

PLAIN_BYTES = 1 << 20  # below this the plain engine is faster than importing pyarrow


class ChunkRules(Protocol):
    """More checks of one table, run on each chunk of rows and at the end. A chunk is the reading engine's own
    (a pyarrow `CsvTable`, or a `PlainChunk`); both have `labels`, `columns`, `row_numbers` and `num_rows`."""

    def check(self, chunk) -> list[Finding]: ...

    def finish(self) -> list[Finding]: ...


def check_table(path: Path | str, schema: dict, *, resource: str) -> list[Finding]:
    """Check one CSV file (UTF-8, header row, comma-separated) against a Table Schema descriptor.

    Foreign keys to the table itself are checked; those to other resources need `check_resources`.
    """
    loaded = load_schema(schema, resource)
    if isinstance(loaded, list):
        return loaded
    engine = _engine([Path(path)])
    checked = engine.check(Path(path), loaded, resource, keep=key_fields(loaded, resource))
    findings = checked.findings
    for fk in loaded.foreign_keys:
        if fk["reference"]["resource"] in ("", resource):
            findings += engine.foreign_key_findings(checked, fk, checked)
    return engine.sorted_findings(findings, checked)


def check_resources(package_dir: Path | str, descriptor: dict,
                    rules: Callable[[str], ChunkRules] | None = None) -> list[Finding]:
    """Check every tabular resource of a data package descriptor, foreign keys between them included.

    A resource is tabular when it has a `path` to a .csv file and a `schema` (inline, or a path to
    a JSON file), both relative to `package_dir`. `rules(resource name)` gives more checks to run on
    each resource's rows as they are read (each table is read once).
    """
    package_dir = Path(package_dir)
    resources = [resource for resource in descriptor.get("resources", []) if is_tabular(resource)]
    schemas: dict = {}
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
    keep = {name: key_fields(schema, name) for name, schema in schemas.items()}
    for name, schema in schemas.items():
        for fk in schema.foreign_keys:
            target = fk["reference"]["resource"] or name
            keep.setdefault(target, set()).update(fk["reference"]["fields"])

    engine = _engine([package_dir / resource["path"] for resource in resources if resource["name"] in schemas])
    checked: dict = {}
    for resource in resources:
        name = resource["name"]
        if name in schemas:
            checked[name] = engine.check(package_dir / resource["path"], schemas[name], name,
                                         keep=keep.get(name, set()),
                                         rules=(lambda name=name: rules(name)) if rules is not None else None)
    for name, schema in schemas.items():
        for fk in schema.foreign_keys:
            reference = fk["reference"]["resource"] or name
            if reference in checked:
                checked[name].findings += engine.foreign_key_findings(checked[name], fk, checked[reference])
            else:
                en, th = messages.unknown_resource(reference)
                findings.append(Finding("resource-error", name, en, th))
    for table in checked.values():
        findings += engine.sorted_findings(table.findings, table)
    return findings


def _engine(paths: list[Path]):
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            pass  # the engine reports the unreadable file
    if total <= PLAIN_BYTES:
        from catalog.validation import plain_tables as engine
    else:
        from catalog.validation import schema_checks as engine
    return engine


def key_fields(schema, resource: str) -> set[str]:
    """The fields whose values keys need: primary key, foreign keys, self-referenced fields."""
    names = set(schema.primary_key)
    for fk in schema.foreign_keys:
        names.update(fk["fields"])
        if fk["reference"]["resource"] in ("", resource):
            names.update(fk["reference"]["fields"])
    return names


def is_tabular(resource: dict) -> bool:
    path = resource.get("path")
    return (isinstance(path, str) and isinstance(resource.get("name"), str)
            and isinstance(resource.get("schema"), (dict, str))
            and (resource.get("format") == "csv" or path.lower().endswith(".csv")))
