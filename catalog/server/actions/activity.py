"""The version trail: package_activity_list, activity_show, activity_data_show, activity_diff."""

from __future__ import annotations

import difflib
import json

from sqlalchemy import select

from catalog.server import datasets
from catalog.server.actions import action
from catalog.server.auth import check_access
from catalog.server.errors import NotFound, ValidationError
from catalog.server.paging import natural_number
from catalog.server.store import loads, tables


def _activity_dict(row, with_data: bool = True) -> dict:
    out = {"id": row.id, "timestamp": row.timestamp, "user_id": row.user_id, "object_id": row.object_id,
           "activity_type": row.activity_type}
    if with_data:
        out["data"] = loads(row.data)
    return out


@action(read=True)
def package_activity_list(context, data_dict):
    row = datasets.find_package_row(context.conn, data_dict.get("id"))
    pkg = loads(row.data)
    check_access("package_activity_list", context, {"package": pkg})
    query = select(tables.activity).where(tables.activity.c.object_id == row.id)
    if data_dict.get("after"):
        query = query.where(tables.activity.c.timestamp > str(data_dict["after"]))
    if data_dict.get("before"):
        query = query.where(tables.activity.c.timestamp < str(data_dict["before"]))
    types = data_dict.get("activity_types")
    if types:
        query = query.where(tables.activity.c.activity_type.in_(types if isinstance(types, list) else [types]))
    excluded = data_dict.get("exclude_activity_types")
    if excluded:
        query = query.where(tables.activity.c.activity_type.not_in(excluded if isinstance(excluded, list) else [excluded]))
    query = (query.order_by(tables.activity.c.timestamp.desc())
             .offset(natural_number(data_dict, "offset", 0)).limit(min(natural_number(data_dict, "limit", 31), 100)))
    return [_activity_dict(r) for r in context.conn.execute(query)]


def _activity(context, activity_id):
    row = context.conn.execute(select(tables.activity).where(tables.activity.c.id == activity_id)).first()
    if row is None:
        raise NotFound("Activity not found")
    pkg = loads(row.data).get("package") or {}
    check_access("activity_show", context, {"package": datasets.load_package(context.conn, row.object_id)
                                            if pkg.get("id") else pkg})
    return row


@action(read=True)
def activity_show(context, data_dict):
    return _activity_dict(_activity(context, data_dict.get("id")))


@action(read=True)
def activity_data_show(context, data_dict):
    data = loads(_activity(context, data_dict.get("id")).data)
    object_type = data_dict.get("object_type") or "package"
    if object_type not in data:
        raise NotFound(f"Could not find object {object_type}")
    return data[object_type]


@action(read=True)
def activity_diff(context, data_dict):
    """The change an activity made, as a unified diff of the dict before and after (CKAN's shape)."""
    row = _activity(context, data_dict.get("id"))
    previous = context.conn.execute(
        select(tables.activity).where(tables.activity.c.object_id == row.object_id,
                                      tables.activity.c.timestamp < row.timestamp)
        .order_by(tables.activity.c.timestamp.desc()).limit(1)).first()
    object_type = data_dict.get("object_type") or "package"
    after = loads(row.data).get(object_type)
    before = loads(previous.data).get(object_type) if previous else {}
    diff_type = data_dict.get("diff_type") or "unified"
    lines_before = json.dumps(before, indent=2, sort_keys=True, ensure_ascii=False).split("\n")
    lines_after = json.dumps(after, indent=2, sort_keys=True, ensure_ascii=False).split("\n")
    if diff_type == "unified":
        diff = "\n".join(difflib.unified_diff(lines_before, lines_after, lineterm=""))
    elif diff_type == "context":
        diff = "\n".join(difflib.context_diff(lines_before, lines_after, lineterm=""))
    elif diff_type == "html":
        diff = difflib.HtmlDiff().make_table(lines_before, lines_after)
    else:
        raise ValidationError({"diff_type": ["Must be one of: unified, context, html"]})
    return {"diff": diff, "activities": [_activity_dict(previous) if previous else None, _activity_dict(row)]}
