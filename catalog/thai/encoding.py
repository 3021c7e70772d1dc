"""Tell the text encoding of an officer's CSV: UTF-8 (with or without BOM) or Thai Windows-874.

The decision is made on all the bytes, not on a sample: a file that is UTF-8 for 10 kB and
Windows-874 further down is exactly the file that must be refused. When in doubt we refuse and
say where the first bad byte is, because a wrong guess turns Thai text into mojibake silently.
"""

from __future__ import annotations

import functools
import re

from .errors import EncodingError

UTF8_BOM = b"\xef\xbb\xbf"
ENCODINGS = ("utf-8-sig", "utf-8", "cp874")

_SAVE_EN = "save the file as 'CSV UTF-8' in Excel"
_SAVE_TH = "ให้บันทึกไฟล์ใน Excel เป็นชนิด 'CSV UTF-8'"

# Two Thai characters in a row encoded as UTF-8 (U+0E01-U+0E3A, U+0E3F-U+0E5B). In Windows-874 these
# bytes read "เธ"/"เน" + a consonant or symbol, twice over, which Thai spelling never produces; so
# their presence in a file that is not valid UTF-8 means UTF-8 mixed with something else.
_UTF8_THAI_PAIR = re.compile(rb"(?:\xe0\xb8[\x81-\xbf]|\xe0\xb9[\x80-\x9b]){2}")
_C0_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # all but tab, LF, CR

_CHUNK = 1 << 24  # bytes per numpy pass, to bound memory on big files


@functools.cache
def _byte_classes():
    """(Thai byte, consonant, combining mark) look-up tables of Windows-874 bytes; numpy only when bytes are scanned."""
    import numpy as np

    thai = np.zeros(256, dtype=bool)
    thai[0xA1:0xFC] = True  # Thai letters, vowels, marks, digits in Windows-874 / TIS-620
    consonant = np.zeros(256, dtype=bool)
    consonant[0xA1:0xCF] = True  # ก .. ฮ
    combining = np.zeros(256, dtype=bool)  # vowels above/below and tone marks: they follow a consonant
    for byte in (0xD1, *range(0xD4, 0xDB), *range(0xE7, 0xEF)):
        combining[byte] = True
    return thai, consonant, combining


def _line_of(data: bytes, position: int) -> int:
    newline = b"\n" if b"\n" in data else b"\r"
    return data.count(newline, 0, position) + 1


def _first_non_utf8(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return None


def _looks_like_thai(data: bytes) -> bool:
    """Windows-874 bytes that read as Thai writing, not as Latin-1 or other text forced into Thai.

    Needs a Thai consonant next to another Thai character, and most vowel/tone marks placed after a
    Thai character (in Latin-1 text é, è, à sit after Latin letters and would read as stray marks).
    """
    if _C0_CONTROLS.search(data):
        return False
    import numpy as np

    thai_byte, consonant_byte, combining_byte = _byte_classes()
    codes = np.frombuffer(data, dtype=np.uint8)
    paired, marks, marks_after_thai = False, 0, 0
    for start in range(0, max(len(codes) - 1, 1), _CHUNK):  # chunks overlap by one byte: pairs span them
        part = codes[start:start + _CHUNK + 1]
        thai, consonant, mark = thai_byte[part], consonant_byte[part], combining_byte[part]
        paired = paired or bool(((consonant[:-1] & thai[1:]) | (thai[:-1] & consonant[1:])).any())
        marks += int(mark[1:].sum()) + (int(mark[0]) if start == 0 else 0)
        marks_after_thai += int((mark[1:] & thai[:-1]).sum())
    return paired and 2 * marks_after_thai >= marks


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: on one side of each byte pair, almost only 0x00 (ASCII) and 0x0E (Thai)."""
    import numpy as np

    pairs = np.frombuffer(data[: len(data) // 2 * 2], dtype=np.uint8).reshape(-1, 2)
    for side in (0, 1):
        high = pairs[:, side]
        if (high == 0).sum() >= 2 and np.isin(high, (0x00, 0x0E)).mean() >= 0.9:
            return True
    return False


def _refuse(data: bytes, filename: str, position: int | None, why_en: str, why_th: str) -> EncodingError:
    line = _line_of(data, position) if position is not None else None
    where_en = f"; first bad byte on line {line}" if line is not None else ""
    where_th = f"; ไบต์ที่ผิดตัวแรกอยู่บรรทัดที่ {line}" if line is not None else ""
    return EncodingError(f"{why_en}{where_en} — {_SAVE_EN}", f"{why_th}{where_th} — {_SAVE_TH}",
                         filename, line)


def _detect(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(data, filename, None, "is UTF-16 text, which is not read here",
                      "เป็นข้อความแบบ UTF-16 ซึ่งอ่านไม่ได้")
    nul = data.find(b"\x00")
    if nul >= 0:
        if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
            raise _refuse(data, filename, None, "is not a text file (it looks like an Excel workbook)",
                          "ไม่ใช่ไฟล์ข้อความ (ดูเหมือนเป็นไฟล์สมุดงาน Excel)")
        if _looks_like_utf16(data):
            raise _refuse(data, filename, None, "is UTF-16 text without a byte-order mark, which is not read here",
                          "เป็นข้อความแบบ UTF-16 ที่ไม่มี BOM ซึ่งอ่านไม่ได้")
        raise _refuse(data, filename, nul, "is not a text file (it contains NUL bytes)",
                      "ไม่ใช่ไฟล์ข้อความ (มีไบต์ NUL)")
    if data.startswith(UTF8_BOM):
        bad = _first_non_utf8(data[len(UTF8_BOM):])
        if bad is None:
            return "utf-8-sig"
        raise _refuse(data, filename, bad + len(UTF8_BOM),
                      "starts with a UTF-8 byte-order mark but is not all UTF-8",
                      "ขึ้นต้นด้วย BOM ของ UTF-8 แต่เนื้อหาไม่ได้เป็น UTF-8 ทั้งหมด")
    bad = _first_non_utf8(data)
    if bad is None:
        return "utf-8"
    if _UTF8_THAI_PAIR.search(data):
        raise _refuse(data, filename, bad, "mixes UTF-8 Thai text with bytes in another encoding",
                      "มีข้อความภาษาไทยแบบ UTF-8 ปนกับไบต์ในรหัสอักขระอื่น")
    try:
        data.decode("cp874")
    except UnicodeDecodeError:
        looks_thai = False
    else:
        looks_thai = _looks_like_thai(data)
    if looks_thai:
        return "cp874"
    raise _refuse(data, filename, bad,
                  "cannot tell the text encoding (not UTF-8, UTF-8 with BOM or Thai Windows-874)",
                  "บอกไม่ได้ว่าไฟล์ใช้รหัสอักขระแบบใด (ไม่ใช่ UTF-8, UTF-8 แบบมี BOM หรือ Windows-874 ภาษาไทย)")


def detect_encoding(data: bytes, filename: str) -> str:
    """'utf-8-sig', 'utf-8' or 'cp874' for the whole of data, or EncodingError naming filename."""
    return _detect(bytes(data), str(filename))


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """(text without a BOM, encoding) for the whole of data, or EncodingError naming filename."""
    data = bytes(data)
    encoding = detect_encoding(data, filename)
    return data.decode(encoding), encoding
