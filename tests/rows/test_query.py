"""datastore_search's two ways to the same rows: SQL over the Parquet file, and, for equalities on columns
of few values, the row numbers of each value; they must always agree."""

from __future__ import annotations

import csv
import random

from catalog.rows import query
from catalog.rows.query import RowSearch
from catalog.rows.tables import load_table

AGENCIES = ["phuket-city", "phuket-pao", "patong", "kathu", "karon"]
MONTHS = ["2024-10", "2024-11", "2024-12", "2025-01"]
SCHEMA = {"fields": [{"name": "agency", "type": "string"}, {"name": "month", "type": "string"},
                     {"name": "year", "type": "integer"}, {"name": "price", "type": "number"}]}


def test_filters_by_row_numbers_and_by_sql_find_the_same_rows(tmp_path):
    rng = random.Random(4)
    source = tmp_path / "t.csv"
    with source.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["agency", "month", "year", "price"])
        for _ in range(30_000):
            writer.writerow([rng.choice(AGENCIES), rng.choice(MONTHS + [""]), rng.choice([2567, 2568]),
                             round(rng.uniform(1, 1000), 2)])
    table = load_table(tmp_path / "rows", source, "a" * 64, SCHEMA)
    assert {"agency", "month", "year"} <= set(query.facet_columns(table))
    cases = [{"agency": "patong"}, {"agency": "patong", "month": "2024-11"}, {"agency": ["kathu", "karon"]},
             {"year": 2568, "agency": "phuket-pao"}, {"year": "2567"}, {"agency": "nobody"}, {"agency": []},
             {"month": "2024-10", "agency": ["patong", "nobody"], "year": 2567}]
    for filters in cases:
        for offset, limit in ((0, 100), (250, 50), (10_000, 100)):
            by_ids = query.search(table, RowSearch(filters=filters, offset=offset, limit=limit))
            by_sql = query.search(table, RowSearch(filters=filters, offset=offset, limit=limit, sort=["_id asc"]))
            assert by_ids.total == by_sql.total, filters
            assert by_ids.records == by_sql.records, (filters, offset)
    assert query.search(table, RowSearch(filters={"agency": "patong"}, include_total=False)).total is None
