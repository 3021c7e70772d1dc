"""Structured values inside CKAN's string fields (extras, resource keys): JSON text, decoded on the way back
when it starts with `{` or `[` (the convention of frictionless-ckan-mapper and ckanext-validation)."""

from __future__ import annotations

import json


def to_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def extra_value(dataset: dict | None, key: str) -> str | None:
    """The value of a dataset's extra `key` as stored (JSON text stays text), or None."""
    for extra in (dataset or {}).get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == key:
            return extra.get("value")
    return None


def from_text(value):
    """A string that holds a JSON object or array becomes that value; anything else is returned as it is."""
    if isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
