"""A parsed q or fq as one SQL condition over `package p`, using the indexes save_package keeps:
`package_term` for facet-like fields, the FTS5 trigram table `package_fts` for free text, the package
columns for ids, names, states and dates, and the stored dict itself for any other top-level field
(CKAN's Solr schema indexes every other key under its own name, as a string).
"""

from __future__ import annotations

from catalog.server.errors import SearchQueryError
from catalog.server.search import dates
from catalog.server.search.grammar import TEXT, And, Everything, Not, Or, Range, Term, wildcard_parts

# Solr string fields kept in package_term: matched exactly, as Solr does
TERM_FIELDS = {"tags", "groups", "res_format", "organization", "license_id", "version", "url"}
# Solr text fields kept in package_term: matched case-insensitively, anywhere in the value
TEXT_TERM_FIELDS = {"title", "author", "maintainer"}
# columns of the package table
COLUMNS = {
    "id": "p.id",
    "name": "p.name",
    "state": "p.state",
    "owner_org": "p.owner_org",
    "dataset_type": "p.type",
    "capacity": "(CASE WHEN p.private THEN 'private' ELSE 'public' END)",
    "private": "(CASE WHEN p.private THEN 'true' ELSE 'false' END)",
    "metadata_modified": "p.metadata_modified",
    "metadata_created": "p.metadata_created",
}
# text fields read from the stored dict
DICT_TEXT_FIELDS = {"notes", "author_email", "maintainer_email"}
# per-resource fields: (key in the resource dict, text?)
RESOURCE_FIELDS = {"res_name": ("name", True), "res_description": ("description", True),
                   "res_url": ("url", False), "res_type": ("resource_type", False)}

# a JSON value as Solr's string field would hold it
JSON_ATOM = "(CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.atom AS TEXT) END)"
MIN_TRIGRAM = 3  # FTS5's trigram index finds substrings of at least 3 characters


def json_path(field: str) -> str:
    return f'$."{field}"'  # field names are checked by the grammar: no quotes in them


def is_text_term(field: str) -> bool:
    return field in TEXT_TERM_FIELDS or field.startswith("extras_")


class Condition:
    """SQL text with its `?` parameters, in order."""

    def __init__(self, sql: str, params: list | tuple = ()):
        self.sql, self.params = sql, list(params)


class Compiler:
    """Turns query trees into Conditions; remembers q's positive free-text terms to rank by (bm25)."""

    def __init__(self):
        self.rank_terms: list[str] = []

    def condition(self, tree, *, ranks: bool = False) -> Condition:
        return self._node(tree, ranks)

    def rank_match(self) -> str | None:
        """An FTS5 MATCH expression whose bm25 scores the datasets, or None when q has no text."""
        terms = list(dict.fromkeys(self.rank_terms))
        return " OR ".join(_fts_phrase(t) for t in terms) if terms else None

    def _node(self, node, ranks: bool) -> Condition:
        if isinstance(node, Everything):
            return Condition("1")
        if isinstance(node, Not):
            inner = self._node(node.clause, False)
            return Condition(f"NOT coalesce(({inner.sql}), 0)", inner.params)
        if isinstance(node, (And, Or)):
            parts = [self._node(c, ranks) for c in node.clauses]
            joiner = " AND " if isinstance(node, And) else " OR "
            return Condition("(" + joiner.join(f"({p.sql})" for p in parts) + ")",
                             [x for p in parts for x in p.params])
        if isinstance(node, Range):
            return _range(node)
        if isinstance(node, Term):
            if node.field == TEXT:
                return self._text(node, ranks)
            return _term(node)
        raise SearchQueryError(f"cannot search for {node!r}")

    def _text(self, node: Term, ranks: bool) -> Condition:
        value = node.value
        if not node.wildcard and len(value) >= MIN_TRIGRAM:
            if ranks:
                self.rank_terms.append(value)
            return Condition("p.id IN (SELECT package_id FROM package_fts WHERE package_fts MATCH ?)",
                             [_fts_phrase(value)])
        parts = wildcard_parts(value) if node.wildcard else [value]
        return _fts_like(parts)


