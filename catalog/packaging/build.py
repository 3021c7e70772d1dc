"""Officer's files -> a Frictionless data package of one disclosure category.

The package is built in a scratch folder and moved into place only when every file has been read, so a
failed build leaves nothing behind and an earlier good package untouched. The build is deterministic (no
timestamps), so building the same sources twice gives the same bytes and publishing them again is a no-op.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from catalog.disclosure import Category, ResourceSpec, get_category
from catalog.disclosure.gdc import license_for_label
from catalog.errors import CatalogError, PackageError, SourceError
from catalog.packaging.headers import HeaderMatch, best_header
from catalog.packaging.normalise import normalise_cell
from catalog.packaging.provenance import RowRuns
from catalog.packaging.sources import (DOCUMENT_SUFFIXES, SourceTable, check_cell_text, column_letter,
                                       read_bytes, read_tables, sha256_of)
from catalog.thai import ThaiValueError

MAX_REPORTED_ERRORS = 20


class SourceErrors(CatalogError):
    """Several cells could not be read; each is reported on its own line."""

    def __init__(self, errors: list[SourceError], more: int = 0):
        self.errors = errors
        self.more = more
        super().__init__(errors[0].message_en, errors[0].message_th)

    def render(self, lang: str = "en") -> str:
        lines = [e.render(lang) for e in self.errors]
        if self.more:
            lines.append(f"... และอีก {self.more} ข้อผิดพลาด" if lang == "th" else f"... and {self.more} more errors")
        return "\n".join(lines)


@dataclass
class ResourceRows:
    spec: ResourceSpec
    rows: list[list[str]] = field(default_factory=list)
    provenance: list[dict] = field(default_factory=list)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"


def _table_specs(category: Category) -> list[ResourceSpec]:
    return [spec for spec in category.resources if spec.schema]


def _documents_spec(category: Category) -> ResourceSpec | None:
    return next((spec for spec in category.resources if spec.kind == "documents"), None)


def _required(spec: ResourceSpec) -> list[dict]:
    return [f for f in spec.schema["fields"] if f.get("constraints", {}).get("required")]


def _field_label(f: dict) -> str:
    return f"'{f.get('title') or f['name']}' ({f['name']})"


def _match_table(table: SourceTable, category: Category) -> HeaderMatch:
    match = best_header(table, _table_specs(category))
    if match is None:
        expected = "; ".join(f"{s.name}: " + ", ".join(f.get("title") or f["name"] for f in s.schema["fields"][:6])
                             for s in _table_specs(category))
        if not any(any(c not in (None, "") for c in row.cells) for row in table.rows):
            raise table.error("has no rows at all", "ไม่มีข้อมูลเลย")
        raise table.error(f"no header row matches category '{category.name}' (expected headers like {expected})",
                          f"ไม่พบแถวหัวตารางที่ตรงกับหมวด '{category.name}' (หัวตารางที่คาดไว้ เช่น {expected})")
    header_row = match.header_rows[-1]
    for field_name, first, second in getattr(match, "duplicates", []):
        raise table.error(f"columns {table.column_label(first)} and {table.column_label(second)} both mean "
                          f"'{field_name}'; keep one",
                          f"คอลัมน์ {table.column_label(first)} และ {table.column_label(second)} "
                          f"เป็นข้อมูลเดียวกัน ('{field_name}') กรุณาเหลือไว้คอลัมน์เดียว",
                          row=header_row, column=second)
    missing = [f for f in _required(match.resource) if f["name"] not in match.columns]
    if missing:
        names = ", ".join(_field_label(f) for f in missing)
        raise table.error(f"required columns are missing: {names}", f"ไม่มีคอลัมน์ที่ต้องมี: {names}",
                          row=header_row)
    return match


def _merged_data_cells(table: SourceTable, match: HeaderMatch) -> None:
    merged = getattr(table, "merged", {})
    first_data_row = match.header_rows[-1] + 1
    used = set(match.columns.values())
    for (row, col), cell_range in sorted(merged.items()):
        if row >= first_data_row and col - 1 in used and cell_range.min_row >= first_data_row:
            raise table.error(f"merged cells {cell_range.coord} in the data; unmerge them and fill every cell",
                              f"มีเซลล์ที่ผสานกัน {cell_range.coord} ในส่วนข้อมูล กรุณายกเลิกการผสานและกรอกทุกเซลล์",
                              row=cell_range.min_row, column=cell_range.min_col - 1)


def _read_rows(table: SourceTable, match: HeaderMatch, out: ResourceRows, errors: list[SourceError],
               budget: list[int]) -> None:
    fields = match.resource.schema["fields"]
    table.header_texts = match.texts
    runs = RowRuns()
    for source_row in table.rows[match.data_start:]:
        cells = source_row.cells
        if all(c is None or str(c).strip() == "" for c in cells):
            continue  # blank rows between blocks carry nothing
        values = []
        for f in fields:
            column = match.columns.get(f["name"])
            value = cells[column] if column is not None and column < len(cells) else None
            try:
                if isinstance(value, str):
                    check_cell_text(table, source_row.number, column, value)
                values.append(normalise_cell(value, f))
            except ThaiValueError as exc:
                values.append("")
                if len(errors) < MAX_REPORTED_ERRORS:
                    errors.append(table.error(exc.message_en, exc.message_th, row=source_row.number,
                                              column=column))
                else:
                    budget[0] += 1
            except SourceError as exc:
                if len(errors) < MAX_REPORTED_ERRORS:
                    errors.append(exc)
                else:
                    budget[0] += 1
        out.rows.append(values)
        runs.add(source_row.number)
    out.provenance.append({
        "file": table.file,
        "sha256": table.sha256,
        **({"sheet": table.sheet} if table.sheet else {}),
        "header_rows": match.header_rows,
        "columns": {name: column_letter(index) for name, index in match.columns.items()},
        "headers": {name: match.texts.get(index, "") for name, index in match.columns.items()},
        **({"ignored_columns": match.ignored} if match.ignored else {}),
        "rows": runs.runs,
    })


def _write_csv(path: Path, fields: list[dict], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([f["name"] for f in fields])
        writer.writerows(rows)


def _file_facts(path: Path) -> dict:
    return {"hash": "sha256:" + sha256_of(path), "bytes": path.stat().st_size}


def _document_rows(spec: ResourceSpec, documents: list[Path], register: ResourceRows | None,
                   errors: list[SourceError]) -> ResourceRows:
    """The register lists every document; without one from the officer it is made from the file names."""
    names = {p.name: p for p in documents}
    if register is None:
        register = ResourceRows(spec)
        fields = [f["name"] for f in spec.schema["fields"]]
        for p in documents:
            row = {"document_id": slug(p.stem), "title": p.stem.replace("_", " "), "file": f"files/{p.name}"}
            register.rows.append([row.get(name, "") for name in fields])
        register.provenance.append({"generated_from": sorted(names)})
        return register
    file_index = [f["name"] for f in spec.schema["fields"]].index("file")
    listed = set()
    for row in register.rows:
        name = Path(row[file_index]).name if row[file_index] else ""
        if name and name not in names:
            errors.append(SourceError(f"the register lists '{row[file_index]}' but no such document was given",
                                      f"ทะเบียนเอกสารระบุ '{row[file_index]}' แต่ไม่พบไฟล์เอกสารนั้น"))
        if name:
            row[file_index] = f"files/{name}"
            listed.add(name)
    for name in sorted(set(names) - listed):
        errors.append(SourceError("the document is not listed in the register", "เอกสารนี้ไม่มีในทะเบียนเอกสาร",
                                  file=name))
    return register


def package_name(category: Category, agency: dict | None) -> str:
    base = category.name.replace("_", "-")
    return f"{agency['slug']}-{base}" if agency and agency.get("slug") else base


def _descriptor(category: Category, agency: dict | None, name: str | None, title: str | None) -> dict:
    agency = agency or {}
    descriptor: dict = {
        "name": name or package_name(category, agency),
        "title": title or (f"{category.title_th} — {agency['name_th']}" if agency.get("name_th")
                           else category.title_th),
    }
    description = [category.description_th, category.description_en]
    if agency.get("sample"):
        description.append("ข้อมูลตัวอย่าง (sample): เนื้อหาในชุดข้อมูลนี้สร้างขึ้นเพื่อสาธิต ไม่ใช่ข้อมูลจริงของหน่วยงาน "
                           "/ Sample content made up for demonstration, not the agency's real data.")
    descriptor["description"] = "\n\n".join(d for d in description if d)
    gdc = dict(category.gdc)
    tags = gdc.pop("tags", [])
    descriptor["keywords"] = list(tags)
    license_label = gdc.get("license_id", "Creative Commons Attributions")
    descriptor["licenses"] = [license_for_label(license_label)]
    if agency.get("maintainer") or agency.get("maintainer_email"):
        descriptor["contributors"] = [{"title": agency.get("maintainer", ""), "email": agency.get("maintainer_email", ""),
                                       "role": "maintainer"}]
    # GD Catalog dataset fields travel as top-level properties under their GD Catalog names
    descriptor.update({k: v for k, v in gdc.items() if k not in descriptor})
    for key in ("owner_org", "maintainer", "maintainer_email"):
        if agency.get(key if key != "owner_org" else "slug"):
            descriptor[key] = agency[key if key != "owner_org" else "slug"]
    if agency.get("name_th"):
        descriptor.setdefault("data_source", agency["name_th"])
    descriptor["disclosure"] = {
        "category": category.name,
        "mandate_item": category.mandate_item,
        "oit_items": [{"th": item.th, "en": item.en} for item in category.oit_items],
        "currency": {"frequency": category.currency.frequency, "due_days": category.currency.due_days,
                     "anchor": category.currency.anchor},
    }
    return descriptor


def build_package(sources: list[Path], category: str | Category, out_dir: Path, *,
                  agency: dict | None = None, sheet: str | None = None,
                  name: str | None = None, title: str | None = None) -> Path:
    """Build one disclosure package from the officer's files; returns the path of datapackage.json."""
    category = get_category(category) if isinstance(category, str) else category
    sources = [Path(s) for s in sources]
    if not sources:
        raise SourceError("no source files given", "ไม่ได้ระบุไฟล์ต้นทาง")
    documents_spec = _documents_spec(category)
    collected: dict[str, ResourceRows] = {}
    documents: list[Path] = []
    errors: list[SourceError] = []
    more = [0]
    for path in sources:
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            if documents_spec is None:
                raise SourceError(f"category '{category.name}' takes tables, not documents",
                                  f"หมวด '{category.name}' รับเฉพาะตาราง ไม่รับไฟล์เอกสาร", file=path.name)
            read_bytes(path)  # fails cleanly if missing or unreadable
            documents.append(path)
            continue
        tables = read_tables(path, sheet)
        first_error, matched = None, 0
        for table in tables:
            try:
                match = _match_table(table, category)
            except SourceError as exc:
                # a workbook may carry an instructions sheet beside its data sheet
                first_error = first_error or exc
                continue
            matched += 1
            _merged_data_cells(table, match)
            out = collected.setdefault(match.resource.name, ResourceRows(match.resource))
            _read_rows(table, match, out, errors, more)
        if not matched:
            raise first_error or SourceError("the workbook has no sheets", "ไม่มีชีตในไฟล์", file=path.name)
    if not collected and not documents:
        raise SourceError(f"no table in the given files matches category '{category.name}'",
                          f"ไม่พบตารางที่ตรงกับหมวด '{category.name}' ในไฟล์ที่ระบุ",
                          file=", ".join(p.name for p in sources))
    if documents_spec is not None and (documents or documents_spec.name in collected):
        collected[documents_spec.name] = _document_rows(documents_spec, documents,
                                                        collected.get(documents_spec.name), errors)
    for resource_rows in collected.values():
        if not resource_rows.rows and resource_rows.spec.kind != "documents":
            prov = resource_rows.provenance[0]
            errors.append(SourceError("has a header but no data rows", "มีแต่หัวตาราง ไม่มีแถวข้อมูล",
                                      file=prov["file"], sheet=prov.get("sheet"), row=prov["header_rows"][-1]))
    if errors:
        raise SourceErrors(errors, more[0])
    return _write_package(category, collected, documents, Path(out_dir), agency, name, title)


