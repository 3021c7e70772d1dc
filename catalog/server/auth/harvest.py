"""Who may harvest: sysadmins write sources, runs and objects; anyone may read them (as ckanext-harvest's
sources are public datasets)."""

from catalog.server.auth import require_sysadmin, rule


@rule
def harvest_source_create(context, data_dict):
    require_sysadmin(context, "create harvest sources")


@rule
def harvest_source_show(context, data_dict):
    return None


@rule
def harvest_source_list(context, data_dict):
    return None


@rule
def harvest_job_create(context, data_dict):
    require_sysadmin(context, "run harvests")


@rule
def harvest_job_finish(context, data_dict):
    require_sysadmin(context, "run harvests")


@rule
def harvest_job_show(context, data_dict):
    return None


@rule
def harvest_job_list(context, data_dict):
    return None


@rule
def harvest_object_list(context, data_dict):
    return None


@rule
def harvest_object_save(context, data_dict):
    require_sysadmin(context, "record harvested datasets")


@rule
def harvest_objects_save(context, data_dict):
    require_sysadmin(context, "record harvested datasets")
