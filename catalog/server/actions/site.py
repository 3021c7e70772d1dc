"""Site-wide actions: status_show, site_read, help_show, license_list, tag_list."""

from __future__ import annotations

from sqlalchemy import select

import catalog
from catalog.server.actions import action, get_action
from catalog.server.auth import check_access
from catalog.server.booleans import asbool
from catalog.server.errors import NotFound
from catalog.server.licenses import license_list as all_licenses
from catalog.server.store import tables

CKAN_API_VERSION = "2.11.0"  # the CKAN API level this catalog speaks


@action(read=True)
def status_show(context, data_dict):
    check_access("status_show", context, data_dict)
    settings = context.store.settings()
    return {"site_title": settings["site_title"], "site_description": "", "site_url": context.site_url,
            "ckan_version": CKAN_API_VERSION, "error_emails_to": None, "locale_default": "th",
            # the GD Catalog schema brings the thai_gdc plugin's validators (unique titles, Thai tags)
            "extensions": ["activity", "disclosure_catalog"] + (["thai_gdc"] if settings["dataset_schema"] == "gdc"
                                                               else []),
            "catalog_version": catalog.__version__,
            "dataset_schema": settings["dataset_schema"]}


@action(read=True)
def site_read(context, data_dict):
    check_access("site_read", context, data_dict)
    return True


@action(read=True)
def help_show(context, data_dict):
    check_access("help_show", context, data_dict)
    name = data_dict.get("name")
    try:
        function = get_action(name)
    except Exception:
        raise NotFound(f"Action function not found: {name}") from None
    return function.__doc__ or ""


@action(read=True)
def license_list(context, data_dict):
    check_access("license_list", context, data_dict)
    return all_licenses()


@action(read=True)
def tag_list(context, data_dict):
    check_access("tag_list", context, data_dict)
    term = tables.package_term
    query = (select(term.c.value).distinct().select_from(term.join(tables.package, tables.package.c.id == term.c.package_id))
             .where(term.c.field == "tags", tables.package.c.state == "active", tables.package.c.private.is_(False))
             .order_by(term.c.value))
    if data_dict.get("query"):
        query = query.where(term.c.value.contains(data_dict["query"]))
    names = [row[0] for row in context.conn.execute(query)]
    if asbool(data_dict.get("all_fields")):
        return [{"id": None, "name": n, "display_name": n, "vocabulary_id": None} for n in names]
    return names
