"""DCAT-AP 3 descriptions of the catalog, its datasets, their versions and distributions (rdflib).

The graphs follow ckanext-dcat's conventions (URIs, pagination, property choices), so its clients and
harvesters read them unchanged. Everything here works on CKAN dataset dicts and plain version records;
the server gathers those and serves the result (catalog/server/actions/dcat.py).

rdflib is imported by the modules that build graphs (`catalog.dcat.catalog`, `catalog.dcat.dataset`), not by
this package, so a server answering other requests never loads it.
"""
