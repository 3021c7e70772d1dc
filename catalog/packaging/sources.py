"""Read an officer's source file (CSV or XLSX) into rows of cells that remember where they came from.

Everything that can go wrong here is the officer's file, so every failure is a SourceError that names
the file, the sheet, the row and the column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from catalog.errors import SourceError
from catalog.packaging.workbook import Sheet, Unsupported, read_workbook
from catalog.thai import EncodingError, decode_text

# Excel's own limit for one cell; anything longer is not disclosure content.
MAX_CELL_CHARS = 32_767
# An .xlsx unpacks to at most this much, and never more than this many times its packed size.
MAX_XLSX_UNPACKED = 512 * 1024 * 1024
MAX_XLSX_RATIO = 200

TABLE_SUFFIXES = {".csv", ".txt", ".xlsx", ".xlsm"}
DOCUMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".odt", ".ppt", ".pptx", ".jpg", ".jpeg", ".png"}

# A cell that a spreadsheet would run as a formula when the CSV is opened (CSV injection).
_FORMULA_LIKE = re.compile(r"^(?:[=@\t\r]|[+\-][^\d\s.,\-])")


@dataclass
class SourceRow:
    number: int  # 1-based row in the officer's file (a CSV's line, a sheet's row)
    cells: list  # str for CSV; str, int, float, date or None for XLSX


@dataclass
class SourceTable:
    """One sheet or CSV, as read."""

    path: Path
    sha256: str
    sheet: str | None
    rows: list[SourceRow]
    header_texts: dict[int, str] = field(default_factory=dict)  # column index -> header, once found

    @property
    def file(self) -> str:
        return self.path.name

    def column_label(self, index: int) -> str:
        """How an officer finds the column: its letter as a spreadsheet shows it, and its header."""
        header = self.header_texts.get(index)
        return f"{column_letter(index)} ({header})" if header else column_letter(index)

    def error(self, en: str, th: str, row: int | None = None, column: int | None = None) -> SourceError:
        return SourceError(en, th, file=self.file, sheet=self.sheet, row=row,
                           column=self.column_label(column) if column is not None else None)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError("file not found", "ไม่พบไฟล์", file=path) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a file", "เป็นโฟลเดอร์ ไม่ใช่ไฟล์", file=path) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file ({exc.strerror})", f"อ่านไฟล์ไม่ได้ ({exc.strerror})",
                          file=path) from None


def read_tables(path: Path, sheet: str | None = None) -> list[SourceTable]:
    """Every table in a source file: one for a CSV, one per sheet (or the chosen sheet) for XLSX."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_workbook(path, sheet)
    if suffix in {".csv", ".txt"}:
        return [_read_csv(path)]
    if suffix == ".xls":
        raise SourceError("old Excel 97-2003 (.xls) files are not read; save it as .xlsx",
                          "ไม่รองรับไฟล์ Excel รุ่นเก่า (.xls) กรุณาบันทึกเป็น .xlsx", file=path.name)
    raise SourceError(f"cannot read '{suffix or path.name}' files as a table; use CSV or XLSX",
                      f"อ่านไฟล์ชนิด '{suffix or path.name}' เป็นตารางไม่ได้ ใช้ CSV หรือ XLSX", file=path.name)


def _read_csv(path: Path) -> SourceTable:
    data = read_bytes(path)
    if not data.strip():
        raise SourceError("the file is empty", "ไฟล์ว่างเปล่า", file=path.name)
    try:
        text, _encoding = decode_text(data, path.name)
    except EncodingError as exc:
        raise SourceError(_without_file(exc.message_en, path.name), _without_file(exc.message_th, path.name),
                          file=path.name, row=exc.line) from None
    table = SourceTable(path=path, sha256=hashlib.sha256(data).hexdigest(), sheet=None, rows=[])
    csv.field_size_limit(max(MAX_CELL_CHARS * 64, 1 << 20) * 4)
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            table.rows.append(SourceRow(start, cells))
    except csv.Error as exc:
        raise table.error(f"the CSV is malformed ({exc})", f"รูปแบบ CSV ไม่ถูกต้อง ({exc})", row=line) from None
    return table


