"""Officer's files -> a Frictionless data package of one disclosure category.

The package is built in a scratch folder and moved into place only when every file has been read, so a
failed build leaves nothing behind and an earlier good package untouched. The build is deterministic (no
timestamps), so building the same sources twice gives the same bytes and publishing them again is a no-op.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from catalog.disclosure import Category, ResourceSpec, get_category
from catalog.disclosure.gdc import license_for_label
from catalog.errors import CatalogError, Location, PackageError, SourceError
from catalog.packaging import forms
from catalog.packaging.headers import HeaderMatch, best_header
from catalog.packaging.periods import KINDS_EN, KINDS_TH, OPTIONS, PeriodOptions
from catalog.packaging.personal import PersonalColumn
from catalog.packaging.reading import SheetReader, SheetRows
from catalog.packaging.sources import DOCUMENT_SUFFIXES, SourceTable, read_bytes, read_tables, sha256_of
from catalog.thai.periods import fiscal_year_of_month

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


def _field_label(f: dict) -> str:
    return f"'{f.get('title') or f['name']}' ({f['name']})"


def _match_table(table: SourceTable, category: Category, resource: str | None) -> HeaderMatch:
    specs = [s for s in _table_specs(category) if resource is None or s.name == resource]
    match = best_header(table, specs)
    if match is None:
        expected = "; ".join(f"{s.name}: " + ", ".join(f.get("title") or f["name"] for f in s.schema["fields"][:6])
                             for s in specs)
        if not any(any(c not in (None, "") for c in row.cells) for row in table.rows):
            raise table.error("has no rows at all", "ไม่มีข้อมูลเลย")
        raise table.error(f"no header row matches category '{category.name}' (expected headers like {expected})",
                          f"ไม่พบแถวหัวตารางที่ตรงกับหมวด '{category.name}' (หัวตารางที่คาดไว้ เช่น {expected})")
    header_row = match.header_rows[-1]
    for field_name, first, second in match.duplicates:
        raise table.error(f"columns {table.column_label(first)} and {table.column_label(second)} both mean "
                          f"'{field_name}'; keep one",
                          f"คอลัมน์ {table.column_label(first)} และ {table.column_label(second)} "
                          f"เป็นข้อมูลเดียวกัน ('{field_name}') กรุณาเหลือไว้คอลัมน์เดียว",
                          row=header_row, column=second)
    return match


def _check_required(reader: SheetReader) -> None:
    missing = reader.missing_required()
    if not missing:
        return
    names = ", ".join(_field_label(f) for f in missing)
    periods = [reader.spec.periods.get(f["name"]) for f in missing]
    hints = [(KINDS_EN[kind], KINDS_TH[kind], OPTIONS[kind]) for kind in dict.fromkeys(periods) if kind in KINDS_EN]
    hint_en = "".join(f"; no {en} in the title rows, the sheet name or the file name either: add the column or "
                      f"give {option}" for en, _th, option in hints)
    hint_th = "".join(f" และไม่พบ{th}ในหัวเรื่อง ชื่อชีต หรือชื่อไฟล์: เพิ่มคอลัมน์ หรือระบุด้วย {option}"
                      for _en, th, option in hints)
    raise reader.table.error(f"required columns are missing: {names}{hint_en}",
                             f"ไม่มีคอลัมน์ที่ต้องมี: {names}{hint_th}", row=reader.match.header_rows[-1])


@dataclass
class BuildReport:
    """What a build did besides writing rows, for the officer to read."""

    descriptor: Path
    rows: dict[str, int] = field(default_factory=dict)  # resource -> rows written
    skipped_sheets: list[Location] = field(default_factory=list)  # sheets with headers only
    skipped_rows: list[tuple[Location, dict]] = field(default_factory=list)  # (where, {"row", "why"})
    dropped: list[tuple[Location, PersonalColumn]] = field(default_factory=list)  # (where, column)
    periods: list[tuple[Location, str, dict]] = field(default_factory=list)  # (where, field, {"value", "from"})
    nothing_to_report: int = 0

    def lines(self, lang: str = "en") -> list[str]:
        from catalog.packaging.wording import report_lines

        return report_lines(self, lang)


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


def package_name(category: Category, agency: dict | None, fiscal_year: int | None = None) -> str:
    """<agency slug>-<category>, and -<fiscal year> for a category with one dataset per fiscal year."""
    base = category.name.replace("_", "-") + (f"-{fiscal_year}" if fiscal_year else "")
    return f"{agency['slug']}-{base}" if agency and agency.get("slug") else base


def _descriptor(category: Category, agency: dict | None, name: str | None, title: str | None,
                fiscal_year: int | None = None) -> dict:
    agency = agency or {}
    subject = category.title_th + (f" ปีงบประมาณ {fiscal_year}" if fiscal_year else "")
    descriptor: dict = {
        "name": name or package_name(category, agency, fiscal_year),
        "title": title or (f"{subject} — {agency['name_th']}" if agency.get("name_th") else subject),
    }
    description = [category.description_th, category.description_en]
    if agency.get("sample"):
        description.append("ข้อมูลตัวอย่าง (sample): เนื้อหาในชุดข้อมูลนี้สร้างขึ้นเพื่อสาธิต ไม่ใช่ข้อมูลจริงของหน่วยงาน "
                           "/ Sample content made up for demonstration, not the agency's real data.")
        if agency.get("sample_note"):
            description.append(str(agency["sample_note"]))
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
        **({"fiscal_year": fiscal_year} if fiscal_year else {}),
        "mandate_item": category.mandate_item,
        "oit_items": [{"th": item.th, "en": item.en} for item in category.oit_items],
        "currency": {"frequency": category.currency.frequency, "due_days": category.currency.due_days,
                     "anchor": category.currency.anchor},
    }
    filed = _filed(agency, category.name)
    if filed:
        descriptor["disclosure"]["filed"] = filed
    return descriptor


def _filed(agency: dict, category: str) -> list[dict]:
    """The agency's record of when it made this category's periods public before this catalog (agency.json
    "filed": {category: [{"date": "2024-11-15", "periods": ["2024-10"], "url": "https://..."}]}): the
    compliance view counts a period as published on that date. Checked here, so a typo fails the build."""
    entries = (agency.get("filed") or {}).get(category) or []
    where = f"agency.json: filed.{category}"
    if not isinstance(entries, list):
        raise SourceError(f"{where} must be a list of {{date, periods, url}}",
                          f"{where} ต้องเป็นรายการของ {{date, periods, url}}", file="agency.json")
    for index, entry in enumerate(entries):
        try:
            dt.date.fromisoformat(entry["date"])
            periods = entry.get("periods", [])
            if not isinstance(periods, list) or not all(isinstance(p, str) for p in periods):
                raise ValueError
        except (TypeError, KeyError, ValueError):
            raise SourceError(f"{where}[{index}]: needs a date as YYYY-MM-DD (Common Era) and periods as a list of "
                              "labels, e.g. {\"date\": \"2024-11-15\", \"periods\": [\"2024-10\"]}",
                              f"{where}[{index}]: ต้องมี date แบบ ค.ศ. YYYY-MM-DD และ periods เป็นรายการงวด",
                              file="agency.json") from None
    return [dict(entry) for entry in entries]


def build_package(sources: list[Path], category: str | Category, out_dir: Path | None, *,
                  agency: dict | None = None, sheet: str | None = None, name: str | None = None,
                  title: str | None = None, periods: PeriodOptions | None = None,
                  drop_personal_columns: bool = False) -> Path:
    """Build one disclosure package from the officer's files; returns the path of datapackage.json."""
    return build(sources, category, out_dir, agency=agency, sheet=sheet, name=name, title=title, periods=periods,
                 drop_personal_columns=drop_personal_columns).descriptor


