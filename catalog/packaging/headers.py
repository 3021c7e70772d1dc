"""Find the header row(s) of a source table and map its columns to a resource's schema fields.

Officers' sheets often carry a title row above the header, or a two-row Thai header where a merged
group label ("งบประมาณ") sits above its sub-columns ("จัดสรร", "เบิกจ่าย"). We try every row near the top,
alone and paired with the next one, and keep the reading that maps the most fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.disclosure import ResourceSpec, normalise_header
from catalog.disclosure.headers import without_unit
from catalog.packaging.sources import SourceTable

HEADER_SEARCH_ROWS = 20


@dataclass
class HeaderMatch:
    resource: ResourceSpec
    header_rows: list[int]  # 1-based source rows forming the header
    data_start: int  # index into table.rows of the first data row
    columns: dict[str, int]  # field name -> column index
    ignored: list[str]  # header texts of columns that map to no field
    texts: dict[int, str]  # column index -> the header text as the officer wrote it
    keys: dict[int, str] = field(default_factory=dict)  # column index -> the normalised header that matched
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # (field, first, second column)
    width: int = 0  # columns up to the last one with a header

    @property
    def score(self) -> int:
        return len(self.columns)


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _spans_from_left(table: SourceTable, row_number: int, column: int) -> bool:
    """True when a sheet cell is covered by a merge that starts further left (a group label)."""
    merged = getattr(table, "merged", {})
    cell_range = merged.get((row_number, column + 1))
    return cell_range is not None and cell_range.min_col < column + 1


def _candidates(table: SourceTable, index: int, depth: int) -> list[list[str]]:
    """Per column, the header texts a reading of `depth` rows starting at rows[index] could mean."""
    return _reading(table, index, depth)[0]


def _reading(table: SourceTable, index: int, depth: int) -> tuple[list[list[str]], list[str]]:
    """(per column the texts it could mean, per column its group label: "" for a one-row header)."""
    rows = table.rows[index:index + depth]
    if len(rows) < depth:
        return [], []
    width = max(len(row.cells) for row in rows)
    top = [_text(rows[0].cells[c]) if c < len(rows[0].cells) else "" for c in range(width)]
    if depth == 1:
        return [[t] if t else [] for t in top], [""] * width
    # carry a group label right across the columns its merge (or, in a CSV, its blanks) covers
    is_sheet = hasattr(table, "merged")
    filled, label = [], ""
    for c, text in enumerate(top):
        if text:
            label = text
        elif is_sheet and not _spans_from_left(table, rows[0].number, c):
            label = ""
        filled.append(text or label)
    sub = [_text(rows[1].cells[c]) if c < len(rows[1].cells) else "" for c in range(width)]
    out = []
    for c in range(width):
        options = []
        if sub[c] and filled[c]:
            options.append(f"{without_unit(filled[c])} {sub[c]}")
        if sub[c]:
            options.append(sub[c])
        if filled[c] and not sub[c]:
            options.append(filled[c])
        out.append(options)
    groups = [filled[c] if sub[c] else "" for c in range(width)]
    return out, groups


def _split_parts(split: dict) -> list[str]:
    """The fields a compound column holds, in the order the form's sub-columns give them."""
    return [split["field"]] + [split[k] for k in ("price", "date", "second") if split.get(k)]


def _match(spec: ResourceSpec, table: SourceTable, index: int, depth: int) -> HeaderMatch | None:
    candidates, groups = _reading(table, index, depth)
    if not candidates:
        return None
    header_map = spec.header_map()
    compound = spec.compound_headers
    match = HeaderMatch(spec, [r.number for r in table.rows[index:index + depth]], index + depth, {}, [], {})
    for c, options in enumerate(candidates):
        if options:
            match.texts[c] = options[0]
            match.width = c + 1
        key = next((k for k in map(normalise_header, options) if k in header_map), None)
        field = header_map[key] if key is not None else None
        group = normalise_header(groups[c]) if groups and groups[c] else ""
        if group in compound and (field is None or field in match.columns):
            # sub-columns under the form's compound heading ("เลขที่" | "วันที่"): its fields in order
            position = 0
            while c - position - 1 >= 0 and normalise_header(groups[c - position - 1]) == group:
                position += 1
            parts = _split_parts(compound[group])
            field = parts[position] if position < len(parts) else None
            key = normalise_header(options[-1]) if field else None
        if field is None:
            if options:
                match.ignored.append(options[-1])
        elif field in match.columns:
            match.duplicates.append((field, match.columns[field], c))
        else:
            match.columns[field] = c
            match.keys[c] = key
    return match


def best_header(table: SourceTable, specs: list[ResourceSpec]) -> HeaderMatch | None:
    """The reading of the table's top rows that maps the most fields of any of the given resources."""
    best = None
    limit = min(HEADER_SEARCH_ROWS, len(table.rows))
    for spec in specs:
        for index in range(limit):
            for depth in (1, 2):
                match = _match(spec, table, index, depth)
                if match is None or match.score < min(2, len(spec.schema["fields"])):
                    continue
                # on a tie a single row wins: a title row above the header is not part of it
                if best is None or (match.score, -depth) > (best.score, -len(best.header_rows)):
                    best = match
    return best
