"""Every version's bytes on a CKAN that overwrites uploads: the companion history dataset.

CKAN keeps one stored file per resource: `resource_update` with a new file overwrites it, and the old
URL then serves the new bytes. So beside each dataset `<name>` the publisher keeps a public dataset
`<name>-history` (same organization, same GD Catalog fields, the extra `history_of` naming its dataset)
holding one resource per file version, named `<resource>@<version>`: uploaded once, when those bytes are
first published, and never updated or deleted. Each published version also gets its own
`datapackage@<version>`: the package's datapackage.json whose paths are those immutable URLs, so a
version can be cited and reloaded as it was. The changelog entry of the version records the URLs.

The bytes are uploaded there as they are published (not copied there before they are overwritten), so a
version has its permanent links the moment it is published, even if the publisher never runs again, at
the cost of storing the newest file twice. A file already there with the same sha256 is never sent again.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import ckanapi

from catalog.publishing.local import DESCRIPTOR_RESOURCE, LocalFile
from catalog.publishing.targets import Target

if TYPE_CHECKING:
    from catalog.publishing.plans import Plan

SUFFIX = "-history"
MARK = "history_of"  # the extra that says whose history a dataset is
NAME_LIMIT = {"ckan": 100, "gdc": 70}  # CKAN's name length limit; the GD Catalog's plugin allows 70
# what the history dataset does not take from its dataset
OWN_KEYS = frozenset({"id", "name", "title", "notes", "url", "version", "extras", "resources", "state"})
# a resource's keys its immutable copy does not take: the catalog decides them, or the copy has its own
NOT_COPIED = frozenset({"id", "package_id", "url", "name", "description", "position", "created", "last_modified",
                        "metadata_modified", "state", "url_type"})


@dataclass
class HistoryPlan:
    name: str  # the history dataset's name
    remote: dict | None  # the history dataset, None when it is to be created
    known: dict[tuple[str, str], str] = field(default_factory=dict)  # (resource, sha256 hash) -> URL
    keep: list[tuple[str, LocalFile, dict]] = field(default_factory=list)  # (resource, file, its CKAN fields)

    def lines(self, version: str | None, lang: str = "en") -> list[str]:
        kept = [f"{name}@{version}" for name, _, _ in self.keep] + [f"{DESCRIPTOR_RESOURCE}@{version}"]
        if lang == "th":
            verb = "สร้างชุดข้อมูลประวัติ " if self.remote is None else "ชุดข้อมูลประวัติ "
            return [f"  {verb}{self.name}: เก็บสำเนาถาวร " + ", ".join(kept)]
        verb = "create history dataset " if self.remote is None else "history dataset "
        return [f"  {verb}{self.name}: keep immutable copies " + ", ".join(kept)]


def history_name(name: str, dataset_schema: str = "ckan") -> str:
    """`<name>-history`, shortened (with a digest of the name, so it stays unique) when too long."""
    limit = NAME_LIMIT.get(dataset_schema, 100)
    if len(name) + len(SUFFIX) <= limit:
        return name + SUFFIX
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[:limit - len(SUFFIX) - len(digest) - 1]}-{digest}{SUFFIX}"


def label(resource: str, version: str | None) -> str:
    return f"{resource}@{version}"


def _extras(dataset: dict) -> dict:
    return {e.get("key"): e.get("value") for e in dataset.get("extras") or [] if isinstance(e, dict)}


def plan_history(target: Target, plan: Plan) -> None:
    """Fill plan.history: the history dataset, and the files of this version it does not hold yet."""
    name = history_name(plan.name, target.dataset_schema)
    try:
        remote = target.ckan.action.package_show(id=name)
    except ckanapi.NotFound:
        remote = None
    if remote is not None and _extras(remote).get(MARK) != plan.name:
        plan.problems.append((f"the history dataset name {name} is taken by another dataset",
                              f"ชื่อชุดข้อมูลประวัติ {name} ถูกใช้โดยชุดข้อมูลอื่นแล้ว"))
        return
    history = HistoryPlan(name, remote)
    for resource in (remote or {}).get("resources") or []:
        base = str(resource.get("name") or "").rpartition("@")[0]
        if base and resource.get("hash") and resource.get("url"):
            history.known.setdefault((base, resource["hash"]), resource["url"])
    for resource in plan.resources:
        if resource.file is None or resource.name == DESCRIPTOR_RESOURCE or resource.action == "removed":
            continue
        if (resource.name, resource.file.hash) not in history.known:
            history.keep.append((resource.name, resource.file, resource.send or {}))
    plan.history = history


def history_dataset(plan: Plan) -> dict:
    """The history dataset's own fields: its dataset's (a GD Catalog portal requires them), relabelled."""
    dataset = {k: v for k, v in plan.dataset.items() if k not in OWN_KEYS}
    title = plan.dataset.get("title") or plan.name
    return {**dataset, "name": plan.history.name, "title": f"{title} (ประวัติรุ่น / version history)",
            "notes": f"ทุกรุ่นของไฟล์ในชุดข้อมูล {plan.name} แต่ละไฟล์อัปโหลดครั้งเดียวและไม่ถูกแก้ไข "
                     f"เป็นลิงก์ถาวรที่บันทึกในประวัติการเปลี่ยนแปลง (changelog)\n\n"
                     f"Every version of the files of the dataset {plan.name}, each uploaded once and never "
                     "changed: the permanent links its changelog records.",
            "extras": [{"key": MARK, "value": plan.name}]}


def _upload(call: Callable, package_id: str, name: str, path: Path, fields: dict) -> dict:
    with open(path, "rb") as stream:
        return call("resource_create", package_id=package_id, name=name, **fields, upload=(path.name, stream))


def keep_versions(plan: Plan, call: Callable) -> None:
    """Upload this version's new files and its datapackage.json to the history dataset, and write their
    URLs into the version's changelog entry. `call(action, **data)` makes one write."""
    history, version, entry = plan.history, plan.version_to, plan.changelog
    if history.remote is None:
        history.remote = call("package_create", **history_dataset(plan))
    package_id = history.remote["id"]
    for name, file, send in history.keep:
        fields = {k: v for k, v in send.items() if k not in NOT_COPIED and v is not None}
        fields.update(hash=file.hash, size=file.size, description=f"{name}, version {version} of {plan.name} "
                      f"(an immutable copy) / รุ่น {version} (สำเนาถาวร)")
        created = _upload(call, package_id, label(name, version), file.path, fields)
        history.known[(name, file.hash)] = created["url"]
        if not any(f["resource"] == name and f["hash"] == file.hash for f in entry["files"]):
            entry["files"].append({"resource": name, "hash": file.hash, "bytes": file.size})
    for item in entry["files"]:
        item["url"] = history.known[(item["resource"], item["hash"])]
    entry["datapackage"] = _keep_descriptor(plan, call, package_id)
    entry["history_dataset"] = history.name


