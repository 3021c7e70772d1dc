"""A resource's page (CKAN's `/dataset/{id}/resource/{rid}`): its file versions and, for a table, a
server-rendered preview any version of which can be paged, sorted, filtered by column value and searched
without JavaScript, facets on the columns worth filtering by, the data dictionary of its Table Schema,
and the current selection as CSV (UTF-8 with BOM, machine or Thai headers), XLSX and JSON downloads that
name their version."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from catalog.server.actions import Context, call_action
from catalog.server.errors import ActionError, NotAuthorized, NotFound
from catalog.server.row_tables import file_version, table_of
from catalog.server.web.citation_files import dataset_citation
from catalog.server.web.files import content_disposition
from catalog.server.web.pages import Page, _respond, pagination

PAGE_SIZE = 50
FILTER_PREFIX = "f."
DOWNLOADS = ("csv", "xlsx", "json")


def routes() -> list[Route]:
    return [
        Route("/dataset/{name:ckan_name}/resource/{rid:ckan_name}", resource_page, name="resource"),
        Route("/dataset/{name:ckan_name}/resource/{rid:ckan_name}/rows.{kind}", rows_download, name="resource_rows"),
    ]


async def resource_page(request: Request) -> Response:
    return await _respond(request, _resource_view, "datasets", request.path_params["name"], request.path_params["rid"])


# --- what a request asks of the rows ------------------------------------------------------------------

class Wanted:
    """The rows a page or download is about: version, filters (f.<column>=value), q, sort, page."""

    def __init__(self, query: dict):
        self.version = _number(query.get("version"))
        self.filters = {k[len(FILTER_PREFIX):]: v for k, v in query.items() if k.startswith(FILTER_PREFIX) and v != ""}
        self.q = (query.get("q") or "").strip()
        self.sort = (query.get("sort") or "").strip()
        self.page = _number(query.get("page")) or 1

    def params(self, **changes) -> dict:
        """The query string of this view with some parameters changed (None removes one)."""
        params = {"version": self.version, "q": self.q or None, "sort": self.sort or None, "page": self.page}
        params.update({FILTER_PREFIX + k: v for k, v in self.filters.items()})
        params.update(changes)
        if params.get("page") == 1:
            params.pop("page")
        return {k: v for k, v in params.items() if v not in (None, "")}

    def href(self, **changes) -> str:
        params = self.params(**changes)
        return "?" + urlencode(params) if params else "?"


def _number(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10 ** 9 else None


def _located(context, name: str, rid: str):
    """(dataset, resource, file versions, the wanted version's row) of a readable resource, or NotFound."""
    pkg = call_action("package_show", context, {"id": name})
    resource = next((r for r in pkg["resources"] if r["id"] == rid), None)
    if resource is None:
        raise NotFound("Resource")
    versions = call_action("resource_version_list", context, {"id": rid})
    return pkg, resource, versions


def _table(context, resource, number):
    with context.store.read() as conn:
        version = file_version(conn, resource["id"], number)
    if version is None:
        if number is not None:
            raise NotFound("Version")
        return None, None
    try:
        return version, table_of(context.store, resource, version)
    except NotFound:
        return version, None


# --- the page -----------------------------------------------------------------------------------------

def _resource_view(context, query: dict, name: str, rid: str) -> Page:
    from catalog.rows.query import RowQueryError, RowSearch, facet_columns, facets, search, select

    pkg, resource, versions = _located(context, name, rid)
    wanted = Wanted(query)
    version, table = _table(context, resource, wanted.version)
    preview, problem = None, None
    if table is not None:
        sort = [wanted.sort] if wanted.sort else None
        try:
            found = search(table, RowSearch(filters=wanted.filters, q=wanted.q or None, sort=sort, limit=PAGE_SIZE,
                                            offset=(wanted.page - 1) * PAGE_SIZE))
            selection = select(table, wanted.filters, wanted.q or None)
        except RowQueryError as error:
            problem = error.message
            wanted = Wanted({"version": query.get("version")})
            found = search(table, RowSearch(limit=PAGE_SIZE))
            selection = select(table)
        offered = facet_columns(table)
        # a column filtered to one value has one count, the total: only the others need counting
        counts = facets(table, [n for n in offered if n not in wanted.filters], selection)
        counts = {n: counts.get(n) or [(_typed(table, n, wanted.filters[n]), found.total or 0)] for n in offered}
        preview = _preview(table, found, wanted, counts)
    base = f"/dataset/{pkg['name']}/resource/{rid}"
    number = version.number if version is not None else None
    downloads = {kind: f"{base}/rows.{kind}?" + urlencode({**wanted.params(page=None), "version": number})
                 for kind in DOWNLOADS} if number else {}
    if downloads:
        downloads["csv_thai"] = downloads["csv"] + "&headers=th"
    citation = dataset_citation(context, pkg, resource_id=rid, number=number, versions=versions) if number else None
    return Page("resource.html", {
        "pkg": pkg, "resource": resource, "versions": list(reversed(versions)), "version": version, "table": table,
        "preview": preview, "problem": problem, "wanted": wanted, "downloads": downloads, "base": base,
        "dictionary": _dictionary(table) if table is not None else [],
        "version_file": next((v for v in versions if number and v["version"] == number), None),
        "citation": citation})


def _typed(table, name: str, value: str):
    """A filter's text as its column's value would read back (so "2568" is the integer 2568)."""
    column = table.column(name)
    if column is not None and column.duckdb_type in ("BIGINT", "INTEGER"):
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _preview(table, found, wanted: Wanted, facet_counts: dict) -> dict:
    columns = []
    for column in found.columns:
        if column is None:
            continue
        name = column.name
        ascending, descending = f"{name} asc", f"{name} desc"
        current = "asc" if wanted.sort in (name, ascending) else "desc" if wanted.sort == descending else None
        columns.append({"name": name, "title": column.title, "type": column.field.get("type") or "string",
                        "numeric": column.duckdb_type in ("BIGINT", "INTEGER", "DOUBLE"), "sorted": current,
                        "sort_href": wanted.href(sort=descending if current == "asc" else ascending, page=None),
                        "filterable": name in facet_counts})
    total = found.total or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    rows = []
    for record in found.records:
        cells = []
        for column in columns:
            value = record.get(column["name"])
            cells.append({"value": value, "numeric": column["numeric"],
                          "href": wanted.href(**{FILTER_PREFIX + column["name"]: value, "page": None})
                          if column["filterable"] and value not in (None, "") else None})
        rows.append({"id": record["_id"], "cells": cells})
    facet_lists = []
    for name, counts in facet_counts.items():
        column = table.column(name)
        active = wanted.filters.get(name)
        items = [{"value": value, "count": count, "active": active is not None and str(value) == str(active),
                  "href": wanted.href(**{FILTER_PREFIX + name: None if active is not None and str(value) == str(active)
                                         else value, "page": None})}
                 for value, count in counts if value is not None]
        facet_lists.append({"name": name, "title": column.title, "items": items, "active": active})
    first = (wanted.page - 1) * PAGE_SIZE + 1
    return {"columns": columns, "rows": rows, "total": total, "all": table.row_count, "facets": facet_lists,
            "first": first if total else 0, "last": min(first + PAGE_SIZE - 1, total),
            "pager": pagination(wanted.page, pages, lambda number: wanted.href(page=number)),
            "active_filters": [{"name": k, "title": (table.column(k).title if table.column(k) else k), "value": v,
                                "remove": wanted.href(**{FILTER_PREFIX + k: None, "page": None})}
                               for k, v in wanted.filters.items()],
            "clear": wanted.href(**{FILTER_PREFIX + k: None for k in wanted.filters}, q=None, page=None)}


def _dictionary(table) -> list[dict]:
    rows = []
    for column in table.columns:
        field = column.field
        constraints = field.get("constraints") or {}
        rows.append({"name": column.name, "title": field.get("title") or "", "description": column.description,
                     "type": field.get("type") or "string", "format": field.get("format"),
                     "required": bool(constraints.get("required")), "unique": bool(constraints.get("unique")),
                     "enum": constraints.get("enum"),
                     "range": [constraints.get(k) for k in ("minimum", "maximum")]
                     if constraints.get("minimum") is not None or constraints.get("maximum") is not None else None,
                     "length": [constraints.get(k) for k in ("minLength", "maxLength")]
                     if constraints.get("minLength") is not None or constraints.get("maxLength") is not None else None,
                     "pattern": constraints.get("pattern"), "example": field.get("example"),
                     "primary_key": column.name in table.primary_key})
    return rows


# --- downloads of the current selection ---------------------------------------------------------------

async def rows_download(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in DOWNLOADS:
        return PlainTextResponse("404 Not Found: rows come as .csv, .xlsx or .json", status_code=404)
    store = request.app.state.store
    context = Context(store=store, user=None)
    query = dict(request.query_params)
    try:
        return await run_in_threadpool(_download, context, query, kind, request.path_params["name"],
                                       request.path_params["rid"])
    except (NotFound, NotAuthorized, ActionError):
        return PlainTextResponse("404 Not Found: no such table or version", status_code=404)


def _download(context, query: dict, kind: str, name: str, rid: str) -> Response:
    from catalog.rows import exports
    from catalog.rows.query import RowQueryError, select

    pkg, resource, versions = _located(context, name, rid)
    wanted = Wanted(query)
    version, table = _table(context, resource, wanted.version)
    if table is None:
        raise NotFound("Table")
    try:
        selection = select(table, wanted.filters, wanted.q or None)
    except RowQueryError as error:
        return PlainTextResponse(f"400 Bad Request: {error.message}", status_code=400)
    stem = Path(resource.get("name") or version.filename).stem or "rows"
    filtered = bool(wanted.filters or wanted.q)
    filename = f"{stem}-v{version.number}{'-filtered' if filtered else ''}.{kind}"
    file_url = next((v["url"] for v in versions if v["version"] == version.number), "")
    headers = {"content-disposition": content_disposition(filename), "x-resource-version": str(version.number),
               "link": f'<{file_url}>; rel="describedby"' if file_url else ""}
    headers = {k: v for k, v in headers.items() if v}
    if kind == "csv":
        return StreamingResponse(exports.csv_chunks(table, selection, thai_headers=query.get("headers") == "th"),
                                 media_type="text/csv; charset=utf-8", headers=headers)
    if kind == "json":
        head = {"dataset": pkg["name"], "resource_id": rid, "version": version.number, "file": file_url,
                "sha256": version.sha256, "filters": wanted.filters, "q": wanted.q or None}
        return StreamingResponse(exports.json_chunks(table, selection, head), media_type="application/json",
                                 headers=headers)
    fd, path = tempfile.mkstemp(dir=context.store.upload_dir, prefix="rows-", suffix=".xlsx")
    os.close(fd)
    exports.write_xlsx(path, table, selection, dictionary_title="พจนานุกรมข้อมูล",
                       citation=_citation_lines(context, pkg, resource, version, file_url, wanted))
    return FileResponse(path, headers=headers, background=BackgroundTask(Path(path).unlink, missing_ok=True),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _citation_lines(context, pkg, resource, version, file_url: str, wanted: Wanted) -> list[tuple[str, str]]:
    org = (pkg.get("organization") or {}).get("title") or (pkg.get("organization") or {}).get("name") or ""
    selection = "; ".join(f"{k} = {v}" for k, v in wanted.filters.items())
    if wanted.q:
        selection = "; ".join(p for p in (selection, f"q = {wanted.q}") if p)
    return [("หน่วยงาน (agency)", org), ("ชุดข้อมูล (dataset)", pkg.get("title") or pkg["name"]),
            ("รุ่นชุดข้อมูล (dataset version)", pkg.get("version") or ""),
            ("ไฟล์ (file)", resource.get("name") or version.filename),
            ("รุ่นไฟล์ (file version)", str(version.number)), ("วันที่ (date)", version.created[:10]),
            ("ลิงก์ถาวร (permanent URL)", file_url), ("sha256", version.sha256),
            ("การกรอง (selection)", selection or "ทุกแถว (all rows)"),
            ("หน้านี้ (page)", f"{context.site_url}/dataset/{pkg['name']}/resource/{resource['id']}")]

