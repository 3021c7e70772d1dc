"""How catalog values read on the web pages: labels and dates in the page's language (Buddhist Era in Thai,
Common Era in English), file sizes, safe links, notes as paragraphs.

Everything that turns text into HTML escapes it first; the Jinja environment autoescapes the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup, escape

from catalog.thai.dates import THAI_MONTHS_ABBR, format_thai_date
from catalog.thai.errors import ThaiDateError

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"

# Stored timestamps are naive UTC; Thai readers expect Thailand's clock (UTC+7, no daylight saving).
THAILAND = dt.timezone(dt.timedelta(hours=7))

ACTIVITY_LABELS = {
    "new package": ("สร้างชุดข้อมูล", "Created"),
    "changed package": ("ปรับปรุงชุดข้อมูล", "Updated"),
    "deleted package": ("ลบชุดข้อมูล", "Deleted"),
}

# The GD Catalog (thai_gdc) dataset fields, with the schema's own Thai and English labels.
GDC_FIELDS = {
    "data_type": ("ประเภทชุดข้อมูล", "Data type"),
    "data_type_other": ("ประเภทชุดข้อมูล (อื่นๆ)", "Data type (other)"),
    "objective": ("วัตถุประสงค์", "Objective"),
    "objective_other": ("วัตถุประสงค์ (อื่นๆ)", "Objective (other)"),
    "update_frequency_unit": ("หน่วยความถี่ของการปรับปรุงข้อมูล", "Update frequency unit"),
    "update_frequency_unit_other": ("หน่วยความถี่ (อื่นๆ)", "Update frequency unit (other)"),
    "update_frequency_interval": ("ค่าความถี่ของการปรับปรุงข้อมูล", "Update frequency interval"),
    "geo_coverage": ("ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "Geographic coverage"),
    "geo_coverage_other": ("ขอบเขตเชิงพื้นที่ (อื่นๆ)", "Geographic coverage (other)"),
    "data_source": ("แหล่งที่มา", "Data source"),
    "data_format": ("รูปแบบการเก็บข้อมูล", "Data format"),
    "data_format_other": ("รูปแบบการเก็บข้อมูล (อื่นๆ)", "Data format (other)"),
    "data_category": ("หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ", "Data category"),
    "data_classification": ("ระดับชั้นข้อมูล", "Data classification"),
    "accessible_condition": ("เงื่อนไขในการเข้าถึงข้อมูล", "Accessible condition"),
    "data_support": ("ผู้สนับสนุนหรือผู้ร่วมดำเนินการ", "Data support"),
    "data_support_other": ("ผู้สนับสนุน (อื่นๆ)", "Data support (other)"),
    "data_collect": ("หน่วยที่ย่อยที่สุดของการจัดเก็บข้อมูล", "Data collect"),
    "data_collect_other": ("หน่วยที่ย่อยที่สุด (อื่นๆ)", "Data collect (other)"),
    "data_language": ("ภาษาที่ใช้", "Data language"),
    "data_language_other": ("ภาษาที่ใช้ (อื่นๆ)", "Data language (other)"),
    "created_date": ("วันที่เริ่มต้นสร้าง", "Created date"),
    "last_updated_date": ("วันที่ปรับปรุงข้อมูลล่าสุด", "Last updated date"),
    "data_release_calendar": ("วันที่กำหนดเผยแพร่ข้อมูล", "Data release calendar"),
    "first_year_of_data": ("ปีข้อมูลที่เริ่มต้นจัดทำ", "First year of data"),
    "last_year_of_data": ("ปีข้อมูลล่าสุดที่เผยแพร่", "Last year of data"),
    "disaggregate": ("การจัดจำแนก", "Disaggregate"),
    "disaggregate_other": ("การจัดจำแนก (อื่นๆ)", "Disaggregate (other)"),
    "unit_of_measure": ("หน่วยวัด", "Unit of measure"),
    "unit_of_multiplier": ("หน่วยตัวคูณ", "Unit of multiplier"),
    "unit_of_multiplier_other": ("หน่วยตัวคูณ (อื่นๆ)", "Unit of multiplier (other)"),
    "calculation_method": ("วิธีการคำนวณ", "Calculation method"),
    "standard": ("มาตรฐานการจัดทำข้อมูล", "Standard"),
    "geographic_data_set": ("ชุดข้อมูลภูมิศาสตร์", "Geographic dataset"),
    "equivalent_scale": ("มาตราส่วน", "Equivalent scale"),
    "equivalent_scale_other": ("มาตราส่วน (อื่นๆ)", "Equivalent scale (other)"),
    "west_bound_longitude": ("พิกัดกรอบพื้นที่ด้านทิศตะวันตก", "West bound longitude"),
    "east_bound_longitude": ("พิกัดกรอบพื้นที่ด้านทิศตะวันออก", "East bound longitude"),
    "north_bound_longitude": ("พิกัดกรอบพื้นที่ด้านทิศเหนือ", "North bound latitude"),
    "south_bound_longitude": ("พิกัดกรอบพื้นที่ด้านทิศใต้", "South bound latitude"),
    "positional_accuracy": ("ความถูกต้องของตำแหน่ง", "Positional accuracy"),
    "reference_period": ("เวลาอ้างอิง", "Reference period"),
    "data_release_date": ("วันที่เผยแพร่ข้อมูล", "Data release date"),
    "high_value_dataset": ("ชุดข้อมูลที่มีคุณค่าสูง", "High value dataset"),
    "reference_data": ("ข้อมูลอ้างอิง", "Reference data"),
    "official_statistics": ("สถิติทางการ", "Official statistics"),
    "allow_harvest": ("ยินยอมให้นำชื่อชุดข้อมูลไปใช้ที่ GD-Catalog", "Allow harvest to GD-Catalog"),
    "reference_url_catalog": ("อ้างอิง URL Catalog", "Reference URL catalog"),
}
_YES_NO = {"True": "ใช่ · Yes", "False": "ไม่ใช่ · No", True: "ใช่ · Yes", False: "ไม่ใช่ · No"}
_YES_NO_EN = {"True": "Yes", "False": "No", True: "Yes", False: "No"}
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def parse_timestamp(value) -> dt.datetime | None:
    """A stored timestamp (naive UTC ISO, or with Z/offset) as an aware UTC datetime."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def thailand_time(value) -> dt.datetime | None:
    """A stored timestamp on Thailand's clock, or None when it is not one."""
    moment = parse_timestamp(value)
    return None if moment is None else moment.astimezone(THAILAND)


