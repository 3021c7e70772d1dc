"""A real catalog server on 127.0.0.1 for the tests, talked to with the real ckanapi client."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import ckanapi
import httpx
import pytest
import uvicorn

from catalog.server.store import Store
from catalog.server.users import create_token, create_user
from catalog.server.web.app import create_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class CatalogServer:
    url: str
    home: Path
    store: Store
    sysadmin_token: str
    _server: uvicorn.Server = field(repr=False, default=None)
    _thread: threading.Thread = field(repr=False, default=None)

    def make_user(self, name: str, sysadmin: bool = False) -> str:
        """Create a user and return a fresh API token for it."""
        with self.store.begin() as conn:
            create_user(conn, name, sysadmin=sysadmin)
            return create_token(conn, name)[1]

    def ckan(self, token: str | None = None) -> ckanapi.RemoteCKAN:
        return ckanapi.RemoteCKAN(self.url, apikey=token)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self.store.dispose()


def start_server(home: Path, **settings: str) -> CatalogServer:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    store = Store(home)
    store.set_setting("site_url", url)
    for key, value in settings.items():
        store.set_setting(key, value)
    with store.begin() as conn:
        create_user(conn, "admin", sysadmin=True)
        token = create_token(conn, "admin")[1]
    config = uvicorn.Config(create_app(home, store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/3", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    else:
        raise RuntimeError("the catalog server did not start")
    return CatalogServer(url, home, store, token, server, thread)


@pytest.fixture
def catalog_server(tmp_path):
    server = start_server(tmp_path / "home")
    yield server
    server.stop()


@pytest.fixture
def gdc_catalog_server(tmp_path):
    """A catalog whose dataset schema is the GD Catalog's."""
    server = start_server(tmp_path / "home", dataset_schema="gdc")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def module_catalog_server(tmp_path_factory):
    """One catalog for a whole test module: for long tables of cases that each make their own datasets."""
    server = start_server(tmp_path_factory.mktemp("catalog") / "home")
    yield server
    server.stop()


def run_catalog_cli(*args: str) -> subprocess.CompletedProcess:
    """Run the real `catalog` command line in its own process, e.g. ("admin", "check", "--home", home)."""
    return subprocess.run([sys.executable, "-m", "catalog.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=60)


ROOT = Path(__file__).resolve().parents[2]


def publish_package(server: CatalogServer, package: Path) -> None:
    """The real `catalog publish` of a package to a running catalog, as the sysadmin (its agency must exist)."""
    done = subprocess.run([sys.executable, "-m", "catalog.cli", "publish", str(package), "--to", server.url],
                          capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(server.home),
                               "XDG_CONFIG_HOME": str(server.home / "config"), "CATALOG_TOKEN": server.sysadmin_token})
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="session")
def catalog_cli():
    return run_catalog_cli


@pytest.fixture
def start_catalog(tmp_path):
    """Start further catalogs in one test (e.g. to copy one into another): start_catalog("name", **settings)."""
    servers: list[CatalogServer] = []

    def start(name: str, **settings: str) -> CatalogServer:
        servers.append(start_server(tmp_path / name, **settings))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
