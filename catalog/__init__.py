"""Disclosure Catalog: Thai government transparency disclosures as validated data packages."""

__version__ = "0.1.0"
