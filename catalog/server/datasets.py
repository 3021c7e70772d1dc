"""Reading and writing datasets in the store: the one place that keeps `package.data` (the package_show
dict) and the rows that index it (terms, resources, full text, activity) in step."""

from __future__ import annotations

import datetime as dt
import mimetypes
from urllib.parse import urlparse

from sqlalchemy import bindparam, delete, insert, or_, select, update

from catalog.server.errors import NotFound
from catalog.server.licenses import license_facts
from catalog.server.row_tables import resource_sha256, row_texts
from catalog.server.search.disclosure_fields import disclosure_terms
from catalog.server.store import dumps, loads, new_id, now_iso, tables

PACKAGE_CORE_KEYS = ("id", "name", "title", "version", "url", "author", "author_email", "maintainer",
                     "maintainer_email", "notes", "license_id", "type", "owner_org", "private", "state")

RESOURCE_CORE_KEYS = ("id", "package_id", "url", "format", "description", "hash", "position", "name",
                      "resource_type", "mimetype", "mimetype_inner", "size", "created", "last_modified",
                      "metadata_modified", "url_type", "state", "cache_url", "cache_last_updated")


# built once: making the statement on every package_show cost more than running it
_PACKAGE_BY_ID_OR_NAME = select(tables.package).where(
    or_(tables.package.c.id == bindparam("ref"), tables.package.c.name == bindparam("ref")))


def find_package_row(conn, id_or_name: str):
    if not id_or_name:
        raise NotFound("Dataset")
    row = conn.execute(_PACKAGE_BY_ID_OR_NAME, {"ref": id_or_name}).first()
    if row is None:
        raise NotFound("Dataset")
    return row


def load_package(conn, id_or_name: str) -> dict:
    return loads(find_package_row(conn, id_or_name).data)


_GROUP_BY_REF = select(tables.group).where(or_(tables.group.c.id == bindparam("ref"),
                                                tables.group.c.name == bindparam("ref")))
_GROUPS_BY_KIND = {None: _GROUP_BY_REF, True: _GROUP_BY_REF.where(tables.group.c.is_organization.is_(True)),
                   False: _GROUP_BY_REF.where(tables.group.c.is_organization.is_(False))}


def find_group_row(conn, id_or_name: str, is_organization: bool | None = None):
    return conn.execute(_GROUPS_BY_KIND[is_organization], {"ref": id_or_name}).first() if id_or_name else None


def organization_summary(row) -> dict | None:
    """The organization as embedded in a package dict."""
    if row is None:
        return None
    data = loads(row.data)
    return {"id": row.id, "name": row.name, "title": data.get("title", ""), "type": "organization",
            "description": data.get("description", ""), "image_url": data.get("image_url", ""),
            "created": row.created, "is_organization": True, "approval_status": "approved", "state": row.state}


def group_summary(row) -> dict:
    data = loads(row.data)
    return {"id": row.id, "name": row.name, "title": data.get("title", ""),
            "display_name": data.get("title") or row.name, "description": data.get("description", ""),
            "image_display_url": data.get("image_url", "")}


def guess_format(url: str | None) -> str:
    path = urlparse(url or "").path
    if "." not in path.rsplit("/", 1)[-1]:
        return ""
    return path.rsplit(".", 1)[-1].upper()


def guess_mimetype(name: str | None) -> str | None:
    return mimetypes.guess_type(name or "")[0]


