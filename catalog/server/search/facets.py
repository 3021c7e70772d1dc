"""Facet counts over the datasets a search matched, in CKAN's two shapes:
`facets` {field: {value: count}} (most frequent first, as Solr orders them) and
`search_facets` {field: {"title", "items": [{name, display_name, count}]}} (by display_name, descending,
as CKAN's package_search sorts them last)."""

from __future__ import annotations

from sqlalchemy import select

from catalog.server.licenses import license_facts
from catalog.server.search.query import COLUMNS, JSON_ATOM, TERM_FIELDS, is_text_term, json_path
from catalog.server.store import loads, tables

# package_term also holds these (see datasets._terms); their facets count its rows
_ALSO_TERMS = {"name", "id", "owner_org", "dataset_type", "state", "private"}


def count_facets(conn, fields: list[str], matched_sql: str, matched_params: list, *, limit: int,
                 mincount: int) -> dict[str, dict[str, int]]:
    """{field: {value: count}} over the matched dataset ids (`matched_sql` selects them)."""
    counts: dict[str, dict[str, int]] = {f: {} for f in fields}
    term_fields = [f for f in fields if f in TERM_FIELDS or f in _ALSO_TERMS or is_text_term(f)]
    if term_fields:
        marks = ", ".join("?" for _ in term_fields)
        rows = conn.exec_driver_sql(
            f"SELECT field, value, count(*) FROM package_term WHERE field IN ({marks}) "
            f"AND package_id IN ({matched_sql}) GROUP BY field, value", (*term_fields, *matched_params))
        for field, value, count in rows:
            counts[field][value] = count
    for field in fields:
        if field in term_fields:
            continue
        if field in COLUMNS:
            sql = (f"SELECT {COLUMNS[field]}, count(*) FROM package p WHERE p.id IN ({matched_sql}) "
                   f"AND {COLUMNS[field]} IS NOT NULL GROUP BY 1")
            params = matched_params
        else:  # any other top-level key of the dataset dict
            sql = (f"SELECT {JSON_ATOM}, count(DISTINCT p.id) FROM package p, json_each(p.data, ?) j "
                   f"WHERE p.id IN ({matched_sql}) AND j.type NOT IN ('object', 'array', 'null') GROUP BY 1")
            params = [json_path(field), *matched_params]
        for value, count in conn.exec_driver_sql(sql, tuple(params)):
            counts[field][str(value)] = count
    return {field: _top(values, limit, mincount) for field, values in counts.items()}


def _top(values: dict[str, int], limit: int, mincount: int) -> dict[str, int]:
    ranked = sorted(((v, c) for v, c in values.items() if c >= mincount), key=lambda vc: (-vc[1], vc[0]))
    if limit >= 0:
        ranked = ranked[:limit]
    return dict(ranked)


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
