"""Plan a publish: the difference between a package on disk and its dataset in a catalog.

The dataset is found by the package's name (package_show; not found: it is created). Resources are matched
by name. A resource is unchanged when its file's sha256 is the catalog's `hash` and its metadata are equal;
a table whose file changed is downloaded from the catalog and compared row by row on its primary key.
Metadata are compared as packages, both sides through the one mapping of catalog.ckanmodel, so what the
catalog keeps in its own way (tags and multiple-choice fields in its own order, numbers as text) is not
taken for a change.
"""

from __future__ import annotations

import json
from pathlib import Path

import ckanapi
import requests

from catalog.ckanmodel import dataset_to_package, package_to_dataset
from catalog.ckanmodel.resource import is_descriptor, resource_from_ckan
from catalog.publishing import catalog_copy, changelog, gdcfields, tags, versioning
from catalog.publishing.companion import plan_history
from catalog.publishing.foresight import foresee
from catalog.publishing.local import DESCRIPTOR_RESOURCE, LocalPackage, read_local_package
from catalog.publishing.periods import merge_periods
from catalog.publishing.plans import (CHANGED, FILE_FACTS, FOLLOW_THE_FILE, NEW, PUBLISHER_KEYS, REMOVED, UNCHANGED, Plan,
                                      ResourcePlan, changed_keys, through_the_mapping)
from catalog.publishing.resume import count_from_commit
from catalog.publishing.targets import API_ERRORS, Target, TargetError, detect_dataset_schema, keeps_file_versions
from catalog.publishing.uploads import StreamingSession

def as_target(ckan) -> Target:
    """A Target for a bare ckanapi client (the dataset schema asked from the catalog)."""
    if isinstance(ckan, Target):
        return ckan
    if ckan.session is None or type(ckan.session) is requests.Session:
        ckan.session = StreamingSession()  # uploads stream from disk
    try:
        site_url = (ckan.action.status_show() or {}).get("site_url") or ckan.address
    except (*API_ERRORS, ValueError):
        site_url = ckan.address
    return Target(ckan, ckan.address, detect_dataset_schema(ckan), site_url=site_url, session=ckan.session)


def _show(ckan, name: str) -> dict | None:
    try:
        return ckan.action.package_show(id=name)
    except ckanapi.NotFound:
        return None
    except ckanapi.NotAuthorized:
        raise TargetError(f"not allowed to read the dataset {name} in this catalog",
                          f"ไม่มีสิทธิ์อ่านชุดข้อมูล {name} ในแคตตาล็อกนี้") from None


def plan_publish(ckan, package_dir: Path | str, *, replace: bool = False) -> Plan:
    """The plan to bring the catalog's dataset in line with the package at `package_dir`.

    `ckan` is a Target (see targets.py) or a ckanapi client. Reads only: nothing is written. A package of
    a category kept by fiscal year adds its periods to the dataset (periods.py) unless `replace`.
    """
    target = as_target(ckan)
    package = read_local_package(package_dir)
    remote = _show(target.ckan, package.name)
    merge = merge_periods(target, package, remote, replace)
    try:
        plan = _plan(target, merge.package, remote)
    except BaseException:
        merge.close()
        raise
    plan.periods, plan.merge = merge.changes, merge
    if plan.changelog is not None and merge.changes:
        plan.changelog["periods"] = {change.resource: change.as_entry() for change in merge.changes}
    if plan.changelog is not None:
        coverage = changelog.coverage_of(merge.package)
        if coverage is not None:  # which periods this version holds, for the compliance view
            plan.changelog["coverage"] = coverage
        # the words travel with the entry, for readers that are not the publisher (DCAT)
        plan.changelog["notes"] = changelog.notes_of(plan.changelog)
    return plan


