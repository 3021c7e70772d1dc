"""Mandate item 6: monthly service statistics, by ordinary and electronic channel."""

from __future__ import annotations

from pathlib import Path

from .common import FY_MONTHS, Agency, write_csv, write_xlsx

# (service id, name, typical requests per month at the counter, online; None = no online channel)
STATS = {
    "phuket-pao": [("PAO-SV01", "ชำระค่าธรรมเนียมบำรุง อบจ. จากผู้เข้าพักโรงแรม", 140, 260),
                   ("PAO-SV06", "แจ้งเรื่องร้องเรียน ร้องทุกข์ และแจ้งเบาะแสการทุจริต", 9, None)],
    "phuket-city": [("PKC-SV01", "ขออนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร", 38, 22),
                    ("PKC-SV02", "ชำระภาษีที่ดินและสิ่งปลูกสร้าง", 900, 420),
                    ("PKC-SV07", "ขอรับบริการสูบสิ่งปฏิกูล", 45, 30)],
}
# the high season (Nov-Apr) brings more hotel stays, April-June is the tax season
SEASON = {10: 0.8, 11: 1.0, 12: 1.3, 1: 1.2, 2: 1.1, 3: 1.0, 4: 1.4, 5: 1.2, 6: 1.1, 7: 0.8, 8: 0.8, 9: 0.7}


def _rows(ag: Agency, months) -> list[list]:
    rng = ag.rng("service_statistics")
    rows = []
    for sid, name, counter, online in STATS[ag.slug]:
        for year, month in months:
            for e_service, base in ((False, counter), (True, online)):
                if base is None:
                    continue
                requests = max(1, round(base * SEASON[month] * rng.uniform(0.85, 1.15)))
                pending = 0 if base < 20 or e_service and rng.random() < 0.5 else rng.randint(0, max(1, requests // 25))
                completed = requests - pending
                within = completed - (rng.randint(0, max(0, completed // 30)) if not e_service else 0)
                rows.append([sid, name, f"{year}-{month:02d}", e_service, requests, completed, within, pending])
    return rows


def write(ag: Agency, folder: Path) -> None:
    header = ["รหัสงานบริการ", "ชื่องานบริการ", "เดือน", "ช่องทางอิเล็กทรอนิกส์", "จำนวนคำขอ", "ดำเนินการแล้วเสร็จ",
              "แล้วเสร็จภายในระยะเวลามาตรฐาน", "คงค้าง"]
    if ag.slug == "phuket-pao":
        rows = _rows(ag, FY_MONTHS)
        for row in rows:
            row[3] = "ใช่" if row[3] else "ไม่ใช่"
        write_csv(folder / "service_statistics_2568.csv", [header] + rows)
    else:
        # the second half of the fiscal year; the channel column holds Excel TRUE/FALSE cells
        rows = _rows(ag, FY_MONTHS[6:])
        write_xlsx(folder / "สถิติการให้บริการ_เม.ย.-ก.ย.68.xlsx", [{"title": "สถิติ", "rows": [header] + rows,
                                                                       "widths": {"B": 45}}])
