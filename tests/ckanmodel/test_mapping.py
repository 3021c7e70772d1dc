"""One mapping between a data package and a CKAN dataset: what goes where, and nothing lost on the way back."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from catalog.ckanmodel import dataset_to_package, package_to_dataset
from catalog.packaging.build import build_package

ROOT = Path(__file__).resolve().parents[2]
EGP_SAMPLE = ROOT / "tests" / "thai" / "data" / "egp_contract_fy2568_sample250.csv"
COMMITTED = sorted(ROOT.glob("datapackages/*/*/datapackage.json"))
AGENCY = {"slug": "phuket-pao", "name_th": "องค์การบริหารส่วนจังหวัดภูเก็ต", "maintainer": "กองคลัง",
          "maintainer_email": "opendata@phuket-pao.example.go.th"}


@pytest.fixture(scope="module")
def egp_descriptor(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("egp") / "egp_contract"
    return json.loads(build_package([EGP_SAMPLE], "egp_contract", out, agency=AGENCY).read_text(encoding="utf-8"))


def round_trip(descriptor: dict, **options) -> dict:
    # through JSON, as the dict travels to a CKAN API and back
    dataset = json.loads(json.dumps(package_to_dataset(copy.deepcopy(descriptor), **options)))
    return dataset_to_package(dataset)


def extras_of(dataset: dict) -> dict:
    return {e["key"]: e["value"] for e in dataset.get("extras", [])}


def test_a_freshly_built_package_survives_the_round_trip(egp_descriptor):
    assert round_trip(egp_descriptor) == egp_descriptor


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_every_committed_package_survives_the_round_trip(path):
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    assert round_trip(descriptor) == descriptor


def test_the_committed_packages_are_there_to_test():
    assert COMMITTED, "datapackages/ holds the province's packages; the round trip is tested on each"


def test_package_fields_take_their_ckan_names(egp_descriptor):
    dataset = package_to_dataset(egp_descriptor)
    assert dataset["name"] == "phuket-pao-egp-contract"
    assert dataset["title"] == egp_descriptor["title"]
    assert dataset["notes"] == egp_descriptor["description"]
    assert [t["name"] for t in dataset["tags"]] == egp_descriptor["keywords"]
    assert dataset["maintainer"] == "กองคลัง"
    assert dataset["maintainer_email"] == "opendata@phuket-pao.example.go.th"
    assert dataset["owner_org"] == "phuket-pao"
    # the GD Catalog keeps the licence label as license_id
    assert dataset["license_id"] == "Creative Commons Attributions"
    assert dataset["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "description" not in dataset and "keywords" not in dataset and "licenses" not in dataset


def test_gd_catalog_fields_are_top_level_and_the_rest_are_json_extras(egp_descriptor):
    dataset = package_to_dataset(egp_descriptor)
    assert dataset["data_format"] == ["CSV", "JSON"]
    assert dataset["update_frequency_unit"] == "เดือน"
    assert dataset["data_category"] == "ข้อมูลสาธารณะ"
    extras = extras_of(dataset)
    assert set(extras) == {"disclosure"}
    assert json.loads(extras["disclosure"]) == egp_descriptor["disclosure"]


def test_a_stock_ckan_target_gets_the_gd_catalog_fields_as_extras(egp_descriptor):
    dataset = package_to_dataset(egp_descriptor, dataset_schema="ckan")
    assert "data_format" not in dataset and "update_frequency_unit" not in dataset
    assert dataset["license_id"] == "Creative Commons Attributions"  # a CKAN core field either way
    extras = extras_of(dataset)
    assert json.loads(extras["data_format"]) == ["CSV", "JSON"]
    back = round_trip(egp_descriptor, dataset_schema="ckan")
    # CKAN extras are text: a number comes back as its text, everything else as it was
    assert back["update_frequency_interval"] == "1"
    back["update_frequency_interval"] = egp_descriptor["update_frequency_interval"]
    assert back == egp_descriptor


def test_resource_fields_take_their_ckan_names_and_structures_become_json_text(egp_descriptor):
    [resource] = package_to_dataset(egp_descriptor)["resources"]
    original = egp_descriptor["resources"][0]
    assert resource["name"] == "egp_contract" and resource["title"] == original["title"]
    assert resource["url"] == "data/egp_contract.csv"
    assert resource["size"] == original["bytes"]
    assert resource["mimetype"] == "text/csv"
    assert resource["format"] == "csv" and resource["encoding"] == "utf-8"
    assert resource["hash"].startswith("sha256:") and resource["hash"] == original["hash"]
    for key in ("schema", "provenance", "sources"):
        assert isinstance(resource[key], str)
        assert json.loads(resource[key]) == original[key]
    assert not {"path", "bytes", "mediatype"} & set(resource)


PLAIN = {
    "name": "bangkok-air-quality",
    "id": "https://doi.org/10.5281/zenodo.0000000",
    "title": "Bangkok air quality",
    "version": "1.2.0",
    "description": "Hourly PM2.5",
    "homepage": "https://example.org/air",
    "created": "2025-01-01T00:00:00Z",
    "keywords": ["air", "pm2.5"],
    "licenses": [{"name": "ODC-BY-1.0", "title": "Open Data Commons Attribution License",
                  "path": "https://opendatacommons.org/licenses/by/1-0/"}],
    "contributors": [{"title": "Somchai", "email": "somchai@example.org", "role": "author"},
                     {"title": "Data desk", "email": "desk@example.org", "role": "maintainer"}],
    "sources": [{"title": "Pollution Control Department", "path": "https://example.org/pcd"}],
    "resources": [
        {"name": "stations", "path": "https://example.org/stations.csv", "format": "csv", "bytes": 120,
         "dialect": {"delimiter": ";"}, "schema": {"fields": [{"name": "id", "type": "string"}]}},
        {"name": "readings", "path": ["data/2024.csv", "data/2025.csv"], "format": "csv",
         "hash": "d41d8cd98f00b204e9800998ecf8427e"},
        {"name": "limits", "data": [{"pollutant": "pm2.5", "limit": 37.5}], "format": "json"},
    ],
}


def test_a_plain_frictionless_package_comes_back_exactly():
    assert round_trip(PLAIN) == PLAIN


def test_a_plain_package_maps_onto_ckan_core_fields():
    dataset = package_to_dataset(PLAIN)
    assert dataset["url"] == "https://example.org/air"
    assert dataset["version"] == "1.2.0"
    assert (dataset["author"], dataset["author_email"]) == ("Somchai", "somchai@example.org")
    assert (dataset["maintainer"], dataset["maintainer_email"]) == ("Data desk", "desk@example.org")
    assert (dataset["license_id"], dataset["license_url"]) == ("ODC-BY-1.0",
                                                               "https://opendatacommons.org/licenses/by/1-0/")
    extras = extras_of(dataset)
    # the package id is not CKAN's id (a UUID the catalog picks): it is dct:identifier, as ckanext-dcat has it
    assert extras["identifier"] == PLAIN["id"] and "id" not in dataset
    assert json.loads(extras["sources"]) == PLAIN["sources"]
    assert "licenses" not in extras and "contributors" not in extras  # the core fields said it all
    readings = dataset["resources"][1]
    assert json.loads(readings["url"]) == ["data/2024.csv", "data/2025.csv"]


def test_what_ckan_fields_cannot_hold_travels_as_an_extra():
    descriptor = copy.deepcopy(PLAIN)
    descriptor["licenses"].append({"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"})
    descriptor["contributors"] = [{"title": "Somchai", "role": "author", "organization": "PCD"},
                                  {"title": "Malee", "role": "contributor"}]
    dataset = package_to_dataset(descriptor)
    extras = extras_of(dataset)
    assert json.loads(extras["licenses"]) == descriptor["licenses"]
    assert json.loads(extras["contributors"]) == descriptor["contributors"]
    assert dataset["author"] == "Somchai" and dataset["license_id"] == "ODC-BY-1.0"
    assert round_trip(descriptor) == descriptor


def test_a_dataset_from_a_catalog_becomes_a_clean_package():
    dataset = {
        "id": "0b7c3f7e-6a55-4b55-9d7e-1c1d3c5e6f70", "name": "egp-2568", "title": "e-GP 2568", "type": "dataset",
        "notes": "", "url": "", "version": None, "author": None, "author_email": None, "private": False,
        "state": "active", "metadata_created": "2025-01-01T00:00:00.000000", "num_resources": 3, "num_tags": 1,
        "license_id": "cc-by", "license_title": "Creative Commons Attribution",
        "license_url": "http://www.opendefinition.org/licenses/cc-by", "isopen": True,
        "maintainer": "Data desk", "maintainer_email": None,
        "owner_org": "8b1e4a70-2a1c-4a43-9a59-4b5c0a0f3a11",
        "organization": {"id": "8b1e4a70-2a1c-4a43-9a59-4b5c0a0f3a11", "name": "phuket-pao"},
        "tags": [{"id": "t1", "name": "procurement", "display_name": "procurement"}], "groups": [],
        "extras": [{"key": "spatial_note", "value": "Phuket"}],
        "resources": [
            {"id": "r1", "package_id": "p", "position": 0, "name": "Contracts 2568.csv", "url_type": "upload",
             "url": "https://catalog.example/dataset/p/resource/r1/download/contracts.csv", "format": "CSV",
             "mimetype": "text/csv", "size": "2048", "hash": "sha256:ab", "description": "", "state": "active",
             "schema": '{"fields": [{"name": "id", "type": "integer"}]}', "created": "2025-01-01T00:00:00"},
            {"id": "r2", "name": "datapackage", "url": "https://catalog.example/dataset/p/resource/r2/download/"
                                                      "datapackage.json", "format": "JSON"},
            {"id": "r3", "name": None, "url": "https://example.org/notes.pdf", "format": "PDF"},
        ],
    }
    package = dataset_to_package(dataset, resource_path=lambda r: f"https://permanent.example/{r['id']}")
    assert package == {
        "name": "egp-2568", "title": "e-GP 2568", "keywords": ["procurement"],
        "licenses": [{"name": "cc-by", "title": "Creative Commons Attribution",
                      "path": "http://www.opendefinition.org/licenses/cc-by"}],
        "contributors": [{"title": "Data desk", "role": "maintainer"}],
        "owner_org": "phuket-pao", "spatial_note": "Phuket",
        "resources": [
            # a CKAN name that is no Frictionless name becomes the title, and a slug the name
            {"name": "contracts-2568.csv", "title": "Contracts 2568.csv", "path": "https://permanent.example/r1",
             "format": "csv", "mediatype": "text/csv", "bytes": 2048, "hash": "sha256:ab",
             "schema": {"fields": [{"name": "id", "type": "integer"}]}},
            # the datapackage.json resource is the package itself, not one of its resources
            {"name": "notes.pdf", "title": "notes.pdf", "path": "https://permanent.example/r3", "format": "pdf"},
        ],
    }


def test_an_update_keeps_resource_ids_and_uploads_by_name(egp_descriptor):
    existing = {"id": "d1", "name": "phuket-pao-egp-contract", "resources": [
        {"id": "r-egp", "name": "egp_contract", "url_type": "upload",
         "url": "https://catalog.example/dataset/d1/resource/r-egp/download/egp_contract.csv"},
        {"id": "r-old", "name": "dropped", "url": "https://example.org/old.csv"}]}
    dataset = package_to_dataset(egp_descriptor, existing=existing)
    assert dataset["id"] == "d1"
    [resource] = dataset["resources"]
    assert resource["id"] == "r-egp"
    assert resource["url"] == existing["resources"][0]["url"]
