"""The Action API answers like CKAN 2.11 does: routes, request parsing, envelope, error statuses, dict shapes.

Raw HTTP checks use httpx (to see statuses, headers and exact bodies); client behaviour uses the real
ckanapi.RemoteCKAN, as the tools that publish to CKAN do.
"""

from __future__ import annotations

import io
import re

import ckanapi
import httpx
import pytest
from sqlalchemy import update

from catalog.server.store import tables

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$")  # naive UTC, no Z

PACKAGE_KEYS = {"id", "name", "title", "version", "url", "author", "author_email", "maintainer", "maintainer_email",
                "notes", "license_id", "license_title", "license_url", "type", "owner_org", "organization",
                "creator_user_id", "private", "state", "metadata_created", "metadata_modified", "resources",
                "num_resources", "tags", "num_tags", "extras", "groups", "isopen", "relationships_as_subject",
                "relationships_as_object"}
RESOURCE_KEYS = {"id", "package_id", "url", "format", "description", "hash", "position", "name", "resource_type",
                 "mimetype", "size", "created", "last_modified", "metadata_modified", "url_type", "state"}
EMBEDDED_ORGANIZATION_KEYS = {"id", "name", "title", "type", "description", "image_url", "created",
                              "is_organization", "approval_status", "state"}
TAG_KEYS = {"id", "name", "display_name", "state", "vocabulary_id"}


def api(server, name: str, prefix: str = "/api/3/action/") -> str:
    return f"{server.url}{prefix}{name}"


def auth(token: str | None) -> dict:
    return {"Authorization": token} if token else {}


def help_url(server, name: str) -> str:
    return f"{server.url}/api/3/action/help_show?name={name}"


def assert_success(response: httpx.Response, server, name: str):
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"help", "success", "result"}
    assert body["help"] == help_url(server, name)
    assert body["success"] is True
    return body["result"]


def assert_failure(response: httpx.Response, server, name: str, status: int):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"help", "success", "error"}
    assert body["help"] == help_url(server, name)
    assert body["success"] is False
    return body["error"]


@pytest.fixture
def sysadmin(catalog_server) -> ckanapi.RemoteCKAN:
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    return ckan


# --- routes and request data ------------------------------------------------------------------------------


def test_api_root_says_version_3(catalog_server):
    response = httpx.get(f"{catalog_server.url}/api/3")
    assert response.status_code == 200
    assert response.json() == {"version": 3}


@pytest.mark.parametrize("prefix", ["/api/action/", "/api/3/action/"])
def test_both_route_prefixes_answer_with_the_same_envelope(catalog_server, prefix):
    # ckanapi calls /api/action/, ckanext-harvest and frictionless call /api/3/action/; help always names v3
    result = assert_success(httpx.get(api(catalog_server, "status_show", prefix)), catalog_server, "status_show")
    assert result["ckan_version"].startswith("2.")
    result = assert_success(httpx.post(api(catalog_server, "site_read", prefix), json={}), catalog_server,
                            "site_read")
    assert result is True


def test_read_actions_take_query_parameters_on_get(catalog_server, sysadmin):
    sysadmin.action.package_create(name="egp-2568", owner_org="phuket-pao")
    shown = assert_success(httpx.get(api(catalog_server, "package_show"), params={"id": "egp-2568"}),
                           catalog_server, "package_show")
    assert shown["name"] == "egp-2568"
    names = assert_success(httpx.get(api(catalog_server, "package_list"), params={"limit": "5", "offset": "0"}),
                           catalog_server, "package_list")
    assert names == ["egp-2568"]


def test_write_actions_take_a_json_body(catalog_server, sysadmin):
    response = httpx.post(api(catalog_server, "package_create"), headers=auth(catalog_server.sysadmin_token),
                          json={"name": "budget-2568", "owner_org": "phuket-pao", "tags": [{"name": "budget"}]})
    created = assert_success(response, catalog_server, "package_create")
    assert created["name"] == "budget-2568"
    assert [t["name"] for t in created["tags"]] == ["budget"]


def test_write_actions_take_a_urlencoded_form(catalog_server, sysadmin):
    response = httpx.post(api(catalog_server, "package_create"), headers=auth(catalog_server.sysadmin_token),
                          data={"name": "budget-2568", "owner_org": "phuket-pao", "title": "งบประมาณ 2568",
                                "private": "false"})
    created = assert_success(response, catalog_server, "package_create")
    assert created["title"] == "งบประมาณ 2568"
    assert created["private"] is False


