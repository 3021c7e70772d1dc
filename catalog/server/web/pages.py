"""The catalog's public web pages: dataset search by agency, dataset pages with every file version's
permanent link and the version history, and organization pages.

Pages are anonymous views: every read goes through `call_action` with no user, so the same auth rules as
the Action API decide what shows (private datasets never appear, and their pages answer 404).
"""

from __future__ import annotations

import json
import math
from typing import NamedTuple
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from catalog.disclosure import all_categories
from catalog.server.actions import Context, call_action
from catalog.server.errors import NotAuthorized, NotFound, SearchQueryError
from catalog.server.row_tables import resources_matching
from catalog.server.versions import datapackage_url
from catalog.server.web import dcat, language
from catalog.server.web.citation_files import dataset_citation
from catalog.server.web.changelog import entry_lines
from catalog.server.web.display import (ACTIVITY_LABELS, GDC_FIELDS, STATIC_DIR, make_environment,
                                        parse_timestamp)
from catalog.server.web.extras import STRUCTURED, structured_extras
from catalog.server.web.structured_data import dataset_jsonld, script_json

PAGE_SIZE = 20
FACET_FIELDS = ("organization", "tags", "res_format", "license_id", "groups", "fiscal_year", "disclosure_category",
                "oit_item")
# each facet's heading on the search page, in the order shown
FACET_HEADINGS = (
    ("organization", "หน่วยงาน", "Agencies"),
    ("fiscal_year", "ปีงบประมาณ", "Fiscal year"),
    ("disclosure_category", "หัวข้อที่เปิดเผย", "Disclosure subject"),
    ("oit_item", "ข้อการประเมิน OIT", "OIT item"),
    ("groups", "กลุ่มชุดข้อมูล", "Groups"),
    ("license_id", "สัญญาอนุญาต", "Licence"),
    ("res_format", "รูปแบบไฟล์", "Formats"),
    ("tags", "คำสำคัญ", "Tags"),
)
SORTS = {
    "": ("เกี่ยวข้องที่สุด", "Relevance"),
    "metadata_modified desc": ("ปรับปรุงล่าสุด", "Last modified"),
    "title_string asc": ("ชื่อ ก–ฮ", "Title A–Z"),
}
# Keys shown in their own rows or sections, so not repeated as GD Catalog fields or extras.
_SHOWN_KEYS = {"id", "name", "title", "notes", "url", "version", "author", "author_email", "maintainer",
               "maintainer_email", "license_id", "license_title", "license_url", "organization", "owner_org"}


class CkanName(Convertor):
    """Dataset, organization and activity names or ids; a dot never matches, so `/dataset/x.ttl` and other
    suffixed routes registered by other modules are never taken by a page."""

    regex = "[A-Za-z0-9_-]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("ckan_name", CkanName())
ENV = make_environment()


class Page(NamedTuple):
    template: str
    context: dict
    status: int = 200


def routes() -> list[BaseRoute]:
    from catalog.server.web import compliance, resource_page, versions  # their pages are built on this module's

    return [
        Route("/", home, name="home"),
        Route("/dataset", home, name="dataset_search"),  # CKAN's search page lives here too
        Route("/dataset/{name:ckan_name}", dataset_page, name="dataset"),
        Route("/dataset/{name:ckan_name}/history/{activity_id:ckan_name}", history_page, name="dataset_history"),
        Route("/organization", organization_list_page, name="organizations"),
        Route("/organization/{name:ckan_name}", organization_page, name="organization"),
        *compliance.routes(),
        *versions.routes(),
        *resource_page.routes(),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]


# --- handlers --------------------------------------------------------------------------------------------

async def home(request: Request) -> HTMLResponse:
    return await _respond(request, _search_view, "home")


async def dataset_page(request: Request) -> Response:
    rdf = await dcat.negotiated(request, request.path_params["name"])  # CKAN's content negotiation (ckanext-dcat)
    if rdf is not None:
        return rdf
    page = await _respond(request, _dataset_view, "datasets", request.path_params["name"])
    page.headers["vary"] = "Accept, Cookie"  # the same address answers RDF to whoever asks for it
    return page


async def history_page(request: Request) -> HTMLResponse:
    return await _respond(request, _history_view, "datasets", request.path_params["name"],
                          request.path_params["activity_id"])


async def organization_list_page(request: Request) -> HTMLResponse:
    return await _respond(request, _organization_list_view, "organizations")


async def organization_page(request: Request) -> HTMLResponse:
    return await _respond(request, _organization_view, "organizations", request.path_params["name"])


