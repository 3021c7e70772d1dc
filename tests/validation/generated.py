"""Generated CSV files for the schema-check tests and the benchmark.

`write_procurement` writes a procurement-like table (10 columns) with about `error_rate` of the rows
broken in one of many ways, so that every error type of the schema checker shows up. The output is
deterministic for a given (rows, error_rate, seed).
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

METHODS = ["e-bidding", "คัดเลือก", "เฉพาะเจาะจง", "e-market"]

PROCUREMENT_SCHEMA: dict = {
    "fields": [
        {"name": "id", "type": "integer"},
        {"name": "project_id", "type": "string",
         "constraints": {"required": True, "pattern": r"\d{11}"}},
        {"name": "project_name", "type": "string",
         "constraints": {"required": True, "maxLength": 60}},
        {"name": "method", "type": "string",
         "constraints": {"required": True, "enum": METHODS}},
        {"name": "budget_year", "type": "integer",
         "constraints": {"required": True, "minimum": 2560, "maximum": 2570}},
        {"name": "budget", "type": "number",
         "constraints": {"required": True, "minimum": 0}},
        {"name": "agreed_price", "type": "number", "constraints": {"minimum": 0}},
        {"name": "announce_date", "type": "date", "constraints": {"required": True}},
        {"name": "contract_no", "type": "string", "constraints": {"unique": True}},
        {"name": "is_sme", "type": "boolean"},
    ],
    "primaryKey": ["id"],
}

# Broken cells per column: type errors, constraint errors and values that only look wrong
# (Thai digits, "1e3", "2023-1-5" are valid for frictionless, so they must pass).
BAD_CELLS: dict[str, list[str]] = {
    "id": ["12a", "1.0", "", "๑๒x"],
    "project_id": ["6601234567", "66012345678X", "", "๖๖๐๑๒๓๔๕๖๗๘", " 66012345678"],
    "project_name": ["ก" * 61, "", 'ชื่อ "ยาว", มาก' * 5, "ok, with comma"],
    "method": ["ebidding", "วิธีพิเศษ", "", "E-BIDDING"],
    "budget_year": ["2500", "2599", "25x6", "๒๕๖๖", "", " 2565 "],
    "budget": ["-5", "1,000", "abc", "1e3", "NaN", "", "-0", "Infinity", ".5"],
    "agreed_price": ["-0.01", "๑๐๐", "1 000", "", "+7"],
    "announce_date": ["2023-02-30", "31/12/2023", "2023-1-5", "", "2023-13-01", "20230105"],
    "contract_no": [],  # filled with duplicates of earlier numbers
    "is_sme": ["yes", "Y", "TRUE", "0", ""],
}

SHAPE_ERRORS = ["missing-cells", "extra-cells", "blank-commas", "empty-line", "duplicate-id"]


def procurement_schema() -> dict:
    return copy.deepcopy(PROCUREMENT_SCHEMA)


def write_csv(path: Path, rows: Iterable[Sequence[str]]) -> Path:
    """Write rows (the first one is the header) as UTF-8 CSV with standard quoting."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        for row in rows:
            if len(row) == 0:
                file.write("\n")  # csv.writer would write an empty field, not an empty line
            else:
                writer.writerow(row)
    return path


def procurement_rows(rows: int, *, error_rate: float = 0.01, seed: int = 0) -> list[list[str]]:
    """The header and `rows` data rows of a procurement table, about `error_rate` of them broken."""
    rng = np.random.default_rng(seed)
    n = rows
    names = [field["name"] for field in PROCUREMENT_SCHEMA["fields"]]

    ids = np.arange(1, n + 1).astype(str)
    project_ids = rng.integers(10**10, 10**11 - 1, size=n, dtype=np.int64).astype(str)
    words = np.array(["จัดซื้อ", "ครุภัณฑ์", "คอมพิวเตอร์", "ก่อสร้าง", "ถนน", "คสล.", "หมู่ที่",
                      "ซ่อมแซม", "อาคาร", "เรียน", "วัสดุ", "สำนักงาน", "จ้าง", "เหมา"])
    name_parts = words[rng.integers(0, len(words), size=(n, 4))]
    project_names = np.char.add(np.char.add(name_parts[:, 0], name_parts[:, 1]),
                                np.char.add(name_parts[:, 2], name_parts[:, 3]))
    methods = np.array(METHODS)[rng.integers(0, len(METHODS), size=n)]
    years = rng.integers(2560, 2571, size=n).astype(str)
    budgets = np.char.mod("%.2f", rng.integers(100_000, 5_000_000_000, size=n) / 100)
    agreed = np.char.mod("%.2f", rng.integers(50_000, 4_000_000_000, size=n) / 100)
    agreed[rng.random(n) < 0.05] = ""
    days = rng.integers(0, 365 * 10, size=n).astype("timedelta64[D]") + np.datetime64("2017-01-01")
    dates = days.astype(str)
    contracts = np.char.add("C", np.arange(100_000, 100_000 + n).astype(str))
    contracts[rng.random(n) < 0.03] = ""
    sme = np.array(["true", "false", ""])[rng.integers(0, 3, size=n)]

    columns = [ids, project_ids, project_names, methods, years, budgets, agreed, dates, contracts, sme]
    table = [list(row) for row in zip(*(column.tolist() for column in columns))]
    contract_list = contracts.tolist()

    # Break about error_rate of the rows, never the first one (so duplicates have an original).
    bad = np.flatnonzero(rng.random(n) < error_rate)
    bad = bad[bad > 0]
    kinds = list(BAD_CELLS) + SHAPE_ERRORS
    for index in bad.tolist():
        kind = kinds[int(rng.integers(0, len(kinds)))]
        row = table[index]
        if kind == "contract_no":
            row[8] = contract_list[int(rng.integers(0, index))] or "C100000"
        elif kind in BAD_CELLS:
            choices = BAD_CELLS[kind]
            row[names.index(kind)] = choices[int(rng.integers(0, len(choices)))]
        elif kind == "missing-cells":
            table[index] = row[: int(rng.integers(1, len(row)))]
        elif kind == "extra-cells":
            table[index] = row + ["x"] * int(rng.integers(1, 3))
        elif kind == "blank-commas":
            table[index] = [""] * len(row)
        elif kind == "empty-line":
            table[index] = []
        elif kind == "duplicate-id":
            row[0] = str(int(rng.integers(1, index + 1)))
    return [names] + table


def write_procurement(path: Path, rows: int, *, error_rate: float = 0.01, seed: int = 0) -> Path:
    return write_csv(path, procurement_rows(rows, error_rate=error_rate, seed=seed))
