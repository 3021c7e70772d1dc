from hypothesis import given
from hypothesis import strategies as st

from catalog.thai import to_arabic_digits, to_thai_digits

THAI = "๐๑๒๓๔๕๖๗๘๙"


def test_each_thai_digit_maps_to_its_arabic_digit():
    assert [to_arabic_digits(d) for d in THAI] == list("0123456789")
    assert [to_thai_digits(d) for d in "0123456789"] == list(THAI)


def test_digits_inside_text_change_and_nothing_else_does():
    assert to_arabic_digits("ซื้อน้ำมันเบรก จำนวน ๒ รายการ ๒๙ พ.ย. ๖๗") == "ซื้อน้ำมันเบรก จำนวน 2 รายการ 29 พ.ย. 67"
    assert to_thai_digits("FY2568: 1,479.81 บาท") == "FY๒๕๖๘: ๑,๔๗๙.๘๑ บาท"
    assert to_arabic_digits("no digits, ไม่มีตัวเลข") == "no digits, ไม่มีตัวเลข"


def test_other_unicode_digits_are_left_alone():
    assert to_arabic_digits("١٢٣ １２") == "١٢٣ １２"  # Arabic-Indic and full-width are not Thai


@given(st.text())
def test_round_trips_and_lengths(text):
    arabic = to_arabic_digits(text)
    assert len(arabic) == len(text)
    assert not any(ch in THAI for ch in arabic)
    assert to_arabic_digits(to_thai_digits(arabic)) == arabic
    thai = to_thai_digits(text)
    assert not any(ch in "0123456789" for ch in thai)
    assert to_thai_digits(to_arabic_digits(thai)) == thai
