"""Shared helpers for the sample source files: the two agencies, Thai date/number forms and file writers.

Everything here is deterministic: the same code writes the same bytes (XLSX zip entries and workbook
properties get a fixed timestamp, random choices come from seeded generators).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

FIXED_TIME = dt.datetime(2025, 10, 15, 9, 0, 0)

MONTHS_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
MONTHS_FULL = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
               "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
FY_MONTHS = [(2024, m) for m in range(10, 13)] + [(2025, m) for m in range(1, 10)]  # FY2568: Oct 2024 - Sep 2025
FY_START = dt.date(2024, 10, 1)
FY_END = dt.date(2025, 9, 30)
HALF_END = dt.date(2025, 3, 31)


@dataclass
class Agency:
    slug: str
    name_th: str
    name_en: str
    short_th: str  # how the agency names itself in project titles, e.g. อบจ.ภูเก็ต
    agency_id: str
    domain: str  # a clearly-sample web domain
    phone_prefix: str  # office lines, e.g. 076-211
    address: str
    district: str
    postal_code: str
    maintainer: str
    seed: int
    units: list[tuple[str, str, str]] = field(default_factory=list)  # (unit id, name, head position)
    sample_note: str = ""  # what the sample's record shows about this agency, said in every description

    def rng(self, topic: str) -> random.Random:
        """A generator of its own per agency and topic, so editing one table never shifts another."""
        return random.Random(f"{self.seed}:{topic}")

    def phone(self, ext: int) -> str:
        return f"{self.phone_prefix}-{ext:03d}"

    def email(self, local: str) -> str:
        return f"{local}@{self.domain}"

    def url(self, path: str = "") -> str:
        return f"https://www.{self.domain}/{path}".rstrip("/")

    def agency_json(self) -> dict:
        from .filed import filed

        return {"slug": self.slug, "name_th": self.name_th, "name_en": self.name_en, "maintainer": self.maintainer,
                "maintainer_email": self.email("opendata"), "sample": True,
                **({"sample_note": self.sample_note} if self.sample_note else {}), "filed": filed(self)}

    def unit_names(self) -> list[str]:
        return [name for _, name, _ in self.units]


# ---------------------------------------------------------------- Thai forms of dates and numbers
def be_short(d: dt.date) -> str:
    """`29 พ.ย. 67` as the e-GP export writes it."""
    return f"{d.day} {MONTHS_ABBR[d.month - 1]} {(d.year + 543) % 100:02d}"


def be_abbr(d: dt.date) -> str:
    return f"{d.day} {MONTHS_ABBR[d.month - 1]} {d.year + 543}"


def be_full(d: dt.date) -> str:
    return f"{d.day} {MONTHS_FULL[d.month - 1]} {d.year + 543}"


def be_slash(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year + 543}"


def be_month(year: int, month: int) -> str:
    """`ตุลาคม 2567`: how a month heads a Thai report (not a cell the build reads as a month)."""
    return f"{MONTHS_FULL[month - 1]} {year + 543}"


def thai_digits(text: object) -> str:
    return str(text).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def baht(amount: float, decimals: bool = True) -> str:
    return f"{amount:,.2f}" if decimals else f"{amount:,.0f}"


def round_to(value: float, step: int) -> int:
    return int(round(value / step) * step)


def month_days(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def workday(rng: random.Random, year: int, month: int) -> dt.date:
    while True:
        d = dt.date(year, month, rng.randint(1, month_days(year, month)))
        if d.weekday() < 5:
            return d


# ---------------------------------------------------------------- invented people (never real ones)
FIRST_M = ["สมชาย", "ธนากร", "วีระพงษ์", "ประเสริฐ", "อนุชา", "กิตติพงษ์", "ชัยวัฒน์", "สุรเชษฐ์", "ณัฐพล", "ภาคภูมิ",
           "ปิยะพงษ์", "เอกชัย", "ศักดิ์ชัย", "วรวุฒิ", "อภิสิทธิ์", "ธีรวัฒน์", "สุทธิพงษ์", "จักรพันธ์", "พงศกร", "ชาญวิทย์"]
FIRST_F = ["สุภาวดี", "วรรณา", "กมลวรรณ", "ศิริพร", "จันทร์เพ็ญ", "ปวีณา", "นันทนา", "อรุณี", "พัชรินทร์", "ดวงใจ",
           "รัตนาภรณ์", "ณัฐธิดา", "สุนิสา", "กาญจนา", "วิมลรัตน์", "เบญจวรรณ", "ปิยะนุช", "อัญชลี", "ธนพร", "มาลินี"]
LAST = ["ทองสุข", "ศรีสมบูรณ์", "แก้วมณี", "บุญประเสริฐ", "อ่อนละมัย", "หอมจันทร์", "ทิพย์วงศ์", "จันทร์แจ่ม",
        "สายสุวรรณ", "รักษ์ทะเล", "ชูแก้ว", "ดำรงค์กุล", "เพชรรัตน์", "นาคสวัสดิ์", "ปานทอง", "สุขเกษม", "วงศ์อันดา",
        "ศรีถลาง", "เกาะแก้ว", "บางเหนียวกุล", "กมลาสินธุ์", "ป่าตองวงศ์", "ไชยทิพย์", "ใจดีงาม", "มณีวงศ์"]


def person(rng: random.Random, used: set[str]) -> tuple[str, str, str]:
    """(prefix, first name, last name) of an invented person, never the same twice in one agency."""
    while True:
        female = rng.random() < 0.5
        first = rng.choice(FIRST_F if female else FIRST_M)
        last = rng.choice(LAST)
        if first + last not in used:
            used.add(first + last)
            prefix = rng.choice(["นาง", "นางสาว"]) if female else "นาย"
            return prefix, first, last


# ---------------------------------------------------------------- file writers
def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8-sig", crlf: bool = False) -> None:
    """A CSV as officers save it: UTF-8 with BOM by default (Excel's 'CSV UTF-8'), or cp874 from older Excel."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows(
        [["" if c is None else c for c in row] for row in rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, sheets: list[dict]) -> None:
    """Workbook with one sheet per dict: {"title", "rows", "merges": ["A1:D1"], "widths": {"A": 12}}.

    openpyxl stamps the time of saving into the workbook and its zip entries; both are pinned here so the
    same content gives the same bytes.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec["title"])
        for row in spec["rows"]:
            ws.append(row)
        for cell_range in spec.get("merges", []):
            ws.merge_cells(cell_range)
        for r in range(1, spec.get("header_rows", 1) + 1):
            for cell in ws[r]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for column, width in spec.get("widths", {}).items():
            ws.column_dimensions[column].width = width
        for cell_ref, number_format in spec.get("formats", {}).items():
            ws[cell_ref].number_format = number_format
    wb.properties.creator = "sample"
    wb.properties.lastModifiedBy = "sample"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    _pin_zip(path, raw.getvalue())


def _pin_zip(path: Path, data: bytes) -> None:
    stamp = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
    fixed = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = stamp.sub(rb"\g<1>" + fixed + rb"\g<2>", content)
            pinned = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o600 << 16
            dst.writestr(pinned, content)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, lines: list[str]) -> None:
    """A minimal valid one-page PDF (Helvetica, ASCII lines) with a correct cross-reference table."""
    lines = [line.encode("ascii", "replace").decode("ascii") for line in lines]
    ops = ["BT", "/F1 16 Tf", "72 770 Td", f"({_pdf_text(lines[0])}) Tj", "/F1 11 Tf"]
    for line in lines[1:]:
        ops += ["0 -20 Td", f"({_pdf_text(line)}) Tj"]
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))


def documents(folder: Path, ag: Agency, docs: list[dict], *, register: str = "register.csv",
              header: list[str] | None = None, date_form=be_abbr, **csv_options) -> None:
    """Write each document as a one-page PDF and the register CSV that lists them.

    docs: {"id", "file", "title", "type", "date", "fy", "en" (ASCII title for the PDF), "note"}
    """
    header = header or ["รหัสเอกสาร", "ชื่อเอกสาร", "ประเภทเอกสาร", "ชื่อไฟล์", "วันที่เผยแพร่", "ปีงบประมาณ",
                        "ลิงก์ที่เผยแพร่", "รายละเอียด"]
    rows = [header]
    for doc in docs:
        write_pdf(folder / doc["file"], [
            doc["en"], ag.name_en, "SAMPLE DOCUMENT - not the agency's real document",
            f"Document ID: {doc['id']}   Fiscal year (BE): {doc.get('fy') or '-'}",
            f"Published: {doc['date'].isoformat()}",
            "This one-page file stands in for the published document in a sample data package.",
        ])
        rows.append([doc["id"], doc["title"], doc["type"], doc["file"], date_form(doc["date"]), doc.get("fy", ""),
                     ag.url(f"ita/{doc['file']}"), doc.get("note", "")])
    write_csv(folder / register, rows, **csv_options)
