"""A rich progress bar for uploads, on the terminal's error stream (standard output keeps the plan)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn


class TerminalProgress:
    """On a terminal: a line for the package's files (how many of them, and their bytes), and a bar for the
    file going out. The bars vanish when done; the printed plan stays."""

    def __init__(self, console: Console | None = None):
        self._bars = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                              console=console or Console(stderr=True), transient=True)
        self._task = None
        self._all = None  # the package's files: (count, done) in the description, bytes as its progress
        self._label, self._count, self._done, self._size = "", 0, 0, 0

    def __enter__(self) -> TerminalProgress:
        self._bars.start()
        return self

    def __exit__(self, *exc) -> None:
        self._bars.stop()

    def expect(self, label: str, count: int, size: int) -> None:
        """A package is about to send `count` files of `size` bytes in all."""
        if self._all is not None:
            self._bars.remove_task(self._all)
        self._label, self._count, self._done, self._size = label, count, 0, size
        self._all = self._bars.add_task(self._files_line(), total=size)

    def _files_line(self) -> str:
        return f"{self._label}: files {self._done}/{self._count}"

    def start(self, label: str, size: int) -> None:
        if self._all is not None and self._done >= self._count:  # more than announced: count it too
            self._count, self._size = self._count + 1, self._size + size
            self._bars.update(self._all, total=self._size)
        self._task = self._bars.add_task(f"  {label}", total=size)

    def advance(self, sent: int) -> None:
        if self._task is not None:
            self._bars.update(self._task, advance=sent)
        if self._all is not None:
            self._bars.update(self._all, advance=sent)

    def finish(self) -> None:
        if self._task is not None:
            self._bars.remove_task(self._task)
            self._task = None
        if self._all is not None:
            self._done += 1
            self._bars.update(self._all, description=self._files_line())


@contextmanager
def upload_progress(*, on_terminal: bool) -> Iterator[TerminalProgress | None]:
    """Bars on a terminal; nothing at all when the output goes to a file or a pipe."""
    if not on_terminal:
        yield None
        return
    with TerminalProgress() as progress:
        yield progress
