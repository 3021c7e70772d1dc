"""DCAT read back into CKAN dataset dicts, for harvesting any DCAT endpoint (ckanext-dcat's, ours, the EU's).

A dataset's guid is its URI, as in ckanext-dcat's RDF harvester. Its name is never made from its title
(a Thai title gives no usable name): it is the last path segment of a CKAN-style URI or landing page
(`…/dataset/<name>`), else its dct:identifier when that is a valid name, else one derived from the URI.
Versions (`dct:isVersionOf` another dataset) are not datasets of their own here.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote, urlparse

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from catalog.dcat.terms import ADMS, DCAT, HYDRA, SPDX, VCARD

NAME = re.compile(r"^[a-z0-9_\-]{2,100}$")


def next_page(graph: Graph) -> str | None:
    """The next page of a hydra:PagedCollection (new or old name), if any."""
    for collection in list(graph.subjects(RDF.type, HYDRA.PagedCollection)) + list(
            graph.subjects(RDF.type, HYDRA.PartialCollectionView)):
        for predicate in (HYDRA.next, HYDRA.nextPage):
            found = graph.value(collection, predicate)
            if found is not None:
                return str(found)
    return None


def datasets_in(graph: Graph) -> list[dict]:
    found = []
    for subject in set(graph.subjects(RDF.type, DCAT.Dataset)):
        if isinstance(subject, URIRef) and graph.value(subject, DCTERMS.isVersionOf) is None:
            found.append(dataset_dict(graph, subject))
    return sorted(found, key=lambda d: d["remote_id"])


def dataset_dict(g: Graph, subject: URIRef) -> dict:
    titles = _by_language(g, subject, DCTERMS.title)
    descriptions = _by_language(g, subject, DCTERMS.description)
    pkg = {
        "remote_id": str(subject),
        "name": _name(g, subject),
        "title": titles.get("th") or titles.get("") or next(iter(titles.values()), ""),
        "notes": "\n\n".join(descriptions[lang] for lang in sorted(descriptions, key=_thai_first)),
        "version": _text(g, subject, DCAT.version),
        "metadata_modified": _text(g, subject, DCTERMS.modified) or _text(g, subject, DCTERMS.issued),
        "tags": [{"name": str(k)} for k in sorted(set(g.objects(subject, DCAT.keyword)), key=str)],
        "extras": [{"key": "uri", "value": str(subject)}],
        "resources": [],
    }
    landing = g.value(subject, DCAT.landingPage)
    if landing is not None:
        pkg["url"] = str(landing)
    publisher = g.value(subject, DCTERMS.publisher)
    if publisher is not None:
        pkg["organization"] = _organization(g, publisher)
    contact = g.value(subject, DCAT.contactPoint)
    if contact is not None:
        pkg["maintainer"] = _text(g, contact, VCARD.fn)
        email = g.value(contact, VCARD.hasEmail)
        if email is not None:
            pkg["maintainer_email"] = str(email).removeprefix("mailto:")
    notes = _by_language(g, subject, ADMS.versionNotes)
    if notes:
        pkg["extras"].append({"key": "version_notes", "value": notes.get("th") or next(iter(notes.values()))})
    for distribution in sorted(g.objects(subject, DCAT.distribution), key=str):
        pkg["resources"].append(_resource(g, distribution))
        licence = g.value(distribution, DCTERMS.license)
        if licence is not None and "license_url" not in pkg:
            pkg["license_url"] = str(licence)
    return pkg


def _resource(g: Graph, node) -> dict:
    download = g.value(node, DCAT.downloadURL)
    access = g.value(node, DCAT.accessURL)
    resource = {"remote_id": str(node), "name": _text(g, node, DCTERMS.title) or "",
                "description": _text(g, node, DCTERMS.description) or "",
                "url": str(download or access or "")}
    file_type = g.value(node, DCTERMS["format"])
    if file_type is not None:
        resource["format"] = str(file_type).rstrip("/").rsplit("/", 1)[-1]
    media = g.value(node, DCAT.mediaType)
    if media is not None:
        resource["mimetype"] = str(media).split("/media-types/", 1)[-1]
    size = g.value(node, DCAT.byteSize)
    if size is not None:
        try:
            resource["size"] = int(size)
        except ValueError:
            pass
    checksum = g.value(node, SPDX.checksum)
    if checksum is not None and str(g.value(checksum, SPDX.algorithm) or "").endswith("sha256"):
        value = g.value(checksum, SPDX.checksumValue)
        if value is not None:
            resource["hash"] = f"sha256:{value}"
    return resource


def _name(g: Graph, subject: URIRef) -> str:
    for candidate in (str(subject), str(g.value(subject, DCAT.landingPage) or "")):
        path = urlparse(candidate).path.rstrip("/")
        if "/dataset/" in path:
            last = unquote(path.rsplit("/", 1)[-1]).lower()
            if NAME.match(last) and not _uuid_like(last):
                return last
    identifier = (_text(g, subject, DCTERMS.identifier) or "").strip().lower()
    if NAME.match(identifier) and not _uuid_like(identifier):
        return identifier
    digest = hashlib.sha256(str(subject).encode("utf-8")).hexdigest()[:12]
    return f"dataset-{digest}"


def _organization(g: Graph, publisher) -> dict:
    """The publisher as a CKAN organization: named by its `…/organization/<name>` URI where it has one."""
    title = _text(g, publisher, FOAF.name) or ""
    path = urlparse(str(publisher)).path.rstrip("/")
    last = unquote(path.rsplit("/", 1)[-1]).lower() if "/organization/" in path else ""
    if not (NAME.match(last) and not _uuid_like(last)):
        last = "publisher-" + hashlib.sha256(str(publisher).encode("utf-8")).hexdigest()[:12]
    return {"name": last, "title": title or last}


def _uuid_like(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", value))


def _text(g: Graph, subject, predicate) -> str | None:
    value = g.value(subject, predicate)
    return str(value) if value is not None else None


def _by_language(g: Graph, subject, predicate) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in g.objects(subject, predicate):
        if isinstance(value, Literal):
            found.setdefault(value.language or "", str(value))
    return found


def _thai_first(lang: str) -> tuple[int, str]:
    return ({"th": 0, "": 1}.get(lang, 2), lang)
