"""Content-addressed, immutable files. A new upload never overwrites anything: it adds a blob.

Uploads stream to a temporary file in the catalog's home (constant memory, hashing as they go); the
blob is fsynced and renamed into place before the row that points to it commits.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from catalog.server.store import now_iso, tables

CHUNK = 1 << 20


@dataclass
class UploadedFile:
    """A file received in a multipart request, already on disk and hashed."""

    filename: str
    path: Path
    sha256: str
    size: int
    content_type: str | None = None


class UploadTooLarge(Exception):
    pass


class SpooledUpload:
    """Receive an upload chunk by chunk into the home's upload folder."""

    def __init__(self, upload_dir: Path, filename: str, content_type: str | None, limit: int | None):
        fd, name = tempfile.mkstemp(dir=upload_dir, prefix="upload-")
        self._file = os.fdopen(fd, "wb")
        self.path = Path(name)
        self.filename = filename
        self.content_type = content_type
        self.limit = limit
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            raise UploadTooLarge()
        self._hash.update(chunk)
        self._file.write(chunk)

    def finish(self) -> UploadedFile:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        return UploadedFile(self.filename, self.path, self._hash.hexdigest(), self.size, self.content_type)

    def discard(self) -> None:
        if not self._file.closed:
            self._file.close()
        self.path.unlink(missing_ok=True)


def store_blob(store, conn, upload: UploadedFile) -> str:
    """Move an upload into the blob store (fsynced, immutable) and record it; returns its sha256."""
    target = store.blob_path(upload.sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(upload.path, target)
        os.chmod(target, 0o444)
        _fsync_dir(target.parent)
    else:
        upload.path.unlink(missing_ok=True)  # the same bytes are already kept
    if conn.execute(select(tables.blob.c.sha256).where(tables.blob.c.sha256 == upload.sha256)).first() is None:
        conn.execute(insert(tables.blob).values(sha256=upload.sha256, size=upload.size, created=now_iso()))
    return upload.sha256


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
