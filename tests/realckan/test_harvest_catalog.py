"""A real, stock ckanext-harvest 1.6.3 on a real CKAN 2.12 harvests the embedded catalog (`catalog serve`).

The catalog speaks the GD Catalog dataset schema, as `scripts/run` makes it, and holds committed packages
of datapackages/ under names and organizations of their own (a random suffix: the portal keeps its data
between runs). The `ckan` harvester copies package_search results as they are: at the catalog's own API
every dataset is refused for its Thai tags with vowel or tone marks; at `/stock-ckan` (the address the
README gives provinces) every dataset arrives with every keyword, GD Catalog field and organization, and
a dataset changed at the catalog is updated by the next run. `scripts/realckan harvest` runs each job to
the end with no queue consumers; a `dcat_rdf` source shows it also carries updates and deletions.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalog.ckanmodel import dataset_to_package
from catalog.ckanmodel.tags import stock_ckan_refuses
from catalog.publishing import apply_plan, plan_publish
from tests.publishing.conftest import copy_package, read_descriptor, target_of, write_descriptor
from tests.server.conftest import CatalogServer, start_server

pytestmark = pytest.mark.realckan

# both agencies, and packages whose keywords stock CKAN partly takes and partly refuses
PACKAGES = ("phuket-pao/satisfaction_surveys", "phuket-pao/egp_contract", "phuket-city/service_standards",
            "phuket-city/procurement_plan")
# the harvest source configuration the README gives: keep the agencies as organizations
SOURCE_CONFIG = {"remote_orgs": "create"}


@dataclass
class Catalog:
    server: CatalogServer
    packages: list[Path]

    def publish(self, package: Path) -> None:
        target = target_of(self.server)
        result = apply_plan(target, plan_publish(target, package))
        assert result.dataset["name"] == read_descriptor(package)["name"]

    def datasets(self) -> list[dict]:
        ckan = self.server.ckan()
        return [ckan.action.package_show(id=name) for name in ckan.action.package_list()]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    suffix = uuid.uuid4().hex[:8]
    folder = tmp_path_factory.mktemp("harvested")
    server = start_server(folder / "home", dataset_schema="gdc")
    packages = []
    for relative in PACKAGES:
        package = copy_package(relative, folder / "packages")
        descriptor = read_descriptor(package)
        descriptor["name"] = f"{descriptor['name']}-{suffix}"
        descriptor["owner_org"] = f"{descriptor['owner_org']}-{suffix}"
        write_descriptor(package, descriptor)
        packages.append(package)
    published = Catalog(server, packages)
    for package in packages:
        published.publish(package)
    yield published
    server.stop()


@pytest.fixture(scope="module")
def portal(realckan_harvest):
    return realckan_harvest.client()


@pytest.fixture(scope="module")
def make_source(portal):
    """harvest_source_create on the portal; every source made is deleted with its datasets and purged at
    the end (a deleted source still holds its URL and configuration against a new one)."""
    made = []
    org = portal.action.organization_create(name=f"harvest-{uuid.uuid4().hex[:8]}")

    def make(url: str, config: dict | None, source_type: str = "ckan") -> dict:
        source = portal.action.harvest_source_create(
            name=f"catalog-{uuid.uuid4().hex[:8]}", title="Disclosure Catalog", url=url, source_type=source_type,
            owner_org=org["name"], config=json.dumps(config) if config is not None else None)
        made.append(source["id"])
        return source

    yield make
    for source_id in made:
        portal.action.harvest_source_delete(id=source_id, clear=True)
        portal.action.dataset_purge(id=source_id)


@pytest.fixture(scope="module")
def harvested(catalog, make_source, realckan_harvest):
    """A source at the catalog's /stock-ckan address and the report of its first harvest job."""
    source = make_source(catalog.server.url + "/stock-ckan", SOURCE_CONFIG)
    return source, realckan_harvest.harvest(source["name"])


def test_at_the_catalogs_own_api_a_stock_harvester_imports_nothing(catalog, make_source, realckan_harvest):
    source = make_source(catalog.server.url, None)
    report = realckan_harvest.harvest(source["name"])
    assert report["status"] == "Finished" and report["gathered"] == len(PACKAGES)
    assert report["stats"]["errored"] == len(PACKAGES) and report["stats"]["added"] == 0
    for errors in report["object_errors"].values():
        assert "can only contain alphanumeric characters" in " ".join(errors)


def test_at_stock_ckan_every_dataset_arrives_with_every_keyword_and_field(catalog, portal, harvested):
    _, report = harvested
    assert report["status"] == "Finished" and not report["gather_errors"], report
    assert report["stats"]["added"] == len(PACKAGES) and report["stats"]["errored"] == 0, report
    refused_somewhere = False
    for dataset in catalog.datasets():
        copy = portal.action.package_show(id=dataset["id"])
        assert copy["name"] == dataset["name"]
        assert copy["organization"]["name"] == dataset["organization"]["name"]  # remote_orgs: create
        keywords = [t["name"] for t in dataset["tags"]]
        refused = [k for k in keywords if stock_ckan_refuses(k)]
        refused_somewhere |= bool(refused)
        assert [t["name"] for t in copy["tags"]] == [k for k in keywords if k not in refused]
        extras = {e["key"]: e["value"] for e in copy["extras"]}
        if refused:
            assert json.loads(extras["keywords"]) == keywords
        # the package read back from the portal's copy is the catalog's, GD Catalog fields included
        original, back = dataset_to_package(dataset), dataset_to_package(copy)
        for key, value in original.items():
            if key != "resources":
                assert back.get(key) == value, key
        assert [(r["name"], r["url"]) for r in copy["resources"]] == \
            [(r["name"], r["url"]) for r in dataset["resources"]]
    assert refused_somewhere  # the Thai tags stock CKAN refuses were there to lose


