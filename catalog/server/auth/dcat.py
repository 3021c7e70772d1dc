"""Who may read DCAT: whoever may read the dataset; the catalog's pages, anyone (they list public datasets)."""

from catalog.server.auth import rule
from catalog.server.auth import package as package_rules


@rule
def dcat_dataset_show(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def dcat_catalog_show(context, data_dict):
    return None