def thai_datetime(value) -> str:
    """'1 พฤษภาคม 2567 เวลา 17:00 น.' on Thailand's clock."""
    local = thailand_time(value)
    if local is None:
        return str(value or "")
    try:
        return f"{format_thai_date(local.date(), 'long')} เวลา {local:%H:%M} น."
    except ThaiDateError:  # a year no Buddhist Era date can be written for
        return iso_utc(value)


def thai_date_short(value) -> str:
    """'1 พ.ค. 2567' on Thailand's clock."""
    local = thailand_time(value)
    if local is None:
        return str(value or "")
    return f"{local.day} {THAI_MONTHS_ABBR[local.month - 1]} {local.year + 543}"


def english_datetime(value) -> str:
    """'1 May 2024, 17:00' on Thailand's clock, the year in the Common Era."""
    local = thailand_time(value)
    if local is None:
        return str(value or "")
    return f"{local.day} {EN_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def english_date_short(value) -> str:
    """'1 May 2024' on Thailand's clock."""
    local = thailand_time(value)
    if local is None:
        return str(value or "")
    return f"{local.day} {EN_MONTHS[local.month - 1][:3]} {local.year}"


def iso_utc(value) -> str:
    """'2024-05-01T10:00:00Z': the stored UTC moment to the second, readable and unambiguous."""
    moment = parse_timestamp(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else str(value or "")


def iso_attr(value) -> str:
    """The full stored timestamp for a <time datetime> attribute."""
    moment = parse_timestamp(value)
    return moment.isoformat().replace("+00:00", "Z") if moment else ""


def human_size(value, lang: str = "th") -> str:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        if lang == "en":
            return "1 byte" if size == 1 else f"{size} bytes"
        return f"{size} ไบต์"
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        if size < 1024 or unit == "TB":
            return f"{size:.1f} {unit}".replace(".0 ", " ")
    return ""


def group_digits(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"  # 125000.5 reads 125,000.5, never cut to a whole number
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value or "")


def hash_parts(value) -> tuple[str, str]:
    """('sha256', '<hex>') from 'sha256:<hex>'; a bare hash is CKAN's default MD5."""
    text = str(value or "")
    if ":" in text:
        algorithm, digest = text.split(":", 1)
        return algorithm.lower(), digest
    return ("md5" if text else ""), text


def safe_url(value) -> str | None:
    """A link target only for web and mail addresses; anything else (javascript:, data:) is not a link."""
    text = str(value or "").strip()
    if re.match(r"^(https?://|mailto:)[^\s<>\"]+$", text, re.IGNORECASE) or re.match(r"^/(?!/)", text):
        return text
    return None


_URL = re.compile(r"https?://[^\s<>\"'()]+[^\s<>\"'().,;:!?]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_HEADING = re.compile(r"^#{1,6}\s+")


def _inline(text: str) -> Markup:
    """One line: escaped text, web addresses as links, **bold** as strong."""
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(_BOLD.sub(r"<strong>\1</strong>", str(escape(text[last:match.start()]))))
        url = escape(match.group(0))
        out.append(f'<a href="{url}" rel="nofollow noopener">{url}</a>')
        last = match.end()
    out.append(_BOLD.sub(r"<strong>\1</strong>", str(escape(text[last:]))))
    return Markup("".join(out))


def render_notes(text) -> Markup:
    """Dataset notes as paragraphs, bullet lists, headings and bold, never as the author's raw HTML."""
    blocks = re.split(r"\n\s*\n", str(text or "").replace("\r\n", "\n").replace("\r", "\n").strip())
    html = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        run: list[str] = []  # consecutive lines of one kind: a list (bullets) or a paragraph
        for line in lines + [None]:
            kind = None if line is None else "li" if _BULLET.match(line) else "h" if _HEADING.match(line) else "p"
            if run and (kind != ("li" if _BULLET.match(run[0]) else "p") or kind == "h"):
                if _BULLET.match(run[0]):
                    html.append("<ul>" + "".join(f"<li>{_inline(_BULLET.sub('', r))}</li>" for r in run) + "</ul>")
                else:
                    html.append("<p>" + "<br>".join(str(_inline(r)) for r in run) + "</p>")
                run = []
            if kind == "h":
                html.append(f"<h3>{_inline(_HEADING.sub('', line))}</h3>")
            elif kind:
                run.append(line)
    return Markup("\n".join(html))


def plain_excerpt(text, length: int = 220) -> str:
    """Notes as one short plain line for result lists."""
    flat = re.sub(r"\s+", " ", _BOLD.sub(r"\1", _HEADING.sub("", str(text or "")))).strip()
    flat = re.sub(r"(^|\s)[-*•]\s+", r"\1", flat)
    return flat if len(flat) <= length else flat[:length].rsplit(" ", 1)[0] + "…"


def field_value(value, lang: str = "th") -> str:
    """A metadata value as text: lists joined, GD Catalog yes/no choices in words."""
    if isinstance(value, list):
        return ", ".join(field_value(v, lang) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {field_value(v, lang)}" for k, v in value.items())
    if isinstance(value, bool) or (isinstance(value, str) and value in _YES_NO):
        return (_YES_NO_EN if lang == "en" else _YES_NO)[value]
    return "" if value is None else str(value)


# --- the page's language: every template is rendered with `lang` ("th" or "en", see web/language.py) ----

def _lang(context) -> str:
    return "en" if context.get("lang") == "en" else "th"


@pass_context
def label(context, th, en=None, css: str | None = "en") -> Markup:
    """A label as the page's language writes it: in Thai, the Thai with the English beside it in grey (a
    span of class `css`, or a plain English span when css is None); in English, the English alone. A label
    with no English (None) keeps its one text in both."""
    if en is None:
        return Markup(escape(th))
    if _lang(context) == "en":
        return Markup(escape(en))
    if not en:
        return Markup(escape(th))
    attribute = f' class="{css}"' if css else ""
    return Markup(f'{escape(th)} <span{attribute} lang="en">{escape(en)}</span>')


@pass_context
def one(context, th, en=None) -> str:
    """One language's text, for attributes, options and tight places: the Thai, or the English."""
    if en is None or _lang(context) != "en":
        return th
    return en


@pass_context
def local_datetime(context, value) -> str:
    return english_datetime(value) if _lang(context) == "en" else thai_datetime(value)


@pass_context
def local_date_short(context, value) -> str:
    return english_date_short(value) if _lang(context) == "en" else thai_date_short(value)


@pass_context
def local_size(context, value) -> str:
    return human_size(value, _lang(context))


@pass_context
def local_field_value(context, value) -> str:
    return field_value(value, _lang(context))


def _static_version() -> str:
    """A digest of the stylesheet, so browsers fetch it again when it changes."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def make_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(local_datetime=local_datetime, local_date_short=local_date_short, iso_utc=iso_utc,
                       iso_attr=iso_attr, human_size=local_size, group_digits=group_digits, safe_url=safe_url,
                       render_notes=render_notes, plain_excerpt=plain_excerpt, field_value=local_field_value)
    # t() and one() read the page's `lang`: templates import their macros `with context` to pass it on
    env.globals.update(t=label, one=one, ACTIVITY_LABELS=ACTIVITY_LABELS, hash_parts=hash_parts,
                       static_version=_static_version())
    return env