def test_write_actions_take_multipart_with_a_file(catalog_server, sysadmin):
    pkg = sysadmin.action.package_create(name="egp-2568", owner_org="phuket-pao")
    response = httpx.post(api(catalog_server, "resource_create"), headers=auth(catalog_server.sysadmin_token),
                          data={"package_id": pkg["id"], "name": "สัญญา", "format": "CSV"},
                          files={"upload": ("egp.csv", b"a,b\n1,2\n", "text/csv")})
    resource = assert_success(response, catalog_server, "resource_create")
    assert resource["url_type"] == "upload"
    assert resource["name"] == "สัญญา"
    assert resource["size"] == 8
    assert httpx.get(resource["url"]).content == b"a,b\n1,2\n"


def test_ckanapi_uploads_a_file_by_multipart(catalog_server, sysadmin):
    pkg = sysadmin.action.package_create(name="egp-2568", owner_org="phuket-pao")
    resource = sysadmin.action.resource_create(package_id=pkg["id"], upload=("egp.csv", io.BytesIO(b"x\n1\n")))
    assert resource["url"].endswith("/download/egp.csv")
    assert resource["hash"].startswith("sha256:")


def test_get_on_a_write_action_is_refused_and_writes_nothing(catalog_server, sysadmin):
    response = httpx.get(api(catalog_server, "package_create"), headers=auth(catalog_server.sysadmin_token),
                         params={"name": "by-get", "owner_org": "phuket-pao"})
    error = assert_failure(response, catalog_server, "package_create", 400)
    assert error == "Bad request - JSON Error: Invalid request. Please use POST method for your request"
    assert sysadmin.action.package_list() == []


@pytest.mark.parametrize("body", [b"[1, 2]", b'"egp-2568"', b"42", b"null", b"{not json", b"\xff\xfe"],
                         ids=["list", "string", "number", "null", "invalid-json", "not-utf8"])
def test_a_body_that_is_not_a_json_object_is_a_bad_request(catalog_server, body):
    response = httpx.post(api(catalog_server, "package_create"), content=body,
                          headers={"Content-Type": "application/json", **auth(catalog_server.sysadmin_token)})
    error = assert_failure(response, catalog_server, "package_create", 400)
    assert isinstance(error, str) and error.startswith("Bad request - JSON Error: ")


def test_an_empty_post_body_is_an_empty_data_dict(catalog_server):
    assert assert_success(httpx.post(api(catalog_server, "package_list")), catalog_server, "package_list") == []


# --- errors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_unknown_action_is_a_bad_request_with_a_bare_string(catalog_server, method):
    response = httpx.request(method, api(catalog_server, "package_frobnicate"))
    error = assert_failure(response, catalog_server, "package_frobnicate", 400)
    assert error == "Bad request - Action name not known: package_frobnicate"


def test_not_authorized_is_403_authorization_error(catalog_server, sysadmin):
    response = httpx.post(api(catalog_server, "package_create"), json={"name": "x-1", "owner_org": "phuket-pao"})
    error = assert_failure(response, catalog_server, "package_create", 403)
    assert error["__type"] == "Authorization Error"
    assert error["message"].startswith("Access denied")
    with pytest.raises(ckanapi.NotAuthorized):
        catalog_server.ckan().action.package_create(name="x-1", owner_org="phuket-pao")


def test_not_found_is_404_not_found_error(catalog_server):
    response = httpx.get(api(catalog_server, "package_show"), params={"id": "no-such-dataset"})
    error = assert_failure(response, catalog_server, "package_show", 404)
    assert error["__type"] == "Not Found Error"
    assert error["message"].startswith("Not found")
    with pytest.raises(ckanapi.NotFound):
        catalog_server.ckan().action.resource_show(id="no-such-resource")


def test_validation_is_409_with_a_field_dict(catalog_server, sysadmin):
    sysadmin.action.package_create(name="egp-2568", owner_org="phuket-pao")
    response = httpx.post(api(catalog_server, "package_create"), headers=auth(catalog_server.sysadmin_token),
                          json={"name": "egp-2568", "owner_org": "phuket-pao"})
    error = assert_failure(response, catalog_server, "package_create", 409)
    assert error == {"name": ["That URL is already in use."], "__type": "Validation Error"}
    with pytest.raises(ckanapi.ValidationError) as caught:
        sysadmin.action.package_create(name="Not A Slug", owner_org="phuket-pao")
    assert "name" in caught.value.error_dict


