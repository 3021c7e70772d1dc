"""A plan and a publish result in words, English or Thai, one line per change."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog.publishing.periods import PeriodChanges
    from catalog.publishing.plans import Plan, ResourcePlan
    from catalog.publishing.rows import RowChanges

MARK = {"new": "+", "changed": "~", "unchanged": "=", "removed": "-"}
ACTION = {"en": {"new": "new", "changed": "changed", "unchanged": "unchanged", "removed": "removed"},
          "th": {"new": "ใหม่", "changed": "เปลี่ยน", "unchanged": "ไม่เปลี่ยน", "removed": "ลบออก"}}


def _pick(lang: str, en: str, th: str) -> str:
    return th if lang == "th" else en


def _bytes(lang: str, size: int) -> str:
    return f"{size:,} {_pick(lang, 'bytes', 'ไบต์')}"


def headline(plan: Plan, lang: str = "en") -> str:
    where = f"{plan.name} → {plan.target}"
    if plan.first:
        return f"{where}: " + _pick(lang, f"create dataset, version {plan.version_to}",
                                    f"สร้างชุดข้อมูลใหม่ รุ่น {plan.version_to}")
    if not plan.changed:
        return f"{where}: " + _pick(lang, f"unchanged (version {plan.version_from}), nothing to publish",
                                    f"ไม่มีการเปลี่ยนแปลง (รุ่น {plan.version_from}) ไม่ต้องเผยแพร่")
    versions = plan.version_to if plan.version_from == plan.version_to else f"{plan.version_from} → {plan.version_to}"
    return f"{where}: " + _pick(lang, f"update dataset, version {versions}", f"ปรับปรุงชุดข้อมูล รุ่น {versions}")


def _label(rows: RowChanges, name: str, lang: str) -> str:
    """A field as the reader knows it: its Thai title in Thai, its name in English."""
    return rows.titles.get(name, name) if lang == "th" else name


def _change_text(rows: RowChanges, change: dict, lang: str) -> str:
    key = ", ".join(f"{_label(rows, name, lang)}={value}" for name, value in (change.get("key") or {}).items())
    fields = "; ".join(f"{_label(rows, name, lang)}: {before or '∅'} → {after or '∅'}"
                       for name, (before, after) in (change.get("fields") or {}).items())
    return f"({key}) {fields}"


def rows_text(rows: RowChanges, lang: str = "en") -> str:
    if rows.key:
        key = ", ".join(_label(rows, name, lang) for name in rows.key)
        shown = len(rows.changes) or len(rows.changed_keys)
        more = ", …" if rows.changed > shown else ""
        examples = f" ({'; '.join(rows.changed_keys)}{more})" if rows.changed_keys and not rows.changes else ""
        text = _pick(lang, f"rows by {key}: {rows.changed} changed{examples}, {rows.added} added, "
                           f"{rows.removed} removed",
                     f"แถวตาม {key}: แก้ไข {rows.changed}{examples} เพิ่ม {rows.added} ลบ {rows.removed}")
        if rows.changes:
            text += ": " + " | ".join(_change_text(rows, change, lang) for change in rows.changes)
            if rows.changed > len(rows.changes):
                rest = rows.changed - len(rows.changes)
                text += _pick(lang, f" | and {rest} more changed row(s)", f" | และแถวที่แก้ไขอีก {rest} แถว")
    else:
        text = _pick(lang, f"rows: {rows.added} added, {rows.removed} removed",
                     f"แถว: เพิ่ม {rows.added} ลบ {rows.removed}")
    if rows.fields_added:
        text += _pick(lang, "; fields added: ", "; เพิ่มคอลัมน์: ") + ", ".join(rows.fields_added)
    if rows.fields_removed:
        text += _pick(lang, "; fields removed: ", "; ลบคอลัมน์: ") + ", ".join(rows.fields_removed)
    return text


def resource_line(resource: ResourcePlan, lang: str = "en", width: int = 24) -> str:
    details = []
    if resource.action == "removed" and resource.duplicate:
        details.append(_pick(lang, "a duplicate of the same name", "ซ้ำชื่อกับทรัพยากรอื่น"))
    if resource.fields:
        details.append(_pick(lang, "metadata: ", "เมทาดาทา: ") + ", ".join(resource.fields))
    if resource.rows is not None and resource.action == "changed":
        details.append(rows_text(resource.rows, lang))
    elif resource.upload and resource.action == "changed" and resource.send and resource.send.get("schema"):
        details.append(_pick(lang, "rows not compared (the catalog's copy could not be read)",
                             "ไม่ได้เทียบแถว (อ่านสำเนาในแคตตาล็อกไม่ได้)"))
    if resource.upload and resource.file is not None and not resource.sent:
        details.append(_pick(lang, "upload ", "อัปโหลด ") + f"{resource.file.path.name} "
                       f"({_bytes(lang, resource.file.size)})")
    if resource.in_place or resource.sent:  # written by a publish that stopped before its commit
        details.append(_pick(lang, "already in the catalog" if resource.in_place else "its file already in the catalog",
                             "อยู่ในแคตตาล็อกแล้ว" if resource.in_place else "ไฟล์อยู่ในแคตตาล็อกแล้ว"))
    action = ACTION["th" if lang == "th" else "en"][resource.action]
    text = f"  {MARK[resource.action]} {resource.name:<{width}} {action}"
    return text + (": " + "; ".join(details) if details else "")


def plan_lines(plan: Plan, lang: str = "en") -> list[str]:
    lines = [headline(plan, lang)]
    for en, th in plan.problems:
        lines.append("  ! " + _pick(lang, f"cannot publish: {en}", f"เผยแพร่ไม่ได้: {th}"))
    if plan.create_organization:
        lines.append("  " + _pick(lang, f"organization {plan.organization}: create \"{plan.organization_title}\"",
                                  f"หน่วยงาน {plan.organization}: สร้างใหม่ \"{plan.organization_title}\""))
    fields = [f for f in plan.fields if f != "version"]  # the headline shows the version
    if fields and not plan.first:
        lines.append("  " + _pick(lang, "metadata that change: ", "เมทาดาทาที่เปลี่ยน: ") + ", ".join(fields))
    width = max([len(r.name) for r in plan.resources] + [8])
    lines += [resource_line(r, lang, width) for r in plan.resources]
    lines += period_lines(plan.periods, lang)
    if plan.refused_tags:
        refused = ", ".join(plan.refused_tags)
        lines.append("  ! " + _pick(lang, f"tags this catalog refuses, kept in the extra `keywords` instead: {refused}",
                                    f"แท็กที่แคตตาล็อกนี้ไม่รับ เก็บไว้ใน extra `keywords` แทน: {refused}"))
    if plan.history is not None and plan.changelog is not None:
        lines += plan.history.lines(plan.version_to, lang)
    return lines


_PERIOD_ACTIONS = (("added", "new", "ใหม่"), ("replaced", "replaced", "แทนที่ข้อมูลเดิม"),
                   ("same", "as in the catalog", "เหมือนเดิม"), ("kept", "kept as they are", "คงไว้ตามเดิม"),
                   ("removed", "removed (--replace)", "ลบออก (--replace)"))


def period_lines(changes: list[PeriodChanges], lang: str = "en") -> list[str]:
    """Which periods (months, report rounds) of each table a publish adds, replaces, keeps or removes."""
    lines = []
    for change in changes:
        parts = []
        for attr, en, th in _PERIOD_ACTIONS:
            labels = getattr(change, attr)
            if not labels:
                continue
            shown = ", ".join(change.describe(label, lang) + (f" ({change.rows[label]} {_pick(lang, 'rows', 'แถว')})"
                                                              if attr in ("added", "replaced") and label in change.rows
                                                              else "") for label in labels)
            parts.append(f"{shown}: {_pick(lang, en, th)}")
        if parts:
            lines.append(f"    {_pick(lang, 'periods of', 'งวดข้อมูลของ')} {change.resource}: " + "; ".join(parts))
    return lines
