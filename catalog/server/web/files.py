"""Downloads: the latest bytes at CKAN's URL, and every version at its own permanent URL.

Blobs never change, so their sha256 is a perfect ETag: conditional GETs answer 304 and Range requests
are served from the same immutable file.
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from catalog.server.actions import Context, call_action
from catalog.server.errors import ActionError, NotAuthorized, NotFound
from catalog.server.store import tables
from catalog.server.users import user_for_token
from catalog.server.web.api import token_of


def _resolve(store, token, package_ref: str, resource_id: str, number: int | None):
    with store.read() as conn:
        user = user_for_token(conn, token)
    context = Context(store=store, user=user)
    resource = call_action("resource_show", context, {"id": resource_id})
    pkg = call_action("package_show", context, {"id": resource["package_id"]})
    if package_ref not in (pkg["id"], pkg["name"]):
        raise NotFound("Resource was not found.")
    query = select(tables.resource_version).where(tables.resource_version.c.resource_id == resource_id)
    if number is None:
        query = query.order_by(tables.resource_version.c.number.desc()).limit(1)
    else:
        query = query.where(tables.resource_version.c.number == number)
    with store.read() as conn:
        version = conn.execute(query).first()
    return resource, version


def content_disposition(filename: str) -> str:
    """RFC 6266: a printable-ASCII fallback name, plus the exact UTF-8 name (Thai names) as filename*.
    Headers are latin-1 on the wire: a raw Thai name would fail the response."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def serve_blob(request: Request, store, version, cache_forever: bool) -> Response:
    etag = f'"{version.sha256}"'
    headers = {"etag": etag, "content-disposition": content_disposition(version.filename),
               "cache-control": "public, max-age=31536000, immutable" if cache_forever else "no-cache"}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return FileResponse(store.blob_path(version.sha256), media_type=version.mimetype or "application/octet-stream",
                        headers=headers)


async def download(request: Request) -> Response:
    store = request.app.state.store
    params = request.path_params
    number = int(params["number"]) if "number" in params else None
    try:
        resource, version = await run_in_threadpool(_resolve, store, token_of(request), params["package"],
                                                    params["resource"], number)
    except NotAuthorized:
        return PlainTextResponse("403 Forbidden: not authorized to download this resource", status_code=403)
    except ActionError:
        return PlainTextResponse("404 Not Found: no such resource", status_code=404)
    if version is None:
        if number is None and resource.get("url") and resource.get("url_type") != "upload":
            return RedirectResponse(resource["url"], status_code=302)  # a linked resource, as CKAN does
        return PlainTextResponse("404 Not Found: no such file version", status_code=404)
    return serve_blob(request, store, version, cache_forever=number is not None)
