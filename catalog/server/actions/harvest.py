"""Harvesting's bookkeeping, as ckanext-harvest exposes it: harvest_source_create/show/list,
harvest_job_create/finish/show/list, harvest_object_list/save, harvest_objects_save. The harvesting itself is catalog/harvest/,
which records its sources, runs and objects through these actions."""

from __future__ import annotations

import json

from sqlalchemy import insert, select, update

from catalog.server.actions import action
from catalog.server.auth import check_access
from catalog.server.errors import NotFound, ValidationError
from catalog.server.paging import natural_number
from catalog.server.schemas.ckan_default import NAME_RE
from catalog.server.store import new_id, now_iso, tables

SOURCE_TYPES = ("ckan", "dcat")


def _source_dict(row) -> dict:
    return {"id": row.id, "name": row.name, "url": row.url, "source_type": row.type,
            "config": json.loads(row.config or "{}"), "created": row.created}


def _job_dict(row) -> dict:
    return {"id": row.id, "source_id": row.source_id, "status": row.status, "started": row.started,
            "finished": row.finished, "gather_since": row.gather_since, "report": json.loads(row.report or "{}")}


def _object_dict(row) -> dict:
    return {"id": row.id, "source_id": row.source_id, "remote_id": row.remote_id, "package_id": row.package_id,
            "remote_url": row.remote_url, "remote_modified": row.remote_modified, "harvested": row.harvested,
            "job_id": row.job_id, "state": row.state, "missing_since": row.missing_since}


def find_source(conn, ref: str | None):
    source = tables.harvest_source
    row = conn.execute(select(source).where((source.c.id == ref) | (source.c.name == ref))).first() if ref else None
    if row is None:
        raise NotFound("Harvest source not found")
    return row


@action()
def harvest_source_create(context, data_dict):
    """A catalog to gather from: `name`, `url`, `source_type` (ckan or dcat), `config` (a dict)."""
    check_access("harvest_source_create", context, data_dict)
    errors = {}
    name, url, kind = data_dict.get("name") or "", (data_dict.get("url") or "").strip(), data_dict.get("source_type")
    if not NAME_RE.match(name) or not 2 <= len(name) <= 100:
        errors["name"] = ["Must be 2-100 lowercase letters, digits, - or _"]
    elif context.conn.execute(select(tables.harvest_source.c.id).where(tables.harvest_source.c.name == name)).first():
        errors["name"] = ["That harvest source name is already in use."]
    if not url.startswith(("http://", "https://")):
        errors["url"] = ["Must be an http(s) URL"]
    if kind not in SOURCE_TYPES:
        errors["source_type"] = [f"Must be one of {', '.join(SOURCE_TYPES)}"]
    config = data_dict.get("config") or {}
    if isinstance(config, str):
        try:
            config = json.loads(config)
        except ValueError:
            config = None
    if not isinstance(config, dict):
        errors["config"] = ["Must be a JSON object"]
    if errors:
        raise ValidationError(errors)
    row = {"id": new_id(), "name": name, "url": url.rstrip("/"), "type": kind,
           "config": json.dumps(config, ensure_ascii=False), "created": now_iso()}
    context.conn.execute(insert(tables.harvest_source).values(**row))
    return _source_dict(find_source(context.conn, row["id"]))


@action(read=True)
def harvest_source_show(context, data_dict):
    check_access("harvest_source_show", context, data_dict)
    return _source_dict(find_source(context.conn, data_dict.get("id")))


@action(read=True)
def harvest_source_list(context, data_dict):
    check_access("harvest_source_list", context, data_dict)
    rows = context.conn.execute(select(tables.harvest_source).order_by(tables.harvest_source.c.name))
    return [_source_dict(row) for row in rows]


@action()
def harvest_job_create(context, data_dict):
    """A run of a source begins: `source_id`, `gather_since` (None: a full run)."""
    check_access("harvest_job_create", context, data_dict)
    source = find_source(context.conn, data_dict.get("source_id"))
    row = {"id": new_id(), "source_id": source.id, "status": "running", "started": now_iso(),
           "gather_since": data_dict.get("gather_since")}
    context.conn.execute(insert(tables.harvest_job).values(**row))
    return _job_dict(_find_job(context.conn, row["id"]))


