"""Who may read a DataStore table: whoever may read its resource's dataset (CKAN's datastore_auth, which
asks resource_show's rule)."""

from catalog.server.auth import package as package_rules
from catalog.server.auth import rule


@rule
def datastore_search(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def datastore_search_sql(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def datastore_info(context, data_dict):
    package_rules.package_show(context, data_dict)
