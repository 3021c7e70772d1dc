"""Dataset actions: package_show, package_list, package_create, package_update, package_patch,
package_revise, package_delete, dataset_purge."""

from __future__ import annotations

import copy
import json
import uuid

from sqlalchemy import bindparam, select

from catalog.server import datasets
from catalog.server.actions import action, call_action
from catalog.server.auth import check_access
from catalog.server.booleans import asbool
from catalog.server.errors import IntegrityError, NotFound, ValidationError
from catalog.server.paging import natural_number
from catalog.server.resources import merge_resources
from catalog.server.schemas import validate_package_dict
from catalog.server.store import new_id, tables


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value)  # form posts carry lists as JSON strings
            return parsed if isinstance(parsed, list) else [parsed]
        except json.JSONDecodeError:
            return [value]
    return list(value)


def _tags(data: dict) -> list[dict]:
    names: list[str] = []
    if data.get("tag_string"):
        names += [t.strip() for t in str(data["tag_string"]).split(",") if t.strip()]
    for tag in _as_list(data.get("tags")):
        name = tag.get("name") if isinstance(tag, dict) else str(tag)
        if name and name.strip():
            names.append(name.strip())
    seen, tags = set(), []
    for name in names:
        if name not in seen:
            seen.add(name)
            tags.append({"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "tag:" + name)), "name": name,
                         "display_name": name, "state": "active", "vocabulary_id": None})
    return tags


def _extras(data: dict) -> list[dict]:
    extras = {}
    for extra in _as_list(data.get("extras")):
        if isinstance(extra, dict) and extra.get("key") and not extra.get("deleted"):
            value = extra.get("value")
            extras[extra["key"]] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return [{"key": k, "value": v} for k, v in extras.items()]


def _groups(context, data: dict) -> list[dict]:
    out = []
    for group in _as_list(data.get("groups")):
        ref = group.get("id") or group.get("name") if isinstance(group, dict) else str(group)
        row = datasets.find_group_row(context.conn, ref, False)
        if row is None:
            raise ValidationError({"groups": [f"Group {ref} does not exist"]})
        out.append(datasets.group_summary(row))
    return out


_SUBSCHEMAS = ("resources", "tags", "extras", "groups")


def _lists_of_dicts(data: dict) -> dict:
    """CKAN's DataError: these keys hold lists of dicts (form posts send them as JSON strings); any other
    shape is a 400 Integrity Error, before a schema ever sees it."""
    data = dict(data)
    for key in _SUBSCHEMAS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str) and not value.strip():
            value = []
        elif isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                pass
        wrong = [value] if not isinstance(value, list) else [v for v in value if not isinstance(v, dict)]
        if wrong:
            raise IntegrityError(f"Only lists of dicts can be placed against subschema {key}, not "
                                 f"{type(wrong[0]).__name__}", data={key: data[key]})
        data[key] = value
    return data


def build_package_dict(context, data: dict, existing: dict | None) -> dict:
    """Validate input and produce the package dict to store (not yet finished or saved)."""
    package_id = existing["id"] if existing else None
    data = _lists_of_dicts(data)
    clean = validate_package_dict(context, data, package_id)
    pkg = {k: v for k, v in clean.items() if k not in {"tags", "tag_string", "extras", "groups", "resources"}}
    pkg["id"] = package_id or _new_package_id(context, data.get("id"))
    pkg["type"] = pkg.get("type") or (existing or {}).get("type") or "dataset"
    pkg["state"] = pkg.get("state") or "active"
    pkg["private"] = asbool(pkg.get("private", False))
    for key in datasets.PACKAGE_CORE_KEYS:
        pkg.setdefault(key, None)
    pkg["title"] = pkg.get("title") or pkg["name"]
    pkg["tags"] = _tags(clean)
    pkg["extras"] = _extras(clean)
    pkg["groups"] = _groups(context, clean)
    pkg["creator_user_id"] = (existing or {}).get("creator_user_id") or (context.user or {}).get("id")
    if existing:
        pkg["metadata_created"] = existing["metadata_created"]
    pkg["resources"] = merge_resources(context, pkg["id"], _as_list(clean.get("resources")),
                                       (existing or {}).get("resources", []))
    return pkg


