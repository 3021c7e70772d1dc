"""Disclosure categories: one per item of the mandate, loaded from `categories/<name>.json`.

A category file looks like this (all texts bilingual as {"th": ..., "en": ...}):

    {"name": "procurement_monthly", "title": {...}, "description": {...},
     "mandate_item": 4,                                  # 1..7 as numbered in the mandate
     "oit_items": [{"th": "...", "en": "..."}],          # OIT items by title (numbers change yearly)
     "currency": {"frequency": "monthly", "due_days": 30, "anchor": "end", "note": {...}},
     "gdc": {GD Catalog dataset metadata defaults, exact choice values; see catalog.disclosure.gdc},
     "resources": [{"name": "...", "title": {...}, "description": {...},
                    "kind": "table" | "documents",        # documents: a register of files under files/
                    "required": true,                     # false: the package may leave it out
                    "schema": {Frictionless Table Schema},
                    "aliases": {"<field name>": ["header as officers or e-GP write it", ...]},
                    "reading": {how the importer reads the officers' form, see ResourceSpec.reading}}],
     "dataset_period": "fiscal_year"}                    # optional: one dataset per agency x fiscal year
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources as importlib_resources
from types import MappingProxyType
from typing import Any, Mapping

from catalog.errors import CatalogError
from catalog.disclosure.currency import CurrencyRule
from catalog.disclosure.headers import normalise_header

RESOURCE_KINDS = ("table", "documents")
PERIOD_KINDS = ("month", "fiscal_year", "report_round", "round_start", "round_end")
SPLITS = ("party_and_price", "number_and_date", "two_amounts")
DATASET_PERIODS = ("fiscal_year",)
MANDATE_ITEMS = {
    1: ("ข้อมูลพื้นฐานของหน่วยงาน: โครงสร้าง ภารกิจ ผู้บริหาร และบุคลากร",
        "Basic agency information: structure, mission, executives and current staff"),
    2: ("นโยบายและยุทธศาสตร์", "Policy and strategy"),
    3: ("แผนปฏิบัติราชการประจำปีและรายงานผลรอบ 6 เดือนและประจำปี",
        "Annual operating plan and its 6-month and annual progress reports"),
    4: ("การเปิดเผยข้อมูลการจัดซื้อจัดจ้าง", "Procurement disclosure"),
    5: ("คู่มือและมาตรฐานการปฏิบัติงาน", "Operating manuals and standards"),
    6: ("มาตรฐานและขั้นตอนการให้บริการ", "Service standards and procedures"),
    7: ("การสำรวจความคิดเห็นของผู้มีส่วนได้ส่วนเสียและบุคลากร และการนำผลไปใช้",
        "Stakeholder and staff opinion surveys and how they were used"),
}


class UnknownCategory(CatalogError, KeyError):
    """No category of that name. The message lists the valid names."""

    def __init__(self, name: str, valid: list[str] | tuple[str, ...]):
        self.name = name
        self.valid = tuple(valid)
        listed = ", ".join(self.valid)
        super().__init__(f"unknown category {name!r}; valid categories: {listed}",
                         f"ไม่มีหมวดข้อมูล {name!r} หมวดที่ใช้ได้: {listed}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message_en


class UnknownResource(CatalogError, KeyError):
    """No resource of that name in the category. The message lists the valid names."""

    def __init__(self, category: str, name: str, valid: tuple[str, ...]):
        listed = ", ".join(valid)
        super().__init__(f"category {category!r} has no resource {name!r}; valid resources: {listed}",
                         f"หมวด {category!r} ไม่มีชุดตาราง {name!r} ที่ใช้ได้: {listed}")

    def __str__(self) -> str:
        return self.message_en


class CategoryDefinitionError(ValueError):
    """A category file is malformed: a bug in the shipped definitions, not a user error."""


@dataclass(frozen=True)
class OitItem:
    """An OIT item of the ITA assessment, by title (item numbers change every year)."""

    th: str
    en: str


@dataclass(frozen=True, init=False)
class ResourceSpec:
    """One resource (table) of a category's data package.

    kind "table": rows the officer supplies. kind "documents": a register of published files (schema
    `document_register`); the builder copies the files themselves into the package next to it.
    `schema` is a Frictionless Table Schema descriptor, handed out as a fresh copy each time.
    `aliases` maps a field name to header texts officers or e-GP use for it.

    `reading` says how the importer reads the officers' form beyond one column per field (all optional):
      "periods": {field: kind}   the field is a reporting period ("month", "fiscal_year", "report_round";
                                 "round_start"/"round_end": the first/last day of the row's round), read
                                 in any form officers write it, and when the form has no such column,
                                 from the title rows, the sheet name or the file name;
      "period_key": [field, ...] the rows one publish of a period replaces in the dataset;
      "compound": [{"field": f, "split": kind, "headers": [...], ...}]
                                 a column of the printed form that holds two fields, e.g. the winner and
                                 the agreed price ("party_and_price", with "price" and "offers"), a
                                 contract's number and date ("number_and_date", with "date"), or the
                                 budget and the reference price ("two_amounts", with "second");
      "key_from": {field: other}  a key field the form may lack a column for, then the other field's value
                                 (a plan report without project codes: each project is known by its name);
      "nothing_to_report": {"phrases": [...], "words": [...], "row": {field: value}}
                                 how a period without entries is written (a phrase anywhere in the row,
                                 or a row of nothing but those words and dashes) and the one row it
                                 becomes.
    """

    name: str
    title_th: str
    title_en: str
    kind: str
    aliases: Mapping[str, tuple[str, ...]]
    description_th: str = ""
    description_en: str = ""
    required: bool = True
    _schema_json: str = field(default="{}", repr=False)
    _reading_json: str = field(default="{}", repr=False)

    def __init__(self, name: str, title_th: str, title_en: str, kind: str, schema: Mapping[str, Any],
                 aliases: Mapping[str, Any] | None = None, description_th: str = "",
                 description_en: str = "", required: bool = True, reading: Mapping[str, Any] | None = None):
        if kind not in RESOURCE_KINDS:
            raise CategoryDefinitionError(f"resource {name!r}: kind must be one of {RESOURCE_KINDS}, not {kind!r}")
        frozen_aliases = MappingProxyType({k: tuple(v) for k, v in (aliases or {}).items()})
        for attr, value in (("name", name), ("title_th", title_th), ("title_en", title_en), ("kind", kind),
                            ("aliases", frozen_aliases), ("description_th", description_th),
                            ("description_en", description_en), ("required", bool(required)),
                            ("_schema_json", json.dumps(schema, ensure_ascii=False, sort_keys=True)),
                            ("_reading_json", json.dumps(reading or {}, ensure_ascii=False, sort_keys=True))):
            object.__setattr__(self, attr, value)

    def __hash__(self) -> int:
        return hash((self.name, self.kind, self._schema_json, self._reading_json))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResourceSpec):
            return NotImplemented
        return (self.name, self.title_th, self.title_en, self.kind, dict(self.aliases), self.description_th,
                self.description_en, self.required, self._schema_json, self._reading_json) == (
            other.name, other.title_th, other.title_en, other.kind, dict(other.aliases), other.description_th,
            other.description_en, other.required, other._schema_json, other._reading_json)

    @property
    def schema(self) -> dict:
        """The Table Schema descriptor (a new copy on every access)."""
        return json.loads(self._schema_json)

    @property
    def reading(self) -> dict:
        """How the importer reads the officers' form (a new copy on every access; see the class docstring)."""
        return json.loads(self._reading_json)

    @cached_property
    def periods(self) -> Mapping[str, str]:
        """field -> period kind, for the fields that are reporting periods."""
        return MappingProxyType(dict(json.loads(self._reading_json).get("periods") or {}))

    @cached_property
    def period_key(self) -> tuple[str, ...]:
        """The fields whose values say which period a row belongs to (empty: the table has no periods)."""
        return tuple(json.loads(self._reading_json).get("period_key") or ())

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f["name"] for f in json.loads(self._schema_json)["fields"])

    @property
    def primary_key(self) -> tuple[str, ...]:
        pk = json.loads(self._schema_json).get("primaryKey") or ()
        return (pk,) if isinstance(pk, str) else tuple(pk)

    @property
    def document_types(self) -> tuple[str, ...]:
        """The allowed `document_type` values of a documents register (empty for tables)."""
        for f in json.loads(self._schema_json)["fields"]:
            if f["name"] == "document_type":
                return tuple(f.get("constraints", {}).get("enum", ()))
        return ()

    def header_map(self) -> dict[str, str]:
        """normalise_header(text) -> field name, for each field's name, Thai title and aliases.

        Raises CategoryDefinitionError if one normalised text would name two fields.
        """
        return dict(self._header_map)

    @cached_property
    def _header_map(self) -> Mapping[str, str]:
        mapping: dict[str, str] = {}
        compound = {}
        for split in json.loads(self._reading_json).get("compound") or ():
            compound.setdefault(split["field"], []).extend(split.get("headers") or ())
        for f in json.loads(self._schema_json)["fields"]:
            name = f["name"]
            for text in (name, f.get("title"), *self.aliases.get(name, ()), *compound.get(name, ())):
                if not text:
                    continue
                key = normalise_header(text)
                if mapping.setdefault(key, name) != name:
                    raise CategoryDefinitionError(
                        f"resource {self.name!r}: header {text!r} ({key!r}) names both "
                        f"{mapping[key]!r} and {name!r}")
        return MappingProxyType(mapping)

    @cached_property
    def compound_headers(self) -> Mapping[str, dict]:
        """normalise_header(text) -> its split, for the headers of the form's columns that hold two fields."""
        found = {}
        for split in json.loads(self._reading_json).get("compound") or ():
            for text in split.get("headers") or ():
                found[normalise_header(text)] = split
        return MappingProxyType(found)

    def field_for_header(self, header: str) -> str | None:
        """The field a header names, or None."""
        return self._header_map.get(normalise_header(header))


