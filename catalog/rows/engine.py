"""The one in-process DuckDB database the rows are read through; each thread gets its own cursor."""

from __future__ import annotations

import tempfile
import threading
from contextlib import contextmanager

import duckdb

Error = duckdb.Error
_local = threading.local()
_database = None
_lock = threading.Lock()
THREADS = 2
MEMORY_LIMIT = "256MB"
LOAD_MEMORY_LIMIT = "64MB"
CSV_BUFFER = 2 << 20  # bytes read from a CSV at a time (DuckDB's default is 16 MB a thread)


def database():
    global _database
    if _database is None:
        with _lock:
            if _database is None:
                # bounded: a large load spills to the system's temporary folder instead of growing the server
                _database = duckdb.connect(":memory:", config={"threads": THREADS, "memory_limit": MEMORY_LIMIT,
                                                               "temp_directory": tempfile.gettempdir()})
    return _database


@contextmanager
def loader():
    """A database of its own for loading a file: one thread, a small memory limit and small read buffers,
    so that loading a gigabyte CSV (in a publisher's process too) costs tens of megabytes, not hundreds."""
    connection = duckdb.connect(":memory:", config={"threads": 1, "memory_limit": LOAD_MEMORY_LIMIT,
                                                    "temp_directory": tempfile.gettempdir()})
    try:
        yield connection
    finally:
        connection.close()


def cursor():
    """This thread's cursor on the shared database (DuckDB cursors are not shared between threads)."""
    found = getattr(_local, "cursor", None)
    if found is None:
        found = _local.cursor = database().cursor()
    return found
