"""`catalog history`: a dataset's published versions, newest first, each with its permanent links and
what changed in it (its changelog entry, see changelog.py).

Where the links come from depends on the catalog:
- the embedded catalog keeps every file version itself: a version is the activity, among those under its
  version number (dataset_version_list), at which every file is the one its changelog says; that
  activity's own datapackage.json names every file at its permanent version URL;
- a CKAN overwrites uploads (it answers 400 to resource_version_list): the links are the immutable copies
  in the companion history dataset that each changelog entry records (companion.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import ckanapi

from catalog.ckanmodel import trail
from catalog.errors import CatalogError
from catalog.publishing import changelog, versioning
from catalog.publishing.targets import API_ERRORS, Target, keeps_file_versions, open_target


class HistoryError(CatalogError):
    """The dataset cannot be found or read."""


@dataclass
class FileLink:
    resource: str
    hash: str | None
    url: str | None
    bytes: int | None = None


@dataclass
class Version:
    version: str | None
    date: str | None
    entry: dict  # its changelog entry ({} for a version published without one)
    datapackage_url: str | None = None
    files: list[FileLink] = field(default_factory=list)  # the files whose bytes are new at this version
    files_at_version: dict[str, str | None] = field(default_factory=dict)  # resource -> URL, all of them

    @property
    def level(self) -> str | None:
        return self.entry.get("level")


@dataclass
class DatasetHistory:
    name: str
    target: str
    dataset_url: str
    history_dataset: str | None  # the companion dataset of a CKAN; None on a catalog that keeps versions
    versions: list[Version]  # newest first

    def as_json(self) -> dict:
        return {"dataset": self.name, "target": self.target, "url": self.dataset_url,
                "versions_kept_in": "history dataset" if self.history_dataset else "catalog file versions",
                "history_dataset": self.history_dataset,
                "versions": [{"version": v.version, "date": v.date, "level": v.level,
                              "changes": {k: x for k, x in v.entry.items()
                                          if k not in ("version", "date", "level", "files", "datapackage",
                                                       "history_dataset")},
                              "datapackage": v.datapackage_url,
                              "files": [{"resource": f.resource, "hash": f.hash, "bytes": f.bytes, "url": f.url}
                                        for f in v.files],
                              "files_at_version": v.files_at_version} for v in self.versions]}

    def lines(self, lang: str = "en") -> list[str]:
        th = lang == "th"
        where = f"{self.name} → {self.target}"
        kept = (f"; {'สำเนาถาวรอยู่ในชุดข้อมูล' if th else 'immutable copies in the dataset'} {self.history_dataset}"
                if self.history_dataset else "")
        lines = [f"{where}: " + (f"{len(self.versions)} รุ่น ใหม่สุดก่อน{kept}" if th else
                                 f"{len(self.versions)} version(s), newest first{kept}"), f"  {self.dataset_url}"]
        for version in self.versions:
            level = versioning.level_name(version.level, lang)
            lines.append(f"{version.version or '-'}  {version.date or ''}  {level}".rstrip())
            lines += [f"  {line}" for line in changelog.entry_lines(version.entry, lang)]
            if not version.entry:
                lines.append("  " + ("ไม่มีบันทึกการเปลี่ยนแปลง (เผยแพร่ก่อนมีการเก็บ changelog)" if th else
                                     "no changelog entry (published before changelogs were kept)"))
            width = max([len(f.resource) for f in version.files] + [len("datapackage.json")])
            if version.datapackage_url:
                lines.append(f"    {'datapackage.json':<{width}} {version.datapackage_url}")
            lines += [f"    {f.resource:<{width}} {f.url or ('(ไม่มีลิงก์)' if th else '(no link)')}"
                      for f in version.files]
        return lines

    def text(self, lang: str = "en") -> str:
        return "\n".join(self.lines(lang))


def dataset_history(target: Target, name: str) -> DatasetHistory:
    try:
        dataset = target.ckan.action.package_show(id=name)
    except ckanapi.NotFound:
        raise HistoryError(f"there is no dataset {name} in {target.label}",
                           f"ไม่พบชุดข้อมูล {name} ใน {target.label}") from None
    except ckanapi.NotAuthorized:
        raise HistoryError(f"not allowed to read the dataset {name} in {target.label}",
                           f"ไม่มีสิทธิ์อ่านชุดข้อมูล {name} ใน {target.label}") from None
    entries = changelog.read(dataset)
    url = f"{target.site_url.rstrip('/')}/dataset/{dataset['name']}"
    if keeps_file_versions(target):
        return DatasetHistory(dataset["name"], target.label, url, None, _from_file_versions(target, dataset, entries))
    history = next((e.get("history_dataset") for e in reversed(entries) if e.get("history_dataset")), None)
    return DatasetHistory(dataset["name"], target.label, url, history, _from_changelog(dataset, entries))


def _from_changelog(dataset: dict, entries: list[dict]) -> list[Version]:
    """Versions whose links the changelog records (the copies in the history dataset), newest first."""
    versions, current = [], {}
    for entry in entries:
        for name in (entry.get("resources") or {}).get("removed") or []:
            current.pop(name, None)
        files = [FileLink(f.get("resource"), f.get("hash"), f.get("url"), f.get("bytes"))
                 for f in entry.get("files") or [] if isinstance(f, dict)]
        current.update({f.resource: f.url for f in files})
        versions.append(Version(entry.get("version"), entry.get("date"), entry, entry.get("datapackage"), files,
                                dict(current)))
    if not versions:  # published before changelogs were kept: the current files are all there is
        versions.append(Version(dataset.get("version"), dataset.get("metadata_modified"), {}, None, [],
                                {r.get("name"): r.get("url") for r in dataset.get("resources") or []}))
    return versions[::-1]


def _runs(target: Target, dataset: dict) -> list[list[dict]]:
    """The dataset's activities in the embedded catalog, newest first, in runs of one version number: the
    writes of one publish, and those of the next publish made before it sets its own number."""
    return trail.runs_by_version(target.ckan.action.dataset_version_list(id=dataset["id"]), _version)


def _version(activity: dict) -> str | None:
    return activity.get("version")


def _files_of(target: Target, datapackage_url: str) -> dict[str, tuple[str | None, str | None]]:
    """resource -> (hash, permanent URL), from a version's own datapackage.json."""
    headers = {"Authorization": target.ckan.apikey} if target.ckan.apikey else {}
    session = target.session or target.ckan.session
    try:
        response = session.get(target.fetch_url(datapackage_url), headers=headers, timeout=60)
        descriptor = response.json() if response.status_code == 200 else {}
    except (OSError, ValueError):
        descriptor = {}
    return {r.get("name"): (r.get("hash"), r.get("path")) for r in descriptor.get("resources") or []
            if isinstance(r, dict)}


