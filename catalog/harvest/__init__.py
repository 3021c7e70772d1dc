"""Harvesting: this catalog gathers the datasets of other catalogs (a CKAN, another `catalog serve`, any
DCAT endpoint with hydra paging), one backend per source kind, as udata's harvest backends are chosen by
name: `ckan` (the Action API) and `dcat` (RDF pages).

A run gathers everything first and writes nothing until the source has answered in full, so a source
that fails part-way changes nothing. Then it writes each changed dataset through this catalog's own
actions, keeping the source's names and ids. Last, it deletes what the source no longer shows, from the
full list of its ids, after a grace period. See run.py.
"""

from catalog.harvest.run import HarvestReport, add_source, run_source

__all__ = ["HarvestReport", "add_source", "run_source"]
