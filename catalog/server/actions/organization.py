"""Organization and group actions: *_show, *_list, *_create, *_update, organization_member_create,
group_package_show."""

from __future__ import annotations

import json

from sqlalchemy import func, insert, select, update

from catalog.server import datasets
from catalog.server.actions import action
from catalog.server.auth import check_access
from catalog.server.booleans import asbool
from catalog.server.errors import NotFound, ValidationError
from catalog.server.paging import natural_number
from catalog.server.schemas.ckan_default import NAME_RE
from catalog.server.store import dumps, loads, new_id, now_iso, tables

_DATA_KEYS = ("title", "description", "image_url", "approval_status")


def _kind(is_organization: bool) -> str:
    return "organization" if is_organization else "group"


def group_dict(context, row, *, include_datasets=False, include_users=True, include_extras=True) -> dict:
    data = loads(row.data)
    count = context.conn.execute(select(func.count()).select_from(tables.package).where(
        (tables.package.c.owner_org == row.id) if row.is_organization else tables.package.c.id.in_(
            select(tables.package_group.c.package_id).where(tables.package_group.c.group_id == row.id)),
        tables.package.c.state == "active", tables.package.c.private.is_(False))).scalar()
    out = {"id": row.id, "name": row.name, "title": data.get("title", ""), "display_name": data.get("title") or row.name,
           "description": data.get("description", ""), "image_url": data.get("image_url", ""),
           "image_display_url": data.get("image_url", ""), "created": row.created,
           "is_organization": bool(row.is_organization), "type": _kind(row.is_organization),
           "approval_status": "approved", "state": row.state, "package_count": count, "num_followers": 0,
           "tags": [], "groups": []}
    if include_extras:
        out["extras"] = data.get("extras", [])
    if include_users:
        members = context.conn.execute(
            select(tables.user.c.id, tables.user.c.name, tables.user.c.fullname, tables.user.c.sysadmin,
                   tables.member.c.capacity)
            .join(tables.member, tables.member.c.user_id == tables.user.c.id)
            .where(tables.member.c.group_id == row.id).order_by(tables.user.c.name)).all()
        out["users"] = [{"id": m.id, "name": m.name, "fullname": m.fullname, "display_name": m.fullname or m.name,
                         "sysadmin": bool(m.sysadmin), "capacity": m.capacity, "state": "active"} for m in members]
    if include_datasets:
        from catalog.server.auth.package import can_read_package

        query = select(tables.package.c.data).where(tables.package.c.state == "active").order_by(tables.package.c.name)
        if row.is_organization:
            query = query.where(tables.package.c.owner_org == row.id)
        else:
            query = query.where(tables.package.c.id.in_(
                select(tables.package_group.c.package_id).where(tables.package_group.c.group_id == row.id)))
        packages = [loads(r.data) for r in context.conn.execute(query)]
        out["packages"] = [p for p in packages if can_read_package(context, p)]
    return out


def _find(context, data_dict, is_organization: bool):
    row = datasets.find_group_row(context.conn, data_dict.get("id") or data_dict.get("name"), is_organization)
    if row is None or row.state == "deleted":
        raise NotFound(f"{_kind(is_organization).capitalize()} was not found.")
    return row


def _show(context, data_dict, is_organization):
    row = _find(context, data_dict, is_organization)
    check_access(f"{_kind(is_organization)}_show", context, {"group": row})
    return group_dict(context, row, include_datasets=asbool(data_dict.get("include_datasets")),
                      include_users=asbool(data_dict.get("include_users"), True),
                      include_extras=asbool(data_dict.get("include_extras"), True))


def _list(context, data_dict, is_organization):
    check_access(f"{_kind(is_organization)}_list", context, data_dict)
    sort = str(data_dict.get("sort") or "name asc")
    query = select(tables.group).where(tables.group.c.is_organization == is_organization,
                                       tables.group.c.state == "active")
    query = query.order_by(tables.group.c.name.desc() if sort.endswith("desc") else tables.group.c.name)
    limit, offset = natural_number(data_dict, "limit"), natural_number(data_dict, "offset")
    if limit is not None:
        query = query.limit(limit)
    if offset is not None:
        query = query.offset(offset)
    rows = context.conn.execute(query).all()
    if asbool(data_dict.get("all_fields")):
        return [group_dict(context, r, include_users=False, include_extras=asbool(data_dict.get("include_extras")))
                for r in rows]
    return [r.name for r in rows]


