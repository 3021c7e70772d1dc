"""Who may read and write datasets: rules of the same names as the actions in actions/package.py."""

from catalog.server.auth import capacity, require_capacity, require_sysadmin, require_user, rule
from catalog.server.errors import NotAuthorized


def can_read_package(context, pkg: dict) -> bool:
    if context.ignore_auth or context.sysadmin:
        return True
    if pkg.get("state") == "deleted":
        return capacity(context, pkg.get("owner_org")) in {"admin", "editor"}
    if pkg.get("private"):
        return capacity(context, pkg.get("owner_org")) is not None
    return True


@rule
def package_show(context, data_dict):
    if not can_read_package(context, data_dict["package"]):
        raise NotAuthorized(f"User {(context.user or {}).get('name', 'anonymous')} not authorized to read package "
                            f"{data_dict['package']['name']}")


@rule
def package_list(context, data_dict):
    return None


@rule
def package_create(context, data_dict):
    require_user(context, "create datasets")
    owner = data_dict.get("owner_org")
    if not owner:
        raise NotAuthorized("only sysadmins may create a dataset outside an organization")
    from catalog.server.datasets import find_group_row

    row = find_group_row(context.conn, owner, True)
    require_capacity(context, row.id if row else None, "editor", "add dataset to this organization")


@rule
def package_update(context, data_dict):
    require_user(context, "edit datasets")
    require_capacity(context, data_dict["package"].get("owner_org"), "editor",
                     f"edit package {data_dict['package']['name']}")
    new_owner = (data_dict.get("new") or {}).get("owner_org")
    if new_owner:
        from catalog.server.datasets import find_group_row

        row = find_group_row(context.conn, new_owner, True)
        if row is not None and row.id != data_dict["package"].get("owner_org"):
            require_capacity(context, row.id, "editor", "move the dataset to this organization")


@rule
def package_patch(context, data_dict):
    package_update(context, data_dict)


@rule
def package_revise(context, data_dict):
    package_update(context, data_dict)


@rule
def package_delete(context, data_dict):
    require_user(context, "delete datasets")
    require_capacity(context, data_dict["package"].get("owner_org"), "editor",
                     f"delete package {data_dict['package']['name']}")


@rule
def dataset_purge(context, data_dict):
    require_sysadmin(context, "purge datasets")
