"""The DataStore actions of CKAN, read-only, over the rows store: datastore_search, datastore_search_sql,
datastore_info. Every CSV file version is queryable: `version` (ours; CKAN has none) names a file version
number, the newest by default."""

from __future__ import annotations

import json

from catalog.server.actions import action
from catalog.server.actions.resource import locate_resource
from catalog.server.auth import check_access
from catalog.server.booleans import asbool
from catalog.server.errors import NotFound, ValidationError
from catalog.server.paging import natural_number
from catalog.server.row_tables import file_version, table_of

RECORDS_FORMATS = ("objects", "lists", "csv", "tsv")
DEFAULT_LIMIT = 100


def resource_table(context, action_name: str, resource_id, number=None):
    """(resource, file version, loaded table) of a resource the caller may read under `action_name`'s rule,
    or NotFound as CKAN words it."""
    if not resource_id:
        raise ValidationError({"resource_id": ["Missing value"]})
    try:
        pkg, resource = locate_resource(context, resource_id)
    except NotFound:
        raise NotFound(f'Resource "{resource_id}" was not found.') from None
    check_access(action_name, context, {"package": pkg})
    version = file_version(context.conn, resource["id"], number)
    return resource, version, table_of(context.store, resource, version)


@action(read=True)
def datastore_search(context, data_dict):
    from catalog.rows.query import RowQueryError, RowSearch, parse_sort, search

    resource_id = data_dict.get("resource_id") or data_dict.get("id")
    number = natural_number(data_dict, "version")
    resource, version, table = resource_table(context, "datastore_search", resource_id, number)
    records_format = data_dict.get("records_format") or "objects"
    if records_format not in RECORDS_FORMATS:
        raise ValidationError({"records_format": [f"Value must be one of {list(RECORDS_FORMATS)}"]})
    limit = natural_number(data_dict, "limit", DEFAULT_LIMIT)
    offset = natural_number(data_dict, "offset", 0)
    request = RowSearch(filters=_json_dict(data_dict, "filters"), q=_q(data_dict), fields=_list(data_dict.get("fields")),
                        sort=parse_sort(data_dict.get("sort")), limit=limit, offset=offset,
                        include_total=asbool(data_dict.get("include_total"), True),
                        distinct=asbool(data_dict.get("distinct"), False))
    try:
        found = search(table, request)
    except RowQueryError as error:
        raise ValidationError({error.key: [error.message]}) from None
    result = {"resource_id": resource["id"], "version": version.number}  # version: ours, CKAN has none
    for key in ("q", "filters", "sort", "distinct", "plain", "language", "offset"):
        if data_dict.get(key) not in (None, ""):
            result[key] = getattr(request, key) if key in ("q", "filters") else data_dict[key]
    result.update({"limit": min(limit, 32000), "include_total": request.include_total, "records_format": records_format,
                   "include_next_page": asbool(data_dict.get("include_next_page"), False),
                   "fields": [_field(c) for c in found.columns], "records": _records(found, records_format)})
    if found.total is not None:
        result["total"] = found.total
    if result["include_next_page"] and found.records and not request.sort:
        result["next_page"] = {"_id": {"gt": found.records[-1]["_id"]}}
    return result


@action(read=True)
def datastore_search_sql(context, data_dict):
    from catalog.rows.sql import RowSqlError, RowSqlTimeout, run_sql, table_names

    sql = data_dict.get("sql")
    if not sql or not isinstance(sql, str):
        raise ValidationError({"sql": ["Missing value"]})
    try:
        names = table_names(sql)
    except RowSqlError as error:
        raise ValidationError({"message": str(error)}) from None
    tables = {}
    for name in names:
        try:
            _, _, tables[name] = resource_table(context, "datastore_search_sql", name)
        except NotFound:  # as PostgreSQL words it for CKAN
            raise ValidationError({"query": [f'relation "{name}" does not exist']}) from None
    try:
        fields, records, truncated = run_sql(sql, tables)
    except RowSqlTimeout:
        raise ValidationError({"query": ["Query took too long"]}) from None
    except RowSqlError as error:
        raise ValidationError({"query": [str(error)]}) from None
    result = {"sql": sql, "fields": fields, "records": records}
    if truncated:
        result["records_truncated"] = True
    return result


@action(read=True)
def datastore_info(context, data_dict):
    """A table's columns (with their data dictionary) and its row count, as CKAN 2.12 reports them."""
    resource_id = data_dict.get("resource_id") or data_dict.get("id")
    resource, version, table = resource_table(context, "datastore_info", resource_id,
                                              natural_number(data_dict, "version"))
    size = table.path.stat().st_size
    return {"meta": {"id": resource["id"], "count": table.row_count, "table_type": "BASE TABLE", "size": size,
                     "db_size": size, "idx_size": 0, "aliases": [], "version": version.number},
            "fields": [{**_field(c), "schema": {"native_type": NATIVE_TYPES.get(c.datastore_type, c.datastore_type),
                                                "notnull": False, "index_name": None, "is_index": False,
                                                "uniquekey": False}} for c in table.columns]}


# PostgreSQL's own names of the DataStore's column types, as datastore_info reports them
NATIVE_TYPES = {"text": "text", "int8": "bigint", "int4": "integer", "numeric": "numeric", "bool": "boolean",
                "date": "date", "timestamp": "timestamp without time zone", "time": "time without time zone"}


def _field(column) -> dict:
    if column is None:
        return {"id": "_id", "type": "int"}
    field = {"id": column.name, "type": column.datastore_type}
    if column.field:  # CKAN shows `info` only where a data dictionary was given
        field["info"] = column.info()
    return field


def _records(found, records_format: str):
    if records_format == "objects":
        return found.records
    rows = [list(r.values()) for r in found.records]
    if records_format == "lists":
        return rows
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter="\t" if records_format == "tsv" else ",", lineterminator="\n").writerows(rows)
    return out.getvalue()


def _json_dict(data_dict: dict, key: str) -> dict:
    value = data_dict.get(key)
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationError({key: ["Cannot parse JSON"]}) from None
    if not isinstance(value, dict):
        raise ValidationError({key: ["Not a JSON object"]})
    return value


def _q(data_dict: dict):
    value = data_dict.get("q")
    if isinstance(value, str) and value.strip().startswith("{"):
        return _json_dict(data_dict, "q")
    return value


def _list(value):
    if value in (None, ""):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except ValueError:
                raise ValidationError({"fields": ["Cannot parse JSON"]}) from None
        return [v.strip() for v in text.split(",") if v.strip()]
    return list(value)
