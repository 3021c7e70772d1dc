"""Table Schema field types as DuckDB column types and as the type names CKAN's DataStore reports."""

from __future__ import annotations

from typing import NamedTuple


class ColumnType(NamedTuple):
    duckdb: str
    datastore: str  # the PostgreSQL type name a CKAN DataStore column of this kind reports


TEXT = ColumnType("VARCHAR", "text")
TYPES = {
    "string": TEXT,
    "integer": ColumnType("BIGINT", "int8"),
    "number": ColumnType("DOUBLE", "numeric"),
    "boolean": ColumnType("BOOLEAN", "bool"),
    "date": ColumnType("DATE", "date"),
    "datetime": ColumnType("TIMESTAMP", "timestamp"),
    "time": ColumnType("TIME", "time"),
    "year": ColumnType("INTEGER", "int4"),
}
ROW_ID = "_id"  # CKAN's row number column, first in every table


def column_type(field: dict | None) -> ColumnType:
    """A field's column type; types DuckDB cannot hold faithfully (object, array, geopoint, duration,
    any) stay text, as they are in the CSV."""
    return TYPES.get((field or {}).get("type") or "string", TEXT)


def cast_expression(column: str, field: dict | None) -> str:
    """SQL turning the CSV's text of `column` (a quoted identifier) into the field's type; NULL where the
    text does not parse, which the loader counts before trusting the type."""
    kind = column_type(field)
    if kind is TEXT:
        return column
    field = field or {}
    if kind.duckdb == "BOOLEAN":
        true = field.get("trueValues") or ["true", "True", "TRUE", "1"]
        false = field.get("falseValues") or ["false", "False", "FALSE", "0"]
        return (f"CASE WHEN {column} IN ({_literals(true)}) THEN true "
                f"WHEN {column} IN ({_literals(false)}) THEN false END")
    pattern = field.get("format")
    if kind.duckdb in ("DATE", "TIMESTAMP") and pattern and pattern not in ("default", "any") and "%" in pattern:
        parsed = f"try_strptime({column}, {_literal(pattern)})"
        return f"CAST({parsed} AS DATE)" if kind.duckdb == "DATE" else parsed
    return f"TRY_CAST({column} AS {kind.duckdb})"


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _literals(values) -> str:
    return ", ".join(_literal(v) for v in values)
