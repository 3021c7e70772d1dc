"""Facet counts over the documents a search matched, in CKAN's two shapes:
`facets` {field: {value: count}} (most frequent first, then by value, as Solr orders them) and
`search_facets` {field: {"title", "items": [{name, display_name, count}]}} (by display_name, descending,
as CKAN's package_search sorts them last)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from catalog.server.licenses import license_facts
from catalog.server.search import bitmaps, stored
from catalog.server.search.index import Snapshot, field_terms
from catalog.server.search.query import STRING_COLUMNS, is_term_field
from catalog.server.store import loads, tables

_FEW_VALUES = {"state", "owner_org", "dataset_type", "capacity", "private"}  # columns worth bitmaps
_COLUMNS = STRING_COLUMNS | {"title", "metadata_created", "metadata_modified"}


def count_facets(conn, snapshot: Snapshot, fields: list[str], matched: int, *, limit: int,
                 mincount: int) -> dict[str, dict[str, int]]:
    """With fewer values than matched documents, each value's bitmap is intersected with the matched
    one; otherwise the matched documents' values are counted."""
    count, size = matched.bit_count(), snapshot.size
    matched_docs: list[int] = []

    def docs() -> list[int]:
        if not matched_docs and count:
            matched_docs.extend(bitmaps.docs_of(matched))
        return matched_docs

    out = {}
    for field in fields:
        if is_term_field(field):
            terms = field_terms(conn, snapshot, field)
            if len(terms.docs_of) <= count:
                counts = {v: (matched & terms.bitmap(v, size)).bit_count() for v in terms.docs_of}
            else:
                counts = Counter(v for d in docs() for v in terms.values_of[d])
        elif field in _FEW_VALUES:
            counts = {v: (matched & b).bit_count() for v, b in snapshot.column_postings(field).items()
                      if v is not None}
        elif field in _COLUMNS:
            column = snapshot.column(field)
            counts = Counter(column[d] for d in docs() if column[d] is not None)
        else:
            counts = _stored_counts(conn, snapshot, field, docs())
        out[field] = _top(counts, limit, mincount)
    return out


def _stored_counts(conn, snapshot: Snapshot, field: str, docs: list[int]) -> Counter:
    """Values of a top-level key of the stored dicts (lists count each item)."""
    counts: Counter = Counter()
    ids = [snapshot.ids[d] for d in docs]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            f"SELECT {stored.JSON_ATOM}, count(DISTINCT p.id) FROM package p, json_each(p.data, ?) j "
            f"WHERE p.id IN ({marks}) AND j.type NOT IN ('object', 'array', 'null') GROUP BY 1",
            (stored.json_path(field), *chunk))
        for value, number in rows:
            counts[str(value)] += number
    return counts


def _top(counts, limit: int, mincount: int) -> dict[str, int]:
    ranked = sorted(((v, c) for v, c in counts.items() if c >= mincount), key=lambda vc: (-vc[1], vc[0]))
    return dict(ranked if limit < 0 else ranked[:limit])


def search_facets(conn, facets: dict[str, dict[str, int]]) -> dict:
    titles = _group_titles(conn, {v for f in ("groups", "organization") for v in facets.get(f, {})})
    out = {}
    for field, values in facets.items():
        items = [{"name": value, "display_name": _display_name(field, value, titles), "count": count}
                 for value, count in values.items()]
        items.sort(key=lambda item: item["display_name"], reverse=True)
        out[field] = {"title": field, "items": items}
    return out


def _display_name(field: str, value: str, titles: dict[str, str]) -> str:
    if field in ("groups", "organization"):
        title = titles.get(value)
        return title if title and title.strip() else value
    if field == "license_id":
        return license_facts(value)[0] or value
    return value


def _group_titles(conn, names: set[str]) -> dict[str, str]:
    if not names:
        return {}
    rows = conn.execute(select(tables.group.c.name, tables.group.c.data).where(tables.group.c.name.in_(names)))
    return {row.name: (loads(row.data) or {}).get("title") or "" for row in rows}
