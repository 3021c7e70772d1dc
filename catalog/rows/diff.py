"""Which rows differ between two versions of a table: added, removed and changed, with the old and new value
of every cell of a changed row, one page at a time.

Rows are matched by the Table Schema's primary key; without one (or when a key field is missing from either
file) a row is matched whole, so only additions and removals show, a duplicate row counted as often as it
was added or removed. DuckDB reads both CSV files itself, every cell as text, joins them (FULL OUTER JOIN on
the key, or on every cell of the distinct rows) and keeps only the rows that differ, so a million-row table
is compared without its rows passing through Python: only the counts and the page asked for come back. A
missing cell and an empty one are the same, as in the publisher's row counts.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from catalog.rows.engine import MEMORY_LIMIT

PAGE_SIZE = 100
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
_POSITION = "__position"  # a row's place in its file
_TIMES = "__times"  # how many copies of a row differ: more than one only when identical rows are matched whole
_COPY = "__copy"


class RowsUnreadable(Exception):
    """A file that is not a CSV table DuckDB can read."""


@dataclass(frozen=True)
class Cell:
    name: str
    old: str | None  # None: the row or the column is not in the old file
    new: str | None

    @property
    def changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old != self.new


@dataclass(frozen=True)
class RowChange:
    kind: str  # ADDED, REMOVED or CHANGED
    key: dict[str, str]  # the key fields' values ({} when rows are matched whole)
    cells: list[Cell]

    @property
    def changed_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.changed]


@dataclass(frozen=True)
class TableDiff:
    key: list[str]  # the fields rows were matched by ([]: whole rows)
    columns: list[str]  # the new file's columns, then those only the old one has
    added: int
    removed: int
    changed: int
    unchanged: int
    page: int
    page_size: int
    rows: list[RowChange] = field(default_factory=list)  # the page's rows by their place in the new file
    # (a removed row's in the old one)
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Rows that differ."""
        return self.added + self.removed + self.changed

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _name(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _read(conn, view: str, path: Path | None, like: str | None = None) -> list[str]:
    """A view of a file's rows, every cell text ('' for a missing one), with each row's position; no file
    is a table with the columns of `like` and no rows."""
    if path is None:
        conn.execute(f"CREATE TEMP VIEW {view} AS SELECT * FROM {like} LIMIT 0")
    else:
        try:
            source = conn.execute(
                "SELECT * FROM read_csv(?, all_varchar = true, header = true, delim = ',', quote = '\"', "
                "escape = '\"') LIMIT 0", [str(path)])
        except duckdb.Error as exc:
            raise RowsUnreadable(f"{path.name}: {exc}") from None
        columns = [d[0] for d in source.description]
        cells = ", ".join(f"coalesce({_name(c)}, '') AS {_name(c)}" for c in columns)
        literal = str(path).replace("'", "''")
        conn.execute(f"CREATE TEMP VIEW {view} AS SELECT {cells}, row_number() OVER () AS {_POSITION} FROM "
                     f"read_csv('{literal}', all_varchar = true, header = true, delim = ',', quote = '\"', "
                     f"escape = '\"')")
    return [d[0] for d in conn.execute(f"SELECT * FROM {view} LIMIT 0").description if d[0] != _POSITION]


def diff_tables(old: Path | None, new: Path | None, key: list[str] | None = None, page: int = 1,
                page_size: int = PAGE_SIZE) -> TableDiff:
    """The rows that differ between two CSV files (None: the table is not in that version), matched by
    `key`, with page `page` of them."""
    with tempfile.TemporaryDirectory(prefix="row-diff-") as scratch, \
            duckdb.connect(config={"temp_directory": scratch, "memory_limit": MEMORY_LIMIT}) as conn:
        # a connection of its own: its temporary views are its own; past the memory limit the join spills
        try:
            return _diff(conn, old, new, list(key or []), max(1, page), page_size)
        except duckdb.Error as exc:  # a row DuckDB cannot read, found while joining
            raise RowsUnreadable(str(exc)) from None


def _diff(conn, old: Path | None, new: Path | None, key: list[str], page: int, page_size: int) -> TableDiff:
    if new is not None:
        new_columns = _read(conn, "new_rows", new)
        old_columns = _read(conn, "old_rows", old, like="new_rows")
    else:
        old_columns = _read(conn, "old_rows", old)
        new_columns = _read(conn, "new_rows", None, like="old_rows")
    common = [c for c in new_columns if c in old_columns]
    if not key or not all(k in common for k in key):
        key = []
    only_old = [c for c in old_columns if c not in new_columns]
    columns = new_columns + only_old
    cells = "".join([f", o.{_name(c)} AS {_name('old:' + c)}" for c in old_columns]
                    + [f", n.{_name(c)} AS {_name('new:' + c)}" for c in new_columns])
    if key:
        _differing_by_key(conn, key, [c for c in common if c not in key], cells)
    else:
        _differing_whole(conn, common, old_columns, new_columns, cells)
    totals = dict(conn.execute(f"SELECT kind, sum({_TIMES}) FROM differing GROUP BY kind").fetchall())
    added, removed, changed = (int(totals.get(kind) or 0) for kind in (ADDED, REMOVED, CHANGED))
    new_count = conn.execute("SELECT count(*) FROM new_rows").fetchone()[0]
    found = conn.execute(f"SELECT *, unnest(range({_TIMES})) AS {_COPY} FROM differing "
                         f"ORDER BY {_POSITION}, is_new, {_COPY} LIMIT ? OFFSET ?",
                         [page_size, (page - 1) * page_size])
    names = [d[0] for d in found.description]
    rows = []
    for values in found.fetchall():
        row = dict(zip(names, values))
        kind = row["kind"]
        take_old, take_new = kind != ADDED, kind != REMOVED
        row_cells = [Cell(c, row.get("old:" + c) if take_old else None, row.get("new:" + c) if take_new else None)
                     for c in columns]
        side = "new:" if take_new else "old:"
        rows.append(RowChange(kind, {k: row[side + k] for k in key}, row_cells))
    return TableDiff(key=key, columns=columns, added=added, removed=removed, changed=changed,
                     unchanged=new_count - added - changed, page=page, page_size=page_size, rows=rows,
                     fields_added=[c for c in new_columns if c not in old_columns], fields_removed=only_old)


def _differing_by_key(conn, key: list[str], rest: list[str], cells: str) -> None:
    """The rows that differ, one join of the two files on the key; only those are kept."""
    on = " AND ".join(f"o.{_name(c)} = n.{_name(c)}" for c in key)
    differs = " OR ".join(f"o.{_name(c)} <> n.{_name(c)}" for c in rest) or "FALSE"
    conn.execute(f"""
        CREATE TEMP TABLE differing AS SELECT * FROM (
            SELECT CASE WHEN o.{_POSITION} IS NULL THEN '{ADDED}' WHEN n.{_POSITION} IS NULL THEN '{REMOVED}'
                        WHEN {differs} THEN '{CHANGED}' END AS kind, 1 AS {_TIMES},
                   coalesce(n.{_POSITION}, o.{_POSITION}) AS {_POSITION}, o.{_POSITION} IS NULL AS is_new{cells}
            FROM old_rows o FULL OUTER JOIN new_rows n ON {on})
        WHERE kind IS NOT NULL""")


def _differing_whole(conn, common: list[str], old_columns: list[str], new_columns: list[str], cells: str) -> None:
    """Without a key: each distinct row with how many times each file holds it (so a duplicate removed
    shows), joined on every cell; a row differs by the copies one file has more."""
    for side, own in (("old", old_columns), ("new", new_columns)):
        first = "".join(f", any_value({_name(c)}) AS {_name(c)}" for c in own if c not in common)
        grouped = ", ".join(_name(c) for c in common) or "1"
        conn.execute(f"CREATE TEMP VIEW {side}_groups AS SELECT {grouped if common else '1 AS one'}{first}, "
                     f"count(*) AS copies, min({_POSITION}) AS {_POSITION} FROM {side}_rows GROUP BY {grouped}")
    on = " AND ".join(f"o.{_name(c)} = n.{_name(c)}" for c in common) or "o.one = n.one"
    old_copies, new_copies = "coalesce(o.copies, 0)", "coalesce(n.copies, 0)"
    conn.execute(f"""
        CREATE TEMP TABLE differing AS
        SELECT CASE WHEN {new_copies} > {old_copies} THEN '{ADDED}' ELSE '{REMOVED}' END AS kind,
               abs({new_copies} - {old_copies}) AS {_TIMES},
               CASE WHEN {new_copies} > {old_copies} THEN n.{_POSITION} ELSE o.{_POSITION} END AS {_POSITION},
               {new_copies} > {old_copies} AS is_new{cells}
        FROM old_groups o FULL OUTER JOIN new_groups n ON {on}
        WHERE {new_copies} <> {old_copies}""")
