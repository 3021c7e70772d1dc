"""An in-process search index over the store: what Solr is to CKAN, kept small.

Every dataset gets a document number. A `Snapshot` holds each document's slim columns (id, name, title,
state, private, owner_org, type, created, modified) and, loaded when first searched or faceted on, the
values of `package_term` fields as sets of documents, turned into bitmaps (see bitmaps.py) on demand.
Free text stays in SQLite's FTS5 trigram table; its rows are mapped to documents by package id.

A snapshot never changes once published (requests read it without locks; lazily derived parts are only
added); `SearchIndex.current` makes a new one when the database changed, which `PRAGMA data_version` on
a connection of our own tells at no cost. Only `datasets.save_package` writes datasets and it stamps
`metadata_modified` with the time of the write, inside a write transaction that excludes the others: so
the datasets stamped at or after the last stamp seen are all that changed, unless some were purged (the
count tells). The new snapshot is the old one with those rows written over it. In case the clock ever
steps back, a snapshot is rebuilt whole when the database changed and it is older than REBUILD_AFTER.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from bisect import bisect_left
from dataclasses import dataclass, field

from catalog.server.search import bitmaps

REBUILD_AFTER = 300.0  # seconds
COLUMNS = ("id", "name", "title", "state", "private", "owner_org", "dataset_type", "metadata_created",
           "metadata_modified")
SLIM = "id, name, coalesce(title, ''), state, private, owner_org, type, metadata_created, metadata_modified"


def rows(conn, sql: str, params=()) -> list[tuple]:
    """All rows of a query, fetched by the DB-API cursor of `conn` (same transaction): reading tens of
    thousands of rows this way is several times faster than through SQLAlchemy's result objects."""
    return conn.connection.driver_connection.execute(sql, params).fetchall()


@dataclass
class FieldTerms:
    """One package_term field: each document's values and each value's documents."""

    values_of: list[tuple]  # by document
    docs_of: dict[str, frozenset]  # by value
    _bitmaps: dict[str, int] = field(default_factory=dict)

    def bitmap(self, value: str, size: int) -> int:
        found = self._bitmaps.get(value)
        if found is None:
            docs = self.docs_of.get(value, ())
            found = bitmaps.from_docs(docs, size)
            if len(docs) >= 64:  # worth keeping; rare values (urls, versions) are cheap to redo
                self._bitmaps[value] = found
        return found


