"""What officers' forms carry besides their rows: totals, signature blocks, and "nothing this month".

A printed form ends with a total row ("รวมทั้งสิ้น") and the reporter's signature ("(ลงชื่อ)....ผู้รายงาน",
"(นางสาวสมใจ ใจดี)", "ตำแหน่ง ..."). Those are not entries: the importer skips them and says so in the
provenance. A month without purchases is still filed, as a row saying "ไม่มีการจัดซื้อจัดจ้าง" (or just
"ไม่มี" with dashes, or one merged cell across the row); the category says how it is written and what
row it becomes.
"""

from __future__ import annotations

import re

_DASHES = {"-", "–", "—", "--", "---", "", "."}
_TOTAL = re.compile(r"^(?:รวม|รวมทั้งสิ้น|รวมทั้งหมด|รวมเป็นเงิน|ยอดรวม|รวมทุกรายการ|total|grand total|sum)\s*:?$", re.I)
# the first text of a signature block's lines
_SIGNATURE = re.compile(r"^\(?\s*(?:ลง\s*ชื่อ|ลงนาม|ผู้รายงาน|ผู้จัดทำ|ผู้ตรวจสอบ|ผู้อนุมัติ|ผู้รับรอง|ผู้บันทึก)"
                        r"|^\(\s*(?:นาย|นาง|นางสาว|น\.ส\.|ว่าที่|ดร\.|ร\.?ต\.?|จ\.?ส\.?อ\.?)"
                        r"|^ตำแหน่ง\s|^หมายเหตุ|^ข้อมูล\s*ณ\s*วันที่|^\.{5,}", re.I)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def texts(cells: list) -> list[str]:
    """The row's non-empty cells as text, left to right."""
    return [text for text in map(cell_text, cells) if text]


def is_blank(cells: list) -> bool:
    return all(text in _DASHES for text in map(cell_text, cells))


def is_total(cells: list) -> bool:
    """A total row: one of its first cells says "รวม" (the sums follow it)."""
    return any(_TOTAL.match(text) for text in texts(cells)[:3])


def is_signature(cells: list) -> bool:
    """A line of the signature block or a note under the table."""
    found = texts(cells)
    return bool(found) and bool(_SIGNATURE.match(found[0]))


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\-–—.()*]", "", text)


class NothingToReport:
    """How one resource writes "nothing to report this period" (its category's `nothing_to_report`)."""

    def __init__(self, rule: dict | None):
        rule = rule or {}
        self.phrases = [_squeezed(p) for p in rule.get("phrases") or ()]
        self.words = {_squeezed(w) for w in rule.get("words") or ()}
        self.row = dict(rule.get("row") or {})

    def __bool__(self) -> bool:
        return bool(self.row)

    def matches(self, cells: list) -> bool:
        """A phrase starts one of the row's cells ('- ไม่มีการจัดซื้อจัดจ้างในเดือนนี้ -'), or the row holds
        nothing but the bare words and dashes ('-', 'ไม่มี', '-', ...)."""
        if not self:
            return False
        found = [_squeezed(text) for text in texts(cells)]
        found = [text for text in found if text]
        if any(text.startswith(phrase) for text in found for phrase in self.phrases):
            return True
        return bool(found) and all(text in self.words for text in found)
