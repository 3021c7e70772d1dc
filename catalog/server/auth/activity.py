"""Who may read the version trail: whoever may read the dataset."""

from catalog.server.auth import rule
from catalog.server.auth import package as package_rules


@rule
def package_activity_list(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def activity_show(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def activity_data_show(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def activity_diff(context, data_dict):
    package_rules.package_show(context, data_dict)
