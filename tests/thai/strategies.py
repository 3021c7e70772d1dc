"""Hypothesis strategies shared by the tests of catalog.thai."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

# Dates whose BE year is 2400..2942 (medium/long/numeric round-trip) and those with a 2-digit form.
any_be_date = st.dates(min_value=dt.date(1857, 1, 1), max_value=dt.date(2399, 12, 31))
two_digit_year_date = st.dates(min_value=dt.date(1957, 1, 1), max_value=dt.date(2056, 12, 31))
required_range_date = st.dates(min_value=dt.date(1957, 1, 1), max_value=dt.date(2142, 12, 31))

CONSONANTS = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
MARKS = "ัิีึืุู็่้๊๋์"  # vowels above/below and tone marks: written after a consonant
FOLLOWERS = "ะาำ"
LEADERS = "เแโใไ"
THAI_WORDS = ("ข้อมูล", "จัดซื้อจัดจ้าง", "งบประมาณ", "กรุงเทพมหานคร", "สำนักงาน", "เฉพาะเจาะจง", "วัสดุ",
              "ราคากลาง", "ปีงบประมาณ", "โครงการ", "ไฟฟ้า", "น้ำมันเบรก", "ฯลฯ", "ๆ")


@st.composite
def thai_syllables(draw) -> str:
    """A random syllable-like run: optional leading vowel, a consonant, marks, a following vowel."""
    text = draw(st.sampled_from(("",) + tuple(LEADERS)))
    # Not เธ/เน: followed by a consonant, twice over, those are UTF-8 Thai bytes read as Windows-874,
    # which real spelling never produces and detect_encoding rightly calls mixed.
    text += draw(st.sampled_from(CONSONANTS.replace("ธ", "").replace("น", "") if text == "เ" else CONSONANTS))
    text += "".join(draw(st.lists(st.sampled_from(MARKS), max_size=2)))
    text += draw(st.sampled_from(("",) + tuple(FOLLOWERS)))
    text += "".join(draw(st.lists(st.sampled_from(CONSONANTS), max_size=2)))
    return text


# Text that Thai Windows-874 can hold: Thai words and syllables, Thai and Arabic digits, ASCII, CSV punctuation.
_cp874_tokens = st.one_of(
    st.sampled_from(THAI_WORDS), thai_syllables(),
    st.sampled_from(["๐๑๒", "๓๔๕๖", "๗๘๙", "฿", "2568", "1,480.00"]),
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=8),
    st.sampled_from([",", "\n", "\r\n", "\t", " ", '"', "(", ")"]),
)


@st.composite
def cp874_texts(draw) -> str:
    """Thai CSV-like text that always holds at least one real Thai word."""
    tokens = draw(st.lists(_cp874_tokens, max_size=30))
    tokens.insert(draw(st.integers(0, len(tokens))), draw(st.sampled_from(THAI_WORDS[:-2])))
    return "".join(tokens)


# Any text UTF-8 can hold that a text file would: no NUL (binary marker), no lone surrogates.
unicode_texts = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
