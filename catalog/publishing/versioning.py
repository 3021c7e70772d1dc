"""The dataset's version when the package states none: SemVer, bumped only when something changed.

Following the Frictionless data package version pattern, and erring upward when unsure:
- MAJOR: a resource removed, or a table's fields removed, added, renamed, retyped or its key changed
  (a reader's code may break);
- MINOR: a resource or rows added, or a file whose rows cannot be compared (a document) replaced;
- PATCH: rows corrected or removed, metadata changed.
"""

from __future__ import annotations

import re

FIRST = "1.0.0"
LEVELS = ("patch", "minor", "major")
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
    """What a reader's code depends on in a Table Schema: field names and types in order, and the key."""
    if not isinstance(schema, dict):
        return ()
    fields = tuple((f.get("name"), f.get("type", "any")) for f in schema.get("fields", []) if isinstance(f, dict))
    key = schema.get("primaryKey")
    return fields, tuple([key] if isinstance(key, str) else key or [])
