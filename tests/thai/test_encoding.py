from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.thai import EncodingError, decode_text, detect_encoding

from .strategies import THAI_WORDS, cp874_texts, unicode_texts

SAMPLE = Path(__file__).parent / "data" / "egp_contract_fy2568_sample250.csv"
THAI_CSV = "ชื่อโครงการ,งบประมาณ(บาท)\r\nซื้อวัสดุคอมพิวเตอร์ จำนวน ๑ รายการ,1480\r\nน้ำมันเบรก,\"1,479.81\"\r\n"
BOM = b"\xef\xbb\xbf"


def refusal(data: bytes, filename: str = "data.csv") -> EncodingError:
    with pytest.raises(EncodingError) as caught:
        detect_encoding(data, filename)
    with pytest.raises(EncodingError):
        decode_text(data, filename)
    error = caught.value
    assert error.file == filename
    assert error.message_en.startswith(f"{filename}: ") and error.message_th.startswith(f"{filename}: ")
    assert "CSV UTF-8" in error.message_en and "CSV UTF-8" in error.message_th
    assert "\n" not in error.message_en
    return error


@pytest.mark.parametrize("data, encoding", [
    (THAI_CSV.encode("utf-8"), "utf-8"),
    (BOM + THAI_CSV.encode("utf-8"), "utf-8-sig"),
    (THAI_CSV.encode("cp874"), "cp874"),
    (THAI_CSV.encode("tis-620"), "cp874"),
    (b"a,b\n1,2\n", "utf-8"),
    (b"", "utf-8"),
    (BOM, "utf-8-sig"),
    (b"PK\x03\x04 is just text here", "utf-8"),
])
def test_detects_and_decodes(data, encoding):
    assert detect_encoding(data, "data.csv") == encoding
    text, used = decode_text(data, "data.csv")
    assert used == encoding and not text.startswith("\ufeff")
    assert text == data.decode(encoding)


def test_decoding_keeps_line_endings_and_drops_the_bom():
    assert decode_text(BOM + THAI_CSV.encode(), "a.csv") == (THAI_CSV, "utf-8-sig")
    assert decode_text(THAI_CSV.encode("cp874"), "a.csv") == (THAI_CSV, "cp874")


def test_the_real_egp_sample():
    data = SAMPLE.read_bytes()
    assert detect_encoding(data, SAMPLE.name) == "utf-8"
    text, _ = decode_text(data, SAMPLE.name)
    assert text.startswith("ลำดับ,รหัสโครงการ,ชื่อโครงการ")
    assert decode_text(text.encode("cp874"), "egp-874.csv") == (text, "cp874")
    assert decode_text(BOM + data, "egp-bom.csv") == (text, "utf-8-sig")


def test_the_message_names_the_file_and_the_line_of_the_first_bad_byte():
    lines = ["header,value\n"] + [f"{i},x\n" for i in range(10)] + ["café,crème\n"]  # Latin-1 on line 12
    error = refusal("".join(lines).encode("latin-1"))
    assert error.line == 12
    assert error.message_en == ("data.csv: cannot tell the text encoding (not UTF-8, UTF-8 with BOM or Thai "
                                "Windows-874); first bad byte on line 12 — save the file as 'CSV UTF-8' in Excel")


def test_mixed_files_are_refused_wherever_the_other_encoding_starts():
    utf8_part = (THAI_CSV * 2000).encode("utf-8")  # far more than a 10 kB sample
    cp874_part = "ซื้อวัสดุสำนักงาน,500\n".encode("cp874")
    error = refusal(utf8_part + cp874_part)
    assert "mixes UTF-8" in error.message_en
    assert error.line == utf8_part.count(b"\n") + 1
    assert refusal(cp874_part + utf8_part).line == 1
    assert refusal(utf8_part[:1000] + cp874_part + utf8_part[1000:]).line == utf8_part[:1000].count(b"\n") + 1


