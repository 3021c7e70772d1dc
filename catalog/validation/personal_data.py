"""The personal-data guard (Thai PDPA B.E. 2562): refuse what must never be published.

National ID numbers (including sole traders' tax IDs: 13 digits, valid checksum, not starting with 0),
personal mobile numbers, home addresses and birth dates, in any column of any table. Column-wide checks
are vectorised; a column whose header says it holds such data is refused as a whole.
"""

from __future__ import annotations

import re

import pandas as pd

from catalog.thai import personal_id_mask
from catalog.validation.findings import Finding

# Thai mobile numbers: 06x/08x/09x + 7 digits, or +66 6/8/9 ...; office lines start 02-07 with 9 digits.
_MOBILE = r"(?<![\d+])(?:\+?66[\s-]?|0)[689]\d(?:[\s-]?\d){7}(?!\d)"
_HOME_ADDRESS_TEXT = r"บ้านเลขที่|ที่อยู่ตามทะเบียนบ้าน|ที่อยู่ปัจจุบัน|ที่อยู่ที่ติดต่อได้"
_BIRTH_TEXT = r"เกิดวันที่|วันเดือนปีเกิด|วัน/เดือน/ปีเกิด|วันเกิด"

_COLUMN_RULES = [
    ("personal-data/national-id", re.compile(r"national.?id|citizen.?id|id.?card|เลขประจำตัวประชาชน|บัตรประชาชน|เลขบัตร", re.I),
     "the column holds national ID numbers", "คอลัมน์นี้เป็นเลขประจำตัวประชาชน"),
    ("personal-data/birth-date", re.compile(r"birth|dob|วันเกิด|ปีเกิด|เดือนเกิด", re.I),
     "the column holds birth dates", "คอลัมน์นี้เป็นวันเกิด"),
    ("personal-data/home-address", re.compile(r"home.?address|residen|ที่อยู่ตามทะเบียนบ้าน|ที่อยู่ปัจจุบัน|ที่อยู่บ้าน|ภูมิลำเนา", re.I),
     "the column holds home addresses", "คอลัมน์นี้เป็นที่อยู่บ้าน"),
]

_CELL_RULES = [
    ("personal-data/phone", _MOBILE,
     "'{cell}' is a personal mobile number; publish the office number instead",
     "'{cell}' เป็นเบอร์โทรศัพท์มือถือส่วนบุคคล ให้เผยแพร่เบอร์สำนักงานแทน"),
    ("personal-data/home-address", _HOME_ADDRESS_TEXT,
     "'{cell}' looks like a home address", "'{cell}' มีลักษณะเป็นที่อยู่บ้าน"),
    ("personal-data/birth-date", _BIRTH_TEXT,
     "'{cell}' mentions a birth date", "'{cell}' ระบุวันเกิด"),
]

_ADVICE_EN = " (personal data, PDPA): remove it before publishing"
_ADVICE_TH = " (ข้อมูลส่วนบุคคลตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล) กรุณาลบออกก่อนเผยแพร่"


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def check_personal_data(resource: str, table: pd.DataFrame, schema: dict) -> list[Finding]:
    """Findings for every cell (or whole column) of `table` that holds personal data."""
    findings: list[Finding] = []
    titles = {f["name"]: f"{f['name']} {f.get('title', '')}" for f in schema.get("fields", [])}
    for column in table.columns:
        series = table[column].astype("string").fillna("")
        label = titles.get(column, str(column))
        refused_column = False
        for code, pattern, en, th in _COLUMN_RULES:
            if pattern.search(label) and (series != "").any():
                findings.append(Finding(code, resource, en + _ADVICE_EN, th + _ADVICE_TH, field=column))
                refused_column = True
                break
        if refused_column:
            continue
        checks = [("personal-data/national-id", personal_id_mask(series),
                   "'{cell}' contains a personal national ID or sole trader's tax ID",
                   "'{cell}' มีเลขประจำตัวประชาชนหรือเลขผู้เสียภาษีของบุคคลธรรมดา")]
        for code, pattern, en, th in _CELL_RULES:
            checks.append((code, series.str.contains(pattern, regex=True), en, th))
        seen_rows: set[int] = set()
        for code, mask, en, th in checks:
            for index in mask[mask].index:
                if index in seen_rows:
                    continue  # one finding per cell is enough
                seen_rows.add(index)
                cell = series[index]
                findings.append(Finding(code, resource, en.format(cell=_short(cell)) + _ADVICE_EN,
                                        th.format(cell=_short(cell)) + _ADVICE_TH,
                                        row_number=int(index) + 2, field=column, cell=cell))
    return findings
