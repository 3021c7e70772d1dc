"""Who may list a dataset's versions: whoever may read the dataset."""

from catalog.server.auth import rule
from catalog.server.auth import package as package_rules


@rule
def dataset_version_list(context, data_dict):
    package_rules.package_show(context, data_dict)


@rule
def package_version_list(context, data_dict):
    package_rules.package_show(context, data_dict)
