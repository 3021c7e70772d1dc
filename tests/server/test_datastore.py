"""The rows of every CSV file version, queried as CKAN's DataStore answers: datastore_search (filters, q,
fields, sort, paging, totals, the data dictionary in fields[].info), datastore_search_sql (one read-only
SELECT in a sandbox) and dataset search that finds words inside the rows. All through the real ckanapi
client against a real server, with the province's own procurement package published by `catalog publish`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import ckanapi
import pytest

from tests.server.conftest import publish_package, start_server

ROOT = Path(__file__).resolve().parents[2]
PROCUREMENT = ROOT / "datapackages" / "phuket-city" / "procurement_monthly"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """phuket-city's monthly procurement published by the real CLI to a running catalog."""
    home = tmp_path_factory.mktemp("catalog")
    server = start_server(home)
    server.ckan(server.sysadmin_token).action.organization_create(name="phuket-city", title="เทศบาลนครภูเก็ต")
    publish_package(server, PROCUREMENT)
    ckan = server.ckan()
    pkg = ckan.action.package_search(q="*:*", rows=1)["results"][0]
    monthly = next(r for r in pkg["resources"] if r["name"].startswith("procurement_monthly"))
    yield server, ckan, pkg, monthly
    server.stop()


def test_search_returns_typed_rows_with_the_schemas_thai_titles(published):
    server, ckan, pkg, monthly = published
    found = ckan.action.datastore_search(resource_id=monthly["id"], limit=5)
    assert found["total"] == 31 and len(found["records"]) == 5
    assert [f["id"] for f in found["fields"]][:3] == ["_id", "report_month", "seq"]
    types = {f["id"]: f["type"] for f in found["fields"]}
    assert types == {**types, "_id": "int", "seq": "int8", "budget": "numeric", "item": "text", "contract_date": "date"}
    seq = next(f for f in found["fields"] if f["id"] == "seq")
    assert seq["info"]["label"] == "ลำดับที่" and seq["info"]["tableschema_type"] == "integer"
    first = found["records"][0]
    assert first["_id"] == 1 and first["report_month"] == "2024-10" and first["seq"] == 1
    assert isinstance(first["budget"], int) and first["budget"] == 24000000
    assert [r["_id"] for r in found["records"]] == [1, 2, 3, 4, 5]


def test_filters_q_fields_sort_and_paging(published):
    server, ckan, pkg, monthly = published
    november = ckan.action.datastore_search(resource_id=monthly["id"], filters={"report_month": "2024-11"})
    assert november["total"] >= 1 and {r["report_month"] for r in november["records"]} == {"2024-11"}
    both = ckan.action.datastore_search(resource_id=monthly["id"], filters={"report_month": ["2024-10", "2024-11"]})
    assert both["total"] > november["total"]
    cheap = ckan.action.datastore_search(resource_id=monthly["id"], filters={"agreed_price": {"lt": 100000}},
                                         fields=["seq", "agreed_price"], sort="agreed_price desc")
    prices = [r["agreed_price"] for r in cheap["records"]]
    assert prices == sorted(prices, reverse=True) and all(p < 100000 for p in prices)
    assert [f["id"] for f in cheap["fields"]] == ["seq", "agreed_price"]
    fuel = ckan.action.datastore_search(resource_id=monthly["id"], q="น้ำมันเชื้อเพลิง")
    assert fuel["total"] >= 1 and all("น้ำมันเชื้อเพลิง" in r["item"] for r in fuel["records"])
    page2 = ckan.action.datastore_search(resource_id=monthly["id"], limit=10, offset=10)
    assert [r["_id"] for r in page2["records"]] == list(range(11, 21)) and page2["total"] == 31
    lists = ckan.action.datastore_search(resource_id=monthly["id"], limit=2, records_format="lists", fields="_id,seq")
    assert lists["records"] == [[1, 1], [2, 2]]


def test_every_file_version_stays_queryable(published):
    server, ckan, pkg, monthly = published
    first = ckan.action.datastore_search(resource_id=monthly["id"], version=1, limit=1)
    assert first["version"] == 1 and first["total"] == 31
    with pytest.raises(ckanapi.NotFound):
        ckan.action.datastore_search(resource_id=monthly["id"], version=99)


def test_refusals_are_ckans(published):
    server, ckan, pkg, monthly = published
    with pytest.raises(ckanapi.NotFound, match="was not found"):
        ckan.action.datastore_search(resource_id="no-such-resource")
    with pytest.raises(ckanapi.ValidationError) as refused:
        ckan.action.datastore_search(resource_id=monthly["id"], filters={"no_such_column": "x"})
    assert "no_such_column" in json.dumps(refused.value.error_dict)
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.datastore_search(resource_id=monthly["id"], sort="nope desc")
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.datastore_search(resource_id=monthly["id"], limit=-1)


def test_sql_is_one_read_only_select_over_named_resources(published):
    server, ckan, pkg, monthly = published
    table = monthly["id"]
    found = ckan.action.datastore_search_sql(
        sql=f'SELECT report_month, count(*) AS n, sum(agreed_price) AS total FROM "{table}" '
            f"GROUP BY report_month ORDER BY report_month")
    assert found["records"][0]["report_month"] == "2024-10" and sum(r["n"] for r in found["records"]) == 31
    assert [f["id"] for f in found["fields"]] == ["report_month", "n", "total"]
    for hostile in (f'DROP TABLE "{table}"', f'SELECT 1; DELETE FROM "{table}"',
                    "SELECT * FROM read_csv('/etc/passwd')", "COPY (SELECT 1) TO 'out.csv'"):
        with pytest.raises(ckanapi.ValidationError):
            ckan.action.datastore_search_sql(sql=hostile)
    with pytest.raises(ckanapi.ValidationError, match="does not exist"):
        ckan.action.datastore_search_sql(sql='SELECT * FROM "not-a-resource"')


def test_private_rows_are_as_private_as_their_dataset(tmp_path):
    server = start_server(tmp_path)
    try:
        admin = server.ckan(server.sysadmin_token)
        admin.action.organization_create(name="phuket-city")
        pkg = admin.action.package_create(name="secret", owner_org="phuket-city", private=True)
        resource = admin.action.resource_create(package_id=pkg["id"], name="t.csv",
                                                upload=("t.csv", io.BytesIO(b"a,b\n1,2\n")))
        assert admin.action.datastore_search(resource_id=resource["id"])["total"] == 1
        with pytest.raises(ckanapi.NotAuthorized):
            server.ckan().action.datastore_search(resource_id=resource["id"])
        with pytest.raises(ckanapi.NotAuthorized):
            server.ckan().action.datastore_search_sql(sql=f'SELECT * FROM "{resource["id"]}"')
    finally:
        server.stop()


def test_dataset_search_finds_words_inside_the_rows(published):
    server, ckan, pkg, monthly = published
    # the rows hold "2024-11"; a Thai reader searches for the month by name
    assert ckan.action.package_search(q="พฤศจิกายน 2567")["count"] == 1
    # a contractor named only inside the rows
    winner = ckan.action.datastore_search(resource_id=monthly["id"], limit=1)["records"][0]["winner"]
    assert ckan.action.package_search(q=f'"{winner}"')["count"] == 1
    assert ckan.action.package_search(q="ไม่มีคำนี้ในแถวใดเลย")["count"] == 0


def test_datastore_info_lists_the_columns_and_count(published):
    server, ckan, pkg, monthly = published
    info = ckan.action.datastore_info(id=monthly["id"])
    assert info["meta"]["count"] == 31
    assert [f["id"] for f in info["fields"]][:2] == ["report_month", "seq"]
