"""Errors for values that are not valid Thai dates, amounts, IDs or text files.

Every error carries an English and a Thai message, each one line, quoting the offending value,
so the caller can show whichever the user reads.
"""

from __future__ import annotations

_QUOTE_LIMIT = 80


def quoted(value: object) -> str:
    """The value in single quotes, on one line and cut short, for use inside a message."""
    text = " ".join(str(value).split()) if isinstance(value, str) else repr(value)
    if isinstance(value, str) and not text and value:
        text = value.encode("unicode_escape").decode("ascii")
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 1] + "…"
    return f"'{text}'"


class ThaiValueError(ValueError):
    """A value that cannot be read as what it should be; str() is the English message."""

    def __init__(self, message_en: str, message_th: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_th = message_th

    def __str__(self) -> str:
        return self.message_en

    def __reduce__(self):  # keep both messages when pickled (e.g. across worker processes)
        return (type(self), (self.message_en, self.message_th))


class ThaiDateError(ThaiValueError):
    """Not a real date, or not a date form we read."""


class ThaiNumberError(ThaiValueError):
    """Not an amount in baht or not a whole number."""


class NationalIdError(ThaiValueError):
    """Not the digits of a Thai national ID / tax ID."""


class EncodingError(ThaiValueError):
    """A file whose text encoding cannot be told with confidence.

    The messages always start with "<file>: ", so they name the file on their own;
    `line` is the 1-based line of the first offending byte when there is one.
    """

    def __init__(self, message_en: str, message_th: str, file: str, line: int | None = None) -> None:
        self.reason_en = message_en
        self.reason_th = message_th
        self.file = str(file)
        self.line = line
        super().__init__(f"{self.file}: {message_en}", f"{self.file}: {message_th}")

    def __reduce__(self):
        return (type(self), (self.reason_en, self.reason_th, self.file, self.line))
