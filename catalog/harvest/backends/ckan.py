"""A CKAN source (a real CKAN or another `catalog serve`), read through its Action API as ckanext-harvest's
CKAN harvester reads it: package_search pages sorted by id, `fq=metadata_modified:[since TO *]` for an
incremental run, and a refusal when two pages come back the same (its "paging doesn't seem to work")."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.harvest.remote import SourceError

PAGE_SIZE = 100
ID_PAGE_SIZE = 1000


class CkanBackend:
    def __init__(self, source: dict, remote):
        self.source, self.remote = source, remote
        self.url = source["url"]
        self.filters = [f for f in (source["config"].get("filters") or []) if f]

    def _fq(self, extra: str | None = None) -> str:
        clauses = [f"+{f}" if not f.startswith(("+", "-")) else f for f in self.filters]
        if extra:
            clauses.append(extra)
        return " ".join(clauses)

    def _pages(self, params: dict, size: int) -> Iterator[list[dict]]:
        start, previous = 0, None
        while True:
            result = self.remote.action(self.url, "package_search", {**params, "rows": size, "start": start})
            page = result.get("results") if isinstance(result, dict) else None
            if not isinstance(page, list):
                raise SourceError(f"{self.url}: package_search answered no results list",
                                  f"{self.url}: package_search ไม่ได้ตอบรายการผลลัพธ์")
            if not page:
                return
            ids = [d.get("id") for d in page]
            if ids == previous:
                raise SourceError(f"{self.url}: the same page came back twice at start={start}: paging doesn't "
                                  f"seem to work on this source",
                                  f"{self.url}: ได้หน้าเดิมซ้ำที่ start={start}: การแบ่งหน้าของแหล่งนี้ใช้ไม่ได้")
            previous = ids
            yield page
            start += len(page)

    def changed(self, since: str | None) -> Iterator[dict]:
        extra = f"metadata_modified:[{since}Z TO *]" if since else None
        for page in self._pages({"q": "*:*", "fq": self._fq(extra), "sort": "id asc"}, PAGE_SIZE):
            for pkg in page:
                if not isinstance(pkg, dict) or not pkg.get("id"):
                    raise SourceError(f"{self.url}: package_search gave a dataset without an id",
                                      f"{self.url}: package_search ให้ชุดข้อมูลที่ไม่มี id")
                yield {**pkg, "remote_id": pkg["id"], "remote_url": f"{self.url}/dataset/{pkg.get('name') or pkg['id']}",
                       "remote_modified": pkg.get("metadata_modified")}

    def visible_ids(self) -> set[str]:
        ids: set[str] = set()
        for page in self._pages({"q": "*:*", "fq": self._fq(), "sort": "id asc", "fl": "id"}, ID_PAGE_SIZE):
            ids.update(str(d.get("id")) for d in page if isinstance(d, dict) and d.get("id"))
        return ids

    def organization(self, name: str) -> dict | None:
        try:
            found = self.remote.action(self.url, "organization_show", {"id": name, "include_datasets": False})
        except SourceError:
            return None
        return found if isinstance(found, dict) else None

    def resource_versions(self, resource_id: str) -> list[dict] | None:
        """The file versions of a resource, oldest first, where the source keeps them (a catalog of ours);
        None where it does not (a CKAN answers resource_version_list with an error)."""
        try:
            found = self.remote.action(self.url, "resource_version_list", {"id": resource_id})
        except SourceError:
            return None
        return sorted(found, key=lambda v: v.get("version") or 0) if isinstance(found, list) else None
