"""Normalising column headers so that an officer's spelling of a header finds its field."""

from __future__ import annotations

import re
import unicodedata

_THAI = "\u0e00-\u0e7f"
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))
_SPACE_NEXT_TO_THAI = re.compile(rf"\s+(?=[{_THAI}])|(?<=[{_THAI}])\s+")
_SPACES = re.compile(r"\s+")
# A trailing unit in brackets that does not change the meaning of the column: "งบประมาณ(บาท)",
# "ความก้าวหน้า (ร้อยละ)", "ระยะเวลา (วัน)". Multipliers such as "(ล้านบาท)" are NOT dropped: a column in
# millions must not match a column in baht.
_TRAILING_UNIT = re.compile(
    r"\s*[(\[]\s*(?:หน่วย\s*:?\s*)?(?:บาท|baht|thb|฿|%|ร้อยละ|วัน|days?)\s*[)\]]$")


def normalise_header(text: object) -> str:
    """The form of a column header used for matching (never for display).

    Deterministic: Unicode NFKC (keeping Thai SARA AM whole), invisible characters (BOM, zero-width)
    removed, Thai digits -> Arabic, casefold, "_" -> space, whitespace collapsed, spaces next to Thai
    characters dropped, then a trailing unit marker such as "(บาท)" or "(%)" removed, and trailing
    ":" / "*" stripped.

    >>> normalise_header("งบประมาณ (บาท)") == normalise_header("งบประมาณ(บาท)") == "งบประมาณ"
    True
    >>> normalise_header(" Project_ID ")
    'project id'
    """
    s = unicodedata.normalize("NFKC", "" if text is None else str(text))
    s = s.replace("\u0e4d\u0e32", "\u0e33")  # NFKC splits SARA AM into NIKHAHIT + SARA AA
    s = s.translate(_INVISIBLE).translate(_THAI_DIGITS).casefold().replace("_", " ")
    s = _SPACES.sub(" ", s).strip()
    s = _SPACE_NEXT_TO_THAI.sub("", s)
    while True:
        stripped = _TRAILING_UNIT.sub("", s).rstrip(" :*")
        if stripped == s:
            return s
        s = stripped


def without_unit(text: str) -> str:
    """A header without the unit in brackets it ends with: 'งบประมาณ (บาท)' -> 'งบประมาณ' (as shown, not
    normalised), so a group label can be read together with its sub-columns."""
    return _TRAILING_UNIT.sub("", " ".join(str(text).split())).rstrip(" :*")