@dataclass(frozen=True, init=False)
class Category:
    """One disclosure category (= one data package / one GD Catalog dataset)."""

    name: str
    title_th: str
    title_en: str
    description_th: str
    description_en: str
    mandate_item: int
    oit_items: tuple[OitItem, ...]
    currency: CurrencyRule
    resources: tuple[ResourceSpec, ...]
    dataset_period: str | None = None  # "fiscal_year": one dataset per agency x fiscal year
    _gdc_json: str = field(default="{}", repr=False)

    def __init__(self, name: str, title_th: str, title_en: str, description_th: str, description_en: str,
                 mandate_item: int, oit_items, currency: CurrencyRule, gdc: Mapping[str, Any],
                 resources, dataset_period: str | None = None):
        for attr, value in (("name", name), ("title_th", title_th), ("title_en", title_en),
                            ("description_th", description_th), ("description_en", description_en),
                            ("mandate_item", mandate_item), ("oit_items", tuple(oit_items)),
                            ("currency", currency), ("resources", tuple(resources)),
                            ("dataset_period", dataset_period),
                            ("_gdc_json", json.dumps(gdc, ensure_ascii=False, sort_keys=True))):
            object.__setattr__(self, attr, value)

    def __hash__(self) -> int:
        return hash((self.name, self._gdc_json, self.resources))

    @property
    def gdc(self) -> dict:
        """GD Catalog dataset metadata defaults (a new copy on every access)."""
        return json.loads(self._gdc_json)

    @property
    def resource_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.resources)

    def resource(self, name: str) -> ResourceSpec:
        for r in self.resources:
            if r.name == name:
                return r
        raise UnknownResource(self.name, name, self.resource_names)


