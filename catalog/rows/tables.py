"""A CSV file version's rows, loaded once into an immutable Parquet table beside the catalog.

A table is named by the sha256 of the CSV's bytes and a digest of the Table Schema that types it: the same
bytes under the same schema are one table, however many resources or versions share them. The Parquet
file is written under a temporary name and renamed into place, then its description (columns, types,
titles, row count) is written the same way; the description is the mark that the table is complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from catalog.rows import engine
from catalog.rows.types import ROW_ID, TEXT, cast_expression, column_type, quote_identifier

HEADER_LIMIT = 1 << 20
TEXT_SAMPLE_LIMIT = 256 * 1024  # characters of a table's distinct text kept for dataset search
TEXT_SAMPLE_ROWS = 50_000


class RowsLoadError(Exception):
    """The file cannot be read as a table (not CSV, broken quoting, no header)."""


@dataclass(frozen=True)
class Column:
    name: str
    duckdb_type: str
    datastore_type: str
    field: dict  # the Table Schema field ({} when the schema does not name this column)

    @property
    def title(self) -> str:
        return self.field.get("title") or self.name

    @property
    def description(self) -> str:
        return self.field.get("description") or ""

    @property
    def is_text(self) -> bool:
        return self.duckdb_type == TEXT.duckdb

    def info(self) -> dict:
        """CKAN DataStore's data dictionary entry (`fields[].info`): label and notes, plus the Table
        Schema's own type, format and constraints."""
        info = {"label": self.field.get("title") or "", "notes": self.description,
                "type_override": "", "tableschema_type": self.field.get("type") or "string"}
        for key in ("format", "constraints", "example"):
            if self.field.get(key) not in (None, "", {}):
                info[key] = self.field[key]
        return info


@dataclass(frozen=True)
class RowTable:
    path: Path  # the Parquet file
    columns: tuple[Column, ...]  # without _id
    row_count: int
    primary_key: tuple[str, ...]
    source_sha256: str

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def relation(self) -> str:
        return f"read_parquet({_literal_path(self.path)})"


def schema_of(resource_schema) -> dict:
    """A resource's `schema` as CKAN keeps it (a JSON string, a dict, or nothing) as a dict."""
    if isinstance(resource_schema, str):
        try:
            resource_schema = json.loads(resource_schema) if resource_schema.strip() else {}
        except ValueError:
            return {}
    return resource_schema if isinstance(resource_schema, dict) else {}


