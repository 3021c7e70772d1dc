"""The catalog's ASGI application."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Route

from catalog.server.actions import load_actions
from catalog.server.integrity import recover
from catalog.server.store import Store
from catalog.server.web import api, files


def create_app(home: Path | str, store: Store | None = None) -> Starlette:
    load_actions()
    routes = [
        Route("/api/3", api.api_version),
        Route("/api/action/{name}", api.action_endpoint, methods=["GET", "POST"]),
        Route("/api/3/action/{name}", api.action_endpoint, methods=["GET", "POST"]),
        Route("/dataset/{package}/resource/{resource}/download", files.download),
        Route("/dataset/{package}/resource/{resource}/download/{filename}", files.download),
        Route("/dataset/{package}/resource/{resource}/version/{number:int}/{filename}", files.download),
    ]
    app = Starlette(routes=routes)
    app.state.store = store or Store(Path(home))
    recover(app.state.store)  # nothing else writes while the app starts
    return app