def finish_package(conn, pkg: dict) -> dict:
    """Fill the derived keys of a package dict (licence facts, counts, organization, tag shapes)."""
    title, url, isopen = license_facts(pkg.get("license_id"))
    pkg["license_title"], pkg["license_url"], pkg["isopen"] = title, url, isopen  # always present: clients index them
    org_row = find_group_row(conn, pkg.get("owner_org"), True) if pkg.get("owner_org") else None
    pkg["organization"] = organization_summary(org_row)
    resources = [r for r in pkg.get("resources", []) if r.get("state", "active") == "active"]
    for position, resource in enumerate(resources):
        resource["position"] = position
        resource["package_id"] = pkg["id"]
    pkg["resources"] = resources
    pkg["num_resources"] = len(resources)
    pkg["tags"] = sorted(pkg.get("tags", []), key=lambda t: t["name"])
    pkg["num_tags"] = len(pkg["tags"])
    pkg["extras"] = sorted(pkg.get("extras", []), key=lambda e: e["key"])
    pkg.setdefault("groups", [])
    pkg.setdefault("relationships_as_subject", [])
    pkg.setdefault("relationships_as_object", [])
    return pkg


def _terms(pkg: dict) -> list[tuple[str, str]]:
    """(field, value) pairs that fq and facets look up."""
    terms = [("tags", t["name"]) for t in pkg.get("tags", [])]
    terms += [("groups", g["name"]) for g in pkg.get("groups", [])]
    # one value for "CSV" and "csv" (CKAN keeps formats as typed; fq on res_format is upper-cased to match)
    terms += [("res_format", str(r["format"]).strip().upper()) for r in pkg.get("resources", [])
              if str(r.get("format") or "").strip()]
    terms += disclosure_terms(pkg)
    terms += [(f"extras_{e['key']}", str(e["value"])) for e in pkg.get("extras", [])]
    if pkg.get("organization"):
        terms.append(("organization", pkg["organization"]["name"]))
    for key in ("license_id", "owner_org", "name", "id", "type", "state", "version", "author", "maintainer",
                "url", "title"):
        if pkg.get(key) not in (None, ""):
            terms.append((key if key != "type" else "dataset_type", str(pkg[key])))
    terms.append(("private", "true" if pkg.get("private") else "false"))
    return sorted(set(terms))


def _search_body(conn, pkg: dict) -> str:
    parts = [pkg.get("name", ""), pkg.get("title", ""), pkg.get("notes", "") or ""]
    parts += [t["name"] for t in pkg.get("tags", [])]
    parts += [g.get("title") or g["name"] for g in pkg.get("groups", [])]
    parts += [r.get("name") or "" for r in pkg.get("resources", [])]
    if pkg.get("organization"):
        parts.append(pkg["organization"].get("title") or "")
    # the current files' rows, so that a word in a table finds its dataset
    parts += row_texts(conn, [s for s in map(resource_sha256, pkg.get("resources", [])) if s]).values()
    return "\n".join(p for p in parts if p)


# the statements of every write, built once (see _PACKAGE_BY_ID_OR_NAME): a harvest writes thousands of datasets
_MODIFIED_OF = select(tables.package.c.metadata_modified).where(tables.package.c.id == bindparam("pid"))
_INSERT_PACKAGE = insert(tables.package)
_UPDATE_PACKAGE = update(tables.package).where(tables.package.c.id == bindparam("pid"))
_DELETE_TERMS = delete(tables.package_term).where(tables.package_term.c.package_id == bindparam("pid"))
_INSERT_TERMS = insert(tables.package_term)
_DELETE_RESOURCES = delete(tables.resource_index).where(tables.resource_index.c.package_id == bindparam("pid"))
_INSERT_RESOURCES = insert(tables.resource_index)
_INSERT_ACTIVITY = insert(tables.activity)
_CLAIM_FILE_VERSIONS = update(tables.resource_version).where(
    tables.resource_version.c.package_id == bindparam("pid"),
    tables.resource_version.c.activity_id.is_(None)).values(activity_id=bindparam("aid"))


def _next_stamp(conn, package_id: str) -> str:
    """Now, but always later than the dataset's last change, even if the clock stepped back: harvesters
    import a dataset only when its metadata_modified grew."""
    stamp = now_iso()
    previous = conn.execute(_MODIFIED_OF, {"pid": package_id}).scalar()
    if previous and stamp <= previous:
        later = dt.datetime.fromisoformat(previous) + dt.timedelta(microseconds=1)
        stamp = later.isoformat(timespec="microseconds")
    return stamp


