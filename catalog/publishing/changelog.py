"""The dataset's changelog: one entry per published version, kept in the dataset itself.

The entries travel as the extra `changelog`, JSON text holding a list, oldest first. An extra survives
every catalog the publisher meets: stock CKAN keeps extras as sent, ckanext-scheming (the GD Catalog)
keeps every extra whose key is not one of its schema's fields, and the embedded catalog keeps them too.
A resource (a CHANGELOG.md) would have been overwritten on CKAN and would show up as one of the
package's resources. An entry:

    {"version": "1.0.1", "date": "2025-06-01T10:00:00+00:00", "level": "patch",
     "resources": {"new": [], "changed": ["egp_contract"], "removed": []},
     "rows": {"egp_contract": {"key": ["record_id"], "added": 0, "removed": 0, "changed": 1,
                               "examples": ["record_id=6701"],
                               "changes": [{"key": {"record_id": "6701"},
                                            "fields": {"agreed_price": ["361000", "349500"]}}],
                               "titles": {"record_id": "…", "agreed_price": "ราคาที่ตกลงซื้อ/จ้าง"}}},
     "schema": [], "metadata": {"dataset": ["description"], "resources": {"egp_contract": ["title"]}},
     "files": [{"resource": "egp_contract", "hash": "sha256:…", "bytes": 1234, "url": "…"}],
     "datapackage": "…", "history_dataset": "…",
     "coverage": {"resource": "…", "periods": {"2024-10": 3}, "nothing_to_report": []},
     "notes": {"th": "…", "en": "egp_contract: 1 row changed; …"}}

`coverage` (catalog/disclosure/coverage.py) says which reporting periods the version's rows hold.

`files` are the files whose bytes first appear at this version; on a catalog that keeps no file versions
(CKAN) each has the `url` of its immutable copy in the history dataset, and `datapackage` is the URL of
this version's own datapackage.json there (see companion.py). The embedded catalog keeps every file
version itself, so there the links are looked up when the history is read (history.py).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from catalog.ckanmodel.trail import CHANGELOG_EXTRA, changelog_entries
from catalog.publishing.rows import RowChanges

if TYPE_CHECKING:
    from catalog.publishing.local import LocalPackage
    from catalog.publishing.plans import Plan

EXTRA = CHANGELOG_EXTRA
FIRST = "first"  # the level of the version that created the dataset


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def read(dataset: dict | None) -> list[dict]:
    """The entries a catalog's dataset holds, oldest first ([] when it has none or they cannot be read)."""
    return changelog_entries(dataset)


def with_entries(extras: list[dict] | None, entries: list[dict]) -> list[dict]:
    """The dataset's extras with its changelog replaced by `entries`."""
    kept = [e for e in extras or [] if e.get("key") != EXTRA]
    return kept + [{"key": EXTRA, "value": json.dumps(entries, ensure_ascii=False, separators=(",", ":"))}]


def current_files(entries: list[dict]) -> tuple[dict[tuple[str, str], str], str | None]:
    """(resource, hash) -> the URL the changelog records for those bytes, and the newest version's
    datapackage.json URL."""
    files: dict[tuple[str, str], str] = {}
    datapackage = None
    for entry in entries:
        for item in entry.get("files") or []:
            if isinstance(item, dict) and item.get("url"):
                files[(item.get("resource"), item.get("hash"))] = item["url"]
        datapackage = entry.get("datapackage") or datapackage
    return files, datapackage


def rows_entry(rows: RowChanges) -> dict:
    entry = {"key": rows.key, "added": rows.added, "removed": rows.removed, "changed": rows.changed}
    if rows.changed_keys:
        entry["examples"] = rows.changed_keys
    if rows.fields_added:
        entry["fields_added"] = rows.fields_added
    if rows.fields_removed:
        entry["fields_removed"] = rows.fields_removed
    if rows.changes:
        entry["changes"] = rows.changes
    named = set(rows.key) | {name for change in rows.changes for name in change.get("fields", {})}
    titles = {name: title for name, title in rows.titles.items() if name in named}
    if titles:  # so that the entry can be read in Thai without the schema
        entry["titles"] = titles
    return entry


