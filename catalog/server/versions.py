"""Dataset versions: every activity of a dataset is a version, and each has its own datapackage.json whose
paths are the permanent URLs of the files that were current at that activity.

A file version belongs to the activity that added it (`resource_version.activity_id`); the file a resource
had at an activity is its newest version added at or before that activity.
"""

from __future__ import annotations

from sqlalchemy import select

from catalog.ckanmodel import dataset_to_package
from catalog.server.resources import version_url
from catalog.server.store import tables


def datapackage_url(site_url: str, package_ref: str, activity_id: str | None = None) -> str:
    if activity_id is None:
        return f"{site_url}/dataset/{package_ref}/datapackage.json"
    return f"{site_url}/dataset/{package_ref}/version/{activity_id}/datapackage.json"


def _newest_per_resource(rows) -> dict:
    newest: dict = {}
    for row in rows:
        if row.resource_id not in newest or row.number > newest[row.resource_id].number:
            newest[row.resource_id] = row
    return newest


def latest_files(conn, package_id: str) -> dict:
    """resource id -> its newest file version."""
    version = tables.resource_version
    return _newest_per_resource(conn.execute(select(version).where(version.c.package_id == package_id)))


def files_at(conn, package_id: str, activity) -> dict:
    """resource id -> the file version that was current when `activity` (an activity row) was recorded."""
    version, act = tables.resource_version, tables.activity
    rows = conn.execute(select(version).join(act, act.c.id == version.c.activity_id).where(
        version.c.package_id == package_id,
        (act.c.timestamp < activity.timestamp) | (act.c.id == activity.id)))
    return _newest_per_resource(rows)


def datapackage(site_url: str, pkg: dict, files: dict) -> dict:
    """The descriptor of a dataset dict whose uploaded resources point at the given file versions."""

    def path(resource: dict) -> str | None:
        found = files.get(resource.get("id"))
        if resource.get("url_type") == "upload" and found is not None:
            return version_url(site_url, found.package_id, found.resource_id, found.number, found.filename)
        return resource.get("url")

    return dataset_to_package(pkg, resource_path=path)