def save_package(context, pkg: dict, *, created: bool, activity_type: str | None) -> dict:
    """Write a finished package dict and everything that indexes it; record the activity."""
    conn = context.conn
    stamp = now_iso() if created else _next_stamp(conn, pkg["id"])
    pkg["metadata_modified"] = stamp
    if created:
        pkg["metadata_created"] = stamp
    pkg = finish_package(conn, pkg)
    row = {"id": pkg["id"], "name": pkg["name"], "owner_org": pkg.get("owner_org"), "private": bool(pkg.get("private")),
           "state": pkg.get("state", "active"), "type": pkg.get("type", "dataset"), "title": pkg.get("title"),
           "metadata_created": pkg["metadata_created"], "metadata_modified": stamp, "data": dumps(pkg)}
    if created:
        conn.execute(_INSERT_PACKAGE, row)
    else:
        conn.execute(_UPDATE_PACKAGE, {**row, "pid": pkg["id"]})
    if not created:
        conn.execute(_DELETE_TERMS, {"pid": pkg["id"]})
    terms = _terms(pkg)
    if terms:
        conn.execute(_INSERT_TERMS, [{"package_id": pkg["id"], "field": f, "value": v} for f, v in terms])
    if not created:
        conn.execute(_DELETE_RESOURCES, {"pid": pkg["id"]})
    if pkg["resources"]:
        conn.execute(_INSERT_RESOURCES, [{"id": r["id"], "package_id": pkg["id"], "state": "active"}
                                         for r in pkg["resources"]])
    _write_search_text(conn, pkg)
    if activity_type:
        record_activity(context, pkg, activity_type, stamp)
    return pkg


def refresh_search_text(conn, package_id: str) -> None:
    """Write a dataset's search text again (its files' rows were loaded after it was saved)."""
    row = conn.execute(select(tables.package.c.data).where(tables.package.c.id == package_id)).first()
    if row is not None:
        _write_search_text(conn, loads(row.data))


def _write_search_text(conn, pkg: dict) -> None:
    # the search row shares the dataset row's rowid: found and replaced by key, not by scanning
    conn.exec_driver_sql("DELETE FROM package_fts WHERE rowid = (SELECT rowid FROM package WHERE id = ?)", (pkg["id"],))
    conn.exec_driver_sql("INSERT INTO package_fts (rowid, package_id, body) "
                         "SELECT rowid, id, ? FROM package WHERE id = ?", (_search_body(conn, pkg), pkg["id"]))


def record_activity(context, pkg: dict, activity_type: str, stamp: str | None = None) -> str:
    activity_id = new_id()
    context.conn.execute(_INSERT_ACTIVITY, {
        "id": activity_id, "timestamp": stamp or now_iso(), "user_id": context.user["id"] if context.user else None,
        "object_id": pkg["id"], "activity_type": activity_type, "data": dumps({"package": pkg})})
    context.extra["activity_id"] = activity_id
    # the file versions this write added belong to this activity
    context.conn.execute(_CLAIM_FILE_VERSIONS, {"pid": pkg["id"], "aid": activity_id})
    return activity_id


def purge_package(conn, package_id: str) -> None:
    """Remove a dataset and its trail (its blobs stay: other versions may share the same bytes)."""
    for table in (tables.package_term, tables.resource_index, tables.package_group, tables.resource_version):
        conn.execute(delete(table).where(table.c.package_id == package_id))
    conn.execute(delete(tables.activity).where(tables.activity.c.object_id == package_id))
    conn.exec_driver_sql("DELETE FROM package_fts WHERE rowid = (SELECT rowid FROM package WHERE id = ?)", (package_id,))
    conn.execute(delete(tables.package).where(tables.package.c.id == package_id))
