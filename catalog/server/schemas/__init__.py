"""The dataset schema is a setting of the catalog: CKAN's default, or the GD Catalog (thai_gdc) schema."""

from __future__ import annotations

from catalog.server.errors import ValidationError
from catalog.server.schemas import ckan_default


def validate_package_dict(context, data: dict, package_id: str | None) -> dict:
    """The dict to store, or a ValidationError with CKAN's field errors."""
    if context.store.settings().get("dataset_schema") == "gdc":
        from catalog.server.schemas import gdc

        clean, errors = gdc.validate(context.conn, data, package_id)
    else:
        clean, errors = ckan_default.validate(context.conn, data, package_id)
    if errors:
        raise ValidationError(errors)
    return clean
