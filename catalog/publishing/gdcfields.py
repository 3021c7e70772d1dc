"""GD Catalog fields, checked before anything is written.

A GD Catalog portal (ckanext-scheming with the `thai_gdc` schema) checks its multiple-choice fields but
stores an invented single-choice value (`geo_coverage`, `data_category`, ...) as sent, so the publisher
checks every field with catalog.disclosure.gdc.validate_gdc: a package's own GD Catalog fields whatever
the target, and, for a target with the GD Catalog schema, the dataset as it will be sent, required
fields included.
"""

from __future__ import annotations

from catalog.ckanmodel.dataset import GD_CATALOG_ONLY
from catalog.disclosure.gdc import DATASET_FIELDS, Problem, validate_gdc


def package_problems(descriptor: dict) -> list[Problem]:
    """What is wrong with the GD Catalog fields a package carries (nothing when it carries none)."""
    fields = {k: v for k, v in descriptor.items() if k in GD_CATALOG_ONLY}
    return validate_gdc(fields) if fields else []


def dataset_problems(dataset: dict, keywords: list) -> list[Problem]:
    """What a GD Catalog portal should refuse in a dataset dict, missing required fields included."""
    metadata = {k: v for k, v in dataset.items() if k in DATASET_FIELDS}
    metadata["tags"] = list(keywords or [])
    return validate_gdc(metadata, complete=True)
