"""Validate a whole data package: schema checks, domain rules and the personal-data guard, with every
finding traced back to the officer's file, sheet, row and column through the package's provenance."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.errors import PackageError
from catalog.packaging.provenance import locate_row
from catalog.validation.domain_rules import DomainRules
from catalog.validation.findings import Finding
from catalog.validation.personal_data import PersonalDataGuard, PlainPersonalDataGuard
from catalog.validation.plain_tables import PlainChunk
from catalog.validation.report import Report
from catalog.validation.resources import check_resources


def load_descriptor(path: Path) -> tuple[Path, dict]:
    """A package folder or its datapackage.json -> (folder, descriptor)."""
    path = Path(path)
    descriptor_path = path / "datapackage.json" if path.is_dir() else path
    if not descriptor_path.exists():
        raise PackageError("no datapackage.json here; give a package folder or its datapackage.json",
                           "ไม่พบ datapackage.json กรุณาระบุโฟลเดอร์แพ็กเกจหรือไฟล์ datapackage.json",
                           file=descriptor_path)
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise PackageError(f"datapackage.json is not valid JSON ({exc})",
                           f"datapackage.json ไม่ใช่ JSON ที่ถูกต้อง ({exc})", file=descriptor_path, row=line) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError("datapackage.json has no 'resources' list", "datapackage.json ไม่มีรายการ 'resources'",
                           file=descriptor_path)
    return descriptor_path.parent, descriptor


class _TableRules:
    """The domain rules and the personal-data guard of one table, run on its rows as the schema checks read
    them (one reading of the file, in chunks)."""

    def __init__(self, resource: str, schema: dict):
        self.rows = 0
        self.resource, self.schema = resource, schema
        self.domain = DomainRules(resource)
        self.personal_data = None  # the guard of the engine that reads the table, made with its first chunk

    def check(self, chunk) -> list[Finding]:
        self.rows += chunk.num_rows
        if self.personal_data is None:
            guard = PlainPersonalDataGuard if isinstance(chunk, PlainChunk) else PersonalDataGuard
            self.personal_data = guard(self.resource, self.schema)
        findings = self.personal_data.check(chunk)
        if self.domain:
            findings += self.domain.check(*self._rows_in_order(chunk))
        return findings

    @staticmethod
    def _rows_in_order(chunk) -> tuple[list[str], list[list[str | None]], list[int]]:
        """A chunk's labels, cell texts by column and row numbers, rows in row-number order (a pyarrow chunk
        puts the rows of another width after the others)."""
        if isinstance(chunk, PlainChunk):
            return chunk.labels, chunk.columns, list(chunk.row_numbers)
        columns, numbers, order = chunk.columns, chunk.row_numbers, chunk.order()
        if order is not None:
            columns, numbers = [column.take(order) for column in columns], numbers[order]
        return chunk.labels, [column.to_pylist() for column in columns], numbers.tolist()

    def finish(self) -> list[Finding]:
        return self.domain.finish()


def validate_package(path: Path) -> Report:
    folder, descriptor = load_descriptor(path)
    report = Report(descriptor.get("name") or folder.name)
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]
               if isinstance(r.get("schema"), dict) and r.get("path")}
    tables: dict[str, _TableRules] = {}

    def rules(resource: str) -> _TableRules:
        tables[resource] = _TableRules(resource, schemas.get(resource, {}))  # a new reading starts afresh
        return tables[resource]

    findings: list[Finding] = list(check_resources(folder, descriptor, rules))
    report.rows_checked = sum(table.rows for table in tables.values())
    provenance = {r["name"]: r.get("provenance") or [] for r in descriptor["resources"]}
    report.findings = [f.with_source(locate_row(provenance.get(f.resource, []), f.row_number, f.field))
                       for f in findings]
    order = {r["name"]: i for i, r in enumerate(descriptor["resources"])}
    report.findings.sort(key=lambda f: (order.get(f.resource, 0), f.row_number or 0, f.field or ""))
    return report