def _without_file(message: str, name: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _read_workbook(path: Path, sheet: str | None) -> list[SourceTable]:
    data = read_bytes(path)
    if not data:
        raise SourceError("the file is empty", "ไฟล์ว่างเปล่า", file=path.name)
    _check_zip(path, data)
    digest = hashlib.sha256(data).hexdigest()
    try:
        sheets = read_workbook(data)
    except Unsupported:
        return _read_with_openpyxl(path, data, digest, sheet)
    by_title = {s.title: s for s in sheets}
    names = list(by_title)
    chosen = [choose_sheet(path, names, sheet)] if sheet is not None else names
    return [_sheet_table(path, digest, by_title[name]) for name in chosen]


def _sheet_table(path: Path, digest: str, sheet: Sheet) -> SourceTable:
    table = SourceTable(path=path, sha256=digest, sheet=sheet.title, rows=[])
    table.merged = {(row, col): span for span in sheet.merged  # type: ignore[attr-defined]
                    for row in range(span.min_row, span.max_row + 1)
                    for col in range(span.min_col, span.max_col + 1)}
    missing = sheet.formula_without_value()
    if missing is not None:
        raise _formula_without_value(table, *missing)
    table.rows = [SourceRow(number, cells) for number, cells in sheet.rows()]
    return table


def _formula_without_value(table: SourceTable, row: int, column: int) -> SourceError:
    return table.error("the cell holds a formula with no saved result; open the file in Excel, "
                       "let it calculate, save, or paste the values",
                       "เซลล์มีสูตรที่ไม่มีผลลัพธ์บันทึกไว้ กรุณาเปิดใน Excel ให้คำนวณแล้วบันทึก หรือวางเป็นค่า",
                       row=row, column=column - 1)


def _read_with_openpyxl(path: Path, data: bytes, digest: str, sheet: str | None) -> list[SourceTable]:
    """The workbooks the light reader leaves to openpyxl (see workbook.py); it also says why a damaged one
    cannot be read."""
    import openpyxl  # only such workbooks pay for importing it

    try:
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise SourceError(f"not a readable Excel workbook ({type(exc).__name__}: {exc})",
                          f"เปิดไฟล์ Excel ไม่ได้ ({type(exc).__name__}: {exc})", file=path.name) from None
    names = [page.title for page in values.worksheets]  # a chart sheet holds no cells
    chosen = [choose_sheet(path, names, sheet)] if sheet is not None else names
    tables = []
    for name in chosen:
        tables.append(_read_sheet(path, digest, formulas[name], values[name]))
    return tables


def choose_sheet(path: Path, names: list[str], sheet: str) -> str:
    """The sheet `sheet` names: its name, its number (1 = first), or the start of its name or a longer text
    that starts with it (Excel cuts sheet names at 31 characters)."""
    if sheet in names:
        return sheet
    if sheet.strip().isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1]
    close = [n for n in names if sheet and (n.startswith(sheet) or sheet.startswith(n))]
    if len(close) == 1:
        return close[0]
    raise SourceError(f"there is no sheet '{sheet}' (sheets: {', '.join(names)}; or give a sheet's number)",
                      f"ไม่มีชีต '{sheet}' (ชีตที่มี: {', '.join(names)} หรือระบุลำดับของชีต)", file=path.name)


def _check_zip(path: Path, data: bytes) -> None:
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise SourceError("is not an Excel .xlsx workbook (the file is not a zip package); "
                          "open it in Excel and save as .xlsx",
                          "ไม่ใช่ไฟล์ Excel .xlsx (ไฟล์ไม่ใช่แพ็กเกจ zip) กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx",
                          file=path.name)
    try:
        with zipfile.ZipFile(buffer) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise SourceError(f"is a damaged .xlsx ({exc})", f"ไฟล์ .xlsx เสียหาย ({exc})", file=path.name) from None
    if unpacked > MAX_XLSX_UNPACKED or unpacked > MAX_XLSX_RATIO * max(len(data), 1):
        raise SourceError(f"refused: the workbook would unpack to {unpacked:,} bytes from {len(data):,} "
                          "(a zip bomb or a damaged file)",
                          f"ปฏิเสธ: ไฟล์ขยายเป็น {unpacked:,} ไบต์จาก {len(data):,} ไบต์ (zip bomb หรือไฟล์เสีย)",
                          file=path.name)
    if "xl/workbook.xml" not in names:
        raise SourceError("is a zip file but not an Excel workbook", "เป็นไฟล์ zip แต่ไม่ใช่ไฟล์ Excel",
                          file=path.name)


def _read_sheet(path: Path, digest: str, formula_sheet, value_sheet) -> SourceTable:
    table = SourceTable(path=path, sha256=digest, sheet=value_sheet.title, rows=[])
    merged = {}
    for cell_range in value_sheet.merged_cells.ranges:
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                merged[(row, col)] = cell_range
    table.merged = merged  # type: ignore[attr-defined]  # used by header detection
    for formula_row, value_row in zip(formula_sheet.iter_rows(), value_sheet.iter_rows()):
        cells = []
        for formula_cell, cell in zip(formula_row, value_row):
            value = cell.value
            if formula_cell.data_type == "f" and value is None:
                raise _formula_without_value(table, cell.row, cell.column)
            cells.append(value)
        if cells:
            table.rows.append(SourceRow(value_row[0].row, cells))
    return table


def check_cell_text(table: SourceTable, row: int, column: int, text: str) -> None:
    """Refuse what no disclosure cell holds: formula injection and oversized cells."""
    if len(text) > MAX_CELL_CHARS:
        raise table.error(f"the cell holds {len(text):,} characters (at most {MAX_CELL_CHARS:,})",
                          f"เซลล์มี {len(text):,} ตัวอักษร (ไม่เกิน {MAX_CELL_CHARS:,})", row=row, column=column)
    if _FORMULA_LIKE.match(text):
        shown = text[:40].replace("\t", " ").replace("\r", " ")
        raise table.error(f"'{shown}' looks like a spreadsheet formula (formula injection); remove the "
                          "leading '=', '+', '-' or '@'",
                          f"'{shown}' มีลักษณะเป็นสูตรสเปรดชีต (formula injection) กรุณาลบเครื่องหมาย "
                          "'=', '+', '-' หรือ '@' ข้างหน้า", row=row, column=column)
    if "\x00" in text:
        raise table.error("the cell holds binary data (NUL bytes)", "เซลล์มีข้อมูลไบนารี (ไบต์ NUL)",
                          row=row, column=column)
