"""Data packages of the catalog's datasets.

`/dataset/{id_or_name}/datapackage.json` is the latest version, `/dataset/{id_or_name}/version/{activity_id}/
datapackage.json` the version an activity made; in both, uploaded files are at their permanent version URLs,
so a package read today reads the same bytes in ten years. A datapackage.json uploaded as a resource may
name its data files relative to itself (`data/x.csv`); those resolve to the dataset's upload of that name.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from catalog.ckanmodel.jsontext import from_text
from catalog.server import versions
from catalog.server.actions import Context, call_action
from catalog.server.errors import NotAuthorized, NotFound
from catalog.server.store import loads, tables
from catalog.server.users import user_for_token
from catalog.server.web.api import token_of
from catalog.server.web import files
from catalog.server.web.files import serve_blob


def _descriptor(store, token: str | None, package_ref: str, activity_id: str | None) -> dict:
    with store.read() as conn:
        context = Context(store=store, user=user_for_token(conn, token), conn=conn)
        pkg = call_action("package_show", context, {"id": package_ref})  # the dataset's own visibility
        if activity_id is None:
            return versions.datapackage(context.site_url, pkg, versions.latest_files(conn, pkg["id"]))
        activity = conn.execute(select(tables.activity).where(
            tables.activity.c.id == activity_id, tables.activity.c.object_id == pkg["id"])).first()
        if activity is None:
            raise NotFound("Activity not found")
        stored = (loads(activity.data) or {}).get("package") or {}
        return versions.datapackage(context.site_url, stored, versions.files_at(conn, pkg["id"], activity))


async def _serve(request: Request, activity_id: str | None) -> Response:
    store = request.app.state.store
    try:
        descriptor = await run_in_threadpool(_descriptor, store, token_of(request),
                                             request.path_params["package"], activity_id)
    except NotAuthorized:
        return PlainTextResponse("403 Forbidden: not authorized to read this dataset", status_code=403)
    except NotFound:
        return PlainTextResponse("404 Not Found: no such dataset version", status_code=404)
    body = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
    return Response(body, media_type="application/json", headers={"cache-control": "no-cache"})


async def latest(request: Request) -> Response:
    return await _serve(request, None)


async def at_version(request: Request) -> Response:
    return await _serve(request, request.path_params["activity_id"])


def _sibling(store, token: str | None, package_ref: str, resource_id: str, path: str):
    """The newest file of the dataset's upload named like the last part of `path`."""
    with store.read() as conn:
        context = Context(store=store, user=user_for_token(conn, token), conn=conn)
        pkg = call_action("package_show", context, {"id": package_ref})
        if not any(r["id"] == resource_id for r in pkg["resources"]):
            raise NotFound("Resource was not found.")
        filename = PurePosixPath(path).name
        files = versions.latest_files(conn, pkg["id"])
        # the resource's own file first, then a sibling of an uploaded datapackage.json
        ordered = sorted(pkg["resources"], key=lambda r: r["id"] != resource_id)
        for resource in ordered:
            found = files.get(resource["id"])
            if resource.get("url_type") == "upload" and found is not None and found.filename == filename:
                return found
    raise NotFound("File was not found.")


async def sibling_file(request: Request) -> Response:
    store = request.app.state.store
    params = request.path_params
    try:
        version = await run_in_threadpool(_sibling, store, token_of(request), params["package"],
                                          params["resource"], params["path"])
    except NotAuthorized:
        return PlainTextResponse("403 Forbidden: not authorized to download this resource", status_code=403)
    except NotFound:
        if "/" in params["path"]:
            return PlainTextResponse("404 Not Found: no such file in this dataset", status_code=404)
        # no file of that name: CKAN serves the resource's latest bytes whatever file name the URL ends with
        return await files.download(request)
    return serve_blob(request, store, version, cache_forever=False)


def _table_schema(store, token: str | None, package_ref: str, resource_id: str) -> dict:
    with store.read() as conn:
        context = Context(store=store, user=user_for_token(conn, token), conn=conn)
        pkg = call_action("package_show", context, {"id": package_ref})
    resource = next((r for r in pkg["resources"] if r["id"] == resource_id), None)
    schema = from_text(resource.get("schema")) if resource else None
    if not isinstance(schema, dict):
        raise NotFound("This resource has no Table Schema.")
    return schema


async def table_schema(request: Request) -> Response:
    """The resource's Table Schema: what its DCAT distribution dct:conformsTo."""
    store = request.app.state.store
    try:
        schema = await run_in_threadpool(_table_schema, store, token_of(request), request.path_params["package"],
                                         request.path_params["resource"])
    except NotAuthorized:
        return PlainTextResponse("403 Forbidden: not authorized to read this dataset", status_code=403)
    except NotFound as exc:
        return PlainTextResponse(f"404 {exc}", status_code=404)
    body = json.dumps(schema, ensure_ascii=False, indent=2).encode("utf-8")
    return Response(body, media_type="application/json", headers={"cache-control": "no-cache"})