# ----------------------------------------------------------------------------- loading

def _text(obj: Any, where: str) -> tuple[str, str]:
    if not isinstance(obj, dict) or not isinstance(obj.get("th"), str) or not isinstance(obj.get("en"), str):
        raise CategoryDefinitionError(f"{where}: expected {{'th': ..., 'en': ...}}")
    return obj["th"], obj["en"]


def category_from_dict(data: Mapping[str, Any]) -> Category:
    """Build a Category from its JSON form (the shape of `categories/<name>.json`)."""
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise CategoryDefinitionError("category without a name")
    title_th, title_en = _text(data.get("title"), f"{name}.title")
    description_th, description_en = _text(data.get("description"), f"{name}.description")
    item = data.get("mandate_item")
    if item not in MANDATE_ITEMS:
        raise CategoryDefinitionError(f"{name}: mandate_item must be 1..7, not {item!r}")
    oit = tuple(OitItem(*_text(o, f"{name}.oit_items")) for o in data.get("oit_items") or ())
    c = data.get("currency") or {}
    note_th, note_en = _text(c.get("note", {"th": "", "en": ""}), f"{name}.currency.note")
    try:
        currency = CurrencyRule(frequency=c.get("frequency"), due_days=c.get("due_days", 0),
                                anchor=c.get("anchor", "end"), note_th=note_th, note_en=note_en,
                                rounds=tuple(c.get("rounds") or ()), evidence=c.get("evidence") or {},
                                max_age_days=c.get("max_age_days"), unverified=tuple(c.get("unverified") or ()))
    except (TypeError, ValueError) as exc:
        raise CategoryDefinitionError(f"{name}.currency: {exc}") from None
    specs = []
    for r in data.get("resources") or ():
        r_name = r.get("name")
        r_th, r_en = _text(r.get("title"), f"{name}.{r_name}.title")
        d_th, d_en = _text(r.get("description", {"th": "", "en": ""}), f"{name}.{r_name}.description")
        schema = r.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            raise CategoryDefinitionError(f"{name}.{r_name}: schema with a list of fields required")
        field_names = {f.get("name") for f in schema["fields"]}
        aliases = r.get("aliases") or {}
        unknown = sorted(set(aliases) - field_names)
        if unknown:
            raise CategoryDefinitionError(f"{name}.{r_name}: aliases for unknown fields {unknown}")
        reading = r.get("reading") or {}
        _check_reading(f"{name}.{r_name}", reading, field_names)
        spec = ResourceSpec(r_name, r_th, r_en, r.get("kind"), schema, aliases, d_th, d_en,
                            r.get("required", True), reading)
        spec.header_map()  # raises on ambiguous headers
        specs.append(spec)
    if not specs:
        raise CategoryDefinitionError(f"{name}: no resources")
    if len({s.name for s in specs}) != len(specs):
        raise CategoryDefinitionError(f"{name}: duplicate resource names")
    _check_evidence(name, currency, specs)
    dataset_period = data.get("dataset_period")
    if dataset_period not in (None, *DATASET_PERIODS):
        raise CategoryDefinitionError(f"{name}: dataset_period must be one of {DATASET_PERIODS}")
    return Category(name, title_th, title_en, description_th, description_en, item, oit, currency,
                    data.get("gdc") or {}, specs, dataset_period)


