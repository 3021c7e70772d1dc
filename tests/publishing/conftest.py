"""Packages to publish, and the real catalog servers of tests/server to publish them to."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from catalog.publishing.targets import Target
from catalog.publishing.uploads import StreamingSession
from tests.server.conftest import catalog_server, gdc_catalog_server  # noqa: F401 (fixtures used here)

ROOT = Path(__file__).resolve().parents[2]
DATAPACKAGES = ROOT / "datapackages"
COMMITTED = sorted(p.parent for p in DATAPACKAGES.glob("*/*/datapackage.json"))


def copy_package(relative: str, to: Path) -> Path:
    """A committed package copied beside an agency.json, as `catalog build-all` lays them out."""
    source = DATAPACKAGES / relative
    agency = to / source.parent.name
    agency.mkdir(parents=True, exist_ok=True)
    shutil.copy(source.parent / "agency.json", agency / "agency.json")
    return Path(shutil.copytree(source, agency / source.name))


def read_descriptor(package: Path) -> dict:
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))


def write_descriptor(package: Path, descriptor: dict) -> None:
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")


def edit_table(package: Path, resource_name: str, edit: Callable[[list[dict]], list[dict]]) -> None:
    """Change a table's rows as an officer's correction would, keeping the descriptor's hash and bytes true."""
    descriptor = read_descriptor(package)
    resource = next(r for r in descriptor["resources"] if r["name"] == resource_name)
    path = package / resource["path"]
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        header, rows = reader.fieldnames, edit(list(reader))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8")
    path.write_bytes(data)
    resource["hash"], resource["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    write_descriptor(package, descriptor)


def target_of(server, *, create_organizations: bool = True, token: str | None = None) -> Target:
    """The catalog of a test server as the publisher sees a configured target."""
    session = StreamingSession()
    ckan = server.ckan(token or server.sysadmin_token)
    ckan.session = session
    schema = server.store.settings()["dataset_schema"]
    return Target(ckan, server.url, schema, create_organizations, site_url=server.url, session=session)


def small_package(folder: Path, rows: list[tuple[str, str, str]], *, name: str | None = None) -> Path:
    """A plain Frictionless package (English keywords, no GD Catalog fields): one table keyed by station_id."""
    name = name or folder.name
    (folder / "data").mkdir(parents=True)
    path = folder / "data" / "stations.csv"
    path.write_text("station_id,name,pm25\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows), encoding="utf-8")
    data = path.read_bytes()
    write_descriptor(folder, {
        "name": name, "title": "Bangkok air quality", "keywords": ["air", "pm2.5"], "owner_org": "demo",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [{
            "name": "stations", "path": "data/stations.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "bytes": len(data),
            "schema": {"fields": [{"name": "station_id", "type": "integer"}, {"name": "name", "type": "string"},
                                  {"name": "pm25", "type": "number"}], "primaryKey": ["station_id"]}}]})
    return folder


@pytest.fixture
def egp_package(tmp_path) -> Path:
    """phuket-pao's e-GP contracts: one table keyed by record_id."""
    return copy_package("phuket-pao/egp_contract", tmp_path / "packages")


@pytest.fixture
def agency_package(tmp_path) -> Path:
    """phuket-pao's agency package: three tables and three PDF documents."""
    return copy_package("phuket-pao/agency", tmp_path / "packages")


@pytest.fixture
def gdc_target(gdc_catalog_server) -> Target:
    return target_of(gdc_catalog_server)
