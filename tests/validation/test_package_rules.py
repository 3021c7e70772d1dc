"""`catalog validate` on whole packages: domain rules, the personal-data guard, and findings that point
back at the officer's file, row and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.packaging.build import build_package
from catalog.thai import generate_national_id
from catalog.validation import csv_table, resources
from catalog.validation.package import validate_package

EGP_FIELDS = ("record_id,project_id,project_name,project_type,agency_name,sub_agency_name,method,method_group,"
              "announce_date,budget,reference_price,agreed_price,fiscal_year,transaction_date,province")


def egp_line(n=1, project_id="67119524001", budget="1000", reference="1000", agreed="1000", fiscal="2568",
             date="29 พ.ย. 67", name="ซื้อวัสดุสำนักงาน") -> str:
    return (f"{n},{project_id},{name},ซื้อ,อบจ.ภูเก็ต,กองคลัง,เฉพาะเจาะจง,เฉพาะเจาะจง,-,{budget},{reference},"
            f"{agreed},{fiscal},{date},ภูเก็ต")


def build(tmp_path: Path, category: str, header: str, *lines: str, name="source.csv") -> Path:
    source = tmp_path / name
    source.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    out = tmp_path / "package"
    build_package([source], category, out)
    return out


def build_then_plant(tmp_path: Path, category: str, header: str, *lines: str, **planted: str) -> Path:
    """A package holding personal data, as a tool other than `catalog build` could write it (the build
    itself refuses such a source): built with stand-ins, then each stand-in replaced by its text."""
    package = build(tmp_path, category, header, *lines)
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("hash", None), resource.pop("bytes", None)
        data = package / resource["path"]
        text = data.read_text(encoding="utf-8")
        for stand_in, value in planted.items():
            text = text.replace(stand_in, value)
        data.write_text(text, encoding="utf-8")
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return package


@pytest.fixture(autouse=True, params=["plain", "whole", "row by row"])
def chunk_size(request, monkeypatch) -> str:
    """Every rule gives the same findings by the plain engine (small tables, cell by cell) and by the column
    engine, the table read at once or one row at a time."""
    if request.param == "plain":
        monkeypatch.setattr(resources, "PLAIN_BYTES", 1 << 40)
        return request.param
    monkeypatch.setattr(resources, "PLAIN_BYTES", -1)
    if request.param == "row by row":
        monkeypatch.setattr(csv_table, "CHUNK_BYTES", 1)
    return request.param


def codes(report) -> list[tuple]:
    return [(f.code, f.row_number, f.field) for f in report.errors]


def test_a_clean_egp_table_is_valid(tmp_path):
    report = validate_package(build(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1), egp_line(2)))
    assert report.valid, report.lines()
    assert report.rows_checked == 2


def test_agreed_price_above_budget_or_reference_price_is_an_error(tmp_path):
    package = build(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1),
                    egp_line(2, budget="1000", reference="900", agreed="950"),
                    egp_line(3, budget="1000", reference="1000", agreed="1200"))
    report = validate_package(package)
    assert ("procurement/agreed-above-reference", 3, "agreed_price") in codes(report)
    assert ("procurement/agreed-above-budget", 4, "agreed_price") in codes(report)
    assert ("procurement/agreed-above-budget", 3, "agreed_price") not in codes(report)


def test_findings_name_the_officers_file_row_and_column(tmp_path):
    package = build(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1), egp_line(2, agreed="5000"),
                    name="สัญญา-2568.csv")
    [finding] = [f for f in validate_package(package).errors if f.code == "procurement/agreed-above-budget"]
    assert (finding.source.file, finding.source.row, finding.source.column) == ("สัญญา-2568.csv", 3, "L (agreed_price)")


def test_fiscal_year_must_match_the_transaction_date(tmp_path):
    # 1 ต.ค. 67 is the first day of fiscal year 2568; 30 ก.ย. 67 is the last day of 2567
    package = build(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1, date="1 ต.ค. 67"),
                    egp_line(2, date="30 ก.ย. 67"))
    assert codes(validate_package(package)) == [("procurement/fiscal-year-mismatch", 3, "fiscal_year")]


def test_egp_project_numbers_carry_a_real_year_and_month(tmp_path):
    package = build(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1, project_id="67139524001"),
                    egp_line(2, project_id="55119524001"), egp_line(3, project_id="68109524001"))
    assert [c for c in codes(validate_package(package)) if c[0] == "procurement/egp-project-id"] == [
        ("procurement/egp-project-id", 2, "project_id"), ("procurement/egp-project-id", 3, "project_id")]


MONTHLY = "report_month,seq,item,budget,reference_price,method,bidders,winner,agreed_price,reason,contract_number,contract_date"


def test_a_month_without_rows_must_say_there_was_no_procurement(tmp_path):
    rows = ["2024-10,1,ซื้อกระดาษ,5000,5000,เฉพาะเจาะจง,ร้านเอ 5000,ร้านเอ,5000,ราคาต่ำสุด,1/2568,1 ต.ค. 67",
            "2024-12,1,จ้างซ่อมรถ,9000,9000,เฉพาะเจาะจง,อู่บี 9000,อู่บี,9000,ราคาต่ำสุด,2/2568,3 ธ.ค. 67"]
    report = validate_package(build(tmp_path, "procurement_monthly", MONTHLY, *rows))
    assert [f.code for f in report.errors] == ["procurement/month-missing"]
    assert "2024-11" in report.errors[0].message_en
    filled = rows + ["2024-11,1,ไม่มีการจัดซื้อจัดจ้าง,,,,,,,,,"]
    (tmp_path / "package").rename(tmp_path / "first")
    assert validate_package(build(tmp_path, "procurement_monthly", MONTHLY, *filled)).valid


PROGRESS = ("project_id,fiscal_year,project,responsible_unit,report_round,report_start,report_end,budget_allocated,"
            "budget_after_transfer,budget_committed,budget_disbursed,budget_remaining,planned_progress_pct,"
            "actual_progress_pct,status,problems,strategy_link")


def progress_line(project="P01", round_="6-month", start="1 ต.ค. 67", end="31 มี.ค. 68", allocated="100000",
                  disbursed="40000", actual="45") -> str:
    return (f"{project},2568,โครงการถนนปลอดภัย,กองช่าง,{round_},{start},{end},{allocated},,,{disbursed},,50,{actual},"
            "อยู่ระหว่างดำเนินการ,,")


def test_plan_progress_rules(tmp_path):
    package = build(tmp_path, "plan_progress", PROGRESS, progress_line("P01"),
                    progress_line("P02", disbursed="120000"),
                    progress_line("P03", end="30 เม.ย. 68"))
    found = codes(validate_package(package))
    assert ("plan/disbursed-above-budget", 3, "budget_disbursed") in found
    assert ("plan/six-month-window", 4, "report_start") in found
    assert not [c for c in found if c[1] == 2]


def test_progress_over_100_percent_is_refused(tmp_path):
    package = build(tmp_path, "plan_progress", PROGRESS, progress_line("P01", actual="120"))
    assert any(c[1:] == (2, "actual_progress_pct") for c in codes(validate_package(package)))


def test_sole_trader_tax_id_is_personal_data_but_a_company_id_is_not(tmp_path):
    person = generate_national_id("310120012345")
    company = generate_national_id("010555512345")
    header = EGP_FIELDS + ",winner_name,winner_tax_id"
    package = build_then_plant(tmp_path, "egp_contract", header, egp_line(1) + ",ร้านนายสมชาย,PERSON",
                               egp_line(2) + f",บริษัท ภูเก็ตพัฒนา จำกัด,{company}", PERSON=person)
    assert codes(validate_package(package)) == [("personal-data/national-id", 2, "winner_tax_id")]


def test_national_id_inside_free_text_is_found(tmp_path):
    person = generate_national_id("110370012345")
    dashed = f"{person[0]}-{person[1:5]}-{person[5:10]}-{person[10:12]}-{person[12]}"
    package = build_then_plant(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1, name="จ้างเหมา นายเอ เลขบัตร ID"),
                               ID=dashed)
    assert codes(validate_package(package)) == [("personal-data/national-id", 2, "project_name")]


def test_mobile_numbers_home_addresses_and_birth_dates_are_refused(tmp_path):
    package = build_then_plant(tmp_path, "egp_contract", EGP_FIELDS,
                               egp_line(1, name="ติดต่อ MOBILE"),
                               egp_line(2, name="ส่งของที่ADDRESS 12 หมู่ 3"),
                               egp_line(3, name="ผู้รับจ้างBIRTH 1 ม.ค. 2520"),
                               egp_line(4, name="โทรสำนักงาน 076-211-234"),
                               MOBILE="081-234-5678", ADDRESS="บ้านเลขที่", BIRTH="เกิดวันที่")
    assert sorted(c[0] for c in codes(validate_package(package))) == [
        "personal-data/birth-date", "personal-data/home-address", "personal-data/phone"]


def test_a_column_that_holds_national_ids_is_refused_whole(tmp_path):
    package = build(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1))
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    schema = descriptor["resources"][0]["schema"]
    schema["fields"].append({"name": "citizen_id", "title": "เลขประจำตัวประชาชน", "type": "string"})
    descriptor["resources"][0].pop("hash"), descriptor["resources"][0].pop("bytes")
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    data = package / "data" / "egp_contract.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    data.write_text("\n".join([lines[0] + ",citizen_id", lines[1] + ",x"]) + "\n", encoding="utf-8")
    assert ("personal-data/national-id", None, "citizen_id") in codes(validate_package(package))


def test_cli_exit_codes_json_and_thai(tmp_path, capsys):
    good = build(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1))
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(good)])
    assert exit_info.value.code == 0
    assert "valid" in capsys.readouterr().out
    (tmp_path / "package").rename(tmp_path / "good")
    bad = build(tmp_path, "egp_contract", EGP_FIELDS, egp_line(1, agreed="9999"))
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(bad), "--json"])
    assert exit_info.value.code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    [finding] = [f for f in report["findings"] if f["code"] == "procurement/agreed-above-budget"]
    assert finding["source"] == {"file": "source.csv", "sheet": None, "row": 2, "column": "L (agreed_price)"}
    with pytest.raises(SystemExit):
        main(["validate", str(bad), "--lang", "th"])
    out = capsys.readouterr().out
    assert "สูงกว่าวงเงินงบประมาณ" in out and "ไม่ผ่าน" in out


def test_validate_names_a_missing_package_in_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(tmp_path / "nowhere")])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "datapackage.json" in err


def test_a_refused_column_is_reported_once_and_cells_by_their_row_numbers_however_the_table_is_read(tmp_path):
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    rows = [f"{n},ผู้ยื่น {n},{'081-234-5678' if n == 40 else '076-211-101'},{1960 + n % 30}-01-01" for n in range(1, 61)]
    # a blank line and a short row move the rows' numbers away from their positions
    text = "bidder_no,bidder,phone,birth_date\n" + "\n".join(rows[:10]) + "\n\n1,short\n" + "\n".join(rows[10:]) + "\n"
    (package / "data" / "bidders.csv").write_text(text, encoding="utf-8")
    fields = [{"name": name, "type": "string"} for name in ("bidder_no", "bidder", "phone", "birth_date")]
    (package / "datapackage.json").write_text(json.dumps({"name": "bidders", "resources": [
        {"name": "bidders", "path": "data/bidders.csv", "format": "csv", "schema": {"fields": fields}}]}),
        encoding="utf-8")
    report = validate_package(package)
    personal = [c for c in codes(report) if c[0].startswith("personal-data/")]
    assert personal == [("personal-data/birth-date", None, "birth_date"), ("personal-data/phone", 43, "phone")]
    assert report.rows_checked == 62  # 60 rows, the short row and the blank line
