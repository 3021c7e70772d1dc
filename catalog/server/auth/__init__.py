"""Authorization: one rule per action, of the same name, like CKAN's logic/auth.

A rule returns None when the caller may act and raises NotAuthorized otherwise. Sysadmins pass every
rule; an anonymous caller (no token or a bad one) is simply a user of None.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sqlalchemy import select

from catalog.server.errors import NotAuthorized
from catalog.server.store import tables

RULES: dict[str, Callable] = {}
_MODULES = ("site", "package", "resource", "organization", "user", "activity", "search", "versions", "dcat", "harvest",
            "compliance", "datastore")

CAPACITY_RANK = {"member": 1, "editor": 2, "admin": 3}


def rule(function: Callable) -> Callable:
    RULES[function.__name__] = function
    return function


_loaded = False


def _load_rules() -> None:
    global _loaded
    if not _loaded:  # importing again registers nothing new; skipping it saves time on every check
        for module in _MODULES:
            importlib.import_module(f"catalog.server.auth.{module}")
        _loaded = True


def check_access(name: str, context, data_dict: dict) -> None:
    if context.ignore_auth or context.sysadmin:
        return
    _load_rules()
    function = RULES.get(name)
    if function is None:
        raise NotAuthorized(f"no authorization rule for {name}")  # deny by default
    function(context, data_dict)


def capacity(context, group_id: str | None) -> str | None:
    """The caller's role in an organization or group: admin, editor, member or None."""
    if not context.user or not group_id:
        return None
    row = context.conn.execute(select(tables.member.c.capacity).where(
        tables.member.c.group_id == group_id, tables.member.c.user_id == context.user["id"])).first()
    return row.capacity if row else None


def require_capacity(context, group_id: str | None, needed: str, what: str) -> None:
    have = capacity(context, group_id)
    if CAPACITY_RANK.get(have, 0) < CAPACITY_RANK[needed]:
        who = context.user["name"] if context.user else "anonymous"
        raise NotAuthorized(f"User {who} not authorized to {what}")


def require_user(context, what: str) -> None:
    if not context.user:
        raise NotAuthorized(f"anonymous users may not {what}")


def require_sysadmin(context, what: str) -> None:
    if not context.sysadmin:
        who = context.user["name"] if context.user else "anonymous"
        raise NotAuthorized(f"only sysadmins may {what} (not {who})")
