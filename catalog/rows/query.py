"""datastore_search over a loaded table: filters, full-text q, fields, sort, limit/offset, total, and the
facet counts and selections the resource page shows, all as parameterised SQL on DuckDB.

The semantics follow CKAN's DataStore: filters are `{"column": value}` (equal), `{"column": [a, b]}` (any
of) or `{"column": {"gte": x, "lt": y}}`; `q` is words every row must contain somewhere (a string) or in
the named columns (a dict); rows are in `_id` order unless sorted otherwise.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from catalog.rows import engine
from catalog.rows.tables import Column, RowTable
from catalog.rows.types import ROW_ID, quote_identifier

_facet_lock = threading.Lock()
OPERATORS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
MAX_LIMIT = 32000  # CKAN's ckan.datastore.search.rows_max default


class RowQueryError(Exception):
    """A query that names what the table does not have; `key` is the datastore_search parameter."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key, self.message = key, message


@dataclass
class RowSearch:
    filters: dict = field(default_factory=dict)
    q: str | dict | None = None
    fields: list[str] | None = None
    sort: list[str] | None = None
    limit: int = 100
    offset: int = 0
    include_total: bool = True
    distinct: bool = False


@dataclass
class Selection:
    """The WHERE clause of a search, shared by the page, its facets and its downloads."""

    sql: str
    params: list

    def clause(self) -> str:
        return f" WHERE {self.sql}" if self.sql else ""


@dataclass
class RowResult:
    records: list
    total: int | None
    columns: list  # Column, or None for _id


def select(table: RowTable, filters: dict | None = None, q=None) -> Selection:
    parts, params = [], []
    for name, wanted in (filters or {}).items():
        if name != ROW_ID and table.column(name) is None:
            raise RowQueryError("filters", f"Unknown field: {name}")
        column = table.column(name)
        sql, values = _filter(column, name, wanted)
        parts.append(sql)
        params += values
    if isinstance(q, str) and q.strip():
        everything = "concat_ws(' ', " + ", ".join(f"{quote_identifier(c.name)}::VARCHAR" for c in table.columns) + ")"
        for word in q.split():
            parts.append(f"{everything} ILIKE ? ESCAPE '\\'")
            params.append(_contains(word))
    elif isinstance(q, dict):
        for name, words in q.items():
            if name != ROW_ID and table.column(name) is None:
                raise RowQueryError("q", f'invalid value "{name}"')
            for word in str(words).split():
                parts.append(f"{quote_identifier(name)}::VARCHAR ILIKE ? ESCAPE '\\'")
                params.append(_contains(word))
    return Selection(" AND ".join(parts), params)


def search(table: RowTable, request: RowSearch) -> RowResult:
    names = _fields(table, request.fields)
    selection = select(table, request.filters, request.q)
    order = _order(table, request.sort) or ("" if request.distinct else ROW_ID)
    limit = max(0, min(int(request.limit), MAX_LIMIT))
    offset = max(0, int(request.offset or 0))
    columns = ", ".join(quote_identifier(n) for n in names)
    distinct = "DISTINCT " if request.distinct else ""
    cursor = engine.cursor()
    ids = None
    if not request.q and not request.distinct and order == ROW_ID:
        from catalog.rows.postings import matching_ids

        ids = matching_ids(table, request.filters, facet_columns(table))
    if ids is not None:  # equalities on columns of few values: the rows by their numbers
        page = [int(i) for i in ids[offset:offset + limit]]
        rows = cursor.execute(f"SELECT {columns} FROM {table.relation()} WHERE {ROW_ID} BETWEEN ? AND ? AND "
                              f"list_contains(?, {ROW_ID}) ORDER BY {ROW_ID}",
                              [page[0], page[-1], page]).fetchall() if page else []
        return RowResult([dict(zip(names, map(json_value, row))) for row in rows],
                         len(ids) if request.include_total else None, [table.column(n) for n in names])
    sql = (f"SELECT {distinct}{columns} FROM {table.relation()}{selection.clause()}"
           f"{' ORDER BY ' + order if order else ''} LIMIT {limit} OFFSET {offset}")
    rows = cursor.execute(sql, selection.params).fetchall()
    records = [dict(zip(names, map(json_value, row))) for row in rows]
    total = None
    if request.include_total:
        if not selection.sql and not request.distinct:
            total = table.row_count
        else:
            counted = f"SELECT count(*) FROM (SELECT {distinct}{columns} FROM {table.relation()}{selection.clause()})"
            total = cursor.execute(counted, selection.params).fetchone()[0]
    return RowResult(records, total, [table.column(n) for n in names])


_facet_counts: OrderedDict = OrderedDict()
FACET_CACHE = 512  # selections; a table never changes, so its counts for a selection never do either


def facets(table: RowTable, names: list[str], selection: Selection, limit: int = 12) -> dict[str, list[tuple]]:
    """The most frequent values of each named column among the selected rows; remembered
    for the most recent selections, since paging through a filtered table asks for the same counts."""
    if not names:
        return {}
    key = (table.path, tuple(names), selection.sql, tuple(selection.params), limit)
    with _facet_lock:
        found = _facet_counts.get(key)
        if found is not None:
            _facet_counts.move_to_end(key)
            return found
    found = _count_facets(table, names, selection, limit)
    with _facet_lock:
        _facet_counts[key] = found
        while len(_facet_counts) > FACET_CACHE:
            _facet_counts.popitem(last=False)
    return found


