"""DCAT endpoints in ckanext-dcat's URLs: /catalog.{ttl,rdf,xml,jsonld,n3} and /dataset/{id}.{suffix}, and
the RDF a dataset page answers when asked for it by Accept (content negotiation). The same under
/stock-ckan, for a stock CKAN's dcat_rdf harvester: every dataset as such a portal can store it."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from catalog.dcat.formats import FORMATS, negotiate
from catalog.server.actions import Context, call_action
from catalog.server.errors import ActionError, NotAuthorized


def routes() -> list[Route]:
    return [
        Route("/catalog.{suffix:str}", catalog_document),
        Route("/dataset/{name:ckan_name}.{suffix:str}", dataset_document),
        Route("/stock-ckan/catalog.{suffix:str}", catalog_document),
        Route("/stock-ckan/dataset/{name:ckan_name}.{suffix:str}", dataset_document),
    ]


def _stock_ckan(request: Request) -> dict:
    return {"stock_ckan": True} if request.url.path.startswith("/stock-ckan/") else {}


async def catalog_document(request: Request) -> Response:
    data = {key: request.query_params.get(key) for key in ("page", "modified_since", "q", "fq", "profiles")}
    return await _answer(request, "dcat_catalog_show", {**data, **_stock_ckan(request)},
                         request.path_params["suffix"])


async def dataset_document(request: Request) -> Response:
    return await _answer(request, "dcat_dataset_show", {"id": request.path_params["name"], **_stock_ckan(request)},
                         request.path_params["suffix"])


async def negotiated(request: Request, name: str) -> Response | None:
    """The dataset's RDF when the Accept header prefers it to HTML, else None (the page is served)."""
    suffix = negotiate(request.headers.get("accept"))
    if suffix is None:
        return None
    return await _answer(request, "dcat_dataset_show", {"id": name}, suffix)


async def _answer(request: Request, action: str, data: dict, suffix: str) -> Response:
    if suffix not in FORMATS:
        return PlainTextResponse("Not found", status_code=404)
    context = Context(store=request.app.state.store, user=None)
    data = {key: value for key, value in data.items() if value is not None}
    try:
        body = await run_in_threadpool(call_action, action, context, {**data, "_format": suffix})
    except NotAuthorized:  # a private dataset is "not found" to those who may not see it, as on its page
        return PlainTextResponse("Not found", status_code=404)
    except ActionError as exc:
        return PlainTextResponse(str(exc), status_code=exc.status)
    return Response(body, media_type=FORMATS[suffix].media_type, headers={"Vary": "Accept"})
