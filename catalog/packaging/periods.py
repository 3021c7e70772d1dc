"""The reporting period of a sheet, from where officers put it when the form has no column for it.

Form สขร.1 says its month in a title row ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน พฤศจิกายน ๒๕๖๗"), in
the sheet's name ("พ.ย.67") or in the file's name ("สขร1_พย67.xlsx"); a plan report says its fiscal year
and round in its title ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ รอบ ๖ เดือน"). Looked for in that order, after the
officer's own `--month`, `--fiscal-year` and `--round`, which win over anything read. Each value found
remembers where it came from, for the package's provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from catalog.errors import SourceError
from catalog.thai import ThaiValueError
from catalog.thai.periods import (fiscal_year_of_month, fiscal_years_in, months_in, parse_fiscal_year, parse_month,
                                  parse_report_round, rounds_in)

KINDS_TH = {"month": "เดือน", "fiscal_year": "ปีงบประมาณ", "report_round": "รอบการรายงาน"}
KINDS_EN = {"month": "month", "fiscal_year": "fiscal year", "report_round": "report round"}
OPTIONS = {"month": "--month", "fiscal_year": "--fiscal-year", "report_round": "--round"}


@dataclass(frozen=True)
class PeriodOptions:
    """What the officer said on the command line; each wins over what the files say."""

    month: str | None = None
    fiscal_year: str | int | None = None
    report_round: str | None = None

    def value(self, kind: str) -> str | None:
        """The option read as its kind; SourceError naming the option when it cannot be."""
        given = getattr(self, kind)
        if given in (None, ""):
            return None
        try:
            return _read(kind, given)
        except ThaiValueError as exc:
            raise SourceError(f"{OPTIONS[kind]}: {exc.message_en}", f"{OPTIONS[kind]}: {exc.message_th}") from None


def _read(kind: str, value) -> str:
    if kind == "month":
        return parse_month(value)
    if kind == "fiscal_year":
        return str(parse_fiscal_year(value))
    return parse_report_round(value)


@dataclass
class Found:
    value: str
    origin: dict  # {"from": "option" | "title" | "sheet" | "file name" | "month", "row": ..., "text": ...}


@dataclass
class SheetPeriods:
    """The periods one sheet (or CSV) states outside its rows."""

    found: dict[str, Found] = field(default_factory=dict)

    def get(self, kind: str) -> Found | None:
        return self.found.get(kind)

    def provenance(self, kinds: dict[str, str]) -> dict:
        """field -> {"value", "from", ...} for the period fields that were filled from here."""
        return {name: {"value": self.found[kind].value, "kind": kind, **self.found[kind].origin}
                for name, kind in kinds.items() if kind in self.found}


def _ambiguous(table, kind: str, values: list[str], where_en: str, where_th: str, row: int | None = None):
    shown = ", ".join(values)
    return table.error(f"{where_en} names several {KINDS_EN[kind]}s ({shown}); say which with "
                       f"{OPTIONS[kind]}",
                       f"{where_th}ระบุ{KINDS_TH[kind]}มากกว่าหนึ่ง ({shown}) กรุณาระบุด้วย {OPTIONS[kind]}", row=row)


def _in(kind: str, text: str, names: bool) -> list[str]:
    """The values of `kind` a piece of text names; `names`: a sheet or file name, where bare numbers count."""
    if kind == "month":
        return months_in(text, numeric=names)
    if kind == "fiscal_year":
        return [str(year) for year in fiscal_years_in(text, bare=names)]
    return rounds_in(text)


def sheet_periods(table, title_rows: list, kinds: set[str], options: PeriodOptions) -> SheetPeriods:
    """The month, fiscal year and round (those of `kinds`) the sheet states, each with its origin."""
    periods = SheetPeriods()
    for kind in ("month", "report_round", "fiscal_year"):  # a fiscal year can follow from the month
        if kind not in kinds and not (kind == "month" and "fiscal_year" in kinds):
            continue
        if (value := options.value(kind)) is not None:
            periods.found[kind] = Found(value, {"from": "option", "text": str(getattr(options, kind))})
            continue
        if found := _from_title(table, title_rows, kind):
            periods.found[kind] = found
            continue
        if kind == "fiscal_year" and "month" in periods.found:
            month = periods.found["month"].value
            periods.found[kind] = Found(str(fiscal_year_of_month(month)), {"from": "month", "text": month})
            continue
        for origin, text in (("sheet", table.sheet), ("file name", Path(table.file).stem)):
            values = _in(kind, text or "", names=True)
            if len(values) > 1:
                raise _ambiguous(table, kind, values, f"the {origin}", "ชื่อชีต" if origin == "sheet" else "ชื่อไฟล์")
            if values:
                periods.found[kind] = Found(values[0], {"from": origin, "text": text})
                break
    return periods


def _from_title(table, title_rows: list, kind: str) -> Found | None:
    found: dict[str, Found] = {}
    for row in title_rows:
        text = " ".join(" ".join(str(c).split()) for c in row.cells if c not in (None, ""))
        for value in _in(kind, text, names=False):
            found.setdefault(value, Found(value, {"from": "title", "row": row.number, "text": text}))
    if len(found) > 1:
        first = next(iter(found.values())).origin["row"]
        raise _ambiguous(table, kind, list(found), "the title", "หัวเรื่องของตาราง", row=first)
    return next(iter(found.values()), None)


def read_period_cell(kind: str, value) -> str:
    """A period column's cell, in any form officers write it (ThaiValueError when it is none)."""
    return _read(kind, value)