@action()
def harvest_job_finish(context, data_dict):
    """A run ends: `id`, `status` (finished or failed), `report` (a dict)."""
    check_access("harvest_job_finish", context, data_dict)
    job = _find_job(context.conn, data_dict.get("id"))
    status = data_dict.get("status")
    if status not in ("finished", "failed"):
        raise ValidationError({"status": ["Must be finished or failed"]})
    context.conn.execute(update(tables.harvest_job).where(tables.harvest_job.c.id == job.id).values(
        status=status, finished=now_iso(), report=json.dumps(data_dict.get("report") or {}, ensure_ascii=False)))
    return _job_dict(_find_job(context.conn, job.id))


def _find_job(conn, job_id):
    row = conn.execute(select(tables.harvest_job).where(tables.harvest_job.c.id == job_id)).first()
    if row is None:
        raise NotFound("Harvest job not found")
    return row


@action(read=True)
def harvest_job_show(context, data_dict):
    check_access("harvest_job_show", context, data_dict)
    return _job_dict(_find_job(context.conn, data_dict.get("id")))


@action(read=True)
def harvest_job_list(context, data_dict):
    """A source's runs, newest first (`source_id`; `status` to keep one status; `limit`)."""
    check_access("harvest_job_list", context, data_dict)
    job = tables.harvest_job
    query = select(job).order_by(job.c.started.desc(), job.c.id.desc())
    if data_dict.get("source_id"):
        query = query.where(job.c.source_id == find_source(context.conn, data_dict["source_id"]).id)
    if data_dict.get("status"):
        query = query.where(job.c.status == data_dict["status"])
    limit = natural_number(data_dict, "limit")
    if limit is not None:
        query = query.limit(limit)
    return [_job_dict(row) for row in context.conn.execute(query)]


@action(read=True)
def harvest_object_list(context, data_dict):
    """What this catalog holds of each dataset a source gave (`source_id`; `state` to keep one state)."""
    check_access("harvest_object_list", context, data_dict)
    obj = tables.harvest_object
    query = select(obj).where(obj.c.source_id == find_source(context.conn, data_dict.get("source_id")).id)
    if data_dict.get("state"):
        query = query.where(obj.c.state == data_dict["state"])
    return [_object_dict(row) for row in context.conn.execute(query.order_by(obj.c.remote_id))]


_OBJECT_KEYS = ("package_id", "remote_url", "remote_modified", "harvested", "job_id", "state", "missing_since")


@action()
def harvest_object_save(context, data_dict):
    """Record a remote dataset's state here: `source_id`, `remote_id` and any of package_id, remote_url,
    remote_modified, harvested, job_id, state, missing_since (keys not sent are kept)."""
    check_access("harvest_object_save", context, data_dict)
    fields = {k: v for k, v in data_dict.items() if k != "source_id"}
    return harvest_objects_save(context, {"source_id": data_dict.get("source_id"), "objects": [fields]})[0]


@action()
def harvest_objects_save(context, data_dict):
    """harvest_object_save for many remote datasets of one source at once (`source_id`, `objects`): what a
    harvest run records for each batch of datasets it writes."""
    check_access("harvest_objects_save", context, data_dict)
    source = find_source(context.conn, data_dict.get("source_id"))
    given = data_dict.get("objects") or []
    if not isinstance(given, list) or any(not isinstance(o, dict) or not o.get("remote_id") for o in given):
        raise ValidationError({"objects": ["Must be a list of objects, each with a remote_id"]})
    obj = tables.harvest_object
    remote_ids = [str(o["remote_id"]) for o in given]
    found = {row.remote_id: row.id for row in context.conn.execute(
        select(obj.c.remote_id, obj.c.id).where(obj.c.source_id == source.id, obj.c.remote_id.in_(remote_ids)))}
    new = []
    for item in given:
        values = {key: item[key] for key in _OBJECT_KEYS if key in item}
        remote_id = str(item["remote_id"])
        if remote_id in found:
            if values:
                context.conn.execute(update(obj).where(obj.c.id == found[remote_id]).values(**values))
        else:
            found[remote_id] = new_id()
            new.append({"id": found[remote_id], "source_id": source.id, "remote_id": remote_id,
                        **{key: None for key in _OBJECT_KEYS}, "state": "current", **values})
    if new:
        context.conn.execute(insert(obj), new)
    rows = {row.remote_id: row for row in context.conn.execute(
        select(obj).where(obj.c.source_id == source.id, obj.c.remote_id.in_(remote_ids)))}
    return [_object_dict(rows[remote_id]) for remote_id in remote_ids]
