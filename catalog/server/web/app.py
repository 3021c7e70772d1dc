"""The catalog's ASGI application."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from catalog.server.actions import load_actions
from catalog.server.integrity import open_home
from catalog.server.store import Store
from catalog.server.web import api, citation_files, datapackages, dcat, files, pages
from catalog.server.web.security_headers import SecurityHeaders


def create_app(home: Path | str, store: Store | None = None) -> Starlette:
    load_actions()
    routes = [
        Route("/api/3", api.api_version),
        # {name:path}: a trailing slash is an unknown action, never a redirect (ckanapi does not follow POST ones)
        Route("/api/action/{name:path}", api.action_endpoint, methods=["GET", "POST"]),
        Route("/api/3/action/{name:path}", api.action_endpoint, methods=["GET", "POST"]),
        # the address a stock CKAN's harvester is given (README: "Harvested by a province's CKAN")
        Route("/stock-ckan/api/3", api.api_version),
        Route("/stock-ckan/api/action/{name:path}", api.stock_ckan_action_endpoint, methods=["GET", "POST"]),
        Route("/stock-ckan/api/3/action/{name:path}", api.stock_ckan_action_endpoint, methods=["GET", "POST"]),
        Route("/dataset/{package}/resource/{resource}/download", files.download),
        Route("/dataset/{package}/resource/{resource}/version/{number:int}/{filename}", files.download),
        # the resource's file by name, or a data file named relative to an uploaded datapackage.json
        Route("/dataset/{package}/resource/{resource}/download/{path:path}", datapackages.sibling_file),
        Route("/dataset/{package}/resource/{resource}/schema.json", datapackages.table_schema),
        Route("/dataset/{package}/datapackage.json", datapackages.latest),
        Route("/dataset/{package}/version/{activity_id}/datapackage.json", datapackages.at_version),
        *citation_files.routes(),
        *dcat.routes(),
        *pages.routes(),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
    app.state.store = store or Store(Path(home))
    open_home(app.state.store)
    return app
