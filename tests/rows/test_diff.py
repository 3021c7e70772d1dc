"""Row diffs between two versions of a table: matched by the primary key, or whole rows without one, counted
exactly and paged, on a small table and on a 200,000-row pair."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from catalog.rows.diff import ADDED, CHANGED, REMOVED, RowsUnreadable, diff_tables

OLD = ("seq,item,price\n"
       "1,ซื้อวัสดุสำนักงาน,45000\n"
       "2,จ้างเหมาทำความสะอาด,120000\n"
       "3,\"ซ่อมรถยนต์, ทะเบียน กต 1234\",25400\n")
NEW = ("seq,item,price\n"
       "1,ซื้อวัสดุสำนักงาน,44000\n"
       "2,จ้างเหมาทำความสะอาด,120000\n"
       "4,ซื้อน้ำมันเชื้อเพลิง,8000\n"
       "5,จ้างพิมพ์เอกสาร,\n")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_are_matched_by_the_key_and_changed_cells_carry_old_and_new(tmp_path):
    diff = diff_tables(write(tmp_path, "old.csv", OLD), write(tmp_path, "new.csv", NEW), ["seq"])
    assert (diff.added, diff.removed, diff.changed, diff.unchanged) == (2, 1, 1, 1)
    assert diff.key == ["seq"] and diff.columns == ["seq", "item", "price"] and diff.pages == 1
    kinds = {row.key["seq"]: row.kind for row in diff.rows}
    assert kinds == {"1": CHANGED, "3": REMOVED, "4": ADDED, "5": ADDED}
    changed = next(row for row in diff.rows if row.kind == CHANGED)
    assert [(c.name, c.old, c.new) for c in changed.changed_cells] == [("price", "45000", "44000")]
    removed = next(row for row in diff.rows if row.kind == REMOVED)
    assert [c.old for c in removed.cells] == ["3", "ซ่อมรถยนต์, ทะเบียน กต 1234", "25400"]
    assert all(c.new is None for c in removed.cells)
    added = next(row for row in diff.rows if row.key["seq"] == "5")
    assert [c.new for c in added.cells] == ["5", "จ้างพิมพ์เอกสาร", ""], "a missing cell reads as empty"


def test_without_a_key_whole_rows_are_compared_and_a_removed_duplicate_shows(tmp_path):
    old = write(tmp_path, "old.csv", "a,b\nx,1\nx,1\ny,2\n")
    new = write(tmp_path, "new.csv", "a,b\nx,1\ny,3\n")
    diff = diff_tables(old, new, [])
    assert (diff.added, diff.removed, diff.changed, diff.unchanged) == (1, 2, 0, 1)
    assert diff.key == []
    shown = [(row.kind, [c.new if row.kind == ADDED else c.old for c in row.cells]) for row in diff.rows]
    # in file order: a row's place in the new file, a removed row's in the old one
    assert shown == [(REMOVED, ["x", "1"]), (ADDED, ["y", "3"]), (REMOVED, ["y", "2"])]
    # a key field missing from a file: rows are matched whole too
    assert diff_tables(old, new, ["no_such_field"]).key == []


def test_a_table_new_or_gone_in_a_version_is_all_added_or_all_removed(tmp_path):
    new = write(tmp_path, "new.csv", NEW)
    assert (diff_tables(None, new, ["seq"]).added, diff_tables(new, None, ["seq"]).removed) == (4, 4)


def test_fields_added_and_removed_are_named(tmp_path):
    old = write(tmp_path, "old.csv", "seq,price,note\n1,10,x\n")
    new = write(tmp_path, "new.csv", "seq,price,unit\n1,10,บาท\n")
    diff = diff_tables(old, new, ["seq"])
    assert diff.fields_added == ["unit"] and diff.fields_removed == ["note"]
    assert diff.changed == 0 and diff.unchanged == 1, "only the fields both files hold are compared"


def test_a_file_that_is_not_a_csv_table_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(RowsUnreadable):
        diff_tables(bad, write(tmp_path, "new.csv", NEW), ["seq"])


def test_two_hundred_thousand_rows_are_compared_exactly_and_paged(tmp_path):
    rows = 200_000
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    with open(old, "w", encoding="utf-8") as out:
        out.write("record_id,agency,amount\n")
        for n in range(rows):
            out.write(f"{n},องค์การบริหารส่วนจังหวัดภูเก็ต,{n * 10}\n")
    with open(new, "w", encoding="utf-8") as out:
        out.write("record_id,agency,amount\n")
        for n in range(rows):
            if n % 1000 == 0:  # 200 rows removed
                continue
            amount = n * 10 + 1 if n % 97 == 0 else n * 10  # every 97th changes, unless removed
            out.write(f"{n},องค์การบริหารส่วนจังหวัดภูเก็ต,{amount}\n")
        for n in range(rows, rows + 1500):  # 1,500 rows added
            out.write(f"{n},เทศบาลนครภูเก็ต,{n}\n")
    changed = sum(1 for n in range(rows) if n % 97 == 0 and n % 1000 != 0)
    started = time.monotonic()
    diff = diff_tables(old, new, ["record_id"], page=3, page_size=100)
    elapsed = time.monotonic() - started
    assert (diff.added, diff.removed, diff.changed) == (1500, 200, changed)
    assert diff.unchanged == rows - 200 - changed
    assert diff.total == 1500 + 200 + changed and diff.pages == -(-diff.total // 100)
    assert len(diff.rows) == 100 and diff.page == 3
    assert elapsed < 30, f"{elapsed:.1f} s for 200,000 rows"
    last = diff_tables(old, new, ["record_id"], page=diff.pages, page_size=100)
    assert len(last.rows) == diff.total - (diff.pages - 1) * 100
    assert all(row.kind == ADDED for row in last.rows), "rows in file order: the added rows come last"
    first = diff_tables(old, new, ["record_id"], page=1, page_size=100).rows
    assert first[0].kind == REMOVED and first[0].key == {"record_id": "0"}
    assert first[1].kind == CHANGED and first[1].key == {"record_id": "97"}
    assert [(c.old, c.new) for c in first[1].changed_cells] == [("970", "971")]
