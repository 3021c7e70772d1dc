"""Who may read and write resources: the rules of their dataset."""

from catalog.server.auth import rule
from catalog.server.auth import package as package_rules


@rule
def resource_show(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def resource_version_list(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def resource_create(context, data_dict):
    package_rules.package_update(context, data_dict)


@rule
def resource_update(context, data_dict):
    package_rules.package_update(context, data_dict)


@rule
def resource_patch(context, data_dict):
    package_rules.package_update(context, data_dict)


@rule
def resource_delete(context, data_dict):
    package_rules.package_update(context, data_dict)
