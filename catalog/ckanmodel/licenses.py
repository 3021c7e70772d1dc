"""A dataset's licence: CKAN's license_id/license_title/license_url <-> a Frictionless `licenses[0]`.

The GD Catalog keeps the label text itself as license_id ("Creative Commons Attributions", typo included);
its Frictionless licence carries the SPDX code as `name` and the label as `title`, as `catalog build` writes.
"""

from __future__ import annotations

from catalog.disclosure.gdc import DATASET_CHOICES, license_for_label

GD_CATALOG_LABELS = frozenset(DATASET_CHOICES["license_id"])


def frictionless_license(license_id: str | None, title: str | None = None, url: str | None = None) -> dict | None:
    """The Frictionless licence a dataset's licence fields stand for (None without a license_id)."""
    if not license_id:
        return None
    if license_id in GD_CATALOG_LABELS:
        return license_for_label(license_id)
    found = {"name": license_id, "title": title, "path": url}
    return {k: v for k, v in found.items() if v}


def ckan_license(licence: dict, gd_catalog_label: str | None = None) -> dict:
    """license_id/license_title/license_url of a Frictionless licence (the label wins as license_id)."""
    fields = {"license_id": gd_catalog_label or licence.get("name") or licence.get("path"),
              "license_title": licence.get("title"), "license_url": licence.get("path")}
    return {k: v for k, v in fields.items() if v}
