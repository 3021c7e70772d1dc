"""Dataset versions: dataset_version_list (every activity, each with the URL of its own datapackage.json) and
package_version_list (the published versions only, numbered, with their files and changelog entries)."""

from __future__ import annotations

from sqlalchemy import select

from catalog.server import datasets
from catalog.server.actions import action, call_action
from catalog.server.auth import check_access
from catalog.server.paging import natural_number
from catalog.server.store import loads, tables
from catalog.server.resources import version_url
from catalog.server.versions import datapackage_url, published_versions


@action(read=True)
def dataset_version_list(context, data_dict):
    """Every version of a dataset, newest first: the activity that made it, its `version` field and the
    permanent URL of its datapackage.json. Optional `limit` and `offset` page through a long history."""
    row = datasets.find_package_row(context.conn, data_dict.get("id"))
    check_access("dataset_version_list", context, {"package": loads(row.data)})
    activity = tables.activity
    query = (select(activity).where(activity.c.object_id == row.id)
             .order_by(activity.c.timestamp.desc(), activity.c.id.desc()))
    limit, offset = natural_number(data_dict, "limit"), natural_number(data_dict, "offset")
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    versions = []
    for act in context.conn.execute(query):
        stored = (loads(act.data) or {}).get("package") or {}
        versions.append({"activity_id": act.id, "timestamp": act.timestamp, "activity_type": act.activity_type,
                         "version": stored.get("version"),
                         "datapackage_url": datapackage_url(context.site_url, row.id, act.id)})
    return versions


@action(read=True)
def package_version_list(context, data_dict):
    """Every published version of a dataset, oldest first (see catalog/server/versions.py): its `number`
    (1, 2, …), `version` (SemVer), the activity that is it, its datapackage.json, its changelog entry (null
    for a dataset edited by hand) and the file each resource had then, with its permanent URL."""
    pkg = call_action("package_show", context, {"id": data_dict.get("id")})
    check_access("package_version_list", context, {"package": pkg})
    listed = []
    for found in published_versions(context.conn, pkg):
        names = {r.get("id"): r.get("name") for r in found.package.get("resources") or []}
        files = [{"resource_id": rid, "resource_name": names[rid] or row.filename, "version": row.number,
                  "filename": row.filename, "hash": f"sha256:{row.sha256}", "size": row.size,
                  "url": version_url(context.site_url, row.package_id, rid, row.number, row.filename)}
                 for rid, row in found.files.items() if rid in names]  # not those of resources deleted by then
        listed.append({"number": found.number, "version": found.version, "activity_id": found.activity.id,
                       "timestamp": found.activity.timestamp,
                       "datapackage_url": datapackage_url(context.site_url, pkg["id"], found.activity.id),
                       "changelog": found.entry, "files": files})
    return listed
