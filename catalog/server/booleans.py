"""A request parameter read as a boolean the way CKAN reads it (ckan.common.asbool): "true", "yes", "on",
"y", "t" and "1" in any case are true; JSON booleans are themselves; absent or empty is the default."""

from __future__ import annotations

TRUE = frozenset({"true", "yes", "on", "y", "t", "1"})


def asbool(value, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return value.strip().lower() in TRUE
    return bool(value)
