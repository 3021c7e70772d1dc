"""Publishing again after a publish that stopped part-way (a dropped connection, an error, a killed process).

The commit is a publish's last write (apply.py): one package_revise that sets the dataset's version, its
changelog and its `datapackage` resource together. So the `datapackage` resource is always the descriptor
of the dataset's current version, and a dataset with neither a version nor a `datapackage` resource is a
first publish that never committed. What a stopped publish wrote before its commit (files uploaded,
resources added, updated or removed) belongs to no version yet.

Publishing again therefore counts this version's changes from the committed descriptor, not from what the
catalog holds now: the version number and changelog come out as a clean publish's would. Only what the
catalog still lacks is written again; what is already there is marked `in_place` (nothing to write) or
`sent` (its file is there, only its metadata is written), so no file is uploaded twice and no resource
is created twice.
"""

from __future__ import annotations

import json
from catalog.ckanmodel.resource import is_descriptor, resource_from_ckan
from catalog.publishing import catalog_copy, changelog, failures, versioning
from catalog.publishing.local import DESCRIPTOR_RESOURCE, LocalFile
from catalog.publishing.plans import (CHANGED, FILE_FACTS, NEW, REMOVED, UNCHANGED, Plan, ResourcePlan,
                                      changed_keys, never_committed, through_the_mapping)
from catalog.publishing.targets import API_ERRORS, Target, keeps_file_versions

UNKNOWN = None  # the committed version cannot be read: the plan counts from the catalog as it is


def committed_resources(target: Target, remote: dict | None, dataset_schema: str,
                        local_descriptor: LocalFile) -> dict[str, dict] | None:
    """name -> resource (as the mapping gives it back) of the dataset's current version; {} when no version
    was ever committed; None when its descriptor cannot be read."""
    if never_committed(remote):
        return {}
    resource = next((r for r in remote.get("resources") or [] if is_descriptor(r)), None)
    if resource is None or not resource.get("url"):
        return UNKNOWN
    if resource.get("hash") == local_descriptor.hash:
        # the committed descriptor has the package's bytes (the same sha256): read them here, not over the network
        return _descriptor_resources(local_descriptor.path.read_bytes(), dataset_schema)
    headers = {"Authorization": target.ckan.apikey} if target.ckan.apikey else {}
    session = target.session or target.ckan.session
    url = target.fetch_url(resource["url"])
    try:
        with session.get(url, headers=headers, timeout=60) as response:
            if response.status_code >= 500:
                response.raise_for_status()
            if response.status_code != 200:
                return UNKNOWN
            content = response.content
    except Exception as exc:
        if failures.catalog_failed(exc, url, target.ckan.address):
            raise  # no answer is not an answer: publishing again reads it
        return UNKNOWN
    return _descriptor_resources(content, dataset_schema)


def _descriptor_resources(content: bytes, dataset_schema: str) -> dict[str, dict] | None:
    try:
        return {r["name"]: r for r in through_the_mapping(json.loads(content), dataset_schema)["resources"]}
    except Exception:  # not a descriptor we can read: plan from the catalog as it is
        return UNKNOWN


def count_from_commit(target: Target, plan: Plan, local_resources: dict[str, dict]) -> None:
    """Make the plan's changes those since the committed version, for the resources a stopped publish touched."""
    committed = committed_resources(target, plan.remote, target.dataset_schema, plan.package.descriptor_file)
    if committed is UNKNOWN:
        return
    if never_committed(plan.remote) and plan.remote is not None:
        plan.fields = []  # a first publish: its metadata are not changes
    for resource in plan.resources:
        if resource.name == DESCRIPTOR_RESOURCE or resource.action == "removed" or resource.remote is None:
            continue
        base = committed.get(resource.name)
        if base is not None and _same(base, resource.remote):
            continue  # the catalog still has the committed resource: the plan counts right
        _recount(target, plan, resource, local_resources[resource.name], base)
    _removed_before(plan, committed, local_resources)


def _view(remote: dict) -> dict:
    return resource_from_ckan(remote, lambda r: r.get("url"))


def _same(base: dict, remote: dict) -> bool:
    if base.get("hash") and remote.get("hash") and base["hash"] != remote["hash"]:
        return False
    return not changed_keys(base, _view(remote), FILE_FACTS | {"name"})


def _recount(target: Target, plan: Plan, resource: ResourcePlan, local: dict, base: dict | None) -> None:
    """A resource the stopped publish wrote: its change counted from `base` (None: not in the committed version)."""
    file = resource.file
    resource.in_place = resource.action == UNCHANGED  # the catalog has it as the package has it
    resource.sent = file is not None and resource.remote.get("hash") == file.hash
    if base is None:
        resource.action, resource.level, resource.fields, resource.rows = NEW, "minor", [], None
        resource.upload = file is not None
        return
    ignore = FILE_FACTS | {"name"} if file is not None else {"name"}
    fields = changed_keys(local, base, ignore)
    replaced = file is not None and base.get("hash") != file.hash
    if not fields and not replaced:  # as committed: at most the catalog is written back to it
        resource.in_place = resource.sent = False
        resource.level = resource.rows = None
        return
    resource.action, resource.fields = CHANGED, fields
    # the file goes whenever the catalog lacks these bytes (a stopped publish may have sent others)
    resource.upload = replaced or (file is not None and not resource.sent)
    resource.schema_broken = versioning.schema_breaks(base.get("schema"), local.get("schema"))
    resource.rows = None
    if replaced and isinstance(local.get("schema"), dict) and base.get("hash"):
        url = _committed_file(target, plan, resource, base["hash"])
        if url:
            resource.rows = catalog_copy.row_changes(target, {"url": url}, file, local["schema"])
    resource.level = versioning.change_level(schema_broken=resource.schema_broken, content_replaced=replaced,
                                             rows=resource.rows, metadata=bool(fields)) or "patch"


def _committed_file(target: Target, plan: Plan, resource: ResourcePlan, digest: str) -> str | None:
    return committed_file_url(target, plan.remote, resource.id, resource.name, digest)


def committed_file_url(target: Target, remote: dict | None, resource_id: str | None, name: str | None,
                       digest: str) -> str | None:
    """Where the committed version's bytes of a resource are kept: the embedded catalog's file version, or
    on CKAN the copy in the history dataset that the changelog records."""
    if keeps_file_versions(target):
        try:
            versions = target.ckan.action.resource_version_list(id=resource_id)
        except API_ERRORS:
            return None
        return next((v["url"] for v in reversed(versions) if v.get("hash") == digest), None)
    files, _ = changelog.current_files(changelog.read(remote))
    return files.get((name, digest))


def _removed_before(plan: Plan, committed: dict[str, dict], local_resources: dict[str, dict]) -> None:
    """Resources of the committed version that the stopped publish already removed: still removed by this one."""
    in_catalog = {r.get("name") for r in (plan.remote or {}).get("resources") or []}
    gone = [name for name in committed if name not in local_resources and name not in in_catalog]
    position = next((i for i, r in enumerate(plan.resources) if r.name == DESCRIPTOR_RESOURCE and r.action != REMOVED),
                    len(plan.resources))
    plan.resources[position:position] = [ResourcePlan(name, REMOVED, in_place=True,
                                                      level=versioning.change_level(removed=True))
                                         for name in gone]
