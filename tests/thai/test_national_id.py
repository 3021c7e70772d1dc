import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import catalog.thai.national_id as national_id_module
from catalog.thai import (NationalIdError, find_national_ids, generate_national_id, is_juristic_id, is_personal_id,
                          is_valid_national_id, national_id_check_digit, personal_id_mask, to_thai_digits)


def reference_check_digit(first12: str) -> int:
    """The formula as published: d13 = (11 - (sum of d_i * (14 - i), i = 1..12) mod 11) mod 10."""
    total = sum(int(first12[i - 1]) * (14 - i) for i in range(1, 13))
    return (11 - total % 11) % 10


def remainder(first12: str) -> int:
    return sum(int(first12[i - 1]) * (14 - i) for i in range(1, 13)) % 11


PERSON = generate_national_id("110170012345")  # a natural person's ID (does not start with 0)
COMPANY = generate_national_id("010555012345")  # a juristic person's tax ID (starts with 0)
twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


def dashed(number: str, separator: str = "-") -> str:
    return separator.join([number[0], number[1:5], number[5:10], number[10:12], number[12]])


def broken(number: str) -> str:
    """The same ID with a wrong check digit."""
    return number[:12] + str((int(number[12]) + 1) % 10)


def test_check_digit_follows_the_published_formula():
    assert national_id_check_digit("110170012345") == reference_check_digit("110170012345") == 6
    assert PERSON == "1101700123456"
    assert national_id_check_digit("1-1017-00123-45") == 6
    assert national_id_check_digit("๑๑๐๑๗๐๐๑๒๓๔๕") == 6


@pytest.mark.parametrize("bad", ["12345", "1101700123456", "11017001234x", "", 110170012345, None])
def test_check_digit_needs_exactly_twelve_digits(bad):
    with pytest.raises(NationalIdError):
        national_id_check_digit(bad)


@pytest.mark.parametrize("text, valid", [
    (PERSON, True), (COMPANY, True), (dashed(PERSON), True), (dashed(PERSON, " "), True),
    (f" {PERSON} ", True), (to_thai_digits(PERSON), True), (to_thai_digits(dashed(COMPANY)), True),
    (broken(PERSON), False), (PERSON[:12], False), (PERSON + "0", False), ("abcdefghijklm", False),
    (int(PERSON), False),  # a number has lost a juristic ID's leading 0: only text is judged
    (None, False), ("", False),
])
def test_is_valid_national_id(text, valid):
    assert is_valid_national_id(text) is valid


def test_juristic_and_personal():
    assert is_juristic_id(COMPANY) and not is_personal_id(COMPANY)
    assert is_personal_id(PERSON) and not is_juristic_id(PERSON)
    assert is_personal_id(dashed(PERSON)) and is_juristic_id(to_thai_digits(COMPANY))
    for invalid in (broken(PERSON), broken(COMPANY), "0" * 12):
        assert not is_personal_id(invalid) and not is_juristic_id(invalid)


def test_find_national_ids_in_free_text():
    text = (f"ผู้ขาย {dashed(PERSON)} และบริษัท {COMPANY}, โครงการเลขที่ 67119524001, "
            f"ผิด {broken(PERSON)}, ยาวเกิน 9{PERSON}, เลข{to_thai_digits(PERSON)}ซ้ำ")
    assert find_national_ids(text) == [PERSON, COMPANY, PERSON]
    assert find_national_ids(f"A{PERSON}B {PERSON}") == [PERSON, PERSON]  # letters are boundaries
    assert find_national_ids(f"{PERSON}-9") == [PERSON]
    assert find_national_ids(f"{dashed(PERSON)}5") == []  # a digit right after the last group
    assert find_national_ids("ไม่มีเลข") == []


def test_mask_examples():
    cells = pd.Series([
        PERSON, COMPANY, dashed(PERSON, " "), to_thai_digits(PERSON), f"นาย ก. เลขประจำตัว {dashed(PERSON)}",
        f"บริษัท {COMPANY} ผู้รับจ้าง", f"{COMPANY} และ {PERSON}", broken(PERSON), f"9{PERSON}", "67119524001",
        None, float("nan"), int(PERSON), "", "ซื้อวัสดุ ๑๒ รายการ", f" {PERSON}\n",
    ], index=range(100, 116), name="vendor", dtype=object)
    mask = personal_id_mask(cells)
    assert mask.dtype == bool and mask.name == "vendor" and list(mask.index) == list(cells.index)
    assert mask.tolist() == [True, False, True, True, True, False, True, False, False, False,
                             False, False, True, False, False, True]


