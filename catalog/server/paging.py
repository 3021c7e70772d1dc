"""CKAN's pagination parameters (`limit`, `offset`): natural numbers, else a 409 Validation Error."""

from __future__ import annotations

from catalog.server.errors import ValidationError


def natural_number(data_dict: dict, key: str, default: int | None = None) -> int | None:
    value = data_dict.get(key)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: ["Invalid integer"]}) from None
    if number < 0:
        raise ValidationError({key: ["Must be a natural number"]})
    return number
