"""Read a catalog's disclosure datasets and agencies through the CKAN Action API: any CKAN (ckanapi), or
the embedded catalog's actions called in-process. Only what an anonymous reader sees counts: a private or
draft dataset is not published."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog.compliance.records import SubjectDataset, subject_dataset
from catalog.errors import CatalogError

Action = Callable[..., object]  # action(name, **params) -> the action's result
PAGE = 1000  # CKAN's largest package_search page


def read_datasets(action: Action, agency: str | None = None, versions: bool = True) -> list[SubjectDataset]:
    """Every public disclosure dataset (of `agency`, when given). `versions`: ask a catalog that keeps
    file versions (dataset_version_list) for each version's permanent datapackage.json link."""
    records, start = [], 0
    fq = f'organization:"{agency}"' if agency else ""
    while True:
        found = action("package_search", q="", fq=fq, rows=PAGE, start=start, sort="name asc")
        results = found.get("results") or []
        for pkg in results:
            record = subject_dataset(pkg, _version_links(action) if versions else None)
            if record is not None:
                records.append(record)
        start += len(results)
        if not results or start >= int(found.get("count") or 0):
            return records


def read_organizations(action: Action, agency: str | None = None) -> list[dict]:
    if agency:
        try:
            org = action("organization_show", id=agency, include_datasets=False)
            return [org] if isinstance(org, dict) else []
        except Exception:  # an agency with no organization yet: known only by its datasets
            return []
    organizations = action("organization_list", all_fields=True, limit=1000)
    return [o for o in organizations if isinstance(o, dict)]


def _version_links(action: Action):
    """version_url(pkg, entry) for the reader: the newest activity of each version number, from
    dataset_version_list where the catalog has it (CKAN has not: its links are in the entries)."""
    cache: dict[str, dict[str, str]] = {}
    unsupported = []

    def version_url(pkg: dict, entry: dict) -> str | None:
        if unsupported:
            return None
        if pkg["id"] not in cache:
            try:
                listed = action("dataset_version_list", id=pkg["id"])
            except Exception:  # a stock CKAN: no such action
                unsupported.append(True)
                return None
            links: dict[str, str] = {}
            for version in listed or []:  # newest first
                if version.get("version") and version.get("datapackage_url"):
                    links.setdefault(version["version"], version["datapackage_url"])
            cache[pkg["id"]] = links
        return cache[pkg["id"]].get(entry.get("version"))

    return version_url


@contextmanager
def catalog_action(to: str | None, home, targets=None) -> Iterator[tuple[Action, str]]:
    """(action, site URL) for `--to` (a CKAN URL or a named target) or the embedded catalog of `home`,
    read as an anonymous reader."""
    if not to:
        from catalog.server.actions import Context, call_action
        from catalog.server.store import Store

        if not (Path(home) / "catalog.db").exists():
            raise CatalogError(f"no catalog at {home}: publish into it first, or name one with --to",
                               f"ไม่พบแคตตาล็อกที่ {home} กรุณาเผยแพร่ข้อมูลก่อน หรือระบุ --to")
        store = Store(Path(home))
        try:
            def action(name, **params):
                return call_action(name, Context(store=store, user=None), params)
            yield action, store.settings()["site_url"].rstrip("/")
        finally:
            store.dispose()
        return
    import ckanapi

    from catalog.publishing.targets import target_settings

    settings = target_settings(to, targets)
    url = settings["url"].rstrip("/")
    ckan = ckanapi.RemoteCKAN(url, user_agent="disclosure-catalog-compliance")
    try:
        def remote(name, **params):
            try:
                return ckan.call_action(name, params)
            except (ckanapi.CKANAPIError, OSError) as exc:
                if name == "dataset_version_list" or name == "organization_show":
                    raise
                raise CatalogError(f"cannot read {name} from {url} ({type(exc).__name__}: {exc})",
                                   f"อ่าน {name} จาก {url} ไม่ได้ ({type(exc).__name__})") from None
        yield remote, url
    finally:
        ckan.close()