def _validated(context, data_dict, existing_id=None) -> tuple[str, dict]:
    name = data_dict.get("name")
    errors = {}
    if not name:
        errors["name"] = ["Missing value"]
    elif not (2 <= len(name) <= 100) or not NAME_RE.match(name):
        errors["name"] = ["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"]
    else:
        taken = context.conn.execute(select(tables.group.c.id).where(tables.group.c.name == name)).first()
        if taken and taken.id != existing_id:
            errors["name"] = ["Group name already exists in database"]
    if errors:
        raise ValidationError(errors)
    data = {k: data_dict.get(k) or "" for k in _DATA_KEYS}
    extras = data_dict.get("extras") or []
    if isinstance(extras, str):
        extras = json.loads(extras)
    data["extras"] = [{"key": e["key"], "value": e.get("value")} for e in extras if isinstance(e, dict) and e.get("key")]
    return name, data


def _create(context, data_dict, is_organization):
    check_access(f"{_kind(is_organization)}_create", context, data_dict)
    name, data = _validated(context, data_dict)
    group_id = data_dict.get("id") if context.sysadmin and data_dict.get("id") else new_id()
    context.conn.execute(insert(tables.group).values(id=group_id, name=name, is_organization=is_organization,
                                                     state="active", created=now_iso(), data=dumps(data)))
    if context.user:  # the creator administers what they made, as in CKAN
        context.conn.execute(insert(tables.member).values(group_id=group_id, user_id=context.user["id"],
                                                          capacity="admin"))
    return group_dict(context, _find(context, {"id": group_id}, is_organization))


def _update(context, data_dict, is_organization):
    row = _find(context, data_dict, is_organization)
    check_access(f"{_kind(is_organization)}_update", context, {"group": row, **data_dict})
    merged = {"name": row.name, **loads(row.data), **data_dict}
    name, data = _validated(context, merged, row.id)
    context.conn.execute(update(tables.group).where(tables.group.c.id == row.id).values(name=name, data=dumps(data)))
    return group_dict(context, _find(context, {"id": row.id}, is_organization))


@action(read=True)
def organization_show(context, data_dict):
    return _show(context, data_dict, True)


@action(read=True)
def group_show(context, data_dict):
    return _show(context, data_dict, False)


@action(read=True)
def organization_list(context, data_dict):
    return _list(context, data_dict, True)


@action(read=True)
def group_list(context, data_dict):
    return _list(context, data_dict, False)


@action()
def organization_create(context, data_dict):
    return _create(context, data_dict, True)


@action()
def group_create(context, data_dict):
    return _create(context, data_dict, False)


@action()
def organization_update(context, data_dict):
    return _update(context, data_dict, True)


@action()
def group_update(context, data_dict):
    return _update(context, data_dict, False)


@action()
def organization_member_create(context, data_dict):
    """Make a user a member, editor or admin of an organization (or change their role)."""
    row = _find(context, data_dict, True)
    check_access("organization_member_create", context, {"group": row})
    role = data_dict.get("role") or data_dict.get("capacity")
    if role not in {"admin", "editor", "member"}:
        raise ValidationError({"role": ["Role must be one of: admin, editor, member"]})
    user = context.conn.execute(select(tables.user).where(
        (tables.user.c.id == data_dict.get("username")) | (tables.user.c.name == data_dict.get("username")))).first()
    if user is None:
        raise NotFound("User not found")
    context.conn.execute(tables.member.delete().where(tables.member.c.group_id == row.id,
                                                      tables.member.c.user_id == user.id))
    context.conn.execute(insert(tables.member).values(group_id=row.id, user_id=user.id, capacity=role))
    return {"id": f"{row.id}:{user.id}", "group_id": row.id, "table_id": user.id, "table_name": "user",
            "capacity": role, "state": "active"}


@action(read=True)
def group_package_show(context, data_dict):
    row = datasets.find_group_row(context.conn, data_dict.get("id"))
    if row is None:
        raise NotFound("Group was not found.")
    check_access("group_package_show", context, {"group": row})
    limit = natural_number(data_dict, "limit") or 1000
    return group_dict(context, row, include_datasets=True, include_users=False)["packages"][:limit]
