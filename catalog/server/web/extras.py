"""The extras that hold JSON (`changelog`, `disclosure`) as tables a reader can follow, never as raw JSON.

`changelog` becomes one row per published version, linked to its version page and told in words
(web/changelog.py); `disclosure` becomes its labelled facts, nested lists as small tables.
"""

from __future__ import annotations

from catalog.ckanmodel.jsontext import extra_value, from_text
from catalog.server.web.changelog import entry_lines, level_words

CHANGELOG, DISCLOSURE = "changelog", "disclosure"
STRUCTURED = (CHANGELOG, DISCLOSURE)
TITLES = {
    CHANGELOG: ("บันทึกการเปลี่ยนแปลง", "Changelog"),
    DISCLOSURE: ("การเปิดเผยข้อมูลตามประกาศ", "Disclosure"),
}
LABELS = {
    "category": ("หมวดการเปิดเผย", "Category"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "mandate_item": ("ข้อตามประกาศ", "Mandate item"),
    "oit_items": ("ตัวชี้วัด OIT", "OIT items"),
    "currency": ("เกณฑ์ความเป็นปัจจุบัน", "Currency rule"),
    "frequency": ("ความถี่ของการเผยแพร่", "Frequency"),
    "rounds": ("รอบการรายงาน", "Report rounds"),
    "due_days": ("จำนวนวันที่ต้องเผยแพร่", "Days allowed"),
    "anchor": ("วันที่เริ่มนับ", "Counted from"),
    "max_age_days": ("อายุสูงสุดของข้อมูล (วัน)", "Maximum age (days)"),
    "filed": ("การเผยแพร่ที่แจ้งไว้", "Declared filings"),
    "date": ("วันที่", "Date"),
    "periods": ("งวด", "Periods"),
    "url": ("ลิงก์", "Link"),
    "th": ("ภาษาไทย", "Thai"),
    "en": ("ภาษาอังกฤษ", "English"),
}


def _label(key) -> tuple[str, str | None, str]:
    th, en = LABELS.get(key, (str(key), None))  # a key of no label is shown as it is, in both languages
    return th, en, str(key)


def readable(value) -> dict:
    """A JSON value as a tree the `readable` macro draws: pairs (an object), a table (a list of objects),
    a list, or text."""
    if isinstance(value, dict):
        return {"kind": "pairs", "rows": [(*_label(k), readable(v)) for k, v in value.items()]}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        keys = list(dict.fromkeys(k for v in value for k in v))
        return {"kind": "table", "columns": [_label(k) for k in keys],
                "rows": [[readable(v.get(k)) for k in keys] for v in value]}
    if isinstance(value, list):
        return {"kind": "list", "items": [readable(v) for v in value]}
    if isinstance(value, bool):
        return {"kind": "text", "text": "ใช่ · Yes" if value else "ไม่ใช่ · No", "en": "Yes" if value else "No"}
    return {"kind": "text", "text": "" if value is None else str(value)}


def changelog_rows(entries: list[dict], dataset_name: str, resources: list[dict] | None = None) -> list[dict]:
    """The changelog newest first, each entry with its version page and its lines in words."""
    rows = []
    for entry in reversed(entries):
        version = entry.get("version")
        rows.append({"version": version, "date": entry.get("date"), "level": level_words(entry),
                     "href": f"/dataset/{dataset_name}/version/{version}" if version else None,
                     "lines": entry_lines(entry, resources)})
    return rows


def structured_extras(pkg: dict, dataset_name: str) -> list[dict]:
    """The dataset's JSON extras, each ready for its table; an extra that is not JSON stays text."""
    blocks = []
    for key in STRUCTURED:
        text = extra_value(pkg, key)
        if text is None:
            continue
        value = from_text(text)
        th, en = TITLES[key]
        if key == CHANGELOG and isinstance(value, list):
            entries = [e for e in value if isinstance(e, dict)]
            blocks.append({"key": key, "th": th, "en": en,
                           "changelog": changelog_rows(entries, dataset_name, pkg.get("resources"))})
        else:
            blocks.append({"key": key, "th": th, "en": en, "tree": readable(value)})
    return blocks
