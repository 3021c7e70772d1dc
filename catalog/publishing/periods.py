"""Publishing one period into a dataset that holds many: a month's สขร.1 adds its month to the year.

A category kept by fiscal year (`dataset_period`) has one dataset per agency and year, and an officer
publishes each month (or report round) as it is filed. The package on disk then holds only that period,
so publishing it as it is would drop every other month from the dataset. Instead the publisher merges:
the catalog's copy of each table keeps its rows of the periods the package does not hold (by the table's
`period_key`), the package's rows replace those of the periods it holds, and a table of the dataset that
the package leaves out stays as it is. The merged package, written to a scratch folder, is then planned and
published like any other, so its version, changelog and row counts come from the usual diff. `--replace`
publishes the package as the whole year instead.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from catalog.ckanmodel.resource import is_descriptor, resource_from_ckan
from catalog.disclosure import UnknownCategory, get_category
from catalog.packaging.provenance import regroup, row_origins
from catalog.publishing import catalog_copy
from catalog.publishing.local import LocalPackage, file_facts, read_local_package
from catalog.publishing.plans import never_committed
from catalog.publishing.resume import committed_file_url, committed_resources
from catalog.publishing.targets import Target, TargetError
from catalog.thai.periods import REPORT_ROUNDS, describe_period

# rounds in the order they end within a fiscal year
_ROUND_ORDER = {name: index for index, name in enumerate(("quarter-1", "quarter-2", "6-month", "quarter-3",
                                                          "quarter-4", "annual"))}
assert set(_ROUND_ORDER) == set(REPORT_ROUNDS)


@dataclass
class PeriodChanges:
    """What one publish does to the periods of one table."""

    resource: str
    key: list[str]  # the fields that say a row's period
    kinds: list[str]  # their period kinds ("month", "fiscal_year", "report_round")
    added: list[str] = field(default_factory=list)  # periods new to the dataset
    replaced: list[str] = field(default_factory=list)  # periods the package holds otherwise than the catalog
    same: list[str] = field(default_factory=list)  # periods the package holds as the catalog does
    kept: list[str] = field(default_factory=list)  # the catalog's periods the package leaves as they are
    removed: list[str] = field(default_factory=list)  # with --replace: the catalog's periods that go
    rows: dict[str, int] = field(default_factory=dict)  # period -> rows the package gives it

    def describe(self, label: str, lang: str = "en") -> str:
        return "/".join(describe_period(kind, value, lang) for kind, value in zip(self.kinds, label.split("/")))

    def as_entry(self) -> dict:
        return {name: getattr(self, name) for name in ("key", "kinds", "added", "replaced", "kept", "removed")
                if getattr(self, name)}

    @classmethod
    def from_entry(cls, resource: str, entry: dict) -> PeriodChanges:
        return cls(resource, list(entry.get("key") or []), list(entry.get("kinds") or []),
                   **{name: list(entry.get(name) or []) for name in ("added", "replaced", "kept", "removed")})


@dataclass
class PeriodMerge:
    package: LocalPackage  # what is published: the merged package (or the package itself)
    changes: list[PeriodChanges]
    scratch: tempfile.TemporaryDirectory | None = None

    def close(self) -> None:
        if self.scratch is not None:
            self.scratch.cleanup()
            self.scratch = None


def _periodic_specs(descriptor: dict) -> dict:
    """resource name -> its ResourceSpec, for the package's tables that hold periods."""
    category = (descriptor.get("disclosure") or {}).get("category")
    try:
        spec = get_category(category) if isinstance(category, str) else None
    except UnknownCategory:
        spec = None
    if spec is None or not spec.dataset_period:
        return {}
    return {r.name: r for r in spec.resources if r.period_key}


def _sort_key(spec, key: list[str]):
    kinds = [spec.periods.get(name) for name in key]

    def order(period: tuple) -> tuple:
        return tuple(_ROUND_ORDER.get(value, 99) if kind == "report_round" else
                     (int(value) if kind == "fiscal_year" and value.isdigit() else 0, value)
                     for kind, value in zip(kinds, period))
    return order


def _label(period: tuple) -> str:
    return "/".join(period)


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    return (rows[0], rows[1:]) if rows else ([], [])


