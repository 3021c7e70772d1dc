"""A published version's changelog entry as a reader says it, Thai and English:
"เพิ่ม 3 แถว แก้ไข 1 แถว ในเดือนพฤศจิกายน 2567: ลำดับที่ 2 ราคาที่ตกลงซื้อหรือจ้าง 45,000 → 44,000".

The entry is the JSON the publisher writes into the dataset's `changelog` extra (its shape is described in
catalog/publishing/changelog.py); the server reads it here on its own, as any client of the catalog would.
Amounts (fields of type `number` in the table's schema) are written with thousands separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.ckanmodel.jsontext import from_text
from catalog.thai.periods import describe_period

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
LEVELS = {"first": ("รุ่นแรก", "first version"), "major": ("เปลี่ยนโครงสร้าง", "major"),
          "minor": ("เพิ่มข้อมูล", "minor"), "patch": ("แก้ไข", "patch")}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class Line:
    th: str
    en: str
    resource: str | None = None  # the table it is about


def _period(kind: str, value: str, lang: str) -> str:
    if lang == "en" and kind == "month" and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return f"{EN_MONTHS[int(value[5:]) - 1]} {value[:4]}"
    return describe_period(kind, value, lang)


def _joined(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" และ" if lang == "th" else " and ") + items[-1]


def number_types(resource: dict | None) -> set[str]:
    """The fields of a resource's Table Schema (a JSON string in CKAN) that hold amounts."""
    schema = from_text((resource or {}).get("schema"))
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return {f.get("name") for f in fields or [] if isinstance(f, dict) and f.get("type") == "number"}


def amount(value) -> str:
    """'2053560' -> '2,053,560'; anything that is not a plain number stays as it is."""
    text = "" if value is None else str(value)
    if not _NUMBER.fullmatch(text):
        return text
    whole, dot, fraction = text.partition(".")
    return f"{int(whole):,}" + dot + fraction


class _Table:
    """One table's row changes in an entry, with what is needed to word them."""

    def __init__(self, name: str, rows: dict, periods: dict | None, amounts: set[str]):
        self.name, self.rows, self.amounts = name, rows, amounts
        periods = periods or {}
        self.period_key = list(periods.get("key") or [])
        self.kinds = list(periods.get("kinds") or [])
        self.periods = [p for part in ("added", "replaced", "removed") for p in periods.get(part) or []]

    def label(self, field: str, lang: str) -> str:
        return (self.rows.get("titles") or {}).get(field, field) if lang == "th" else field

    def value(self, field: str, value) -> str:
        if value in (None, ""):
            return "∅"
        return amount(value) if field in self.amounts else str(value)

    def where(self, lang: str) -> str:
        if not self.periods or len(self.kinds) != 1:
            return ""
        kind = self.kinds[0]
        named = _joined([_period(kind, p, lang) for p in sorted(self.periods)], lang)
        if lang == "th":
            return (" ในเดือน" if kind == "month" else " ในงวด ") + named
        return " in " + named

    def change(self, change: dict, lang: str) -> str:
        key = change.get("key") or {}
        parts = []
        for field, value in key.items():
            if field in self.period_key and len(self.kinds) == 1:
                if len(self.periods) > 1:  # the month is said once for the whole line when there is one
                    parts.append(_period(self.kinds[0], str(value), lang))
                continue
            parts.append(f"{self.label(field, lang)} {value}")
        arrow = "→" if lang == "th" else "->"
        for field, pair in (change.get("fields") or {}).items():
            before, after = (list(pair) + [None, None])[:2]
            parts.append(f"{self.label(field, lang)} {self.value(field, before)} {arrow} {self.value(field, after)}")
        return " ".join(parts)

    def line(self, lang: str) -> str:
        added, changed, removed = (int(self.rows.get(k) or 0) for k in ("added", "changed", "removed"))
        if lang == "th":
            counts = [f"{word} {count:,} แถว" for word, count in (("เพิ่ม", added), ("แก้ไข", changed), ("ลบ", removed))
                      if count]
            text = " ".join(counts) or "แถวไม่เปลี่ยน"
        else:
            counts = [f"{count:,} {word}" for word, count in (("added", added), ("changed", changed),
                                                              ("removed", removed)) if count]
            if counts:
                first = counts[0].split(" ", 1)
                counts[0] = f"{first[0]} {'row' if first[0] == '1' else 'rows'} {first[1]}"
            text = ", ".join(counts) or "no rows changed"
        text += self.where(lang)
        changes = [c for c in self.rows.get("changes") or [] if isinstance(c, dict)]
        if changes:
            text += ": " + "; ".join(self.change(c, lang) for c in changes)
            rest = changed - len(changes)
            if rest > 0:
                text += f" และแถวที่แก้ไขอีก {rest:,} แถว" if lang == "th" else f"; and {rest:,} more changed"
        for attr, th, en in (("fields_added", "เพิ่มคอลัมน์", "fields added"),
                             ("fields_removed", "ลบคอลัมน์", "fields removed")):
            if self.rows.get(attr):
                text += f"; {th if lang == 'th' else en}: " + ", ".join(self.rows[attr])
        return text