def test_a_dataset_changed_at_the_catalog_is_updated_by_the_next_run(catalog, portal, harvested, realckan_harvest):
    source, _ = harvested
    package = catalog.packages[0]
    descriptor = read_descriptor(package)
    descriptor["title"] += " (ฉบับปรับปรุง)"
    write_descriptor(package, descriptor)
    catalog.publish(package)
    report = realckan_harvest.harvest(source["name"])
    assert report["status"] == "Finished" and report["stats"]["errored"] == 0, report
    assert report["stats"]["updated"] == 1 and report["stats"]["added"] == 0, report
    assert portal.action.package_show(id=descriptor["name"])["title"] == descriptor["title"]


def dcat_catalog(titles: dict[str, str]) -> str:
    """A DCAT catalog in Turtle: one dataset per identifier, with an English keyword stock CKAN takes."""
    lines = ["@prefix dcat: <http://www.w3.org/ns/dcat#> .", "@prefix dct: <http://purl.org/dc/terms/> .",
             "<http://catalog.invalid/> a dcat:Catalog ; dcat:dataset "
             + ", ".join(f"<http://catalog.invalid/dataset/{key}>" for key in titles) + " ."]
    lines += [f'<http://catalog.invalid/dataset/{key}> a dcat:Dataset ; dct:identifier "{key}" ; '
              f'dct:title "{title}" ; dcat:keyword "open data" .' for key, title in titles.items()]
    return "\n".join(lines) + "\n"


def test_the_dcat_rdf_harvester_updates_and_deletes_on_later_runs(tmp_path, portal, make_source, realckan_harvest):
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        keys = [uuid.uuid4().hex[:8] for _ in range(2)]
        (served / "catalog.ttl").write_text(dcat_catalog({k: f"ชุดข้อมูล {k}" for k in keys}), encoding="utf-8")
        source = make_source(f"http://127.0.0.1:{httpd.server_port}/catalog.ttl", {"rdf_format": "text/turtle"},
                             "dcat_rdf")
        first = realckan_harvest.harvest(source["name"])
        assert first["stats"]["added"] == 2 and first["stats"]["errored"] == 0, first
        (served / "catalog.ttl").write_text(dcat_catalog({keys[0]: f"ชุดข้อมูล {keys[0]} v2"}), encoding="utf-8")
        second = realckan_harvest.harvest(source["name"])
        assert second["stats"]["updated"] == 1 and second["stats"]["deleted"] == 1, second
        found = portal.action.package_search(fq=f"harvest_source_id:{source['id']}", rows=10)["results"]
        assert [d["title"] for d in found] == [f"ชุดข้อมูล {keys[0]} v2"]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_dcat_rdf_harvester_takes_the_catalog_at_stock_ckan_and_follows_changes_and_deletions(
        catalog, portal, make_source, realckan_harvest):
    """ckanext-dcat's dcat_rdf harvester on /stock-ckan/catalog.ttl of the running catalog (last in this
    module: it deletes a dataset of the catalog)."""
    source = make_source(catalog.server.url + "/stock-ckan/catalog.ttl", {"rdf_format": "text/turtle"}, "dcat_rdf")

    def harvested_titles() -> dict[str, str]:
        found = portal.action.package_search(fq=f"harvest_source_id:{source['id']}", rows=100)["results"]
        return {next(e["value"] for e in d["extras"] if e["key"] == "identifier"): d["title"] for d in found}

    first = realckan_harvest.harvest(source["name"])
    assert first["status"] == "Finished" and not first["gather_errors"], first
    assert first["stats"]["added"] == len(PACKAGES) and first["stats"]["errored"] == 0, first
    assert harvested_titles() == {d["id"]: d["title"] for d in catalog.datasets()}

    changed, gone = catalog.packages[1], read_descriptor(catalog.packages[3])["name"]
    descriptor = read_descriptor(changed)
    descriptor["title"] += " (ปรับปรุงแล้ว)"
    write_descriptor(changed, descriptor)
    catalog.publish(changed)
    catalog.server.ckan(catalog.server.sysadmin_token).action.package_delete(id=gone)

    second = realckan_harvest.harvest(source["name"])
    assert second["status"] == "Finished" and second["stats"]["errored"] == 0, second
    assert second["stats"]["deleted"] == 1, second  # the harvester updates every dataset it still finds
    assert harvested_titles() == {d["id"]: d["title"] for d in catalog.datasets()}
    assert descriptor["title"] in harvested_titles().values()