async def _respond(request: Request, view, section: str, *args) -> HTMLResponse:
    """Every page: the view's facts rendered in the page's language (web/language.py). A view that words
    something itself finds the language as `query["lang"]`, resolved from the query string or the cookie."""
    store = request.app.state.store
    context = Context(store=store, user=None)
    lang = language.page_language(request)
    query = {**request.query_params, "lang": lang}
    try:
        page = await run_in_threadpool(view, context, query, *args)
    except (NotFound, NotAuthorized):  # a private dataset is "not found" to those who may not see it
        page = Page("not_found.html", {}, 404)
    html = ENV.get_template(page.template).render(
        site_title=store.settings().get("site_title") or "Disclosure Catalog", section=section, **page.context,
        lang=lang, page_lang=lang, lang_toggle=language.toggle_href(request, lang))
    response = HTMLResponse(html, status_code=page.status,
                            headers={"content-language": lang, "vary": "Cookie"})  # one URL, two languages
    language.remember(request, response)
    return response


# --- search (home) ----------------------------------------------------------------------------------------

def _page_number(query: dict) -> int:
    try:
        return max(1, min(int(query.get("page", 1)), 100_000))
    except (TypeError, ValueError):
        return 1


def _filter_query(filters: dict[str, str]) -> str:
    """CKAN fq with each filter required; quotes and backslashes are dropped so a value stays one term."""
    clauses = []
    for field, value in filters.items():
        value = value.replace('"', "").replace("\\", "").strip()
        if value:
            clauses.append(f'+{field}:"{value}"')
    return " ".join(clauses)


def _search(context, query: dict, fixed: dict[str, str] | None = None) -> dict:
    """Run package_search for a page's query string; returns what the result templates need."""
    q = (query.get("q") or "").strip()
    filters = {f: (query.get(f) or "").strip() for f in FACET_FIELDS}
    filters.update(fixed or {})
    sort = query.get("sort") if query.get("sort") in SORTS else ""
    page = _page_number(query)
    data = {"q": q, "fq": _filter_query(filters), "rows": PAGE_SIZE, "start": (page - 1) * PAGE_SIZE,
            "facet.field": json.dumps(list(FACET_FIELDS)), "facet.mincount": 1, "facet.limit": 50}
    if sort:
        data["sort"] = sort
    error = None
    try:
        result = call_action("package_search", context, data)
    except SearchQueryError:
        result, error = {"count": 0, "results": [], "search_facets": {}}, "invalid"
    count = int(result.get("count") or 0)
    in_rows = resources_matching(context.store, result.get("results") or [], q) if q else {}
    for pkg in result.get("results") or []:
        pkg["found_in_rows"] = in_rows.get(pkg["id"], [])
    params = {k: v for k, v in {"q": q, **filters, "sort": sort}.items() if v and k not in (fixed or {})}
    return {"q": q, "filters": filters, "sort": sort, "sorts": SORTS, "error": error, "count": count,
            "results": result.get("results") or [], "facets": result.get("search_facets") or {},
            "page": page, "pages": _pagination(page, count, params), "params": params,
            "first": (page - 1) * PAGE_SIZE + 1, "last": min(page * PAGE_SIZE, count)}


def pagination(current: int, total: int, href) -> dict:
    """What the pagination macro shows: the first and last page, two either side of the current one with
    gaps between, and previous/next; `href(number)` is a page's link."""
    wanted = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    links: list = []
    for number in wanted:
        if links and number - links[-1][0] > 1:
            links.append((None, None))  # a gap, shown as an ellipsis
        links.append((number, href(number)))
    return {"total": total, "current": current, "links": links,
            "previous": href(current - 1) if current > 1 else None,
            "next": href(current + 1) if current < total else None}


def _pagination(page: int, count: int, params: dict) -> dict:
    return pagination(page, max(1, math.ceil(count / PAGE_SIZE)),
                      lambda number: "?" + urlencode({**params, "page": number} if number > 1 else params))


def _organizations(context) -> list[dict]:
    orgs = call_action("organization_list", context, {"all_fields": True})
    return sorted(orgs, key=lambda o: (o.get("title") or o["name"]))


def _facet_items(found: dict, field: str, titles: dict[str, str]) -> list[dict]:
    """A facet's values with counts; each links to the search with that filter on (or off when active)."""
    items = (found["facets"].get(field) or {}).get("items") or []
    out = []
    for item in items:
        active = found["filters"].get(field, "").upper() == item["name"] if field == "res_format" else \
            found["filters"].get(field) == item["name"]
        params = {k: v for k, v in found["params"].items() if k != field}
        if not active:
            params[field] = item["name"]
        label = titles.get(item["name"]) or item.get("display_name") or item["name"]
        out.append({"name": item["name"], "label": label, "label_en": facet_label_en(field, item["name"]),
                    "count": item.get("count", 0), "active": active, "href": "/dataset?" + urlencode(params)})
    if field == "fiscal_year":  # the latest year first
        return sorted(out, key=lambda i: i["name"], reverse=True)
    return sorted(out, key=lambda i: (-i["count"], i["label"]))


