"""A catalog that misbehaves on purpose, served over real HTTP on 127.0.0.1: what a harvester meets in the
wild. It answers CKAN's package_search and organization_show from a list of dataset dicts, and can be told
to answer HTML, repeat its first page, answer slowly, serve malformed RDF, or serve files whose bytes do
not match the hash it gives."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class Behaviour:
    datasets: list[dict] = field(default_factory=list)
    html: bool = False  # every API answer is an HTML page
    repeat_pages: bool = False  # every package_search page is the first one
    delay: float = 0.0  # seconds before each answer
    rdf: bytes | None = None  # served at /catalog.ttl
    files: dict[str, bytes] = field(default_factory=dict)  # path -> bytes, served as they are


class BadSource:
    def __init__(self):
        self.behaviour = Behaviour()
        behaviour = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                behaviour._answer(self)

            do_HEAD = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        b = self.behaviour
        if b.delay:
            time.sleep(b.delay)
        parsed = urlparse(handler.path)
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        if parsed.path in b.files:
            return _send(handler, 200, b.files[parsed.path], "application/octet-stream")
        if parsed.path == "/catalog.ttl" and b.rdf is not None:
            return _send(handler, 200, b.rdf, "text/turtle")
        if b.html:
            return _send(handler, 200, b"<!doctype html><html><body><h1>Welcome to our portal</h1></body></html>",
                         "text/html")
        if parsed.path.endswith("/action/package_search"):
            rows, start = int(query.get("rows", 10)), int(query.get("start", 0))
            if b.repeat_pages:
                start = 0
            page = b.datasets[start:start + rows]
            if query.get("fl") == "id":
                page = [{"id": d.get("id")} for d in page]
            return _json(handler, {"count": len(b.datasets), "results": page})
        if parsed.path.endswith("/action/organization_show"):
            return _json(handler, {"name": query.get("id"), "title": query.get("id")})
        if parsed.path.endswith("/action/resource_version_list"):
            return _send(handler, 400, json.dumps({"success": False, "error": {
                "__type": "Validation Error", "message": "no such action"}}).encode(), "application/json")
        return _send(handler, 404, b"not found", "text/plain")


def _json(handler, result) -> None:
    _send(handler, 200, json.dumps({"success": True, "result": result}, ensure_ascii=False).encode("utf-8"),
          "application/json")


def _send(handler, status: int, body: bytes, media: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", media)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def dataset(number: int, **extra) -> dict:
    """A plain CKAN dataset dict as a source would give it."""
    return {"id": f"00000000-0000-4000-8000-{number:012d}", "name": f"remote-{number}", "title": f"Remote {number}",
            "notes": "", "metadata_modified": "2025-01-01T00:00:00.000000", "tags": [{"name": "open data"}],
            "extras": [], "resources": [], **extra}