def _new_package_id(context, wanted) -> str:
    if not wanted:
        return new_id()
    if not context.sysadmin:
        raise ValidationError({"id": ["Only sysadmins may choose a dataset id"]})
    try:
        uuid.UUID(str(wanted))
    except ValueError:
        raise ValidationError({"id": ["Invalid UUID"]}) from None
    if context.conn.execute(select(tables.package.c.id).where(tables.package.c.id == wanted)).first():
        raise ValidationError({"id": ["Dataset id already exists"]})
    return str(wanted)


_DELETE_GROUPS = tables.package_group.delete().where(tables.package_group.c.package_id == bindparam("pid"))


def _sync_groups(conn, pkg: dict) -> None:
    conn.execute(_DELETE_GROUPS, {"pid": pkg["id"]})
    if pkg.get("groups"):
        conn.execute(tables.package_group.insert(), [{"package_id": pkg["id"], "group_id": group["id"]}
                                                     for group in pkg["groups"]])


@action(read=True)
def package_show(context, data_dict):
    pkg = datasets.load_package(context.conn, data_dict.get("id") or data_dict.get("name_or_id"))
    check_access("package_show", context, {"package": pkg})
    return pkg


@action(read=True)
def package_list(context, data_dict):
    check_access("package_list", context, data_dict)
    query = (select(tables.package.c.name).where(tables.package.c.state == "active",
                                                 tables.package.c.private.is_(False))
             .order_by(tables.package.c.name))
    limit, offset = natural_number(data_dict, "limit"), natural_number(data_dict, "offset")
    if limit is not None:
        query = query.limit(limit)
    if offset is not None:
        query = query.offset(offset)
    return [row.name for row in context.conn.execute(query)]


@action()
def package_create(context, data_dict):
    check_access("package_create", context, data_dict)
    pkg = build_package_dict(context, data_dict, None)
    pkg = datasets.save_package(context, pkg, created=True, activity_type="new package")
    _sync_groups(context.conn, pkg)
    return pkg


def _existing(context, data_dict) -> dict:
    ref = data_dict.get("id") or data_dict.get("name")
    try:
        return datasets.load_package(context.conn, ref)
    except NotFound:
        raise NotFound("Package was not found.") from None


@action()
def package_update(context, data_dict):
    """Replace the dataset; resources not sent are deleted, as in CKAN."""
    existing = _existing(context, data_dict)
    check_access("package_update", context, {"package": existing, "new": data_dict})
    data = dict(data_dict)
    data.setdefault("name", existing["name"])
    pkg = build_package_dict(context, data, existing)
    pkg = datasets.save_package(context, pkg, created=False, activity_type="changed package")
    _sync_groups(context.conn, pkg)
    return pkg


@action()
def package_patch(context, data_dict):
    """Update only the keys sent; everything else (resources included) stays."""
    existing = _existing(context, data_dict)
    merged = copy.deepcopy(existing)
    merged.update({k: v for k, v in data_dict.items() if k != "id"})
    merged["id"] = existing["id"]
    return call_action("package_update", context, merged)


@action()
def package_revise(context, data_dict):
    """CKAN's package_revise: `match` finds the dataset, `filter` removes keys, `update` sets keys."""
    from catalog.server.revise import revise

    match = _json_param(data_dict.get("match"), "match")
    if not isinstance(match, dict) or not (match.get("id") or match.get("name")):
        raise ValidationError({"match": ["Must include id or name"]})
    existing = _existing(context, match)
    for key, value in match.items():
        if existing.get(key) != value:
            raise ValidationError({"message": ["Match failed"], "match": [f"{key} does not match"]})
    revised = revise(existing, _json_param(data_dict.get("filter"), "filter") or [],
                     _json_param(data_dict.get("update"), "update") or {},
                     {k[len("update__"):]: _json_or_string(v) for k, v in data_dict.items()
                      if k.startswith("update__")})
    revised["id"] = existing["id"]
    return {"package": call_action("package_update", context, revised)}


def _json_or_string(value):
    """CKAN's json_or_string for flattened keys: a form post sends `update__resources__extend` as JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _json_param(value, name):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ValidationError({name: ["Invalid JSON"]}) from None
    return value


@action()
def package_delete(context, data_dict):
    existing = _existing(context, data_dict)
    check_access("package_delete", context, {"package": existing})
    existing["state"] = "deleted"
    datasets.save_package(context, existing, created=False, activity_type="deleted package")
    return None


@action()
def dataset_purge(context, data_dict):
    existing = _existing(context, data_dict)
    check_access("dataset_purge", context, {"package": existing})
    datasets.purge_package(context.conn, existing["id"])
    return None
