"""Where each row of a package came from, kept compactly and looked up by row number."""

from __future__ import annotations

from catalog.errors import Location


class RowRuns:
    """Source row numbers of consecutive output rows, stored as [first, count] runs.

    An officer's sheet usually maps to a single run, with a break only at a skipped blank row, so a
    million-row table costs a few numbers in datapackage.json rather than a million.
    """

    def __init__(self, runs: list[list[int]] | None = None):
        self.runs = runs if runs is not None else []

    def add(self, source_row: int) -> None:
        if self.runs and self.runs[-1][0] + self.runs[-1][1] == source_row:
            self.runs[-1][1] += 1
        else:
            self.runs.append([source_row, 1])

    def __len__(self) -> int:
        return sum(count for _, count in self.runs)


def _column(segment: dict, field: str | None) -> str | None:
    letter = segment.get("columns", {}).get(field) if field else None
    header = segment.get("headers", {}).get(field) if field else None
    return f"{letter} ({header})" if letter and header else letter


def locate_row(provenance: list[dict], row_number: int | None, field: str | None) -> Location | None:
    """The officer's file/sheet/row/column for a package row (frictionless numbering: first data row is 2)."""
    if not provenance or row_number is None:
        if provenance and "file" in provenance[0] and len(provenance) == 1:
            p = provenance[0]
            return Location(p["file"], p.get("sheet"), None, _column(p, field))
        return None
    index = row_number - 2
    for segment in provenance:
        if "rows" not in segment:
            continue
        for first, count in segment["rows"]:
            if index < count:
                return Location(segment["file"], segment.get("sheet"), first + index, _column(segment, field))
            index -= count
    return None


def row_origins(provenance: list[dict]) -> list[tuple[int, int]]:
    """For each row of the table, in order: (index of its provenance segment, its row in the source)."""
    origins = []
    for number, segment in enumerate(provenance):
        for first, count in segment.get("rows") or ():
            origins += [(number, first + offset) for offset in range(count)]
    return origins


def regroup(segments: list[dict], origins: list[tuple[int, int]]) -> list[dict]:
    """The provenance of a table whose rows come from `segments` in the order `origins` gives (rows kept
    from earlier tables, rows added): one segment per run of rows from the same source segment."""
    out: list[dict] = []
    current = None
    for number, source_row in origins:
        if current is None or current[0] != number:
            segment = {k: v for k, v in segments[number].items() if k != "rows"}
            current = (number, segment, RowRuns())
            out.append(segment)
        current[2].add(source_row)
        current[1]["rows"] = current[2].runs
    return out
