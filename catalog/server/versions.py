"""Dataset versions: every activity of a dataset is a version, and each has its own datapackage.json whose
paths are the permanent URLs of the files that were current at that activity.

A file version belongs to the activity that added it (`resource_version.activity_id`); the file a resource
had at an activity is its newest version added at or before that activity.

Published versions are fewer than activities: one `catalog publish` writes several (the dataset, then each
upload), and the next publish uploads its files before it sets its own version number. So the version of
each entry of the dataset's changelog is the activity, in the run under that number, at which every file is
the one the entry says (ckanmodel/trail.py); a dataset with no changelog (edited by hand) has a version per
run of one version number, its newest activity. The pages, their timeline and DCAT count versions this way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from catalog.ckanmodel import dataset_to_package, trail
from catalog.server.resources import version_url
from catalog.server.store import loads, tables


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


@dataclass(frozen=True)
class PublishedVersion:
    number: int  # 1 for the first published version, counting on in time order
    activity: object  # the activity row that is this version
    package: dict  # the dataset as it was then
    files: dict  # resource id -> the file version (resource_version row) current then
    entry: dict | None  # its changelog entry; None for a dataset edited by hand

    @property
    def version(self) -> str | None:
        return self.package.get("version")


def published_versions(conn, pkg: dict) -> list[PublishedVersion]:
    """The published versions of a dataset (a package_show dict), oldest first."""
    activity = tables.activity
    rows = conn.execute(select(activity).where(activity.c.object_id == pkg["id"],
                                               activity.c.activity_type != "deleted package")
                        .order_by(activity.c.timestamp.desc(), activity.c.id.desc())).all()
    stored = {row.id: (loads(row.data) or {}).get("package") or {} for row in rows}
    at: dict[str, dict] = {}

    def files(row) -> dict:
        if row.id not in at:
            at[row.id] = files_at(conn, pkg["id"], row)
        return at[row.id]

    def by_name(row) -> dict:  # what trail compares: resource name -> (its file's hash, no URL needed)
        names = {r.get("id"): r.get("name") for r in stored[row.id].get("resources") or []}
        return {names.get(rid): (f"sha256:{version.sha256}", None) for rid, version in files(row).items()}

    def number_of(row) -> str | None:
        return stored[row.id].get("version")

    runs = trail.runs_by_version(rows, number_of)
    entries = trail.changelog_entries(pkg)
    if entries:
        chosen = [(entry, row) for entry, row, _ in trail.versions_of(entries, runs, number_of, by_name)
                  if row is not None]
    else:
        chosen = [(None, run[0]) for run in runs]
    chosen.sort(key=lambda pair: (pair[1].timestamp, pair[1].id))
    return [PublishedVersion(number, row, stored[row.id], files(row), entry)
            for number, (entry, row) in enumerate(chosen, start=1)]
