"""A changelog entry, as the publisher writes it, told in Thai and English on the version pages."""

from __future__ import annotations

import json

from catalog.server.web.changelog import amount, entry_lines

SCHEMA = json.dumps({"fields": [{"name": "report_month", "type": "string"}, {"name": "seq", "type": "integer"},
                                {"name": "agreed_price", "type": "number"}],
                     "primaryKey": ["report_month", "seq"]})
RESOURCES = [{"name": "procurement_monthly", "schema": SCHEMA}]
TITLES = {"report_month": "เดือนที่รายงาน", "seq": "ลำดับที่", "agreed_price": "ราคาที่ตกลงซื้อหรือจ้าง"}


def entry(rows: dict, periods: dict | None = None, **more) -> dict:
    return {"version": "1.1.0", "level": "minor", "resources": {"new": [], "changed": ["procurement_monthly"],
                                                                "removed": []},
            "rows": {"procurement_monthly": rows}, "periods": {"procurement_monthly": periods} if periods else {},
            **more}


def test_one_month_is_said_once_and_amounts_are_grouped():
    rows = {"key": ["report_month", "seq"], "added": 3, "removed": 0, "changed": 1, "titles": TITLES,
            "changes": [{"key": {"report_month": "2024-11", "seq": "2"},
                         "fields": {"agreed_price": ["45000", "44000"]}}]}
    [line] = entry_lines(entry(rows, {"key": ["report_month"], "kinds": ["month"], "replaced": ["2024-11"]}),
                         RESOURCES)
    assert line.th == ("เพิ่ม 3 แถว แก้ไข 1 แถว ในเดือนพฤศจิกายน 2567: "
                       "ลำดับที่ 2 ราคาที่ตกลงซื้อหรือจ้าง 45,000 → 44,000")
    assert line.en == "3 rows added, 1 changed in November 2024: seq 2 agreed_price 45,000 -> 44,000"
    assert line.resource == "procurement_monthly"


def test_several_months_name_each_change_s_month_and_the_rest_is_counted():
    rows = {"key": ["report_month", "seq"], "added": 0, "removed": 1, "changed": 3, "titles": TITLES,
            "changes": [{"key": {"report_month": "2024-11", "seq": "2"}, "fields": {"agreed_price": ["1000.5", ""]}}]}
    periods = {"key": ["report_month"], "kinds": ["month"], "replaced": ["2025-03", "2024-11"]}
    [line] = entry_lines(entry(rows, periods), RESOURCES)
    assert line.th == ("แก้ไข 3 แถว ลบ 1 แถว ในเดือนพฤศจิกายน 2567 และมีนาคม 2568: พฤศจิกายน 2567 ลำดับที่ 2 "
                       "ราคาที่ตกลงซื้อหรือจ้าง 1,000.5 → ∅ และแถวที่แก้ไขอีก 2 แถว")
    assert line.en == ("3 rows changed, 1 removed in November 2024 and March 2025: November 2024 seq 2 "
                       "agreed_price 1,000.5 -> ∅; and 2 more changed")


def test_a_table_without_a_key_has_its_counts_and_other_changes_their_own_lines():
    lines = entry_lines(entry({"key": [], "added": 1, "removed": 1, "changed": 0},
                              schema=["procurement_monthly"], metadata={"dataset": ["notes"]}), RESOURCES)
    assert [line.en for line in lines] == [
        "1 row added, 1 removed", "table schema changed (breaking): procurement_monthly", "metadata changed: notes"]
    assert lines[0].th == "เพิ่ม 1 แถว ลบ 1 แถว"


def test_the_first_version_names_its_files_and_periods():
    first = {"version": "1.0.0", "level": "first", "resources": {"new": ["procurement_monthly"]}, "rows": {},
             "periods": {"procurement_monthly": {"key": ["report_month"], "kinds": ["month"],
                                                 "added": ["2024-10", "2024-11", "2024-12"]}}}
    assert [(line.th, line.en) for line in entry_lines(first)] == [
        ("เผยแพร่ครั้งแรก: procurement_monthly", "first published: procurement_monthly"),
        ("งวดข้อมูล ตุลาคม 2567 – ธันวาคม 2567 (3 งวด)", "periods October 2024 – December 2024 (3 periods)")]


def test_what_cannot_be_read_says_nothing():
    assert entry_lines(None) == [] and entry_lines("not an entry") == []
    assert [amount(v) for v in ("2053560", "-1500.25", "1e5", "", None, "สองพัน")] == [
        "2,053,560", "-1,500.25", "1e5", "", "", "สองพัน"]
