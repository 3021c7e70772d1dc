"""The disclosure facts a dataset is searched and faceted by, under their own index field names, as a CKAN
plugin's before_dataset_index adds fields from an extra: `fiscal_year` (Buddhist Era, "2568"),
`disclosure_category` (the mandate subject, "procurement_monthly") and `oit_item` (an OIT item's Thai title;
items go by title because their numbers change every year).

They come from the `disclosure` extra the publisher writes (JSON text; top-level on a GD Catalog schema),
and the fiscal year also from a plain `fiscal_year` extra, as harvested portals often carry it.
"""

from __future__ import annotations

import re

from catalog.ckanmodel.jsontext import extra_value, from_text

FIELDS = ("fiscal_year", "disclosure_category", "oit_item")


def disclosure_of(pkg: dict) -> dict:
    value = pkg.get("disclosure")
    if value is None:
        value = from_text(extra_value(pkg, "disclosure"))
    return value if isinstance(value, dict) else {}


def fiscal_year_of(pkg: dict) -> int | None:
    """The dataset's Buddhist Era fiscal year, or None."""
    for value in (disclosure_of(pkg).get("fiscal_year"), pkg.get("fiscal_year"), extra_value(pkg, "fiscal_year")):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*25\d\d\s*", value):
            return int(value)
    return None


def disclosure_terms(pkg: dict) -> list[tuple[str, str]]:
    """(field, value) pairs for the search index."""
    disclosure = disclosure_of(pkg)
    terms = []
    fiscal_year = fiscal_year_of(pkg)
    if fiscal_year is not None:
        terms.append(("fiscal_year", str(fiscal_year)))
    if isinstance(disclosure.get("category"), str) and disclosure["category"]:
        terms.append(("disclosure_category", disclosure["category"]))
    for item in disclosure.get("oit_items") or []:
        title = item.get("th") if isinstance(item, dict) else item if isinstance(item, str) else None
        if isinstance(title, str) and title.strip():
            terms.append(("oit_item", title.strip()))
    return terms
