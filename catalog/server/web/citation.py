"""How to cite a dataset, or one version of one of its files: ready texts in Thai and English, and the
CSL-JSON, BibTeX and RIS records reference managers import. Pure functions: no I/O.

A citation names what a reader can fetch again byte for byte: the permanent URL of the dataset's version
(its datapackage.json) or of the file version, and for a file its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlencode

from catalog.server.web.display import THAILAND, parse_timestamp
from catalog.thai.dates import format_thai_date
from catalog.thai.errors import ThaiDateError

# the dates are the Thai calendar day: a version published at 23:30 UTC is the next day in Phuket
FORMATS = {  # suffix of /dataset/{id}/citation.{suffix}: its media type
    "csl.json": "application/vnd.citationstyles.csl+json; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
}
_LATEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def citation_for(site_url: str, site_title: str, pkg: dict, resource: dict | None = None,
                 file_version: dict | None = None, *, version_url: str | None = None) -> dict:
    """Everything a page or a download needs to cite `pkg` (a package_show dict), or a file of it.

    `resource` is a resource dict of `pkg`; `file_version` one of its versions, as resource_version_list
    gives them (`version` or `number`, `hash` "sha256:<hex>" or `sha256`, `created`, `url`). With a
    resource but no file version, the resource's latest file is cited (its `url` and `hash`).
    `version_url` is the permanent URL of the dataset version cited (its datapackage.json); without it the
    dataset is cited at `{site_url}/dataset/{id}`.

    Returns a dict:
      agency       the organization's title (the author, as a body)
      title        the dataset's title, and the file's name when a file is cited
      version      the dataset's SemVer `version`, or None
      file_version the file version number, or None
      date         the date cited (datetime.date, Thai calendar day) or None
      date_th      that date in Thai with a Buddhist Era year ('1 พฤษภาคม 2568'), or ''
      date_en      that date as ISO 8601 ('2025-05-01'), or ''
      url          the permanent URL cited
      sha256       the file's SHA-256 hex digest, or None
      text_th      the citation to paste, in Thai
      text_en      the citation to paste, in English
      key          an ASCII citation key ('egp_procurement_2567_2025')
      csl          the CSL-JSON item (a dict)
      csl_json     CSL-JSON text (an array holding that item)
      bibtex       a BibTeX @misc entry
      ris          an RIS record (TY  - DATA ... ER  - )
      filename     the download file name without suffix
      downloads    {"csl.json" | "bib" | "ris": site-relative URL of the download}
    """
    site_url = site_url.rstrip("/")
    org = pkg.get("organization") or {}
    agency = org.get("title") or org.get("name") or pkg.get("author") or site_title
    title = pkg.get("title") or pkg.get("name") or ""
    file_name = None
    if resource is not None:
        file_name = resource.get("name") or (file_version or {}).get("filename") or resource.get("id")
    number = _version_number(file_version)
    if file_version is not None:
        url, digest, moment = file_version.get("url"), _sha256(file_version), file_version.get("created")
    elif resource is not None:
        url, digest = resource.get("url"), _sha256(resource)
        moment = resource.get("last_modified") or resource.get("metadata_modified") or pkg.get("metadata_modified")
    else:
        url = version_url or f"{site_url}/dataset/{pkg.get('id') or pkg.get('name')}"
        digest, moment = None, pkg.get("metadata_modified")  # a version's datapackage.json has no one hash
    day = thai_day(moment)
    facts = {
        "agency": agency, "title": f"{title}: {file_name}" if file_name else title,
        "version": pkg.get("version") or None,
        "file_version": number, "date": day, "date_th": be_date(day), "date_en": day.isoformat() if day else "",
        "url": url or "", "sha256": digest, "site_title": site_title,
    }
    key = citation_key(pkg.get("name") or pkg.get("id") or "dataset", day, number)
    csl = csl_item(facts, key)
    filename = pkg.get("name") or pkg.get("id") or "dataset"
    query = {}
    if resource is not None:
        query["resource"] = resource.get("id")
        filename += f"-{str(resource.get('id'))[:8]}"
        if number is not None:
            query["version"] = number
            filename += f"-v{number}"
    query_string = f"?{urlencode(query)}" if query else ""
    return {
        **{k: v for k, v in facts.items() if k != "site_title"},
        "text_th": text_th(facts), "text_en": text_en(facts), "key": key, "csl": csl,
        "csl_json": json.dumps([csl], ensure_ascii=False, indent=2) + "\n", "bibtex": bibtex(facts, key),
        "ris": ris(facts), "filename": filename,
        "downloads": {kind: f"/dataset/{pkg.get('name') or pkg.get('id')}/citation.{kind}{query_string}"
                      for kind in FORMATS},
    }


def thai_day(value) -> dt.date | None:
    """The Thai calendar day of a stored timestamp (naive ones are UTC) or of an ISO date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    moment = value if isinstance(value, dt.datetime) else parse_timestamp(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(THAILAND).date()


def be_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    try:
        return format_thai_date(day, "long")
    except ThaiDateError:  # a year no Buddhist Era date can be written for
        return day.isoformat()


def _version_number(file_version: dict | None) -> int | None:
    if not file_version:
        return None
    number = file_version.get("version", file_version.get("number"))
    try:
        return int(number)
    except (TypeError, ValueError):
        return None


def _sha256(item: dict) -> str | None:
    """The hex digest of a `sha256` key or a `hash` "sha256:<hex>" (CKAN's bare hashes are MD5: not cited)."""
    digest = item.get("sha256")
    if not digest and str(item.get("hash") or "").lower().startswith("sha256:"):
        digest = str(item["hash"]).split(":", 1)[1]
    digest = str(digest or "").strip().lower()
    return digest if re.fullmatch(r"[0-9a-f]{64}", digest) else None


def citation_key(name: str, day: dt.date | None, number: int | None = None) -> str:
    """An ASCII key BibTeX and every reference manager accept: letters, digits and underscores."""
    key = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_") or "dataset"
    if not key[0].isalpha():
        key = f"d{key}"
    if day:
        key += f"_{day.year}"
    if number is not None:
        key += f"_f{number}"
    return key


# --- the texts -------------------------------------------------------------------------------------------

def text_th(facts: dict) -> str:
    """`หน่วยงาน. (ปี พ.ศ.). ชื่อ (รุ่น 1.1.0, ไฟล์รุ่นที่ 2) [ชุดข้อมูล]. เว็บ. เผยแพร่ ... URL SHA-256 ...`"""
    year = f" ({facts['date'].year + 543})" if facts["date"] else ""
    versions = [f"รุ่น {facts['version']}"] if facts["version"] else []
    if facts["file_version"] is not None:
        versions.append(f"ไฟล์รุ่นที่ {facts['file_version']}")
    parts = [f"{facts['agency']}.{year}. {facts['title']}" + (f" ({', '.join(versions)})" if versions else "")
             + " [ชุดข้อมูล].", f"{facts['site_title']}."]
    if facts["date_th"]:
        parts.append(f"เผยแพร่เมื่อ {facts['date_th']}.")
    if facts["url"]:
        parts.append(f"สืบค้นจาก {facts['url']}")
    if facts["sha256"]:
        parts.append(f"SHA-256: {facts['sha256']}")
    return " ".join(parts)


def text_en(facts: dict) -> str:
    """APA's shape for a data set: `Agency. (2025). Title (Version 1.1.0; file version 2) [Data set]. ...`"""
    year = f" ({facts['date'].year})" if facts["date"] else ""
    versions = [f"Version {facts['version']}"] if facts["version"] else []
    if facts["file_version"] is not None:
        versions.append(f"file version {facts['file_version']}")
    parts = [f"{facts['agency']}.{year}. {facts['title']}" + (f" ({'; '.join(versions)})" if versions else "")
             + " [Data set].", f"{facts['site_title']}."]
    if facts["date_en"]:
        parts.append(f"Published {facts['date_en']}.")
    if facts["url"]:
        parts.append(facts["url"])
    if facts["sha256"]:
        parts.append(f"SHA-256: {facts['sha256']}")
    return " ".join(parts)


def _version_label(facts: dict) -> str | None:
    if facts["file_version"] is None:
        return facts["version"]
    return f"{facts['version']}, file version {facts['file_version']}" if facts["version"] else \
        f"file version {facts['file_version']}"


# --- the records -----------------------------------------------------------------------------------------

def csl_item(facts: dict, key: str) -> dict:
    """A CSL-JSON item of type dataset (CSL 1.0.2), its author the agency as a literal name."""
    item = {"id": key, "type": "dataset", "title": facts["title"], "author": [{"literal": facts["agency"]}],
            "publisher": facts["site_title"], "language": "th", "URL": facts["url"]}
    if facts["date"]:
        item["issued"] = {"date-parts": [[facts["date"].year, facts["date"].month, facts["date"].day]]}
    if _version_label(facts):
        item["version"] = _version_label(facts)
    if facts["sha256"]:
        item["note"] = f"SHA-256: {facts['sha256']}"
    return item


def latex_escape(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped; Thai stays as it is (UTF-8)."""
    return "".join(_LATEX_SPECIALS.get(c, c) for c in re.sub(r"\s+", " ", str(text)))


def _bib_url(url: str) -> str:
    """URLs are read verbatim (biblatex, \\url): only braces, which would unbalance the entry, are encoded."""
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(facts: dict, key: str) -> str:
    fields = [("author", "{" + latex_escape(facts["agency"]) + "}"),  # double braces: a body, not a person
              ("title", latex_escape(facts["title"]))]
    if facts["date"]:
        fields += [("year", str(facts["date"].year)), ("date", facts["date"].isoformat())]
    if _version_label(facts):
        fields.append(("version", latex_escape(_version_label(facts))))
    fields += [("publisher", latex_escape(facts["site_title"])), ("howpublished", latex_escape("Data set"))]
    if facts["url"]:
        fields.append(("url", _bib_url(facts["url"])))
    if facts["sha256"]:
        fields.append(("note", f"SHA-256: {facts['sha256']}"))
    fields.append(("langid", "thai"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def _ris_value(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def ris(facts: dict) -> str:
    """An RIS record of type DATA; one tag a line, `ER  - ` last."""
    lines = [("TY", "DATA"), ("AU", facts["agency"]), ("TI", facts["title"])]
    if facts["date"]:
        lines += [("PY", str(facts["date"].year)), ("DA", facts["date"].strftime("%Y/%m/%d"))]
    if _version_label(facts):
        lines.append(("ET", _version_label(facts)))
    lines += [("PB", facts["site_title"]), ("LA", "th")]
    if facts["url"]:
        lines.append(("UR", facts["url"]))
    if facts["sha256"]:
        lines.append(("N1", f"SHA-256: {facts['sha256']}"))
    text = "".join(f"{tag}  - {_ris_value(value)}\n" for tag, value in lines)
    return text + "ER  - \n"
