"""The catalog's home folder: one SQLite file (WAL mode) and a folder of immutable blobs."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Connection, Engine

from catalog.server.store import tables
from catalog.server.store.tables import metadata

DEFAULT_SETTINGS = {
    "site_url": "http://127.0.0.1:8700",
    "site_title": "Disclosure Catalog",
    "dataset_schema": "ckan",  # or "gdc": the GD Catalog (thai_gdc) dataset schema
    "max_resource_size_mb": "100",
    # the province the catalog serves: dct:spatial of every dataset in its DCAT
    "province_th": "ภูเก็ต",
    "province_en": "Phuket",
    # the compliance view's defaults (empty: today in Thailand, and its fiscal year)
    "compliance_as_of": "",
    "compliance_fiscal_year": "",
}

FTS_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS package_fts USING fts5("
           "package_id UNINDEXED, body, tokenize='trigram')")


def now_iso() -> str:
    """CKAN's timestamp layout: naive UTC isoformat (harvesters compare these as strings)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat()


def new_id() -> str:
    return str(uuid.uuid4())


class Store:
    """SQL store of one catalog. Each action runs in one transaction (`with store.begin() as conn`)."""

    def __init__(self, home: Path):
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.blob_dir = self.home / "blobs"
        self.upload_dir = self.home / "uploads"
        self.blob_dir.mkdir(exist_ok=True)
        self.upload_dir.mkdir(exist_ok=True)
        url = f"sqlite:///{self.home / 'catalog.db'}"
        args = {"check_same_thread": False, "timeout": 30}
        # writers take the lock up front (BEGIN IMMEDIATE) so they queue instead of failing mid-way;
        # readers use their own engine and never wait for a writer (WAL)
        self.engine: Engine = create_engine(url, connect_args=args)
        event.listen(self.engine, "connect", _sqlite_pragmas)
        event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        self.read_engine: Engine = create_engine(url, connect_args=args, pool_size=8)
        event.listen(self.read_engine, "connect", _sqlite_pragmas)
        event.listen(self.read_engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        metadata.create_all(self.engine)
        for table in metadata.sorted_tables:  # an older catalog gets the indexes added since it was made
            for index in table.indexes:
                index.create(self.engine, checkfirst=True)
        with self.begin() as conn:
            conn.exec_driver_sql(FTS_DDL)
            present = {row.key for row in conn.execute(select(tables.setting.c.key))}
            for key, value in DEFAULT_SETTINGS.items():
                if key not in present:
                    conn.execute(tables.setting.insert().values(key=key, value=value))
        self._settings_cache: dict | None = None

    @contextmanager
    def begin(self):
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self):
        with self.read_engine.connect() as conn:
            yield conn

    def settings(self) -> dict:
        if self._settings_cache is None:
            with self.read() as conn:
                self._settings_cache = {r.key: r.value for r in conn.execute(select(tables.setting))}
        return dict(self._settings_cache)

    def set_setting(self, key: str, value: str) -> None:
        with self.begin() as conn:
            conn.execute(tables.setting.delete().where(tables.setting.c.key == key))
            conn.execute(tables.setting.insert().values(key=key, value=value))
        self._settings_cache = None

    def blob_path(self, sha256: str) -> Path:
        return self.blob_dir / sha256[:2] / sha256[2:4] / sha256

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed version survives a power cut
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def loads(value: str | None):
    return json.loads(value) if value else None


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["Store", "Connection", "now_iso", "new_id", "loads", "dumps", "tables", "text"]
