"""13-digit Thai national IDs and tax IDs: checksum, juristic vs personal, and finding them in text.

A tax ID starting with 0 belongs to a juristic person (a company); any other valid ID is a natural
person's, including a sole trader's tax ID, and is personal data that must not be published.
The check digit is d13 = (11 - sum(d_i * (14 - i), i = 1..12) mod 11) mod 10. It is weak: the third
digit has weight 11, so changing it never changes the check digit, and sums with remainder 0 and 10
share check digit 1, so some other single-digit typos pass too. A valid checksum says "plausible",
not "issued".
"""

from __future__ import annotations

import re

from .digits import to_arabic_digits
from .errors import NationalIdError, quoted

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u200b]")

_D = "[0-9๐-๙]"
# Contiguous, or grouped 1-4-5-2-1 with a dash or space between groups (as printed on ID cards).
_ID = f"{_D}{{13}}|{_D}[- ]{_D}{{4}}[- ]{_D}{{5}}[- ]{_D}{{2}}[- ]{_D}"
# Not part of a longer run of digits: an 11-digit e-GP project number or a 14-digit code is no ID.
# The look-behind sits after the first digit so that `re` can skip quickly to the next digit.
_ID_IN_TEXT = re.compile(
    f"{_D}(?<!{_D}{_D})(?:{_D}{{12}}|[- ]{_D}{{4}}[- ]{_D}{{5}}[- ]{_D}{{2}}[- ]{_D})(?!{_D})")
# For pandas' vectorised str.contains: no look-arounds, \s or \d, so pyarrow's RE2 runs it natively.
_ID_ANYWHERE = f"(?:{_ID})"


def _digits(text: str) -> str:
    return _SEPARATORS.sub("", to_arabic_digits(text))


def national_id_check_digit(first12: str) -> int:
    """The 13th digit for the first 12 (Thai digits, spaces and dashes allowed)."""
    digits = _digits(first12) if isinstance(first12, str) else ""
    if not re.fullmatch("[0-9]{12}", digits):
        raise NationalIdError(f"{quoted(first12)} is not the first 12 digits of a national ID",
                              f"{quoted(first12)} ไม่ใช่เลข 12 หลักแรกของเลขประจำตัวประชาชน")
    total = sum(int(d) * w for d, w in zip(digits, range(13, 1, -1)))
    return (11 - total % 11) % 10


def generate_national_id(first12: str) -> str:
    """The valid 13-digit ID that starts with these 12 digits (for tests and sample data)."""
    check = national_id_check_digit(first12)
    return f"{_digits(first12)}{check}"


def _normalised(text: object) -> str | None:
    """The 13 digits if text is a well-formed ID with a valid checksum, else None."""
    if not isinstance(text, str):
        return None
    digits = _digits(text)
    if not re.fullmatch("[0-9]{13}", digits):
        return None
    return digits if national_id_check_digit(digits[:12]) == int(digits[12]) else None


def is_valid_national_id(text: object) -> bool:
    """13 digits once spaces and dashes are removed (Thai digits allowed), with a valid check digit.

    Only text is accepted: an ID stored as a number has already lost a juristic ID's leading 0.
    """
    return _normalised(text) is not None


def is_juristic_id(text: object) -> bool:
    """A valid ID starting with 0: a company or other juristic person."""
    digits = _normalised(text)
    return digits is not None and digits[0] == "0"


def is_personal_id(text: object) -> bool:
    """A valid ID not starting with 0: a natural person (sole traders included)."""
    digits = _normalised(text)
    return digits is not None and digits[0] != "0"


def find_national_ids(text: str) -> list[str]:
    """Every valid 13-digit ID in free text, in order (repeats kept), as 13 Arabic digits.

    Runs of digits longer than 13 are not IDs; '1-2345-67890-12-3' and '1 2345 67890 12 3' are.
    """
    found = (_normalised(m.group()) for m in _ID_IN_TEXT.finditer(text))
    return [digits for digits in found if digits is not None]


def personal_id_mask(series):
    """True for each cell of a pandas Series that contains a valid personal (non-juristic) ID anywhere in its text
    (vectorised with numpy; see national_id_columns)."""
    from .national_id_columns import personal_id_mask as mask  # numpy and pandas only where columns are scanned

    return mask(series)
