"""The catalog as DCAT-AP 3: one page of its datasets, with ckanext-dcat's hydra paging.

ckanext-dcat serves 100 datasets a page, newest `metadata_modified` first, and describes the page as a
`hydra:PagedCollection` carrying both the deprecated `nextPage`/`previousPage`/`firstPage`/`lastPage` and
the current `next`/`previous`/`first`/`last`, so harvesters of either age follow it. Page URLs keep the
request's `modified_since`, `profiles`, `q` and `fq`.

Versions of a dataset are described in its own document (`/dataset/{id}.ttl`), not in catalog pages: a
DCAT harvester takes every dcat:Dataset it meets in a page for a dataset to import.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from catalog.dcat import terms
from catalog.dcat.dataset import dataset_graph, dataset_uri, new_graph
from catalog.dcat.terms import DCAT, HYDRA

DATASETS_PER_PAGE = 100
PAGE_PARAMS = ("modified_since", "profiles", "q", "fq")


def page_info(page_url: str, params: dict, page: int, count: int, returned: int,
              per_page: int = DATASETS_PER_PAGE) -> dict:
    """ckanext-dcat's pagination dict for one page: count, items_per_page, current, first, last, next,
    previous (the last two only where they exist). An empty catalog has none."""
    if count == 0:
        return {}
    kept = [(key, params[key]) for key in PAGE_PARAMS if params.get(key)]

    def url(number: int) -> str:
        return f"{page_url}?{urlencode([*kept, ('page', number)])}"

    last = int(math.ceil(count / per_page)) or 1
    info = {"count": count, "items_per_page": per_page, "current": url(page), "first": url(1), "last": url(last)}
    if page > 1:
        info["previous"] = url(page - 1 if (page - 1) * per_page + returned <= count else last)
    if page * per_page < count:
        info["next"] = url(page + 1)
    return info


def catalog_graph(site_url: str, settings: dict, datasets: list[tuple[dict, dict]], paging: dict,
                  province: tuple[str, str] | None = None, compliance: dict | None = None) -> Graph:
    """`datasets`: (dataset dict, its current file versions by resource id) for each dataset of the page;
    `compliance`: dataset id -> its ComplianceNote."""
    g = new_graph()
    catalog = URIRef(site_url)
    g.add((catalog, RDF.type, DCAT.Catalog))
    title = settings.get("site_title") or "Disclosure Catalog"
    g.add((catalog, DCTERMS.title, Literal(title, lang="en")))
    g.add((catalog, DCTERMS.description, Literal(
        settings.get("site_description") or "ข้อมูลเปิดเผยตามหลักความโปร่งใสของหน่วยงานภาครัฐ", lang="th")))
    g.add((catalog, DCTERMS.description, Literal(
        "Government transparency disclosures, published as validated data packages.", lang="en")))
    g.add((catalog, FOAF.homepage, URIRef(f"{site_url}/")))
    g.add((URIRef(f"{site_url}/"), RDF.type, FOAF.Document))
    g.add((catalog, DCTERMS.language, terms.LANGUAGE.THA))
    g.add((terms.LANGUAGE.THA, RDF.type, DCTERMS.LinguisticSystem))
    publisher = URIRef(f"{site_url}/organization")
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(title, lang="en")))
    if datasets:
        g.add((catalog, DCTERMS.modified, Literal(max(d.get("metadata_modified") or "" for d, _ in datasets),
                                                  datatype=terms.XSD.dateTime)))
    for pkg, files in datasets:
        dataset_graph(pkg, site_url, files=files, province=province, graph=g,
                      compliance=(compliance or {}).get(pkg.get("id")))
        g.add((catalog, DCAT.dataset, dataset_uri(pkg, site_url)))
    _pagination(g, paging)
    return g


def _pagination(g: Graph, paging: dict) -> None:
    if not paging:
        return
    node = URIRef(paging["current"])
    g.add((node, RDF.type, HYDRA.PagedCollection))
    names = [("next", (HYDRA.nextPage, HYDRA.next)), ("previous", (HYDRA.previousPage, HYDRA.previous)),
             ("first", (HYDRA.firstPage, HYDRA.first)), ("last", (HYDRA.lastPage, HYDRA.last)),
             ("count", (HYDRA.totalItems,)), ("items_per_page", (HYDRA.itemsPerPage,))]
    for key, predicates in names:
        if paging.get(key):
            for predicate in predicates:
                g.add((node, predicate, Literal(paging[key])))
