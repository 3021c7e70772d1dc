"""A DCAT source: RDF pages (Turtle, RDF/XML, JSON-LD) followed by hydra `next`/`nextPage`, as
ckanext-dcat's RDF harvester follows them. There is no cheap list of ids in DCAT, so every run reads
every page; `changed(since)` then keeps the datasets whose dct:modified is newer."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.harvest.remote import SourceError

MAX_PAGES = 10_000
ACCEPT = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8"
_FORMATS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld",
            "text/n3": "n3", "application/n-triples": "nt", "application/xml": "xml", "text/xml": "xml"}
_SUFFIXES = {".ttl": "turtle", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld", ".n3": "n3", ".nt": "nt"}


class DcatBackend:
    def __init__(self, source: dict, remote):
        self.source, self.remote = source, remote
        self.url = source["url"]
        self._crawl: list[dict] | None = None

    def _read(self) -> list[dict]:
        if self._crawl is not None:
            return self._crawl
        from rdflib import Graph

        from catalog.dcat.reader import datasets_in, next_page

        datasets: dict[str, dict] = {}
        url, seen = self.url, set()
        while url:
            if url in seen or len(seen) >= MAX_PAGES:
                raise SourceError(f"{url}: the pages of this DCAT source loop back on themselves",
                                  f"{url}: หน้าของแหล่ง DCAT นี้วนกลับมาที่เดิม")
            seen.add(url)
            response = self.remote.get(url, accept=ACCEPT)
            if response.status_code != 200:
                raise SourceError(f"{url} answered HTTP {response.status_code}", f"{url} ตอบ HTTP {response.status_code}")
            graph = Graph()
            try:
                graph.parse(data=response.content, format=_format_of(url, response.headers.get("content-type")))
            except Exception as exc:  # rdflib raises many types for bad input
                message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                raise SourceError(f"{url} is not readable RDF: {message}", f"{url} ไม่ใช่ RDF ที่อ่านได้: {message}") \
                    from None
            for pkg in datasets_in(graph):
                datasets.setdefault(pkg["remote_id"], pkg)
            url = next_page(graph)
        self._crawl = [{**pkg, "remote_url": pkg.get("url") or pkg["remote_id"],
                        "remote_modified": pkg.get("metadata_modified")} for pkg in datasets.values()]
        return self._crawl

    def changed(self, since: str | None) -> Iterator[dict]:
        for pkg in self._read():
            if since is None or (pkg.get("remote_modified") or "9999") >= since:
                yield pkg

    def visible_ids(self) -> set[str]:
        return {pkg["remote_id"] for pkg in self._read()}

    def organization(self, name: str) -> dict | None:
        return None

    def resource_versions(self, resource_id: str) -> list[dict] | None:
        return None


def _format_of(url: str, content_type: str | None) -> str:
    media = (content_type or "").split(";")[0].strip().lower()
    if media in _FORMATS:
        return _FORMATS[media]
    path = url.split("?", 1)[0].lower()
    for suffix, name in _SUFFIXES.items():
        if path.endswith(suffix):
            return name
    return "turtle"
