"""CKAN's default dataset schema: what stock CKAN accepts and how it words its refusals."""

from __future__ import annotations

import re

from sqlalchemy import bindparam, select

from catalog.server.store import tables

NAME_RE = re.compile(r"^[a-z0-9_\-]+$")
# CKAN's tag_name_validator: Python's \w (Thai vowel and tone marks are not \w), space, hyphen, underscore, dot
TAG_RE = re.compile(r"^[\w \-.]*$", re.UNICODE)
EMAIL_RE = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+$", re.UNICODE)

CORE_KEYS = {"id", "name", "title", "version", "url", "author", "author_email", "maintainer", "maintainer_email",
             "notes", "license_id", "type", "owner_org", "private", "state", "resources", "tags", "tag_string",
             "extras", "groups", "plugin_data"}


# built once: these run on every dataset write
_NAME_TAKEN = select(tables.package.c.id).where(tables.package.c.name == bindparam("name"),
                                                tables.package.c.id != bindparam("pid"),
                                                tables.package.c.state != "deleted")
_ACTIVE_ORGANIZATION = select(tables.group.c.id).where(
    (tables.group.c.id == bindparam("ref")) | (tables.group.c.name == bindparam("ref")),
    tables.group.c.is_organization.is_(True), tables.group.c.state == "active")


def check_name(conn, name, package_id: str | None, errors: dict) -> None:
    if not name:
        errors.setdefault("name", []).append("Missing value")
        return
    if not isinstance(name, str) or len(name) < 2:
        errors.setdefault("name", []).append("Must be at least 2 characters long")
    elif len(name) > 100:
        errors.setdefault("name", []).append("Name must be a maximum of 100 characters long")
    elif not NAME_RE.match(name):
        errors.setdefault("name", []).append(
            "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_")
    else:
        if conn.execute(_NAME_TAKEN, {"name": name, "pid": package_id or ""}).first():
            errors.setdefault("name", []).append("That URL is already in use.")


def check_tag(name: str, strict: bool) -> list[str]:
    problems = []
    if len(name) < 2:
        problems.append(f'Tag "{name}" length is less than minimum 2')
    if len(name) > 100:
        problems.append(f'Tag "{name}" length is more than maximum 100')
    if strict and not TAG_RE.match(name):
        problems.append(f'Tag "{name}" can only contain alphanumeric characters, spaces (" "), hyphens ("-"), '
                        'underscores ("_") or dots (".")')
    return problems


def check_emails(data: dict, errors: dict) -> None:
    for key in ("author_email", "maintainer_email"):
        value = data.get(key)
        if value and not EMAIL_RE.match(str(value)):
            errors.setdefault(key, []).append(f"Email {value} is not a valid format")


def validate(conn, data: dict, package_id: str | None, *, strict_tags: bool = True) -> tuple[dict, dict]:
    """(clean dict, errors). Unknown top-level keys are dropped, as stock CKAN drops them."""
    errors: dict = {}
    clean = {k: v for k, v in data.items() if k in CORE_KEYS}
    check_name(conn, clean.get("name"), package_id, errors)
    check_emails(clean, errors)
    for key in ("title", "version"):
        value = clean.get(key)
        if value is not None and not isinstance(value, str):
            clean[key] = str(value)
    if clean.get("version") and len(clean["version"]) > 100:
        errors.setdefault("version", []).append("Length must be less than 100 characters")
    tag_errors = []
    for tag in clean.get("tags") or []:
        tag_errors += check_tag(tag["name"], strict_tags)
    if tag_errors:
        errors["tags"] = tag_errors
    owner = clean.get("owner_org")
    if owner:
        row = conn.execute(_ACTIVE_ORGANIZATION, {"ref": owner}).first()
        if row is None:
            errors.setdefault("owner_org", []).append("Organization does not exist")
        else:
            clean["owner_org"] = row.id
    return clean, errors
