"""package_search over the SQL store, answering as CKAN's Solr-backed search does (ckan-api.md section 4).

`params` checks the parameters, `grammar` parses q and fq, `query` turns them into SQL over the package
table and its indexes, `visibility` adds what the caller may see, `facets` counts the matched datasets.
"""

from __future__ import annotations

from catalog.server.search import grammar
from catalog.server.search.facets import count_facets, search_facets
from catalog.server.search.params import SearchParams, parse_params
from catalog.server.search.query import Compiler, Condition
from catalog.server.search.visibility import visibility_conditions
from catalog.server.store import loads

_ORDER_COLUMNS = {"id": "p.id", "name": "p.name", "title_string": "p.title",
                  "metadata_modified": "p.metadata_modified", "metadata_created": "p.metadata_created"}


def search_packages(context, data_dict: dict) -> dict:
    params = parse_params(data_dict)
    compiler = Compiler()
    conditions = [compiler.condition(grammar.parse(params.q), ranks=True)]
    conditions += [compiler.condition(grammar.parse(fq)) for fq in params.fq]
    conditions += visibility_conditions(context, params)
    where = " AND ".join(f"({c.sql})" for c in conditions)
    where_params = [x for c in conditions for x in c.params]
    conn = context.conn

    count = conn.exec_driver_sql(f"SELECT count(*) FROM package p WHERE {where}", tuple(where_params)).scalar()
    results = []
    if params.rows and params.start < count:
        ids = _page_ids(conn, params, compiler.rank_match(), where, where_params)
        results = _package_dicts(conn, ids, params.fl)
    facets = {}
    if params.facet and params.facet_fields:
        facets = count_facets(conn, params.facet_fields, f"SELECT p.id FROM package p WHERE {where}", where_params,
                              limit=params.facet_limit, mincount=params.facet_mincount)
    return {"count": count, "facets": facets, "results": results, "sort": params.sort,
            "search_facets": search_facets(conn, facets)}


def _page_ids(conn, params: SearchParams, rank_match: str | None, where: str, where_params: list) -> list[str]:
    """The ids of the requested page, in the requested order; ties fall back to id so pages never overlap."""
    join, join_params, order = "", [], []
    for field, direction in params.order:
        if field == "score":
            if rank_match is None:
                continue  # without free text every dataset scores the same
            join = ("LEFT JOIN (SELECT package_id, bm25(package_fts) AS score FROM package_fts "
                    "WHERE package_fts MATCH ?) s ON s.package_id = p.id")
            join_params = [rank_match]
            # bm25 is lower for better matches; datasets matched only by other clauses come last
            order.append(f"coalesce(s.score, 0) {'ASC' if direction == 'desc' else 'DESC'}")
        else:
            order.append(f"{_ORDER_COLUMNS[field]} {direction.upper()}")
    order.append("p.id ASC")
    sql = (f"SELECT p.id FROM package p {join} WHERE {where} ORDER BY {', '.join(order)} LIMIT ? OFFSET ?")
    rows = conn.exec_driver_sql(sql, (*join_params, *where_params, params.rows, params.start))
    return [row[0] for row in rows]


def _package_dicts(conn, ids: list[str], fields: list[str] | None) -> list[dict]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    data = dict(conn.exec_driver_sql(f"SELECT id, data FROM package WHERE id IN ({marks})", tuple(ids)).all())
    packages = [loads(data[i]) for i in ids]
    if fields is None:
        return packages
    return [_only(pkg, fields) for pkg in packages]


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


__all__ = ["search_packages", "Condition"]
