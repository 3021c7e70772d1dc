"""Read and write baht amounts and whole numbers as they appear in Thai disclosures.

Amounts become Decimal, never float, so 1479.81 stays 1479.81 and sums do not drift.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal, localcontext

from .digits import to_arabic_digits, to_thai_digits
from .errors import ThaiNumberError, quoted

_MILLION = Decimal(1_000_000)

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_DASHES = {"-", "–", "—", "−"}
# A space survives only between two digits ("1 000"), where it makes the value ambiguous.
_LOOSE_SPACE = re.compile(r"(?<=\D) | (?=\D)|^ | $")

# Decorations around the number: accounting parentheses, sign, ฿/บาท/THB, ล้าน (million),
# and the ".-" that Thai price tags put after a whole amount ("1,500.-").
_AMOUNT = re.compile(
    r"^(?P<open>\()?(?P<sign>[-+])?(?:฿|THB)?(?P<sign2>[-+])?"
    r"(?P<num>[0-9.,]+?)(?:\.-)?(?P<million>ล้าน)?(?:บาท(?:ถ้วน)?|THB|฿)?"
    r"(?P<close>\))?(?:บาท(?:ถ้วน)?)?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$|^\.[0-9]+$")
_INTEGER = re.compile(r"^(?P<sign>[-+])?(?P<num>[0-9][0-9,]*)(?:\.(?P<frac>[0-9]+))?$")
_GROUPED = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)$")


def _clean(text: str) -> str:
    text = " ".join(to_arabic_digits(_INVISIBLE.sub("", text)).replace("−", "-").split())
    return _LOOSE_SPACE.sub("", text)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) \
        or type(value).__name__ in {"NaTType", "NAType"}


def _refuse(value: object, what_en: str, what_th: str, why_en: str = "", why_th: str = "") -> ThaiNumberError:
    q = quoted(value)
    return ThaiNumberError(f"{q} is not {what_en}" + (f": {why_en}" if why_en else ""),
                           f"{q} ไม่ใช่{what_th}" + (f": {why_th}" if why_th else ""))


def _number_problem(num: str) -> tuple[str, str]:
    """Why a run of digits, commas and points is not a number (for the message)."""
    if num.count(".") > 1:
        return "it has more than one decimal point", "มีจุดทศนิยมมากกว่าหนึ่งจุด"
    if num.endswith("."):
        return "the decimal point is not followed by digits", "ไม่มีตัวเลขหลังจุดทศนิยม"
    if "," in num:
        return ("commas must split the digits before the decimal point into groups of three",
                "ต้องใช้จุลภาคคั่นหลักพันทุกสามหลักก่อนจุดทศนิยม")
    return "", ""


def _from_number(value: object, what_en: str, what_th: str) -> Decimal | None:
    """A Decimal for an int/float/Decimal input (float via its shortest text, so no binary noise)."""
    if isinstance(value, bool):
        raise _refuse(value, what_en, what_th, "True/False is not a number", "ค่าจริง/เท็จไม่ใช่ตัวเลข")
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, (Decimal, numbers.Real)):
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            raise _refuse(value, what_en, what_th, "it is not a finite number", "ไม่ใช่ตัวเลขที่มีค่าจำกัด")
        return number
    return None


def parse_baht(value: object) -> Decimal:
    """The amount in baht: '78,459,000', 1479.81, '๑๒,๕๐๐.๐๐ บาท', '฿1,000', '1.5 ล้าน', '(1,000)'."""
    what_en, what_th = "an amount in baht", "จำนวนเงินบาท"
    if _is_missing(value):
        raise _refuse("", what_en, what_th, "the cell is empty", "ช่องนี้ว่าง")
    number = _from_number(value, what_en, what_th)
    if number is not None:
        return number
    if not isinstance(value, str):
        raise _refuse(value, what_en, what_th, "expected text or a number", "ต้องเป็นข้อความหรือตัวเลข")
    text = _clean(value)
    if not text:
        raise _refuse(value, what_en, what_th, "the cell is empty", "ช่องนี้ว่าง")
    if text in _DASHES:
        raise _refuse(value, what_en, what_th, "a dash means no amount was given", "ขีดหมายถึงไม่มีจำนวนเงิน")
    match = _AMOUNT.match(text)
    if match is None:
        raise _refuse(value, what_en, what_th)
    num = match["num"]
    if not _NUMBER.match(num):
        raise _refuse(value, what_en, what_th, *_number_problem(num))
    if bool(match["open"]) != bool(match["close"]):
        raise _refuse(value, what_en, what_th, "a parenthesis is not closed", "วงเล็บไม่ครบคู่")
    signs = [s for s in (match["sign"], match["sign2"]) if s]
    if len(signs) > 1 or (match["open"] and signs):
        raise _refuse(value, what_en, what_th, "it has more than one sign", "มีเครื่องหมายบวกลบซ้ำกัน")
    amount = Decimal(num.replace(",", ""))
    if match["million"]:
        with localcontext() as context:  # exact: never round to the default 28 digits
            context.prec = len(amount.as_tuple().digits) + 10
            amount *= _MILLION
    return amount.copy_negate() if match["open"] or signs == ["-"] else amount


def parse_thai_integer(value: object) -> int:
    """A whole number in Thai or Arabic digits, with optional group commas ('๑,๒๐๐' -> 1200).

    '12.0' is accepted (spreadsheets write whole numbers that way), '12.5' is not.
    """
    what_en, what_th = "a whole number", "จำนวนเต็ม"
    if _is_missing(value):
        raise _refuse("", what_en, what_th, "the cell is empty", "ช่องนี้ว่าง")
    number = _from_number(value, what_en, what_th)
    if number is None:
        if not isinstance(value, str):
            raise _refuse(value, what_en, what_th, "expected text or a number", "ต้องเป็นข้อความหรือตัวเลข")
        text = _clean(value)
        if not text:
            raise _refuse(value, what_en, what_th, "the cell is empty", "ช่องนี้ว่าง")
        if text in _DASHES:
            raise _refuse(value, what_en, what_th, "a dash means no value was given", "ขีดหมายถึงไม่มีข้อมูล")
        match = _INTEGER.match(text)
        if match is None:
            raise _refuse(value, what_en, what_th, *_number_problem(text))
        if not _GROUPED.match(match["num"]):
            raise _refuse(value, what_en, what_th, *_number_problem(match["num"]))
        number = Decimal(match["num"].replace(",", "") + "." + (match["frac"] or "0"))
        if match["sign"] == "-":
            number = number.copy_negate()
    if number != number.to_integral_value():
        raise _refuse(value, what_en, what_th, "it has a fraction", "มีเศษทศนิยม")
    return int(number)


def format_baht(amount: object, thai_digits: bool = False) -> str:
    """'12,500.00': group commas and at least two decimals; extra decimals are kept, never rounded away.

    Accepts whatever parse_baht accepts, and parse_baht reads the result back to the same amount.
    """
    number = parse_baht(amount)
    with localcontext() as context:
        # enough digits that quantize and copy never round: money is not rounded away silently
        context.prec = max(28, number.adjusted() + 10, len(number.as_tuple().digits) + 10)
        if number.as_tuple().exponent >= -2:
            number = number.quantize(Decimal("0.01"))
        if number == 0:
            number = number.copy_abs()
        text = f"{number:,f}"
    return to_thai_digits(text) if thai_digits else text
