"""The dataset's version when the package states none: SemVer, bumped only when something changed.

The level a change calls for (the Frictionless data package version pattern):
- MAJOR when the schema breaks: a table's fields removed, added, renamed, reordered or retyped (type or
  format), its primary key changed, or a resource removed. A reader's code may stop working.
- MINOR when rows or resources are added. A file whose rows cannot be compared (a document, or a table
  whose catalog copy cannot be read) counts as added content: unsure, the version errs upward.
- PATCH for corrections and metadata: rows changed or removed, a field's title, description or
  constraints, the dataset's or a resource's metadata.
"""

from __future__ import annotations

import re

FIRST = "1.0.0"
LEVELS = ("patch", "minor", "major")
# what each level means to a reader, English and Thai ("first": the version that created the dataset)
LEVEL_NAMES = {"first": ("first version", "รุ่นแรก"), "major": ("major: the tables' structure changed",
                                                                  "รุ่นหลัก: โครงสร้างตารางเปลี่ยน"),
               "minor": ("minor: rows or files added", "รุ่นรอง: เพิ่มแถวหรือไฟล์"),
               "patch": ("patch: corrections", "รุ่นแก้ไข: แก้ไขข้อมูล")}


def level_name(level: str | None, lang: str = "en") -> str:
    en, th = LEVEL_NAMES.get(level or "", (level or "", level or ""))
    return th if lang == "th" else en
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def higher(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return max(a, b, key=LEVELS.index)


def bump(version: str | None, level: str) -> str:
    """`version` raised by `level`; a version that is not MAJOR.MINOR.PATCH starts again at 1.0.0."""
    match = SEMVER.match(str(version or "").strip())
    if not match:
        return FIRST
    major, minor, patch = map(int, match.groups())
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def schema_shape(schema) -> tuple:
    """What a reader's code depends on in a Table Schema: field names, types and formats in order, and the key."""
    if not isinstance(schema, dict):
        return ()
    fields = tuple((f.get("name"), f.get("type", "any"), f.get("format", "default"))
                   for f in schema.get("fields", []) if isinstance(f, dict))
    key = schema.get("primaryKey")
    return fields, tuple([key] if isinstance(key, str) else key or [])


def schema_breaks(old_schema, new_schema) -> bool:
    return schema_shape(old_schema) != schema_shape(new_schema)


def change_level(*, added: bool = False, removed: bool = False, schema_broken: bool = False,
                 content_replaced: bool = False, rows=None, metadata: bool = False) -> str | None:
    """The level one resource's change calls for (None: nothing changed).

    `content_replaced`: its file's bytes changed; `rows`: the RowChanges found then (None: not comparable).
    """
    if removed or schema_broken or (rows is not None and (rows.fields_added or rows.fields_removed)):
        return "major"
    if added or (content_replaced and (rows is None or rows.added)):
        return "minor"
    if content_replaced or metadata:
        return "patch"
    return None
