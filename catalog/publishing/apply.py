"""Apply a plan through the CKAN Action API (ckanapi), writing only what the plan says changed.

The data first, then one commit. A new dataset is created as a draft without a version (package_create);
then come a multipart resource_create per new resource, a resource_update per changed one (with the file
only when its bytes changed) and a resource_delete per resource the plan reports as removed. The commit is
the last write: one package_revise that sets the dataset's fields, its version and changelog, makes it
active and uploads its datapackage.json, all in one transaction. Until then the dataset shows the version
it had (a new one, none), so a publish cut off at any point never presents a half-finished version, and
publishing again (resume.py) finishes it without writing anything twice. An unchanged plan writes
nothing: publishing the same package again adds no activity, upload or version.
"""

from __future__ import annotations

import json
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import ckanapi
import requests

from catalog.ckanmodel.resource import is_descriptor
from catalog.errors import CatalogError
from catalog.publishing import changelog, failures
from catalog.publishing.companion import keep_versions
from catalog.publishing.local import DESCRIPTOR_RESOURCE
from catalog.publishing.plan import as_target
from catalog.publishing.refusals import explain_refusal
from catalog.publishing.plans import CHANGED, NEW, REMOVED, UNCHANGED, Plan, ResourcePlan
from catalog.publishing.targets import API_ERRORS, Target, keeps_file_versions
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
        en, th = explain_refusal(action, getattr(exc, "error_dict", None) or {})
        raise PublishError(f"{plan.name}: the catalog refused {action}: {en}",
                           f"{plan.name}: แคตตาล็อกไม่รับ {action}: {th}") from None
    except ckanapi.NotAuthorized as exc:
        raise PublishError(f"{plan.name}: not allowed to {action} ({exc}); check the API token and your role "
                           "in the organization", f"{plan.name}: ไม่มีสิทธิ์ {action} ({exc}) "
                           "กรุณาตรวจโทเค็น API และบทบาทของท่านในหน่วยงาน") from None
    except (*API_ERRORS, requests.RequestException) as exc:  # it may or may not have happened
        en, th = failures.reason(exc)
        raise PublishError(f"{plan.name}: {action} did not complete ({en}); the catalog shows this version only "
                           "once its last write is done: publish again to finish (nothing is written twice)",
                           f"{plan.name}: {action} ไม่สำเร็จ ({th}) แคตตาล็อกจะแสดงรุ่นนี้เมื่อเขียนขั้นสุดท้ายเสร็จ"
                           "เท่านั้น กรุณาเผยแพร่อีกครั้งเพื่อให้เสร็จ (ไม่มีสิ่งใดถูกเขียนซ้ำ)") from None


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
    _announce_uploads(target, plan)
    if plan.create_organization:
        _call(target, plan, writes, "organization_create", name=plan.organization, title=plan.organization_title)
    dataset = plan.dataset
    if plan.changelog is not None:
        if plan.history is not None:  # first the immutable copies, so the entry can link them
            keep_versions(plan, lambda action, **data: _call(target, plan, writes, action, **data))
        dataset = {**dataset, "extras": changelog.with_entries(dataset.get("extras"), [*plan.trail, plan.changelog])}
    if plan.create:  # a draft without a version: no version of it exists until the commit
        draft = {k: v for k, v in dataset.items() if k != "version"}
        draft["extras"] = [e for e in draft.get("extras") or [] if e.get("key") != changelog.EXTRA]
        package_id = _call(target, plan, writes, "package_create", **draft, state="draft")["id"]
    else:
        package_id = plan.remote["id"]
    descriptor = _descriptor_plan(plan)
    for resource in plan.resources:
        if resource is descriptor or resource.in_place:
            continue
        if resource.action in (NEW, CHANGED):
            if _write_resource(target, plan, package_id, resource, writes):
                uploaded.append(resource.name)
        elif resource.action == REMOVED:
            _call(target, plan, writes, "resource_delete", id=resource.id)
    if _commit(target, plan, package_id, dataset, descriptor, writes):
        uploaded.append(descriptor.name)
    return target.ckan.action.package_show(id=package_id)


