"""One finding of a validation run: what is wrong, where in the package, and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, replace

from catalog.errors import Location


@dataclass(frozen=True)
class Finding:
    """A problem in a data package.

    Schema checks use frictionless' error types as codes ("type-error", "constraint-error",
    "unique-error", "primary-key", "foreign-key", "missing-cell", "extra-cell", ...), so the set of
    (row_number, field, code) can be compared with `frictionless validate`. Domain rules and the
    personal-data guard use codes of our own ("procurement/agreed-above-budget", "personal-data/national-id").
    """

    code: str
    resource: str
    message_en: str
    message_th: str
    row_number: int | None = None  # as frictionless counts: header is row 1, first data row is 2
    field: str | None = None
    cell: str | None = None
    severity: str = "error"  # "error" or "warning"
    source: Location | None = None  # the officer's file/sheet/row/column, filled from provenance

    def with_source(self, source: Location | None) -> "Finding":
        return replace(self, source=source)

    def key(self) -> tuple:
        """What frictionless' error set is compared on."""
        return (self.resource, self.row_number, self.field, self.code)
