"""The requested page of a search: matched documents ordered by the sort, ties by id (stable paging).

`score` follows CKAN's dismax relevance, which weighs where a free-text term is found with
`qf = name^4 title^4 tags^2 groups^2 text`: each free-text term of q adds 4 if it is in the name, 4 in the
title, 2 in a tag, 2 in a group's name, and 1 (case-insensitive substrings, as the search itself).
Scores are few distinct numbers, so the matched documents are split into one bitmap per score and each
is ordered by the sort's other keys, best score first, until the page is full.
"""

from __future__ import annotations

import heapq

from catalog.server.search import bitmaps
from catalog.server.search.index import Snapshot, field_terms

COLUMNS = {"id": "id", "name": "name", "title_string": "title", "metadata_modified": "metadata_modified",
           "metadata_created": "metadata_created"}
WEIGHTS = {"name": 4, "title": 4, "tags": 2, "groups": 2}


def page_docs(conn, snapshot: Snapshot, matched: int, order: list[tuple[str, str]], rank_terms: list[str],
              start: int, rows: int) -> list[int]:
    keys = [(f, d) for f, d in order if f != "score" or rank_terms]
    if keys and keys[0][0] == "score":
        levels = score_levels(conn, snapshot, matched, rank_terms)
        if keys[0][1] == "asc":
            levels.reverse()
        out, skip = [], start
        for _, level in levels:
            size = level.bit_count()
            if skip >= size:
                skip -= size
                continue
            out += _ordered(conn, snapshot, level, keys[1:], rank_terms, skip, rows - len(out))
            skip = 0
            if len(out) >= rows:
                break
        return out
    return _ordered(conn, snapshot, matched, keys, rank_terms, start, rows)


def _ordered(conn, snapshot: Snapshot, matched: int, keys: list, rank_terms: list[str], start: int,
             rows: int) -> list[int]:
    keys = [(f, d) for f, d in keys if f != "score"]  # within one score level, scores tie
    if not keys:
        keys = [("id", "asc")]
    if len(keys) == 1:
        return _by_one_column(snapshot, matched, COLUMNS[keys[0][0]], keys[0][1] == "desc", start, start + rows)
    ranks = [(snapshot.dense_rank(COLUMNS[f]), d == "desc") for f, d in keys] + [(snapshot.dense_rank("id"), False)]
    docs = bitmaps.docs_of(matched)
    sort_keys = [0] * len(docs)
    for rank, descending in ranks:  # one integer per document: the keys as digits of base size + 1
        base = snapshot.size + 1
        sort_keys = [k * base + (base - 1 - rank[d] if descending else rank[d]) for k, d in zip(sort_keys, docs)]
    best = heapq.nsmallest(start + rows, range(len(docs)), key=sort_keys.__getitem__)
    return [docs[i] for i in best[start:]]


def _by_one_column(snapshot: Snapshot, matched: int, column: str, descending: bool, start: int,
                   wanted: int) -> list[int]:
    order = snapshot.order(column, descending)
    if matched.bit_count() * 4 >= snapshot.size:  # broad: walk the sorted documents, keep the matched
        table, out = bitmaps.membership(matched, snapshot.size), []
        for doc in order:
            if bitmaps.has(table, doc):
                out.append(doc)
                if len(out) == wanted:
                    break
        return out[start:]
    position = snapshot.cached(("position", column, descending), lambda: _positions(order))
    return heapq.nsmallest(wanted, bitmaps.docs_of(matched), key=position.__getitem__)[start:]


def _positions(order: list[int]) -> list[int]:
    position = [0] * len(order)
    for index, doc in enumerate(order):
        position[doc] = index
    return position


def score_levels(conn, snapshot: Snapshot, matched: int, terms: list[str]) -> list[tuple[int, int]]:
    """[(score, bitmap)] partitioning the matched documents, highest score first."""
    terms = list(dict.fromkeys(t.lower() for t in terms))
    if matched.bit_count() * 8 < snapshot.size:  # few documents: score each
        return _scored_one_by_one(conn, snapshot, bitmaps.docs_of(matched), terms)
    levels = {len(terms): matched}
    for term in terms:
        for field, weight in WEIGHTS.items():
            found = _containing(conn, snapshot, field, term)
            split: dict[int, int] = {}
            for score, bitmap in levels.items():
                for new_score, part in ((score + weight, bitmap & found), (score, bitmap & ~found)):
                    if part:
                        split[new_score] = split.get(new_score, 0) | part
            levels = split
    return sorted(levels.items(), reverse=True)


def _scored_one_by_one(conn, snapshot: Snapshot, docs: list[int], terms: list[str]) -> list[tuple[int, int]]:
    names, titles = snapshot.lowered("name"), snapshot.lowered("title")
    tags, groups = field_terms(conn, snapshot, "tags").values_of, field_terms(conn, snapshot, "groups").values_of
    levels: dict[int, list[int]] = {}
    for doc in docs:
        score = len(terms)
        for term in terms:
            score += (WEIGHTS["name"] * (term in names[doc]) + WEIGHTS["title"] * (term in titles[doc])
                      + WEIGHTS["tags"] * any(term in t.lower() for t in tags[doc])
                      + WEIGHTS["groups"] * any(term in g.lower() for g in groups[doc]))
        levels.setdefault(score, []).append(doc)
    return sorted(((score, bitmaps.from_docs(ds, snapshot.size)) for score, ds in levels.items()), reverse=True)


def _containing(conn, snapshot: Snapshot, field: str, term: str) -> int:
    """The documents whose name, title, tags or groups contain the term."""
    if field in ("name", "title"):
        values = snapshot.lowered(field)
        return bitmaps.from_docs((d for d, v in enumerate(values) if term in v), snapshot.size)
    terms = field_terms(conn, snapshot, field)
    found = 0
    for value in terms.docs_of:
        if term in value.lower():
            found |= terms.bitmap(value, snapshot.size)
    return found
