"""Give memory the process no longer uses back to the system between the steps of a long job.

CPython and numpy allocate through the C library; after a step that made and dropped many objects (a table read
in chunks, say), glibc keeps the freed pages in its heap until told to trim it, so each step would start from
the last one's peak. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

try:
    _trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
except (OSError, AttributeError):
    _trim = None


def release_free_memory() -> None:
    """Cheap (no garbage collection: reference counting has freed what a step dropped)."""
    if _trim is not None:
        _trim(0)
