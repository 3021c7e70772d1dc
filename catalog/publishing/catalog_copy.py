"""The catalog's copy of a table, fetched to compare it with the package's (rows changed, months kept)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from catalog.publishing import failures
from catalog.publishing.local import LocalFile
from catalog.publishing.rows import RowChanges, diff_rows
from catalog.publishing.targets import Target
from catalog.validation.csv_table import CsvReadError


def download(target: Target, url: str, destination: Path) -> bool:
    """Save the catalog's file at `url` to `destination`; False when the catalog has no readable copy.

    A catalog that fails (5xx, no answer) raises: a guess would change the version, publishing again will not."""
    headers = {"Authorization": target.ckan.apikey} if target.ckan.apikey else {}
    session = target.session or target.ckan.session
    url = target.fetch_url(url)
    try:
        with session.get(url, headers=headers, stream=True, timeout=60) as response:
            if response.status_code >= 500:
                response.raise_for_status()
            if response.status_code != 200:
                return False
            with open(destination, "wb") as out:
                for chunk in response.iter_content(1 << 20):
                    out.write(chunk)
    except Exception as exc:
        if failures.catalog_failed(exc, url, target.ckan.address):
            raise
        return False
    return True


def row_changes(target: Target, old: dict, file: LocalFile, schema: dict) -> RowChanges | None:
    """The rows that changed, from the catalog's copy of the file to the package's (None if unreadable)."""
    with tempfile.TemporaryDirectory(prefix="catalog-publish-") as scratch:
        copy = Path(scratch) / "catalog-copy.csv"
        if not download(target, old["url"], copy):
            return None
        try:
            return diff_rows(copy, file.path, schema.get("primaryKey"), schema)
        except CsvReadError:  # the catalog's copy is not UTF-8 CSV: the plan says rows were not compared
            return None