@pytest.mark.parametrize("data", [{"name": "bad-shape", "owner_org": "phuket-pao", "resources": [1, 2]},
                                  {"name": "bad-shape", "owner_org": "phuket-pao", "tags": ["budget"]},
                                  {"name": "bad-shape", "owner_org": "phuket-pao", "tags": "budget"}],
                         ids=["resources-of-numbers", "tags-of-strings", "tags-a-string"])
def test_nested_data_of_the_wrong_shape_is_a_400_integrity_error(catalog_server, sysadmin, data):
    # CKAN's DataError: "Only lists of dicts can be placed against subschema ..."; never a bare 500
    response = httpx.post(api(catalog_server, "package_create"), headers=auth(catalog_server.sysadmin_token),
                          json=data)
    error = assert_failure(response, catalog_server, "package_create", 400)
    assert error["__type"] == "Integrity Error"
    assert "Only lists of dicts" in error["message"]
    assert sysadmin.action.package_list() == []


def test_an_unknown_search_parameter_is_a_search_query_error(catalog_server):
    response = httpx.get(api(catalog_server, "package_search"), params={"q": "", "colour": "blue"})
    error = assert_failure(response, catalog_server, "package_search", 400)
    assert error["__type"] == "Search Query Error"
    assert error["message"].startswith("Search Query is invalid: ")
    with pytest.raises(ckanapi.SearchQueryError):
        catalog_server.ckan().action.package_search(colour="blue")


@pytest.mark.parametrize("path", ["/api/action/package_create", "/api/3/action/package_create",
                                  "/api/3/action/package_create/", "/api/action/status_show/",
                                  "/api/3/action/", "/api/3/action/status_show"])
def test_post_responses_never_redirect(catalog_server, sysadmin, path):
    # ckanapi posts with allow_redirects=False: a redirect would look like a broken server
    response = httpx.post(f"{catalog_server.url}{path}", json={"name": "x-2", "owner_org": "phuket-pao"},
                          headers=auth(catalog_server.sysadmin_token), follow_redirects=False)
    assert not response.is_redirect
    assert response.status_code in {200, 400, 404, 409}
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("name", ["package_list", "organization_list", "group_list"])
def test_a_paging_parameter_that_is_not_a_number_is_a_validation_error(catalog_server, name):
    response = httpx.get(api(catalog_server, name), params={"limit": "many"})
    error = assert_failure(response, catalog_server, name, 409)
    assert error["__type"] == "Validation Error" and "limit" in error


# --- *_show and *_list ignore what they do not know -------------------------------------------------------


def test_show_and_list_actions_ignore_unknown_parameters(catalog_server, sysadmin):
    pkg = sysadmin.action.package_create(name="egp-2568", owner_org="phuket-pao")
    resource = sysadmin.action.resource_create(package_id=pkg["id"], url="https://example.org/a.csv")
    anonymous = catalog_server.ckan()
    noise = {"include_datasets": True, "include_users": True, "use_default_schema": True, "colour": "blue"}
    assert anonymous.action.package_show(id="egp-2568", **noise)["id"] == pkg["id"]
    assert anonymous.action.resource_show(id=resource["id"], **noise)["id"] == resource["id"]
    assert anonymous.action.organization_show(id="phuket-pao", **noise)["name"] == "phuket-pao"
    assert anonymous.action.package_list(**noise) == ["egp-2568"]
    assert anonymous.action.organization_list(**noise) == ["phuket-pao"]
    assert anonymous.action.group_list(**noise) == []
    assert anonymous.action.tag_list(**noise) == []
    assert anonymous.action.license_list(**noise)
    assert anonymous.action.status_show(**noise)["site_url"] == catalog_server.url
    assert anonymous.action.user_show(id="admin", **noise)["name"] == "admin"
    assert len(anonymous.action.package_activity_list(id="egp-2568", **noise)) == 2


# --- dict shapes ------------------------------------------------------------------------------------------


