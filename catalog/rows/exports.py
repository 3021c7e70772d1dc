"""The selected rows of a table as files a person opens: CSV (UTF-8 with a BOM, so Excel on Windows
reads the Thai), XLSX (typed cells, a data dictionary sheet and a citation sheet) and JSON. Each streams
from DuckDB in batches, so a million-row selection never sits in memory at once."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from catalog.rows import engine
from catalog.rows.query import Selection, json_value
from catalog.rows.tables import RowTable
from catalog.rows.types import ROW_ID, quote_identifier

BATCH = 10_000
BOM = "\ufeff"
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet holds 1,048,576 rows, one of them the header


def _batches(table: RowTable, selection: Selection, order: str = ROW_ID, limit: int | None = None) -> Iterator[list]:
    columns = ", ".join(quote_identifier(c.name) for c in table.columns)
    cut = f" LIMIT {int(limit)}" if limit is not None else ""
    cursor = engine.database().cursor()  # its own cursor: a download may stream while the page thread queries
    try:
        result = cursor.execute(f"SELECT {columns} FROM {table.relation()}{selection.clause()} ORDER BY {order}{cut}",
                                selection.params)
        while True:
            rows = result.fetchmany(BATCH)
            if not rows:
                return
            yield rows
    finally:
        cursor.close()


def headers(table: RowTable, thai: bool) -> list[str]:
    return [c.title if thai else c.name for c in table.columns]


def csv_chunks(table: RowTable, selection: Selection, *, thai_headers: bool = False) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow(headers(table, thai_headers))
    for rows in _batches(table, selection):
        writer.writerows([_csv_value(v) for v in row] for row in rows)
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    if out.getvalue():
        yield out.getvalue().encode("utf-8")


def json_chunks(table: RowTable, selection: Selection, head: dict) -> Iterator[bytes]:
    """{..head, "fields": [...], "records": [...]} written record by record."""
    names = table.names
    fields = [{"id": c.name, "type": c.datastore_type, "info": c.info()} for c in table.columns]
    opening = json.dumps({**head, "fields": fields}, ensure_ascii=False)[:-1] + ', "records": ['
    yield opening.encode("utf-8")
    first = True
    for rows in _batches(table, selection):
        parts = []
        for row in rows:
            record = json.dumps(dict(zip(names, map(json_value, row))), ensure_ascii=False)
            parts.append(record if first else "," + record)
            first = False
        yield "".join(parts).encode("utf-8")
    yield b"]}"


def write_xlsx(path, table: RowTable, selection: Selection, *, dictionary_title: str, citation: list[tuple[str, str]],
               sheet_title: str = "ข้อมูล") -> int:
    """An XLSX of the selected rows with Thai headers and typed cells; returns the rows written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    bold = Font(bold=True)
    sheet.append([_bold_cell(sheet, WriteOnlyCell, bold, t) for t in headers(table, True)])
    written = 0
    for rows in _batches(table, selection, limit=XLSX_MAX_ROWS - 1):
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
        written += len(rows)
    words = book.create_sheet(dictionary_title[:31])
    words.append([_bold_cell(words, WriteOnlyCell, bold, t) for t in
                  ("ชื่อคอลัมน์ (name)", "ชื่อภาษาไทย (title)", "ชนิด (type)", "คำอธิบาย (description)",
                   "ข้อกำหนด (constraints)", "ตัวอย่าง (example)")])
    for column in table.columns:
        field = column.field
        words.append([column.name, field.get("title") or "", field.get("type") or "string",
                      field.get("description") or "",
                      json.dumps(field.get("constraints"), ensure_ascii=False) if field.get("constraints") else "",
                      str(field.get("example") or "")])
    cite = book.create_sheet("การอ้างอิง")
    for label, text in citation:
        cite.append([_bold_cell(cite, WriteOnlyCell, bold, label), text])
    book.save(path)
    return written


def _bold_cell(sheet, cell_type, font, value):
    cell = cell_type(sheet, value=value)
    cell.font = font
    return cell


def _csv_value(value):
    return "" if value is None else json_value(value)


def _xlsx_value(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value  # numbers, dates and booleans stay typed cells; text stays text