def _plan(target: Target, package: LocalPackage, remote: dict | None) -> Plan:
    descriptor = package.descriptor
    local_view = through_the_mapping(descriptor, target.dataset_schema)
    dataset = package_to_dataset(descriptor, existing=remote, dataset_schema=target.dataset_schema)
    sent_resources = {r["name"]: r for r in dataset.pop("resources")}
    plan = Plan(package, target.label, dataset, remote, [], organization=descriptor.get("owner_org"))
    _plan_organization(target, plan)
    remote_view = dataset_to_package(remote) if remote else {}
    if remote:
        plan.fields = changed_keys(local_view, remote_view, PUBLISHER_KEYS)
        if remote.get("state") == "deleted":  # deleted in the catalog, kept under its name: publish restores it
            plan.dataset["state"] = "active"
            plan.fields.append("state")
        stored = package_to_dataset(remote_view, dataset_schema=target.dataset_schema)
        plan.dropped_keys = sorted(k for k in stored if k not in dataset and k not in {"id", *PUBLISHER_KEYS})
    foresee(target, plan)
    local_resources = {r["name"]: r for r in local_view["resources"]}
    remaining = list((remote or {}).get("resources", []))
    for resource in descriptor["resources"]:
        name = resource["name"]
        old = next((r for r in remaining if r.get("name") == name and not is_descriptor(r)), None)
        if old is not None:
            remaining.remove(old)
        plan.resources.append(_plan_resource(target, package, local_resources[name], sent_resources[name], old))
    descriptor_plan = _plan_descriptor(package, remaining)  # takes the catalog's datapackage resource
    plan.resources += [_plan_removal(r, local_resources) for r in remaining]
    plan.resources.append(descriptor_plan)  # written last: a datapackage.json never names files not yet there
    count_from_commit(target, plan, local_resources)  # a publish that stopped part-way is counted from its start
    _plan_version(plan, descriptor)
    _plan_gd_catalog_fields(target, plan)
    plan.trail = changelog.read(remote)
    if plan.changed:
        _plan_tags(target, plan)
        plan.changelog = changelog.entry_for(plan)
        if not keeps_file_versions(target):
            plan_history(target, plan)
    return plan


def _plan_gd_catalog_fields(target: Target, plan: Plan) -> None:
    """A GD Catalog portal stores a single-choice value unchecked: check every field here, before writing."""
    if target.dataset_schema == "gdc":
        problems = gdcfields.dataset_problems(plan.dataset, plan.package.descriptor.get("keywords"))
    else:
        problems = gdcfields.package_problems(plan.package.descriptor)
    plan.problems += [(f"GD Catalog field {problem}", f"ฟิลด์ของบัญชีข้อมูลภาครัฐ {problem.th}") for problem in problems]


def _plan_tags(target: Target, plan: Plan) -> None:
    keywords = [k for k in plan.package.descriptor.get("keywords") or [] if isinstance(k, str)]
    plan.refused_tags = tags.refused_tags(target, keywords, plan.organization)
    if not plan.refused_tags:
        return
    tags.keep_refused(plan.dataset, keywords, plan.refused_tags)


def _plan_organization(target: Target, plan: Plan) -> None:
    owner = plan.organization
    if not owner or (plan.remote and ((plan.remote.get("organization") or {}).get("name") == owner
                                      or plan.remote.get("owner_org") == owner)):
        return
    try:
        target.ckan.action.organization_show(id=owner, include_datasets=False, include_users=False)
        return
    except ckanapi.NotFound:
        pass
    if target.create_organizations:
        plan.create_organization = True
        plan.organization_title = _agency_name(plan.package.source or plan.package.folder, owner) or owner
    else:
        plan.problems.append((f"the organization '{owner}' does not exist in {target.label}; ask its administrator "
                              "to create it and make you an editor of it",
                              f"ไม่มีหน่วยงาน '{owner}' ใน {target.label} "
                              "กรุณาให้ผู้ดูแลสร้างหน่วยงานและเพิ่มท่านเป็นบรรณาธิการ"))


def _agency_name(folder: Path, slug: str) -> str | None:
    """The agency's Thai name from the agency.json beside the package (`catalog build-all`'s layout)."""
    path = folder.parent / "agency.json"
    try:
        agency = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return agency.get("name_th") if isinstance(agency, dict) and agency.get("slug") == slug else None


