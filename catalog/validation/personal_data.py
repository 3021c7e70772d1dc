"""The personal-data guard (Thai PDPA B.E. 2562): refuse what must never be published.

National ID numbers (including sole traders' tax IDs: 13 digits, valid checksum, not starting with 0),
personal mobile numbers, home addresses and birth dates, in any column of any table. Column-wide checks
are vectorised; a column whose header says it holds such data is refused as a whole.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from catalog.thai import find_national_ids, is_personal_id, to_arabic_digits
from catalog.validation.findings import Finding

# Thai mobile numbers: 06x/08x/09x + 7 digits, or +66 6/8/9 ...; office lines start 02-07 with 9 digits.
# "66" without a plus counts only when a separator follows: an 11-digit code that starts 66 is not a phone
_MOBILE = r"(?<![\d+])(?:\+66[\s-]?|66[\s-]|0)[689]\d(?:[\s-]?\d){7}(?!\d)"
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


# One RE2 pass finds the few cells worth a closer look: 13 digits (maybe dashed), a mobile-like number,
# or an address or birth-date phrase. The exact rules then run on those cells only.
_SUSPECT = (r"(?:[0-9๐-๙][\s-]?){12}[0-9๐-๙]|(?:\+?66|0)[\s-]?[689][0-9](?:[\s-]?[0-9]){7}|"
            + _HOME_ADDRESS_TEXT + "|" + _BIRTH_TEXT)


def _classify(cell: str) -> tuple[str, str, str] | None:
    """The rule a suspect cell breaks, if any: (code, English message, Thai message)."""
    if any(is_personal_id(found) for found in find_national_ids(cell)):
        return ("personal-data/national-id", "'{cell}' contains a personal national ID or sole trader's tax ID",
                "'{cell}' มีเลขประจำตัวประชาชนหรือเลขผู้เสียภาษีของบุคคลธรรมดา")
    for code, pattern, en, th in _CELL_RULES:
        if re.search(pattern, to_arabic_digits(cell)):
            return code, en, th
    return None


def _suspect_cells(texts: pa.Array) -> dict[str, tuple[str, str, str]]:
    """Those of the (distinct, suspect) texts that break a rule, and the rule."""
    found = {}
    for cell in texts.to_pylist():
        verdict = _classify(cell)
        if verdict:
            found[cell] = verdict
    return found


REMEMBERED = 4096  # clean texts kept per column, so that a chunk looks only at texts it has not seen


class PersonalDataGuard:
    """Findings for every cell (or whole column) of a table that holds personal data, the table given in
    chunks of rows (`CsvTable`s with their labels); a column refused as a whole is reported once."""

    def __init__(self, resource: str, schema: dict):
        self.resource = resource
        self.titles = {f["name"]: f"{f['name']} {f.get('title', '')}" for f in schema.get("fields", [])}
        self.refused: set[str] = set()
        self.clean: dict[str, pa.Array] = {}  # column -> texts already found clean (columns repeat themselves)
        self.many: set[str] = set()  # columns with too many distinct texts to remember

    def check(self, chunk) -> list[Finding]:
        labels = chunk.labels if len(chunk.labels) == len(chunk.columns) else [str(i) for i in range(len(chunk.columns))]
        findings: list[Finding] = []
        for column, raw in zip(labels, chunk.columns):
            if column in self.refused:
                continue
            values = raw.combine_chunks()
            label = self.titles.get(column, str(column))
            rule = next((r for r in _COLUMN_RULES if r[1].search(label)), None)
            if rule and pc.any(pc.greater(pc.fill_null(pc.utf8_length(values), 0), 0)).as_py():
                code, _, en, th = rule
                findings.append(Finding(code, self.resource, en + _ADVICE_EN, th + _ADVICE_TH, field=column))
                self.refused.add(column)
                continue
            distinct = self._unseen(column, values)
            suspects = _suspect_cells(pc.filter(distinct, pc.fill_null(pc.match_substring_regex(distinct, _SUSPECT),
                                                                      False)))
            if not suspects:
                self._remember(column, distinct)
                continue
            breaking = pa.array(list(suspects), type=pa.string())
            # every text but those that break a rule is clean: those must be found again in every chunk
            self._remember(column, pc.filter(distinct, pc.invert(pc.is_in(distinct, value_set=breaking))))
            rows = np.flatnonzero(pc.fill_null(pc.is_in(values, breaking), False).to_numpy(zero_copy_only=False))
            for row in rows:
                cell = values[int(row)].as_py()
                code, en, th = suspects[cell]
                findings.append(Finding(code, self.resource, en.format(cell=_short(cell)) + _ADVICE_EN,
                                        th.format(cell=_short(cell)) + _ADVICE_TH,
                                        row_number=int(chunk.row_numbers[row]), field=column, cell=cell))
        return findings

    def _unseen(self, column: str, values: pa.Array) -> pa.Array:
        """The distinct texts of a chunk's column, less those an earlier chunk found clean."""
        distinct = pc.unique(values)
        seen = self.clean.get(column)
        return distinct if seen is None else pc.filter(distinct, pc.invert(pc.is_in(distinct, value_set=seen)))

    def _remember(self, column: str, clean: pa.Array) -> None:
        """Keep a column's clean texts while it has few; a column of many (IDs, names) is not worth it: from
        then on it remembers nothing."""
        if column in self.many:
            return
        seen = self.clean.get(column)
        if (0 if seen is None else len(seen)) + len(clean) > REMEMBERED:
            self.many.add(column)
            self.clean.pop(column, None)
        else:
            self.clean[column] = clean if seen is None else pa.concat_arrays([seen, clean])
