"""An .xlsx's cells read straight from its XML, as openpyxl would give them, without openpyxl.

An officer's workbook holds a few dozen rows, yet importing openpyxl and loading the workbook twice (once
for the values, once to find formulas) took longer than the rest of `catalog build`. The build needs only
each cell's value, whether it holds a formula, and the merged ranges; this reads just those, with
openpyxl's rules for each (number or date by the cell's number format, shared and inline strings, merged
cells blank but their first, a sheet as wide and long as its furthest cell, merged range, hyperlink or
comment; chart sheets passed over), so both readers give the same rows. What it does not know (the 1904
date system, ISO date cells, strict OOXML, anything malformed) raises Unsupported, and the caller reads
the workbook with openpyxl as before, which also words the error for a damaged file.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CONTENT_TYPE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# openpyxl takes the first override of these types, in this order, as the workbook
_WORKBOOK_TYPES = ["application/vnd.ms-excel.template.macroEnabled.main+xml",
                   "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"]

_ROW, _CELL, _VALUE, _FORMULA = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "f"
_INLINE, _TEXT, _RUN = MAIN + "is", MAIN + "t", MAIN + "r"
_COORDINATE = re.compile(r"([A-Z]{1,3})([0-9]+)")
_INVALID_TITLE = re.compile(r"[\\*?:/\[\]]")

# number formats as openpyxl tells a date from a number: the built-in formats it knows (others, such as
# Thai Excel's ids 59-81, are plain numbers to it), and the first section of a format with its quoted text
# and [locale] parts taken out
_BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
                    11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm",
                    17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
                    22: "m/d/yy h:mm", 37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)",
                    39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
                    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
                    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
                    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
                    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
                    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
                    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
                    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)'}
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_EPOCH = dt.datetime(1899, 12, 30)


class Unsupported(Exception):
    """This workbook is for openpyxl to read."""


@dataclass(frozen=True)
class MergedRange:
    """A merged range as the importer asks about it (openpyxl's CellRange has the same attributes)."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def coord(self) -> str:
        first = f"{_letters(self.min_col)}{self.min_row}"
        if (self.min_row, self.min_col) == (self.max_row, self.max_col):
            return first
        return f"{first}:{_letters(self.max_col)}{self.max_row}"


@dataclass
class Sheet:
    title: str
    values: dict[tuple[int, int], object] = field(default_factory=dict)  # (row, column) 1-based
    formulas: set[tuple[int, int]] = field(default_factory=set)
    merged: list[MergedRange] = field(default_factory=list)
    has_cells: bool = False  # openpyxl gives no rows at all for a sheet with no cell, merge, link or comment
    max_row: int = 1
    max_col: int = 1

    def rows(self):
        """(row number, values) for every row from 1 to the last, each as wide as the sheet: openpyxl's
        iter_rows(), a merged range's cells blank but its first."""
        if not self.has_cells:
            return
        get, width = self.values.get, range(1, self.max_col + 1)
        for row in range(1, self.max_row + 1):
            yield row, [get((row, col)) for col in width]

    def formula_without_value(self) -> tuple[int, int] | None:
        """The first cell (in reading order) whose formula has no saved result."""
        missing = [key for key in self.formulas if self.values.get(key) is None]
        return min(missing) if missing else None


def read_workbook(data: bytes) -> list[Sheet]:
    """Every worksheet, in the workbook's order; Unsupported when openpyxl should read it."""
    try:
        return _Reader(data).sheets()
    except Unsupported:
        raise
    except Exception as exc:  # malformed in some way: openpyxl reads it, or says how it is damaged
        raise Unsupported(f"{type(exc).__name__}: {exc}") from exc


class _Reader:
    def __init__(self, data: bytes):
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.archive.namelist())

    def _xml(self, name: str):
        return ElementTree.fromstring(self.archive.read(name))

    def sheets(self) -> list[Sheet]:
        overrides = {}
        for override in self._xml("[Content_Types].xml").iter(_CONTENT_TYPE):
            overrides.setdefault(override.get("ContentType"), override.get("PartName"))
        workbook_part = next((overrides[t] for t in _WORKBOOK_TYPES if t in overrides), None)
        if workbook_part != "/xl/workbook.xml":
            raise Unsupported(f"workbook part {workbook_part}")
        strings_part = overrides.get(_SHARED_STRINGS)
        strings = self._shared_strings(strings_part[1:]) if strings_part else []
        workbook = self._xml("xl/workbook.xml")
        if workbook.tag != MAIN + "workbook":
            raise Unsupported("not a transitional OOXML workbook")
        properties = workbook.find(MAIN + "workbookPr")
        if properties is not None and properties.get("date1904", "0").lower() not in {"0", "false"}:
            raise Unsupported("1904 date system")
        relations = self._relations("xl/_rels/workbook.xml.rels")
        styles = self._styles()
        sheets, titles = [], set()
        for element in workbook.iter(MAIN + "sheet"):
            title, rel_id = element.get("name"), element.get(_REL)
            if not rel_id:
                raise Unsupported("a sheet without a relationship")
            rel_type, target = relations[rel_id]
            if target not in self.names:
                continue  # openpyxl leaves out a sheet whose part is missing
            if "chartsheet" in rel_type:
                continue  # a chart holds no cells (nor does openpyxl count it among the worksheets)
            if not title or _INVALID_TITLE.search(title) or title.lower() in titles:
                raise Unsupported(f"sheet title {title!r}")
            titles.add(title.lower())
            sheets.append(self._sheet(title, target, strings, styles))
        return sheets

    def _relations(self, name: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, part name in the archive), targets resolved as openpyxl resolves them."""
        if name not in self.names:
            return {}
        parent = posixpath.split(posixpath.dirname(name))[0]
        out = {}
        for rel in self._xml(name).iter(_PACKAGE_REL):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") != "External":
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
            out[rel.get("Id")] = (rel.get("Type") or "", target)
        return out

    def _shared_strings(self, name: str) -> list[str]:
        strings = []
        with self.archive.open(name) as stream:
            for _event, element in ElementTree.iterparse(stream):
                if element.tag == MAIN + "si":
                    strings.append(_text(element).replace("x005F_", ""))
                    element.clear()
        return strings

    def _styles(self) -> tuple[int, set[int], set[int]]:
        """(number of cell styles, styles that format a date, styles that format a duration)."""
        if "xl/styles.xml" not in self.names:
            raise Unsupported("no stylesheet")
        root = self._xml("xl/styles.xml")
        custom = {int(f.get("numFmtId")): f.get("formatCode")
                  for f in root.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")}
        xfs = root.findall(f"{MAIN}cellXfs/{MAIN}xf")
        if not xfs:
            raise Unsupported("no cell styles")
        dates, durations = set(), set()
        for index, xf in enumerate(xfs):
            number = int(xf.get("numFmtId", 0))
            code = custom[number] if number in custom else _BUILTIN_FORMATS.get(number)
            if code is None:
                continue
            first = code.split(";")[0]
            if _DATE_PART.search(_STRIP.sub("", first)):
                dates.add(index)
            if _TIMEDELTA.search(first):
                durations.add(index)
        return len(xfs), dates, durations

    def _sheet(self, title: str, part: str, strings: list[str], styles) -> Sheet:
        count, dates, durations = styles
        sheet = Sheet(title)
        values, formulas = sheet.values, sheet.formulas
        keys: set[tuple[int, int]] = set()
        row_number, root_seen = 0, False
        hyperlinks: list[tuple[str, str | None]] = []
        with self.archive.open(part) as stream:
            for _event, element in ElementTree.iterparse(stream):
                tag = element.tag
                if tag == _ROW:
                    row_number = _row_number(element.get("r"), row_number)
                    column = 0
                    for cell in element:
                        if cell.tag != _CELL:
                            raise Unsupported(f"{cell.tag} in a row")
                        coordinate = cell.get("r")
                        if coordinate:
                            row, column = _coordinate(coordinate)
                        else:
                            row, column = row_number, column + 1
                        key = (row, column)
                        keys.add(key)
                        style = cell.get("s", 0)
                        if style:
                            style = int(style)
                        if not -count <= style < count:
                            raise Unsupported(f"cell style {style} of {count}")
                        if len(cell):
                            values[key] = _value(cell, strings, style, dates, durations)
                            if cell.find(_FORMULA) is not None:
                                formulas.add(key)
                            else:
                                formulas.discard(key)
                        else:
                            values.pop(key, None)
                            formulas.discard(key)
                    element.clear()
                elif tag == MAIN + "mergeCell":
                    sheet.merged.append(_range(element.get("ref")))
                elif tag == MAIN + "hyperlink":
                    hyperlinks.append((element.get("ref"), element.get(_REL)))
                elif tag == MAIN + "worksheet":
                    root_seen = True
                elif tag.startswith("{") and not tag.startswith(MAIN):
                    pass  # extensions in other namespaces
                elif not tag.startswith(MAIN):
                    raise Unsupported(f"element {tag}")
        if not root_seen:
            raise Unsupported("not a transitional OOXML worksheet")
        relations = self._relations(posixpath.join(posixpath.dirname(part), "_rels",
                                                   posixpath.basename(part) + ".rels"))
        # openpyxl makes a cell for each merged range, hyperlink and comment, so they widen the sheet too
        spans = list(sheet.merged)
        for ref, rel_id in hyperlinks:
            if rel_id and rel_id not in relations:
                raise Unsupported("hyperlink without its relationship")
            spans.append(_range(ref))
        for rel_type, target in relations.values():
            if rel_type == _COMMENTS:
                spans += [_range(comment.get("ref")) for comment in self._xml(target).iter(MAIN + "comment")]
        _hide_merged(sheet)
        sheet.has_cells = bool(keys or spans)
        if sheet.has_cells:
            sheet.max_row = max([row for row, _ in keys] + [span.max_row for span in spans])
            sheet.max_col = max([col for _, col in keys] + [span.max_col for span in spans])
        return sheet


def _hide_merged(sheet: Sheet) -> None:
    """A merged range keeps the value of its first cell only; overlapping merges are openpyxl's to sort out."""
    covered: set[tuple[int, int]] = set()
    for span in set(sheet.merged):
        cells = {(r, c) for r in range(span.min_row, span.max_row + 1) for c in range(span.min_col, span.max_col + 1)}
        if cells & covered:
            raise Unsupported("overlapping merged ranges")
        covered |= cells
        for key in cells - {(span.min_row, span.min_col)}:
            sheet.values.pop(key, None)
            sheet.formulas.discard(key)
    sheet.merged = list(dict.fromkeys(sheet.merged))


