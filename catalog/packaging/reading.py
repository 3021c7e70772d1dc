"""One sheet (or CSV) of an officer's form -> the rows of one resource, and where each came from.

Row by row, as an officer lays a form out: blank rows, total rows and the signature block are skipped
(and said so in the provenance); a "nothing this month" row becomes the category's one row for it; a row
with fewer or more cells than the header is reported as such before any cell of it is read; then each
cell is read as its field's type, the form's compound columns are split (winner and price, contract
number and date), and the reporting period comes from its column or else from the sheet's title, name
or file name (periods.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from catalog.disclosure import ResourceSpec
from catalog.errors import SourceError
from catalog.packaging import compound, forms
from catalog.packaging.headers import HeaderMatch
from catalog.packaging.normalise import MISSING_MARKS, decimal_text, normalise_cell
from catalog.packaging.periods import OPTIONS, PeriodOptions, SheetPeriods, read_period_cell, sheet_periods
from catalog.packaging.personal import PersonalColumn, personal_columns
from catalog.packaging.provenance import RowRuns
from catalog.packaging.sources import SourceTable, check_cell_text, column_letter
from catalog.thai import ThaiValueError
from catalog.thai.periods import round_period

READ_PERIODS = ("month", "fiscal_year", "report_round")


@dataclass
class SheetRows:
    """What one sheet gave: its rows (in the schema's field order) and its provenance segment."""

    rows: list[list[str]] = field(default_factory=list)
    provenance: dict = field(default_factory=dict)
    skipped: list[dict] = field(default_factory=list)  # {"row": n, "why": "total" | "signature"}
    dropped: list[PersonalColumn] = field(default_factory=list)
    nothing_to_report: int = 0  # rows that say "nothing this period"
    errors_beyond: int = 0  # cell errors past the limit, counted only


class SheetReader:
    def __init__(self, table: SourceTable, match: HeaderMatch, options: PeriodOptions | None = None,
                 drop_personal_columns: bool = False):
        self.table = table
        self.match = match
        self.spec: ResourceSpec = match.resource
        self.fields = self.spec.schema["fields"]
        self.options = options or PeriodOptions()
        self.drop_personal_columns = drop_personal_columns
        reading = self.spec.reading
        self.splits = [s for s in reading.get("compound") or () if s["field"] in match.columns]
        self.split_fields = {s["field"] for s in self.splits}
        self.nothing = forms.NothingToReport(reading.get("nothing_to_report"))
        # key fields without a column of their own: the value of the field they are known by
        self.key_from = {name: other for name, other in (reading.get("key_from") or {}).items()
                         if name not in match.columns}
        title_rows = [row for row in table.rows if row.number < match.header_rows[0]]
        kinds = {kind for kind in self.spec.periods.values() if kind in READ_PERIODS}
        self.periods: SheetPeriods = sheet_periods(table, title_rows, kinds, self.options)
        self.data_rows = table.rows[match.data_start:]
        self._dropped: list[PersonalColumn] | None = None

    # ------------------------------------------------------------------------------------------ fields

    def missing_required(self) -> list[dict]:
        """Required fields with neither a column nor a value the sheet states elsewhere."""
        missing = []
        for f in self.fields:
            if not f.get("constraints", {}).get("required") or f["name"] in self.match.columns:
                continue
            kind = self.spec.periods.get(f["name"])
            if kind in READ_PERIODS and self.periods.get(kind) is not None:
                continue
            if any(f["name"] in (s.get("price"), s.get("date"), s.get("second")) for s in self.splits):
                continue
            if self.key_from.get(f["name"]) in self.match.columns:
                continue
            missing.append(f)
        return missing

    def read(self, errors: list[SourceError], limit: int) -> SheetRows:
        """Every data row of the sheet; cell errors go to `errors` (up to `limit`, then only counted)."""
        out = SheetRows()
        out.dropped = self.check_personal_data()
        runs = RowRuns()
        signature = False
        for source_row in self.data_rows:
            cells = source_row.cells
            if signature or forms.is_signature(cells):
                signature = signature or forms.is_signature(cells)
                if not forms.is_blank(cells):
                    out.skipped.append({"row": source_row.number, "why": "signature"})
                continue
            if forms.is_blank(cells):
                continue
            if forms.is_total(cells):
                out.skipped.append({"row": source_row.number, "why": "total"})
                continue
            row_errors: list[SourceError] = []
            if self.nothing.matches(cells):
                values = self._nothing_row(source_row, row_errors)
                out.nothing_to_report += 1
            elif shape := self._shape_error(source_row):
                row_errors.append(shape)
                values = None
            else:
                values = self._row(source_row, row_errors)
            for error in row_errors:
                if len(errors) < limit:
                    errors.append(error)
                else:
                    out.errors_beyond += 1
            if values is not None:
                out.rows.append(values)
                runs.add(source_row.number)
        out.provenance = self._provenance(runs, out)
        return out

    # ---------------------------------------------------------------------------------------- the rows

    def _cell(self, cells: list, name: str):
        column = self.match.columns.get(name)
        return cells[column] if column is not None and column < len(cells) else None

    def _error(self, exc: ThaiValueError, row: int, column: int | None) -> SourceError:
        return self.table.error(exc.message_en, exc.message_th, row=row, column=column)

    def _row(self, source_row, row_errors: list[SourceError]) -> list[str]:
        cells = source_row.cells
        self._merged(source_row, row_errors)
        values: dict[str, str] = {}
        for f in self.fields:
            name = f["name"]
            column = self.match.columns.get(name)
            raw = self._cell(cells, name)
            try:
                if isinstance(raw, str):
                    check_cell_text(self.table, source_row.number, column, raw)
                if name in self.split_fields:
                    continue  # read with its pair below
                values[name] = self._value(f, raw)
            except ThaiValueError as exc:
                values[name] = ""
                row_errors.append(self._error(exc, source_row.number, column))
            except SourceError as exc:
                values[name] = ""
                row_errors.append(exc)
        for split in self.splits:
            try:
                self._split(split, cells, values)
            except ThaiValueError as exc:
                row_errors.append(self._error(exc, source_row.number, self.match.columns[split["field"]]))
            except SourceError as exc:
                row_errors.append(exc)
        self._round_dates(values)
        for name, other in self.key_from.items():
            values[name] = values.get(name) or values.get(other, "")
        return [values.get(f["name"], "") for f in self.fields]

    def _value(self, f: dict, raw) -> str:
        kind = self.spec.periods.get(f["name"])
        if kind in READ_PERIODS:
            if _missing(raw):
                found = self.periods.get(kind)
                return found.value if found else ""
            value = read_period_cell(kind, raw)
            stated = self.options.value(kind)
            if stated is not None and stated != value:
                raise ThaiValueError(f"the cell says {value} but {OPTIONS[kind]} says {stated}",
                                     f"ในเซลล์ระบุ {value} แต่ {OPTIONS[kind]} ระบุ {stated}")
            return value
        return normalise_cell(raw, f)

    def _round_dates(self, values: dict[str, str]) -> None:
        """A round's first and last day follow from the round and the fiscal year when not written."""
        ends = {kind: name for name, kind in self.spec.periods.items() if kind in ("round_start", "round_end")}
        if not ends:
            return
        round_name = next((n for n, k in self.spec.periods.items() if k == "report_round"), None)
        year_name = next((n for n, k in self.spec.periods.items() if k == "fiscal_year"), None)
        report_round, year = values.get(round_name or ""), values.get(year_name or "")
        if not report_round or not year or not year.isdigit():
            return
        try:
            start, end = round_period(report_round, int(year))
        except (ValueError, ThaiValueError):
            return
        for kind, day in (("round_start", start), ("round_end", end)):
            if kind in ends and not values.get(ends[kind]):
                values[ends[kind]] = day.isoformat()

    def _split(self, split: dict, cells: list, values: dict[str, str]) -> None:
        name = split["field"]
        raw = self._cell(cells, name)
        text = "" if raw is None else forms.cell_text(raw) if not isinstance(raw, str) else raw.strip()
        if text in MISSING_MARKS:
            values[name] = ""
            return
        compound_header = self.match.keys.get(self.match.columns[name]) in self.spec.compound_headers
        kind = split["split"]
        if kind == "party_and_price":
            self._party_and_price(split, text, cells, values, compound_header)
        elif kind == "number_and_date":
            self._number_and_date(split, text, cells, values, compound_header)
        elif compound_header:
            budget, second = compound.split_two_amounts(text)
            if budget is None:
                raise self._unsplittable(text, "two_amounts")
            values[name] = decimal_text(budget)
            if not values.get(split["second"]):
                values[split["second"]] = decimal_text(second)
        else:
            values[name] = normalise_cell(raw, next(f for f in self.fields if f["name"] == name))

    def _own_column(self, name: str, cells: list, values: dict[str, str]) -> str:
        """The value the pair's other field has in a column of its own ("" when it has none)."""
        return values.get(name, "") if name in self.match.columns and not _missing(self._cell(cells, name)) else ""

    def _party_and_price(self, split: dict, text: str, cells: list, values: dict, compound_header: bool) -> None:
        party, price = compound.split_party_and_price(text)
        price_field = split["price"]
        own = self._own_column(price_field, cells, values)
        if price is None and not own and (compound_header or price_field not in self.match.columns):
            price = compound.price_offered_by(party, _text(self._cell(cells, split.get("offers") or "")))
            if price is None:
                raise self._unsplittable(text, "party_and_price")
        if not party:
            raise self._unsplittable(text, "party_and_price")
        values[split["field"]] = party
        if price is not None:
            _agree(own, decimal_text(price), text)
            values[price_field] = decimal_text(price)

    def _number_and_date(self, split: dict, text: str, cells: list, values: dict, compound_header: bool) -> None:
        number, date = compound.split_number_and_date(text)
        date_field = split["date"]
        own = self._own_column(date_field, cells, values)
        if date is None and not own and (compound_header or date_field not in self.match.columns):
            raise self._unsplittable(text, "number_and_date")
        values[split["field"]] = number
        if date is not None:
            _agree(own, date.isoformat(), text)
            values[date_field] = date.isoformat()

    @staticmethod
    def _unsplittable(text: str, kind: str) -> ThaiValueError:
        shown = " ".join(text.split())
        if kind == "party_and_price":
            return ThaiValueError(
                f"cannot tell the selected supplier and the agreed price in '{shown}': write the name then the "
                "price, e.g. 'บจก.ตัวอย่าง 12,000 บาท'",
                f"แยกผู้ได้รับการคัดเลือกและราคาที่ตกลงจาก '{shown}' ไม่ได้: เขียนชื่อแล้วตามด้วยราคา "
                "เช่น 'บจก.ตัวอย่าง 12,000 บาท'")
        if kind == "number_and_date":
            return ThaiValueError(
                f"cannot tell the contract's number and date in '{shown}': write them like 'สัญญา 4/2568 ลว. 20 พ.ย. 67'",
                f"แยกเลขที่และวันที่ของสัญญาจาก '{shown}' ไม่ได้: เขียนเช่น 'สัญญา 4/2568 ลว. 20 พ.ย. 67'")
        return ThaiValueError(f"'{shown}' holds no amount: write the budget and the reference price, e.g. "
                              "'400,000 / 380,000'",
                              f"'{shown}' ไม่มีจำนวนเงิน: เขียนวงเงินและราคากลาง เช่น '400,000 / 380,000'")

    def _nothing_row(self, source_row, row_errors: list[SourceError]) -> list[str]:
        """A period with nothing to report: the category's row for it, in the period the sheet states."""
        values = dict(self.nothing.row)
        for f in self.fields:
            kind = self.spec.periods.get(f["name"])
            if kind not in READ_PERIODS:
                continue
            try:
                values[f["name"]] = self._value(f, self._cell(source_row.cells, f["name"]))
            except ThaiValueError as exc:
                row_errors.append(self._error(exc, source_row.number, self.match.columns.get(f["name"])))
        self._round_dates(values)
        return [values.get(f["name"], "") for f in self.fields]

    # ------------------------------------------------------------------------------------ row checks

    def _shape_error(self, source_row) -> SourceError | None:
        """A row with fewer cells than the header has (a lost separator shifts every cell after it) or
        with values beyond the last header, like frictionless' missing-cell and extra-cell."""
        cells, width = source_row.cells, self.match.width
        if not hasattr(self.table, "merged") and len(cells) < width:
            return self.table.error(
                f"the row has {len(cells)} cells for {width} headers: a cell is missing (a lost comma?), so "
                "the cells after it are out of place",
                f"แถวนี้มี {len(cells)} ช่อง แต่หัวตารางมี {width} ช่อง: มีช่องหายไป (อาจขาดจุลภาค) "
                "ข้อมูลในช่องถัดไปจึงเลื่อนตำแหน่ง", row=source_row.number)
        beyond = [c for c in range(width, len(cells)) if not _missing(cells[c])]
        if beyond:
            found = len(cells) if not hasattr(self.table, "merged") else beyond[-1] + 1
            shown = forms.cell_text(cells[beyond[0]])[:40]
            return self.table.error(
                f"the row has {found} cells for {width} headers: column {column_letter(beyond[0])} holds "
                f"'{shown}' under no header",
                f"แถวนี้มี {found} ช่อง แต่หัวตารางมี {width} ช่อง: คอลัมน์ {column_letter(beyond[0])} มีข้อมูล "
                f"'{shown}' แต่ไม่มีหัวตาราง", row=source_row.number, column=None)
        unlabelled = [c for c in range(min(width, len(cells))) if c not in self.match.texts and not _missing(cells[c])]
        if unlabelled:
            shown = forms.cell_text(cells[unlabelled[0]])[:40]
            return self.table.error(
                f"'{shown}' stands in a column with no header; give the column a header or remove it",
                f"'{shown}' อยู่ในคอลัมน์ที่ไม่มีหัวตาราง กรุณาใส่หัวตารางหรือลบคอลัมน์นั้น",
                row=source_row.number, column=unlabelled[0])
        return None

    def _merged(self, source_row, row_errors: list[SourceError]) -> None:
        """Merged cells inside the data hide which cell holds the value: refused (a merged "nothing this
        month" row, a total or a signature never gets here)."""
        merged = getattr(self.table, "merged", {})
        used = set(self.match.columns.values())
        first_data_row = self.match.header_rows[-1] + 1
        for col in sorted(used):
            cell_range = merged.get((source_row.number, col + 1))
            if cell_range is not None and cell_range.min_row >= first_data_row and cell_range.min_row == source_row.number \
                    and cell_range.min_col == col + 1:
                row_errors.append(self.table.error(
                    f"merged cells {cell_range.coord} in the data; unmerge them and fill every cell",
                    f"มีเซลล์ที่ผสานกัน {cell_range.coord} ในส่วนข้อมูล กรุณายกเลิกการผสานและกรอกทุกเซลล์",
                    row=cell_range.min_row, column=cell_range.min_col - 1))
                return

    # ---------------------------------------------------------------------------------- personal data

    def check_personal_data(self) -> list[PersonalColumn]:
        """Refuse a sheet with personal-data columns, or (--drop-personal-columns) leave them out; the
        columns left out (once: a second call finds them gone)."""
        if self._dropped is not None:
            return self._dropped
        found = personal_columns(self.table, self.match, self.data_rows)
        self._dropped = found
        if not found:
            return found
        if not self.drop_personal_columns:
            named = "; ".join(column.label("en") for column in found)
            named_th = "; ".join(column.label("th") for column in found)
            raise self.table.error(
                f"the file holds personal data (PDPA) in columns {named}; remove them from the file, or build with "
                "--drop-personal-columns to leave them out",
                f"ไฟล์มีข้อมูลส่วนบุคคล (PDPA) ในคอลัมน์ {named_th} กรุณาลบออกจากไฟล์ หรือสร้างด้วยตัวเลือก "
                "--drop-personal-columns เพื่อตัดคอลัมน์เหล่านั้นออก")
        indices = {column.index for column in found}
        self.match.columns = {name: c for name, c in self.match.columns.items() if c not in indices}
        headers = {column.header for column in found}
        self.match.ignored = [text for text in self.match.ignored if text not in headers]
        self.splits = [s for s in self.splits if s["field"] in self.match.columns]
        self.split_fields = {s["field"] for s in self.splits}
        return found

    # ------------------------------------------------------------------------------------ provenance

    def _provenance(self, runs: RowRuns, out: SheetRows) -> dict:
        match, table = self.match, self.table
        segment = {
            "file": table.file,
            "sha256": table.sha256,
            **({"sheet": table.sheet} if table.sheet else {}),
            "header_rows": match.header_rows,
            "columns": {name: column_letter(index) for name, index in match.columns.items()},
            "headers": {name: match.texts.get(index, "") for name, index in match.columns.items()},
        }
        compound_columns = {s["field"]: [p for p in (s.get("price"), s.get("date"), s.get("second")) if p]
                            for s in self.splits
                            if match.keys.get(match.columns[s["field"]]) in self.spec.compound_headers}
        if compound_columns:
            segment["split"] = compound_columns
        periods = self.periods.provenance({name: kind for name, kind in self.spec.periods.items()
                                           if name not in match.columns})
        if periods:
            segment["periods"] = periods
        if self.key_from:
            segment["key_from"] = dict(self.key_from)
        if match.ignored:
            segment["ignored_columns"] = match.ignored
        if out.dropped:
            segment["dropped_personal_columns"] = [column.as_provenance() for column in out.dropped]
        if out.skipped:
            segment["skipped_rows"] = out.skipped
        if out.nothing_to_report:
            segment["nothing_to_report"] = out.nothing_to_report
        segment["rows"] = runs.runs
        return segment


def _missing(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in MISSING_MARKS)


def _text(value) -> str:
    return "" if value is None else str(value)


def _is_number(text: str) -> bool:
    return text.replace(".", "", 1).isdigit()


def _agree(own: str, found: str, text: str) -> None:
    """A compound cell and the pair's own column must say the same."""
    if not own:
        return
    same = Decimal(own) == Decimal(found) if _is_number(own) and _is_number(found) else own == found
    if not same:
        raise ThaiValueError(f"'{' '.join(text.split())}' says {found} but its own column says {own}",
                             f"'{' '.join(text.split())}' ระบุ {found} แต่คอลัมน์ของค่านี้ระบุ {own}")
