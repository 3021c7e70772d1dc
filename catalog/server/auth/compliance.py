"""Who may read the compliance view: everyone; it counts only what anyone may see."""

from catalog.server.auth import rule


@rule
def compliance_list(context, data_dict):
    return None


@rule
def compliance_show(context, data_dict):
    return None