def _write_package(category: Category, collected: dict[str, ResourceRows], documents: list[Path],
                   out_dir: Path, agency: dict | None, name: str | None, title: str | None) -> Path:
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "datapackage.json").exists():
        raise PackageError("the output folder exists and is not a data package; choose an empty folder",
                           "โฟลเดอร์ปลายทางมีอยู่แล้วและไม่ใช่แพ็กเกจข้อมูล กรุณาเลือกโฟลเดอร์ว่าง", file=out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir.parent))
    try:
        descriptor = _descriptor(category, agency, name, title)
        resources = []
        (scratch / "data").mkdir()
        for spec in category.resources:  # the category's order, whatever order the files came in
            resource_rows = collected.get(spec.name)
            if resource_rows is None:
                continue
            relative = f"data/{spec.name}.csv"
            _write_csv(scratch / relative, spec.schema["fields"], resource_rows.rows)
            resources.append({
                "name": spec.name, "title": spec.title_th, "description": spec.title_en,
                "path": relative, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "profile": "tabular-data-resource", "schema": spec.schema,
                **_file_facts(scratch / relative),
                "sources": [{"title": p["file"]} for p in resource_rows.provenance if "file" in p],
                "provenance": resource_rows.provenance,
            })
        if documents:
            (scratch / "files").mkdir()
            for path in sorted(documents, key=lambda p: p.name):
                target = scratch / "files" / path.name
                shutil.copyfile(path, target)
                resources.append({
                    "name": slug(path.stem), "title": path.stem, "path": f"files/{path.name}",
                    "format": path.suffix.lower().lstrip("."), "mediatype": _mediatype(path),
                    **_file_facts(target), "sources": [{"title": path.name}],
                })
        _unique_names(resources)
        descriptor["resources"] = resources
        with open(scratch / "datapackage.json", "w", encoding="utf-8") as stream:
            json.dump(descriptor, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        _replace_dir(scratch, out_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out_dir / "datapackage.json"


def _unique_names(resources: list[dict]) -> None:
    seen: set[str] = set()
    for resource in resources:
        base, n = resource["name"], 2
        while resource["name"] in seen:
            resource["name"] = f"{base}-{n}"
            n += 1
        seen.add(resource["name"])


_MEDIATYPES = {".pdf": "application/pdf", ".doc": "application/msword",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               ".odt": "application/vnd.oasis.opendocument.text", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".png": "image/png", ".ppt": "application/vnd.ms-powerpoint",
               ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def _mediatype(path: Path) -> str:
    return _MEDIATYPES.get(path.suffix.lower(), "application/octet-stream")


def _replace_dir(new: Path, target: Path) -> None:
    """Swap the finished package into place; the old one is removed only after the new one is there."""
    for path in new.rglob("*"):
        if path.is_file():
            with open(path, "rb") as stream:
                os.fsync(stream.fileno())
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
