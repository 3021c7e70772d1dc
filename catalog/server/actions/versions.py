"""Dataset versions: dataset_version_list (each version with the URL of its own datapackage.json)."""

from __future__ import annotations

from sqlalchemy import select

from catalog.server import datasets
from catalog.server.actions import action
from catalog.server.auth import check_access
from catalog.server.paging import natural_number
from catalog.server.store import loads, tables
from catalog.server.versions import datapackage_url


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
