"""Who may call the site-wide actions: everyone."""

from catalog.server.auth import rule


@rule
def status_show(context, data_dict):
    return None


@rule
def site_read(context, data_dict):
    return None


@rule
def help_show(context, data_dict):
    return None


@rule
def license_list(context, data_dict):
    return None


@rule
def tag_list(context, data_dict):
    return None
