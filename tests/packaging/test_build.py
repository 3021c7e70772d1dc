"""`catalog build`: officers' files in, a clean data package with provenance out."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest
from openpyxl import Workbook

from catalog.packaging.build import build_package
from catalog.packaging.provenance import locate_row

EGP_SAMPLE = Path(__file__).parents[1] / "thai" / "data" / "egp_contract_fy2568_sample250.csv"


def read_rows(package: Path, resource: str) -> list[dict]:
    import csv

    with open(package / "data" / f"{resource}.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def egp_package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("egp") / "egp-2568"
    build_package([EGP_SAMPLE], "egp_contract", out)
    return out


def test_the_real_egp_sample_builds_without_hand_edits(egp_package):
    descriptor = json.loads((egp_package / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = descriptor["resources"]
    rows = read_rows(egp_package, "egp_contract")
    assert len(rows) == 250
    first = rows[0]
    assert first["project_id"] == "67119524001"
    assert first["transaction_date"] == "2024-11-29"  # 29 พ.ย. 67
    assert first["announce_date"] == ""  # e-GP writes "-" for none
    assert first["fiscal_year"] == "2568"
    assert rows[-1]["reference_price"] == "1479.81"
    assert "๒ รายการ" in rows[1]["project_name"]  # free text keeps the officer's Thai digits
    assert resource["hash"].startswith("sha256:")


def test_the_built_package_is_valid_for_frictionless_too(egp_package):
    report = frictionless.Package(str(egp_package / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_provenance_points_every_row_at_the_officers_line(egp_package):
    descriptor = json.loads((egp_package / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = descriptor["resources"]
    [segment] = resource["provenance"]
    assert segment["file"] == EGP_SAMPLE.name
    assert segment["sha256"] == "413f70c0ef17c17233b99aa42a7f1e25284644948c37bd109c21e9cc0678618b"
    assert segment["header_rows"] == [1]
    assert segment["columns"]["transaction_date"] == "N"
    assert segment["headers"]["transaction_date"] == "วันที่เกิดรายการ"
    assert segment["rows"] == [[2, 250]]
    where = locate_row(resource["provenance"], row_number=11, field="budget")
    assert (where.file, where.row, where.column) == (EGP_SAMPLE.name, 11, "J (งบประมาณ(บาท))")


def test_building_twice_gives_the_same_bytes(egp_package, tmp_path):
    again = tmp_path / "again"
    build_package([EGP_SAMPLE], "egp_contract", again)
    for name in ("datapackage.json", "data/egp_contract.csv"):
        assert (again / name).read_bytes() == (egp_package / name).read_bytes()


def test_windows_874_with_crlf_reads_like_utf8(tmp_path):
    text = EGP_SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    cp874 = tmp_path / "egp-cp874.csv"
    cp874.write_bytes(text.encode("cp874"))
    bom = tmp_path / "egp-bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    build_package([cp874], "egp_contract", tmp_path / "a")
    build_package([bom], "egp_contract", tmp_path / "b")
    assert (tmp_path / "a/data/egp_contract.csv").read_bytes() == (tmp_path / "b/data/egp_contract.csv").read_bytes()


def _egp_workbook(path: Path, *, title_row: bool, two_row_header: bool) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "สัญญา"
    headers = EGP_SAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",")
    if title_row:
        sheet.append(["รายงานสัญญาจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2568"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    if two_row_header:
        # the three prices sit under one merged group label, as officers lay them out
        top = [h if i not in (9, 10, 11) else ("ราคา (บาท)" if i == 9 else None) for i, h in enumerate(headers)]
        sub = [None] * 9 + ["งบประมาณ", "ราคากลาง", "ราคาตกลงซื้อ/จ้าง"] + [None] * 3
        sheet.append(top)
        sheet.append(sub)
        r = sheet.max_row
        sheet.merge_cells(start_row=r - 1, start_column=10, end_row=r - 1, end_column=12)
        for column in list(range(1, 10)) + [13, 14, 15]:
            sheet.merge_cells(start_row=r - 1, start_column=column, end_row=r, end_column=column)
    else:
        sheet.append(headers)
    sheet.append([1, "67119524001", "ซื้อวัสดุ", "ซื้อ", "อบจ.ภูเก็ต", "กองคลัง", "เฉพาะเจาะจง", "เฉพาะเจาะจง", "-",
                  12500, "๑๒,๕๐๐.๐๐ บาท", "12,000", "๒๕๖๘", "1 ม.ค. 2568", "ภูเก็ต"])
    workbook.create_sheet("คำอธิบาย").append(["กรอกข้อมูลในชีต สัญญา"])
    workbook.save(path)


@pytest.mark.parametrize("title_row,two_row_header", [(False, False), (True, False), (True, True)])
def test_xlsx_header_found_under_a_title_row_and_as_two_rows(tmp_path, title_row, two_row_header):
    source = tmp_path / "egp.xlsx"
    _egp_workbook(source, title_row=title_row, two_row_header=two_row_header)
    build_package([source], "egp_contract", tmp_path / "out")
    [row] = read_rows(tmp_path / "out", "egp_contract")
    assert (row["budget"], row["reference_price"], row["agreed_price"]) == ("12500", "12500", "12000")
    assert row["fiscal_year"] == "2568" and row["transaction_date"] == "2025-01-01"
    descriptor = json.loads((tmp_path / "out/datapackage.json").read_text(encoding="utf-8"))
    [segment] = descriptor["resources"][0]["provenance"]
    header_rows = 2 if two_row_header else 1
    first_data_row = int(title_row) + header_rows + 1
    assert segment["sheet"] == "สัญญา"
    assert segment["header_rows"] == list(range(first_data_row - header_rows, first_data_row))
    assert segment["rows"] == [[first_data_row, 1]]
    assert segment["columns"]["agreed_price"] == "L"
