"""datastore_search_sql: one read-only SELECT over the tables it names, in a sandbox.

The statement is parsed by DuckDB itself (exactly one statement, and a SELECT); the tables it names are
given to the caller to resolve and authorise, then mounted as views in a fresh database that may read
those Parquet files and nothing else (no other file, no extension, no configuration change). A timer
interrupts a query that runs too long; rows past the limit are cut and reported as truncated.
"""

from __future__ import annotations

import json
import threading

import duckdb

from catalog.rows import engine
from catalog.rows.query import json_value
from catalog.rows.tables import RowTable
from catalog.rows.types import quote_identifier

TIMEOUT_SECONDS = 10.0
ROW_LIMIT = 32000


class RowSqlError(Exception):
    pass


class RowSqlTimeout(RowSqlError):
    pass


def table_names(sql: str) -> list[str]:
    """The tables a single SELECT statement reads, as written (CTE names excluded)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as error:
        raise RowSqlError(_first_line(error)) from None
    if len(statements) != 1:
        raise RowSqlError("Query is not a single statement")
    if statements[0].type != duckdb.StatementType.SELECT:
        raise RowSqlError("Only a SELECT statement is allowed.")
    parsed = engine.cursor().execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0]
    tree = json.loads(parsed)
    if tree.get("error"):
        raise RowSqlError(tree.get("error_message") or "Invalid query")
    names, ctes = [], set()
    _walk(tree, names, ctes)
    return [n for n in dict.fromkeys(names) if n not in ctes]


def run_sql(sql: str, tables: dict[str, RowTable], *, limit: int = ROW_LIMIT,
            timeout: float = TIMEOUT_SECONDS) -> tuple[list[dict], list[dict], bool]:
    """(fields, records, truncated) of a SELECT whose table names are the keys of `tables`."""
    database = duckdb.connect(":memory:", config={"threads": 1, "memory_limit": "1GB"})
    try:
        paths = [str(t.path) for t in tables.values()]
        database.execute(f"SET allowed_paths=[{', '.join(_literal(p) for p in paths)}]")
        database.execute("SET enable_external_access=false")
        database.execute("SET lock_configuration=true")
        for name, table in tables.items():
            database.execute(f"CREATE TEMP VIEW {quote_identifier(name)} AS SELECT * FROM {table.relation()}")
        timer = threading.Timer(timeout, database.interrupt)
        timer.start()
        try:
            result = database.execute(f"SELECT * FROM ({sql.strip().rstrip(';')}) AS query LIMIT {limit + 1}")
            rows = result.fetchall()
            names = [d[0] for d in result.description]
            types = [_datastore_type(str(d[1])) for d in result.description]
        except duckdb.InterruptException:
            raise RowSqlTimeout("Query took too long") from None
        except duckdb.Error as error:
            raise RowSqlError(_first_line(error)) from None
        finally:
            timer.cancel()
    finally:
        database.close()
    truncated = len(rows) > limit
    records = [dict(zip(names, map(json_value, row))) for row in rows[:limit]]
    return [{"id": n, "type": t} for n, t in zip(names, types)], records, truncated


def _walk(node, names: list[str], ctes: set[str]) -> None:
    if isinstance(node, dict):
        if node.get("type") == "BASE_TABLE" and node.get("table_name"):
            names.append(node["table_name"])
        for entry in (node.get("cte_map") or {}).get("map") or []:
            if isinstance(entry, dict) and entry.get("key"):
                ctes.add(entry["key"])
        for value in node.values():
            _walk(value, names, ctes)
    elif isinstance(node, list):
        for value in node:
            _walk(value, names, ctes)


_TYPES = {"BIGINT": "int8", "INTEGER": "int4", "DOUBLE": "numeric", "FLOAT": "float4", "VARCHAR": "text",
          "BOOLEAN": "bool", "DATE": "date", "TIMESTAMP": "timestamp", "HUGEINT": "numeric", "DECIMAL": "numeric"}


def _datastore_type(duck: str) -> str:
    return _TYPES.get(duck.split("(")[0], duck.lower())


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
