"""Multipart uploads streamed from disk, with progress.

ckanapi hands a file object to requests, whose multipart encoder reads the whole file into memory before
sending (ckanapi #19: memory errors on big uploads). `StreamingSession` is the requests session ckanapi
is given: it sends the same multipart body, but as a file-like object that reads the file in chunks,
so an upload of any size takes constant memory and reports each chunk to the progress display.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import BinaryIO, Protocol

import requests

CHUNK = 1 << 16


class Progress(Protocol):
    """What an upload reports: how many files a package will send, a file starts, bytes of it go out, it is done."""

    def expect(self, label: str, count: int, size: int) -> None: ...

    def start(self, label: str, size: int) -> None: ...

    def advance(self, sent: int) -> None: ...

    def finish(self) -> None: ...


class QuietProgress:
    def expect(self, label: str, count: int, size: int) -> None:
        pass

    def start(self, label: str, size: int) -> None:
        pass

    def advance(self, sent: int) -> None:
        pass

    def finish(self) -> None:
        pass


def _header_value(text: str) -> str:
    # the HTML5 form encoding browsers and urllib3 2 use: UTF-8, with quotes and line breaks escaped
    return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _text(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


class MultipartBody:
    """A multipart/form-data body read in chunks: the fields, then each file streamed from its disk."""

    def __init__(self, fields: dict, files: dict, progress: Progress):
        self.boundary = secrets.token_hex(16)
        self.progress = progress
        self._parts: list[bytes | tuple[str, BinaryIO, int]] = []
        for name, value in fields.items():
            self._parts.append(self._head(_text(name).decode("utf-8")) + _text(value) + b"\r\n")
        for name, spec in files.items():
            filename, stream = spec[:2] if isinstance(spec, tuple) else (getattr(spec, "name", name), spec)
            filename = os.path.basename(str(filename))
            size = os.fstat(stream.fileno()).st_size - stream.tell() if hasattr(stream, "fileno") else None
            if size is None:  # an in-memory file object
                position = stream.tell()
                size = stream.seek(0, os.SEEK_END) - position
                stream.seek(position)
            self._parts.append(self._head(name, filename))
            self._parts.append((filename, stream, size))
            self._parts.append(b"\r\n")
        self._parts.append(f"--{self.boundary}--\r\n".encode("ascii"))
        self._length = sum(p[2] if isinstance(p, tuple) else len(p) for p in self._parts)
        self._chunks = self._read_parts()
        self._pending = b""

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def _head(self, name: str, filename: str | None = None) -> bytes:
        disposition = f'form-data; name="{_header_value(name)}"'
        if filename is not None:
            disposition += f'; filename="{_header_value(filename)}"'
            return (f"--{self.boundary}\r\nContent-Disposition: {disposition}\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n").encode("utf-8")
        return f"--{self.boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode("utf-8")

    def __len__(self) -> int:
        return self._length

    def _read_parts(self) -> Iterator[bytes]:
        for part in self._parts:
            if isinstance(part, bytes):
                yield part
                continue
            filename, stream, size = part
            self.progress.start(filename, size)
            try:
                while chunk := stream.read(CHUNK):
                    self.progress.advance(len(chunk))
                    yield chunk
            finally:
                self.progress.finish()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._pending) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._pending += chunk
        if size < 0:
            out, self._pending = self._pending, b""
        else:
            out, self._pending = self._pending[:size], self._pending[size:]
        return out


class StreamingSession(requests.Session):
    """The session ckanapi posts through: multipart posts stream their files instead of loading them."""

    def __init__(self, progress: Progress | None = None):
        super().__init__()
        self.progress = progress or QuietProgress()

    def post(self, url, data=None, json=None, files=None, headers=None, **kwargs):
        if not files:
            return super().post(url, data=data, json=json, headers=headers, **kwargs)
        body = MultipartBody(data or {}, files, self.progress)
        headers = {**(headers or {}), "Content-Type": body.content_type, "Content-Length": str(len(body))}
        return super().post(url, data=body, headers=headers, **kwargs)
