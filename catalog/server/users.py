"""Users and API tokens. Tokens are random, shown once, and stored only as their sha256."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import bindparam, insert, select, update

from catalog.server.errors import NotFound, ValidationError
from catalog.server.schemas.ckan_default import NAME_RE
from catalog.server.store import new_id, now_iso, tables


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# built once: making the statement on every authenticated request cost more than running it
_USER_BY_TOKEN = (select(tables.user.c.id, tables.user.c.name, tables.user.c.sysadmin)
                  .join(tables.api_token, tables.api_token.c.user_id == tables.user.c.id)
                  .where(tables.api_token.c.token_sha256 == bindparam("digest"),
                         tables.api_token.c.revoked.is_(None), tables.user.c.state == "active"))


def user_for_token(conn, token: str | None) -> dict | None:
    """The user a token belongs to, or None (anonymous) for a missing, unknown or revoked token."""
    if not token:
        return None
    row = conn.execute(_USER_BY_TOKEN, {"digest": _digest(token.strip())}).first()
    return {"id": row.id, "name": row.name, "sysadmin": bool(row.sysadmin)} if row else None


def create_user(conn, name: str, *, sysadmin: bool = False, email: str | None = None,
                fullname: str | None = None) -> dict:
    if not name or not NAME_RE.match(name) or not 2 <= len(name) <= 100:
        raise ValidationError({"name": ["Must be purely lowercase alphanumeric (ascii) characters and these "
                                        "symbols: -_"]})
    if conn.execute(select(tables.user.c.id).where(tables.user.c.name == name)).first():
        raise ValidationError({"name": ["That login name is not available."]})
    user_id = new_id()
    conn.execute(insert(tables.user).values(id=user_id, name=name, sysadmin=sysadmin, email=email, fullname=fullname,
                                            state="active", created=now_iso()))
    return {"id": user_id, "name": name, "sysadmin": sysadmin}


def find_user(conn, name_or_id: str):
    row = conn.execute(select(tables.user).where((tables.user.c.name == name_or_id) |
                                                  (tables.user.c.id == name_or_id))).first()
    if row is None:
        raise NotFound("User not found")
    return row


def _new_token() -> str:
    # A token that starts with "-" would be read as an option when given on a command line.
    while (token := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return token


def create_token(conn, user_name: str, token_name: str = "api") -> tuple[str, str]:
    """(token id, the token itself). Only the hash is kept: the token cannot be shown again."""
    user = find_user(conn, user_name)
    token = _new_token()
    token_id = new_id()
    conn.execute(insert(tables.api_token).values(id=token_id, user_id=user.id, name=token_name,
                                                 token_sha256=_digest(token), created=now_iso()))
    return token_id, token


def revoke_token(conn, token_or_id: str) -> bool:
    result = conn.execute(update(tables.api_token).where(
        (tables.api_token.c.id == token_or_id) | (tables.api_token.c.token_sha256 == _digest(token_or_id)),
        tables.api_token.c.revoked.is_(None)).values(revoked=now_iso()))
    return result.rowcount > 0
