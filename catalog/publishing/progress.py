"""A rich progress bar for uploads, on the terminal's error stream (standard output keeps the plan)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn


class TerminalProgress:
    """One bar per file while it uploads; the bars vanish when done, the printed plan stays."""

    def __init__(self, console: Console | None = None):
        self._bars = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                              console=console or Console(stderr=True), transient=True)
        self._task = None

    def __enter__(self) -> TerminalProgress:
        self._bars.start()
        return self

    def __exit__(self, *exc) -> None:
        self._bars.stop()

    def start(self, label: str, size: int) -> None:
        self._task = self._bars.add_task(label, total=size)

    def advance(self, sent: int) -> None:
        if self._task is not None:
            self._bars.update(self._task, advance=sent)

    def finish(self) -> None:
        if self._task is not None:
            self._bars.remove_task(self._task)
            self._task = None


@contextmanager
def upload_progress(*, on_terminal: bool) -> Iterator[TerminalProgress | None]:
    """Bars on a terminal; nothing at all when the output goes to a file or a pipe."""
    if not on_terminal:
        yield None
        return
    with TerminalProgress() as progress:
        yield progress
