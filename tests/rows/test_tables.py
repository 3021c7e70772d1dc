"""Loading a CSV file version's rows: typed by its Table Schema, never losing a value, numbered in file
order, named by its bytes and schema, complete or absent (never half-written)."""

from __future__ import annotations

import csv
import json

import pytest

from catalog.rows import query
from catalog.rows.query import RowSearch
from catalog.rows.tables import RowsLoadError, load_table, open_table, row_text
from catalog.server.integrity import recover
from catalog.server.store import Store

SCHEMA = {"fields": [{"name": "seq", "type": "integer", "title": "ลำดับที่"},
                     {"name": "month", "type": "string"},
                     {"name": "price", "type": "number"},
                     {"name": "signed", "type": "date"},
                     {"name": "done", "type": "boolean", "trueValues": ["ใช่"], "falseValues": ["ไม่ใช่"]}],
          "primaryKey": ["seq"]}


def write(path, rows, header=("seq", "month", "price", "signed", "done")):
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_columns_take_the_schemas_types_and_rows_keep_file_order(tmp_path):
    source = write(tmp_path / "t.csv", [(i, f"2024-{i % 12 + 1:02d}", i * 1.5, "2024-11-0%d" % (i % 9 + 1),
                                         "ใช่" if i % 2 else "ไม่ใช่") for i in range(1, 200_001)])
    table = load_table(tmp_path / "rows", source, "a" * 64, SCHEMA)
    assert table.row_count == 200_000
    assert [(c.name, c.duckdb_type) for c in table.columns] == [
        ("seq", "BIGINT"), ("month", "VARCHAR"), ("price", "DOUBLE"), ("signed", "DATE"), ("done", "BOOLEAN")]
    found = query.search(table, RowSearch(filters={"seq": {"gte": 199_999}}))
    assert [(r["_id"], r["seq"], r["done"]) for r in found.records] == [(199_999, 199_999, True), (200_000, 200_000, False)]
    assert query.search(table, RowSearch(limit=0)).total == 200_000  # a count without rows
    from catalog.rows import engine
    out_of_order = engine.cursor().execute(f"SELECT count(*) FROM {table.relation()} WHERE _id <> seq").fetchone()[0]
    assert out_of_order == 0


def test_a_value_that_does_not_fit_its_type_keeps_the_column_as_text(tmp_path):
    source = write(tmp_path / "t.csv", [(1, "2024-10", "1,200", "2024-10-01", "ใช่"), (2, "2024-11", "900", "", "")])
    table = load_table(tmp_path / "rows", source, "b" * 64, SCHEMA)
    assert table.column("price").duckdb_type == "VARCHAR"  # "1,200" is not a number: nothing becomes NULL
    assert table.column("signed").duckdb_type == "DATE"  # an empty cell is a missing value, not a misfit
    records = query.search(table, RowSearch()).records
    assert records[0]["price"] == "1,200" and records[1]["signed"] is None


def test_the_same_bytes_under_another_schema_are_another_table(tmp_path):
    source = write(tmp_path / "t.csv", [(1, "2024-10", "5", "2024-10-01", "ใช่")])
    typed = load_table(tmp_path / "rows", source, "c" * 64, SCHEMA)
    plain = load_table(tmp_path / "rows", source, "c" * 64, {})
    assert typed.path != plain.path and plain.column("seq").duckdb_type == "VARCHAR"
    assert open_table(tmp_path / "rows", "c" * 64, SCHEMA) == typed


def test_files_that_are_not_tables_are_refused_before_reading(tmp_path):
    huge = tmp_path / "one-line.csv"
    huge.write_bytes(b"x" * (2 << 20))
    with pytest.raises(RowsLoadError, match="no header line"):
        load_table(tmp_path / "rows", huge, "d" * 64, {})
    assert not (tmp_path / "rows").exists() or not any((tmp_path / "rows").iterdir())


def test_row_text_names_the_months_in_thai(tmp_path):
    source = write(tmp_path / "t.csv", [(1, "2024-11", "5", "2025-01-15", "ใช่")])
    text = row_text(load_table(tmp_path / "rows", source, "e" * 64, SCHEMA))
    assert "พฤศจิกายน 2567" in text and "มกราคม 2568" in text and "ม.ค. 2568" in text


def test_a_load_cut_short_is_cleaned_up_when_the_catalog_opens(tmp_path):
    store = Store(tmp_path / "home")
    rows = tmp_path / "home" / "rows"
    rows.mkdir()
    (rows / ".load-123.parquet").write_bytes(b"PAR1 half")
    complete = rows / ("f" * 64 + "-0123456789abcdef.json")
    complete.write_text(json.dumps({"columns": [], "row_count": 0}))
    assert recover(store) == 1
    assert [p.name for p in rows.iterdir()] == [complete.name]
    store.dispose()
