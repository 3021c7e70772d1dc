"""Source columns that hold personal data (PDPA), found before anything is built.

An HR export carries national IDs, mobiles, birth dates and home addresses beside the roster's columns.
Those columns map to no field, so a build would leave them out without a word; the officer must know the
file holds them. A column is personal when its header says so or when any of its cells does (the rules of
catalog.disclosure.personal_data, the same the validator applies to a package).
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.disclosure.personal_data import KINDS, classify, column_rule, is_suspect
from catalog.packaging.forms import cell_text
from catalog.packaging.sources import column_letter


SHOWN_ROWS = 5  # an officer fixes the rows one by one: name the first few, count the rest


@dataclass(frozen=True)
class PersonalColumn:
    index: int
    header: str
    code: str  # personal-data/national-id, /birth-date, /home-address, /phone
    rows: tuple[int, ...] = ()  # the rows whose cells gave it away (none: its header did)

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def label(self, lang: str = "en") -> str:
        en, th = KINDS.get(self.code, (self.code, self.code))
        header = f" '{self.header}'" if self.header else ""
        found = ""
        if self.rows:
            shown = ", ".join(str(row) for row in self.rows[:SHOWN_ROWS])
            more = len(self.rows) - SHOWN_ROWS
            if more > 0:
                shown += f" และอีก {more} แถว" if lang == "th" else f" and {more} more"
            word = "แถว" if lang == "th" else ("row" if len(self.rows) == 1 else "rows")
            found = f", {word} {shown}"
        return f"{self.letter}{header} ({th if lang == 'th' else en}{found})"

    def as_provenance(self) -> dict:
        return {"column": self.letter, "header": self.header, "holds": self.code.rsplit("/", 1)[-1]}


def personal_columns(table, match, data_rows) -> list[PersonalColumn]:
    """The columns of a sheet that hold personal data, by header or by content, left to right."""
    width = max([match.width] + [len(row.cells) for row in data_rows[:1]])
    found: dict[int, PersonalColumn] = {}
    for index in range(width):
        header = match.texts.get(index, "")
        rule = column_rule(header) if header else None
        if rule and any(cell_text(row.cells[index]) for row in data_rows if index < len(row.cells)):
            found[index] = PersonalColumn(index, header, rule[0])
    by_content: dict[int, tuple[str, list[int]]] = {}  # column -> (what its first giveaway is, rows)
    for row in data_rows:
        for index, value in enumerate(row.cells):
            if index in found or value is None or isinstance(value, (int, float)) and not isinstance(value, bool) \
                    and value < 10 ** 12:
                continue
            text = cell_text(value)
            if text and is_suspect(text) and (verdict := classify(text)):
                by_content.setdefault(index, (verdict[0], []))[1].append(row.number)
    for index, (code, rows) in by_content.items():
        found[index] = PersonalColumn(index, match.texts.get(index, ""), code, tuple(rows))
    return [found[index] for index in sorted(found)]
