"""A validation report: findings in package order, rendered as text (Thai or English) or JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.validation.findings import Finding


@dataclass
class Report:
    package: str
    findings: list[Finding] = field(default_factory=list)
    rows_checked: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {
            "package": self.package,
            "valid": self.valid,
            "rows_checked": self.rows_checked,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [_finding_dict(f) for f in self.findings],
        }

    def lines(self, lang: str = "en") -> list[str]:
        return [render_finding(f, lang) for f in self.findings]

    def summary(self, lang: str = "en") -> str:
        if lang == "th":
            verdict = "ผ่าน" if self.valid else "ไม่ผ่าน"
            return (f"{self.package}: {verdict} — ตรวจ {self.rows_checked:,} แถว, "
                    f"ข้อผิดพลาด {len(self.errors):,}, คำเตือน {len(self.warnings):,}")
        verdict = "valid" if self.valid else "INVALID"
        return (f"{self.package}: {verdict} — {self.rows_checked:,} rows checked, "
                f"{len(self.errors):,} errors, {len(self.warnings):,} warnings")


def _finding_dict(f: Finding) -> dict:
    out = {"code": f.code, "severity": f.severity, "resource": f.resource, "row_number": f.row_number,
           "field": f.field, "cell": f.cell, "message": {"en": f.message_en, "th": f.message_th}}
    if f.source is not None:
        out["source"] = {"file": f.source.file, "sheet": f.source.sheet, "row": f.source.row,
                         "column": f.source.column}
    return out


def render_finding(f: Finding, lang: str = "en") -> str:
    th = lang == "th"
    where = [f.resource]
    if f.row_number is not None:
        where.append(f"แถว {f.row_number}" if th else f"row {f.row_number}")
    if f.field:
        where.append(f"ช่อง {f.field}" if th else f"field {f.field}")
    message = f.message_th if th else f.message_en
    level = ("ผิดพลาด" if th else "error") if f.severity == "error" else ("คำเตือน" if th else "warning")
    text = f"{level}: {', '.join(where)}: {message}"
    if f.source is not None:
        origin = f.source.render(lang)
        text += f" [{'ต้นทาง' if th else 'source'}: {origin}]"
    return " ".join(text.split())