def table_key(sha256: str, schema: dict) -> str:
    typing = [(f.get("name"), f.get("type"), f.get("format"), f.get("trueValues"), f.get("falseValues"))
              for f in schema.get("fields") or [] if isinstance(f, dict)]
    digest = hashlib.sha256(json.dumps(typing, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return f"{sha256}-{digest}"


_cache: dict[Path, RowTable] = {}
_cache_lock = threading.Lock()


def open_table(rows_dir: Path, sha256: str, schema: dict) -> RowTable | None:
    """The loaded table of these bytes under this schema, or None when it was never loaded."""
    description = Path(rows_dir) / (table_key(sha256, schema) + ".json")
    found = _cache.get(description)
    if found is not None:
        return found
    try:
        data = json.loads(description.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    table = RowTable(path=description.with_suffix(".parquet"),
                     columns=tuple(Column(c["name"], c["duckdb_type"], c["datastore_type"], c.get("field") or {})
                                   for c in data["columns"]),
                     row_count=data["row_count"], primary_key=tuple(data.get("primary_key") or ()),
                     source_sha256=sha256)
    with _cache_lock:
        if len(_cache) > 4096:
            _cache.clear()
        _cache[description] = table
    return table


def load_table(rows_dir: Path, csv_path: Path, sha256: str, schema: dict) -> RowTable:
    """Load a CSV file's rows (once: an existing table is returned as it is)."""
    found = open_table(rows_dir, sha256, schema)
    if found is not None:
        return found
    _check_header(Path(csv_path))
    rows_dir = Path(rows_dir)
    rows_dir.mkdir(parents=True, exist_ok=True)
    key = table_key(sha256, schema)
    fields = {f.get("name"): f for f in schema.get("fields") or [] if isinstance(f, dict)}
    source = (f"read_csv({_literal_path(csv_path)}, header=true, all_varchar=true, encoding='utf-8', "
              f"null_padding=true, buffer_size={engine.CSV_BUFFER})")
    try:
        with engine.loader() as cursor:
            names = [row[0] for row in cursor.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
            if not names:
                raise RowsLoadError("no header row")
            columns = _typed_columns(cursor, source, names, fields)
            selects = ", ".join(f"{cast_expression(quote_identifier(c.name), c.field) if not c.is_text else quote_identifier(c.name)}"
                                f" AS {quote_identifier(c.name)}" for c in columns)
            fd, temporary = tempfile.mkstemp(dir=rows_dir, prefix=".load-", suffix=".parquet")
            os.close(fd)
            try:
                cursor.execute(f"COPY (SELECT row_number() OVER () AS {ROW_ID}, {selects} FROM {source}) "
                               f"TO {_literal_path(Path(temporary))} (FORMAT parquet, COMPRESSION snappy, "
                               f"ROW_GROUP_SIZE 32768)")
                count = cursor.execute(f"SELECT count(*) FROM read_parquet({_literal_path(Path(temporary))})").fetchone()[0]
                os.replace(temporary, rows_dir / f"{key}.parquet")
            finally:
                Path(temporary).unlink(missing_ok=True)
    except engine.Error as error:
        raise RowsLoadError(str(error).splitlines()[0]) from None
    primary_key = schema.get("primaryKey") or []
    description = {"columns": [{"name": c.name, "duckdb_type": c.duckdb_type, "datastore_type": c.datastore_type,
                                "field": c.field} for c in columns],
                   "row_count": count, "primary_key": [primary_key] if isinstance(primary_key, str) else primary_key}
    _write_atomically(rows_dir / f"{key}.json", json.dumps(description, ensure_ascii=False))
    return open_table(rows_dir, sha256, schema)


def _check_header(path: Path) -> None:
    """A table's first line ends within HEADER_LIMIT bytes: anything else is not a CSV table, and reading
    it as one would hold a line of any length in memory."""
    with path.open("rb") as stream:
        if b"\n" not in stream.read(HEADER_LIMIT):
            raise RowsLoadError(f"no header line within the first {HEADER_LIMIT // 1024} KB")


def _typed_columns(cursor, source: str, names: list[str], fields: dict) -> list[Column]:
    """Each column with the schema's type, or text where some value does not parse as that type (a CSV
    harvested from elsewhere may not match its schema): nothing the file says is ever lost to a NULL."""
    typed = [n for n in names if column_type(fields.get(n)) is not TEXT]
    failures = {}
    if typed:
        checks = ", ".join(
            f"count(*) FILTER (WHERE {quote_identifier(n)} IS NOT NULL AND trim({quote_identifier(n)}) <> '' "
            f"AND ({cast_expression(quote_identifier(n), fields[n])}) IS NULL)" for n in typed)
        failures = dict(zip(typed, cursor.execute(f"SELECT {checks} FROM {source}").fetchone()))
    columns = []
    for name in names:
        kind = TEXT if failures.get(name) else column_type(fields.get(name))
        columns.append(Column(name, kind.duckdb, kind.datastore, fields.get(name) or {}))
    return columns


def row_text(table: RowTable, limit: int = TEXT_SAMPLE_LIMIT) -> str:
    """The distinct text values of a table, for dataset search, with every month its dates and "YYYY-MM"
    values name written as Thai readers search for it ("พฤศจิกายน 2567"); at most `limit` characters."""
    texts = [c for c in table.columns if c.is_text]
    dates = [c for c in table.columns if c.duckdb_type in ("DATE", "TIMESTAMP")]
    with engine.loader() as cursor:
        return _row_text(cursor, table, texts, dates, limit)


def _row_text(cursor, table: RowTable, texts: list, dates: list, limit: int) -> str:
    months = set()
    for column in dates:
        months.update(v for (v,) in cursor.execute(
            f"SELECT DISTINCT strftime({quote_identifier(column.name)}, '%Y-%m') FROM {table.relation()}").fetchall() if v)
    out, size = [], 0
    if texts:
        # from the first TEXT_SAMPLE_ROWS rows: enough for the size kept, and a distinct over every row of a
        # large table would hold all its values in memory
        union = " UNION ".join(f"SELECT {quote_identifier(c.name)}::VARCHAR AS v FROM "
                               f"(SELECT {quote_identifier(c.name)} FROM {table.relation()} LIMIT {TEXT_SAMPLE_ROWS})"
                               for c in texts)
        for (value,) in cursor.execute(f"SELECT v FROM ({union}) WHERE v IS NOT NULL AND v <> '' LIMIT 200000").fetchall():
            size += len(value) + 1
            if size > limit:
                break
            out.append(value)
        for column in texts:  # a column of months or ISO dates as text: all its months, from every row
            name = quote_identifier(column.name)
            sample = f"SELECT {name} AS v FROM {table.relation()} WHERE {name} IS NOT NULL LIMIT 100"
            if any(_MONTH.match(v) for (v,) in cursor.execute(sample).fetchall()):
                months.update(v for (v,) in cursor.execute(
                    f"SELECT DISTINCT substr({name}, 1, 7) FROM {table.relation()} "
                    f"WHERE regexp_full_match({name}, '{_MONTH.pattern[1:-1]}')").fetchall())
    return "\n".join([*sorted(thai_month(m) for m in months), *out])[:limit]


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$")


def thai_month(month: str) -> str:
    """"2024-11" as "พฤศจิกายน 2567 พ.ย. 2567" (full and short month names, Buddhist Era year)."""
    from catalog.thai.dates import THAI_MONTHS_ABBR, THAI_MONTHS_FULL

    year, number = int(month[:4]), int(month[5:7])
    return f"{THAI_MONTHS_FULL[number - 1]} {year + 543} {THAI_MONTHS_ABBR[number - 1]} {year + 543}"


def _write_atomically(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".write-")
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)


def _literal_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
