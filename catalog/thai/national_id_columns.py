"""Finding personal national IDs in whole columns at once: numpy over the cells' code units.

The answers are those of `national_id.find_national_ids` and `is_personal_id`, cell by cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .national_id import _ID_ANYWHERE

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