def rows_of(entry: dict) -> RowChanges:
    return RowChanges(added=entry.get("added", 0), removed=entry.get("removed", 0), changed=entry.get("changed", 0),
                      key=list(entry.get("key") or []), changed_keys=list(entry.get("examples") or []),
                      fields_added=list(entry.get("fields_added") or []),
                      fields_removed=list(entry.get("fields_removed") or []),
                      changes=[c for c in entry.get("changes") or [] if isinstance(c, dict)],
                      titles=dict(entry.get("titles") or {}))


def entry_for(plan: Plan, date: str | None = None) -> dict:
    """The entry of the version a plan publishes: what changed, and the files new at it."""
    from catalog.publishing.local import DESCRIPTOR_RESOURCE

    resources = [r for r in plan.resources if r.name != DESCRIPTOR_RESOURCE or r.action == "removed"]
    changes = {action: [r.name for r in resources if r.action == action and not r.duplicate]
               for action in ("new", "changed", "removed")}
    duplicates = [r.name for r in resources if r.action == "removed" and r.duplicate]
    if duplicates:
        changes["duplicates_removed"] = duplicates
    metadata: dict = {"dataset": [f for f in plan.fields if f != "version"]}
    resource_fields = {r.name: r.fields for r in resources if r.fields and r.action == "changed"}
    if resource_fields:
        metadata["resources"] = resource_fields
    entry = {"version": plan.version_to, "date": date or now(), "level": FIRST if plan.first else plan.level,
             "resources": changes,
             "rows": {r.name: rows_entry(r.rows) for r in resources if r.rows is not None and r.action == "changed"},
             "schema": [r.name for r in resources if r.schema_broken],
             "metadata": metadata,
             "files": [{"resource": r.name, "hash": r.file.hash, "bytes": r.file.size, **({"id": r.id} if r.id else {})}
                       for r in resources if r.upload and r.file is not None]}
    return entry


def coverage_of(package: LocalPackage) -> dict | None:
    """The periods the package's rows cover, by its category's currency rule (catalog/disclosure/coverage.py);
    None for a package of no category or a rule that reads no rows."""
    from catalog.disclosure import UnknownCategory, get_category
    from catalog.disclosure.coverage import package_coverage

    name = (package.descriptor.get("disclosure") or {}).get("category")
    try:
        category = get_category(name) if isinstance(name, str) else None
    except UnknownCategory:
        return None
    if category is None:
        return None
    return package_coverage(category, {n: f.path for n, f in package.files.items()})


def _pick(lang: str, en: str, th: str) -> str:
    return th if lang == "th" else en


def notes_of(entry: dict) -> dict[str, str]:
    """The entry told in words, Thai and English: the version notes a DCAT reader shows."""
    return {lang: "; ".join(entry_lines(entry, lang)) for lang in ("th", "en")}


def entry_lines(entry: dict, lang: str = "en") -> list[str]:
    """What changed at one version, a line per kind of change (the links are listed by the caller)."""
    from catalog.publishing.wording import rows_text

    lines = []
    labels = {"new": ("new", "ใหม่"), "changed": ("changed", "เปลี่ยน"), "removed": ("removed", "ลบออก"),
              "duplicates_removed": ("duplicates removed", "ลบทรัพยากรที่ซ้ำ")}
    for action, (en, th) in labels.items():
        names = (entry.get("resources") or {}).get(action) or []
        if names:
            lines.append(_pick(lang, f"resources {en}: ", f"ทรัพยากร{th}: ") + ", ".join(names))
    for name, rows in (entry.get("rows") or {}).items():
        lines.append(f"{name}: {rows_text(rows_of(rows), lang)}")
    if entry.get("schema"):
        lines.append(_pick(lang, "table schema changed (breaking): ", "โครงสร้างตารางเปลี่ยน (ไม่เข้ากันกับรุ่นเดิม): ")
                     + ", ".join(entry["schema"]))
    if entry.get("periods"):
        from catalog.publishing.periods import PeriodChanges
        from catalog.publishing.wording import period_lines

        lines += [line.strip() for line in period_lines(
            [PeriodChanges.from_entry(name, periods) for name, periods in entry["periods"].items()], lang)]
    metadata = entry.get("metadata") or {}
    if metadata.get("dataset"):
        lines.append(_pick(lang, "metadata changed: ", "เมทาดาทาที่เปลี่ยน: ") + ", ".join(metadata["dataset"]))
    for name, fields in (metadata.get("resources") or {}).items():
        lines.append(_pick(lang, f"{name} metadata changed: ", f"เมทาดาทาของ {name} ที่เปลี่ยน: ") + ", ".join(fields))
    return lines
