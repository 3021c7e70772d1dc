"""Citation downloads: `/dataset/{id}/citation.{csl.json,bib,ris}` for the dataset's current version, and
with `?resource=<id>&version=<n>` for one version of one of its files (without `version`: the latest).

The dataset is cited at its current version's datapackage.json, a permanent URL, as pages cite it.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from catalog.server.actions import Context, call_action
from catalog.server.errors import ActionError, NotAuthorized, NotFound
from catalog.server.users import user_for_token
from catalog.server.versions import datapackage_url
from catalog.server.web.api import token_of
from catalog.server.web.citation import FORMATS, citation_for
from catalog.server.web.files import content_disposition

DEFAULT_SITE_TITLE = "Disclosure Catalog"
_BODIES = {"csl.json": "csl_json", "bib": "bibtex", "ris": "ris"}


def routes() -> list[Route]:
    return [Route(f"/dataset/{{package}}/citation.{suffix}", _download(suffix)) for suffix in FORMATS]


def site_title(store) -> str:
    return store.settings().get("site_title") or DEFAULT_SITE_TITLE


def dataset_citation(context, pkg: dict, latest_activity_id: str | None = None, resource_id: str | None = None,
                     number: int | None = None, versions: list[dict] | None = None) -> dict:
    """citation_for the dataset's current version, or a file version of it (`versions`: the resource's
    resource_version_list, when the caller has it already); NotFound for an unknown resource or version."""
    if latest_activity_id is None:
        trail = call_action("package_activity_list", context, {"id": pkg["id"], "limit": 1})
        latest_activity_id = trail[0]["id"] if trail else None
    site_url = context.site_url
    version_url = datapackage_url(site_url, pkg["id"], latest_activity_id) if latest_activity_id else None
    resource = file_version = None
    if resource_id:
        resource = next((r for r in pkg.get("resources") or [] if r["id"] == resource_id), None)
        if resource is None:
            raise NotFound("Resource was not found.")
        if number is not None:
            if versions is None:
                versions = call_action("resource_version_list", context, {"id": resource_id})
            file_version = next((v for v in versions if v["version"] == number), None)
            if file_version is None:
                raise NotFound("File version was not found.")
    return citation_for(site_url, site_title(context.store), pkg, resource, file_version, version_url=version_url)


def _cite(store, token, package_ref: str, resource_id: str | None, number: int | None) -> dict:
    with store.read() as conn:
        user = user_for_token(conn, token)
    context = Context(store=store, user=user)
    pkg = call_action("package_show", context, {"id": package_ref})
    return dataset_citation(context, pkg, resource_id=resource_id, number=number)


def _download(suffix: str):
    async def download(request: Request) -> Response:
        query = request.query_params
        try:
            number = int(query["version"]) if query.get("version") else None
        except ValueError:
            return PlainTextResponse("400 Bad Request: version must be a file version number", status_code=400)
        try:
            cited = await run_in_threadpool(_cite, request.app.state.store, token_of(request),
                                            request.path_params["package"], query.get("resource") or None, number)
        except (NotFound, NotAuthorized):  # a private dataset is "not found" to those who may not see it
            return PlainTextResponse("404 Not Found: no such dataset, resource or file version", status_code=404)
        except ActionError as exc:
            return PlainTextResponse(str(exc), status_code=exc.status)
        return Response(cited[_BODIES[suffix]].encode("utf-8"), media_type=FORMATS[suffix], headers={
            "content-disposition": content_disposition(f"{cited['filename']}.{suffix}"),
            "cache-control": "no-cache"})

    download.__name__ = f"citation_{suffix.replace('.', '_')}"
    return download
