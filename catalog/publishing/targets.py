"""Where a package is published: the embedded catalog of a home folder, or a CKAN portal.

`--to` names a CKAN URL or a target of the targets file, TOML at $CATALOG_TARGETS or
~/.config/disclosure-catalog/targets.toml ($XDG_CONFIG_HOME is honoured):

    [targets.phuket]
    url = "https://catalog.phuket.go.th"
    token_env = "PHUKET_CATALOG_TOKEN"   # the variable that holds the API token
    # token = "..."                      # or the token itself (then keep the file chmod 600)
    # dataset_schema = "gdc"             # "gdc" or "ckan"; default: asked from the portal
    # create_organizations = true        # create a missing organization (needs a sysadmin token)

The token is read from the target's `token_env` variable, else its `token`, else $CATALOG_TOKEN, so it
need not appear in shell history. With no `--to`, packages go into the embedded catalog of the home
folder: no server has to run and nothing has to be configured. A local sysadmin `local-publisher` gets a
token for the length of the publish, the catalog is served on a free loopback port in a background
thread, and every write goes through ckanapi as it would to any portal.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import ckanapi

from catalog.errors import CatalogError
from catalog.publishing import failures
from catalog.publishing.uploads import Progress, StreamingSession

PUBLISHER = "local-publisher"
TOKEN_VARIABLE = "CATALOG_TOKEN"
SCHEMAS = ("gdc", "ckan")
# what ckanapi raises when a catalog answers with an error (an unknown action is a bare string: incompatible)
API_ERRORS = (ckanapi.CKANAPIError, ckanapi.ServerIncompatibleError)


class TargetError(CatalogError):
    """A target that cannot be found, read or reached."""


@dataclass
class Target:
    """A catalog to publish to, reached through `ckan` (a ckanapi client)."""

    ckan: ckanapi.RemoteCKAN
    label: str
    dataset_schema: str = "ckan"
    create_organizations: bool = False
    embedded: bool = False
    site_url: str = ""  # the address the catalog writes into its own links
    session: StreamingSession = field(default=None, repr=False)
    file_versions: bool | None = field(default=None, repr=False)  # see keeps_file_versions
    tag_verdicts: dict = field(default_factory=dict, repr=False)  # tag -> accepted (see tags.py)
    extensions: list | None = field(default=None, repr=False)  # the plugins status_show names (None: not asked)

    def fetch_url(self, url: str) -> str:
        """Where to download a file the catalog links to: its own files are fetched from the address we
        talk to (the embedded catalog's links name the address it is served at, not our loopback port)."""
        if self.site_url and url.startswith(self.site_url.rstrip("/") + "/"):
            return self.ckan.address.rstrip("/") + url[len(self.site_url.rstrip("/")):]
        return url


def keeps_file_versions(target: Target) -> bool:
    """Whether the catalog keeps every uploaded file as an immutable version with its own URL.

    The embedded catalog does (resource_version_list); CKAN overwrites an upload in place and answers
    400 "Action name not known", so the publisher keeps the versions in a history dataset (companion.py).
    """
    if target.file_versions is None:
        try:
            target.ckan.action.resource_version_list(id="")
            target.file_versions = True
        except ckanapi.NotFound:
            target.file_versions = True  # the action exists: no such resource
        except (*API_ERRORS, ValueError) as exc:
            if failures.broke_off(exc):  # no answer is not an answer: taken for one, it would make a history dataset
                raise
            target.file_versions = isinstance(exc, (ckanapi.NotAuthorized, ckanapi.ValidationError))
    return target.file_versions


def unique_titles(target: Target) -> bool:
    """Whether the catalog refuses a title another dataset holds: the GD Catalog's thai_gdc plugin does
    (and the embedded catalog with its schema, which names the plugin); stock CKAN and scheming do not."""
    if target.extensions is None:
        try:
            target.extensions = list((target.ckan.action.status_show() or {}).get("extensions") or [])
        except (*API_ERRORS, ValueError) as exc:
            if failures.broke_off(exc):
                raise
            target.extensions = []
    return "thai_gdc" in target.extensions


def targets_file() -> Path:
    if os.environ.get("CATALOG_TARGETS"):
        return Path(os.environ["CATALOG_TARGETS"])
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "disclosure-catalog" / "targets.toml"


def read_targets(path: Path | None = None) -> dict[str, dict]:
    """The targets of a targets file ({} when there is no file)."""
    path = path or targets_file()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TargetError(f"not valid TOML ({exc})", f"ไม่ใช่ TOML ที่ถูกต้อง ({exc})", file=path) from None
    targets = data.get("targets", {})
    for name, settings in targets.items():
        if not isinstance(settings, dict) or not isinstance(settings.get("url"), str):
            raise TargetError(f"target '{name}' needs a url", f"เป้าหมาย '{name}' ต้องมี url", file=path)
        if settings.get("dataset_schema") not in (None, *SCHEMAS):
            raise TargetError(f"target '{name}': dataset_schema is 'gdc' or 'ckan'",
                              f"เป้าหมาย '{name}': dataset_schema ต้องเป็น 'gdc' หรือ 'ckan'", file=path)
    return targets


def _is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https") and bool(urlsplit(text).netloc)


def target_settings(to: str, path: Path | None = None) -> dict:
    """The settings `--to` stands for: a configured target by name, or a URL (with the settings of the
    configured target of that URL, if there is one)."""
    path = path or targets_file()
    targets = read_targets(path)
    if to in targets:
        return {"label": to, **targets[to]}
    if _is_url(to):
        for name, settings in targets.items():
            if settings["url"].rstrip("/") == to.rstrip("/"):
                return {"label": name, **settings}
        return {"label": to, "url": to}
    raise TargetError(f"'{to}' is neither a URL nor a target of {path}",
                      f"'{to}' ไม่ใช่ URL และไม่ใช่เป้าหมายใน {path}")


def token_for(settings: dict) -> str | None:
    variable = settings.get("token_env")
    if variable and os.environ.get(variable):
        return os.environ[variable]
    return settings.get("token") or os.environ.get(TOKEN_VARIABLE) or None


def detect_dataset_schema(ckan: ckanapi.RemoteCKAN) -> str:
    """"gdc" when the portal's dataset schema is the GD Catalog's, else "ckan"."""
    try:
        status = ckan.action.status_show()
        if status.get("dataset_schema") in SCHEMAS:  # the embedded catalog says so
            return status["dataset_schema"]
        schema = ckan.action.scheming_dataset_schema_show(type="dataset")  # ckanext-scheming portals
    except (*API_ERRORS, ValueError):
        return "ckan"
    names = {f.get("field_name") for f in (schema or {}).get("dataset_fields", []) if isinstance(f, dict)}
    return "gdc" if "data_category" in names else "ckan"


def _site_url(ckan: ckanapi.RemoteCKAN) -> str:
    try:
        return (ckan.action.status_show() or {}).get("site_url") or ckan.address
    except (*API_ERRORS, ValueError):
        return ckan.address


@contextmanager
def remote_target(to: str, *, targets: Path | None = None, progress: Progress | None = None) -> Iterator[Target]:
    settings = target_settings(to, targets)
    session = StreamingSession(progress)
    ckan = ckanapi.RemoteCKAN(settings["url"].rstrip("/"), apikey=token_for(settings), session=session,
                              user_agent="disclosure-catalog-publish")
    try:
        try:
            status = ckan.action.status_show() or {}  # every CKAN answers it (2.12 has no site_read)
        except Exception as exc:  # unreachable, or not a CKAN
            raise TargetError(f"cannot reach a CKAN API at {ckan.address} ({type(exc).__name__})",
                              f"ติดต่อ CKAN API ที่ {ckan.address} ไม่ได้ ({type(exc).__name__})") from None
        target = Target(ckan, settings["label"], settings.get("dataset_schema") or detect_dataset_schema(ckan),
                        bool(settings.get("create_organizations", False)), False, _site_url(ckan), session)
        target.extensions = list(status.get("extensions") or []) if isinstance(status, dict) else []
        yield target
    finally:
        ckan.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _publisher_token(store) -> tuple[str, str]:
    """(token id, token) of the local publisher, a sysadmin created on first use."""
    from sqlalchemy import select

    from catalog.server.store import tables
    from catalog.server.users import create_token, create_user

    with store.begin() as conn:
        row = conn.execute(select(tables.user.c.sysadmin).where(tables.user.c.name == PUBLISHER)).first()
        if row is None:
            create_user(conn, PUBLISHER, sysadmin=True, fullname="catalog publish")
        elif not row.sysadmin:
            raise TargetError(f"the user {PUBLISHER} exists but is not a sysadmin",
                              f"ผู้ใช้ {PUBLISHER} มีอยู่แล้วแต่ไม่ใช่ผู้ดูแลระบบ")
        return create_token(conn, PUBLISHER, "catalog publish")


@contextmanager
def embedded_target(home: Path | str, *, progress: Progress | None = None, dry_run: bool = False) -> Iterator[Target]:
    """The embedded catalog of `home`, served on a free loopback port while the block runs.

    A new home gets the GD Catalog dataset schema, which Thai disclosure packages are made for (stock
    CKAN's tag rule refuses Thai vowel and tone marks); an existing home keeps its setting. A dry run
    against a home that does not exist yet plans against an empty catalog and leaves no home behind.
    """
    if dry_run and not (Path(home) / "catalog.db").exists():
        with tempfile.TemporaryDirectory(prefix="catalog-dry-run-") as scratch:
            with embedded_target(Path(scratch) / "home", progress=progress) as target:
                target.label = str(home)
                yield target
        return
    import uvicorn

    from catalog.server.store import Store
    from catalog.server.users import revoke_token
    from catalog.server.web.app import create_app

    home = Path(home)
    new_home = not (home / "catalog.db").exists()
    store = Store(home)
    if new_home:
        store.set_setting("dataset_schema", "gdc")
    token_id, token = _publisher_token(store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(home, store), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="embedded-catalog", daemon=True)
    thread.start()
    session = StreamingSession(progress)
    ckan = ckanapi.RemoteCKAN(f"http://127.0.0.1:{port}", apikey=token, session=session,
                              user_agent="disclosure-catalog-publish")
    try:
        _wait_until_serving(ckan, thread)
        settings = store.settings()
        yield Target(ckan, str(home), settings.get("dataset_schema", "ckan"), True, True,
                     settings["site_url"].rstrip("/"), session)
    finally:
        ckan.close()
        server.should_exit = True
        thread.join(timeout=10)
        with store.begin() as conn:
            revoke_token(conn, token_id)  # the token lived for this publish only
        store.dispose()


def _wait_until_serving(ckan: ckanapi.RemoteCKAN, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and thread.is_alive():
        try:
            ckan.action.site_read()
            return
        except Exception:
            time.sleep(0.02)
    raise TargetError("the embedded catalog did not start", "แคตตาล็อกในเครื่องไม่เริ่มทำงาน")


@contextmanager
def open_target(to: str | None, *, home: Path | str, targets: Path | None = None,
                progress: Progress | None = None, dry_run: bool = False) -> Iterator[Target]:
    """`--to` as given, or the embedded catalog of `home` when there is none."""
    if to:
        with remote_target(to, targets=targets, progress=progress) as target:
            yield target
    else:
        with embedded_target(home, progress=progress, dry_run=dry_run) as target:
            yield target

