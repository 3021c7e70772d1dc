"""Resource actions: resource_show, resource_create, resource_update, resource_patch, resource_delete,
resource_version_list."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select

from catalog.server import datasets
from catalog.server.actions import action, call_action
from catalog.server.auth import check_access
from catalog.server.errors import NotFound, ValidationError
from catalog.server.resources import version_url
from catalog.server.store import tables


def locate_resource(context, resource_id: str) -> tuple[dict, dict]:
    """(package, resource) of an active resource, or NotFound."""
    row = context.conn.execute(select(tables.resource_index).where(tables.resource_index.c.id == resource_id)).first()
    if row is None:
        raise NotFound("Resource was not found.")
    pkg = datasets.load_package(context.conn, row.package_id)
    resource = next((r for r in pkg["resources"] if r["id"] == resource_id), None)
    if resource is None:
        raise NotFound("Resource was not found.")
    return pkg, resource


@action(read=True)
def resource_show(context, data_dict):
    pkg, resource = locate_resource(context, data_dict.get("id"))
    check_access("resource_show", context, {"package": pkg})
    return resource


@action()
def resource_create(context, data_dict):
    package_ref = data_dict.get("package_id")
    if not package_ref:
        raise ValidationError({"package_id": ["Missing value"]})
    try:
        pkg = datasets.load_package(context.conn, package_ref)
    except NotFound:
        raise ValidationError({"package_id": ["Not found: Dataset"]}) from None
    check_access("resource_create", context, {"package": pkg})
    resource = {k: v for k, v in data_dict.items() if k != "package_id"}
    if not resource.get("url") and resource.get("upload") is None:
        resource["url"] = ""
    pkg["resources"] = pkg["resources"] + [resource]
    with _own_errors(-1):
        updated = call_action("package_update", context, pkg)
    return updated["resources"][-1]


@action()
def resource_update(context, data_dict):
    """Replace a resource's fields (keys not sent are dropped, as in CKAN); an upload adds a version."""
    pkg, old = locate_resource(context, data_dict.get("id"))
    check_access("resource_update", context, {"package": pkg})
    new = dict(data_dict)
    kept = ["package_id", "created"]
    if old.get("url_type") == "upload" and "upload" not in new:
        kept += ["url", "url_type", "hash", "size", "mimetype", "last_modified"]
    for key in kept:
        new.setdefault(key, old.get(key))
    pkg["resources"] = [new if r["id"] == old["id"] else r for r in pkg["resources"]]
    with _own_errors(next(i for i, r in enumerate(pkg["resources"]) if r["id"] == old["id"])):
        updated = call_action("package_update", context, _without_keys_of(pkg, old, new))
    return next(r for r in updated["resources"] if r["id"] == old["id"])


@contextmanager
def _own_errors(index: int):
    """As CKAN does, a resource action answers with the errors of its own resource, not the package's."""
    try:
        yield
    except ValidationError as exc:
        problems = exc.errors.get("resources")
        if isinstance(problems, list) and problems and isinstance(problems[index], dict) and problems[index]:
            raise ValidationError(problems[index]) from None
        raise


def _without_keys_of(pkg: dict, old: dict, new: dict) -> dict:
    """resource_update replaces: keys of the old resource that the new one lacks must go."""
    for resource in pkg["resources"]:
        if resource["id"] == old["id"]:
            for key in set(old) - set(new):
                resource[key] = None
    return pkg


@action()
def resource_patch(context, data_dict):
    pkg, old = locate_resource(context, data_dict.get("id"))
    check_access("resource_patch", context, {"package": pkg})
    merged = {**old, **data_dict}
    pkg["resources"] = [merged if r["id"] == old["id"] else r for r in pkg["resources"]]
    updated = call_action("package_update", context, pkg)
    return next(r for r in updated["resources"] if r["id"] == old["id"])


@action()
def resource_delete(context, data_dict):
    pkg, old = locate_resource(context, data_dict.get("id"))
    check_access("resource_delete", context, {"package": pkg})
    pkg["resources"] = [r for r in pkg["resources"] if r["id"] != old["id"]]
    call_action("package_update", context, pkg)
    return None


@action(read=True)
def resource_version_list(context, data_dict):
    """Every file a resource has had, oldest first, each with its permanent URL."""
    resource_id = data_dict.get("id")
    rows = context.conn.execute(select(tables.resource_version).where(
        tables.resource_version.c.resource_id == resource_id).order_by(tables.resource_version.c.number)).all()
    if not rows:
        pkg, _ = locate_resource(context, resource_id)
    else:
        pkg = datasets.load_package(context.conn, rows[0].package_id)
    check_access("resource_version_list", context, {"package": pkg})
    return [{"id": r.id, "resource_id": r.resource_id, "package_id": r.package_id, "version": r.number,
             "hash": f"sha256:{r.sha256}", "size": r.size, "mimetype": r.mimetype, "filename": r.filename,
             "created": r.created, "activity_id": r.activity_id,
             "url": version_url(context.site_url, r.package_id, r.resource_id, r.number, r.filename)}
            for r in rows]
