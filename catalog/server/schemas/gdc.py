"""The GD Catalog dataset schema: `thai_gdc` (plugin v2.2.4) on ckanext-scheming, answered as that portal
answers, but with every Thai choice value checked (stock scheming checks only its multiple-choice fields).

The choice lists and rules come from `catalog.disclosure.gdc`; name, e-mail, organization and tag-length
checks from `ckan_default`. What is decided here, and why:
- The schema's fields are top-level package keys; multiple-choice fields are stored as lists in the
  schema's choice order (a list, a JSON-list string or one string from a form post are accepted).
- Required: every field the schema marks `required`, except `title`, which CKAN fills from `name`.
  Wording as CKAN and scheming word it: "Missing value", "Select at least one" (multiple choice),
  "An organization must be provided" (owner_org); tags are reported on `tag_string`.
- A value outside the choices: `unexpected choice "<value>"` (scheming's words).
- `อื่นๆ` (and `ข้อมูลประเภทอื่นๆ` for data_type) needs the text in `<field>_other`: "Missing value" there.
- `data_classification` must fit `data_category`; an empty classification is allowed, as the form allows.
- A field meant for other data types (`form_data_type`) is refused with CKAN's
  "The input field <name> was not expected." when it has a value; empty values are kept. The portal's form
  never sends such fields, so refusing keeps the data what the portal itself would hold.
- Tags: the plugin's tag validator never refuses a character (it matches an unanchored pattern from
  position 32), so only CKAN's length limits apply: Thai vowel and tone marks are accepted.
- The plugin's name and title validators: names at most 70 characters, a name held by a deleted dataset
  is "That URL is already in trash.", and titles are unique ("That title is already in use.").
- Dates (scheming's `date` preset) are stored as ISO dates; free-text fields are stored as text.
- Resources: `name`, `url` (or an upload) and `format` (or one guessable from the file name) are required,
  as the plugin's presets require them; resource choice fields are checked like the dataset's.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import select

from catalog.disclosure import gdc
from catalog.server.datasets import guess_format
from catalog.server.schemas import ckan_default
from catalog.server.store import tables

MISSING = "Missing value"
SELECT_AT_LEAST_ONE = "Select at least one"
NO_ORGANIZATION = "An organization must be provided"
NOT_EXPECTED = "The input field {} was not expected."
BAD_DATE = "Date format incorrect"
NAME_MAX = 70  # the plugin's package_name_validator


def _other_choice(field: str) -> str:
    return gdc.DATA_TYPE_OTHER if field == "data_type" else gdc.OTHER


# `<field>_other` -> the choice field whose "other" value asks for it
OTHER_TEXT_OF: dict[str, str] = {
    f"{name}_other": name for name, choices in {**gdc.DATASET_CHOICES, **gdc.RESOURCE_CHOICES}.items()
    if _other_choice(name) in choices}

DATASET_FIELDS: frozenset[str] = frozenset(
    name for name in gdc.DATASET_FIELDS if not name.endswith("_other") or name in OTHER_TEXT_OF)
# checked here; name, title, owner_org and tags are checked by their own rules
_VALUE_FIELDS = DATASET_FIELDS - {"name", "title", "owner_org", "tag_string"}
REQUIRED: tuple[str, ...] = tuple(name for name in gdc.REQUIRED_DATASET_FIELDS if name != "title")


def _is_resource_field(name: str) -> bool:
    return name.startswith("resource_") and (
        name in gdc.RESOURCE_CHOICES or name in gdc.FIELD_DATA_TYPES or name in gdc.DATE_FIELDS
        or name in OTHER_TEXT_OF)


def _text(value) -> str:
    """CKAN's unicode_safe, except that booleans become the schema's "True"/"False" choices."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _choice_list(value) -> list[str] | None:
    """The chosen values of a multiple-choice field, or None when the value is not a list of strings."""
    if isinstance(value, str):
        text = value.strip()
        if not text.startswith("["):
            return [text] if text else []
        try:
            value = json.loads(text)
        except ValueError:
            return [text]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return [v for v in value if v.strip()]
    return None


def _iso_date(text: str) -> str | None:
    """CKAN's date_str_to_datetime: ISO first, then the numeric parts in order (2024/10/01 works too)."""
    try:
        return dt.datetime.fromisoformat(text.strip()).date().isoformat()
    except ValueError:
        pass
    parts = [int(p) for p in re.findall(r"\d+", text)]
    if not 3 <= len(parts) <= 7:
        return None
    try:
        return dt.datetime(*parts[:6]).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _check_values(values: dict, choices: dict, data_type, errors: dict) -> dict:
    """Normalised schema values (of the dataset or of one resource); problems go into `errors`."""
    out: dict = {}
    for name, value in values.items():
        if name in gdc.MULTIPLE_CHOICE_FIELDS:
            chosen = _choice_list(value)
            if chosen is None:
                errors[name] = ["expecting list of strings"]
                continue
            unexpected = [f'unexpected choice "{v}"' for v in chosen if v not in choices[name]]
            if unexpected:
                errors[name] = unexpected
                continue
            out[name] = [c for c in choices[name] if c in chosen]
            continue
        text = _text(value)
        if name in choices and text and text not in choices[name]:
            errors[name] = [f'unexpected choice "{text}"']
            continue
        if name in gdc.DATE_FIELDS and text.strip():
            text = _iso_date(text)
            if text is None:
                errors[name] = [BAD_DATE]
                continue
        out[name] = text
    if data_type in gdc.DATASET_CHOICES["data_type"]:
        for name, types in gdc.FIELD_DATA_TYPES.items():
            if name in values and not _empty(values[name]) and data_type not in types:
                errors.setdefault(name, []).append(NOT_EXPECTED.format(name))
    for other, field in OTHER_TEXT_OF.items():
        if field in out and field in choices and other not in errors:
            chosen = out[field] if isinstance(out[field], list) else [out[field]]
            if _other_choice(field) in chosen and not str(out.get(other) or "").strip():
                errors[other] = [MISSING]
    return out


