"""`catalog template`: a workbook generated from the schema that `catalog build` reads back into the same package."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from catalog.cli import main
from catalog.disclosure import all_categories, get_category
from catalog.packaging.build import build_package
from catalog.packaging.template import INSTRUCTIONS_SHEET, sheet_title, write_template

TABLE_CATEGORIES = [c.name for c in all_categories() if all(r.kind == "table" for r in c.resources)]


def sample_value(field: dict, i: int):
    """A value an officer might type for the field, in the form Excel keeps it."""
    constraints = field.get("constraints", {})
    kind = field.get("type", "string")
    if "enum" in constraints:
        return constraints["enum"][i % len(constraints["enum"])]
    pattern = constraints.get("pattern", "")
    if field["name"] == "fiscal_year":
        return 2568  # a package of a category kept by fiscal year holds one
    if kind == "integer":
        low = constraints.get("minimum", 1)
        return min(low + i, constraints.get("maximum", low + i))
    if kind == "year":
        return 2568
    if kind == "number":
        return min(1000.5 + i, constraints.get("maximum", 10**9))
    if kind == "date":
        return dt.date(2024, 10, 1) + dt.timedelta(days=i)
    if kind == "boolean":
        return "ใช่" if i % 2 else "ไม่ใช่"
    if pattern == r"^\d{11}$":
        return f"6710{i:07d}"
    if pattern == r"^\d{13}$":
        return "0105555123451"
    if pattern == r"^\d{5}$":
        return "83000"
    if "(0[1-9]|1[0-2])" in pattern:
        return f"2024-{10 + i % 3:02d}"
    if field.get("format") == "email":
        return f"office{i}@example.go.th"
    if field.get("format") == "uri":
        return f"https://example.go.th/{i}"
    return f"{field.get('title', field['name'])} {i}"


def as_csv_text(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@pytest.mark.parametrize("category", TABLE_CATEGORIES)
def test_a_filled_template_builds_into_the_same_package_as_a_csv(category, tmp_path):
    cat = get_category(category)
    workbook_path = write_template(cat, tmp_path / "template.xlsx")
    workbook = load_workbook(workbook_path)
    sources = []
    for spec in cat.resources:
        fields = spec.schema["fields"]
        rows = [[sample_value(f, i) for f in fields] for i in range(3)]
        sheet = workbook[sheet_title(spec)]
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                sheet.cell(row=r, column=c, value=value)
        source = tmp_path / f"{spec.name}.csv"
        with open(source, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow([f["name"] for f in fields])
            writer.writerows([[as_csv_text(v) for v in row] for row in rows])
        sources.append(source)
    workbook.save(workbook_path)
    build_package([workbook_path], cat, tmp_path / "from-template")
    build_package(sources, cat, tmp_path / "from-csv")
    for spec in cat.resources:
        from_template = (tmp_path / "from-template" / "data" / f"{spec.name}.csv").read_text(encoding="utf-8")
        from_csv = (tmp_path / "from-csv" / "data" / f"{spec.name}.csv").read_text(encoding="utf-8")
        assert from_template == from_csv
        assert len(from_template.splitlines()) == 4


def test_the_template_has_instructions_thai_headers_dropdowns_and_formats(tmp_path):
    path = tmp_path / "plan.xlsx"
    with pytest.raises(SystemExit) as exit_info:
        main(["template", "plan_progress", "-o", str(path)])
    assert exit_info.value.code == 0
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == INSTRUCTIONS_SHEET
    spec = get_category("plan_progress").resource("plan_progress")
    sheet = workbook[sheet_title(spec)]
    fields = spec.schema["fields"]
    assert [c.value for c in sheet[1]] == [f.get("title") for f in fields]
    by_name = {f["name"]: i for i, f in enumerate(fields)}
    column = lambda name: sheet.cell(row=2, column=by_name[name] + 1)  # noqa: E731
    assert column("report_start").number_format == "d mmm yyyy"
    assert column("budget_allocated").number_format == "#,##0.00"
    assert column("project_id").number_format == "@"  # codes keep their leading zeros
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    round_letter = sheet.cell(row=1, column=by_name["report_round"] + 1).column_letter
    assert any(round_letter + "2" in str(v.sqref) and "6-month" in v.formula1 for v in lists)
    instructions = "\n".join(str(c.value) for row in workbook[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "catalog build" in instructions and "report_round" in instructions


def test_an_unfilled_template_is_refused_as_having_no_rows(tmp_path, capsys):
    path = write_template("egp_contract", tmp_path / "egp.xlsx")
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(path), "-c", "egp_contract", "-o", str(tmp_path / "out")])
    assert exit_info.value.code == 1
    assert "no data rows" in capsys.readouterr().err


@pytest.mark.parametrize("category", TABLE_CATEGORIES)
def test_no_cell_of_a_template_refuses_what_the_importer_reads(category, tmp_path):
    """Excel's "stop" rules would refuse a Thai date typed as text ("5 พ.ย. 67") or "รอบ 6 เดือน" typed
    over a dropdown; the importer reads both, so the template only hints and warns."""
    workbook = load_workbook(write_template(category, tmp_path / "template.xlsx"))
    for sheet in workbook.worksheets:
        for validation in sheet.data_validations.dataValidation:
            assert validation.type in (None, "list"), (sheet.title, validation.type)
            if validation.type == "list":
                assert validation.errorStyle == "warning"
            else:
                assert not validation.showErrorMessage and validation.prompt


def test_a_template_filled_the_way_an_officer_types_builds(tmp_path):
    """Thai dates and months typed as text, one of two table sheets filled, the other left empty."""
    cat = get_category("procurement_monthly")
    workbook_path = write_template(cat, tmp_path / "sor-kor-1.xlsx")
    workbook = load_workbook(workbook_path)
    sheet = workbook[sheet_title(cat.resource("procurement_monthly"))]
    typed = ["พ.ย. 67", "๑", "จ้างซ่อมถนน", "๑๒,๕๐๐", "12500", "เฉพาะเจาะจง", "หจก.ภูเก็ตการช่าง ๑๒,๐๐๐ บาท",
             "หจก.ภูเก็ตการช่าง", "๑๒,๐๐๐.๐๐", "ราคาต่ำสุด", "ใบสั่งจ้าง ๔/๒๕๖๘", "๕ พ.ย. ๖๗"]
    for column, value in enumerate(typed, start=1):
        sheet.cell(row=2, column=column, value=value)
    workbook.save(workbook_path)
    build_package([workbook_path], cat, tmp_path / "out")
    with open(tmp_path / "out" / "data" / "procurement_monthly.csv", encoding="utf-8") as stream:
        [row] = list(csv.DictReader(stream))
    assert (row["report_month"], row["seq"], row["budget"], row["agreed_price"], row["contract_date"]) == (
        "2024-11", "1", "12500", "12000", "2024-11-05")
    assert not (tmp_path / "out" / "data" / "procurement_summary16.csv").exists()