def _plan_resource(target: Target, package: LocalPackage, local: dict, send: dict, old: dict | None) -> ResourcePlan:
    name = local["name"]
    file = package.files.get(name)
    if file is not None:
        send = {**send, "hash": file.hash, "size": file.size}  # the facts of the file that is uploaded
    if old is None:
        return ResourcePlan(name, NEW, send=send, file=file, upload=file is not None, level="minor")
    plan = ResourcePlan(name, UNCHANGED, send=send, remote=old, file=file)
    remote = resource_from_ckan(old, lambda r: r.get("url"))
    ignore = FILE_FACTS | {"name"} if file is not None else {"name"}
    plan.fields = changed_keys(local, remote, ignore)
    plan.upload = file is not None and (old.get("url_type") != "upload" or old.get("hash") != file.hash)
    if plan.upload:  # where the rows came from changes with the rows: not a change of its own
        plan.fields = [name for name in plan.fields if name not in FOLLOW_THE_FILE]
    if not plan.upload and not plan.fields:
        return plan
    plan.action = CHANGED
    plan.schema_broken = versioning.schema_breaks(remote.get("schema"), local.get("schema"))
    if plan.upload and isinstance(local.get("schema"), dict) and old.get("url_type") == "upload":
        plan.rows = catalog_copy.row_changes(target, old, file, local["schema"])
    plan.level = versioning.change_level(schema_broken=plan.schema_broken, content_replaced=plan.upload,
                                         rows=plan.rows, metadata=bool(plan.fields)) or "patch"
    return plan


def _plan_removal(remote: dict, local_resources: dict) -> ResourcePlan:
    # a second copy of a resource the package keeps is a correction; a resource gone may break readers
    duplicate = is_descriptor(remote) or remote.get("name") in local_resources
    return ResourcePlan(remote.get("name") or remote["id"], REMOVED, remote=remote, duplicate=duplicate,
                        level="patch" if duplicate else versioning.change_level(removed=True))


def _plan_descriptor(package: LocalPackage, remaining: list[dict]) -> ResourcePlan:
    """The dataset's datapackage.json resource: the package's own descriptor, uploaded as it is on disk."""
    file = package.descriptor_file
    send = {"name": DESCRIPTOR_RESOURCE, "format": "JSON", "mimetype": "application/json", "hash": file.hash,
            "size": file.size, "description": "Frictionless data package descriptor: the dataset's metadata, "
                                              "table schemas and files / คำอธิบายแพ็กเกจข้อมูล"}
    old = next((r for r in remaining if is_descriptor(r)), None)
    if old is None:
        return ResourcePlan(DESCRIPTOR_RESOURCE, NEW, send=send, file=file, upload=True, level="patch")
    remaining.remove(old)
    send["id"] = old["id"]
    if old.get("hash") == file.hash and old.get("url_type") == "upload":
        return ResourcePlan(DESCRIPTOR_RESOURCE, UNCHANGED, send=send, remote=old, file=file)
    return ResourcePlan(DESCRIPTOR_RESOURCE, CHANGED, send=send, remote=old, file=file, upload=True, level="patch")


def _plan_version(plan: Plan, descriptor: dict) -> None:
    remote_version = (plan.remote or {}).get("version") or None
    plan.version_from = remote_version
    if plan.changed and not plan.create:
        level = "patch"  # the least a change is: metadata, or the datapackage.json alone
        for resource in plan.resources:
            level = versioning.higher(level, resource.level)
        plan.level = level
    stated = descriptor.get("version")
    if stated:
        plan.version_to = str(stated)
    elif plan.first:
        plan.version_to = versioning.FIRST
    elif plan.changed:
        plan.version_to = versioning.bump(remote_version, plan.level)
    else:
        plan.version_to = remote_version
    if plan.version_to is not None:
        plan.dataset["version"] = plan.version_to
    if not plan.create and plan.version_to != remote_version and "version" not in plan.fields:
        plan.fields.append("version")
