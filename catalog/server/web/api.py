"""The Action API over HTTP: CKAN's routes, request parsing, envelope and error statuses."""

from __future__ import annotations

import json
import logging
from functools import partial

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalog.ckanmodel.dataset import for_stock_ckan
from catalog.server.actions import READ_ONLY, Context, call_action, get_action
from catalog.server.blobs import SpooledUpload, UploadedFile, UploadTooLarge
from catalog.server.errors import ActionError, BadRequest, ValidationError
from catalog.server.users import user_for_token

log = logging.getLogger(__name__)
JSON_TYPES = ("application/json", "text/json")

# Read actions hold the GIL nearly all the time: past two threads a process only pays for switching
# between them (at 16 concurrent requests, 40 threads cost package_search 60 % more CPU than two).
# Write actions keep Starlette's pool of 40: one may wait up to 30 s for SQLite's write lock.
READ_THREADS = 2
_read_limiter: RunVar[CapacityLimiter] = RunVar("catalog_read_limiter")  # one per event loop


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


class _BodyTail:
    """Keeps the last bytes of a request body as it streams past: the multipart parser silently drops a
    part that never reached its closing boundary, so the end of the body is checked after parsing."""

    def __init__(self, receive, size: int = 256):
        self._receive, self._size, self.data = receive, size, b""

    async def __call__(self):
        message = await self._receive()
        if message["type"] == "http.request":
            self.data = (self.data + message.get("body", b""))[-self._size:]
        return message


def _check_complete(request: Request, tail: _BodyTail) -> None:
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if content_type == b"multipart/form-data" and boundary and \
            not tail.data.rstrip(b"\r\n\t ").endswith(b"--" + boundary + b"--"):
        raise BadRequest("Bad request - the multipart body ended before its closing boundary")


async def _form(request: Request, store) -> tuple[dict, list[UploadedFile]]:
    limit = int(float(store.settings().get("max_resource_size_mb", "100")) * 1024 * 1024)
    data: dict = {}
    uploads: list[UploadedFile] = []
    tail = _BodyTail(request.receive)
    request = Request(request.scope, tail)
    try:
        async with request.form(max_files=10, max_fields=2000) as form:
            for key, value in form.multi_items():
                if isinstance(value, str):
                    _add(data, key, value)
                    continue
                spool = SpooledUpload(store.upload_dir, value.filename or key, value.content_type, limit)
                try:
                    while chunk := await value.read(1 << 20):
                        spool.write(chunk)
                    uploaded = spool.finish()
                except BaseException as exc:
                    spool.discard()  # the partial file goes
                    if isinstance(exc, UploadTooLarge):
                        raise ValidationError({key: ["File upload too large"]}) from None
                    raise
                uploads.append(uploaded)
                _add(data, key, uploaded)
        _check_complete(request, tail)
    except (HTTPException, FormParserError) as exc:  # a malformed multipart body, found by Starlette or the parser
        _discard(uploads)
        raise BadRequest(f"Bad request - {getattr(exc, 'detail', exc)}") from None
    except BaseException:  # too large, cut off, or the client went away: no half-received file stays
        _discard(uploads)
        raise
    return data, uploads


def _discard(uploads: list[UploadedFile]) -> None:
    for upload in uploads:
        upload.path.unlink(missing_ok=True)


async def action_endpoint(request: Request) -> Response:
    return await _answer(request, None)


async def stock_ckan_action_endpoint(request: Request) -> Response:
    """/stock-ckan/api/3/action/NAME: the read actions, with every dataset as a stock CKAN can store it
    (catalog.ckanmodel.dataset.for_stock_ckan), for such a portal's harvester to copy: ckanext-harvest's
    `ckan` harvester copies package_search results as they are, and a stock CKAN refuses a whole dataset
    for one Thai tag with a vowel or tone mark and drops the GD Catalog fields."""
    return await _answer(request, _for_stock_ckan)


def _for_stock_ckan(name: str, result):
    if name == "package_show":
        return for_stock_ckan(result)
    if name == "package_search":
        return {**result, "results": [for_stock_ckan(pkg) for pkg in result["results"]]}
    return result


async def _answer(request: Request, present) -> Response:
    store = request.app.state.store
    name = request.path_params["name"]
    site_url = store.settings()["site_url"].rstrip("/")
    uploads: list[UploadedFile] = []
    try:
        get_action(name)
        if present is not None and name not in READ_ONLY:
            raise BadRequest(f"Bad request - {name} changes the catalog: call it at {site_url}/api/3/action/{name}")
        if request.method == "GET" and name not in READ_ONLY:
            raise BadRequest("Bad request - JSON Error: Invalid request. Please use POST method for your request")
        data, uploads = await _data_dict(request, store)
        result = await anyio.to_thread.run_sync(partial(_run, store, name, token_of(request), data),
                                                limiter=_read_threads() if name in READ_ONLY else None)
        if present is not None:
            result = present(name, result)
        return envelope(site_url, name, result=result)
    except ActionError as exc:
        return envelope(site_url, name, error=exc.error_dict(), status=exc.status)
    except Exception:  # a bug must still answer CKAN's JSON envelope, as CKAN does
        log.exception("action %s failed", name)
        return envelope(site_url, name, error={"__type": "Internal Server Error", "message": "Internal Server Error"},
                        status=500)
    finally:
        for upload in uploads:  # moved into the blob store if used; otherwise thrown away
            upload.path.unlink(missing_ok=True)


def _read_threads() -> CapacityLimiter:
    try:
        return _read_limiter.get()
    except LookupError:
        _read_limiter.set(CapacityLimiter(READ_THREADS))
        return _read_limiter.get()


def _run(store, name: str, token: str | None, data: dict):
    user = None
    if token:  # an anonymous call (most reads) needs no connection for the lookup
        with store.read() as conn:
            user = user_for_token(conn, token)
    return call_action(name, Context(store=store, user=user), data)


async def api_version(request: Request) -> Response:
    return CatalogJSON({"version": 3})