class Snapshot:
    """The index as of one state of the database."""

    def __init__(self, columns: dict[str, list], doc_of: dict[str, int], doc_of_name: dict[str, int],
                 max_modified: str, built_at: float):
        self.columns = columns
        self.ids, self.names, self.titles = columns["id"], columns["name"], columns["title"]
        self.doc_of, self.doc_of_name = doc_of, doc_of_name
        self.max_modified, self.built_at = max_modified, built_at
        self.terms: dict[str, FieldTerms] = {}
        self.fts_ids: dict[int, str] = {}  # FTS5 rowid -> package id (a rewritten row gets a new rowid)
        self._cache: dict = {}
        self._lock = threading.Lock()

    @classmethod
    def build(cls, slim: list[tuple]) -> Snapshot:
        columns = {name: [row[i] for row in slim] for i, name in enumerate(COLUMNS)}
        columns["private"] = ["true" if p else "false" for p in columns["private"]]
        doc_of = {package_id: doc for doc, package_id in enumerate(columns["id"])}
        doc_of_name = {name: doc for doc, name in enumerate(columns["name"])}
        return cls(columns, doc_of, doc_of_name, max(columns["metadata_modified"], default=""), time.monotonic())

    @property
    def size(self) -> int:
        return len(self.ids)

    def everything(self) -> int:
        return self.cached("everything", lambda: bitmaps.everything(self.size))

    def cached(self, key, make):
        found = self._cache.get(key)
        if found is None:
            found = make()
            self._cache[key] = found
        return found

    # --- columns

    def column(self, name: str) -> list:
        """A slim column by its search field name (`capacity` is `private` as CKAN names it)."""
        if name == "capacity":
            return self.cached("capacity", lambda: ["private" if p == "true" else "public"
                                                    for p in self.columns["private"]])
        return self.columns[name]

    def lowered(self, name: str) -> list[str]:
        return self.cached(("lower", name), lambda: [v.lower() for v in self.columns[name]])

    def column_postings(self, name: str) -> dict[str, int]:
        """{value: bitmap} of a low-cardinality column (state, owner_org, dataset_type, capacity, private)."""
        def make():
            groups: dict = {}
            for doc, value in enumerate(self.column(name)):
                groups.setdefault(value, []).append(doc)
            return {value: bitmaps.from_docs(docs, self.size) for value, docs in groups.items()}

        return self.cached(("postings", name), make)

    def sorted_column(self, name: str) -> tuple[list, list]:
        """(values ascending, documents in that order)."""
        def make():
            column = self.column(name)
            docs = sorted(range(self.size), key=column.__getitem__)
            return [column[d] for d in docs], docs

        return self.cached(("sorted", name), make)

    def range_docs(self, name: str, low: str | None, high: str | None) -> list[int]:
        """Documents with low <= value < high (None = open)."""
        values, docs = self.sorted_column(name)
        start = 0 if low is None else bisect_left(values, low)
        end = len(values) if high is None else bisect_left(values, high)
        return docs[start:end]

    # --- orders for sorting

    def dense_rank(self, name: str) -> list[int]:
        """Each document's rank by the column, ascending; equal values share a rank."""
        def make():
            values, docs = self.sorted_column(name)
            rank, ranks, previous = -1, [0] * self.size, object()
            for value, doc in zip(values, docs):
                if value != previous:
                    rank, previous = rank + 1, value
                ranks[doc] = rank
            return ranks

        return self.cached(("rank", name), make)

    def order(self, name: str, descending: bool) -> list[int]:
        """Every document sorted by the column, ties by id ascending (so paging is stable)."""
        def make():
            by_id = self.sorted_column("id")[1]
            column = self.column(name)
            return sorted(by_id, key=column.__getitem__, reverse=descending)  # stable: ids stay ascending

        return self.cached(("order", name, descending), make)

    # --- a newer state

    def with_changes(self, conn, changed: list[tuple]) -> Snapshot:
        """The snapshot with `changed` slim rows written over it (new datasets get new documents)."""
        columns = {name: list(values) for name, values in self.columns.items()}
        doc_of, doc_of_name = dict(self.doc_of), dict(self.doc_of_name)
        docs = []
        for row in changed:
            row = list(row)
            row[4] = "true" if row[4] else "false"
            doc = doc_of.get(row[0])
            if doc is None:
                doc = len(columns["id"])
                for name, value in zip(COLUMNS, row):
                    columns[name].append(value)
                doc_of[row[0]] = doc
            else:
                if doc_of_name.get(columns["name"][doc]) == doc:
                    del doc_of_name[columns["name"][doc]]
                for name, value in zip(COLUMNS, row):
                    columns[name][doc] = value
            doc_of_name[row[1]] = doc
            docs.append(doc)
        new = Snapshot(columns, doc_of, doc_of_name, max(self.max_modified, max(r[8] for r in changed)),
                       self.built_at)
        new.fts_ids = self.fts_ids
        self._carry_caches(new, docs)
        ids = [new.ids[d] for d in docs]
        fresh = _terms_of(conn, ids, list(self.terms)) if self.terms else {}
        for name, terms in self.terms.items():
            new.terms[name] = _changed_terms(terms, {d: fresh.get((new.ids[d], name), ()) for d in docs}, new.size)
        return new

    def _carry_caches(self, new: Snapshot, docs: list[int]) -> None:
        """Patch the derived parts that a few changed documents barely move (column postings, lowered
        and sorted columns, orders); the others are derived again when needed."""
        for key, value in self._cache.items():
            kind = key[0] if isinstance(key, tuple) else key
            if kind == "postings":
                postings = dict(value)
                column, old_column = new.column(key[1]), self.column(key[1])
                for doc in docs:
                    if doc < self.size:
                        old = old_column[doc]
                        postings[old] = postings.get(old, 0) & ~(1 << doc)
                    postings[column[doc]] = postings.get(column[doc], 0) | (1 << doc)
                new._cache[key] = {v: b for v, b in postings.items() if b}
            elif kind == "lower":
                lowered = list(value)
                for doc in docs:
                    text = new.columns[key[1]][doc].lower()
                    if doc < len(lowered):
                        lowered[doc] = text
                    else:
                        lowered.append(text)
                new._cache[key] = lowered
            elif kind == "sorted":
                values, order = list(value[0]), list(value[1])
                column = new.column(key[1])
                for doc in docs:
                    if doc < self.size:
                        at = order.index(doc)
                        del values[at], order[at]
                    at = _insertion_point(len(order), lambda i: (values[i], order[i]) < (column[doc], doc))
                    values.insert(at, column[doc])
                    order.insert(at, doc)
                new._cache[key] = (values, order)
            elif kind == "order":
                order, column, ids, descending = list(value), new.column(key[1]), new.ids, key[2]
                for doc in docs:
                    if doc < self.size:
                        order.remove(doc)
                    if descending:
                        at = _insertion_point(len(order), lambda i: column[order[i]] > column[doc] or (
                            column[order[i]] == column[doc] and ids[order[i]] < ids[doc]))
                    else:
                        at = _insertion_point(len(order), lambda i: (column[order[i]], ids[order[i]])
                                              < (column[doc], ids[doc]))
                    order.insert(at, doc)
                new._cache[key] = order


def _insertion_point(length: int, before) -> int:
    """The first index i in [0, length) for which before(i) is false (before is true, then false)."""
    low, high = 0, length
    while low < high:
        middle = (low + high) // 2
        if before(middle):
            low = middle + 1
        else:
            high = middle
    return low