def _count_facets(table: RowTable, names: list[str], selection: Selection, limit: int) -> dict[str, list[tuple]]:
    cursor = engine.cursor()
    out = {}
    for name in names:
        column = quote_identifier(name)
        rows = cursor.execute(f"SELECT {column}, count(*) AS n FROM {table.relation()}{selection.clause()} "
                              f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT {int(limit)}", selection.params).fetchall()
        out[name] = [(json_value(value), count) for value, count in rows]
    return out


FACET_MAX_VALUES = 40  # a column with more distinct values than this is not offered as a facet
FACET_MAX_COLUMNS = 6
_facet_columns: dict = {}


def facet_columns(table: RowTable) -> list[str]:
    """The columns worth filtering by value: those with an enum constraint, and those whose short values
    repeat (months, fiscal years, methods, agencies): at most FACET_MAX_VALUES distinct values, each seen
    twice on average; not long text nor a numbering that is part of the key. At most FACET_MAX_COLUMNS.
    Tables never change, so the answer is worked out once per table (one scan)."""
    found = _facet_columns.get(table.path)
    if found is not None:
        return found
    enums = [c.name for c in table.columns if (c.field.get("constraints") or {}).get("enum")]
    others = [c for c in table.columns if c.name not in enums
              and (c.duckdb_type in ("VARCHAR", "DATE", "BOOLEAN")
                   or (c.duckdb_type in ("BIGINT", "INTEGER") and c.name not in table.primary_key))]
    few = []
    if others and table.row_count:
        measures = ", ".join(f"approx_count_distinct({quote_identifier(c.name)}), "
                             f"avg(length({quote_identifier(c.name)}::VARCHAR))" for c in others)
        values = engine.cursor().execute(f"SELECT {measures} FROM {table.relation()}").fetchone()
        for index, column in enumerate(others):
            distinct, length = values[2 * index], values[2 * index + 1] or 0
            if 1 < distinct <= FACET_MAX_VALUES and distinct * 2 <= table.row_count and length <= 40:
                few.append(column.name)
    found = (enums + few)[:FACET_MAX_COLUMNS]
    if len(_facet_columns) > 1024:
        _facet_columns.clear()
    _facet_columns[table.path] = found
    return found


def json_value(value):
    """A DuckDB value as the JSON a CKAN DataStore answers: ISO dates, numbers without a needless .0."""
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def parse_sort(sort) -> list[str]:
    """CKAN's sort: a comma separated string or a list of "column [asc|desc]"."""
    if sort is None or sort == "":
        return []
    clauses = sort.split(",") if isinstance(sort, str) else list(sort)
    return [str(c).strip() for c in clauses if str(c).strip()]


def _order(table: RowTable, sort: list[str] | None) -> str:
    parts = []
    for clause in sort or []:
        match = re.fullmatch(r'\s*("(?:[^"]|"")+"|.+?)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*', clause,
                             re.IGNORECASE)
        name = match.group(1) if match else ""
        if name.startswith('"'):
            name = name[1:-1].replace('""', '"')
        if not match or (name != ROW_ID and table.column(name) is None):
            raise RowQueryError("sort", f'invalid value "{clause}"')
        direction = (match.group(2) or "asc").upper()
        nulls = f" NULLS {match.group(3).upper()}" if match.group(3) else ""
        parts.append(f"{quote_identifier(name)} {direction}{nulls}")
    return ", ".join(parts)


def _fields(table: RowTable, fields) -> list[str]:
    if not fields:
        return [ROW_ID, *table.names]
    wanted = [f.strip() for f in fields.split(",")] if isinstance(fields, str) else [str(f) for f in fields]
    for name in wanted:
        if name != ROW_ID:
            _column(table, name, "fields")
    return wanted


def _column(table: RowTable, name: str, key: str) -> Column | None:
    if name == ROW_ID:
        return None
    column = table.column(name)
    if column is None:
        raise RowQueryError(key, f'invalid value "{name}"')
    return column


def _filter(column: Column | None, name: str, wanted) -> tuple[str, list]:
    target = quote_identifier(name)
    kind = "BIGINT" if column is None else column.duckdb_type

    def value(v) -> str:
        return "?" if kind == "VARCHAR" else f"TRY_CAST(? AS {kind})"

    def text(v) -> str:
        return "" if v is None else (str(v).lower() if isinstance(v, bool) else str(v))

    if isinstance(wanted, dict):
        parts, params = [], []
        for op, operand in wanted.items():
            if op in OPERATORS:
                parts.append(f"{target} {OPERATORS[op]} {value(operand)}")
                params.append(text(operand))
            elif op == "in" and isinstance(operand, list):
                sql, more = _filter(column, name, operand)
                parts.append(sql)
                params += more
            else:
                raise RowQueryError("filters", f"Unknown filter operation: {op!r}")
        return "(" + " AND ".join(parts or ["true"]) + ")", params
    if isinstance(wanted, list):
        if not wanted:
            return "false", []
        return f"{target} IN ({', '.join(value(v) for v in wanted)})", [text(v) for v in wanted]
    return f"{target} = {value(wanted)}", [text(wanted)]


def _contains(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