def _announce_uploads(target: Target, plan: Plan) -> None:
    """Tell the progress display how many files, and bytes, this publish sends."""
    progress = getattr(target.session, "progress", None)
    if not hasattr(progress, "expect"):
        return
    files = [r.file for r in plan.resources if r.action in (NEW, CHANGED) and r.upload and not r.sent
             and not r.in_place and r.file is not None]
    if plan.history is not None and plan.changelog is not None:  # the immutable copies (companion.py)
        files += [file for _, file, _ in plan.history.keep]
    progress.expect(plan.name, len(files), sum(file.size for file in files))


def _descriptor_plan(plan: Plan) -> ResourcePlan | None:
    return next((r for r in reversed(plan.resources) if r.name == DESCRIPTOR_RESOURCE and r.action != REMOVED), None)


def _resource_fields(resource: ResourcePlan, upload: bool) -> dict:
    fields = {k: v for k, v in resource.send.items() if k not in CATALOG_KEYS and v is not None}
    fields.pop("id", None)
    if upload:
        fields.pop("url", None)  # the upload gives the resource its URL
    return fields


def _write_resource(target: Target, plan: Plan, package_id: str, resource: ResourcePlan, writes: list[str]) -> bool:
    """Create or update one data resource; True when its file was sent."""
    # a resource a stopped publish already created is updated, never created twice
    where = {"package_id": package_id} if resource.id is None else {"id": resource.id}
    write = "resource_create" if resource.id is None else "resource_update"
    upload = resource.upload and not resource.sent
    fields = _resource_fields(resource, upload)
    if not upload:
        _call(target, plan, writes, write, **where, **fields)
        return False
    with open(resource.file.path, "rb") as stream:
        _call(target, plan, writes, write, **where, **fields, upload=(resource.file.path.name, stream))
    return True


def _commit(target: Target, plan: Plan, package_id: str, dataset: dict, descriptor: ResourcePlan | None,
            writes: list[str]) -> bool:
    """The last write, one transaction: the dataset's fields, version, changelog and state, and its
    datapackage.json (CKAN's package_revise takes the file of a resource it adds or updates). True when
    the datapackage.json was sent."""
    update = {k: v for k, v in dataset.items() if k != "id"}
    update["state"] = "active"
    data = {"match": {"id": package_id}, "update": update, "filter": [f"-{key}" for key in plan.dropped_keys]}
    if descriptor is None or descriptor.action == UNCHANGED:
        _call(target, plan, writes, "package_revise", **data)
        return False
    form = {key: json.dumps(value, ensure_ascii=False) for key, value in data.items()}  # multipart: text only
    fields = json.dumps(_resource_fields(descriptor, upload=True), ensure_ascii=False)
    if descriptor.id is None:
        form.update({"update__resources__extend": f"[{fields}]"})
        file_key = "update__resources__-1__upload"
    else:
        form.update({f"update__resources__{descriptor.id}": fields})
        file_key = f"update__resources__{descriptor.id}__upload"
    with open(descriptor.file.path, "rb") as stream:
        _call(target, plan, writes, "package_revise", **form, **{file_key: (descriptor.file.path.name, stream)})
    return True


def permanent_links(target: Target, dataset: dict) -> tuple[list[tuple[str, str]], str | None]:
    """(resource name, permanent URL) per resource, and this version's datapackage.json URL.

    The embedded catalog keeps every uploaded file as an immutable version (resource_version_list); on a
    CKAN, which overwrites uploads, they are the copies in the history dataset that the changelog records
    (companion.py), and a resource the changelog does not know keeps its own URL.
    """
    ckan = target.ckan
    if not keeps_file_versions(target):
        files, versioned = changelog.current_files(changelog.read(dataset))
        return [(r.get("name") or r["id"], (versioned if is_descriptor(r) else None)
                 or files.get((r.get("name"), r.get("hash"))) or r.get("url"))
                for r in dataset.get("resources", [])], versioned
    links: list[tuple[str, str]] = []
    for resource in dataset.get("resources", []):
        url = resource.get("url")
        if resource.get("url_type") == "upload":
            try:
                versions = ckan.action.resource_version_list(id=resource["id"])
                url = versions[-1]["url"] if versions else url
            except (*API_ERRORS, KeyError, IndexError):
                pass
        links.append((resource.get("name") or resource["id"], url))
    try:
        versioned = (ckan.action.dataset_version_list(id=dataset["id"], limit=1) or [{}])[0].get("datapackage_url")
    except API_ERRORS:
        versioned = None
    return links, versioned
