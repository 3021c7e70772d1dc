"""Our datastore_search and datastore_search_sql against a real CKAN 2.12 DataStore holding the same rows:
the same ckanapi calls answer in the same shapes, with the same fields, types, records and totals.

The rows are phuket-city's monthly procurement, published to our catalog by the real `catalog publish`;
the real CKAN's DataStore gets them through its own datastore_create, with the types and data dictionary
our datastore_info reports. Known and kept differences: our `q` matches substrings (Thai has no spaces
between words; PostgreSQL's full text search stems English words), our results carry the file `version`
they were read from, and CKAN's echo of its parsed `filterops` is internal and not copied.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import ckanapi
import pytest

from tests.server.conftest import publish_package, start_server

pytestmark = pytest.mark.realckan
ROOT = Path(__file__).resolve().parents[2]
PROCUREMENT = ROOT / "datapackages" / "phuket-city" / "procurement_monthly"
OURS_ONLY = {"version"}
CKANS_ONLY = {"filterops"}


@pytest.fixture(scope="module")
def both(realckan, tmp_path_factory):
    home = tmp_path_factory.mktemp("ours")
    server = start_server(home)
    server.ckan(server.sysadmin_token).action.organization_create(name="phuket-city", title="เทศบาลนครภูเก็ต")
    publish_package(server, PROCUREMENT)
    ours = server.ckan()
    pkg = ours.action.package_show(id="phuket-city-procurement-monthly-2568")
    ours_id = next(r["id"] for r in pkg["resources"] if r["name"] == "procurement_monthly")
    info = ours.action.datastore_info(id=ours_id)
    rows = ours.action.datastore_search(resource_id=ours_id, limit=1000)["records"]

    theirs = realckan.client()
    org = f"datastore-{uuid.uuid4().hex[:12]}"  # the portal outlives a test session
    theirs.action.organization_create(name=org)
    their_pkg = theirs.action.package_create(name=org + "-rows", owner_org=org)
    their_resource = theirs.action.resource_create(package_id=their_pkg["id"], name="procurement_monthly",
                                                   url="https://example.invalid/procurement_monthly.csv")
    fields = [{"id": f["id"], "type": f["type"], "info": {k: f["info"][k] for k in ("label", "notes")}}
              for f in info["fields"]]
    theirs.action.datastore_create(resource_id=their_resource["id"], fields=fields, force=True,
                                   records=[{k: v for k, v in r.items() if k != "_id"} for r in rows])
    yield ours, ours_id, theirs, their_resource["id"]
    server.stop()


QUERIES = [
    {"limit": 5},
    {"filters": {"report_month": "2024-11"}},
    {"filters": {"report_month": ["2024-10", "2025-01"]}, "sort": "agreed_price desc", "limit": 4},
    {"fields": "seq,agreed_price", "sort": "seq desc, report_month", "offset": 3, "limit": 7},
    {"filters": {"method": "เฉพาะเจาะจง"}, "records_format": "lists", "limit": 3},
    {"include_total": False, "limit": 2},
]


def comparable_fields(fields: list[dict]) -> list[dict]:
    """id, type and the data dictionary CKAN keeps (label, notes); our info adds the Table Schema's."""
    return [{"id": f["id"], "type": f["type"], **({"info": {k: f["info"].get(k) for k in ("label", "notes")}}
                                                   if "info" in f else {})} for f in fields]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: ",".join(sorted(q)))
def test_datastore_search_answers_as_ckan_does(both, query):
    ours, ours_id, theirs, their_id = both
    mine = ours.action.datastore_search(resource_id=ours_id, **query)
    real = theirs.action.datastore_search(resource_id=their_id, **query)
    assert set(mine) - OURS_ONLY == set(real) - CKANS_ONLY
    assert comparable_fields(mine["fields"]) == comparable_fields(real["fields"])
    assert mine["records"] == real["records"]
    assert mine.get("total") == real.get("total")
    for key in ("limit", "offset", "sort", "filters", "include_total", "records_format", "include_next_page"):
        assert mine.get(key) == real.get(key), key


def test_datastore_search_sql_answers_as_ckan_does(both):
    ours, ours_id, theirs, their_id = both
    sql = ('SELECT report_month, count(*) AS n, sum(agreed_price) AS total FROM "{}" '
           "GROUP BY report_month ORDER BY report_month")
    mine = ours.action.datastore_search_sql(sql=sql.format(ours_id))
    real = theirs.action.datastore_search_sql(sql=sql.format(their_id))
    assert set(mine) == set(real) and mine["fields"] == real["fields"]
    assert mine["records"] == real["records"]


@pytest.mark.parametrize("query, key", [({"filters": {"nope": "x"}}, "filters"), ({"sort": "nope desc"}, "sort"),
                                        ({"fields": "nope"}, "fields"), ({"q": {"nope": "x"}}, "q"),
                                        ({"limit": -1}, "limit"), ({"records_format": "xml"}, "records_format")])
def test_refusals_are_ckans_own(both, query, key):
    ours, ours_id, theirs, their_id = both
    with pytest.raises(ckanapi.ValidationError) as mine:
        ours.action.datastore_search(resource_id=ours_id, **query)
    with pytest.raises(ckanapi.ValidationError) as real:
        theirs.action.datastore_search(resource_id=their_id, **query)
    assert mine.value.error_dict == real.value.error_dict
    with pytest.raises(ckanapi.NotFound):
        ours.action.datastore_search(resource_id="no-such-resource")
    with pytest.raises(ckanapi.NotFound):
        theirs.action.datastore_search(resource_id="no-such-resource")


def test_datastore_info_has_ckans_keys(both):
    ours, ours_id, theirs, their_id = both
    mine, real = ours.action.datastore_info(id=ours_id), theirs.action.datastore_info(id=their_id)
    assert set(real["meta"]) <= set(mine["meta"]) and mine["meta"]["count"] == real["meta"]["count"]
    assert [(f["id"], f["type"], f["schema"]["native_type"]) for f in mine["fields"]] == \
        [(f["id"], f["type"], f["schema"]["native_type"]) for f in real["fields"]]
