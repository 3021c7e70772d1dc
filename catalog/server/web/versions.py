"""Version pages a reader can follow: `/dataset/{id}/version/{n}` (n counts the published versions from 1;
the SemVer, `/dataset/{id}/version/1.2.0`, answers the same page) says what changed in words and links the
version's datapackage.json and the permanent link of each file; `/dataset/{id}/compare?from=N&to=M&resource=…`
lists the rows of one table that differ between two versions, changed cells as old → new, a page at a time.

Reads go through the Action API as an anonymous reader (package_version_list, activity_data_show), so a
private dataset's versions are "not found" like its page. The rows are compared by catalog/rows/diff.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from catalog.ckanmodel.jsontext import from_text
from catalog.server.actions import call_action
from catalog.server.errors import NotFound
from catalog.server.versions import datapackage_url
from catalog.server.web.changelog import amount, entry_lines, level_words, number_types
from catalog.server.web.citation import citation_for
from catalog.server.web.citation_files import site_title
from catalog.server.web.extras import structured_extras
from catalog.server.web.pages import Page, _gdc_rows, _metadata_rows, _other_extras, _respond, pagination


def routes() -> list[Route]:
    return [
        Route("/dataset/{name:ckan_name}/version/{ref}", version_page, name="dataset_version"),
        Route("/dataset/{name:ckan_name}/compare", compare_page, name="dataset_compare"),
    ]


async def version_page(request: Request) -> HTMLResponse:
    return await _respond(request, version_view, "datasets", request.path_params["name"],
                          request.path_params["ref"])


async def compare_page(request: Request) -> HTMLResponse:
    return await _respond(request, compare_view, "datasets", request.path_params["name"])


# --- finding versions -----------------------------------------------------------------------------------------

def _listed(context, name: str) -> tuple[dict, list[dict]]:
    pkg = call_action("package_show", context, {"id": name})
    return pkg, call_action("package_version_list", context, {"id": pkg["id"]})


def _find(listed: list[dict], ref: str) -> dict:
    """A version by its number ("2"), its SemVer ("1.1.0", the newest of that number if it came back) or
    its activity id (the version's URI in DCAT)."""
    if ref.isdigit():
        number = int(ref)
        if 1 <= number <= len(listed):
            return listed[number - 1]
    else:
        named = [v for v in listed if v["version"] == ref] or [v for v in listed if v["activity_id"] == ref]
        if named:
            return named[-1]
    raise NotFound("Version not found")


def version_href(name: str, number: int) -> str:
    return f"/dataset/{name}/version/{number}"


def _link(name: str, version: dict | None) -> dict | None:
    return {"href": version_href(name, version["number"]), "title": _title(version)} if version else None


def compare_href(name: str, old: int, new: int, resource: str | None = None, page: int = 1) -> str:
    params = {"from": old, "to": new, **({"resource": resource} if resource else {}), **({"page": page} if page > 1
                                                                                         else {})}
    return f"/dataset/{name}/compare?" + urlencode(params)


def _is_table(resource: dict, file: dict | None) -> bool:
    name = (file or {}).get("filename") or resource.get("url") or ""
    return (resource.get("format") or "").upper() == "CSV" or name.lower().endswith(".csv")


def _title(version: dict) -> tuple[str, str]:
    """How a version is called: 'รุ่น 1.1.0' or, without a SemVer, 'รุ่นที่ 2'."""
    if version.get("version"):
        return f"รุ่น {version['version']}", f"Version {version['version']}"
    return f"รุ่นที่ {version['number']}", f"Version no. {version['number']}"


# --- a version --------------------------------------------------------------------------------------------------

def version_view(context, query: dict, name: str, ref: str) -> Page:
    pkg, listed = _listed(context, name)
    chosen = _find(listed, ref)
    then = call_action("activity_data_show", context, {"id": chosen["activity_id"], "object_type": "package"})
    dataset = pkg["name"]
    number = chosen["number"]
    previous = listed[number - 2] if number > 1 else None
    following = listed[number] if number < len(listed) else None
    files = {f["resource_id"]: f for f in chosen["files"]}
    before = {f["resource_id"]: f for f in previous["files"]} if previous else {}
    resources = []
    for resource in then.get("resources") or []:
        file = files.get(resource["id"])
        old = before.get(resource["id"])
        is_new = file is not None and (old is None or (old["version"], old["hash"]) != (file["version"], file["hash"]))
        compare = compare_href(dataset, number - 1, number, resource.get("name") or resource["id"]) \
            if previous and is_new and _is_table(resource, file) else None
        resources.append({**resource, "file": file, "is_new": is_new, "compare": compare})
    th, en = _title(chosen)
    return Page("version.html", {
        "pkg": then, "current": pkg, "version": chosen, "title_th": th, "title_en": en, "count": len(listed),
        "is_latest": following is None, "level": level_words(chosen["changelog"]),
        "lines": entry_lines(chosen["changelog"], then.get("resources")), "resources": resources,
        "canonical": version_href(dataset, number),
        "previous": _link(dataset, previous), "next": _link(dataset, following),
        "compare": compare_href(dataset, number - 1, number) if previous else None,
        "history": f"/dataset/{dataset}/history/{chosen['activity_id']}",
        "metadata": _metadata_rows(then), "gdc": _gdc_rows(then), "extras": _other_extras(then),
        "structured": structured_extras(then, dataset),
        "citation": citation_for(context.site_url, site_title(context.store), then,
                                 version_url=datapackage_url(context.site_url, pkg["id"], chosen["activity_id"]))})


# --- two versions' rows -------------------------------------------------------------------------------------------

def _number(query: dict, key: str, default: int) -> int | None:
    text = (query.get(key) or "").strip()
    if not text:
        return default
    return int(text) if text.isdigit() else None


def _resource_of(package: dict, ref: str | None) -> dict | None:
    resources = package.get("resources") or []
    return next((r for r in resources if r.get("id") == ref), None) or \
        next((r for r in resources if r.get("name") == ref), None)


def _key_of(resource: dict | None) -> list[str]:
    schema = from_text((resource or {}).get("schema"))
    key = schema.get("primaryKey") if isinstance(schema, dict) else None
    return [key] if isinstance(key, str) else [k for k in key or [] if isinstance(k, str)]


def _titles(*resources: dict | None) -> dict[str, str]:
    titles = {}
    for resource in resources:
        schema = from_text((resource or {}).get("schema"))
        for f in (schema.get("fields") if isinstance(schema, dict) else None) or []:
            if isinstance(f, dict) and f.get("name") and f.get("title"):
                titles.setdefault(f["name"], f["title"])
    return titles


def compare_view(context, query: dict, name: str) -> Page:
    pkg, listed = _listed(context, name)
    dataset = pkg["name"]
    if not listed:
        raise NotFound("No published version")
    new_number = _number(query, "to", len(listed))
    old_number = _number(query, "from", (new_number or 1) - 1)
    if new_number is None or old_number is None or not 1 <= new_number <= len(listed) \
            or not 0 <= old_number <= len(listed):
        raise NotFound("Version not found")
    new = listed[new_number - 1]
    old = listed[old_number - 1] if old_number else None
    new_pkg = call_action("activity_data_show", context, {"id": new["activity_id"], "object_type": "package"})
    old_pkg = call_action("activity_data_show", context, {"id": old["activity_id"], "object_type": "package"}) \
        if old else {}
    new_files = {f["resource_id"]: f for f in new["files"]}
    old_files = {f["resource_id"]: f for f in old["files"]} if old else {}
    tables = []  # the uploaded CSV tables of either version, each once
    for package, files in ((new_pkg, new_files), (old_pkg, old_files)):
        for resource in package.get("resources") or []:
            file = files.get(resource["id"])
            if file and _is_table(resource, file) and all(t["id"] != resource["id"] for t in tables):
                tables.append(resource)
    wanted = query.get("resource") or (tables[0]["id"] if tables else None)
    resource = _resource_of(new_pkg, wanted) or _resource_of(old_pkg, wanted)
    if resource is None or all(t["id"] != resource["id"] for t in tables):
        raise NotFound("Resource not found")
    rid = resource["id"]
    new_resource, old_resource = _resource_of(new_pkg, rid), _resource_of(old_pkg, rid)
    new_file, old_file = new_files.get(rid), old_files.get(rid)
    try:
        page = max(1, min(int(query.get("page") or 1), 1_000_000))
    except ValueError:
        page = 1
    from catalog.rows.diff import PAGE_SIZE, RowsUnreadable, diff_tables  # DuckDB, only when rows are compared

    blob = context.store.blob_path
    diff, unreadable = None, None
    try:
        diff = diff_tables(blob(old_file["hash"].split(":", 1)[1]) if old_file else None,
                           blob(new_file["hash"].split(":", 1)[1]) if new_file else None,
                           _key_of(new_resource or old_resource), page, PAGE_SIZE)
    except RowsUnreadable:
        unreadable = True
    ref = resource.get("name") or rid
    pages = pagination(diff.page, diff.pages, lambda n: compare_href(dataset, old_number, new_number, ref, n)) \
        if diff else None
    titles = _titles(new_resource, old_resource)
    return Page("compare.html", {
        "pkg": pkg, "dataset": dataset, "versions": listed, "old": old, "new": new,
        "old_title": _title(old) if old else ("ก่อนรุ่นแรก", "before the first version"), "new_title": _title(new),
        "old_number": old_number, "new_number": new_number, "resource": resource, "tables": tables,
        "old_file": old_file, "new_file": new_file, "diff": diff, "unreadable": unreadable, "pages": pages,
        "columns": [{"name": c, "title": titles.get(c)} for c in diff.columns] if diff else [],
        "amounts": number_types(new_resource or old_resource), "amount": amount,
        "old_href": version_href(dataset, old_number) if old else None,
        "new_href": version_href(dataset, new_number)})
