"""13-digit Thai national IDs and tax IDs: checksum, juristic vs personal, and finding them in text.

A tax ID starting with 0 belongs to a juristic person (a company); any other valid ID is a natural
person's, including a sole trader's tax ID, and is personal data that must not be published.
The check digit is d13 = (11 - sum(d_i * (14 - i), i = 1..12) mod 11) mod 10. Because of the final
"mod 10", checksum remainders 0 and 10 share check digit 0 (and 1 and 11 share 1), so a few single-digit
typos still pass: a valid checksum says "plausible", not "issued".
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

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
# Patterns for pandas' vectorised string methods: no look-arounds, \s or \d, so pyarrow's RE2 runs them.
_ID_ANYWHERE = f"(?:{_ID})"
_BLANKS = " \t\r\n"
_ID_WHOLE_CELL = f"[{_BLANKS}]*(?:{_ID})[{_BLANKS}]*"


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


def _personal_in_texts(texts: list[str]) -> np.ndarray:
    """For each free text, whether it holds a personal ID: one regex pass over all of them joined."""
    starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    found, where = [], []
    for match in _ID_IN_TEXT.finditer("\n".join(texts)):  # "\n" is no digit nor ID separator
        found.append(match.group())
        where.append(match.start())
    result = np.zeros(len(texts), dtype=bool)
    if found:
        rows = np.searchsorted(starts, np.array(where), side="right") - 1
        result[rows[_personal_digit_matrix(found)]] = True
    return result


def _personal_digit_matrix(ids: list[str]) -> np.ndarray:
    """Which of these matched IDs (13 digits with optional separators) are valid personal IDs."""
    joined = "".join(ids).replace("-", "").replace(" ", "")
    if joined.isascii():
        digits = np.frombuffer(joined.encode("ascii"), dtype=np.uint8) - ord("0")
    else:  # Thai digits: take code points, which are consecutive for ๐..๙ as for 0..9
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        digits = np.where(codes >= ord("๐"), codes - ord("๐"), codes - ord("0")).astype(np.uint8)
    digits = digits.reshape(len(ids), 13)
    total = np.zeros(len(ids), dtype=np.int32)
    for column, weight in enumerate(range(13, 1, -1)):
        total += digits[:, column].astype(np.int32) * weight
    check = (11 - total % 11) % 10
    return (check == digits[:, 12]) & (digits[:, 0] != 0)


def personal_id_mask(series: pd.Series) -> pd.Series:
    """True for each cell that contains a valid personal (non-juristic) ID anywhere in its text.

    Vectorised: a cheap regex finds candidate cells; cells that are just an ID get their checksums
    computed together in numpy; free text holding a 13-digit run is scanned in one regex pass over
    all such cells joined, and its matches' checksums are computed together too.
    Non-text cells are read as their text (an ID stored as a number still counts); missing cells are False.
    """
    result = np.zeros(len(series), dtype=bool)
    if len(series) == 0:
        return pd.Series(result, index=series.index, name=series.name, dtype=bool)
    text = series.astype("str") if series.dtype != "str" else series
    text = text.where(series.notna(), "")
    candidate = text.str.contains(_ID_ANYWHERE, regex=True, na=False).to_numpy(dtype=bool)
    if candidate.any():
        positions = np.flatnonzero(candidate)
        candidates = text.iloc[positions]
        is_whole = candidates.str.fullmatch(_ID_WHOLE_CELL, na=False).to_numpy(dtype=bool)
        if is_whole.any():
            ids = candidates[is_whole].str.strip(_BLANKS).tolist()
            result[positions[is_whole]] = _personal_digit_matrix(ids)
        if not is_whole.all():
            result[positions[~is_whole]] = _personal_in_texts(candidates[~is_whole].tolist())
    return pd.Series(result, index=series.index, name=series.name, dtype=bool)
