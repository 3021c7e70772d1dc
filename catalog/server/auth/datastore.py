"""Who may read a DataStore table: whoever may read its resource (CKAN's datastore_auth with
resource_show)."""

from catalog.server.auth import rule
from catalog.server.errors import NotAuthorized


def _may_read_resource(context, data_dict):
    from catalog.server.actions import call_action
    from catalog.server.errors import NotFound

    resource_id = data_dict.get("resource_id")
    if not resource_id:
        return  # the action itself reports the missing id
    try:
        call_action("resource_show", context, {"id": resource_id})
    except NotFound:
        return  # the action answers "not found", as CKAN does
    except NotAuthorized:
        raise NotAuthorized("User not authorized to read resource") from None


@rule
def datastore_search(context, data_dict):
    _may_read_resource(context, data_dict)


@rule
def datastore_search_sql(context, data_dict):
    _may_read_resource(context, data_dict)


@rule
def datastore_info(context, data_dict):
    _may_read_resource(context, data_dict)
