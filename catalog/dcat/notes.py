"""adms:versionNotes: the words of a changelog entry (the `changelog` extra the publisher writes)."""

from __future__ import annotations

# entries written before the publisher kept their words get the word for their level
_LEVELS = {"first": ("ฉบับแรก", "First version"), "major": ("เปลี่ยนโครงสร้างข้อมูล", "Breaking schema change"),
           "minor": ("เพิ่มหรือเปลี่ยนข้อมูล", "Data added or changed"),
           "patch": ("แก้ไขเล็กน้อย", "Fixes and metadata")}


def version_notes(entry: dict) -> dict[str, str]:
    """{"th": ..., "en": ...} for one changelog entry."""
    notes = {lang: text for lang, text in (entry.get("notes") or {}).items() if text}
    if notes:
        return notes
    th, en = _LEVELS.get(entry.get("level"), ("ปรับปรุง", "Updated"))
    return {"th": th, "en": en}
