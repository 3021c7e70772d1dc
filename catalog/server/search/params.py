"""package_search's parameters: which are allowed, their defaults and limits, as CKAN validates them.

CKAN checks `rows`, `start`, `facet.*` with its search schema (a bad value is a 409 Validation Error with
the field's message) and rejects any parameter Solr would not understand with a 400 Search Query Error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from catalog.server.booleans import asbool
from catalog.server.errors import SearchQueryError, ValidationError

ROWS_DEFAULT = 10
ROWS_MAX = 1000  # CKAN's ckan.search.rows_max
FACET_LIMIT_DEFAULT = 50  # CKAN's search.facets.limit
DEFAULT_SORT = "score desc, metadata_modified desc"  # CKAN's ckan.search.default_package_sort

# what CKAN's search accepts: its Solr whitelist plus the flags package_search itself pops
SOLR_PARAMS = {"q", "fl", "fq", "fq_list", "rows", "sort", "start", "wt", "qf", "bf", "boost", "facet",
               "facet.mincount", "facet.limit", "facet.field", "extras", "tie", "defType", "mm", "df"}
FLAGS = {"include_private", "include_drafts", "include_deleted", "use_default_schema"}

SORT_FIELDS = {"score", "id", "name", "title_string", "metadata_modified", "metadata_created"}
_SORT_RE = re.compile(r"^\s*([A-Za-z_]+)\s+(asc|desc)\s*$", re.IGNORECASE)


@dataclass
class SearchParams:
    q: str = ""
    fq: list[str] = field(default_factory=list)  # every fq and fq_list item; all must hold
    rows: int = ROWS_DEFAULT
    start: int = 0
    sort: str = DEFAULT_SORT
    order: list[tuple[str, str]] = field(default_factory=list)  # [(field, "asc" | "desc")]
    fl: list[str] | None = None
    facet: bool = True
    facet_fields: list[str] = field(default_factory=list)
    facet_limit: int = FACET_LIMIT_DEFAULT  # negative = unlimited
    facet_mincount: int = 1
    include_private: bool = False
    include_drafts: bool = False
    include_deleted: bool = False


def parse_params(data: dict) -> SearchParams:
    unknown = sorted(k for k in data if k not in SOLR_PARAMS | FLAGS and not k.startswith("ext_"))
    if unknown:
        raise SearchQueryError(f"Invalid search parameters: {unknown}")
    errors: dict[str, list[str]] = {}
    params = SearchParams()
    params.rows = min(_natural(data, "rows", ROWS_DEFAULT, errors), ROWS_MAX)
    params.start = _natural(data, "start", 0, errors)
    params.facet_mincount = _natural(data, "facet.mincount", 1, errors)
    params.facet_limit = _integer(data, "facet.limit", FACET_LIMIT_DEFAULT, errors)
    params.facet_fields = _facet_fields(data.get("facet.field"), errors)
    if errors:
        raise ValidationError(errors)
    params.q = " ".join(_strings(data.get("q"))).strip()
    if params.q in ('""', "''"):
        params.q = ""
    params.fq = [s for s in _strings(data.get("fq")) + _strings(data.get("fq_list")) if s.strip()]
    params.facet = asbool(data.get("facet"), True)
    params.include_private = asbool(data.get("include_private"), False)
    params.include_drafts = asbool(data.get("include_drafts"), False)
    params.include_deleted = asbool(data.get("include_deleted"), False)
    params.fl = _field_list(data.get("fl"))
    sort = data.get("sort")
    params.sort = DEFAULT_SORT if sort in (None, "", "rank") else str(sort)
    params.order = parse_sort(params.sort)
    return params


def parse_sort(sort: str) -> list[tuple[str, str]]:
    """'score desc, metadata_modified desc' -> [("score", "desc"), ("metadata_modified", "desc")]."""
    order = []
    for part in sort.split(","):
        match = _SORT_RE.match(part)
        if not match or match.group(1) not in SORT_FIELDS:
            raise SearchQueryError('Invalid "sort" parameter')
        order.append((match.group(1), match.group(2).lower()))
    return order


def _integer(data: dict, key: str, default: int, errors: dict) -> int:
    """CKAN's int_validator: whole numbers, as ints or base-10 strings; blank means the default."""
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        errors[key] = ["Invalid integer"]
        return default


def _natural(data: dict, key: str, default: int, errors: dict) -> int:
    value = _integer(data, key, default, errors)
    if value < 0:
        errors[key] = ["Must be a natural number"]
        return default
    return value


def _facet_fields(value, errors: dict) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            errors["facet.field"] = ["Could not parse as valid JSON"]
            return []
    if not isinstance(value, list):
        errors["facet.field"] = ["Not a list"]
        return []
    for item in value:
        if not isinstance(item, str):
            errors["facet.field"] = [f"Not a string: {item}"]
            return []
    return list(dict.fromkeys(value))  # a field asked for twice is faceted once


def _field_list(value) -> list[str] | None:
    """`fl`: which keys of each result to return ("id name", ["id", "name"]); None = whole dicts."""
    fields = [f for item in _strings(value) for f in re.split(r"[\s,]+", item) if f]
    return fields or None


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [str(value)]