def test_a_package_dict_has_every_key_ckan_gives(catalog_server, sysadmin):
    sysadmin.action.group_create(name="finance", title="การเงิน")
    pkg = sysadmin.action.package_create(
        name="egp-2568", title="สัญญาจัดซื้อจัดจ้าง", owner_org="phuket-pao", license_id="cc-by",
        notes="สัญญาทั้งหมด", tags=[{"name": "procurement"}], extras=[{"key": "fiscal_year", "value": "2568"}],
        groups=[{"name": "finance"}], resources=[{"url": "https://example.org/egp.csv", "name": "egp"}])
    for shown in (pkg, catalog_server.ckan().action.package_show(id="egp-2568")):
        assert PACKAGE_KEYS <= set(shown)
        assert shown["type"] == "dataset" and shown["state"] == "active" and shown["private"] is False
        assert shown["license_title"] == "Creative Commons Attribution" and shown["isopen"] is True
        assert shown["num_resources"] == 1 and shown["num_tags"] == 1
        assert set(shown["tags"][0]) >= TAG_KEYS
        assert shown["extras"] == [{"key": "fiscal_year", "value": "2568"}]
        assert [g["name"] for g in shown["groups"]] == ["finance"]
        assert set(shown["organization"]) >= EMBEDDED_ORGANIZATION_KEYS
        assert shown["organization"]["is_organization"] is True
        assert shown["relationships_as_subject"] == [] and shown["relationships_as_object"] == []
        for key in ("metadata_created", "metadata_modified"):
            assert TIMESTAMP.match(shown[key]), shown[key]


def test_a_package_without_a_licence_still_has_every_key(catalog_server, sysadmin):
    pkg = sysadmin.action.package_create(name="egp-2568", owner_org="phuket-pao")
    assert PACKAGE_KEYS <= set(pkg)
    assert pkg["license_id"] is None and pkg["license_title"] is None and pkg["isopen"] is False


def test_metadata_modified_strictly_increases_after_every_write(catalog_server, sysadmin):
    ckan = sysadmin
    pkg = ckan.action.package_create(name="egp-2568", owner_org="phuket-pao")
    stamps = [pkg["metadata_modified"]]

    def record(note: str) -> None:
        shown = ckan.action.package_show(id=pkg["id"])
        assert TIMESTAMP.match(shown["metadata_modified"]), shown["metadata_modified"]
        assert shown["metadata_modified"] > stamps[-1], note
        stamps.append(shown["metadata_modified"])

    ckan.action.package_update(id=pkg["id"], name="egp-2568", owner_org="phuket-pao", title="สัญญา")
    record("package_update")
    ckan.action.package_patch(id=pkg["id"], notes="แก้ไข")
    record("package_patch")
    ckan.action.package_revise(match={"id": pkg["id"]}, update={"version": "1.0.0"})
    record("package_revise")
    resource = ckan.action.resource_create(package_id=pkg["id"], upload=("a.csv", io.BytesIO(b"a\n1\n")))
    record("resource_create")
    ckan.action.resource_update(id=resource["id"], upload=("a.csv", io.BytesIO(b"a\n2\n")))
    record("resource_update")
    ckan.action.resource_patch(id=resource["id"], description="ฉบับแก้ไข")
    record("resource_patch")
    ckan.action.resource_delete(id=resource["id"])
    record("resource_delete")
    ckan.action.package_delete(id=pkg["id"])
    record("package_delete")


def test_metadata_modified_still_grows_after_the_clock_stepped_back(catalog_server, sysadmin):
    pkg = sysadmin.action.package_create(name="egp-2568", owner_org="phuket-pao")
    with catalog_server.store.begin() as conn:  # the last write happened while the clock ran far ahead
        conn.execute(update(tables.package).where(tables.package.c.id == pkg["id"])
                     .values(metadata_modified="2099-01-01T00:00:00.999999"))
    patched = sysadmin.action.package_patch(id=pkg["id"], notes="หลังปรับนาฬิกา")
    assert patched["metadata_modified"] == "2099-01-01T00:00:01.000000"


def test_a_resource_dict_has_every_key_ckan_gives(catalog_server, sysadmin):
    pkg = sysadmin.action.package_create(name="egp-2568", owner_org="phuket-pao")
    uploaded = sysadmin.action.resource_create(package_id=pkg["id"], upload=("egp.csv", io.BytesIO(b"a,b\n1,2\n")))
    linked = sysadmin.action.resource_create(package_id=pkg["id"], url="https://example.org/plan.pdf")
    for resource in (uploaded, linked, catalog_server.ckan().action.resource_show(id=uploaded["id"])):
        assert RESOURCE_KEYS <= set(resource)
        assert resource["package_id"] == pkg["id"] and resource["state"] == "active"
        assert TIMESTAMP.match(resource["created"]) and TIMESTAMP.match(resource["metadata_modified"])
    assert uploaded["url"] == f"{catalog_server.url}/dataset/{pkg['id']}/resource/{uploaded['id']}/download/egp.csv"
    assert uploaded["size"] == 8 and isinstance(uploaded["size"], int)
    assert uploaded["format"] == "CSV" and uploaded["position"] == 0 and linked["position"] == 1
    assert TIMESTAMP.match(uploaded["last_modified"])
    assert linked["url"] == "https://example.org/plan.pdf" and linked["format"] == "PDF"