def _terms_of(conn, package_ids: list[str], fields: list[str]) -> dict[tuple[str, str], tuple]:
    """{(package id, field): values} for some datasets, looked up by dataset (ix_term_package)."""
    wanted, found = set(fields), {}
    for start in range(0, len(package_ids), 500):
        chunk = package_ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for package_id, name, value in rows(
                conn, f"SELECT package_id, field, value FROM package_term WHERE package_id IN ({marks})", chunk):
            if name in wanted:
                found[(package_id, name)] = found.get((package_id, name), ()) + (value,)
    return found


def _changed_terms(old: FieldTerms, fresh: dict[int, tuple], size: int) -> FieldTerms:
    """The field's terms with some documents' values replaced; cached bitmaps are patched, not dropped."""
    changes = {d: v for d, v in fresh.items() if (old.values_of[d] if d < len(old.values_of) else ()) != v}
    if not changes and size == len(old.values_of):
        return old
    values_of = old.values_of + [()] * (size - len(old.values_of))
    docs_of, cached = dict(old.docs_of), dict(old._bitmaps)
    for doc, values in changes.items():
        for value in values_of[doc]:
            docs_of[value] = docs_of[value] - {doc}
            if value in cached:
                cached[value] &= ~(1 << doc)
        values_of[doc] = values
        for value in values:
            docs_of[value] = docs_of.get(value, frozenset()) | {doc}
            if value in cached:
                cached[value] |= 1 << doc
    terms = FieldTerms(values_of, {v: d for v, d in docs_of.items() if d})
    terms._bitmaps = {v: b for v, b in cached.items() if v in terms.docs_of}
    return terms


class SearchIndex:
    """The current Snapshot of one store, refreshed when the database changed."""

    def __init__(self, store):
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._version = None
        self._watch = sqlite3.connect(store.engine.url.database, check_same_thread=False)

    def current(self, conn) -> Snapshot:
        """The snapshot to search with. Call it before anything else reads through `conn`, so that the
        version read here is not newer than the data `conn` sees."""
        with self._lock:
            version = self._watch.execute("PRAGMA data_version").fetchone()[0]
            if self._snapshot is None or version != self._version:
                self._snapshot = refresh(conn, self._snapshot)
                self._version = version
            return self._snapshot

    def close(self) -> None:
        self._watch.close()


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_of(store) -> SearchIndex:
    with _INDEXES_LOCK:
        index = _INDEXES.get(store)
        if index is None:
            index = SearchIndex(store)
            _INDEXES[store] = index
            weakref.finalize(store, index.close)
        return index


def refresh(conn, old: Snapshot | None) -> Snapshot:
    if old is not None and time.monotonic() - old.built_at < REBUILD_AFTER:
        changed = rows(conn, f"SELECT {SLIM} FROM package WHERE metadata_modified >= ?", (old.max_modified,))
        count = rows(conn, "SELECT count(*) FROM package")[0][0]
        added = {r[0] for r in changed if r[0] not in old.doc_of}
        if count == old.size + len(added):  # nothing purged: the changed rows are all there is to apply
            return old.with_changes(conn, changed) if changed else old
    return Snapshot.build(rows(conn, f"SELECT {SLIM} FROM package"))


def field_terms(conn, snapshot: Snapshot, name: str) -> FieldTerms:
    """A package_term field's values, loaded into the snapshot the first time it is needed."""
    found = snapshot.terms.get(name)
    if found is not None:
        return found
    with snapshot._lock:
        found = snapshot.terms.get(name)
        if found is None:
            groups: dict[int, list] = {}
            doc_of = snapshot.doc_of
            for package_id, value in rows(conn, "SELECT package_id, value FROM package_term WHERE field = ?", (name,)):
                doc = doc_of.get(package_id)
                if doc is not None:  # a dataset newer than the snapshot waits for the next one
                    groups.setdefault(doc, []).append(value)
            values_of: list[tuple] = [()] * snapshot.size
            docs_of: dict[str, set] = {}
            for doc, values in groups.items():
                values_of[doc] = tuple(values)
                for value in values:
                    docs_of.setdefault(value, set()).add(doc)
            found = FieldTerms(values_of, {v: frozenset(d) for v, d in docs_of.items()})
            snapshot.terms[name] = found
    return found


def fts_docs(conn, snapshot: Snapshot, rowids: list[int]) -> list[int]:
    """The documents of FTS5 rows."""
    known = snapshot.fts_ids
    unknown = [r for r in rowids if r not in known]
    if len(unknown) > 2000:  # cheaper to read the whole mapping once
        known.update(rows(conn, "SELECT rowid, package_id FROM package_fts"))
    else:
        for start in range(0, len(unknown), 500):
            chunk = unknown[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            known.update(rows(conn, f"SELECT rowid, package_id FROM package_fts WHERE rowid IN ({marks})", chunk))
    doc_of = snapshot.doc_of
    docs = (doc_of.get(known.get(rowid)) for rowid in rowids)
    return [doc for doc in docs if doc is not None]
