"""The sample procurement ledger of fiscal year 2568, shared by the procurement plan, the monthly form
สขร.1, the 16-field summary and the e-GP contract export. Vendors, prices and numbers are invented."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .common import FY_MONTHS, Agency, baht, round_to, thai_digits, workday
from .projects import EB, EM, PROJECTS, SEL, SPEC

# a month with no purchases at all: the form is still filed, saying so
EMPTY_MONTH = {"phuket-pao": (2025, 4), "phuket-city": (2025, 5)}

VENDORS = {
    "construction": ["บริษัท ถลางก่อสร้างรุ่งเรือง จำกัด", "ห้างหุ้นส่วนจำกัด อันดามันโยธาการ",
                     "บริษัท เกาะแก้วคอนสตรัคชั่น จำกัด", "ห้างหุ้นส่วนจำกัด ฉลองทรัพย์วิศวกรรม"],
    "waste": ["บริษัท ป่าตองคลีนนิ่ง จำกัด", "บริษัท อันดามันเอนไวรอนเมนท์ จำกัด", "บริษัท กะทู้เวสต์แมเนจเมนท์ จำกัด"],
    "lifeguard": ["บริษัท เซฟซีการ์ด เซอร์วิส จำกัด", "บริษัท อันดามันไลฟ์เซฟวิ่ง จำกัด",
                  "ห้างหุ้นส่วนจำกัด ภูเก็ตมารีนเซฟตี้"],
    "event": ["ห้างหุ้นส่วนจำกัด กะทู้ออร์กาไนเซอร์", "บริษัท ภูเก็ตอีเวนท์แอนด์มีเดีย จำกัด", "บริษัท ทาวน์เฟสติวัล จำกัด"],
    "food": ["ห้างหุ้นส่วนจำกัด ครัวบางเหนียว", "บริษัท อันดามันฟู้ดเซอร์วิส จำกัด"],
    "it": ["บริษัท อันดามันไอที โซลูชั่น จำกัด", "บริษัท ภูเก็ตดิจิทัลเวิร์คส์ จำกัด", "บริษัท สมาร์ทซิตี้ภูเก็ต จำกัด"],
    "medical": ["บริษัท ภูเก็ตเมดิคอลซัพพลาย จำกัด", "บริษัท อันดามันเฮลท์แคร์ จำกัด", "ห้างหุ้นส่วนจำกัด ฉลองเวชภัณฑ์"],
    "equipment": ["ห้างหุ้นส่วนจำกัด ไม้ขาวพาณิชย์", "บริษัท ภูเก็ตอิเล็กทริค แอนด์ ซัพพลาย จำกัด",
                  "บริษัท ถลางเซฟตี้อีควิปเมนท์ จำกัด"],
    "vehicle": ["บริษัท สุรินทร์ยนตรการ จำกัด", "บริษัท อันดามันไฟร์ทรัค จำกัด", "บริษัท ภูเก็ตมอเตอร์เซลส์ จำกัด"],
    "research": ["ห้างหุ้นส่วนจำกัด อันดามันรีเสิร์ช แอนด์ คอนซัลแทนท์"],
}
POOL_WORDS = [("lifeguard", ("ไลฟ์การ์ด",)), ("waste", ("ขยะ", "ขุดลอก")), ("food", ("อาหาร",)),
              ("research", ("สำรวจความพึงพอใจ",)), ("vehicle", ("รถ",)), ("medical", ("การแพทย์", "ไข้เลือดออก")),
              ("equipment", ("ไฟฟ้า", "CCTV", "เครื่องสูบน้ำ", "ทุ่น")),
              ("construction", ("ก่อสร้าง", "ถนน", "ท่อ", "สวน", "ระบายน้ำ")),
              ("it", ("คอมพิวเตอร์", "ระบบ", "ออนไลน์", "สื่อการเรียน")), ("event", ("งาน", "กีฬา", "Festival"))]


def vendor_pool(name: str) -> list[str]:
    return next((VENDORS[pool] for pool, words in POOL_WORDS if any(w in name for w in words)), VENDORS["equipment"])


# small purchases by the specific method: (e-GP title, type, lowest, highest budget, vendor)
SMALL = [
    ("ซื้อวัสดุสำนักงาน จำนวน ๑๒ รายการ", "ซื้อ", 8_000, 45_000, "ห้างหุ้นส่วนจำกัด ภูเก็ตเครื่องเขียน"),
    ("ซื้อน้ำมันเชื้อเพลิงและหล่อลื่น สำหรับรถยนต์ส่วนกลาง", "ซื้อ", 30_000, 90_000, "ห้างหุ้นส่วนจำกัด ภูเก็ตปิโตรเลียม"),
    ("จ้างซ่อมแซมรถยนต์ส่วนกลาง หมายเลขทะเบียน กต 1234 ภูเก็ต จำนวน ๑ คัน", "จ้างทำของ/จ้างเหมาบริการ", 5_000,
     38_000, "บริษัท สุรินทร์ยนตรการ จำกัด"),
    ("จ้างเหมาจัดทำป้ายไวนิลประชาสัมพันธ์ จำนวน ๒๐ ป้าย", "จ้างทำของ/จ้างเหมาบริการ", 4_000, 18_000,
     "ห้างหุ้นส่วนจำกัด ฉลองการพิมพ์"),
    ("ซื้อวัสดุคอมพิวเตอร์ (ตลับหมึกพิมพ์) จำนวน ๘ รายการ", "ซื้อ", 12_000, 60_000,
     "บริษัท อันดามันไอที โซลูชั่น จำกัด"),
    ("จ้างเหมาบริการทำความสะอาดอาคารสำนักงาน", "จ้างทำของ/จ้างเหมาบริการ", 40_000, 95_000,
     "บริษัท ป่าตองคลีนนิ่ง จำกัด"),
    ("ซื้อวัสดุวิทยาศาสตร์หรือการแพทย์ (ทรายกำจัดลูกน้ำ) จำนวน ๓๐๐ ถัง", "ซื้อ", 60_000, 99_000,
     "บริษัท ภูเก็ตเมดิคอลซัพพลาย จำกัด"),
    ("จ้างเหมาอาหารว่างและเครื่องดื่ม โครงการอบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน", "จ้างทำของ/จ้างเหมาบริการ",
     6_000, 25_000, "ร้านอาหารกะรนซีฟู้ด"),
]

METHOD_GROUP = {EB: "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", EM: "ตลาดอิเล็กทรอนิกส์ (e-market)", SEL: "คัดเลือก",
                SPEC: "เฉพาะเจาะจง"}


@dataclass
class Purchase:
    item: str  # the title as the officer writes it on form สขร.1
    egp_title: str  # the title in e-GP
    kind: str
    method: str
    budget: float
    reference: float
    agreed: float
    winner: str
    bidders: str
    reason: str
    contract_number: str
    contract_date: dt.date
    announce_date: dt.date | None
    project_id: str  # 11-digit e-GP number: BE year and month it was made + 7 digits
    source: str
    plan_code: str = ""  # the action-plan project it buys, if any

    @property
    def month(self) -> tuple[int, int]:
        return self.contract_date.year, self.contract_date.month


def egp_title(name: str, kind: str, method: str) -> str:
    """The e-GP project title: what is bought or hired, then the method."""
    if method == SPEC and not name.startswith("จัดซื้อ"):
        name = ("ซื้อวัสดุตามโครงการ" if kind == "ซื้อ" else "จ้างเหมาบริการตามโครงการ") + name
    elif name.startswith("จัดซื้อ"):
        name = name[len("จัด"):]
    elif kind == "ซื้อ":
        name = ("ซื้อพร้อม" if name.startswith("ติดตั้ง") else "ซื้อ") + name
    elif name.startswith("งาน"):
        name = "จ้างเหมาจัด" + name
    elif not name.startswith("จ้าง"):
        name = "จ้าง" + name
    if method == EB:
        return f"ประกวดราคา{name} ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)"
    if method == EM:
        return f"{name} ด้วยวิธีตลาดอิเล็กทรอนิกส์ (e-market)"
    return f"{name} โดยวิธี{method}"


def _project_id(made: dt.date, serial: int) -> str:
    return f"{(made.year + 543) % 100:02d}{made.month:02d}{serial:07d}"


def _months_before(d: dt.date, months: int) -> dt.date:
    month = d.month - months
    year = d.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


def ledger(ag: Agency) -> list[Purchase]:
    rng = ag.rng("procurement")
    out: list[Purchase] = []
    counters = {"สัญญา": 0, "ใบสั่งซื้อ": 0, "ใบสั่งจ้าง": 0}

    def number(kind: str, method: str) -> str:
        book = "สัญญา" if method in (EB, SEL) else "ใบสั่งซื้อ" if kind == "ซื้อ" else "ใบสั่งจ้าง"
        counters[book] += 1
        return f"{book} {counters[book]}/2568"

    for p in PROJECTS[ag.slug]:
        if not p.method:
            continue
        signed = workday(rng, p.start.year, p.start.month)
        signed = min(signed, dt.date(p.start.year, p.start.month, 1) + dt.timedelta(days=10)) if signed.day > 11 \
            else signed
        while signed.weekday() >= 5:
            signed += dt.timedelta(days=1)
        # the specific method is for small purchases: one part of the project, at most 500,000 baht
        budget = float(p.budget if p.method != SPEC else min(round_to(p.budget * 0.6, 1000), 495_000))
        reference = float(round_to(budget * rng.uniform(0.95, 1.0), 100))
        pool = vendor_pool(p.name)
        vendors = rng.sample(pool, min(len(pool), 3) if p.method in (EB, SEL) else 1)
        if p.method in (EB, SEL, EM):
            offers = sorted(round_to(reference * rng.uniform(0.86, 0.99), 10) for _ in vendors)
            announce = signed - dt.timedelta(days=rng.randint(28, 45))
            made = _months_before(announce, 1)
        else:
            offers = [round_to(reference * rng.uniform(0.97, 1.0), 10)]
            announce = None
            made = _months_before(signed, 0)
        agreed = float(offers[0])
        bidders = " ".join(f"{n}. {v} {baht(o)} บาท" for n, (v, o) in enumerate(zip(vendors, offers), start=1))
        reason = "เป็นผู้เสนอราคาต่ำสุดและมีคุณสมบัติถูกต้องครบถ้วนตามเงื่อนไขในเอกสารประกวดราคา" \
            if p.method in (EB, SEL, EM) else "เป็นผู้มีอาชีพขายหรือรับจ้างโดยตรงและเสนอราคาไม่เกินวงเงินงบประมาณ"
        item = egp_title(p.name, p.kind, p.method).split(" ด้วยวิธี")[0].split(" โดยวิธี")[0]
        item = item[len("ประกวดราคา"):] if item.startswith("ประกวดราคา") else item
        out.append(Purchase(item, egp_title(p.name, p.kind, p.method), p.kind, p.method, budget, reference, agreed,
                            vendors[0], bidders, reason, "", signed, announce,
                            _project_id(made, 0), p.source, p.code))
    busy = {p.month for p in out}
    for year, month in FY_MONTHS:
        if (year, month) == EMPTY_MONTH[ag.slug]:
            continue
        for title, kind, low, high, vendor in rng.sample(SMALL, 1 if (year, month) in busy else 2):
            budget = float(round_to(rng.uniform(low, high), 100))
            agreed = float(round_to(budget * rng.uniform(0.93, 1.0), 10))
            signed = workday(rng, year, month)
            out.append(Purchase(title, f"{title} โดยวิธีเฉพาะเจาะจง", kind, SPEC, budget, budget, agreed, vendor,
                                f"1. {vendor} {baht(agreed)} บาท",
                                "เป็นผู้มีอาชีพขายหรือรับจ้างโดยตรงและเสนอราคาไม่เกินวงเงินงบประมาณ",
                                "", signed, None, _project_id(signed, 0), "เงินรายได้"))
    out.sort(key=lambda p: (p.contract_date, p.item))
    for n, purchase in enumerate(out):  # e-GP numbers run on within each month they were made
        prefix = purchase.project_id[:4]
        purchase.project_id = prefix + f"{(ag.seed % 100) * 100_000 + 4_000 + n * 317 + rng.randint(0, 99):07d}"
        purchase.contract_number = number(purchase.kind, purchase.method)
    return out


def thai_amount(value: float, thai: bool) -> str:
    text = baht(value)
    return thai_digits(text) if thai else text