def build(sources: list[Path], category: str | Category, out_dir: Path | None, *, agency: dict | None = None,
          sheet: str | None = None, name: str | None = None, title: str | None = None,
          periods: PeriodOptions | None = None, drop_personal_columns: bool = False) -> BuildReport:
    """Build one disclosure package and say what was done besides (sheets and rows skipped, columns left
    out, periods read from titles). `sheet`: a sheet's name, its number (1 = first) or a resource's name.
    `out_dir` None: a folder named after the package, in the current folder."""
    category = get_category(category) if isinstance(category, str) else category
    sources = [Path(s) for s in sources]
    if not sources:
        raise SourceError("no source files given", "ไม่ได้ระบุไฟล์ต้นทาง")
    resource = sheet if sheet in category.resource_names else None
    documents_spec = _documents_spec(category)
    collected: dict[str, ResourceRows] = {}
    documents: list[Path] = []
    errors: list[SourceError] = []
    more = [0]
    report = BuildReport(Path())
    empty: list[tuple[SourceTable, HeaderMatch]] = []
    for path in sources:
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            if documents_spec is None:
                raise SourceError(f"category '{category.name}' takes tables, not documents",
                                  f"หมวด '{category.name}' รับเฉพาะตาราง ไม่รับไฟล์เอกสาร", file=path.name)
            read_bytes(path)  # fails cleanly if missing or unreadable
            documents.append(path)
            continue
        tables = read_tables(path, None if resource else sheet)
        first_error, matched = None, 0
        for table in tables:
            try:
                match = _match_table(table, category, resource)
            except SourceError as exc:
                # a workbook may carry an instructions sheet beside its data sheet
                first_error = first_error or exc
                continue
            matched += 1
            table.header_texts = match.texts
            if all(forms.is_blank(row.cells) for row in table.rows[match.data_start:]):
                empty.append((table, match))  # headers only: a template's sheet left as it came
                continue
            reader = SheetReader(table, match, periods, drop_personal_columns)
            reader.check_personal_data()  # before anything else: the officer must hear of it first
            _check_required(reader)
            sheet_rows = reader.read(errors, MAX_REPORTED_ERRORS)
            more[0] += sheet_rows.errors_beyond
            if not sheet_rows.rows and not sheet_rows.skipped:
                empty.append((table, match))
                continue
            out = collected.setdefault(match.resource.name, ResourceRows(match.resource))
            out.rows += sheet_rows.rows
            out.provenance.append(sheet_rows.provenance)
            _note(report, table, sheet_rows)
        if not matched:
            raise first_error or SourceError("the workbook has no sheets", "ไม่มีชีตในไฟล์", file=path.name)
    for table, match in empty:
        if collected or documents:  # a template's other sheets, left as they came
            report.skipped_sheets.append(_where(table))
        else:
            errors.append(table.error("has a header but no data rows", "มีแต่หัวตาราง ไม่มีแถวข้อมูล",
                                      row=match.header_rows[-1]))
    if not collected and not documents and not errors:
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
    fiscal_year = dataset_fiscal_year(category, collected) if category.dataset_period else None
    name = name or package_name(category, agency, fiscal_year)
    report.descriptor = _write_package(category, collected, documents, Path(out_dir or name), agency, name, title,
                                       fiscal_year)
    report.rows = {n: len(r.rows) for n, r in collected.items()}
    return report


