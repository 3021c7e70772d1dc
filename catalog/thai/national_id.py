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


_GROUPS = (1, 4, 5, 2, 1)  # digits per group in the printed form 1-2345-67890-12-3
_CHUNK_ROWS = 200_000  # bounds the memory of one scan


# Which UTF-16 code units are digits (0-9 or ๐-๙): one table look-up per character.
_IS_DIGIT_UNIT = np.zeros(1 << 16, dtype=bool)
_IS_DIGIT_UNIT[0x30:0x3A] = True
_IS_DIGIT_UNIT[0x0E50:0x0E5A] = True


def _code_units(joined: str) -> tuple[np.ndarray, np.ndarray]:
    """(code points, is-digit mask), indexed like the str: UTF-16 when there are no astral characters."""
    raw = joined.encode("utf-16-le", "surrogatepass")
    if len(raw) == 2 * len(joined):
        codes = np.frombuffer(raw, dtype=np.uint16)
        return codes, _IS_DIGIT_UNIT[codes]
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes, ((codes - np.uint32(0x30)) <= 9) | ((codes - np.uint32(0x0E50)) <= 9)


def _scan(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, 13 digits) of every ID in these texts, found exactly as find_national_ids finds them.

    Works on runs of digits: a contiguous ID is a run of exactly 13 digits; a grouped one is five runs
    of 1, 4, 5, 2 and 1 digits, each followed by a single space or dash. Rows are joined with a newline,
    which is neither a digit nor a separator, so no ID spans two rows.
    """
    codes, is_digit = _code_units("\n".join(texts))
    padded = np.zeros(len(is_digit) + 2, dtype=bool)
    padded[1:-1] = is_digit
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    run_start, run_end = changes[0::2], changes[1::2]
    run_len = run_end - run_start
    index = [run_start[run_len == 13][:, None] + np.arange(13)]
    runs = len(run_len)
    if runs >= 5:
        grouped = np.ones(runs - 4, dtype=bool)
        for k, length in enumerate(_GROUPS):
            grouped &= run_len[k:runs - 4 + k] == length
        for k in range(4):
            ends = run_end[k:runs - 4 + k]
            separator = codes[np.minimum(ends, len(codes) - 1)]
            grouped &= (run_start[k + 1:runs - 3 + k] - ends == 1) & ((separator == 0x20) | (separator == 0x2D))
        starts = np.flatnonzero(grouped)
        if np.isin(starts - 4, starts).any():  # a match never starts on the last group of the one before
            taken: list[int] = []
            for r in starts.tolist():
                if not taken or taken[-1] != r - 4:
                    taken.append(r)
            starts = np.array(taken, dtype=np.int64)
        if len(starts):
            index.append(np.hstack([run_start[starts + k][:, None] + np.arange(length)
                                    for k, length in enumerate(_GROUPS)]))
    index = np.vstack(index)
    digits = codes[index].astype(np.int32) - 0x30
    digits[digits > 9] -= 0x0E50 - 0x30  # Thai digits
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    row_starts = np.cumsum(lengths) - lengths
    rows = np.searchsorted(row_starts, index[:, 0], side="right") - 1
    return rows, digits


def _is_personal(digits: np.ndarray) -> np.ndarray:
    """For an (n, 13) array of digits: valid check digit and not starting with 0."""
    total = np.zeros(len(digits), dtype=np.int32)
    for column, weight in enumerate(range(13, 1, -1)):
        total += digits[:, column] * weight
    return ((11 - total % 11) % 10 == digits[:, 12]) & (digits[:, 0] != 0)


def _personal_rows(texts: list[str]) -> np.ndarray:
    result = np.zeros(len(texts), dtype=bool)
    for first in range(0, len(texts), _CHUNK_ROWS):
        rows, digits = _scan(texts[first:first + _CHUNK_ROWS])
        result[first + rows[_is_personal(digits)]] = True
    return result


def personal_id_mask(series: pd.Series) -> pd.Series:
    """True for each cell that contains a valid personal (non-juristic) ID anywhere in its text.

    Vectorised: a regex that pandas runs natively (pyarrow) picks the cells holding something ID-shaped,
    then numpy finds their runs of digits and checks all the check digits at once.
    Non-text cells are read as their text (an ID stored as a number still counts); missing cells are False.
    """
    result = np.zeros(len(series), dtype=bool)
    if len(series):
        text = series.astype("str") if series.dtype != "str" else series
        text = text.where(series.notna(), "")
        candidate = text.str.contains(_ID_ANYWHERE, regex=True, na=False).to_numpy(dtype=bool)
        positions = np.flatnonzero(candidate)
        if len(positions):
            result[positions] = _personal_rows(text.iloc[positions].tolist())
    return pd.Series(result, index=series.index, name=series.name, dtype=bool)
