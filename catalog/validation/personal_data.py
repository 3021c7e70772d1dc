"""The personal-data guard (Thai PDPA B.E. 2562): refuse what must never be published.

The rules are those of catalog.disclosure.personal_data, run on every column of every table. Column-wide
checks are vectorised; a column whose header says it holds such data is refused as a whole.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from catalog.disclosure.personal_data import ADVICE_EN, ADVICE_TH, SUSPECT, classify, column_rule
from catalog.validation.findings import Finding

def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _suspect_cells(texts: pa.Array) -> dict[str, tuple[str, str, str]]:
    """Those of the (distinct, suspect) texts that break a rule, and the rule."""
    found = {}
    for cell in texts.to_pylist():
        verdict = classify(cell)
        if verdict:
            found[cell] = verdict
    return found


REMEMBERED = 4096  # clean texts kept per column, so that a chunk looks only at texts it has not seen


class PersonalDataGuard:
    """Findings for every cell (or whole column) of a table that holds personal data, the table given in
    chunks of rows (`CsvTable`s with their labels); a column refused as a whole is reported once."""

    def __init__(self, resource: str, schema: dict):
        self.resource = resource
        self.titles = {f["name"]: f"{f['name']} {f.get('title', '')}" for f in schema.get("fields", [])}
        self.refused: set[str] = set()
        self.clean: dict[str, pa.Array] = {}  # column -> texts already found clean (columns repeat themselves)
        self.many: set[str] = set()  # columns with too many distinct texts to remember

    def check(self, chunk) -> list[Finding]:
        labels = chunk.labels if len(chunk.labels) == len(chunk.columns) else [str(i) for i in range(len(chunk.columns))]
        findings: list[Finding] = []
        for column, raw in zip(labels, chunk.columns):
            if column in self.refused:
                continue
            values = raw.combine_chunks()
            label = self.titles.get(column, str(column))
            rule = column_rule(label)
            if rule and pc.any(pc.greater(pc.fill_null(pc.utf8_length(values), 0), 0)).as_py():
                code, en, th = rule
                findings.append(Finding(code, self.resource, en + ADVICE_EN, th + ADVICE_TH, field=column))
                self.refused.add(column)
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
                code, en, th = suspects[cell]
                findings.append(Finding(code, self.resource, en.format(cell=_short(cell)) + ADVICE_EN,
                                        th.format(cell=_short(cell)) + ADVICE_TH,
                                        row_number=int(chunk.row_numbers[row]), field=column, cell=cell))
        return findings

    def _unseen(self, column: str, values: pa.Array) -> pa.Array:
        """The distinct texts of a chunk's column, less those an earlier chunk found clean."""
        distinct = pc.unique(values)
        seen = self.clean.get(column)
        return distinct if seen is None else pc.filter(distinct, pc.invert(pc.is_in(distinct, value_set=seen)))

    def _remember(self, column: str, clean: pa.Array) -> None:
        """Keep a column's clean texts while it has few; a column of many (IDs, names) is not worth it: from
        then on it remembers nothing."""
        if column in self.many:
            return
        seen = self.clean.get(column)
        if (0 if seen is None else len(seen)) + len(clean) > REMEMBERED:
            self.many.add(column)
            self.clean.pop(column, None)
        else:
            self.clean[column] = clean if seen is None else pa.concat_arrays([seen, clean])
