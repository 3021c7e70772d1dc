"""A parsed q or fq evaluated to the bitmap of the documents it matches.

Where each field is looked up, and how it matches (as CKAN's Solr schema types it):
- `text` (a word without a field): FTS5 trigram table `package_fts`, any substring, case-insensitive;
  terms shorter than 3 characters (no trigram) and wildcards fall back to LIKE over the same text;
- slim columns of the index: id, name, state, owner_org, dataset_type, capacity, private (exact strings),
  title (text: substring, case-insensitive), metadata_created / metadata_modified (dates);
- package_term fields: tags, groups, res_format (upper-cased), organization, license_id, version, url, and the
  disclosure fields fiscal_year, disclosure_category, oit_item (exact strings), author, maintainer, extras_* (text);
- anything else: the stored dict (stored.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import reduce

from catalog.server.errors import SearchQueryError
from catalog.server.search import bitmaps, dates, stored
from catalog.server.search.disclosure_fields import FIELDS as DISCLOSURE_FIELDS
from catalog.server.search.grammar import TEXT, And, Everything, Not, Or, Range, Term, wildcard_parts
from catalog.server.search.index import Snapshot, field_terms, fts_docs, rows

STRING_COLUMNS = {"id", "name", "state", "owner_org", "dataset_type", "capacity", "private"}
DATE_COLUMNS = {"metadata_created", "metadata_modified"}
STRING_TERMS = {"tags", "groups", "res_format", "organization", "license_id", "version", "url", *DISCLOSURE_FIELDS}
UPPER_CASE_TERMS = {"res_format"}  # indexed upper-cased, so "csv" and "CSV" are one format
TEXT_TERMS = {"author", "maintainer"}
MIN_TRIGRAM = 3  # FTS5's trigram index finds substrings of at least 3 characters


def is_text_term(field: str) -> bool:
    return field in TEXT_TERMS or field.startswith("extras_")


def is_term_field(field: str) -> bool:
    return field in STRING_TERMS or is_text_term(field)


class Evaluator:
    """Evaluates query trees against one snapshot; remembers q's free-text terms for scoring."""

    def __init__(self, conn, snapshot: Snapshot):
        self.conn, self.snapshot = conn, snapshot
        self.rank_terms: list[str] = []

    def bitmap(self, tree, *, ranks: bool = False) -> int:
        return self._node(tree, ranks)

    def _node(self, node, ranks: bool) -> int:
        if isinstance(node, Everything):
            return self.snapshot.everything()
        if isinstance(node, Not):
            return self.snapshot.everything() & ~self._node(node.clause, False)
        if isinstance(node, And):
            return reduce(lambda a, b: a & b, (self._node(c, ranks) for c in node.clauses))
        if isinstance(node, Or):
            return reduce(lambda a, b: a | b, (self._node(c, ranks) for c in node.clauses))
        if isinstance(node, Range):
            return self._range(node)
        if isinstance(node, Term):
            return self._text(node, ranks) if node.field == TEXT else self._term(node)
        raise SearchQueryError(f"cannot search for {node!r}")

    def _docs(self, docs) -> int:
        return bitmaps.from_docs(docs, self.snapshot.size)

    # --- free text

    def _text(self, node: Term, ranks: bool) -> int:
        value = node.value
        if ranks and not node.wildcard:
            self.rank_terms.append(value)
        if not node.wildcard and len(value) >= MIN_TRIGRAM:
            rowids = [r[0] for r in rows(self.conn, "SELECT rowid FROM package_fts WHERE package_fts MATCH ?",
                                         (fts_phrase(value),))]
        else:
            rowids = self._fts_like(wildcard_parts(value) if node.wildcard else [value])
        return self._docs(fts_docs(self.conn, self.snapshot, rowids))

    def _fts_like(self, parts: list[str]) -> list[int]:
        """LIKE over the text, narrowed by the trigram index when a literal run is long enough. The LIKE
        goes through coalesce() so that FTS5 does not take it over: SQLite 3.40's trigram LIKE misses
        patterns shorter than 3 characters but longer than 3 bytes (every pair of Thai characters)."""
        pattern, escaped = stored.like_pattern(parts)
        escape = " ESCAPE '\\'" if escaped else ""
        runs = [p for p in parts if p not in ("*", "?") and len(p) >= MIN_TRIGRAM]
        narrow = "package_fts MATCH ? AND " if runs else ""
        params = [" AND ".join(fts_phrase(p) for p in runs)] if runs else []
        return [r[0] for r in rows(self.conn, f"SELECT rowid FROM package_fts WHERE {narrow}coalesce(body, '') LIKE ?"
                                   f"{escape}", (*params, pattern))]

    # --- fielded terms

    def _term(self, node: Term) -> int:
        if node.field in UPPER_CASE_TERMS and node.value != node.value.upper():
            node = replace(node, value=node.value.upper())
        field, value = node.field, node.value
        exists = node.wildcard and value == "*"
        snapshot = self.snapshot
        if field in DATE_COLUMNS:
            if exists:
                return snapshot.everything()
            if node.wildcard:
                raise SearchQueryError(f"a date cannot have wildcards: {value!r}")
            return self._range(Range(field, value, value))
        if field == "title":
            return self._docs(matching_docs(snapshot.titles, node, text=True))
        if field in ("id", "name") and not node.wildcard:
            doc = (snapshot.doc_of if field == "id" else snapshot.doc_of_name).get(value)
            return 0 if doc is None else 1 << doc
        if field in STRING_COLUMNS:
            if field in ("id", "name"):
                return snapshot.everything() if exists else self._docs(matching_docs(snapshot.column(field), node))
            postings = snapshot.column_postings(field)
            return _union(postings[v] for v in matching_values(postings, node, text=False))
        if is_term_field(field):
            terms = field_terms(self.conn, snapshot, field)
            size = snapshot.size
            values = list(terms.docs_of) if exists else matching_values(terms.docs_of, node, text=is_text_term(field))
            return _union(terms.bitmap(v, size) for v in values)
        sql, params = stored.term_condition(node)
        return self._stored(sql, params)

    def _stored(self, condition: str, params: list) -> int:
        found = rows(self.conn, f"SELECT p.id FROM package p WHERE {condition}", tuple(params))
        doc_of = self.snapshot.doc_of
        return self._docs(doc_of[r[0]] for r in found if r[0] in doc_of)

    # --- ranges

    def _range(self, node: Range) -> int:
        field = node.field
        if field == TEXT:
            raise SearchQueryError("a range needs a field")
        checks = bounds(node)
        snapshot = self.snapshot
        if field in DATE_COLUMNS:
            low = next((b for op, b in checks if op in (">=", ">")), None)
            high = next((b for op, b in checks if op in ("<", "<=")), None)
            return self._docs(snapshot.range_docs(field, low, high))
        if not checks:
            return self._term(Term(field, "*", wildcard=True))
        test = _range_test(checks)
        if field in STRING_COLUMNS or field == "title":
            return self._docs(d for d, v in enumerate(snapshot.column(field)) if v is not None and test(v))
        if is_term_field(field):
            terms = field_terms(self.conn, snapshot, field)
            return _union(terms.bitmap(v, snapshot.size) for v in terms.docs_of if test(v))
        sql, params = stored.range_condition(node, checks)
        return self._stored(sql, params)


