"""Searching fields that only the stored package dict holds (notes, resource fields, and any other
top-level key, which CKAN's Solr schema indexes under its own name as a string): SQL over `package p`
reading `p.data` with SQLite's JSON functions. Slower than the index, and only used for such fields."""

from __future__ import annotations

from catalog.server.search.grammar import Range, Term, wildcard_parts

TEXT_FIELDS = {"notes", "author_email", "maintainer_email"}
# per-resource fields: (key in the resource dict, a text field?)
RESOURCE_FIELDS = {"res_name": ("name", True), "res_description": ("description", True),
                   "res_url": ("url", False), "res_type": ("resource_type", False)}
# a JSON value as Solr's string field would hold it
JSON_ATOM = "(CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.atom AS TEXT) END)"
_SCALAR = "j.type NOT IN ('object', 'array', 'null')"


def json_path(field: str) -> str:
    return f'$."{field}"'  # field names are checked by the grammar: no quotes in them


def term_condition(node: Term) -> tuple[str, list]:
    """(SQL condition on `p`, parameters) for a term on a stored-only field."""
    field, exists = node.field, node.wildcard and node.value == "*"
    if field in TEXT_FIELDS:
        if exists:
            return "coalesce(json_extract(p.data, ?), '') != ''", [json_path(field)]
        return _text_match("lower(coalesce(json_extract(p.data, ?), ''))", [json_path(field)], node)
    if field in RESOURCE_FIELDS:
        key, is_text = RESOURCE_FIELDS[field]
        value = f"json_extract(r.value, '{json_path(key)}')"
        each = "EXISTS (SELECT 1 FROM json_each(p.data, '$.resources') r WHERE {})"
        if exists:
            return each.format(f"coalesce({value}, '') != ''"), []
        sql, params = (_text_match(f"lower(coalesce({value}, ''))", [], node) if is_text
                       else _exact(f"coalesce({value}, '')", node))
        return each.format(sql), params
    each = f"EXISTS (SELECT 1 FROM json_each(p.data, ?) j WHERE {_SCALAR}{{}})"
    if exists:
        return each.format(""), [json_path(field)]
    sql, params = _exact(JSON_ATOM, node)
    return each.format(" AND " + sql), [json_path(field), *params]


def range_condition(node: Range, checks: list[tuple[str, object]]) -> tuple[str, list]:
    """A range on any other top-level field: numbers compare as numbers, everything else as text."""
    value = "j.atom" if all(isinstance(b, (int, float)) for _, b in checks) else JSON_ATOM
    sql = " AND ".join(f"{value} {operator} ?" for operator, _ in checks) or "1"
    return (f"EXISTS (SELECT 1 FROM json_each(p.data, ?) j WHERE {_SCALAR} AND {sql})",
            [json_path(node.field), *(b for _, b in checks)])


def _text_match(expression: str, params: list, node: Term) -> tuple[str, list]:
    """Case-insensitive: the value anywhere in the text (a wildcard value as a LIKE pattern)."""
    if node.wildcard:
        pattern, escaped = like_pattern(wildcard_parts(node.value.lower()))
        return f"{expression} LIKE ?" + (" ESCAPE '\\'" if escaped else ""), [*params, pattern]
    return f"instr({expression}, ?) > 0", [*params, node.value.lower()]


def _exact(expression: str, node: Term) -> tuple[str, list]:
    if node.wildcard:
        return f"{expression} GLOB ?", [glob_pattern(wildcard_parts(node.value))]
    return f"{expression} = ?", [node.value]


def like_pattern(parts: list[str]) -> tuple[str, bool]:
    """A LIKE pattern finding the parts anywhere; (pattern, needs ESCAPE '\\')."""
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


def glob_pattern(parts: list[str]) -> str:
    """A GLOB pattern for a whole value (case-sensitive, like Solr's string fields)."""
    special = {"*": "[*]", "?": "[?]", "[": "[[]"}
    return "".join(p if p in ("*", "?") else "".join(special.get(c, c) for c in p) for p in parts)
