"""The light .xlsx reader (catalog/packaging/workbook.py) against openpyxl: the same rows, merged ranges and
errors on every workbook, the same packages built from them, openpyxl still reading what the light reader
leaves to it; and a small build that imports neither pandas nor openpyxl."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment

from catalog.disclosure import all_categories
from catalog.errors import SourceError
from catalog.packaging import sources
from catalog.packaging.build import build_package
from catalog.packaging.workbook import Unsupported, read_workbook
from tests.packaging.officer_workbook import write_officer_workbook

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = sorted([*ROOT.glob("tests/officer/files/*.xlsx"), *ROOT.glob("tests/corpus/files/*.xlsx"),
                    *ROOT.glob("datapackages/*/sources/*/*.xlsx")])
CATEGORY_OF = {**{k: v["category"] for k, v in json.loads((ROOT / "tests/corpus/cases.json").read_text()).items()},
               **{s["file"]: s["category"] for s in json.loads((ROOT / "tests/officer/cases.json").read_text())["steps"]}}
HEAVY = ("pandas", "pyarrow", "openpyxl", "frictionless")


def with_openpyxl(monkeypatch):
    """Send every workbook down the openpyxl path, as one the light reader does not know."""
    def refuse(_data):
        raise Unsupported("read with openpyxl")

    monkeypatch.setattr(sources, "read_workbook", refuse)


def as_read(path: Path):
    """Every table as comparable data (the type of each cell included), or the error as the officer reads it."""
    try:
        tables = sources.read_tables(path)
    except SourceError as exc:
        return exc.render("en")
    return [(t.sheet, [(r.number, [(type(c).__name__, c) for c in r.cells]) for r in t.rows],
             {key: (span.min_row, span.min_col, span.max_row, span.max_col, span.coord)
              for key, span in t.merged.items()}) for t in tables]


def both_ways(path: Path, monkeypatch):
    light = as_read(path)
    with monkeypatch.context() as patch:
        with_openpyxl(patch)
        full = as_read(path)
    return light, full


# --- hand-made workbooks: what Excel and openpyxl put in a sheet besides plain values

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
       'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.sharedStrings+xml"/></Types>')
_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
         'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
             'openxmlformats.org/officeDocument/2006/relationships"><workbookPr {pr}/><sheets><sheet name="สขร.1 '
             'พ.ย.67" sheetId="1" r:id="rId1"/><sheet name="Sheet2" sheetId="2" state="hidden" r:id="rId2"/>'
             '</sheets></workbook>')
_WORKBOOK_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  'worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId1" Type="http://schemas.'
                  'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
                  '</Relationships>')
# cell styles: 1 a Thai-locale date, 2 a number with a unit in quotes, 3 Thai Excel's built-in id 71 (a plain
# number to openpyxl), 4 mm-dd-yy, 5 text
_STYLES = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2">'
           '<numFmt numFmtId="187" formatCode="[$-1070000]d/mm/yyyy;@"/><numFmt numFmtId="188" formatCode="#,##0.00'
           '&quot; บาท&quot;"/></numFmts><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="187"/><xf numFmtId="188"/>'
           '<xf numFmtId="71"/><xf numFmtId="14"/><xf numFmtId="49"/></cellXfs></styleSheet>')
_STRINGS = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>แบบ สขร.1 ประจำเดือน'
            'พฤศจิกายน 2567</t></si><si><t>ลำดับที่</t></si><si><r><rPr><b/></rPr><t>งานที่จัดซื้อ</t></r><r><t '
            'xml:space="preserve">หรือจัดจ้าง </t></r></si><si><t>วันที่</t><rPh sb="0" eb="1"><t>ruby</t></rPh>'
            '</si><si><t xml:space="preserve">  x_x005F_x000D_y  </t></si><si><t/></si></sst>')
_SHEET1 = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="http://'
           'schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><dimension ref="A1:F9"/><sheetData>'
           '<row r="1" spans="1:6" x14ac:dyDescent="0.2"><c r="A1" t="s"><v>0</v></c></row>'
           '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c>'
           '<c t="inlineStr"><is><t>ราคา</t></is></c><c r="E2" s="5" t="inlineStr"><is><r><t>เลข</t></r><r><t>ที่'
           '</t></r></is></c></row>'
           '<row><c r="A3"><v>1</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" s="1"><v>24051</v></c><c r="D3" s="2">'
           '<v>12500.5</v></c><c r="E3" s="3"><v>45601</v></c><c r="F3" t="e"><v>#N/A</v></c></row>'
           '<row r="4"><c r="A4"><f>A3+1</f><v>2</v></c><c r="B4" t="str"><f>"จ้าง"&amp;"ซ่อม"</f><v>จ้างซ่อม</v></c>'
           '<c r="C4" s="4"><v>45601.75</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" s="-2"><v>45000</v></c>'
           '<c r="F4" t="s"><v>5</v></c></row>'
           '<row r="5"><c r="A5"><f t="shared" ref="A5:A6" si="0">A4+1</f><v>3</v></c><c r="B5" s="1"><v>10</v></c>'
           '<c r="C5" s="4"><v>0.25</v></c><c r="D5"><v>1E-3</v></c><c r="E5"><v></v></c><c r="F5" s="4"><v>'
           '99999999</v></c></row>'
           '<row r="6"><c r="A6"><f t="shared" si="0"/><v>4</v></c><c r="B6" s="5"><v>007</v></c></row>'
           '<row r="9"><c r="A9" t="s"><v>1</v></c><c r="B9" s="2"/><c r="C9" s="2"/></row>'
           '</sheetData><mergeCells count="2"><mergeCell ref="A1:F1"/><mergeCell ref="H12:I13"/></mergeCells>'
           '</worksheet>')
_SHEET2 = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c><v>1'
           '</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c>{cell}</c></row></sheetData></worksheet>')


def excel_like(path: Path, *, workbook_pr: str = 'defaultThemeVersion="166925"', cell: str = "<v>4</v>") -> Path:
    parts = {"[Content_Types].xml": _CT, "_rels/.rels": _RELS, "xl/workbook.xml": _WORKBOOK.format(pr=workbook_pr),
             "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS, "xl/styles.xml": _STYLES, "xl/sharedStrings.xml": _STRINGS,
             "xl/worksheets/sheet1.xml": _SHEET1, "xl/worksheets/sheet2.xml": _SHEET2.format(cell=cell)}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def kinds(path: Path) -> Path:
    """Dates, times and durations by format, booleans, text; a link and a comment beyond the data, merges,
    an empty sheet, a sheet with only a merge, one with only a link."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ข้อมูล"
    sheet.append(["วันที่", "เวลา", "ระยะ", "จำนวน", "ถูก", "ข้อความ"])
    sheet.append([dt.datetime(2024, 11, 5), dt.time(13, 30), dt.timedelta(hours=30), 1234.5, True, "  ช่องว่าง  "])
    sheet.append([dt.date(1900, 2, 1), dt.time(0, 0, 1), dt.timedelta(seconds=1.5), -0.0, False, "a\nb"])
    sheet.append([45000, 0.5, 2, 10**15, 1e-7, "x"])
    for column, number_format in zip("ABCDE", ["[$-th-TH,107]d mmmm yyyy;@", "hh:mm", "[h]:mm:ss", '"วันที่" 0',
                                               "dd/mm/yyyy"]):
        for row in range(2, 5):
            sheet[f"{column}{row}"].number_format = number_format
    sheet["H10"].hyperlink = "https://example.org"
    sheet["J12"].comment = Comment("ตรวจแล้ว", "กองคลัง")
    sheet["A6"], sheet["B6"] = "รวม", "hidden by the merge"
    sheet.merge_cells("A6:C6")
    sheet.merge_cells("K2:L3")
    book.create_sheet("ว่าง")
    book.create_sheet("merge only").merge_cells("B2:D4")
    book.create_sheet("link only")["C3"].hyperlink = "https://example.org"
    book.save(path)
    return path