@pytest.mark.parametrize("series", [
    pd.Series([], dtype=object), pd.Series([np.nan, np.nan]), pd.Series([1.5, 2.0]),
    pd.Series([PERSON, None], dtype="string"), pd.Series([PERSON, COMPANY], dtype="category"),
    pd.Series([int(PERSON), 5]), pd.Series([float(PERSON)]),
])
def test_mask_takes_any_column_dtype(series):
    expected = [isinstance(v, (str, int, float)) and str(v).startswith(PERSON) for v in series.tolist()]
    assert personal_id_mask(series).tolist() == expected


_pieces = st.one_of(
    st.builds(generate_national_id, twelve_digits),
    st.builds(lambda t: dashed(generate_national_id(t)), twelve_digits),
    st.builds(lambda t: dashed(generate_national_id(t), " "), twelve_digits),
    st.builds(lambda t: to_thai_digits(generate_national_id(t)), twelve_digits),
    st.builds(lambda t: dashed(generate_national_id(t))[:-1], twelve_digits),
    st.text(alphabet="0123456789๐๑ -\nกa😀", max_size=6),
    st.sampled_from(["1 2345 67890 12 3 4567 89012 34 5", "0-0000-00000-00-0-0000-00000-00-1"]),
)


@given(st.lists(st.lists(_pieces, max_size=6).map("".join), max_size=20))
def test_mask_agrees_with_find_national_ids(texts):
    expected = [any(number[0] != "0" for number in find_national_ids(text)) for text in texts]
    assert personal_id_mask(pd.Series(texts, dtype=object)).tolist() == expected


@given(twelve_digits)
def test_generated_ids_are_valid_and_classified_by_their_first_digit(first12):
    number = generate_national_id(first12)
    assert len(number) == 13 and number.startswith(first12)
    assert int(number[12]) == reference_check_digit(first12)
    assert is_valid_national_id(number)
    assert is_juristic_id(number) == (first12[0] == "0")
    assert is_personal_id(number) == (first12[0] != "0")
    assert find_national_ids(f"x {dashed(number)} y") == [number]


@given(twelve_digits, st.integers(0, 11), st.integers(1, 9))
def test_exactly_which_single_digit_changes_go_unnoticed(first12, position, shift):
    """Changing digit 3 (weight 11) never shows; others show unless the remainders are 0 and 10."""
    number = generate_national_id(first12)
    changed12 = first12[:position] + str((int(first12[position]) + shift) % 10) + first12[position + 1:]
    still_valid = is_valid_national_id(changed12 + number[12])
    assert still_valid == (position == 2 or {remainder(first12), remainder(changed12)} == {0, 10})


@given(twelve_digits, st.integers(1, 9))
def test_a_changed_check_digit_is_always_noticed(first12, shift):
    number = generate_national_id(first12)
    assert not is_valid_national_id(number[:12] + str((int(number[12]) + shift) % 10))


def test_mask_is_vectorised_and_fast(monkeypatch):
    rng = np.random.default_rng(7)
    ids = [generate_national_id("".join(map(str, rng.integers(0, 10, 12)))) for _ in range(500)]
    kinds = ids + [f"นาย ก. เลขประจำตัว {dashed(i)} ราคา 1,480 บาท" for i in ids] + \
        [f"ซื้อวัสดุคอมพิวเตอร์ จำนวน {n} รายการ ๑๒ ชิ้น" for n in range(1000)]
    cells = pd.Series(np.tile(np.array(kinds, dtype=object), 500))  # 1,000,000 cells
    expected = np.tile([is_personal_id(i) for i in ids] * 2 + [False] * 1000, 500)

    def per_row(*_args):
        raise AssertionError("personal_id_mask must not check cells one by one")
    monkeypatch.setattr(national_id_module, "_normalised", per_row)
    monkeypatch.setattr(national_id_module, "find_national_ids", per_row)
    started = time.perf_counter()
    mask = personal_id_mask(cells)
    elapsed = time.perf_counter() - started
    assert np.array_equal(mask.to_numpy(), expected)
    assert elapsed < 3.0, f"1M cells took {elapsed:.2f} s"
