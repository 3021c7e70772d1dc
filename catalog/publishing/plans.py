"""What a publish will do: the plan's types, and how a package and a catalog's dataset are compared.

plan.py makes a Plan by reading the catalog; apply.py carries it out; resume.py, companion.py,
changelog.py and wording.py read it. They all stand on this module, which stands on none of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from catalog.ckanmodel import dataset_to_package, package_to_dataset
from catalog.ckanmodel.resource import is_descriptor
from catalog.publishing import changelog
from catalog.publishing.local import LocalFile, LocalPackage

if TYPE_CHECKING:
    from catalog.publishing.companion import HistoryPlan
    from catalog.publishing.periods import PeriodChanges, PeriodMerge
    from catalog.publishing.rows import RowChanges

def never_committed(remote: dict | None) -> bool:
    """No version of the dataset was ever published: it is new, or a first publish stopped before its commit."""
    if remote is None:
        return True
    return not remote.get("version") and not any(is_descriptor(r) for r in remote.get("resources") or [])


# what an upload decides: the catalog's own facts of the file it keeps
FILE_FACTS = frozenset({"path", "hash", "bytes", "mediatype"})
# a resource's metadata that describe its file's rows (where they came from): they change with the file
FOLLOW_THE_FILE = frozenset({"provenance", "sources"})
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
    periods: list[PeriodChanges] = field(default_factory=list)  # the periods of each table this publish touches
    merge: PeriodMerge | None = field(default=None, repr=False)  # the merged package's scratch folder

    def close(self) -> None:
        """Remove the scratch folder of a merged package (after applying, or when not applying)."""
        if self.merge is not None:
            self.merge.close()

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
        from catalog.publishing.wording import plan_lines  # wording reads plans: imported when used

        return plan_lines(self, lang)

    def text(self, lang: str = "en") -> str:
        return "\n".join(self.lines(lang))


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


def through_the_mapping(descriptor: dict, dataset_schema: str) -> dict:
    """The package as the catalog will give it back: mapped, sent as JSON, mapped back."""
    return dataset_to_package(json.loads(json.dumps(package_to_dataset(descriptor, dataset_schema=dataset_schema))))