def bounds(node: Range) -> list[tuple[str, object]]:
    """[(operator, bound)] for each closed end. Dates compare to the millisecond, as Solr keeps them,
    in the stored layout; numbers on stored-only fields compare as numbers."""
    if dates.is_date_field(node.field):
        checks = []
        if node.low is not None:
            low = dates.truncate_to_milli(dates.parse_solr_date(node.low))
            checks.append((">=", dates.stored_layout(low if node.include_low else low + dates.MILLI)))
        if node.high is not None:
            high = dates.truncate_to_milli(dates.parse_solr_date(node.high))
            checks.append(("<", dates.stored_layout(high + dates.MILLI if node.include_high else high)))
        return checks
    ends = [v for v in (node.low, node.high) if v is not None]
    stored_only = not (node.field in STRING_COLUMNS or node.field == "title" or is_term_field(node.field))
    convert = _number if stored_only and all(_number(v) is not None for v in ends) else (lambda v: v)
    checks = []
    if node.low is not None:
        checks.append((">=" if node.include_low else ">", convert(node.low)))
    if node.high is not None:
        checks.append(("<=" if node.include_high else "<", convert(node.high)))
    return checks


def _range_test(checks):
    operators = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
                 "<": lambda a, b: a < b}
    tests = [(operators[op], bound) for op, bound in checks]
    return lambda value: all(compare(value, bound) for compare, bound in tests)


def _number(value: str):
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return None


def _union(bitmap_list) -> int:
    return reduce(lambda a, b: a | b, bitmap_list, 0)


def fts_phrase(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def wildcard_regex(value: str, *, text: bool) -> re.Pattern:
    """A wildcard value as a regex: the whole value for string fields, anywhere (any case) for text."""
    body = "".join(".*" if p == "*" else "." if p == "?" else re.escape(p) for p in wildcard_parts(value))
    return re.compile(body if text else f"^{body}$", re.IGNORECASE | re.DOTALL if text else re.DOTALL)


def matches(node: Term, *, text: bool):
    """A test of one value against the term: exact for string fields, substring (any case) for text."""
    if node.wildcard:
        regex = wildcard_regex(node.value, text=text)
        return (lambda v: regex.search(v) is not None) if text else (lambda v: regex.match(v) is not None)
    if text:
        needle = node.value.lower()
        return lambda v: needle in v.lower()
    return lambda v: v == node.value


def matching_values(values, node: Term, *, text: bool) -> list:
    if not node.wildcard and not text:
        return [node.value] if node.value in values else []
    if node.wildcard and node.value == "*":
        return [v for v in values if v is not None]
    test = matches(node, text=text)
    return [v for v in values if v is not None and test(v)]


def matching_docs(column: list, node: Term, *, text: bool = False) -> list[int]:
    test = matches(node, text=text)
    return [doc for doc, value in enumerate(column) if value is not None and test(value)]