def test_the_whole_file_decides_not_a_sample():
    ascii_head = b"id,amount\n" + b"1,1480\n" * 5000  # 35 kB of plain ASCII first
    assert detect_encoding(ascii_head + "วัสดุ,1\n".encode("cp874"), "late-thai.csv") == "cp874"
    assert detect_encoding(ascii_head + "วัสดุ,1\n".encode("utf-8"), "late-thai.csv") == "utf-8"
    assert refusal(ascii_head + b"caf\xe9\n", "late.csv").line == 5002


def test_utf8_with_a_bom_must_be_all_utf8():
    error = refusal(BOM + "วัสดุ\n".encode("utf-8") + "วัสดุ\n".encode("cp874"))
    assert "byte-order mark" in error.message_en and error.line == 2


@pytest.mark.parametrize("data, words", [
    (THAI_CSV.encode("utf-16"), "UTF-16"),
    (THAI_CSV.encode("utf-16-be"), "UTF-16"),
    (THAI_CSV.encode("utf-16-le"), "UTF-16"),
    (b"\xfe\xff" + THAI_CSV.encode("utf-16-be"), "UTF-16"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "not a text file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "not a text file"),
    (b"a,b\n1,\x00\x01\x02\n", "not a text file"),
    (bytes(range(256)) * 8, "not a text file"),
])
def test_utf16_and_binary_files_are_refused(data, words):
    assert words in refusal(data).message_en


@pytest.mark.parametrize("data", [
    "café crème brûlée, 25°C\n".encode("latin-1"),  # Latin-1 bytes also decode as Windows-874
    # "ÇÃ" reads as two Thai consonants, but ç and é would be tone marks after Latin letters
    "INFORMAÇÃO,informações é válida\n".encode("latin-1"),
    b"\x81\x82\x83",  # undefined in Windows-874
    "ข้อมูล\x07\n".encode("cp874"),  # a control character is no part of Thai text
    "ข้อมูล\x7f\x00".encode("cp874"),
])
def test_non_thai_legacy_bytes_are_refused(data):
    refusal(data)


def test_thai_anchor_words_are_not_utf8_in_windows_874():
    for word in THAI_WORDS[:-2]:
        with pytest.raises(UnicodeDecodeError):
            word.encode("cp874").decode("utf-8")


@given(unicode_texts.filter(lambda t: not t.startswith("\ufeff")))
def test_any_utf8_text_round_trips(text):
    assert decode_text(text.encode("utf-8"), "a.csv") == (text, "utf-8")


@given(unicode_texts)
def test_any_utf8_text_with_a_bom_round_trips(text):
    assert decode_text(BOM + text.encode("utf-8"), "a.csv") == (text, "utf-8-sig")


@given(cp874_texts())
def test_thai_text_in_windows_874_round_trips(text):
    assert decode_text(text.encode("cp874"), "a.csv") == (text, "cp874")


@given(cp874_texts(), st.sampled_from(THAI_WORDS[:-2]), st.floats(0, 1))
def test_windows_874_mixed_with_utf8_thai_is_refused(text, word, where):
    data = text.encode("cp874")
    cut = int(len(data) * where)
    refusal(data[:cut] + word.encode("utf-8") + data[cut:])


def test_big_files_are_scanned_in_chunks_with_the_same_answer(monkeypatch):
    import catalog.thai.encoding as encoding_module
    cases = [THAI_CSV.encode("cp874"), "café crème brûlée, 25°C\n".encode("latin-1"), "ก่".encode("cp874")]
    expected = []
    for data in cases:
        try:
            expected.append(detect_encoding(data, "a.csv"))
        except EncodingError:
            expected.append(None)
    assert expected == ["cp874", None, "cp874"]
    for chunk in (1, 2, 3, 7):
        monkeypatch.setattr(encoding_module, "_CHUNK", chunk)
        for data, answer in zip(cases, expected):
            if answer is None:
                refusal(data)
            else:
                assert detect_encoding(data, "a.csv") == answer
