"""DCAT-AP 3 of the catalog and its datasets: dcat_dataset_show, dcat_catalog_show (ckanext-dcat's actions).

Each answers the serialised graph as text (`_format`: ttl, rdf, xml, jsonld, n3); the pages in
web/dcat.py serve the same with its media type. The graphs are made in catalog/dcat/.
"""

from __future__ import annotations

from dataclasses import replace

from catalog.ckanmodel.dataset import for_stock_ckan
from catalog.dcat.formats import FORMATS, serialise
from catalog.server.actions import action, call_action
from catalog.server.auth import check_access
from catalog.server.actions.compliance import compliance_notes
from catalog.server.booleans import asbool
from catalog.server.errors import ValidationError
from catalog.server.resources import version_url
from catalog.server.search.dates import parse_solr_date
from catalog.server.versions import datapackage_url, latest_files, published_versions


@action(read=True)
def dcat_dataset_show(context, data_dict):
    """A dataset with every version of it, as DCAT-AP 3: `id`, `_format` (default `rdf`), `stock_ckan`
    (true: as a stock CKAN can store it, see `_stock_ckan`)."""
    from catalog.dcat.dataset import dataset_graph  # rdflib, loaded on the first DCAT request only

    suffix = _suffix(data_dict)
    pkg = call_action("package_show", context, {"id": data_dict.get("id")})
    check_access("dcat_dataset_show", context, {"package": pkg})
    stock = _stock_ckan(data_dict)
    versions = _versions(context, pkg)
    if stock:
        pkg = for_stock_ckan(pkg)
        versions = [replace(record, package=for_stock_ckan(record.package)) for record in versions]
    notes = compliance_notes(context, [pkg])
    graph = dataset_graph(pkg, context.site_url, files=_files(context, latest_files(context.conn, pkg["id"])),
                          versions=versions, province=_province(context), compliance=notes.get(pkg["id"]))
    return serialise(graph, suffix).decode("utf-8")


@action(read=True)
def dcat_catalog_show(context, data_dict):
    """One page of the catalog as DCAT-AP 3, 100 datasets newest first: `page`, `modified_since` (ISO
    date or time), `q`, `fq`, `_format` (default `rdf`), `stock_ckan` (true: as a stock CKAN can store each
    dataset, with page links under /stock-ckan, see `_stock_ckan`)."""
    from catalog.dcat.catalog import DATASETS_PER_PAGE, catalog_graph, page_info

    check_access("dcat_catalog_show", context, data_dict)
    suffix = _suffix(data_dict)
    page = _page(data_dict.get("page"))
    fq = data_dict.get("fq") or ""
    if data_dict.get("modified_since"):
        fq = f"{fq} +metadata_modified:[{_since(data_dict['modified_since'])} TO *]".strip()
    found = call_action("package_search", context, {
        "q": data_dict.get("q") or "", "fq": fq, "sort": "metadata_modified desc",
        "rows": DATASETS_PER_PAGE, "start": (page - 1) * DATASETS_PER_PAGE})
    results = found["results"]
    stock = _stock_ckan(data_dict)
    if stock:
        results = [for_stock_ckan(pkg) for pkg in results]
    base = f"{context.site_url}/stock-ckan" if stock else context.site_url
    pages = page_info(f"{base}/catalog.{suffix}", data_dict, page, found["count"], len(results))
    datasets = [(pkg, _files(context, latest_files(context.conn, pkg["id"]))) for pkg in results]
    graph = catalog_graph(context.site_url, context.store.settings(), datasets, pages, province=_province(context),
                          compliance=compliance_notes(context, results))
    return serialise(graph, suffix).decode("utf-8")


def _stock_ckan(data_dict: dict) -> bool:
    """For a stock CKAN's dcat_rdf harvester (the /stock-ckan DCAT URLs): its tag validator refuses a whole
    dataset for one keyword with a Thai vowel or tone mark, so those keywords are left out of dcat:keyword
    (catalog.ckanmodel.dataset.for_stock_ckan; DCAT has no extras to carry them in)."""
    return asbool(data_dict.get("stock_ckan"))


def _suffix(data_dict: dict) -> str:
    suffix = (data_dict.get("_format") or "rdf").lower()
    if suffix not in FORMATS:
        raise ValidationError({"_format": [f"Unknown format {suffix}: use one of {', '.join(FORMATS)}"]})
    return suffix


def _page(value) -> int:
    """ckanext-dcat's rule: a positive integer, else 409."""
    try:
        page = int(value or 1)
    except (TypeError, ValueError):
        page = 0
    if page < 1:
        raise ValidationError({"page": ["Page param must be a positive integer"]})
    return page


def _since(value: str) -> str:
    try:
        moment = parse_solr_date(str(value).strip().replace(" ", "T"))
    except Exception:
        raise ValidationError({"modified_since": ["Wrong modified date format. Use ISO-8601 format"]}) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _province(context) -> tuple[str, str]:
    settings = context.store.settings()
    return settings.get("province_th") or "ภูเก็ต", settings.get("province_en") or "Phuket"


def _files(context, versions: dict) -> dict:
    """resource id -> its FileRecord, from resource_version rows."""
    from catalog.dcat.dataset import FileRecord

    return {rid: FileRecord(version_url(context.site_url, row.package_id, rid, row.number, row.filename),
                            row.number, f"sha256:{row.sha256}", row.size)
            for rid, row in versions.items()}


def _versions(context, pkg: dict) -> list:
    """Every published version that has a number, oldest first (catalog/server/versions.py)."""
    from catalog.dcat.dataset import VersionRecord

    return [VersionRecord(activity_id=v.activity.id, version=v.version, issued=v.activity.timestamp,
                          modified=v.activity.timestamp, package=v.package, files=_files(context, v.files),
                          datapackage_url=datapackage_url(context.site_url, pkg["id"], v.activity.id))
            for v in published_versions(context.conn, pkg) if v.version]
