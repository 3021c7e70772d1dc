"""One backend per kind of source, chosen by name (`ckan`, `dcat`). A backend reads; it never writes.

Each gives `changed(since)`: the source's datasets modified since then (all of them when `since` is
None), as CKAN dataset dicts with `remote_id`, `remote_url` and `remote_modified`; and `visible_ids()`:
every dataset id the source shows now, which is how deletions and datasets made private are found.
"""

from __future__ import annotations


def backend_for(source: dict, remote):
    if source["source_type"] == "ckan":
        from catalog.harvest.backends.ckan import CkanBackend

        return CkanBackend(source, remote)
    from catalog.harvest.backends.dcat import DcatBackend

    return DcatBackend(source, remote)
