"""The OIT view: for each item of the ITA assessment, the permanent links that satisfy it, as a table an
officer pastes into the ITA form (item, title, URL, last published). Items are matched by title, never by
number: the NACC renumbers them every year."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.compliance.assess import SUBJECT_ORDER, AgencyStatus
from catalog.compliance.report import be_date, word


@dataclass
class OitRow:
    item_th: str
    item_en: str
    category: str
    status: str
    title: str = ""
    url: str = ""  # the dataset's permanent page
    version_url: str = ""  # its latest version's datapackage.json
    last_published: str = ""  # Buddhist Era date


def oit_rows(agency: AgencyStatus, site_url: str, fiscal_year: int) -> list[OitRow]:
    """Each OIT item once (several categories may satisfy one: the monthly summary is both the สขร.1 and
    the e-GP export), with every dataset of the year that satisfies it; an item none satisfies has a row
    without links."""
    items: dict[str, list] = {}
    for subject in sorted(agency.subjects, key=lambda s: (s.category.mandate_item, s.category.name)):
        for item in subject.category.oit_items:
            items.setdefault(item.th, []).append((item, subject))
    rows = []
    for found in items.values():
        item = found[0][0]
        subjects = [subject for _, subject in found]
        best = max(subjects, key=lambda s: SUBJECT_ORDER.index(s.status))  # the most current
        listed = False
        for subject in subjects:
            for dataset in (d for d in subject.datasets if d.fiscal_year in (None, fiscal_year)):
                latest = max(dataset.publications, key=lambda p: (p.date, not p.declared), default=None)
                versions = [p for p in dataset.publications if not p.declared and p.url]
                rows.append(OitRow(item.th, item.en, subject.category.name, subject.status, dataset.title,
                                   f"{site_url.rstrip('/')}/dataset/{dataset.name}",
                                   versions[-1].url if versions else "", be_date(latest.date) if latest else ""))
                listed = True
        if not listed:
            rows.append(OitRow(item.th, item.en, best.category.name, best.status))
    return rows


def oit_text(rows: list[OitRow], lang: str = "th") -> str:
    """Tab-separated, one row per item and dataset: pastes straight into a spreadsheet or the ITA form."""
    head = (["ข้อ OIT", "ชื่อชุดข้อมูล", "ลิงก์", "รุ่นที่อ้างอิงได้", "เผยแพร่ล่าสุด", "สถานะ"] if lang == "th" else
            ["OIT item", "Title", "URL", "Version link", "Last published", "Status"])
    lines = ["\t".join(head)]
    for r in rows:
        lines.append("\t".join([r.item_th if lang == "th" else r.item_en, r.title, r.url, r.version_url,
                                r.last_published, word(r.status, lang)]))
    return "\n".join(lines)


def oit_json(rows: list[OitRow]) -> list[dict]:
    return [{"item": {"th": r.item_th, "en": r.item_en}, "category": r.category, "status": r.status,
             "title": r.title, "url": r.url, "version_url": r.version_url, "last_published_be": r.last_published}
            for r in rows]