def _where(table: SourceTable) -> Location:
    return Location(table.file, table.sheet)


def _note(report: BuildReport, table: SourceTable, sheet_rows: SheetRows) -> None:
    where = _where(table)
    report.skipped_rows += [(where, skipped) for skipped in sheet_rows.skipped]
    report.dropped += [(where, column) for column in sheet_rows.dropped]
    report.periods += [(where, name, found) for name, found in sheet_rows.provenance.get("periods", {}).items()]
    report.nothing_to_report += sheet_rows.nothing_to_report


def dataset_fiscal_year(category: Category, collected: dict[str, ResourceRows]) -> int | None:
    """The one fiscal year the rows lie in (the category's datasets are one per fiscal year): from a
    fiscal-year field, or from the month of a month field."""
    years: dict[int, str] = {}
    for resource_rows in collected.values():
        spec = resource_rows.spec
        names = [f["name"] for f in spec.schema["fields"]]
        for field_name, kind in spec.periods.items():
            if kind not in ("fiscal_year", "month") or field_name not in names:
                continue
            index = names.index(field_name)
            for row in resource_rows.rows:
                value = row[index]
                if not value:
                    continue
                year = int(value) if kind == "fiscal_year" and value.isdigit() else \
                    fiscal_year_of_month(value) if kind == "month" else None
                if year is not None:
                    years.setdefault(year, value)
            if any(kind == "fiscal_year" for kind in spec.periods.values()):
                break  # the fiscal-year field says it; months agree with it or validation says so
    if len(years) > 1:
        listed = ", ".join(str(y) for y in sorted(years))
        raise SourceError(f"the rows span fiscal years {listed}; a {category.name} package holds one fiscal year: "
                          "build one package per fiscal year",
                          f"ข้อมูลครอบคลุมหลายปีงบประมาณ ({listed}) แพ็กเกจหมวด {category.name} มีได้ปีงบประมาณเดียว "
                          "กรุณาสร้างแพ็กเกจแยกตามปีงบประมาณ")
    return next(iter(years), None)


def _write_package(category: Category, collected: dict[str, ResourceRows], documents: list[Path],
                   out_dir: Path, agency: dict | None, name: str | None, title: str | None,
                   fiscal_year: int | None = None) -> Path:
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "datapackage.json").exists():
        raise PackageError("the output folder exists and is not a data package; choose an empty folder",
                           "โฟลเดอร์ปลายทางมีอยู่แล้วและไม่ใช่แพ็กเกจข้อมูล กรุณาเลือกโฟลเดอร์ว่าง", file=out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir.parent))
    try:
        descriptor = _descriptor(category, agency, name, title, fiscal_year)
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
