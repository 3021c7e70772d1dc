"""Errors a user can cause. Each one renders as a single line naming where the problem is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in an officer's files something was found (every part optional)."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def render(self, lang: str = "en") -> str:
        th = lang == "th"
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"ชีต '{self.sheet}'" if th else f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"แถว {self.row}" if th else f"row {self.row}")
        if self.column:
            parts.append(f"คอลัมน์ {self.column}" if th else f"column {self.column}")
        return ", ".join(parts)


class CatalogError(Exception):
    """An error caused by input or use, not by a bug: the CLI prints it in one line and exits 1."""

    def __init__(self, message_en: str, message_th: str | None = None, *,
                 file=None, sheet=None, row=None, column=None):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_th = message_th or message_en
        self.location = Location(str(file) if file is not None else None, sheet, row,
                                 str(column) if column is not None else None)

    def render(self, lang: str = "en") -> str:
        message = self.message_th if lang == "th" else self.message_en
        where = self.location.render(lang)
        text = f"{where}: {message}" if where else message
        return " ".join(text.split())  # always one line


class SourceError(CatalogError):
    """A source file cannot be read or does not fit the category."""


class PackageError(CatalogError):
    """A data package is missing, malformed, or cannot be written."""
