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
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import ckanapi
import requests

from catalog.ckanmodel import dataset_to_package, package_to_dataset
from catalog.ckanmodel.resource import is_descriptor, resource_from_ckan
from catalog.publishing import changelog, failures, gdcfields, tags, versioning
from catalog.publishing.companion import HistoryPlan, plan_history
from catalog.publishing.local import DESCRIPTOR_RESOURCE, LocalFile, LocalPackage, read_local_package
from catalog.publishing.resume import count_from_commit, never_committed
from catalog.publishing.rows import RowChanges, diff_rows
from catalog.publishing.targets import API_ERRORS, Target, TargetError, detect_dataset_schema, keeps_file_versions
from catalog.publishing.uploads import StreamingSession
from catalog.validation.csv_table import CsvReadError

# what an upload decides: the catalog's own facts of the file it keeps
FILE_FACTS = frozenset({"path", "hash", "bytes", "mediatype"})
# package properties the publisher keeps in the catalog for itself: never a change of the package's
PUBLISHER_KEYS = frozenset({"resources", "version", changelog.EXTRA})
NEW, CHANGED, UNCHANGED, REMOVED = "new", "changed", "unchanged", "removed"


@dataclass
class ResourcePlan:
    name: str
    action: str  # new | changed | unchanged | removed
    send: dict | None = None  # the CKAN resource dict to write (id and kept upload url included)
    remote: dict | None = None  # the catalog's resource
    file: LocalFile | None = None  # the file to upload, when `upload`
    upload: bool = False
    fields: list[str] = field(default_factory=list)  # metadata that change
    rows: RowChanges | None = None
    level: str | None = None  # the version bump this change calls for
    duplicate: bool = False  # a second resource of the same name in the catalog
    schema_broken: bool = False  # its table schema changed in a way a reader's code depends on
    in_place: bool = False  # already in the catalog, written by a publish that stopped before its commit
    sent: bool = False  # its file is already in the catalog (sent by such a publish): not sent again

    @property
    def id(self) -> str | None:
        return (self.remote or {}).get("id")


@dataclass
class Plan:
    package: LocalPackage
    target: str
    dataset: dict  # the CKAN dataset dict to write, without resources
    remote: dict | None  # the catalog's dataset, None when it is to be created
    resources: list[ResourcePlan]  # the package's, those to remove, then the datapackage.json
    fields: list[str] = field(default_factory=list)  # dataset metadata that change (package names)
    dropped_keys: list[str] = field(default_factory=list)  # CKAN keys the dataset no longer has
    organization: str | None = None
    create_organization: bool = False
    organization_title: str | None = None
    version_from: str | None = None
    version_to: str | None = None
    level: str | None = None  # the bump the changes call for (see versioning.py)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (en, th) reasons it cannot be applied
    trail: list[dict] = field(default_factory=list)  # the changelog the catalog holds, oldest first
    changelog: dict | None = None  # the entry of the version this plan publishes (None: nothing to publish)
    refused_tags: list[str] = field(default_factory=list)  # keywords the target refuses as tags
    history: HistoryPlan | None = None  # where the file versions are kept, on a catalog that overwrites files

    @property
    def name(self) -> str:
        return self.package.name

    @property
    def create(self) -> bool:
        return self.remote is None

    @property
    def first(self) -> bool:
        """This publish makes the dataset's first version (a first publish that stopped is continued)."""
        return never_committed(self.remote)

    @property
    def changed(self) -> bool:
        return self.create or bool(self.fields) or self.create_organization or \
            any(r.action != UNCHANGED for r in self.resources)

    def lines(self, lang: str = "en") -> list[str]:
        from catalog.publishing.wording import plan_lines

        return plan_lines(self, lang)

    def text(self, lang: str = "en") -> str:
        return "\n".join(self.lines(lang))


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


def comparable(value):
    """A value as the catalog can keep it: numbers as text, lists of words in any order, empty as absent."""
    if isinstance(value, dict):
        value = {k: comparable(v) for k, v in value.items()}
        return {k: v for k, v in value.items() if v is not None} or None
    if isinstance(value, list):
        items = [comparable(v) for v in value]
        if all(isinstance(i, str) for i in items):
            items = sorted(items)
        return items or None
    if isinstance(value, (bool, int, float)):
        return str(value)
    return None if value in (None, "") else value


def _licence_ids(licences) -> list | None:
    # a catalog keeps a licence by its id and describes it from its own register (CKAN's license_title and
    # license_url are not writable), so only the ids can be held against the package
    if not isinstance(licences, list):
        return licences
    return [(l.get("name") or l.get("path")) if isinstance(l, dict) else l for l in licences]