def _value(cell, strings: list[str], style: int, dates: set[int], durations: set[int]):
    """The cell's value with openpyxl's data_only rules."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return None if inline is None else _text(inline)
    value = cell.findtext(_VALUE, None) or None
    if value is None:
        return None
    if kind == "n":
        number = float(value) if "." in value or "E" in value or "e" in value else int(value)
        if style in dates:
            try:
                return _from_excel(number, style in durations)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        raise Unsupported("ISO 8601 date cell")
    return value  # "str" (a formula's text), "e" (an error such as #N/A)


def _from_excel(value, duration: bool):
    """Excel's serial day number -> datetime (time, timedelta), rounded to the millisecond as openpyxl does."""
    if duration:
        span = dt.timedelta(days=value)
        if span.microseconds:
            span = dt.timedelta(seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60:
        day += 1  # Excel's 29 February 1900 that never was
    return _EPOCH + dt.timedelta(days=day) + diff


def _text(element) -> str:
    """A string item's text without its formatting or phonetic runs (openpyxl's Text.content)."""
    plain, runs = None, []
    for child in element:
        if child.tag == _TEXT:
            plain = child.text
        elif child.tag == _RUN:
            run_text = None
            for part in child:
                if part.tag == _TEXT:
                    run_text = part.text
            if run_text is not None:
                runs.append(run_text)
    return "".join(([plain] if plain is not None else []) + runs)


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise
        return int(number)


@functools.lru_cache(maxsize=None)
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _coordinate(text: str) -> tuple[int, int]:
    match = _COORDINATE.fullmatch(text)
    if match is None:
        raise Unsupported(f"cell reference {text!r}")
    return int(match.group(2)), _column_number(match.group(1))


def _range(ref: str | None) -> MergedRange:
    first, _, last = (ref or "").partition(":")
    top, left = _coordinate(first)
    bottom, right = _coordinate(last) if last else (top, left)
    if bottom < top or right < left:
        raise Unsupported(f"range {ref!r}")
    return MergedRange(top, left, bottom, right)


def _letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