def facet_labels_th(field: str) -> dict[str, str]:
    """Thai labels of facet values that are codes: disclosure subjects by their category's title."""
    if field == "disclosure_category":
        return {c.name: c.title_th for c in all_categories()}
    return {}


def facet_label_en(field: str, value: str) -> str | None:
    """English shown beside a facet value's Thai label (a Thai fiscal year is named by the CE year it ends in)."""
    if field == "disclosure_category":
        return next((c.title_en for c in all_categories() if c.name == value), None)
    if field == "oit_item":
        return next((i.en for c in all_categories() for i in c.oit_items if i.th == value), None)
    if field == "fiscal_year" and value.isdigit():
        return f"FY {int(value) - 543}"
    return None


def _search_view(context, query: dict) -> Page:
    found = _search(context, query)
    organizations = _organizations(context)
    titles = {o["name"]: o.get("title") or o["name"] for o in organizations}
    found["facet_lists"] = [
        (field, th, en, _facet_items(found, field, titles if field == "organization" else facet_labels_th(field)))
        for field, th, en in FACET_HEADINGS]
    labels = {(field, i["name"]): i["label"] for field, _, _, items in found["facet_lists"] for i in items}
    found["active_filters"] = [
        (field, value, titles.get(value, value) if field == "organization" else labels.get((field, value), value),
         "/dataset?" + urlencode({k: v for k, v in found["params"].items() if k != field}))
        for field, value in found["filters"].items() if value]
    return Page("home.html", {**found, "organizations": organizations, "org_titles": titles},
                400 if found["error"] else 200)


# --- a dataset and its versions ---------------------------------------------------------------------------

def _versions(context, resource_id: str) -> list[dict]:
    try:
        return call_action("resource_version_list", context, {"id": resource_id})
    except NotFound:  # a resource deleted since an old version was recorded
        return []


def _metadata_rows(pkg: dict) -> list[dict]:
    """The dataset's core facts as (Thai label, English label, value, optional link, optional time)."""
    org = pkg.get("organization") or {}
    rows = [
        ("หน่วยงาน", "Organization", org.get("title") or org.get("name"),
         f"/organization/{org['name']}" if org.get("name") else None, None),
        ("สัญญาอนุญาต", "License", pkg.get("license_title") or pkg.get("license_id"), pkg.get("license_url"), None),
        ("ผู้ติดต่อ", "Maintainer", pkg.get("maintainer"), None, None),
        ("อีเมลผู้ติดต่อ", "Maintainer email", pkg.get("maintainer_email"),
         f"mailto:{pkg['maintainer_email']}" if pkg.get("maintainer_email") else None, None),
        ("ผู้จัดทำ", "Author", pkg.get("author"), None, None),
        ("อีเมลผู้จัดทำ", "Author email", pkg.get("author_email"),
         f"mailto:{pkg['author_email']}" if pkg.get("author_email") else None, None),
        ("รุ่น", "Version", pkg.get("version"), None, None),
        ("แหล่งข้อมูล", "Source", pkg.get("url"), pkg.get("url"), None),
        ("สร้างเมื่อ", "Created", None, None, pkg.get("metadata_created")),
        ("ปรับปรุงล่าสุด", "Last modified", None, None, pkg.get("metadata_modified")),
        ("ชื่อในระบบ", "Name", pkg.get("name"), None, None),
        ("รหัส", "Identifier", pkg.get("id"), None, None),
    ]
    return [{"th": th, "en": en, "value": value, "href": href, "time": time}
            for th, en, value, href, time in rows if value not in (None, "") or time]


def _gdc_rows(pkg: dict) -> list[dict]:
    """GD Catalog fields: top-level under the gdc schema, or extras when harvested from stock CKAN."""
    extras = {e["key"]: e.get("value") for e in pkg.get("extras") or []}
    rows = []
    for key, (th, en) in GDC_FIELDS.items():
        value = pkg.get(key, extras.get(key))
        if value not in (None, "", []):
            rows.append({"key": key, "th": th, "en": en, "value": value})
    return rows


def _other_extras(pkg: dict) -> list[dict]:
    """Extras shown as they are; the JSON ones (changelog, disclosure) get tables of their own (web/extras.py)."""
    return [e for e in pkg.get("extras") or [] if e["key"] not in GDC_FIELDS and e["key"] not in _SHOWN_KEYS
            and e["key"] not in STRUCTURED]


