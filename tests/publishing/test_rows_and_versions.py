"""Row changes by primary key, and the version a change calls for."""

from __future__ import annotations

import random

import pytest

from catalog.publishing import rows
from catalog.publishing.rows import diff_rows
from catalog.validation import csv_table
from catalog.publishing.versioning import bump


def table(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_are_matched_by_their_primary_key(tmp_path):
    old = table(tmp_path / "old.csv", "id,year,amount\n1,2567,10\n2,2567,20\n3,2567,30\n")
    new = table(tmp_path / "new.csv", "id,year,amount\n3,2567,30\n1,2567,11\n4,2567,40\n")  # reordered too
    changes = diff_rows(old, new, ["id", "year"])
    assert (changes.changed, changes.added, changes.removed) == (1, 1, 1)
    assert changes.key == ["id", "year"] and changes.changed_keys == ["id=1, year=2567"]


def test_without_a_key_rows_are_compared_whole(tmp_path):
    old = table(tmp_path / "old.csv", "a,b\nx,1\nx,1\ny,2\n")
    new = table(tmp_path / "new.csv", "a,b\nx,1\ny,3\n")
    changes = diff_rows(old, new, None)
    assert (changes.changed, changes.added, changes.removed, changes.key) == (0, 1, 2, [])


def test_a_key_that_is_not_unique_in_the_old_file_falls_back_to_whole_rows(tmp_path):
    old = table(tmp_path / "old.csv", "id,v\n1,a\n1,b\n")
    new = table(tmp_path / "new.csv", "id,v\n1,a\n")
    changes = diff_rows(old, new, "id")
    assert (changes.key, changes.removed) == ([], 1)


def test_fields_added_and_removed_are_named(tmp_path):
    old = table(tmp_path / "old.csv", "id,a,b\n1,x,y\n")
    new = table(tmp_path / "new.csv", "id,a,c\n1,x,z\n")
    changes = diff_rows(old, new, ["id"])
    assert (changes.fields_added, changes.fields_removed, changes.changed) == (["c"], ["b"], 0)


@pytest.mark.parametrize("version, level, expected", [
    ("1.0.0", "patch", "1.0.1"), ("1.4.2", "minor", "1.5.0"), ("1.4.2", "major", "2.0.0"),
    (None, "patch", "1.0.0"), ("2568-10", "minor", "1.0.0"),
])
def test_semver_bumps(version, level, expected):
    assert bump(version, level) == expected


@pytest.mark.parametrize("partition_rows, chunk_bytes", [(10**9, 1 << 21), (100, 512)])
def test_large_tables_are_compared_in_parts_with_the_same_result(tmp_path, monkeypatch, partition_rows, chunk_bytes):
    """A table is read in chunks and compared partition by partition; how it is cut never changes the answer."""
    monkeypatch.setattr(rows, "PARTITION_ROWS", partition_rows)
    monkeypatch.setattr(csv_table, "CHUNK_BYTES", chunk_bytes)
    pick = random.Random(7)
    before = {i: f"ตำบล {i % 17},{i * 3}" for i in range(3000)}
    after = dict(before)
    removed = pick.sample(sorted(after), 50)
    for i in removed:
        del after[i]
    changed = pick.sample(sorted(after), 70)
    for i in changed:
        after[i] = after[i] + "1"
    for i in range(5000, 5030):
        after[i] = "ตำบล ใหม่,0"
    order = sorted(after)
    pick.shuffle(order)
    old = table(tmp_path / "old.csv", "id,place,amount\n" + "".join(f"{i},{v}\n" for i, v in before.items()))
    new = table(tmp_path / "new.csv", "id,place,amount\n" + "".join(f"{i},{after[i]}\n" for i in order))
    changes = diff_rows(old, new, "id")
    assert (changes.changed, changes.added, changes.removed) == (70, 30, 50)
    first_changed = [i for i in order if i in changed][:3]
    assert changes.changed_keys == [f"id={i}" for i in first_changed]
    whole = diff_rows(old, new, None)  # without a key: a changed row is one removed and one added
    assert (whole.changed, whole.added, whole.removed) == (0, 100, 120)


def test_a_row_longer_than_a_read_block_is_compared_like_any_other(tmp_path):
    long_cell = "ก" * (csv_table.READ_BLOCK // 2)  # 3 bytes a letter: a row longer than one block of pyarrow's
    old = table(tmp_path / "old.csv", "id,note\n1,a\n2,b\n3,c\n")
    new = table(tmp_path / "new.csv", f'id,note\n1,a\n2,"{long_cell}"\n4,d\n')
    changes = diff_rows(old, new, ["id"])
    assert (changes.changed, changes.added, changes.removed, changes.changed_keys) == (1, 1, 1, ["id=2"])