def entry_lines(entry: dict | None, resources: list[dict] | None = None) -> list[Line]:
    """What changed at a version, one line per table and kind of change; `resources` are the dataset's
    resources at that version (their schemas say which fields are amounts)."""
    if not isinstance(entry, dict):
        return []
    by_name = {r.get("name"): r for r in resources or []}
    lines: list[Line] = []
    changes = entry.get("resources") or {}
    periods = entry.get("periods") or {}
    rows = entry.get("rows") or {}
    if entry.get("level") == "first" and changes.get("new"):
        names = ", ".join(changes["new"])
        lines.append(Line(f"เผยแพร่ครั้งแรก: {names}", f"first published: {names}"))
    else:
        for action, th, en in (("new", "ไฟล์ใหม่", "new"), ("removed", "ลบไฟล์", "removed"),
                               ("duplicates_removed", "ลบไฟล์ที่ซ้ำ", "duplicates removed")):
            if changes.get(action):
                names = ", ".join(changes[action])
                lines.append(Line(f"{th}: {names}", f"{en}: {names}"))
    files_only = [n for n in changes.get("changed") or [] if n not in rows]  # documents, or rows not compared
    if files_only:
        names = ", ".join(files_only)
        lines.append(Line(f"ไฟล์เปลี่ยน: {names}", f"file changed: {names}"))
    for name, counts in rows.items():
        if isinstance(counts, dict):
            table = _Table(name, counts, periods.get(name), number_types(by_name.get(name)))
            lines.append(Line(table.line("th"), table.line("en"), name))
    for name, held in periods.items():  # periods of a table whose rows were not compared (its first version)
        if name not in rows and isinstance(held, dict) and held.get("added") and len(held.get("kinds") or []) == 1:
            kind, added = held["kinds"][0], sorted(held["added"])
            span = {lang: _period(kind, added[0], lang) + (f" – {_period(kind, added[-1], lang)}" if len(added) > 1
                                                           else "") for lang in ("th", "en")}
            lines.append(Line(f"งวดข้อมูล {span['th']} ({len(added)} งวด)",
                              f"periods {span['en']} ({len(added)} {'period' if len(added) == 1 else 'periods'})",
                              name))
    if entry.get("schema"):
        names = ", ".join(entry["schema"])
        lines.append(Line(f"โครงสร้างตารางเปลี่ยน (ไม่เข้ากันกับรุ่นเดิม): {names}",
                          f"table schema changed (breaking): {names}"))
    metadata = entry.get("metadata") or {}
    if metadata.get("dataset"):
        fields = ", ".join(metadata["dataset"])
        lines.append(Line(f"ข้อมูลเมตาที่เปลี่ยน: {fields}", f"metadata changed: {fields}"))
    for name, fields in (metadata.get("resources") or {}).items():
        lines.append(Line(f"ข้อมูลเมตาของ {name} ที่เปลี่ยน: {', '.join(fields)}",
                          f"{name} metadata changed: {', '.join(fields)}", name))
    return lines


def level_words(entry: dict | None) -> tuple[str, str] | None:
    level = (entry or {}).get("level")
    return LEVELS.get(level, (level, level)) if level else None
