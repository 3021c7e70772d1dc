"""datastore_search_sql's sandbox: one SELECT, over the tables it names, reading nothing else."""

from __future__ import annotations

import pytest

from catalog.rows.sql import RowSqlError, RowSqlTimeout, run_sql, table_names
from catalog.rows.tables import load_table


@pytest.fixture
def table(tmp_path):
    source = tmp_path / "t.csv"
    source.write_text("agency,price\nphuket-city,100\nphuket-pao,250\nphuket-city,50\n", encoding="utf-8")
    return load_table(tmp_path / "rows", source, "a" * 64, {"fields": [{"name": "agency", "type": "string"},
                                                                        {"name": "price", "type": "number"}]})


def test_the_tables_a_select_reads_are_found_by_parsing_it():
    assert table_names('SELECT * FROM "r-1" JOIN "r-2" USING (x)') == ["r-1", "r-2"]
    assert table_names('WITH a AS (SELECT * FROM "r-1") SELECT * FROM a') == ["r-1"]
    assert table_names('SELECT * FROM (SELECT * FROM "r-3") s WHERE x IN (SELECT y FROM "r-4")') == ["r-3", "r-4"]
    for refused in ('DELETE FROM "r-1"', 'SELECT 1; SELECT 2', "CREATE TABLE x AS SELECT 1", "ATTACH 'x.db'",
                    "PRAGMA version", "SELEKT 1"):
        with pytest.raises(RowSqlError):
            table_names(refused)


def test_a_query_runs_over_its_tables_and_is_cut_at_the_limit(table):
    fields, records, truncated = run_sql('SELECT agency, sum(price) AS total FROM "r" GROUP BY agency ORDER BY agency',
                                         {"r": table})
    assert records == [{"agency": "phuket-city", "total": 150}, {"agency": "phuket-pao", "total": 250}]
    assert fields == [{"id": "agency", "type": "text"}, {"id": "total", "type": "numeric"}] and not truncated
    _, records, truncated = run_sql('SELECT * FROM "r"', {"r": table}, limit=2)
    assert len(records) == 2 and truncated


@pytest.mark.parametrize("hostile", [
    "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_parquet('/etc/*.parquet')", "SELECT * FROM glob('/*')"])
def test_nothing_outside_the_named_tables_can_be_read(table, hostile):
    with pytest.raises(RowSqlError):
        run_sql(hostile, {"r": table})


def test_a_long_query_is_interrupted(table):
    with pytest.raises(RowSqlTimeout):
        run_sql("SELECT count(*) FROM range(100000000000) a", {"r": table}, timeout=0.5)
