"""Apply a plan through the CKAN Action API (ckanapi), writing only what the plan says changed.

A new dataset: package_create, then one multipart resource_create per resource and the datapackage.json.
An existing one: package_revise for its own fields (CKAN's recommended update: resources it does not
mention stay), resource_update for a changed resource (with the file only when its bytes changed),
resource_create for a new one, resource_delete only for one the plan reports as removed. An unchanged
plan writes nothing, so publishing the same package again adds no activity, upload or version.
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import ckanapi

from catalog.errors import CatalogError
from catalog.publishing.plan import CHANGED, NEW, REMOVED, Plan, ResourcePlan, as_target
from catalog.publishing.targets import API_ERRORS, Target
from catalog.publishing.uploads import Progress

# keys the catalog decides for a resource it receives: never sent back
CATALOG_KEYS = frozenset({"package_id", "position", "created", "last_modified", "metadata_modified", "state",
                          "url_type"})


class PublishError(CatalogError):
    """The catalog refused a write, or the dataset changed under the plan."""


@dataclass
class PublishResult:
    name: str
    dataset: dict  # the catalog's dataset after the publish
    changed: bool
    version: str | None
    writes: list[str] = field(default_factory=list)  # the write actions called, in order
    uploaded: list[str] = field(default_factory=list)  # resources whose files were sent
    links: list[tuple[str, str]] = field(default_factory=list)  # (resource name, permanent URL)
    dataset_url: str = ""
    datapackage_url: str | None = None  # this version's own datapackage.json, where the catalog has one


def apply_plan(ckan, plan: Plan, progress: Progress | None = None) -> PublishResult:
    """Make the catalog's dataset what the plan says; returns the dataset and its permanent links."""
    target = as_target(ckan)
    if plan.problems:
        en, th = plan.problems[0]
        raise PublishError(f"{plan.name}: {en}", f"{plan.name}: {th}")
    writes: list[str] = []
    uploaded: list[str] = []
    if not plan.changed:
        dataset = plan.remote
    else:
        with ExitStack() as stack:
            if progress is not None and target.session is not None:
                stack.enter_context(_reporting_to(target, progress))
            dataset = _write(target, plan, writes, uploaded)
    links, versioned = permanent_links(target, dataset)
    return PublishResult(plan.name, dataset, plan.changed, dataset.get("version"), writes, uploaded, links,
                         f"{target.site_url.rstrip('/')}/dataset/{dataset['name']}", versioned)


@contextmanager
def _reporting_to(target: Target, progress: Progress):
    before, target.session.progress = target.session.progress, progress
    try:
        yield
    finally:
        target.session.progress = before


def _call(target: Target, plan: Plan, writes: list[str], action: str, /, **data):
    writes.append(action)
    try:
        return getattr(target.ckan.action, action)(**data)
    except ckanapi.ValidationError as exc:
        errors = {k: v for k, v in (getattr(exc, "error_dict", None) or {}).items() if k != "__type"}
        raise PublishError(f"{plan.name}: the catalog refused {action}: {errors}",
                           f"{plan.name}: แคตตาล็อกไม่รับ {action}: {errors}") from None
    except ckanapi.NotAuthorized as exc:
        raise PublishError(f"{plan.name}: not allowed to {action} ({exc}); check the API token and your role "
                           "in the organization", f"{plan.name}: ไม่มีสิทธิ์ {action} ({exc}) "
                           "กรุณาตรวจโทเค็น API และบทบาทของท่านในหน่วยงาน") from None


def _still_as_planned(target: Target, plan: Plan) -> None:
    try:
        now = target.ckan.action.package_show(id=plan.name)
    except ckanapi.NotFound:
        now = None
    then = plan.remote
    if (now is None) != (then is None) or (now and now.get("metadata_modified") != then.get("metadata_modified")):
        raise PublishError(f"{plan.name} changed in the catalog since it was planned; plan again",
                           f"{plan.name} ถูกแก้ไขในแคตตาล็อกหลังจากวางแผน กรุณาวางแผนใหม่")


def _write(target: Target, plan: Plan, writes: list[str], uploaded: list[str]) -> dict:
    _still_as_planned(target, plan)
    if plan.create_organization:
        _call(target, plan, writes, "organization_create", name=plan.organization, title=plan.organization_title)
    if plan.create:
        package_id = _call(target, plan, writes, "package_create", **plan.dataset)["id"]
    else:
        package_id = plan.remote["id"]
        if plan.fields:
            update = {k: v for k, v in plan.dataset.items() if k != "id"}
            _call(target, plan, writes, "package_revise", match={"id": package_id}, update=update,
                  filter=[f"-{key}" for key in plan.dropped_keys])
    for resource in plan.resources:
        if resource.action in (NEW, CHANGED):
            _write_resource(target, plan, package_id, resource, writes)
            if resource.upload:
                uploaded.append(resource.name)
        elif resource.action == REMOVED:
            _call(target, plan, writes, "resource_delete", id=resource.id)
    return target.ckan.action.package_show(id=package_id)


def _write_resource(target: Target, plan: Plan, package_id: str, resource: ResourcePlan, writes: list[str]) -> None:
    fields = {k: v for k, v in resource.send.items() if k not in CATALOG_KEYS and v is not None}
    fields.pop("id", None)
    where = {"package_id": package_id} if resource.action == NEW else {"id": resource.id}
    write = "resource_create" if resource.action == NEW else "resource_update"
    if not resource.upload:
        _call(target, plan, writes, write, **where, **fields)
        return
    fields.pop("url", None)  # the upload gives the resource its URL
    with open(resource.file.path, "rb") as stream:
        _call(target, plan, writes, write, **where, **fields, upload=(resource.file.path.name, stream))


def permanent_links(target: Target, dataset: dict) -> tuple[list[tuple[str, str]], str | None]:
    """(resource name, permanent URL) per resource, and this version's datapackage.json URL.

    The embedded catalog keeps every uploaded file as an immutable version (resource_version_list); other
    catalogs overwrite uploads, so their resource URL is the best link there is.
    """
    ckan = target.ckan
    links: list[tuple[str, str]] = []
    versions_kept = True
    for resource in dataset.get("resources", []):
        url = resource.get("url")
        if versions_kept and resource.get("url_type") == "upload":
            try:
                versions = ckan.action.resource_version_list(id=resource["id"])
                url = versions[-1]["url"] if versions else url
            except (*API_ERRORS, KeyError, IndexError):
                versions_kept = False  # not this catalog's action: CKAN keeps no file versions
        links.append((resource.get("name") or resource["id"], url))
    versioned = None
    if versions_kept:
        try:
            versioned = (ckan.action.dataset_version_list(id=dataset["id"], limit=1) or [{}])[0].get("datapackage_url")
        except API_ERRORS:
            versioned = None
    return links, versioned
