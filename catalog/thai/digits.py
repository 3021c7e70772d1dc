"""Thai digits (๐-๙) to Arabic digits (0-9) and back; nothing else in the text changes."""

from __future__ import annotations

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"

_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """'๒๙ พ.ย. ๖๗' -> '29 พ.ย. 67'."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """'29 พ.ย. 67' -> '๒๙ พ.ย. ๖๗'."""
    return text.translate(_TO_THAI)