def test_organization_dicts_have_every_key_ckan_gives(catalog_server, sysadmin):
    shown = catalog_server.ckan().action.organization_show(id="phuket-pao", include_users=True)
    assert EMBEDDED_ORGANIZATION_KEYS | {"display_name", "package_count", "extras", "users"} <= set(shown)
    assert shown["type"] == "organization" and shown["is_organization"] is True
    assert shown["display_name"] == "องค์การบริหารส่วนจังหวัดภูเก็ต"
    assert [(u["name"], u["capacity"]) for u in shown["users"]] == [("admin", "admin")]
    listed = catalog_server.ckan().action.organization_list(all_fields=True)
    assert listed[0]["name"] == "phuket-pao" and listed[0]["package_count"] == 0


# --- every action of the client table answers -------------------------------------------------------------


def test_every_action_clients_use_exists_and_answers(catalog_server, sysadmin):
    ckan = sysadmin
    officer_token = catalog_server.make_user("officer1")
    assert ckan.action.status_show()["site_url"] == catalog_server.url
    assert ckan.action.site_read() is True
    assert isinstance(ckan.action.help_show(name="package_show"), str)
    assert {"cc-by", "odc-odbl"} <= {lic["id"] for lic in ckan.action.license_list()}

    member = ckan.action.organization_member_create(id="phuket-pao", username="officer1", role="editor")
    assert member["capacity"] == "editor"
    officer = catalog_server.ckan(officer_token)
    pkg = officer.action.package_create(name="egp-2568", owner_org="phuket-pao", tags=[{"name": "procurement"}])
    assert ckan.action.tag_list() == ["procurement"]
    assert ckan.action.package_list() == ["egp-2568"]
    assert ckan.action.package_show(id="egp-2568")["creator_user_id"] == ckan.action.user_show(id="officer1")["id"]
    search = ckan.action.package_search(q="", rows=10)
    assert search["count"] == 1 and search["results"][0]["name"] == "egp-2568"

    updated = officer.action.package_update(id=pkg["id"], name="egp-2568", owner_org="phuket-pao", title="สัญญา",
                                            notes="ทั้งหมด")
    assert updated["title"] == "สัญญา" and updated["tags"] == []
    assert officer.action.package_patch(id=pkg["id"], version="1.0.0")["title"] == "สัญญา"
    revised = officer.action.package_revise(match={"name": "egp-2568"}, filter=["-notes"],
                                            update={"title": "สัญญาจัดซื้อจัดจ้าง"})["package"]
    assert revised["title"] == "สัญญาจัดซื้อจัดจ้าง" and not revised["notes"] and revised["version"] == "1.0.0"

    resource = officer.action.resource_create(package_id=pkg["id"], upload=("egp.csv", io.BytesIO(b"a\n1\n")))
    assert officer.action.resource_show(id=resource["id"])["hash"] == resource["hash"]
    assert officer.action.resource_update(id=resource["id"], name="egp")["name"] == "egp"
    assert officer.action.resource_patch(id=resource["id"], description="d")["name"] == "egp"
    assert officer.action.resource_delete(id=resource["id"]) is None

    assert ckan.action.organization_update(id="phuket-pao", title="อบจ.ภูเก็ต")["title"] == "อบจ.ภูเก็ต"
    assert ckan.action.organization_list() == ["phuket-pao"]
    group = ckan.action.group_create(name="finance", title="การเงิน")
    assert ckan.action.group_update(id=group["id"], title="Finance")["title"] == "Finance"
    assert ckan.action.group_list() == ["finance"]
    assert ckan.action.group_show(id="finance")["is_organization"] is False
    officer.action.package_patch(id=pkg["id"], groups=[{"name": "finance"}])
    assert [p["name"] for p in ckan.action.group_package_show(id="finance")] == ["egp-2568"]

    activities = ckan.action.package_activity_list(id=pkg["id"])
    assert activities[-1]["activity_type"] == "new package"
    assert ckan.action.activity_show(id=activities[0]["id"])["object_id"] == pkg["id"]
    assert ckan.action.activity_data_show(id=activities[-1]["id"])["name"] == "egp-2568"
    assert "diff" in ckan.action.activity_diff(id=activities[0]["id"])

    assert officer.action.package_delete(id=pkg["id"]) is None
    assert ckan.action.package_list() == []
    assert ckan.action.dataset_purge(id=pkg["id"]) is None
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id=pkg["id"])
