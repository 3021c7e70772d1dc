"""/stock-ckan/api/3/action/...: the catalog's read actions with every dataset as a stock CKAN can store
it, for that portal's harvester (tests/realckan/test_harvest_catalog.py harvests it with a real one)."""

from __future__ import annotations

import json

import ckanapi
import httpx
import pytest

from catalog.ckanmodel import dataset_to_package
from catalog.server.schemas import ckan_default
from tests.server.test_gdc_schema import THAI_TAG_WITH_MARKS, dataset

THAI_TAG_LETTERS_ONLY = "ราคากลาง"  # consonants only: stock CKAN takes it


@pytest.fixture
def ckan(gdc_catalog_server):
    return gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)


@pytest.fixture
def created(ckan):
    org = ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    tags = [{"name": THAI_TAG_WITH_MARKS}, {"name": "procurement"}, {"name": THAI_TAG_LETTERS_ONLY}]
    return ckan.action.package_create(**dataset(org, tags=tags, extras=[{"key": "disclosure", "value": "{}"}]))


def stock_view(server) -> ckanapi.RemoteCKAN:
    return ckanapi.RemoteCKAN(server.url + "/stock-ckan")


def test_package_show_moves_refused_tags_and_gd_catalog_fields_into_extras(gdc_catalog_server, created):
    shown = stock_view(gdc_catalog_server).action.package_show(id=created["name"])
    extras = {e["key"]: e["value"] for e in shown["extras"]}
    assert [t["name"] for t in shown["tags"]] == ["procurement", THAI_TAG_LETTERS_ONLY]
    assert shown["num_tags"] == 2
    assert json.loads(extras["keywords"]) == [t["name"] for t in created["tags"]]
    assert json.loads(extras["objective"]) == created["objective"] and extras["data_type"] == created["data_type"]
    assert "objective" not in shown and "data_type" not in shown
    assert extras["disclosure"] == "{}"
    # every tag now passes stock CKAN's validator, and nothing is lost on the way back to a package
    assert all(not ckan_default.check_tag(t["name"], strict=True) for t in shown["tags"])
    assert dataset_to_package(shown) == dataset_to_package(created)


def test_package_search_results_are_shown_the_same_way(gdc_catalog_server, created):
    view = stock_view(gdc_catalog_server)
    found = view.action.package_search(q="*:*", sort="id asc", rows=100)
    assert found["count"] == 1
    assert found["results"] == [view.action.package_show(id=created["id"])]


def test_the_catalogs_own_api_is_unchanged(ckan, created):
    shown = ckan.action.package_show(id=created["name"])
    assert THAI_TAG_WITH_MARKS in [t["name"] for t in shown["tags"]]
    assert "keywords" not in {e["key"] for e in shown.get("extras", [])}


def test_a_dataset_stock_ckan_takes_as_it_is_is_shown_as_it_is(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    created = ckan.action.package_create(name="air", tags=[{"name": "air"}], extras=[{"key": "k", "value": "v"}])
    assert stock_view(catalog_server).action.package_show(id="air") == ckan.action.package_show(id=created["id"])


def test_the_view_only_reads(gdc_catalog_server):
    answer = httpx.post(gdc_catalog_server.url + "/stock-ckan/api/3/action/package_create",
                        json={"name": "x"}, headers={"Authorization": gdc_catalog_server.sysadmin_token})
    assert answer.status_code == 400 and answer.json()["success"] is False
    assert gdc_catalog_server.ckan().action.package_list() == []