def changed_keys(local: dict, remote: dict, ignore: frozenset | set = frozenset()) -> list[str]:
    keys = [k for k in local if k not in ignore] + [k for k in remote if k not in local and k not in ignore]
    return [k for k in keys if comparable(_held(k, local.get(k))) != comparable(_held(k, remote.get(k)))]


def _held(key: str, value):
    """The part of a package field the catalog keeps as it was sent."""
    return _licence_ids(value) if key == "licenses" else value


def _through_the_mapping(descriptor: dict, dataset_schema: str) -> dict:
    """The package as the catalog will give it back: mapped, sent as JSON, mapped back."""
    return dataset_to_package(json.loads(json.dumps(package_to_dataset(descriptor, dataset_schema=dataset_schema))))


def _show(ckan, name: str) -> dict | None:
    try:
        return ckan.action.package_show(id=name)
    except ckanapi.NotFound:
        return None
    except ckanapi.NotAuthorized:
        raise TargetError(f"not allowed to read the dataset {name} in this catalog",
                          f"ไม่มีสิทธิ์อ่านชุดข้อมูล {name} ในแคตตาล็อกนี้") from None


def plan_publish(ckan, package_dir: Path | str) -> Plan:
    """The plan to bring the catalog's dataset in line with the package at `package_dir`.

    `ckan` is a Target (see targets.py) or a ckanapi client. Reads only: nothing is written.
    """
    target = as_target(ckan)
    package = read_local_package(package_dir)
    descriptor = package.descriptor
    remote = _show(target.ckan, package.name)
    local_view = _through_the_mapping(descriptor, target.dataset_schema)
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
    plan.problems += [(f"GD Catalog field {problem}", f"ฟิลด์ GD Catalog {problem}") for problem in problems]


def _plan_tags(target: Target, plan: Plan) -> None:
    keywords = [k for k in plan.package.descriptor.get("keywords") or [] if isinstance(k, str)]
    plan.refused_tags = tags.refused_tags(target, keywords, plan.organization)
    if not plan.refused_tags:
        return
    plan.dataset["tags"] = [{"name": k} for k in keywords if k not in plan.refused_tags]
    plan.dataset["extras"] = [e for e in plan.dataset.get("extras") or [] if e.get("key") != tags.EXTRA] + [
        {"key": tags.EXTRA, "value": json.dumps(keywords, ensure_ascii=False)}]


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
        plan.organization_title = _agency_name(plan.package.folder, owner) or owner
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
    if not plan.upload and not plan.fields:
        return plan
    plan.action = CHANGED
    plan.schema_broken = versioning.schema_breaks(remote.get("schema"), local.get("schema"))
    if plan.upload and isinstance(local.get("schema"), dict) and old.get("url_type") == "upload":
        plan.rows = _row_changes(target, old, file, local["schema"])
    plan.level = versioning.change_level(schema_broken=plan.schema_broken, content_replaced=plan.upload,
                                         rows=plan.rows, metadata=bool(plan.fields)) or "patch"
    return plan


def _plan_removal(remote: dict, local_resources: dict) -> ResourcePlan:
    # a second copy of a resource the package keeps is a correction; a resource gone may break readers
    duplicate = is_descriptor(remote) or remote.get("name") in local_resources
    return ResourcePlan(remote.get("name") or remote["id"], REMOVED, remote=remote, duplicate=duplicate,
                        level="patch" if duplicate else versioning.change_level(removed=True))


def _row_changes(target: Target, old: dict, file: LocalFile, schema: dict) -> RowChanges | None:
    """The rows that changed, from the catalog's copy of the file to the package's (None if unreadable)."""
    headers = {"Authorization": target.ckan.apikey} if target.ckan.apikey else {}
    session = target.session or target.ckan.session
    url = target.fetch_url(old["url"])
    with tempfile.TemporaryDirectory(prefix="catalog-publish-") as scratch:
        copy = Path(scratch) / "catalog-copy.csv"
        try:
            with session.get(url, headers=headers, stream=True, timeout=60) as response:
                if response.status_code >= 500:
                    response.raise_for_status()
                if response.status_code != 200:
                    return None
                with open(copy, "wb") as out:
                    for chunk in response.iter_content(1 << 20):
                        out.write(chunk)
        except Exception as exc:  # the catalog's copy cannot be had: the plan says rows were not compared
            if failures.catalog_failed(exc, url, target.ckan.address):
                raise  # unless the catalog failed: a guess would change the version, publishing again will not
            return None
        try:
            return diff_rows(copy, file.path, schema.get("primaryKey"))
        except CsvReadError:  # the catalog's copy is not UTF-8 CSV: the plan says rows were not compared
            return None


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