def _fts_phrase(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _fts_like(parts: list[str]) -> Condition:
    """Short terms and wildcards: LIKE over the text, narrowed first by the trigram index when a literal
    run is long enough. LIKE goes through coalesce() so FTS5 does not take it over: SQLite 3.40's trigram
    LIKE misses patterns shorter than 3 characters that are longer than 3 bytes (every Thai pair)."""
    pattern, escaped = _like_pattern(parts)
    escape = " ESCAPE '\\'" if escaped else ""
    long_runs = [p for p in parts if p not in ("*", "?") and len(p) >= MIN_TRIGRAM]
    narrow = "package_fts MATCH ? AND " if long_runs else ""
    params = [" AND ".join(_fts_phrase(p) for p in long_runs)] if long_runs else []
    return Condition(f"p.id IN (SELECT package_id FROM package_fts WHERE {narrow}coalesce(body, '') LIKE ?{escape})",
                     [*params, pattern])


def _like_pattern(parts: list[str]) -> tuple[str, bool]:
    """A LIKE pattern finding the parts anywhere (case-insensitive for ASCII, as LIKE is)."""
    out, escaped = ["%"], False
    for part in parts:
        if part == "*":
            out.append("%")
        elif part == "?":
            out.append("_")
        else:
            if any(c in part for c in "%_\\"):
                escaped = True
                part = part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            out.append(part)
    out.append("%")
    return "".join(out), escaped


def _glob_pattern(parts: list[str]) -> str:
    """A GLOB pattern for a whole value (case-sensitive, like Solr's string fields)."""
    special = {"*": "[*]", "?": "[?]", "[": "[[]"}
    return "".join(p if p in ("*", "?") else "".join(special.get(c, c) for c in p) for p in parts)


def _term(node: Term) -> Condition:
    field, value = node.field, node.value
    exists = node.wildcard and value == "*"
    if dates.is_date_field(field) and field in COLUMNS and not node.wildcard:
        return _range(Range(field, value, value))
    if field in COLUMNS:
        column = COLUMNS[field]
        if exists:
            return Condition(f"{column} IS NOT NULL")
        if node.wildcard:
            return Condition(f"coalesce({column}, '') GLOB ?", [_glob_pattern(wildcard_parts(value))])
        return Condition(f"coalesce({column}, '') = ?", [value])
    if field in TERM_FIELDS or is_text_term(field):
        return _term_table(field, node, exists)
    if field in DICT_TEXT_FIELDS:
        expression = "lower(coalesce(json_extract(p.data, ?), ''))"
        if exists:
            return Condition("coalesce(json_extract(p.data, ?), '') != ''", [json_path(field)])
        return _text_match(expression, [json_path(field)], node)
    if field in RESOURCE_FIELDS:
        key, is_text = RESOURCE_FIELDS[field]
        value_sql = f"json_extract(r.value, '{json_path(key)}')"
        each = "EXISTS (SELECT 1 FROM json_each(p.data, '$.resources') r WHERE {})"
        if exists:
            return Condition(each.format(f"coalesce({value_sql}, '') != ''"))
        if is_text:
            inner = _text_match(f"lower(coalesce({value_sql}, ''))", [], node)
        else:
            inner = _exact(f"coalesce({value_sql}, '')", node)
        return Condition(each.format(inner.sql), inner.params)
    return _json_field(field, node, exists)


def _term_table(field: str, node: Term, exists: bool) -> Condition:
    lookup = "p.id IN (SELECT package_id FROM package_term WHERE field = ?{})"
    if exists:
        return Condition(lookup.format(""), [field])
    inner = _text_match("lower(value)", [], node) if is_text_term(field) else _exact("value", node)
    return Condition(lookup.format(" AND " + inner.sql), [field, *inner.params])


def _text_match(expression: str, expression_params: list, node: Term) -> Condition:
    """Case-insensitive: the value anywhere in the field's text (a wildcard value as a LIKE pattern)."""
    if node.wildcard:
        pattern, escaped = _like_pattern(wildcard_parts(node.value.lower()))
        escape = " ESCAPE '\\'" if escaped else ""
        return Condition(f"{expression} LIKE ?{escape}", [*expression_params, pattern])
    return Condition(f"instr({expression}, ?) > 0", [*expression_params, node.value.lower()])


def _exact(expression: str, node: Term) -> Condition:
    if node.wildcard:
        return Condition(f"{expression} GLOB ?", [_glob_pattern(wildcard_parts(node.value))])
    return Condition(f"{expression} = ?", [node.value])


def _json_field(field: str, node: Term, exists: bool) -> Condition:
    each = (f"EXISTS (SELECT 1 FROM json_each(p.data, ?) j WHERE j.type NOT IN ('object', 'array', 'null'){{}})")
    if exists:
        return Condition(each.format(""), [json_path(field)])
    inner = _exact(JSON_ATOM, node)
    return Condition(each.format(" AND " + inner.sql), [json_path(field), *inner.params])


def _range(node: Range) -> Condition:
    field = node.field
    if field == TEXT:
        raise SearchQueryError("a range needs a field")
    lows, highs = _bounds(node)
    checks, params = [], []
    for operator, bound in (lows + highs):
        checks.append(f"{{value}} {operator} ?")
        params.append(bound)
    if not checks:
        return _term(Term(field, "*", wildcard=True))
    if field in COLUMNS:
        column = COLUMNS[field]
        return Condition(" AND ".join(c.format(value=column) for c in checks), params)
    if field in TERM_FIELDS or is_text_term(field):
        sql = " AND ".join(c.format(value="value") for c in checks)
        return Condition(f"p.id IN (SELECT package_id FROM package_term WHERE field = ? AND {sql})", [field, *params])
    value = "j.atom" if all(isinstance(p, (int, float)) for p in params) else JSON_ATOM
    sql = " AND ".join(c.format(value=value) for c in checks)
    return Condition(f"EXISTS (SELECT 1 FROM json_each(p.data, ?) j WHERE j.type NOT IN ('object', 'array', 'null') "
                     f"AND {sql})", [json_path(field), *params])


def _bounds(node: Range) -> tuple[list, list]:
    """[(operator, bound)] for each end: dates to the millisecond as Solr keeps them, numbers as numbers."""
    if dates.is_date_field(node.field):
        lows, highs = [], []
        if node.low is not None:
            low = dates.truncate_to_milli(dates.parse_solr_date(node.low))
            lows.append((">=", dates.stored_layout(low if node.include_low else low + dates.MILLI)))
        if node.high is not None:
            high = dates.truncate_to_milli(dates.parse_solr_date(node.high))
            highs.append(("<", dates.stored_layout(high + dates.MILLI if node.include_high else high)))
        return lows, highs
    numeric = all(_number(v) is not None for v in (node.low, node.high) if v is not None)
    on_json = node.field not in COLUMNS and node.field not in TERM_FIELDS and not is_text_term(node.field)
    convert = _number if numeric and on_json else (lambda v: v)
    lows = [(">=" if node.include_low else ">", convert(node.low))] if node.low is not None else []
    highs = [("<=" if node.include_high else "<", convert(node.high))] if node.high is not None else []
    return lows, highs


def _number(value: str):
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return None
