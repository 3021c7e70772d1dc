"""Which reporting periods a version's rows cover, as its currency rule's evidence table says.

The publisher records this in each changelog entry (`coverage`), so that whoever reads the catalog later
(the compliance view, a harvesting province) knows which months or rounds every version held without
downloading a file:

    {"resource": "procurement_monthly", "periods": {"2024-10": 3, "2024-11": 1},
     "nothing_to_report": ["2024-11"]}

A period's label joins the values of the evidence fields ("2024-10", "2568", "2568/6-month"); its count
is the rows of that period; a period whose rows are all the category's "nothing to report" row (form
สขร.1's "ไม่มีการจัดซื้อจัดจ้าง") is listed under `nothing_to_report`: reported, with nothing in it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from catalog.disclosure.category import Category


def rows_coverage(category: Category, header: list[str], rows: Iterable[list[str]]) -> dict | None:
    """The coverage of the evidence table's rows (header and rows as a CSV reader gives them); None when
    the category's rule has no evidence table or the header lacks its fields."""
    rule = category.currency
    if not rule.evidence:
        return None
    fields = rule.evidence_fields
    if not set(fields) <= set(header):
        return None
    at = [header.index(f) for f in fields]
    spec = next(s for s in category.resources if s.name == rule.evidence["resource"])
    nothing_row: Mapping[str, str] = (spec.reading.get("nothing_to_report") or {}).get("row") or {}
    nothing_at = {header.index(f): str(v) for f, v in nothing_row.items() if f in header}
    counts: dict[str, int] = {}
    empty: dict[str, bool] = {}
    for row in rows:
        values = [row[i].strip() if i < len(row) else "" for i in at]
        if not all(values):
            continue
        label = "/".join(values)
        counts[label] = counts.get(label, 0) + 1
        blank = bool(nothing_at) and all(i < len(row) and row[i].strip() == v for i, v in nothing_at.items())
        empty[label] = empty.get(label, True) and blank
    return {"resource": spec.name, "periods": dict(sorted(counts.items())),
            "nothing_to_report": sorted(label for label, blank in empty.items() if blank)}


def package_coverage(category: Category, files: Mapping[str, Path]) -> dict | None:
    """The coverage of a package on disk (`files`: resource name -> its CSV file)."""
    rule = category.currency
    path = files.get(rule.evidence.get("resource")) if rule.evidence else None
    if path is None:
        return None
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, [])
        return rows_coverage(category, header, reader)
