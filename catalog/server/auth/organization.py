"""Who may read and manage organizations and groups."""

from catalog.server.auth import require_capacity, require_sysadmin, require_user, rule


@rule
def organization_show(context, data_dict):
    return None


@rule
def group_show(context, data_dict):
    return None


@rule
def organization_list(context, data_dict):
    return None


@rule
def group_list(context, data_dict):
    return None


@rule
def group_package_show(context, data_dict):
    return None


@rule
def organization_create(context, data_dict):
    require_sysadmin(context, "create organizations")


@rule
def group_create(context, data_dict):
    require_user(context, "create groups")


@rule
def organization_update(context, data_dict):
    require_user(context, "edit organizations")
    require_capacity(context, data_dict["group"].id, "admin", f"edit organization {data_dict['group'].name}")


@rule
def group_update(context, data_dict):
    require_user(context, "edit groups")
    require_capacity(context, data_dict["group"].id, "admin", f"edit group {data_dict['group'].name}")


@rule
def organization_member_create(context, data_dict):
    require_user(context, "manage members")
    require_capacity(context, data_dict["group"].id, "admin", f"manage members of {data_dict['group'].name}")
