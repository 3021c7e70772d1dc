"""The serialisations ckanext-dcat serves, by the file suffix its URLs use, and content negotiation."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rdflib import Graph


class Format(NamedTuple):
    rdflib_name: str
    media_type: str


FORMATS = {
    "ttl": Format("turtle", "text/turtle"),
    "n3": Format("n3", "text/n3"),
    "rdf": Format("pretty-xml", "application/rdf+xml"),
    "xml": Format("pretty-xml", "application/rdf+xml"),
    "jsonld": Format("json-ld", "application/ld+json"),
}

# Accept media types a dataset page answers with RDF instead of HTML
NEGOTIABLE = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/rdf+xml": "rdf", "text/n3": "n3"}


def serialise(graph: Graph, suffix: str) -> bytes:
    fmt = FORMATS[suffix]
    if fmt.rdflib_name == "json-ld":
        return graph.serialize(format="json-ld", auto_compact=True).encode("utf-8")
    return graph.serialize(format=fmt.rdflib_name, encoding="utf-8")


def negotiate(accept: str | None) -> str | None:
    """The RDF suffix an Accept header prefers over HTML, or None (a browser gets the page)."""
    best, best_q = None, 0.0
    html_q = 0.0
    for part in (accept or "").split(","):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media in ("text/html", "application/xhtml+xml", "*/*"):
            html_q = max(html_q, q)
        elif media in NEGOTIABLE and q > best_q:
            best, best_q = NEGOTIABLE[media], q
    return best if best is not None and best_q >= html_q and best_q > 0 else None