def _tag_dicts(value) -> list[dict]:
    if isinstance(value, str):
        try:
            value = json.loads(value)  # form posts carry lists as JSON strings
        except ValueError:
            value = [value]
    if not isinstance(value, (list, tuple)):
        value = [value]
    out = []
    for tag in value:
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            out.append(tag)
        elif isinstance(tag, str):
            out.append({"name": tag})
    return out


def _tag_string_names(value) -> list[str]:
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, (list, tuple)):
        return [str(t).strip() for t in value if str(t).strip()]
    return []


def _check_name(conn, name, package_id, errors: dict) -> None:
    """The plugin's package_name_validator, after CKAN's name checks have passed."""
    if errors.get("name") or not name:
        return
    if len(name) > NAME_MAX:
        errors["name"] = [f'Name "{name}" length is more than maximum {NAME_MAX}']
        return
    query = select(tables.package.c.id).where(tables.package.c.name == name, tables.package.c.state == "deleted")
    if package_id:
        query = query.where(tables.package.c.id != package_id)
    if conn.execute(query).first():
        errors["name"] = ["That URL is already in trash."]


def _check_title(conn, title, package_id, errors: dict) -> None:
    """The plugin's package_title_validator: no two live datasets share a title."""
    if not title:
        return
    query = select(tables.package.c.id).where(tables.package.c.title == title, tables.package.c.type == "dataset",
                                              tables.package.c.state != "deleted")
    if package_id:
        query = query.where(tables.package.c.id != package_id)
    if conn.execute(query).first():
        errors.setdefault("title", []).append("That title is already in use.")


def _check_extras(extras, errors: dict) -> None:
    """CKAN's extra_key_not_in_root_schema: an extra may not shadow a schema field."""
    if not isinstance(extras, list):
        return
    found = [{"key": ["There is a schema field with the same name"]}
             if isinstance(e, dict) and (e.get("key") in DATASET_FIELDS or e.get("key") in ckan_default.CORE_KEYS)
             else {} for e in extras]
    if any(found):
        errors["extras"] = found


def _check_resources(resources: list, data_type, errors: dict) -> list:
    problems, checked = [], []
    for resource in resources:
        if not isinstance(resource, dict):  # merge_resources refuses it with its own message
            problems.append({})
            checked.append(resource)
            continue
        found: dict = {}
        values = {k: v for k, v in resource.items() if _is_resource_field(k) and v is not None}
        resource = {**resource, **_check_values(values, gdc.RESOURCE_CHOICES, data_type, found)}
        upload = resource.get("upload")
        filename = getattr(upload, "filename", None) if upload is not None else None
        if not str(resource.get("name") or "").strip():
            found["name"] = [MISSING]
        if not resource.get("url") and upload is None:
            found["url"] = [MISSING]
        if not resource.get("format") and not guess_format(resource.get("url") or filename or ""):
            found["format"] = [MISSING]
        problems.append(found)
        checked.append(resource)
    if any(problems):
        errors["resources"] = problems
    return checked


def validate(conn, data: dict, package_id: str | None) -> tuple[dict, dict]:
    """(clean dict, errors) under the GD Catalog schema; the schema's fields stay top-level keys."""
    base = dict(data)
    if data.get("tags") is not None:
        base["tags"] = _tag_dicts(data["tags"])
    clean, errors = ckan_default.validate(conn, base, package_id, strict_tags=False)
    if data.get("type") not in (None, "", "dataset"):
        errors["type"] = [f"Unsupported dataset type: {data['type']}"]
    _check_name(conn, clean.get("name"), package_id, errors)
    _check_title(conn, clean.get("title") or clean.get("name"), package_id, errors)

    tag_names = _tag_string_names(clean.get("tag_string"))
    tag_problems = [p for name in tag_names for p in ckan_default.check_tag(name, strict=False)]
    if tag_problems:
        errors["tag_string"] = tag_problems
    tag_names += [t["name"].strip() for t in clean.get("tags") or [] if t["name"].strip()]

    values = {k: data[k] for k in _VALUE_FIELDS if k in data and data[k] is not None}
    data_type = values.get("data_type")
    field_errors: dict = {}
    clean.update(_check_values(values, gdc.DATASET_CHOICES, data_type, field_errors))
    for name in REQUIRED:
        if name in field_errors or name in errors:
            continue
        if name == "tag_string":
            if not tag_names:
                errors["tag_string"] = [MISSING]
        elif name == "owner_org":
            if _empty(data.get("owner_org")):
                errors["owner_org"] = [NO_ORGANIZATION]
        elif name in gdc.MULTIPLE_CHOICE_FIELDS:
            if not clean.get(name):
                errors[name] = [SELECT_AT_LEAST_ONE]
        elif _empty(clean.get(name)) or not str(clean[name]).strip():
            errors[name] = [MISSING]
    errors.update(field_errors)

    category, classification = clean.get("data_category"), clean.get("data_classification")
    allowed = gdc.CLASSIFICATION_BY_CATEGORY.get(category)
    if allowed and classification and "data_classification" not in errors and classification not in allowed:
        errors["data_classification"] = [f'unexpected choice "{classification}" for data_category "{category}"']

    _check_extras(data.get("extras"), errors)
    if isinstance(clean.get("resources"), list):
        clean["resources"] = _check_resources(clean["resources"], data_type, errors)
    return clean, errors