def _version_rows(pkg: dict, listed: list[dict]) -> list[dict]:
    """The timeline: one entry per published version (package_version_list), newest first, with the files
    whose bytes are new at it."""
    from catalog.server.web.versions import compare_href, version_href

    rows, before = [], {}
    for version in listed:
        files = {f["resource_id"]: f for f in version["files"]}
        new = [f for rid, f in files.items() if (before.get(rid) or {}).get("hash") != f["hash"]
               or before[rid]["version"] != f["version"]]
        th, en = ACTIVITY_LABELS["new package" if version["number"] == 1 else "changed package"]
        rows.append({"number": version["number"], "version": version["version"], "timestamp": version["timestamp"],
                     "label_th": th, "label_en": en, "files": new,
                     "type": "new package" if version["number"] == 1 else "changed package",
                     "lines": entry_lines(version["changelog"], pkg["resources"]),
                     "href": version_href(pkg["name"], version["number"]),
                     "compare": compare_href(pkg["name"], version["number"] - 1, version["number"])
                     if version["number"] > 1 else None,
                     "history": f"/dataset/{pkg['name']}/history/{version['activity_id']}"})
        before = files
    return list(reversed(rows))


def _dataset_view(context, query: dict, name: str) -> Page:
    from catalog.server.web.compliance import dataset_badge

    pkg = call_action("package_show", context, {"id": name})
    resources = []
    for resource in pkg["resources"]:
        resources.append({**resource, "versions": list(reversed(_versions(context, resource["id"])))})  # newest first
    trail = call_action("package_activity_list", context, {"id": pkg["id"], "limit": 1})
    latest = trail[0]["id"] if trail else None  # the current version, cited by its datapackage.json
    settings = context.store.settings()
    jsonld = dataset_jsonld(context.site_url, pkg, resources,
                            province=(settings.get("province_th") or "ภูเก็ต", settings.get("province_en") or "Phuket"),
                            version_url=datapackage_url(context.site_url, pkg["id"], latest) if latest else None)
    return Page("dataset.html", {
        "pkg": pkg, "resources": resources, "metadata": _metadata_rows(pkg), "gdc": _gdc_rows(pkg),
        "extras": _other_extras(pkg), "structured": structured_extras(pkg, pkg["name"]),
        "versions": _version_rows(pkg, call_action("package_version_list", context, {"id": pkg["id"]})),
        "compliance": dataset_badge(context, pkg, query.get("lang", "th")),
        "citation": dataset_citation(context, pkg, latest),
        "jsonld": script_json(jsonld)})


def _version_at(versions: list[dict], moment) -> dict | None:
    """The file version that was the latest at an activity's moment (uploads precede their activity)."""
    earlier = [v for v in versions if (parse_timestamp(v.get("created")) or moment) <= moment]
    return max(earlier, key=lambda v: v["version"]) if earlier else None


def _history_view(context, query: dict, name: str, activity_id: str) -> Page:
    current = call_action("package_show", context, {"id": name})
    activity = call_action("activity_show", context, {"id": activity_id})
    if activity["object_id"] != current["id"]:
        raise NotFound("Activity")
    then = call_action("activity_data_show", context, {"id": activity_id, "object_type": "package"})
    moment = parse_timestamp(activity["timestamp"])
    resources = []
    for resource in then.get("resources") or []:
        resources.append({**resource, "version_then": _version_at(_versions(context, resource["id"]), moment)})
    trail = call_action("package_activity_list", context, {"id": current["id"], "limit": 100})
    ids = [a["id"] for a in trail]
    index = ids.index(activity_id) if activity_id in ids else None
    newer = trail[index - 1] if index not in (None, 0) else None
    older = trail[index + 1] if index is not None and index + 1 < len(trail) else None
    th, en = ACTIVITY_LABELS.get(activity["activity_type"], (activity["activity_type"], activity["activity_type"]))
    return Page("history.html", {
        "pkg": then, "current": current, "activity": activity, "label_th": th, "label_en": en,
        "is_latest": index == 0, "resources": resources, "metadata": _metadata_rows(then), "gdc": _gdc_rows(then),
        "extras": _other_extras(then), "structured": structured_extras(then, current["name"]),
        "newer": f"/dataset/{current['name']}/history/{newer['id']}" if newer else None,
        "older": f"/dataset/{current['name']}/history/{older['id']}" if older else None})


# --- organizations ----------------------------------------------------------------------------------------

def _organization_list_view(context, query: dict) -> Page:
    organizations = _organizations(context)
    return Page("organization_list.html", {"organizations": organizations,
                                           "total": sum(o.get("package_count") or 0 for o in organizations)})


def _organization_view(context, query: dict, name: str) -> Page:
    org = call_action("organization_show", context, {"id": name, "include_datasets": False,
                                                     "include_users": False})
    found = _search(context, query, fixed={"organization": org["name"]})
    return Page("organization.html", {**found, "org": org})
