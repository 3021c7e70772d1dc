"""Which datasets a caller's search may return, as CKAN decides it with permission labels and flags.

A dataset that is active and public is everyone's. Any other (private, draft, deleted) is readable by
the members of its organization (a deleted one, as package_show here, only by its editors and admins),
or by its creator when it has no organization. Sysadmins read everything. On top of that, private
datasets appear only with include_private, and only active ones unless include_drafts/include_deleted
or an fq on `+state:` says otherwise (CKAN then leaves the state to that fq).
"""

from __future__ import annotations

from functools import reduce

from sqlalchemy import select

from catalog.server.search import bitmaps
from catalog.server.search.index import Snapshot
from catalog.server.store import tables


def visible(context, params, snapshot: Snapshot) -> int:
    """The bitmap of the documents this search may return."""
    states = snapshot.column_postings("state")
    privacy = snapshot.column_postings("capacity")
    allowed = snapshot.everything()
    if not params.include_private:
        allowed &= privacy.get("public", 0)
    if not any("+state" in fq for fq in params.fq):
        wanted = ["active"] + ["draft"] * params.include_drafts + ["deleted"] * params.include_deleted
        allowed &= _union(states.get(s, 0) for s in wanted)
    if context.ignore_auth or context.sysadmin:
        return allowed
    return allowed & _readable(context, snapshot, states, privacy)


def _readable(context, snapshot: Snapshot, states: dict, privacy: dict) -> int:
    public = states.get("active", 0) & privacy.get("public", 0)
    if not context.user:
        return public
    roles = context.conn.execute(select(tables.member.c.group_id, tables.member.c.capacity)
                                 .where(tables.member.c.user_id == context.user["id"])).all()
    owners = snapshot.column_postings("owner_org")
    deleted = states.get("deleted", 0)
    readers = _union(owners.get(r.group_id, 0) for r in roles)
    editors = _union(owners.get(r.group_id, 0) for r in roles if r.capacity in ("editor", "admin"))
    created = context.conn.exec_driver_sql(
        "SELECT id FROM package WHERE owner_org IS NULL AND json_extract(data, '$.creator_user_id') = ?",
        (context.user["id"],))
    own = bitmaps.from_docs((snapshot.doc_of[r[0]] for r in created if r[0] in snapshot.doc_of), snapshot.size)
    return public | (readers & ~deleted) | (editors & deleted) | own


def _union(items) -> int:
    return reduce(lambda a, b: a | b, items, 0)
