"""The Action API over HTTP: CKAN's routes, request parsing, envelope and error statuses."""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalog.server.actions import READ_ONLY, Context, call_action, get_action
from catalog.server.blobs import SpooledUpload, UploadedFile, UploadTooLarge
from catalog.server.errors import ActionError, BadRequest, ValidationError
from catalog.server.users import user_for_token

JSON_TYPES = ("application/json", "text/json")


class CatalogJSON(JSONResponse):
    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def envelope(site_url: str, name: str, *, result=None, error=None, status: int = 200) -> Response:
    body = {"help": f"{site_url}/api/3/action/help_show?name={name}"}
    if error is None:
        body.update(success=True, result=result)
    else:
        body.update(success=False, error=error)
    return CatalogJSON(body, status_code=status)


def token_of(request: Request) -> str | None:
    return request.headers.get("authorization") or request.headers.get("x-ckan-api-key")


async def _data_dict(request: Request, store) -> tuple[dict, list[UploadedFile]]:
    """The action's input: query string for GET, else the JSON body, form or multipart parts."""
    if request.method == "GET":
        data: dict = {}
        for key, value in request.query_params.multi_items():
            _add(data, key, value)
        return data, []
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return await _form(request, store)
    body = await request.body()
    if not body.strip():
        return {}, []
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadRequest("Bad request - JSON Error: could not decode the request body") from None
    if not isinstance(data, dict):
        raise BadRequest("Bad request - JSON Error: Request data JSON decoded to "
                         f"{type(data).__name__} but it needs to be a dictionary.")
    return data, []


def _add(data: dict, key: str, value) -> None:
    if key in data:  # a repeated key becomes a list, as CKAN's request parsing does
        data[key] = data[key] + [value] if isinstance(data[key], list) else [data[key], value]
    else:
        data[key] = value


async def _form(request: Request, store) -> tuple[dict, list[UploadedFile]]:
    limit = int(float(store.settings().get("max_resource_size_mb", "100")) * 1024 * 1024)
    data: dict = {}
    uploads: list[UploadedFile] = []
    async with request.form(max_files=10, max_fields=2000) as form:
        for key, value in form.multi_items():
            if isinstance(value, str):
                _add(data, key, value)
                continue
            spool = SpooledUpload(store.upload_dir, value.filename or key, value.content_type, limit)
            try:
                while chunk := await value.read(1 << 20):
                    spool.write(chunk)
            except UploadTooLarge:
                spool.discard()
                for done in uploads:
                    done.path.unlink(missing_ok=True)
                raise ValidationError({key: ["File upload too large"]}) from None
            uploaded = spool.finish()
            uploads.append(uploaded)
            _add(data, key, uploaded)
    return data, uploads


async def action_endpoint(request: Request) -> Response:
    store = request.app.state.store
    name = request.path_params["name"]
    site_url = store.settings()["site_url"].rstrip("/")
    uploads: list[UploadedFile] = []
    try:
        get_action(name)
        if request.method == "GET" and name not in READ_ONLY:
            raise BadRequest(f"Bad request - JSON Error: Invalid request. Please use POST method for your action")
        data, uploads = await _data_dict(request, store)
        result = await run_in_threadpool(_run, store, name, token_of(request), data)
        return envelope(site_url, name, result=result)
    except ActionError as exc:
        return envelope(site_url, name, error=exc.error_dict(), status=exc.status)
    finally:
        for upload in uploads:  # moved into the blob store if used; otherwise thrown away
            upload.path.unlink(missing_ok=True)


def _run(store, name: str, token: str | None, data: dict):
    with store.read() as conn:
        user = user_for_token(conn, token)
    return call_action(name, Context(store=store, user=user), data)


async def api_version(request: Request) -> Response:
    return CatalogJSON({"version": 3})