def with_chart_sheet(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["เดือน", "บาท"], ["ต.ค.", 10], ["พ.ย.", 20]]:
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    book.create_chartsheet("กราฟ").add_chart(chart)
    book.save(path)
    return path


HAND_MADE = {
    "excel_like.xlsx": excel_like,
    "kinds.xlsx": kinds,
    "formula_without_value.xlsx": lambda p: excel_like(p, cell="<f>A1*2</f>"),
    "missing_sheet_part.xlsx": lambda p: _without(excel_like(p), "xl/worksheets/sheet2.xml"),
    "chart_sheet.xlsx": with_chart_sheet,
}
LEFT_TO_OPENPYXL = {
    "date1904.xlsx": lambda p: excel_like(p, workbook_pr='date1904="1"'),
    "iso_date_cell.xlsx": lambda p: excel_like(p, cell='<v>4</v></c><c t="d"><v>2024-11-05</v>'),
    # damaged: openpyxl says how
    "number_with_comma.xlsx": lambda p: excel_like(p, cell="<v>1,5</v>"),
    "style_out_of_range.xlsx": lambda p: excel_like(p, cell='<v>4</v></c><c s="99"><v>5</v>'),
    "shared_string_out_of_range.xlsx": lambda p: excel_like(p, cell='<v>4</v></c><c t="s"><v>77</v>'),
    "broken_xml.xlsx": lambda p: excel_like(p, cell="<v>4</v></c><c><v>"),
}


def _without(path: Path, part: str) -> Path:
    with zipfile.ZipFile(path) as archive:
        kept = {name: archive.read(name) for name in archive.namelist() if name != part}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in kept.items():
            archive.writestr(name, data)
    return path


# --- the same rows