def versioned_descriptor(plan: Plan) -> dict:
    """The package's descriptor at this version: its files at their immutable URLs."""
    descriptor = json.loads(json.dumps(plan.package.descriptor))
    descriptor["version"] = plan.version_to
    for resource in descriptor["resources"]:
        file = plan.package.files.get(resource["name"])
        if file is not None:
            resource["path"] = plan.history.known[(resource["name"], file.hash)]
    return descriptor


def _keep_descriptor(plan: Plan, call: Callable, package_id: str) -> str:
    data = (json.dumps(versioned_descriptor(plan), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    if (DESCRIPTOR_RESOURCE, digest) in plan.history.known:  # kept by an earlier run that stopped half-way
        return plan.history.known[(DESCRIPTOR_RESOURCE, digest)]
    with tempfile.TemporaryDirectory(prefix="catalog-history-") as scratch:
        path = Path(scratch) / "datapackage.json"
        path.write_bytes(data)
        created = _upload(call, package_id, label(DESCRIPTOR_RESOURCE, plan.version_to), path,
                          {"format": "JSON", "mimetype": "application/json", "hash": digest, "size": len(data),
                           "description": f"datapackage.json of version {plan.version_to} of {plan.name}: its "
                                          f"files at their permanent URLs / คำอธิบายแพ็กเกจรุ่น {plan.version_to}"})
    plan.history.known[(DESCRIPTOR_RESOURCE, digest)] = created["url"]
    return created["url"]
