"""Sets of documents as Python ints: bit d is set when document d is in the set.

Intersections, unions and counts of 20,000 documents are then single machine-speed int operations
(`a & b`, `a | b`, `(a & b).bit_count()`), which is what makes facets over broad searches cheap.
"""

from __future__ import annotations

from collections.abc import Iterable

_BITS = [1 << i for i in range(8)]
_POSITIONS = [tuple(i for i in range(8) if byte >> i & 1) for byte in range(256)]


def from_docs(docs: Iterable[int], size: int) -> int:
    """The bitmap of the documents (each < size)."""
    buffer = bytearray((size + 7) // 8)
    for doc in docs:
        buffer[doc >> 3] |= _BITS[doc & 7]
    return int.from_bytes(buffer, "little")


def docs_of(bitmap: int) -> list[int]:
    """The documents in the bitmap, in ascending order."""
    if not bitmap:
        return []
    out = []
    data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(data):
        if byte:
            base = index * 8
            out.extend(base + bit for bit in _POSITIONS[byte])
    return out


def membership(bitmap: int, size: int) -> bytes:
    """Bytes to test membership in O(1): `has(table, doc)`."""
    return bitmap.to_bytes((size + 7) // 8 or 1, "little")


def has(table: bytes, doc: int) -> bool:
    return bool(table[doc >> 3] & _BITS[doc & 7])


def everything(size: int) -> int:
    return (1 << size) - 1
