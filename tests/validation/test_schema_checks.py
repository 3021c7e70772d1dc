"""The vectorised schema checks report the same (row_number, field, code) set as frictionless."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package, Resource
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.validation import csv_table, key_spill, resources, spill
from catalog.validation.resources import check_resources, check_table
from catalog.validation.schema_checks import check_foreign_keys, read_table
try:  # pytest puts this folder (it has no __init__.py) on sys.path...
    from generated import PROCUREMENT_SCHEMA, procurement_schema, write_csv, write_procurement
except ImportError:  # ...unless it imports test modules with --import-mode=importlib
    from tests.validation.generated import (PROCUREMENT_SCHEMA, procurement_schema, write_csv,
                                            write_procurement)

V2 = {"$schema": "https://datapackage.org/profiles/2.0/tableschema.json"}  # for exclusive bounds
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "skipInitialSpace": False}


@pytest.fixture(autouse=True, params=["plain", "whole", "chunks", "tiny chunks", "keys on disk"])
def chunk_size(request, monkeypatch) -> str:
    """Every test runs five ways: by the plain engine (cell by cell, for small tables), and by the column
    engine with the file read at once, and read in chunks of a few rows, by pyarrow (1 KiB blocks) and by
    the csv module (blocks too small for pyarrow's rows), and with its key columns on disk. Verdicts never
    change."""
    if request.param == "plain":
        monkeypatch.setattr(resources, "PLAIN_BYTES", 1 << 40)
        return request.param
    monkeypatch.setattr(resources, "PLAIN_BYTES", -1)
    sizes = {"whole": csv_table.CHUNK_BYTES, "chunks": 1024, "tiny chunks": 48, "keys on disk": 1024}
    monkeypatch.setattr(csv_table, "CHUNK_BYTES", sizes[request.param])
    if request.param == "keys on disk":  # key columns spilled from the first chunk, over few, split partitions
        monkeypatch.setattr(key_spill, "KEY_BUDGET", 0)
        monkeypatch.setattr(spill, "PARTITIONS", 4)
        monkeypatch.setattr(spill, "PART_BYTES", 4096)
    return request.param


# --- Both checkers on one file


def frictionless_keys(path: Path, schema: dict) -> set[tuple]:
    """frictionless' errors as (row_number, field, code); every error, whatever their number."""
    descriptor = {"name": "t", "path": path.name, "encoding": "utf-8",
                  "dialect": dict(CSV_DIALECT), "schema": copy.deepcopy(schema)}
    if "$schema" in schema:  # a v1 resource would reject the v2 schema (exclusive bounds)
        descriptor["$schema"] = "https://datapackage.org/profiles/2.0/dataresource.json"
    resource = Resource.from_descriptor(descriptor, basepath=str(path.parent))
    report = resource.validate(limit_errors=0)  # 0 lifts the default limit of 1000 errors
    return {_key(error) for task in report.tasks for error in task.errors} | {
        _key(error) for error in report.errors}


def _key(error) -> tuple:
    # Frictionless reports "" as the field of extra cells and labels; we report None.
    return (getattr(error, "row_number", None), getattr(error, "field_name", None) or None, error.type)


def our_keys(path: Path, schema: dict) -> set[tuple]:
    return {(f.row_number, f.field, f.code) for f in check_table(path, schema, resource="t")}


def assert_same(path: Path, schema: dict) -> set[tuple]:
    expected = frictionless_keys(path, schema)
    actual = our_keys(path, schema)
    assert actual == expected, (
        f"only frictionless: {sorted(expected - actual, key=str)}\n"
        f"only ours: {sorted(actual - expected, key=str)}")
    return actual


def write_text(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def one_field(field: dict, **schema) -> dict:
    return {"fields": [{"name": "n", "type": "string"}, {"name": "v", **field}], **schema}


def column_csv(values: list[str]) -> str:
    """A two-column CSV (row counter, value) holding each value as one cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["n", "v"])
    for number, value in enumerate(values):
        writer.writerow([str(number), value])
    return buffer.getvalue()


# --- Hand-written cases

INTEGERS = ["1", "+1", " 1", "1 ", "1.0", "01", "00", "-0", "1_000", "1__0", "_1", "๑๒", "١٢",
            "1e3", "0x10", "12a", "", "NA", "99999999999999999999", "-99999999999999999999",
            "9223372036854775807", "9223372036854775808", "\t7\n"]
NUMBERS = ["1", "1.5", "-1.5", ".5", "5.", "1e5", "1E-3", "NaN", "nan", "-NaN", "inf", "-inf",
           "Infinity", "1,000", "1_000.5", "๑.๕", " 2.5 ", "0x10", "abc", "", "-0", "0.0",
           "12345678901234567", "0.1000000000000000000001", "1.00000000000000000001", "+7"]
DATES = ["2023-01-05", "2023-02-29", "2024-02-29", "2023-1-5", " 2023-01-05", "2023-01-05 ",
         "0000-01-01", "0001-01-01", "9999-12-31", "2023-13-01", "2023-00-10", "20230105",
         "๒๕๖๖-๐๑-๐๑", "2023-01-05T00:00:00", "31/12/2566", "2023-02- 3", ""]
DATETIMES = ["2023-01-05T10:00:00", "2023-01-05 10:00:00", "2023-01-05T10:00:00Z",
             "2023-01-05T17:00:00+07:00", "2023-01-05T10:00", "2023-01-05", "2023-01-05T24:00:00",
             "2023-01-05T10:00:00.123", "x" * 20, ""]
YEARS = ["2023", "0999", "999", " 999", "+999", "-999", "๒๕๖๖", "20231", "2_23", ""]
BOOLEANS = ["true", "True", "TRUE", "1", "false", "0", "yes", " true", "", "T"]

HAND_CASES: dict[str, tuple[list[str], dict]] = {
    "integer": (INTEGERS, one_field({"type": "integer"})),
    "integer bounds": (INTEGERS, one_field({"type": "integer", "constraints": {
        "minimum": 0, "maximum": "9223372036854775807"}})),
    "integer exclusive bounds, enum, unique": (INTEGERS, one_field({"type": "integer", "constraints": {
        "exclusiveMinimum": -1, "exclusiveMaximum": 100, "enum": [0, 1, "12", 1000], "unique": True}},
        **V2)),
    "integer huge bounds": (INTEGERS, one_field({"type": "integer", "constraints": {
        "minimum": -10**30, "maximum": 10**19}})),
    "integer not bare": (INTEGERS + ["$12", "12%", "USD 5"], one_field({"type": "integer",
                                                                        "bareNumber": False})),
    "number": (NUMBERS, one_field({"type": "number"})),
    "number bounds": (NUMBERS, one_field({"type": "number", "constraints": {
        "minimum": 0, "maximum": 100000}})),
    "number inexact bounds and enum": (NUMBERS, one_field({"type": "number", "constraints": {
        "exclusiveMinimum": "0.1000000000000000000001", "maximum": "1.00000000000000000001",
        "enum": ["0.5", 1, "1.00000000000000000001", 1.5]}}, **V2)),
    "number unique": (NUMBERS + ["1.50", "1.5e0", "0", "NaN"],
                      one_field({"type": "number", "constraints": {"unique": True}})),
    "number group and decimal chars": (NUMBERS + ["1.000,5", "1 000", "1,5", "-2.000.000,25"],
                                       one_field({"type": "number", "groupChar": ".",
                                                  "decimalChar": ","})),
    "number group char": (NUMBERS + ["1,000,000.25", ",5", "5,"],
                          one_field({"type": "number", "groupChar": ","})),
    "number not bare": (NUMBERS + ["$1,000.50", "15%", "฿ 20", "-$5"],
                        one_field({"type": "number", "bareNumber": False, "groupChar": ","})),
    "boolean": (BOOLEANS, one_field({"type": "boolean", "constraints": {"enum": [True]}})),
    "boolean values": (BOOLEANS + ["ใช่", "ไม่"], one_field({
        "type": "boolean", "trueValues": ["yes", "ใช่"], "falseValues": ["no", "ไม่", "yes"]})),
    "date": (DATES, one_field({"type": "date", "constraints": {
        "minimum": "2000-01-01", "exclusiveMaximum": "2024-02-29", "unique": True}}, **V2)),
    "date format": (DATES + ["5/1/2023", "05/01/2023", "29/02/2023"],
                    one_field({"type": "date", "format": "%d/%m/%Y"})),
    "date enum": (DATES, one_field({"type": "date", "constraints": {
        "enum": ["2023-01-05", "2024-02-29"]}})),
    "datetime": (DATETIMES, one_field({"type": "datetime", "constraints": {"unique": True}})),
    "year": (YEARS, one_field({"type": "year", "constraints": {"minimum": 1000, "unique": True}})),
    "string formats": (["a@b.co", "a@b", "ก@ข.ไทย", "", "x y@z.com"],
                       one_field({"type": "string", "format": "email"})),
    "uri": (["http://x.org/a?b", "x", "mailto:a@b.c", "ftp://", ""],
            one_field({"type": "string", "format": "uri", "constraints": {"maxLength": 10}})),
    "uuid": (["3e4666bf-d5e5-4aa7-b8ce-cefe41c7568a", "3e4666bf", "", "ZZZ"],
             one_field({"type": "string", "format": "uuid"})),
    "pattern with digits": (["66012345678", "๖๖๐๑๒๓๔๕๖๗๘", "6601234567", "66012345678\n", "x",
                             "66012345678 ", ""],
                            one_field({"type": "string", "constraints": {"pattern": r"\d{11}"}})),
    "pattern alternation": (["a", "ab", "b", "xb", "bx", ""],
                            one_field({"type": "string", "constraints": {"pattern": "a|b"}})),
    "pattern python only": (["ab", "ac", "b", "ก"],
                            one_field({"type": "string", "constraints": {"pattern": "(?=a)\\w+"}})),
    "pattern unicode": (["กขค", "abc", "ก1"],
                        one_field({"type": "string", "constraints": {"pattern": "[ก-ฮ]+"}})),
    "string lengths and enum": (["ที่", "ab", "abcd", "ก", "", "วิธีพิเศษ"], one_field({
        "type": "string", "constraints": {"minLength": 2, "maxLength": 3,
                                          "enum": ["ที่", "abcd", "ก", 5]}})),
    "required and missing values": (["", "NA", "-", "x", " "], one_field(
        {"type": "string", "constraints": {"required": True}}, missingValues=["", "NA", "-"])),
    "field missing values": (["", "NA", "-", "1"], one_field(
        {"type": "integer", "missingValues": ["-"], "constraints": {"required": True}},
        missingValues=["", "NA"])),
    "unique strings": (["a", "b", "a", "", "", "A", "a "], one_field(
        {"type": "string", "constraints": {"unique": True}})),
    "any type": (["a", "", "1"], one_field({"type": "any", "constraints": {"enum": ["a"]}})),
    "time": (["10:00:00", "25:00:00", "10:00", ""], one_field({"type": "time"})),
}


@pytest.mark.parametrize("name", list(HAND_CASES))
def test_hand_written_cells(tmp_path: Path, name: str) -> None:
    values, schema = HAND_CASES[name]
    assert_same(write_text(tmp_path, column_csv(values)), schema)


SHAPES: dict[str, tuple[str, dict]] = {
    "short, long, blank and empty rows": (
        "a,b,c\n1,x,2\n2\n3,y,4,5\n,,\n\n4,,\n5,z\n  ,,\n,,,\n",
        {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string",
                    "constraints": {"required": True}}, {"name": "c", "type": "integer"}]}),
    "primary key with blank rows": (
        "a,b\n1,x\n1,y\n,,\n\n,z\n2,\n",
        {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}],
         "primaryKey": "a"}),
    "composite primary key": (
        "a,b,c\n1,x,p\n1,y,q\n1,x,r\n,x,s\n,x,t\n,,u\n,,v\n01,x,w\nz,x,o\n",
        {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"},
                    {"name": "c", "type": "string"}], "primaryKey": ["a", "b"]}),
    "missing values without the empty string": (
        "a,b\n1,x\n\n,\n2,\n,y\nNA,NA\n",
        {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}],
         "missingValues": ["NA"]}),
    "header problems": (
        "a, b ,a,,e\n1,2,3,4,5\n",
        {"fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}]}),
    "missing labels": (
        "a,b\n1,2\n1,2,3,4\n1\n",
        {"fields": [{"name": "a", "type": "integer"}, {"name": "b"}, {"name": "c"},
                    {"name": "d", "constraints": {"required": True}}], "primaryKey": ["a", "d"]}),
    "extra labels": (
        "a,b,c\n1,2,3\n1,2\n,,\n,,x\n",
        {"fields": [{"name": "a", "type": "integer", "constraints": {"unique": True}}]}),
    "incorrect labels": (
        "x,y\n1,2\n",
        {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer"}]}),
    "header only": ("a,b\n", {"fields": [{"name": "a"}, {"name": "b"}]}),
    "empty file": ("", {"fields": [{"name": "a"}, {"name": "b"}]}),
    "empty first line": ("\na,b\n1,2\n\n", {"fields": [{"name": "a", "type": "integer"},
                                                      {"name": "b"}]}),
    "quoted newlines and short rows": (
        'a,b\n"multi\nline",1\n2\n"x","y\n\nz"\n3,"4\r\n5"\n6,7,"8\n9"\n',
        {"fields": [{"name": "a"}, {"name": "b", "type": "integer"}]}),
    "quotes": ('a,b\n"ab"c,"d""e"\nx"y,z\n" 1",2\n', {"fields": [{"name": "a"}, {"name": "b"}]}),
    "byte order mark and CRLF": ("\ufeffa,b\r\n1,2\r\n3\r\n\r\n", {"fields": [
        {"name": "a", "type": "integer"}, {"name": "b", "type": "integer"}]}),
    "self foreign key": (
        "id,parent\n1,\n2,1\n3,9\n4,x\n5,02\n",
        {"fields": [{"name": "id", "type": "integer"}, {"name": "parent", "type": "integer"}],
         "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]}),
    "uniqueKeys is not checked by frictionless": (
        "a,b\n1,1\n1,1\n", {"fields": [{"name": "a"}, {"name": "b"}], "uniqueKeys": [["a", "b"]]}),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_table_shapes(tmp_path: Path, name: str) -> None:
    text, schema = SHAPES[name]
    assert_same(write_text(tmp_path, text), schema)


@pytest.mark.parametrize("fields_match", ["exact", "equal", "subset", "superset", "partial"])
@pytest.mark.parametrize("header", ["b,a,x", "x", "c,a", "a,a", "a,b,c"])
def test_fields_match(tmp_path: Path, fields_match: str, header: str) -> None:
    schema = {**V2, "fieldsMatch": fields_match, "primaryKey": ["a"], "fields": [
        {"name": "a", "type": "integer"}, {"name": "b", "constraints": {"required": True}},
        {"name": "c", "type": "date"}]}
    text = header + "\n1,2,2023-01-01\n1,,x\nz\n,,,,\n"
    assert_same(write_text(tmp_path, text), schema)


def test_invalid_schema_is_one_schema_error(tmp_path: Path) -> None:
    path = write_text(tmp_path, "a\n1\n")
    schema = {"fields": [{"name": "a", "type": "integer", "constraints": {"pattern": "1"}}]}
    findings = check_table(path, schema, resource="t")
    assert [f.code for f in findings] == ["schema-error"]
    assert "pattern" in findings[0].message_en


def test_invalid_utf8_is_one_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\n\xff\n")
    findings = check_table(path, {"fields": [{"name": "a"}]}, resource="t")
    assert [f.code for f in findings] == ["encoding-error"]


def test_messages_are_one_line_in_english_and_thai(tmp_path: Path) -> None:
    path = write_text(tmp_path, "a,b,c\n12a,x,\n1,y\n")
    schema = {"fields": [{"name": "a", "type": "integer"},
                         {"name": "b", "type": "string", "constraints": {"enum": ["p", "q"]}},
                         {"name": "c", "constraints": {"required": True}}]}
    findings = {(f.row_number, f.field, f.code): f for f in check_table(path, schema, resource="t")}
    type_error = findings[(2, "a", "type-error")]
    assert (type_error.message_en, type_error.message_th, type_error.cell) == (
        "'12a' is not an integer", "'12a' ไม่ใช่จำนวนเต็ม", "12a")
    enum = findings[(2, "b", "constraint-error")]
    assert enum.message_en == "'x' is not one of: p, q"
    required = findings[(2, "c", "constraint-error")]
    assert (required.message_en, required.message_th) == ("value is required", "ต้องกรอกค่านี้")
    for finding in findings.values():
        assert finding.resource == "t" and finding.severity == "error"
        assert "\n" not in finding.message_en and "\n" not in finding.message_th


# --- Generated procurement tables, ~1 % of the rows broken in every way


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_procurement_table(tmp_path: Path, seed: int) -> None:
    path = write_procurement(tmp_path / "procurement.csv", 6_000, error_rate=0.02, seed=seed)
    found = assert_same(path, procurement_schema())
    codes = {code for _, _, code in found}
    assert {"type-error", "constraint-error", "unique-error", "primary-key", "missing-cell",
            "extra-cell", "blank-row"} <= codes


def test_generated_table_with_schema_variants(tmp_path: Path) -> None:
    path = write_procurement(tmp_path / "procurement.csv", 3_000, error_rate=0.03, seed=7)
    schema = {**procurement_schema(), **V2}
    schema["missingValues"] = ["", "-", "NaN"]
    schema["primaryKey"] = ["project_id", "budget_year"]
    fields = {field["name"]: field for field in schema["fields"]}
    fields["budget"]["constraints"] = {"exclusiveMinimum": 0, "maximum": 40_000_000}
    fields["announce_date"]["constraints"] = {"minimum": "2018-01-01", "maximum": "2025-12-31"}
    fields["project_name"]["constraints"] = {"minLength": 20, "pattern": "[^0-9]*"}
    fields["is_sme"]["constraints"] = {"required": True, "unique": True}
    assert_same(path, schema)


# --- Random cells: per-cell verdicts equal frictionless'

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8)
DIGITS = st.sampled_from(list("0123456789") + ["๑", "๕", "٣"])


def _numberish() -> st.SearchStrategy[str]:
    digits = st.lists(DIGITS, min_size=1, max_size=20).map("".join)
    sign = st.sampled_from(["", "", "-", "+", " ", "$"])
    tail = st.sampled_from(["", "", ".", ".5", ".25", "e3", "E-2", ",000", "_0", "%", " ", ".000"])
    return st.builds(lambda s, d, t: s + d + t, sign, digits, tail)


def _dateish() -> st.SearchStrategy[str]:
    year = st.integers(0, 10_000).map(str)
    month = st.integers(0, 13).flatmap(lambda m: st.sampled_from([str(m), f"{m:02d}"]))
    day = st.integers(0, 32).map(lambda d: f"{d:02d}")
    sep = st.sampled_from(["-", "-", "/", " "])
    return st.builds(lambda y, s, m, d: f"{y}{s}{m}{s}{d}", year, sep, month, day)


CELL_STRATEGIES = {
    "integer": st.one_of(_numberish(), TEXT, st.integers(-2**70, 2**70).map(str)),
    "number": st.one_of(_numberish(), TEXT, st.floats().map(repr),
                        st.sampled_from(["NaN", "inf", "-Infinity", "1e400"])),
    "date": st.one_of(_dateish(), TEXT, st.dates().map(str)),
    "year": st.one_of(st.integers(-100, 12_000).map(str), _numberish(), TEXT),
    "boolean": st.one_of(st.sampled_from(["true", "false", "1", "0", "TRUE", "yes", "", "t"]), TEXT),
    "string": st.one_of(TEXT, _numberish(), st.text("ab01๑ \n", max_size=6)),
}

FIELD_OPTIONS = {
    "integer": st.sampled_from([
        {}, {"bareNumber": False}, {"constraints": {"minimum": -5, "maximum": 10**20}},
        {"constraints": {"exclusiveMaximum": 1000, "enum": [0, 5, "7", 10**19], "unique": True}}]),
    "number": st.sampled_from([
        {}, {"groupChar": ","}, {"decimalChar": ",", "groupChar": "."}, {"bareNumber": False},
        {"constraints": {"minimum": 0, "exclusiveMaximum": "1000.5", "unique": True}},
        {"constraints": {"enum": ["0.5", 5, "1e3"], "maximum": "0.30000000000000001"}}]),
    "date": st.sampled_from([
        {}, {"format": "%d/%m/%Y"}, {"constraints": {"minimum": "1999-12-31", "unique": True}},
        {"constraints": {"enum": ["2000-01-01", "2020-02-29"]}}]),
    "year": st.sampled_from([{}, {"constraints": {"maximum": 2100, "unique": True}}]),
    "boolean": st.sampled_from([{}, {"trueValues": ["yes", "1"], "falseValues": ["no", "0"]},
                                {"constraints": {"enum": [False]}}]),
    "string": st.sampled_from([
        {}, {"constraints": {"pattern": r"\d+", "unique": True}},
        {"constraints": {"pattern": "[a-z ]*|0", "minLength": 1, "maxLength": 4}},
        {"constraints": {"enum": ["a", "0", "๑"], "required": True}}]),
}


@pytest.mark.parametrize("kind", list(CELL_STRATEGIES))
def test_random_cells_match_frictionless(tmp_path_factory, kind: str) -> None:
    directory = tmp_path_factory.mktemp(kind)

    @settings(max_examples=100, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(cells=st.lists(CELL_STRATEGIES[kind], min_size=1, max_size=12),
           options=FIELD_OPTIONS[kind], missing=st.sampled_from([None, ["", "NA"], ["0"]]))
    def check(cells: list[str], options: dict, missing: list[str] | None) -> None:
        schema = one_field({"type": kind, **copy.deepcopy(options)}, **V2)
        if missing is not None:
            schema["missingValues"] = missing
        assert_same(write_text(directory, column_csv(cells)), schema)

    check()


SHAPE_CELL = st.sampled_from(["", "", "1", "01", "2", "x", "NA", " ", "ก"])
SHAPE_SCHEMAS = [
    {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "constraints": {"required": True}},
                {"name": "c", "type": "integer", "constraints": {"unique": True}}],
     "primaryKey": ["a"]},
    {"fields": [{"name": "a", "type": "integer"}, {"name": "b"}, {"name": "c", "type": "integer"}],
     "primaryKey": ["a", "b"], "missingValues": ["NA"]},
    {"fields": [{"name": "a"}, {"name": "b", "type": "integer"}],
     "foreignKeys": [{"fields": ["b"], "reference": {"resource": "", "fields": ["a"]}}]},
]


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(SHAPE_CELL, max_size=5), max_size=10),
       header=st.sampled_from([["a", "b", "c"], ["a", "b"], ["a", "b", "c", "d"], ["a", "x", "a"]]),
       schema=st.sampled_from(SHAPE_SCHEMAS))
def test_random_row_shapes_match_frictionless(tmp_path_factory, rows, header, schema) -> None:
    path = write_csv(tmp_path_factory.mktemp("shapes") / "t.csv", [header] + rows)
    assert_same(path, schema)


# --- Foreign keys between resources


def _package(tmp_path: Path) -> dict:
    write_csv(tmp_path / "orgs.csv", [["id", "code", "name"], ["1", "A", "กรม ก"], ["2", "B", "กรม ข"],
                                      ["3", "", "no code"], ["x", "C", "bad id"], ["", "", ""]])
    write_csv(tmp_path / "contracts.csv", [
        ["id", "org", "org_code", "parent", "amount"],
        ["1", "1", "A", "", "10"], ["2", "01", "A", "1", "5"], ["3", "4", "B", "1", "1.0"],
        ["4", "2", "C", "9", "x"], ["5", "", "", "2", ""], ["6", "3", "", "", "1e1"],
        ["7", "abc", "A", "7", "2"], ["8", "2", "B"], [], ["9", "1", "", "1", "0"]])
    write_csv(tmp_path / "amounts.csv", [["amount", "day"], ["10", "2024-01-31"], ["5.0", ""],
                                         ["1", "2024-02-01"]])
    write_csv(tmp_path / "days.csv", [["day", "note"], ["2024-1-31", "x"], ["2024-02-30", "y"],
                                      ["2024-02-01", ""], ["", "z"], ["2024-03-01", "w"]])
    resources = [
        {"name": "orgs", "path": "orgs.csv", "schema": {
            "fields": [{"name": "id", "type": "integer"}, {"name": "code", "type": "string"},
                       {"name": "name", "type": "string"}], "primaryKey": ["id"]}},
        {"name": "contracts", "path": "contracts.csv", "schema": {
            "fields": [{"name": "id", "type": "integer"}, {"name": "org", "type": "integer"},
                       {"name": "org_code", "type": "string"}, {"name": "parent", "type": "integer"},
                       {"name": "amount", "type": "number"}],
            "primaryKey": ["id"],
            "foreignKeys": [
                {"fields": ["org"], "reference": {"resource": "orgs", "fields": ["id"]}},
                {"fields": ["org", "org_code"],
                 "reference": {"resource": "orgs", "fields": ["id", "code"]}},
                {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}},
                {"fields": ["amount"], "reference": {"resource": "amounts", "fields": ["amount"]}},
                {"fields": ["id"], "reference": {"resource": "orgs", "fields": ["id"]}},
            ]}},
        {"name": "amounts", "path": "amounts.csv", "schema": {
            "fields": [{"name": "amount", "type": "integer"}, {"name": "day", "type": "date"}]}},
        {"name": "days", "path": "days.csv", "schema": {
            "fields": [{"name": "day", "type": "date"}, {"name": "note", "type": "string"}],
            "foreignKeys": [{"fields": ["day"], "reference": {"resource": "amounts", "fields": ["day"]}}]}},
    ]
    return {"name": "p", "resources": resources}


def _frictionless_package_keys(directory: Path, descriptor: dict) -> set[tuple]:
    descriptor = copy.deepcopy(descriptor)
    for resource in descriptor["resources"]:
        resource.update(encoding="utf-8", dialect=dict(CSV_DIALECT))
    report = Package(descriptor, basepath=str(directory)).validate(limit_errors=0)
    return {(task.name, *_key(error)) for task in report.tasks for error in task.errors}


def test_foreign_keys_between_resources(tmp_path: Path) -> None:
    descriptor = _package(tmp_path)
    expected = _frictionless_package_keys(tmp_path, descriptor)
    findings = check_resources(tmp_path, descriptor)
    actual = {(f.resource, f.row_number, f.field, f.code) for f in findings}
    assert actual == expected
    assert sum(1 for f in findings if f.code == "foreign-key") >= 5


def test_check_foreign_keys_on_dataframes(tmp_path: Path) -> None:
    descriptor = _package(tmp_path)
    schemas = {resource["name"]: resource["schema"] for resource in descriptor["resources"]}
    tables = {resource["name"]: read_table(tmp_path / resource["path"])
              for resource in descriptor["resources"]}
    ours = {(f.resource, f.row_number, f.code) for f in check_foreign_keys(tables, schemas)}
    expected = {(f.resource, f.row_number, f.code) for f in check_resources(tmp_path, descriptor)
                if f.code == "foreign-key"}
    assert ours == expected


def test_read_table_indexes_rows_by_frictionless_number(tmp_path: Path) -> None:
    path = write_text(tmp_path, 'a,b\n1,x\n\n2\n3,y,z\n"4\n4",w\n5,v\n')
    frame = read_table(path)
    assert list(frame.columns) == ["a", "b"]
    assert (frame.index + 2).tolist() == [2, 3, 4, 5, 6, 7]
    assert frame.loc[2 - 2].tolist() == ["1", "x"]
    assert frame.loc[4 - 2, "b"] is None or pd.isna(frame.loc[4 - 2, "b"])
    assert frame.loc[6 - 2].tolist() == ["4\n4", "w"]
    assert read_table(tmp_path / "missing.csv").empty


def test_check_resources_reads_schema_files_and_reports_unknown_references(tmp_path: Path) -> None:
    write_csv(tmp_path / "data" / "a.csv", [["id"], ["1"], ["1"]])
    (tmp_path / "a.schema.json").write_text(json.dumps({
        "fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"],
        "foreignKeys": [{"fields": ["id"], "reference": {"resource": "nowhere", "fields": ["id"]}}]}))
    descriptor = {"resources": [{"name": "a", "path": "data/a.csv", "schema": "a.schema.json"},
                                {"name": "readme", "path": "README.md"}]}
    codes = [(f.resource, f.row_number, f.code) for f in check_resources(tmp_path, descriptor)]
    assert ("a", 3, "primary-key") in codes and ("a", None, "resource-error") in codes


def test_keys_on_disk_give_the_findings_keys_in_memory_give(tmp_path: Path, monkeypatch) -> None:
    """Not only the same (row, field, code): the same findings (cells, "first seen at row N" messages, order),
    whether a table's key columns stay in memory or go to partition files, or only one end of a foreign key's
    does; a key the table's own checks do not ask for is spread by reading the table again."""
    monkeypatch.setattr(resources, "PLAIN_BYTES", -1)
    monkeypatch.setattr(spill, "PARTITIONS", 4)
    write_procurement(tmp_path / "big.csv", 2000, error_rate=0.05, seed=11)
    write_csv(tmp_path / "years.csv", [["year", "note"]] + [[str(year), "x"] for year in range(2558, 2568)]
              + [["25x6", "bad"], ["", "none"]])
    write_csv(tmp_path / "methods.csv", [["name"], ["e-bidding"], ["คัดเลือก"], ["e-bidding"], ["e-market"]])
    big = procurement_schema()
    big["fields"][1]["constraints"]["unique"] = True
    big["foreignKeys"] = [
        {"fields": ["budget_year"], "reference": {"resource": "years", "fields": ["year"]}},
        {"fields": ["method", "is_sme"], "reference": {"resource": "methods", "fields": ["name", "sme"]}},
        {"fields": ["contract_no"], "reference": {"resource": "", "fields": ["project_id"]}}]
    descriptor = {"name": "p", "resources": [
        {"name": "big", "path": "big.csv", "schema": big},
        {"name": "years", "path": "years.csv", "schema": {
            "fields": [{"name": "year", "type": "integer"}, {"name": "note", "type": "string"}],
            "primaryKey": ["year"],
            "foreignKeys": [{"fields": ["year"], "reference": {"resource": "big", "fields": ["budget_year"]}}]}},
        {"name": "methods", "path": "methods.csv", "schema": {
            "fields": [{"name": "name", "type": "string"}], "primaryKey": ["name"]}}]}
    results = []
    for budget, part_bytes in [(1 << 40, spill.PART_BYTES), (50_000, 1 << 40), (0, 4096)]:
        monkeypatch.setattr(key_spill, "KEY_BUDGET", budget)  # all in memory, only "big" on disk, all on disk
        monkeypatch.setattr(spill, "PART_BYTES", part_bytes)
        results.append(check_resources(tmp_path, descriptor))
    assert {f.code for f in results[0]} >= {"unique-error", "primary-key", "foreign-key"}
    assert any("already in row" in f.message_en for f in results[0] if f.code == "unique-error")
    assert results[1] == results[0]
    assert results[2] == results[0]


def test_procurement_schema_is_not_modified() -> None:
    before = json.dumps(PROCUREMENT_SCHEMA, sort_keys=True)
    procurement_schema()["fields"].clear()
    assert json.dumps(PROCUREMENT_SCHEMA, sort_keys=True) == before
