"""Personal data that must never be published (Thai PDPA B.E. 2562), as rules that read text.

National ID numbers (including sole traders' tax IDs: 13 digits, valid checksum, not starting with 0),
personal mobile numbers, home addresses and birth dates. The importer uses these rules on the officer's
source columns (packaging), the validator on every cell of a package (validation); both say the same.
"""

from __future__ import annotations

import re

from catalog.thai import find_national_ids, is_personal_id, to_arabic_digits

# Thai mobile numbers: 06x/08x/09x + 7 digits, or +66 6/8/9 ...; office lines start 02-07 with 9 digits.
# "66" without a plus counts only when a separator follows: an 11-digit code that starts 66 is not a phone
MOBILE = r"(?<![\d+])(?:\+66[\s-]?|66[\s-]|0)[689]\d(?:[\s-]?\d){7}(?!\d)"
HOME_ADDRESS_TEXT = r"บ้านเลขที่|ที่อยู่ตามทะเบียนบ้าน|ที่อยู่ปัจจุบัน|ที่อยู่ที่ติดต่อได้"
BIRTH_TEXT = r"เกิดวันที่|วันเดือนปีเกิด|วัน/เดือน/ปีเกิด|วันเกิด"

# (code, header pattern, English, Thai): a column whose header says it holds personal data
COLUMN_RULES = [
    ("personal-data/national-id", re.compile(r"national.?id|citizen.?id|id.?card|เลขประจำตัวประชาชน|บัตรประชาชน|เลขบัตร", re.I),
     "the column holds national ID numbers", "คอลัมน์นี้เป็นเลขประจำตัวประชาชน"),
    ("personal-data/birth-date", re.compile(r"birth|dob|วันเกิด|ปีเกิด|เดือนเกิด", re.I),
     "the column holds birth dates", "คอลัมน์นี้เป็นวันเกิด"),
    ("personal-data/home-address", re.compile(r"home.?address|residen|ที่อยู่ตามทะเบียนบ้าน|ที่อยู่ปัจจุบัน|ที่อยู่บ้าน|ภูมิลำเนา", re.I),
     "the column holds home addresses", "คอลัมน์นี้เป็นที่อยู่บ้าน"),
    ("personal-data/phone", re.compile(r"mobile|มือถือ|โทรศัพท์ส่วนตัว|เบอร์ส่วนตัว", re.I),
     "the column holds personal mobile numbers", "คอลัมน์นี้เป็นเบอร์โทรศัพท์มือถือส่วนบุคคล"),
]

# (code, cell pattern, English, Thai): a cell that holds personal data
CELL_RULES = [
    ("personal-data/phone", MOBILE,
     "'{cell}' is a personal mobile number; publish the office number instead",
     "'{cell}' เป็นเบอร์โทรศัพท์มือถือส่วนบุคคล ให้เผยแพร่เบอร์สำนักงานแทน"),
    ("personal-data/home-address", HOME_ADDRESS_TEXT,
     "'{cell}' looks like a home address", "'{cell}' มีลักษณะเป็นที่อยู่บ้าน"),
    ("personal-data/birth-date", BIRTH_TEXT,
     "'{cell}' mentions a birth date", "'{cell}' ระบุวันเกิด"),
]
NATIONAL_ID = ("personal-data/national-id", "'{cell}' contains a personal national ID or sole trader's tax ID",
               "'{cell}' มีเลขประจำตัวประชาชนหรือเลขผู้เสียภาษีของบุคคลธรรมดา")

# what each code is, for a message that names the columns
KINDS = {"personal-data/national-id": ("national IDs", "เลขประจำตัวประชาชน"),
         "personal-data/birth-date": ("birth dates", "วันเกิด"),
         "personal-data/home-address": ("home addresses", "ที่อยู่บ้าน"),
         "personal-data/phone": ("personal mobile numbers", "เบอร์มือถือส่วนบุคคล")}

ADVICE_EN = " (personal data, PDPA): remove it before publishing"
ADVICE_TH = " (ข้อมูลส่วนบุคคลตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล) กรุณาลบออกก่อนเผยแพร่"

# One RE2 pass finds the few cells worth a closer look: 13 digits (maybe dashed), a mobile-like number,
# or an address or birth-date phrase. The exact rules then run on those cells only.
SUSPECT = (r"(?:[0-9๐-๙][\s-]?){12}[0-9๐-๙]|(?:\+?66|0)[\s-]?[689][0-9](?:[\s-]?[0-9]){7}|"
           + HOME_ADDRESS_TEXT + "|" + BIRTH_TEXT)
_SUSPECT = re.compile(SUSPECT)


def column_rule(header: str) -> tuple[str, str, str] | None:
    """(code, English, Thai) when a column's header says it holds personal data."""
    for code, pattern, en, th in COLUMN_RULES:
        if pattern.search(header):
            return code, en, th
    return None


def classify(cell: str) -> tuple[str, str, str] | None:
    """The rule a cell breaks, if any: (code, English message, Thai message), with '{cell}' to fill in."""
    if any(is_personal_id(found) for found in find_national_ids(cell)):
        return NATIONAL_ID
    for code, pattern, en, th in CELL_RULES:
        if re.search(pattern, to_arabic_digits(cell)):
            return code, en, th
    return None


def is_suspect(cell: str) -> bool:
    """Worth a closer look with classify (a quick first pass)."""
    return _SUSPECT.search(cell) is not None
