import pickle

import pytest

from catalog.thai import (EncodingError, NationalIdError, ThaiDateError, ThaiNumberError, ThaiValueError,
                          parse_baht, parse_thai_date)


@pytest.mark.parametrize("cls", [ThaiDateError, ThaiNumberError, NationalIdError])
def test_subclasses_are_value_errors_with_both_messages(cls):
    error = cls("'x' is wrong", "'x' ผิด")
    assert isinstance(error, ThaiValueError) and isinstance(error, ValueError)
    assert str(error) == "'x' is wrong"
    assert (error.message_en, error.message_th) == ("'x' is wrong", "'x' ผิด")


def test_encoding_error_names_the_file_and_keeps_the_line():
    error = EncodingError("cannot tell the text encoding", "บอกไม่ได้", "data.csv", 12)
    assert isinstance(error, ThaiValueError)
    assert (error.file, error.line) == ("data.csv", 12)
    assert str(error) == "data.csv: cannot tell the text encoding"
    assert error.message_th == "data.csv: บอกไม่ได้"
    assert EncodingError("x", "y", "a.csv").line is None


@pytest.mark.parametrize("error", [
    ThaiValueError("a", "ก"), ThaiDateError("b", "ข"), EncodingError("c", "ค", "f.csv", 3),
])
def test_errors_survive_pickling(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.message_en, copy.message_th) == (error.message_en, error.message_th)
    if isinstance(error, EncodingError):
        assert (copy.file, copy.line) == ("f.csv", 3)


@pytest.mark.parametrize("call", [
    lambda: parse_thai_date("31 ก.พ.\n67"), lambda: parse_baht("1,00,0\r\nบาท"), lambda: parse_thai_date("x" * 500),
])
def test_messages_are_one_short_line_quoting_the_value(call):
    with pytest.raises(ThaiValueError) as caught:
        call()
    for message in (caught.value.message_en, caught.value.message_th):
        assert "\n" not in message and "\r" not in message
        assert message.startswith("'")
        assert len(message) < 250
