"""Find the header row(s) of a source table and map its columns to a resource's schema fields.

Officers' sheets often carry a title row above the header, or a two-row Thai header where a merged
group label ("งบประมาณ") sits above its sub-columns ("จัดสรร", "เบิกจ่าย"). We try every row near the top,
alone and paired with the next one, and keep the reading that maps the most fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.disclosure import ResourceSpec, normalise_header
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
    rows = table.rows[index:index + depth]
    if len(rows) < depth:
        return []
    width = max(len(row.cells) for row in rows)
    top = [_text(rows[0].cells[c]) if c < len(rows[0].cells) else "" for c in range(width)]
    if depth == 1:
        return [[t] if t else [] for t in top]
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
            options.append(f"{filled[c]} {sub[c]}")
        if sub[c]:
            options.append(sub[c])
        if filled[c] and not sub[c]:
            options.append(filled[c])
        out.append(options)
    return out


def _match(spec: ResourceSpec, table: SourceTable, index: int, depth: int) -> HeaderMatch | None:
    candidates = _candidates(table, index, depth)
    if not candidates:
        return None
    header_map = spec.header_map()
    columns: dict[str, int] = {}
    ignored: list[str] = []
    texts: dict[int, str] = {}
    duplicates: list[tuple[str, int, int]] = []
    for c, options in enumerate(candidates):
        if options:
            texts[c] = options[0]
        field = next((header_map[k] for k in map(normalise_header, options) if k in header_map), None)
        if field is None:
            if options:
                ignored.append(options[-1])
        elif field in columns:
            duplicates.append((field, columns[field], c))
        else:
            columns[field] = c
    match = HeaderMatch(spec, [r.number for r in table.rows[index:index + depth]], index + depth,
                        columns, ignored, texts)
    match.duplicates = duplicates  # type: ignore[attr-defined]
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
