"""Validate a whole data package: schema checks, domain rules and the personal-data guard, with every
finding traced back to the officer's file, sheet, row and column through the package's provenance."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.errors import PackageError
from catalog.packaging.provenance import locate_row
from catalog.validation.domain_rules import check_domain_rules
from catalog.validation.findings import Finding
from catalog.validation.personal_data import check_personal_data
from catalog.validation.report import Report
from catalog.validation.schema_checks import check_resources, read_table


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


def _tabular(descriptor: dict) -> list[dict]:
    return [r for r in descriptor["resources"] if isinstance(r.get("schema"), dict) and r.get("path")]


def validate_package(path: Path) -> Report:
    folder, descriptor = load_descriptor(path)
    report = Report(descriptor.get("name") or folder.name)
    findings: list[Finding] = list(check_resources(folder, descriptor))
    for resource in _tabular(descriptor):
        table = read_table(folder / resource["path"])
        report.rows_checked += len(table)
        findings += check_domain_rules(resource["name"], table)
        findings += check_personal_data(resource["name"], table, resource["schema"])
    provenance = {r["name"]: r.get("provenance") or [] for r in descriptor["resources"]}
    report.findings = [f.with_source(locate_row(provenance.get(f.resource, []), f.row_number, f.field))
                       for f in findings]
    order = {r["name"]: i for i, r in enumerate(descriptor["resources"])}
    report.findings.sort(key=lambda f: (order.get(f.resource, 0), f.row_number or 0, f.field or ""))
    return report