@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_the_light_reader_reads_every_kept_workbook_as_openpyxl_does(path, monkeypatch):
    light, full = both_ways(path, monkeypatch)
    assert light == full


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_the_light_reader_reads_what_excel_and_openpyxl_write_as_openpyxl_does(name, tmp_path, monkeypatch):
    path = HAND_MADE[name](tmp_path / name)
    read_workbook(path.read_bytes())  # the light reader knows all of it ...
    light, full = both_ways(path, monkeypatch)
    assert light == full  # ... and gives openpyxl's rows, or its error


def test_the_light_reader_gives_openpyxls_values_cell_by_cell(tmp_path, monkeypatch):
    light, full = both_ways(excel_like(tmp_path / "excel_like.xlsx"), monkeypatch)
    assert light == full
    title, rows, merged = light[0]
    values = {number: [value for _type, value in cells] for number, cells in rows}
    assert values[2][:5] == ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง ", "วันที่", "ราคา", "เลขที่"]  # rich text, inline
    assert values[3] == [1, "  x_x000D_y  ", dt.datetime(1965, 11, 5), 12500.5, 45601, "#N/A"] + [None] * 3
    assert values[4][:6] == [2, "จ้างซ่อม", dt.datetime(2024, 11, 5, 18), True, 45000, ""]
    assert values[5][:6] == [3, dt.datetime(1900, 1, 10), dt.time(6), 0.001, None, "#VALUE!"]
    assert len(rows) == 13 and all(len(cells) == 9 for _n, cells in rows)  # as far as the merge at H12:I13
    assert merged[(1, 4)][4] == "A1:F1"


@pytest.mark.parametrize("name", sorted(LEFT_TO_OPENPYXL))
def test_what_the_light_reader_does_not_know_openpyxl_reads(name, tmp_path, monkeypatch):
    path = LEFT_TO_OPENPYXL[name](tmp_path / name)
    with pytest.raises(Unsupported):
        read_workbook(path.read_bytes())
    light, full = both_ways(path, monkeypatch)
    assert light == full


# --- the same packages

def package_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_both_ways(files: list[Path], category: str, tmp_path: Path, monkeypatch) -> tuple[dict, dict]:
    build_package(files, category, tmp_path / "light")
    with monkeypatch.context() as patch:
        with_openpyxl(patch)
        build_package(files, category, tmp_path / "full")
    return package_files(tmp_path / "light"), package_files(tmp_path / "full")


def test_an_officers_workbook_builds_into_the_same_package_either_way(tmp_path, monkeypatch):
    workbook = write_officer_workbook(tmp_path / "สขร1_พย67.xlsx", rows=20)
    light, full = build_both_ways([workbook], "procurement_monthly", tmp_path, monkeypatch)
    assert light == full
    rows = light["data/procurement_monthly.csv"].decode("utf-8").splitlines()
    assert len(rows) == 21 and rows[1].startswith("2024-11,1,จ้างซ่อมแซมถนนสายที่ 1")


@pytest.mark.parametrize("path", [p for p in WORKBOOKS if p.parent.parent.name == "sources"
                                  or CATEGORY_OF.get(p.name)], ids=lambda p: p.name)
def test_every_kept_workbook_builds_into_the_same_package_either_way(path, tmp_path, monkeypatch):
    category = CATEGORY_OF.get(path.name) or path.parent.name
    if category not in {c.name for c in all_categories()}:
        pytest.fail(f"no category for {path}")
    outcomes = []
    for out, force in (("light", False), ("full", True)):
        with monkeypatch.context() as patch:
            if force:
                with_openpyxl(patch)
            try:
                build_package([path], category, tmp_path / out)
                outcomes.append(package_files(tmp_path / out))
            except Exception as exc:  # a refused file must be refused with the same words
                outcomes.append(exc.render("en") if hasattr(exc, "render") else repr(exc))
    assert outcomes[0] == outcomes[1]


# --- start-up

def _modules_after_build(tmp_path: Path, source: Path) -> set[str]:
    script = ("import sys\nfrom catalog.cli import main\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
              f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n")
    done = subprocess.run([sys.executable, "-c", script, "build", str(source), "-c", "procurement_monthly",
                           "-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split("\n")[-2].split())


def test_a_small_workbook_builds_without_importing_pandas_or_openpyxl(tmp_path):
    workbook = write_officer_workbook(tmp_path / "sor-kor-1.xlsx", rows=20)
    assert _modules_after_build(tmp_path, workbook) == set()
    assert (tmp_path / "out" / "data" / "procurement_monthly.csv").exists()


def test_a_small_csv_builds_without_importing_pandas(tmp_path):
    source = ROOT / "datapackages/phuket-city/sources/procurement_monthly/สขร1_2568.csv"
    assert _modules_after_build(tmp_path, source) == set()


def test_a_chart_sheet_beside_the_data_is_passed_over(tmp_path, monkeypatch):
    path = with_chart_sheet(tmp_path / "chart.xlsx")
    light, full = both_ways(path, monkeypatch)
    assert light == full and [title for title, _rows, _merged in light] == ["Sheet"]
