"""The personal-data guard (Thai PDPA B.E. 2562): refuse what must never be published.

The rules are those of catalog.disclosure.personal_data, run on every column of every table; a column whose
header says it holds such data is refused as a whole. The guard of the column engine reads pyarrow chunks
with vectorised first passes; the plain engine's reads lists of cell texts. Both find the same cells.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from catalog.disclosure.personal_data import ADVICE_EN, ADVICE_TH, SUSPECT, classify, column_rule
from catalog.validation.findings import Finding

if TYPE_CHECKING:
    import pyarrow as pa

# The first pass as RE2 (pyarrow) reads it: \s, \d and \w are ASCII there.
_SUSPECT_ASCII = re.compile(SUSPECT, re.ASCII)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _suspect_cells(texts: "pa.Array") -> dict[str, tuple[str, str, str]]:
    """Those of the (distinct, suspect) texts that break a rule, and the rule."""
    found = {}
    for cell in texts.to_pylist():
        verdict = classify(cell)
        if verdict:
            found[cell] = verdict
    return found


REMEMBERED = 4096  # clean texts kept per column, so that a chunk looks only at texts it has not seen


class _Guard:
    """What both guards share: the columns' titles, and the columns refused as a whole."""

    def __init__(self, resource: str, schema: dict):
        self.resource = resource
        self.titles = {f["name"]: f"{f['name']} {f.get('title', '')}" for f in schema.get("fields", [])}
        self.refused: set[str] = set()

    def _labels(self, chunk) -> list[str]:
        return chunk.labels if len(chunk.labels) == len(chunk.columns) else [str(i) for i in range(len(chunk.columns))]

    def _refuse_column(self, column: str, has_text) -> list[Finding]:
        """The column refused as a whole when its header says it holds personal data and it holds any text
        (`has_text()` says whether it does)."""
        rule = column_rule(self.titles.get(column, str(column)))
        if not rule or not has_text():
            return []
        code, en, th = rule
        self.refused.add(column)
        return [Finding(code, self.resource, en + ADVICE_EN, th + ADVICE_TH, field=column)]

    def _cell_finding(self, verdict: tuple[str, str, str], cell: str, row_number: int, column: str) -> Finding:
        code, en, th = verdict
        return Finding(code, self.resource, en.format(cell=_short(cell)) + ADVICE_EN,
                       th.format(cell=_short(cell)) + ADVICE_TH, row_number=row_number, field=column, cell=cell)


class PlainPersonalDataGuard(_Guard):
    """The guard of the plain engine: a table given as `PlainChunk`s (cell texts per column)."""

    def check(self, chunk) -> list[Finding]:
        findings: list[Finding] = []
        for column, texts in zip(self._labels(chunk), chunk.columns):
            if column in self.refused:
                continue
            refused = self._refuse_column(column, lambda: any(texts))
            if refused:
                findings += refused
                continue
            verdicts = {text: classify(text) for text in set(texts) if text and _SUSPECT_ASCII.search(text)}
            for number, text in zip(chunk.row_numbers, texts):
                verdict = verdicts.get(text)
                if verdict:
                    findings.append(self._cell_finding(verdict, text, number, column))
        return findings


class PersonalDataGuard(_Guard):
    """Findings for every cell (or whole column) of a table that holds personal data, the table given in
    chunks of rows (`CsvTable`s with their labels); a column refused as a whole is reported once."""

    def __init__(self, resource: str, schema: dict):
        super().__init__(resource, schema)
        self.clean: dict[str, pa.Array] = {}  # column -> texts already found clean (columns repeat themselves)
        self.many: set[str] = set()  # columns with too many distinct texts to remember

    def check(self, chunk) -> list[Finding]:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        findings: list[Finding] = []
        for column, raw in zip(self._labels(chunk), chunk.columns):
            if column in self.refused:
                continue
            values = raw.combine_chunks()
            refused = self._refuse_column(
                column, lambda: pc.any(pc.greater(pc.fill_null(pc.utf8_length(values), 0), 0)).as_py())
            if refused:
                findings += refused
                continue
            distinct = self._unseen(column, values)
            suspects = _suspect_cells(pc.filter(distinct, pc.fill_null(pc.match_substring_regex(distinct, SUSPECT),
                                                                      False)))
            if not suspects:
                self._remember(column, distinct)
                continue
            breaking = pa.array(list(suspects), type=pa.string())
            # every text but those that break a rule is clean: those must be found again in every chunk
            self._remember(column, pc.filter(distinct, pc.invert(pc.is_in(distinct, value_set=breaking))))
            rows = np.flatnonzero(pc.fill_null(pc.is_in(values, breaking), False).to_numpy(zero_copy_only=False))
            for row in rows:
                cell = values[int(row)].as_py()
                findings.append(self._cell_finding(suspects[cell], cell, int(chunk.row_numbers[row]), column))
        return findings

    def _unseen(self, column: str, values: "pa.Array") -> "pa.Array":
        """The distinct texts of a chunk's column, less those an earlier chunk found clean."""
        import pyarrow.compute as pc

        distinct = pc.unique(values)
        seen = self.clean.get(column)
        return distinct if seen is None else pc.filter(distinct, pc.invert(pc.is_in(distinct, value_set=seen)))

    def _remember(self, column: str, clean: "pa.Array") -> None:
        """Keep a column's clean texts while it has few; a column of many (IDs, names) is not worth it: from
        then on it remembers nothing."""
        if column in self.many:
            return
        seen = self.clean.get(column)
        if (0 if seen is None else len(seen)) + len(clean) > REMEMBERED:
            self.many.add(column)
            self.clean.pop(column, None)
        else:
            import pyarrow as pa

            self.clean[column] = clean if seen is None else pa.concat_arrays([seen, clean])
