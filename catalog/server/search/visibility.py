"""Which datasets a caller's search may return, as CKAN decides it with permission labels and flags.

A dataset that is active and public is everyone's. Any other (private, draft, deleted) is readable by
the members of its organization (a deleted one, as package_show here, only by its editors and admins),
or by its creator when it has no organization. Sysadmins read everything. On top of that, private
datasets appear only with include_private, and only active ones unless include_drafts/include_deleted
or an fq on `+state:` says otherwise.
"""

from __future__ import annotations

from sqlalchemy import select

from catalog.server.search.query import Condition
from catalog.server.store import tables


def visibility_conditions(context, params) -> list[Condition]:
    conditions = []
    if not params.include_private:
        conditions.append(Condition("p.private = 0"))
    if not any("+state" in fq for fq in params.fq):
        states = ["active"] + ["draft"] * params.include_drafts + ["deleted"] * params.include_deleted
        conditions.append(Condition(f"p.state IN ({_marks(states)})", states))
    if not (context.ignore_auth or context.sysadmin):
        conditions.append(_readable(context))
    return conditions


def _readable(context) -> Condition:
    public = "(p.state = 'active' AND p.private = 0)"
    if not context.user:
        return Condition(public)
    roles = context.conn.execute(select(tables.member.c.group_id, tables.member.c.capacity)
                                 .where(tables.member.c.user_id == context.user["id"])).all()
    readers = [r.group_id for r in roles]
    editors = [r.group_id for r in roles if r.capacity in ("editor", "admin")]
    parts, params = [public], []
    if readers:
        parts.append(f"(p.state != 'deleted' AND p.owner_org IN ({_marks(readers)}))")
        params += readers
    if editors:
        parts.append(f"(p.state = 'deleted' AND p.owner_org IN ({_marks(editors)}))")
        params += editors
    parts.append("(p.owner_org IS NULL AND json_extract(p.data, '$.creator_user_id') = ?)")
    params.append(context.user["id"])
    return Condition("(" + " OR ".join(parts) + ")", params)


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values)
