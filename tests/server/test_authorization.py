"""Who may do what: CKAN's organization roles, written out as a table a reviewer can read cell by cell.

Roles: a sysadmin; the organization's admin, editor and member; a logged-in user with no role in it;
anonymous; a revoked token and a garbage token (both simply anonymous: never 401). Every write action is
tried by every role on a public and on a private dataset of the organization, each cell on fresh data,
and a refused write must change nothing.
"""

from __future__ import annotations

import io
import uuid

import httpx
import pytest

from catalog.server.users import create_token

ORG = "phuket-pao"
ROLES = ("sysadmin", "admin", "editor", "member", "outsider", "anonymous", "revoked", "garbage")
OK, DENIED = 200, 403

# fmt: off
# Every cell is the HTTP status the action answers. The organization and group actions do not depend on a
# dataset: their public and private rows are the same, kept so that every action reads alike.
#
#                                        sysadmin  admin   editor  member  outsider anonymous revoked garbage
WRITE_MATRIX = {
    ("package_create", "public"):             (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_create", "private"):            (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_update", "public"):             (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_update", "private"):            (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_patch", "public"):              (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_patch", "private"):             (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_revise", "public"):             (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_revise", "private"):            (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_delete", "public"):             (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("package_delete", "private"):            (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("dataset_purge", "public"):              (OK,     DENIED, DENIED, DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("dataset_purge", "private"):             (OK,     DENIED, DENIED, DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("resource_create", "public"):            (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("resource_create", "private"):           (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("resource_update", "public"):            (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("resource_update", "private"):           (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("resource_patch", "public"):             (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("resource_patch", "private"):            (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("resource_delete", "public"):            (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("resource_delete", "private"):           (OK,     OK,     OK,     DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("organization_update", "public"):        (OK,     OK,     DENIED, DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("organization_update", "private"):       (OK,     OK,     DENIED, DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("organization_member_create", "public"): (OK,     OK,     DENIED, DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("organization_member_create", "private"):(OK,     OK,     DENIED, DENIED, DENIED,  DENIED,   DENIED, DENIED),
    # organizations are the publishing agencies: only sysadmins make them (CKAN's default lets any user)
    ("organization_create", "public"):        (OK,     DENIED, DENIED, DENIED, DENIED,  DENIED,   DENIED, DENIED),
    ("organization_create", "private"):       (OK,     DENIED, DENIED, DENIED, DENIED,  DENIED,   DENIED, DENIED),
    # groups are topics: any logged-in user may start one (CKAN's ckan.auth.user_create_groups default)
    ("group_create", "public"):               (OK,     OK,     OK,     OK,     OK,      DENIED,   DENIED, DENIED),
    ("group_create", "private"):              (OK,     OK,     OK,     OK,     OK,      DENIED,   DENIED, DENIED),
}

# package_show, resource_show, the download and the version trail of a dataset
#                                        sysadmin  admin   editor  member  outsider anonymous revoked garbage
READ_MATRIX = {
    "public":                                 (OK,     OK,     OK,     OK,     OK,      OK,       OK,     OK),
    "private":                                (OK,     OK,     OK,     OK,     DENIED,  DENIED,   DENIED, DENIED),
}
# fmt: on

SEES_PRIVATE = {"sysadmin", "admin", "editor", "member"}


class World:
    """One catalog with the organization, a user per role and their tokens."""

    def __init__(self, server, cli):
        self.server = server
        self.http = httpx.Client(timeout=30)  # one connection pool: a client per request costs ~0.1 s
        self.tokens: dict[str, str | None] = {"sysadmin": server.sysadmin_token, "anonymous": None,
                                              "garbage": "garbage-" + uuid.uuid4().hex}
        self.sysadmin = server.ckan(server.sysadmin_token)
        self.sysadmin.action.organization_create(name=ORG, title="องค์การบริหารส่วนจังหวัดภูเก็ต")
        for role, user, capacity in [("admin", "org-admin", "admin"), ("editor", "org-editor", "editor"),
                                     ("member", "org-member", "member"), ("outsider", "outsider", None),
                                     ("revoked", "revoked-admin", "admin")]:
            self.tokens[role] = server.make_user(user)
            if capacity:
                self.sysadmin.action.organization_member_create(id=ORG, username=user, role=capacity)
        # the revoked token belonged to an organization admin: once revoked it is worth nothing
        revoked = cli("admin", "token-revoke", self.tokens["revoked"], "--home", server.home)
        assert revoked.returncode == 0, revoked.stderr

    def call(self, role: str, action: str, data: dict) -> httpx.Response:
        token = self.tokens[role]
        return self.http.post(f"{self.server.url}/api/3/action/{action}", json=data,
                              headers={"Authorization": token} if token else {})

    def dataset(self, visibility: str, upload: bool = False) -> dict:
        name = f"ds-{uuid.uuid4().hex[:12]}"
        pkg = self.sysadmin.action.package_create(name=name, owner_org=ORG, private=visibility == "private",
                                                  resources=[{"url": "https://example.org/egp.csv", "name": "egp"}])
        if upload:
            self.sysadmin.action.resource_create(package_id=pkg["id"], name="budget",
                                                 upload=("budget.csv", io.BytesIO(b"year,baht\n2568,100\n")))
        return self.sysadmin.action.package_show(id=pkg["id"])

    def snapshot(self, pkg: dict, request: dict) -> dict:
        """Everything a write in one cell could change, as the sysadmin sees it."""
        def show(action, **data):
            return self.call("sysadmin", action, data).json().get("result")

        return {"dataset": show("package_show", id=pkg["id"]),
                "created": show("package_show", id=request.get("name", "-")) if "owner_org" in request else None,
                "organization": show("organization_show", id=ORG, include_users=True),
                "organizations": show("organization_list"), "groups": show("group_list")}


@pytest.fixture(scope="module")
def world(module_catalog_server, catalog_cli):
    world = World(module_catalog_server, catalog_cli)
    yield world
    world.http.close()


def write_request(world: World, action: str, pkg: dict, visibility: str) -> dict:
    """What a client sends for this action against the cell's dataset."""
    resource_id = pkg["resources"][0]["id"]
    fresh = f"new-{uuid.uuid4().hex[:12]}"
    if action == "organization_member_create":
        world.server.make_user(fresh)
    return {
        "package_create": {"name": fresh, "owner_org": ORG, "private": visibility == "private"},
        "package_update": {"id": pkg["id"], "name": pkg["name"], "owner_org": ORG, "private": pkg["private"],
                           "title": "แก้ไขทั้งชุด", "resources": pkg["resources"]},
        "package_patch": {"id": pkg["id"], "title": "แก้ไขบางส่วน"},
        "package_revise": {"match": {"id": pkg["id"]}, "update": {"title": "ปรับปรุง"}},
        "package_delete": {"id": pkg["id"]},
        "dataset_purge": {"id": pkg["id"]},
        "resource_create": {"package_id": pkg["id"], "url": "https://example.org/plan.pdf"},
        "resource_update": {"id": resource_id, "url": "https://example.org/egp-v2.csv"},
        "resource_patch": {"id": resource_id, "description": "ฉบับแก้ไข"},
        "resource_delete": {"id": resource_id},
        "organization_update": {"id": ORG, "title": f"อบจ.ภูเก็ต {fresh}"},
        "organization_member_create": {"id": ORG, "username": fresh, "role": "editor"},
        "organization_create": {"name": fresh},
        "group_create": {"name": fresh},
    }[action]


WRITE_CELLS = [(action, visibility, role, statuses[i])
               for (action, visibility), statuses in WRITE_MATRIX.items() for i, role in enumerate(ROLES)]


@pytest.mark.parametrize("action,visibility,role,expected", WRITE_CELLS,
                         ids=[f"{a}-{v}-{r}" for a, v, r, _ in WRITE_CELLS])
def test_write_matrix(world, action, visibility, role, expected):
    pkg = world.dataset(visibility)
    request = write_request(world, action, pkg, visibility)
    before = world.snapshot(pkg, request)
    response = world.call(role, action, request)
    assert response.status_code == expected, response.text
    body = response.json()
    if expected == DENIED:
        assert body["success"] is False
        assert body["error"]["__type"] == "Authorization Error"
        assert body["error"]["message"].startswith("Access denied")
        assert world.snapshot(pkg, request) == before, "a refused write changed something"
    else:
        assert body["success"] is True
        assert world.snapshot(pkg, request) != before, "an allowed write changed nothing"


def test_the_matrix_covers_every_write_action_for_both_visibilities():
    actions = {"package_create", "package_update", "package_patch", "package_revise", "package_delete",
               "dataset_purge", "resource_create", "resource_update", "resource_patch", "resource_delete",
               "organization_update", "organization_member_create", "organization_create", "group_create"}
    assert set(WRITE_MATRIX) == {(a, v) for a in actions for v in ("public", "private")}
    assert all(len(statuses) == len(ROLES) for statuses in WRITE_MATRIX.values())


READ_CELLS = [(visibility, role, statuses[i]) for visibility, statuses in READ_MATRIX.items()
              for i, role in enumerate(ROLES)]


@pytest.mark.parametrize("visibility,role,expected", READ_CELLS, ids=[f"{v}-{r}" for v, r, _ in READ_CELLS])
def test_read_matrix(world, visibility, role, expected):
    pkg = world.dataset(visibility, upload=True)
    uploaded = pkg["resources"][1]
    token = world.tokens[role]
    headers = {"Authorization": token} if token else {}
    api = f"{world.server.url}/api/3/action"
    answers = {
        "package_show": world.http.get(f"{api}/package_show", params={"id": pkg["name"]}, headers=headers),
        "resource_show": world.http.get(f"{api}/resource_show", params={"id": uploaded["id"]}, headers=headers),
        "package_activity_list": world.http.get(f"{api}/package_activity_list", params={"id": pkg["id"]},
                                           headers=headers),
        "download": world.http.get(uploaded["url"], headers=headers),
        "version download": world.http.get(f"{world.server.url}/dataset/{pkg['id']}/resource/{uploaded['id']}"
                                      "/version/1/budget.csv", headers=headers),
    }
    assert {what: r.status_code for what, r in answers.items()} == {what: expected for what in answers}
    if expected == OK:
        assert answers["download"].content == b"year,baht\n2568,100\n"
    else:
        assert answers["package_show"].json()["error"]["__type"] == "Authorization Error"
        assert b"2568,100" not in answers["download"].content


@pytest.mark.parametrize("role", ROLES)
def test_private_datasets_are_never_in_package_list(world, role):
    public, private = world.dataset("public"), world.dataset("private")
    token = world.tokens[role]
    names = world.http.get(f"{world.server.url}/api/3/action/package_list",
                      headers={"Authorization": token} if token else {}).json()["result"]
    assert public["name"] in names
    assert private["name"] not in names


@pytest.mark.parametrize("role", ROLES)
def test_private_datasets_are_searchable_only_with_include_private_by_those_who_may_read_them(world, role):
    public, private = world.dataset("public"), world.dataset("private")
    token = world.tokens[role]
    headers = {"Authorization": token} if token else {}
    url = f"{world.server.url}/api/3/action/package_search"

    def found(**params) -> set[str]:
        response = world.http.get(url, params={"q": "", "rows": 1000, **params}, headers=headers)
        assert response.status_code == 200, response.text
        return {p["name"] for p in response.json()["result"]["results"]}

    assert public["name"] in found() and private["name"] not in found()
    with_private = found(include_private="true")
    assert public["name"] in with_private
    assert (private["name"] in with_private) is (role in SEES_PRIVATE)


def test_organization_show_lists_private_datasets_only_to_members(world):
    private = world.dataset("private")
    for role in ROLES:
        token = world.tokens[role]
        shown = world.http.get(f"{world.server.url}/api/3/action/organization_show",
                          params={"id": ORG, "include_datasets": "true"},
                          headers={"Authorization": token} if token else {}).json()["result"]
        assert (private["name"] in {p["name"] for p in shown["packages"]}) is (role in SEES_PRIVATE), role


def test_a_revoked_token_is_anonymous_from_the_next_request(world, catalog_cli):
    token = world.server.make_user("officer-to-revoke")
    world.sysadmin.action.organization_member_create(id=ORG, username="officer-to-revoke", role="editor")
    world.tokens["to-revoke"] = token
    private = world.dataset("private")
    assert world.call("to-revoke", "package_patch", {"id": private["id"], "notes": "ก่อน"}).status_code == OK
    assert world.call("to-revoke", "user_show", {}).json()["result"]["name"] == "officer-to-revoke"

    result = catalog_cli("admin", "token-revoke", token, "--home", world.server.home)
    assert result.returncode == 0, result.stderr

    refused = world.call("to-revoke", "package_patch", {"id": private["id"], "notes": "หลัง"})
    assert refused.status_code == DENIED and refused.json()["error"]["__type"] == "Authorization Error"
    assert world.call("to-revoke", "package_show", {"id": private["id"]}).status_code == DENIED
    assert world.call("to-revoke", "user_show", {}).status_code == 404  # no token user: anonymous
    again = catalog_cli("admin", "token-revoke", token, "--home", world.server.home)
    assert again.returncode != 0  # already revoked


@pytest.mark.parametrize("header", ["Authorization", "X-CKAN-API-Key"])
def test_either_token_header_works_and_a_bad_token_is_never_401(world, header):
    private = world.dataset("private")
    url = f"{world.server.url}/api/3/action/package_show"
    member = world.http.get(url, params={"id": private["id"]}, headers={header: world.tokens["member"]})
    assert member.status_code == OK
    for bad in ("garbage", world.tokens["member"] + "x", ""):
        status = world.http.get(url, params={"id": private["id"]}, headers={header: bad}).status_code
        assert status == DENIED, bad


def test_a_token_never_starts_with_a_dash_so_it_can_be_given_on_a_command_line(world):
    # token_urlsafe starts with "-" once in 64; 400 tokens would show that almost surely (p ≈ 0.998)
    world.server.make_user("many-tokens")
    with world.server.store.begin() as conn:
        tokens = [create_token(conn, "many-tokens")[1] for _ in range(400)]
    assert not [token for token in tokens if token.startswith("-")]
