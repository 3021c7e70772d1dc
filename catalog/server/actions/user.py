"""User actions: user_show."""

from __future__ import annotations

from catalog.server.actions import action
from catalog.server.auth import check_access
from catalog.server.users import find_user


@action(read=True)
def user_show(context, data_dict):
    ref = data_dict.get("id") or (context.user or {}).get("id")
    if not ref:
        from catalog.server.errors import NotFound

        raise NotFound("User not found")
    row = find_user(context.conn, ref)
    check_access("user_show", context, {"user": row})
    out = {"id": row.id, "name": row.name, "fullname": row.fullname, "display_name": row.fullname or row.name,
           "created": row.created, "sysadmin": bool(row.sysadmin), "state": row.state, "about": None}
    if context.sysadmin or (context.user and context.user["id"] == row.id):
        out["email"] = row.email
    return out
