"""A Table Schema read without frictionless, for schemas written the plain way.

Importing frictionless takes longer than checking a 20-row file, so a schema in the plain subset of the
Table Schema v1 spec (known keys of known types, the field types our checks read themselves) is read
here, with frictionless' defaults and normalisation; any other schema is read by frictionless, which
also says why it is no schema. `plain_schema` accepts only descriptors frictionless accepts
(tests/validation/test_table_schema.py checks that on generated descriptors), and the objects answer
the questions the checks ask of frictionless' `Schema` and `Field` the way those do, their cell readers
included (`field_values`).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from catalog.validation import schema_messages as messages
from catalog.validation.findings import Finding

BOUNDS = ("minimum", "maximum")
SUPPORTED_CONSTRAINTS = {  # as frictionless' field classes list them
    "string": ["required", "minLength", "maxLength", "pattern", "enum"],
    "integer": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "number": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "date": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "year": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "boolean": ["required", "enum"],
    "any": ["required", "enum"],
}
FORMATS = {"string": ("default", "email", "uri"), "date": ("default",)}  # other types: "default" only
DEFAULT_TRUE_VALUES = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE_VALUES = ["false", "False", "FALSE", "0"]
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues", "name", "title", "description"}
FIELD_KEYS = {"name", "title", "description", "type", "format", "constraints", "missingValues"}
TYPE_KEYS = {"boolean": {"trueValues", "falseValues"}, "integer": {"bareNumber"}, "number": {"bareNumber"}}


def load_schema(descriptor: dict, resource: str):
    """The schema (a `TableSchema`, or frictionless' `Schema` when it is not plain), or the schema-error
    finding frictionless would report instead."""
    loaded = plain_schema(descriptor)
    if loaded is not None:
        return loaded
    loaded = _load_schema(json.dumps(descriptor, sort_keys=True, ensure_ascii=False))
    if isinstance(loaded, str):
        en, th = messages.schema_error(loaded)
        return [Finding("schema-error", resource, en, th)]
    return loaded


@functools.lru_cache(maxsize=256)
def _load_schema(text: str):
    """frictionless' Schema from its JSON text, or why it is not one. Packages share schemas, and frictionless
    checks each against its JSON-schema profile: once per distinct schema is enough. The Schema is shared: it
    is only ever read."""
    from frictionless import FrictionlessException, Schema

    try:
        return Schema.from_descriptor(json.loads(text))
    except FrictionlessException as exception:
        notes = [exception.error.note] + [reason.note for reason in exception.reasons]
        return "; ".join(note for note in notes if note)


class SchemaField:
    """One field, with the attributes of frictionless' field classes that the checks read."""

    def __init__(self, descriptor: dict, schema: "TableSchema"):
        self.descriptor = descriptor
        self.schema = schema
        self.name: str = descriptor["name"]
        self.type: str = descriptor["type"]
        self.format: str = descriptor.get("format", "default")
        self.constraints: dict[str, Any] = dict(descriptor.get("constraints", {}))
        self.missing_values: list[str] = list(descriptor.get("missingValues", [""]))
        self.true_values: list[str] = list(descriptor.get("trueValues", DEFAULT_TRUE_VALUES))
        self.false_values: list[str] = list(descriptor.get("falseValues", DEFAULT_FALSE_VALUES))
        self.bare_number: bool = descriptor.get("bareNumber", True)
        self.group_char, self.decimal_char, self.float_number = "", ".", False
        self.supported_constraints = SUPPORTED_CONSTRAINTS[self.type]

    @property
    def required(self) -> bool:
        return self.constraints.get("required", False)

    def has_defined(self, name: str) -> bool:
        return name == "missing_values" and "missingValues" in self.descriptor

    def create_cell_reader(self):
        from catalog.validation.field_values import cell_reader

        missing = self.missing_values if self.has_defined("missing_values") else self.schema.missing_values
        return cell_reader(self, missing)

    def create_value_reader(self):
        from catalog.validation.field_values import value_reader

        return value_reader(self)


class TableSchema:
    """A plain schema's fields and keys, normalised as frictionless normalises them."""

    fields_match = "exact"

    def __init__(self, descriptor: dict):
        self.descriptor = descriptor
        self.fields = [SchemaField(field, self) for field in descriptor["fields"]]
        self.missing_values: list[str] = list(descriptor.get("missingValues", [""]))
        self.primary_key: list[str] = _names(descriptor.get("primaryKey", []))
        self.foreign_keys = [{"fields": _names(fk["fields"]),
                              "reference": {"resource": fk["reference"]["resource"],
                                            "fields": _names(fk["reference"]["fields"])}}
                             for fk in descriptor.get("foreignKeys", [])]

    def has_defined(self, name: str) -> bool:
        return False  # fieldsMatch is never set in a plain schema


def plain_schema(descriptor: Any) -> TableSchema | None:
    """The schema, when it is in the plain subset (every such descriptor is valid); None otherwise."""
    if not isinstance(descriptor, dict) or not set(descriptor) <= SCHEMA_KEYS:
        return None
    fields = descriptor.get("fields")
    if not isinstance(fields, list) or not fields or not all(_plain_field(field) for field in fields):
        return None
    names = [field["name"] for field in fields]
    if len(set(names)) != len(names) or not _strings(descriptor.get("missingValues", [])):
        return None
    if not all(isinstance(descriptor.get(key, ""), str) for key in ("name", "title", "description")):
        return None
    primary_key = descriptor.get("primaryKey", [])
    if not _key_names(primary_key) or not set(_names(primary_key)) <= set(names):
        return None
    foreign_keys = descriptor.get("foreignKeys", [])
    if not isinstance(foreign_keys, list) or not all(_plain_foreign_key(fk, names) for fk in foreign_keys):
        return None
    return TableSchema(descriptor)


def _plain_field(field: Any) -> bool:
    if not isinstance(field, dict) or field.get("type") not in SUPPORTED_CONSTRAINTS:
        return False
    kind = field["type"]
    if not set(field) <= FIELD_KEYS | TYPE_KEYS.get(kind, set()):
        return False
    if not (isinstance(field.get("name"), str) and field["name"]):
        return False
    if not all(isinstance(field.get(key, ""), str) for key in ("title", "description")):
        return False
    if field.get("format", "default") not in FORMATS.get(kind, ("default",)):
        return False
    if not all(_strings(field.get(key, [])) for key in ("missingValues", "trueValues", "falseValues")):
        return False
    if not isinstance(field.get("bareNumber", True), bool):
        return False
    constraints = field.get("constraints", {})
    return isinstance(constraints, dict) and all(_plain_constraint(kind, name, value)
                                                 for name, value in constraints.items())


def _plain_constraint(kind: str, name: str, value: Any) -> bool:
    if name == "unique" or name == "required":
        return isinstance(value, bool)
    if name not in SUPPORTED_CONSTRAINTS[kind] or name.startswith("exclusive"):
        return False  # exclusive bounds belong to v2 schemas
    if name in ("minLength", "maxLength"):
        return type(value) is int
    if name == "pattern":
        return isinstance(value, str) and _compiles(value)
    if name == "enum":
        return isinstance(value, list) and bool(value) and all(_plain_value(kind, item) for item in value)
    return _plain_value(kind, value)  # a bound


def _plain_value(kind: str, value: Any) -> bool:
    """A bound or enum value of the field's own type, as frictionless' value reader returns it unchanged."""
    if kind in ("integer", "year"):
        return type(value) is int
    if kind == "number":
        return type(value) is int
    if kind == "date":
        return isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is not None
    if kind == "boolean":
        return type(value) is bool
    return isinstance(value, str)


def _plain_foreign_key(fk: Any, names: list[str]) -> bool:
    if not isinstance(fk, dict) or set(fk) != {"fields", "reference"}:
        return False
    reference = fk["reference"]
    if not isinstance(reference, dict) or set(reference) != {"resource", "fields"}:
        return False
    if not isinstance(reference["resource"], str) or not _key_names(fk["fields"]):
        return False
    if not _key_names(reference["fields"]) or not _names(fk["fields"]):
        return False
    return set(_names(fk["fields"])) <= set(names) and len(_names(fk["fields"])) == len(_names(reference["fields"]))


def _names(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _key_names(value: Any) -> bool:
    return isinstance(value, str) or _strings(value)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(f"^{pattern}$")
    except re.error:
        return False
    return True
