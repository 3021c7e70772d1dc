"""Who may see users: everyone sees the public profile; e-mail only for the user and sysadmins."""

from catalog.server.auth import rule


@rule
def user_show(context, data_dict):
    return None
