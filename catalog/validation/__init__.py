"""Validate a data package: vectorised schema checks, domain rules and the personal-data guard."""