def _from_file_versions(target: Target, dataset: dict, entries: list[dict]) -> list[Version]:
    """Versions of the embedded catalog, newest first: those of the changelog, or without one, each run of
    activities under one version number."""
    runs = _runs(target, dataset)
    if not entries:
        versions = []
        for run in runs:
            files = _files_of(target, run[0]["datapackage_url"])
            versions.append(Version(run[0].get("version"), run[0].get("timestamp"), {}, run[0]["datapackage_url"],
                                    [], {k: v[1] for k, v in files.items()}))
        return versions
    versions = []
    found = trail.versions_of(entries, runs, _version, lambda activity: _files_of(target, activity["datapackage_url"]))
    for entry, activity, at_version in found:
        files = []
        for item in entry.get("files") or []:
            digest, url = at_version.get(item.get("resource"), (None, None))
            files.append(FileLink(item.get("resource"), item.get("hash"), url if digest == item.get("hash") else None,
                                  item.get("bytes")))
        versions.append(Version(entry.get("version"), entry.get("date"), entry, (activity or {}).get("datapackage_url"),
                                files, {k: v[1] for k, v in at_version.items()}))
    return versions


def read_history(name: str, *, to: str | None = None, home: Path | str = ".catalog-home",
                 targets: Path | None = None) -> DatasetHistory:
    """The history of the dataset `name` in the target `to` (None: the embedded catalog of `home`)."""
    with open_target(to, home=home, targets=targets, dry_run=True) as target:
        try:
            return dataset_history(target, name)
        except API_ERRORS as exc:
            raise HistoryError(f"{target.label} did not answer as a CKAN catalog ({exc})",
                               f"{target.label} ไม่ตอบแบบแคตตาล็อก CKAN ({exc})") from None
