"""The printed form's columns that hold two fields, split as its instructions promise.

Form สขร.1 puts the selected supplier and the agreed price in one column ("บจก.คลีนอันดามัน 361,000 บาท"),
the contract's number and date in another ("สัญญา ๔/๒๕๖๘ ลว. ๒๐ พฤศจิกายน ๒๕๖๗"), and some agencies
write the budget and the reference price together ("400,000 / 380,000"). Each function here reads one
cell's text and says what it found; a part it cannot find is None, never a guess, and the caller turns
that into an error naming the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import NamedTuple

from catalog.thai import ThaiValueError, parse_baht, parse_thai_date, to_arabic_digits

_BAHT = r"(?:บาท(?:ถ้วน)?|฿|THB)"
# an amount inside running text: '361,000', '1,250,000.00', '๑.๕ ล้าน', with what follows it
_AMOUNT = re.compile(r"(?<![\d,.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]*\d)"
                     r"(?P<after>\s*(?:\.-)?\s*(?P<million>ล้าน)?\s*(?P<baht>" + _BAHT + r")?(?:\.-)?)", re.I)
# words that introduce a price
_PRICE_WORDS = re.compile(r"(?:ราคา(?:ที่)?(?:ตกลง(?:ซื้อ|จ้าง)?(?:หรือจ้าง)?)?|เป็นเงิน|จำนวนเงิน|วงเงิน|ในราคา|ราคารวม)"
                          r"\s*:?\s*$")
# what stands between a name and its price, or trails it: separators, numbering, VAT notes
_JOINERS = " \t\n\r,;:/-–—|()"
_VAT_NOTE = re.compile(r"^\s*\(?\s*(?:รวม|ไม่รวม)\s*(?:ภาษี(?:มูลค่าเพิ่ม)?|VAT)[^)]*\)?", re.I)
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[-•*])\s+")


class Priced(NamedTuple):
    name: str
    price: Decimal


def _clean(text: str) -> str:
    return to_arabic_digits(str(text)).replace("\r\n", "\n").strip()


def _amount(match: re.Match) -> Decimal:
    return parse_baht(match["num"] + (" ล้าน" if match["million"] else ""))


def _is_price(text: str, match: re.Match) -> bool:
    """An amount is a price when it says so: baht after it, a price word before it, thousands grouped or
    decimals, or a line or '/' of its own; a bare number in a name ('บจก. 99 คอนสตรัคชั่น') is not."""
    if match["baht"] or match["million"] or ".-" in match["after"]:
        return True
    before = text[:match.start()]
    if _PRICE_WORDS.search(before):
        return True
    if "," in match["num"] or "." in match["num"]:
        return True
    return bool(re.search(r"[\n/|:]\s*$", before))


def _name(text: str) -> str:
    text = _NUMBERING.sub("", text)
    text = re.sub(r"\s*" + _PRICE_WORDS.pattern, "", text.rstrip(_JOINERS)).rstrip(_JOINERS)
    return " ".join(text.replace("\n", " ").split())


def _prices(text: str) -> list[re.Match]:
    return [m for m in _AMOUNT.finditer(text) if _is_price(text, m)]


def offers(text: str | None) -> list[Priced]:
    """Every bidder and the price offered, from a cell such as
    '1. บริษัท ก จำกัด 22,430,320.00 บาท 2. บริษัท ข จำกัด 23,139,560.00 บาท' or one bidder a line."""
    text = _clean(text or "")
    found, start = [], 0
    for match in _prices(text):
        name = _name(text[start:match.start()])
        if name:
            found.append(Priced(name, _amount(match)))
        start = match.end()
        if vat := _VAT_NOTE.match(text[start:]):
            start += vat.end()
    return found


def split_party_and_price(text: str) -> tuple[str, Decimal | None]:
    """(name, price) from 'บจก.คลีนอันดามัน 361,000 บาท', 'หจก.ภูเก็ตก่อสร้าง\\nราคา ๑,๒๕๐,๐๐๐.๐๐ บาท',
    'ร้าน ก / 12000'. Without a price the whole text is the name and the price is None. Raises
    ThaiValueError when the cell names several prices (several parties, or a name and two prices)."""
    clean = _clean(text)
    prices = _prices(clean)
    if not prices:
        return _name(clean), None
    last = prices[-1]
    name = _name(clean[:last.start()])
    rest = clean[last.end():]
    if vat := _VAT_NOTE.match(rest):
        rest = rest[vat.end():]
    if len(prices) > 1 or rest.strip(_JOINERS):
        raise ThaiValueError(f"'{' '.join(clean.split())}' holds more than one name or price; write one supplier "
                             "and its agreed price, e.g. 'บจก.ตัวอย่าง 12,000 บาท'",
                             f"'{' '.join(clean.split())}' มีชื่อหรือราคามากกว่าหนึ่ง กรุณาเขียนผู้ได้รับการคัดเลือกหนึ่งราย"
                             "และราคาที่ตกลง เช่น 'บจก.ตัวอย่าง 12,000 บาท'")
    return name, _amount(last)


def price_offered_by(name: str, offers_text: str | None) -> Decimal | None:
    """The price the offers cell gives for this supplier (names compared without spaces and dots)."""
    def key(text: str) -> str:
        return re.sub(r"[\s.]", "", text)

    wanted = key(name)
    matches = {offer.price for offer in offers(offers_text) if key(offer.name) == wanted}
    return matches.pop() if len(matches) == 1 else None


_DATE_MARK = re.compile(r"(?:ฉบับ)?(?:ลง\s*วันที่|ลว\.?|วันที่|dated?)\s*:?\s*", re.I)
_DATE_TEXT = re.compile(r"\d{1,2}\s*(?:[ก-๎]+\.?\s*){1,4}(?:พ\.?\s*ศ\.?\s*)?\d{2,4}(?!\d)"
                        r"|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}")


def _first_date(text: str, marked: bool) -> tuple[dt.date, re.Match] | None:
    """The first date written in the text; after 'ลว.' a date that is not real is an error, not text."""
    for match in _DATE_TEXT.finditer(text):
        try:
            return parse_thai_date(match.group(0)), match
        except ThaiValueError:
            if marked and match.start() == 0:
                raise
    return None


def split_number_and_date(text: str) -> tuple[str, dt.date | None]:
    """(number, date) from 'สัญญา ๔/๒๕๖๘ ลว. ๒๐ พฤศจิกายน ๒๕๖๗', 'ใบสั่งซื้อ 12/2568 ลงวันที่ 15 พ.ย. 67',
    '4/2568 (20/11/2567)'. Without a date the whole text is the number and the date is None."""
    clean = _clean(text)
    mark = _DATE_MARK.search(clean)
    where = mark.end() if mark else 0
    found = _first_date(clean[where:], mark is not None)
    if found is None:
        return _number(clean), None
    date, match = found
    number = clean[:mark.start()] if mark else clean[:match.start()] + clean[match.end():]
    if mark and clean[where + match.end():].strip(_JOINERS):
        number = clean  # text after the date: not a number and a date; the caller says so
    return _number(number), date


def _number(text: str) -> str:
    return " ".join(text.replace("\n", " ").split()).strip(" ,;:()-–—")


_BUDGET_LABEL = re.compile(r"วงเงิน(?:งบประมาณ)?|งบประมาณ")
_REFERENCE_LABEL = re.compile(r"ราคากลาง")


def split_two_amounts(text: str) -> tuple[Decimal | None, Decimal | None]:
    """(budget, reference price) from '400,000 / 380,000', 'วงเงิน 400,000 ราคากลาง 380,000' or one
    amount that is both (the form's heading says the column holds the budget as the reference price)."""
    clean = _clean(text)
    amounts = list(_AMOUNT.finditer(clean))
    if not amounts:
        return None, None
    labelled: dict[str, Decimal] = {}
    for match in amounts:
        before = clean[:match.start()]
        label = max(((m.end(), kind) for kind, pattern in (("budget", _BUDGET_LABEL), ("reference", _REFERENCE_LABEL))
                     for m in pattern.finditer(before)), default=(None, None))[1]
        if label:
            labelled.setdefault(label, _amount(match))
    if len(labelled) == 2:
        return labelled["budget"], labelled["reference"]
    if len(amounts) == 1:
        value = _amount(amounts[0])
        return value, value
    if len(amounts) == 2:
        return _amount(amounts[0]), _amount(amounts[1])
    raise ThaiValueError(f"'{' '.join(clean.split())}' holds more than two amounts; write the budget and the "
                         "reference price, e.g. '400,000 / 380,000'",
                         f"'{' '.join(clean.split())}' มีจำนวนเงินมากกว่าสองจำนวน กรุณาเขียนวงเงินและราคากลาง "
                         "เช่น '400,000 / 380,000'")