def merge_periods(target: Target, package: LocalPackage, remote: dict | None, replace: bool = False) -> PeriodMerge:
    """The package to publish into the dataset `remote`: merged by period unless `replace` (see above)."""
    specs = _periodic_specs(package.descriptor)
    if not specs:
        return PeriodMerge(package, [])
    committed = {} if never_committed(remote) else \
        committed_resources(target, remote, target.dataset_schema, package.descriptor_file)
    remote_resources = {r.get("name"): r for r in (remote or {}).get("resources") or [] if not is_descriptor(r)}
    scratch = tempfile.TemporaryDirectory(prefix="catalog-periods-")
    folder = Path(scratch.name)
    changes, merged_any = [], False
    descriptor = json.loads(json.dumps(package.descriptor))
    try:
        for resource in descriptor["resources"]:
            spec = specs.get(resource["name"])
            if spec is None or resource["name"] not in package.files:
                continue
            old = _committed_copy(target, remote, remote_resources.get(resource["name"]),
                                  (committed or {}).get(resource["name"]), folder)
            change, merged = _merge_table(spec, resource, package.files[resource["name"]].path, old, replace, folder)
            changes.append(change)
            if merged is not None:
                merged_any = True
                _describe(resource, merged, folder, package.folder)
        if not replace:
            merged_any |= _keep_left_out(target, descriptor, remote, remote_resources, folder)
        if not merged_any:
            scratch.cleanup()
            return PeriodMerge(package, changes)
        _copy_other_files(package, descriptor, folder)
        with open(folder / "datapackage.json", "w", encoding="utf-8") as stream:
            json.dump(descriptor, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        merged_package = read_local_package(folder)
        merged_package.source = package.source or package.folder
        return PeriodMerge(merged_package, changes, scratch)
    except BaseException:
        scratch.cleanup()
        raise


def _committed_copy(target: Target, remote: dict | None, current: dict | None, committed: dict | None,
                    folder: Path) -> tuple[Path, dict] | None:
    """The catalog's file of a table as its current version has it (not as a publish that stopped left it),
    saved in `folder`, with its metadata; None when the dataset has no such table."""
    if current is None or current.get("url_type") != "upload":
        return None
    if committed is None:  # the committed descriptor is unreadable: the catalog's resource as it is
        committed = resource_from_ckan(current, lambda r: r.get("url"))
    url = current.get("url")
    if committed.get("hash") and current.get("hash") != committed.get("hash"):
        url = committed_file_url(target, remote, current.get("id"), current.get("name"), committed["hash"]) or url
    copy = folder / f".catalog-{current['name']}.csv"
    if not url or not catalog_copy.download(target, url, copy):
        # publishing the package as it is would drop every other period of the table: never silently
        raise TargetError(f"cannot read the catalog's copy of {current['name']} to keep the periods this package "
                          "does not hold; publish again later, or publish with --replace to replace the whole table",
                          f"อ่านสำเนา {current['name']} ในแคตตาล็อกไม่ได้ จึงเก็บข้อมูลงวดอื่นที่แพ็กเกจนี้ไม่มีไว้ไม่ได้ "
                          "กรุณาเผยแพร่ใหม่ภายหลัง หรือใช้ --replace เพื่อแทนที่ทั้งตาราง")
    return copy, committed


def _merge_table(spec, resource: dict, local_path: Path, old: tuple[Path, dict] | None, replace: bool,
                 folder: Path) -> tuple[PeriodChanges, tuple[Path, list[dict]] | None]:
    key = list(spec.period_key)
    change = PeriodChanges(resource["name"], key, [spec.periods.get(name, "") for name in key])
    header, rows = _read(local_path)
    positions = [header.index(name) for name in key]
    period_of = lambda row, at=positions: tuple(row[i] if i < len(row) else "" for i in at)  # noqa: E731
    order = _sort_key(spec, key)
    mine: dict[tuple, list[int]] = {}
    for index, row in enumerate(rows):
        mine.setdefault(period_of(row), []).append(index)
    change.rows = {_label(p): len(v) for p, v in sorted(mine.items(), key=lambda item: order(item[0]))}
    if old is None:
        change.added = [_label(p) for p in sorted(mine, key=order)]
        return change, None
    old_path, old_resource = old
    old_header, old_rows = _read(old_path)
    if not set(key) <= set(old_header):
        change.added = [_label(p) for p in sorted(mine, key=order)]
        return change, None
    old_positions = [old_header.index(name) for name in key]
    theirs: dict[tuple, list[int]] = {}
    for index, row in enumerate(old_rows):
        theirs.setdefault(tuple(row[i] if i < len(row) else "" for i in old_positions), []).append(index)
    as_local = [[row[old_header.index(name)] if name in old_header and old_header.index(name) < len(row) else ""
                 for name in header] for row in old_rows]
    for period in sorted(set(mine) | set(theirs), key=order):
        label = _label(period)
        if period in mine and period not in theirs:
            change.added.append(label)
        elif period in mine:
            same = [as_local[i] for i in theirs[period]] == [rows[i] for i in mine[period]]
            (change.same if same else change.replaced).append(label)
        elif replace:
            change.removed.append(label)
        else:
            change.kept.append(label)
    if replace or not change.kept:
        return change, None  # nothing of the catalog's to keep: the package is the table as it is
    # the catalog's rows of the periods kept, then the package's, in period order (rows keep their order)
    old_provenance = old_resource.get("provenance") if isinstance(old_resource.get("provenance"), list) else []
    new_provenance = resource.get("provenance") if isinstance(resource.get("provenance"), list) else []
    old_origins, new_origins = row_origins(old_provenance), row_origins(new_provenance)
    merged: list[tuple[tuple, int, list[str], tuple[int, int] | None]] = []
    for period, indices in theirs.items():
        if period not in mine:
            merged += [(period, 0, as_local[i], old_origins[i] if i < len(old_origins) else None) for i in indices]
    for period, indices in mine.items():
        merged += [(period, 1, rows[i], new_origins[i] if i < len(new_origins) else None) for i in indices]
    merged.sort(key=lambda item: order(item[0]))  # stable: within a period, rows as they were
    path = folder / resource["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(row for _, _, row, _ in merged)
    segments = old_provenance + new_provenance
    if all(origin is not None for *_, origin in merged):
        origins = [(origin[0] + (len(old_provenance) if side else 0), origin[1]) for _, side, _, origin in merged]
        provenance = regroup(segments, origins)
    else:
        provenance = segments  # rows without a recorded source: keep every segment as it was
    return change, (path, provenance)


def _describe(resource: dict, merged: tuple[Path, list[dict]], folder: Path, source: Path) -> None:
    path, provenance = merged
    facts = file_facts(path)
    resource["hash"], resource["bytes"] = facts.hash, facts.size
    resource["provenance"] = provenance
    titles = list(dict.fromkeys(segment["file"] for segment in provenance if "file" in segment))
    resource["sources"] = [{"title": title} for title in titles]


def _keep_left_out(target: Target, descriptor: dict, remote: dict | None, remote_resources: dict,
                   folder: Path) -> bool:
    """Tables of the dataset the package does not carry stay as the catalog has them."""
    names = {r["name"] for r in descriptor["resources"]}
    kept = False
    for name, current in remote_resources.items():
        if name in names or current.get("url_type") != "upload" or not current.get("url"):
            continue
        resource = resource_from_ckan(current, lambda r: None)
        filename = Path(str(current["url"]).rsplit("/", 1)[-1]).name or f"{name}.csv"
        relative = f"data/{filename}"
        (folder / "data").mkdir(exist_ok=True)
        if not catalog_copy.download(target, current["url"], folder / relative):
            continue
        resource["path"] = relative
        descriptor["resources"].append(resource)
        kept = True
    return kept


def _copy_other_files(package: LocalPackage, descriptor: dict, folder: Path) -> None:
    """Files of the package the merge did not write (documents, tables without periods)."""
    for resource in descriptor["resources"]:
        path = resource.get("path")
        if not isinstance(path, str) or (folder / path).exists() or resource["name"] not in package.files:
            continue
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package.files[resource["name"]].path, folder / path)