def _check_evidence(name: str, currency: CurrencyRule, specs: list) -> None:
    """A currency rule's evidence names a table of the category and fields of its schema."""
    if not currency.evidence:
        return
    spec = next((s for s in specs if s.name == currency.evidence.get("resource")), None)
    if spec is None:
        raise CategoryDefinitionError(f"{name}.currency.evidence: no resource {currency.evidence.get('resource')!r}")
    fields = {f.get("name") for f in spec.schema["fields"]}
    missing = [f for f in currency.evidence_fields if f not in fields]
    if missing:
        raise CategoryDefinitionError(f"{name}.currency.evidence: {spec.name} has no fields {missing}")


def _check_reading(where: str, reading: Mapping[str, Any], field_names: set) -> None:
    """A category's reading rules name only fields of its schema and kinds the importer knows."""
    for field_name, kind in (reading.get("periods") or {}).items():
        if field_name not in field_names or kind not in PERIOD_KINDS:
            raise CategoryDefinitionError(f"{where}.reading.periods: {field_name!r}: {kind!r}")
    for field_name in reading.get("period_key") or ():
        if field_name not in field_names:
            raise CategoryDefinitionError(f"{where}.reading.period_key: unknown field {field_name!r}")
    for split in reading.get("compound") or ():
        named = [split.get("field"), split.get("price"), split.get("offers"), split.get("date"), split.get("second")]
        if split.get("split") not in SPLITS or any(n is not None and n not in field_names for n in named):
            raise CategoryDefinitionError(f"{where}.reading.compound: {split!r}")
    for field_name, other in (reading.get("key_from") or {}).items():
        if field_name not in field_names or other not in field_names:
            raise CategoryDefinitionError(f"{where}.reading.key_from: {field_name!r}: {other!r}")
    for field_name in ((reading.get("nothing_to_report") or {}).get("row") or {}):
        if field_name not in field_names:
            raise CategoryDefinitionError(f"{where}.reading.nothing_to_report: unknown field {field_name!r}")


_lock = threading.Lock()
_cache: dict[str, Category] | None = None


def _load() -> dict[str, Category]:
    global _cache
    if _cache is None:
        with _lock:
            if _cache is None:
                found: dict[str, Category] = {}
                folder = importlib_resources.files("catalog.disclosure") / "categories"
                for entry in sorted(folder.iterdir(), key=lambda e: e.name):
                    if not entry.name.endswith(".json"):
                        continue
                    data = json.loads(entry.read_text(encoding="utf-8"))
                    category = category_from_dict(data)
                    if entry.name != f"{category.name}.json":
                        raise CategoryDefinitionError(f"{entry.name}: holds category {category.name!r}")
                    found[category.name] = category
                ordered = sorted(found.values(), key=lambda c: (c.mandate_item, c.name))
                _cache = {c.name: c for c in ordered}
    return _cache


def category_names() -> list[str]:
    """Names of all categories, by mandate item then name."""
    return list(_load())


def all_categories() -> list[Category]:
    """All categories, by mandate item then name."""
    return list(_load().values())


def get_category(name: str) -> Category:
    """The category called `name`; UnknownCategory (a KeyError) listing the valid names otherwise."""
    categories = _load()
    try:
        return categories[name]
    except (KeyError, TypeError):
        raise UnknownCategory(str(name), list(categories)) from None


def categories_for_item(mandate_item: int) -> list[Category]:
    """The categories that cover one item (1..7) of the mandate."""
    return [c for c in _load().values() if c.mandate_item == mandate_item]
