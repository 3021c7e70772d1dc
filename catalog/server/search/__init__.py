"""package_search over the store, answering as CKAN's Solr-backed search does (ckan-api.md section 4).

`params` checks the parameters, `grammar` parses q and fq into trees, `query` evaluates them to bitmaps
of documents over the in-process `index` (FTS5 for free text, `stored` for fields only the stored
dicts hold), `visibility` keeps what the caller may see, `ordering` picks the page, `facets` counts.
"""

from __future__ import annotations

from catalog.server.search import grammar
from catalog.server.search.facets import count_facets, search_facets
from catalog.server.search.index import index_of
from catalog.server.search.ordering import page_docs
from catalog.server.search.params import parse_params
from catalog.server.search.query import Evaluator
from catalog.server.search.visibility import visible
from catalog.server.store import loads


def search_packages(context, data_dict: dict) -> dict:
    params = parse_params(data_dict)
    trees = [grammar.parse_q(params.q)] + [grammar.parse(fq) for fq in params.fq]  # syntax errors first
    conn = context.conn
    snapshot = index_of(context.store).current(conn)
    evaluator = Evaluator(conn, snapshot)
    matched = visible(context, params, snapshot) & evaluator.bitmap(trees[0], ranks=True)
    for tree in trees[1:]:
        matched &= evaluator.bitmap(tree)
    count = matched.bit_count()
    results = []
    if params.rows and params.start < count:
        docs = page_docs(conn, snapshot, matched, params.order, evaluator.rank_terms, params.start, params.rows)
        results = _package_dicts(conn, [snapshot.ids[d] for d in docs], params.fl)
    facets = {}
    if params.facet and params.facet_fields:
        facets = count_facets(conn, snapshot, params.facet_fields, matched, limit=params.facet_limit,
                              mincount=params.facet_mincount)
    return {"count": count, "facets": facets, "results": results, "sort": params.sort,
            "search_facets": search_facets(conn, facets)}


def _package_dicts(conn, ids: list[str], fields: list[str] | None) -> list[dict]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    data = dict(conn.exec_driver_sql(f"SELECT id, data FROM package WHERE id IN ({marks})", tuple(ids)).all())
    packages = [loads(data[i]) for i in ids if i in data]
    return packages if fields is None else [_only(pkg, fields) for pkg in packages]


def _only(pkg: dict, fields: list[str]) -> dict:
    """`fl`: just the named keys (an `extras_<key>` names an extra), as CKAN returns them."""
    extras = {e["key"]: e["value"] for e in pkg.get("extras", [])}
    out = {}
    for field in fields:
        if field in pkg:
            out[field] = pkg[field]
        elif field.startswith("extras_") and field[len("extras_"):] in extras:
            out[field[len("extras_"):]] = extras[field[len("extras_"):]]
    return out


__all__ = ["search_packages"]
