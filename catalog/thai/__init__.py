"""Thai conventions: digits, Buddhist Era dates, baht, fiscal years, national IDs, text encodings.

The bottom layer of the catalog: it imports nothing else from `catalog`.
"""

from .dates import THAI_MONTHS_ABBR, THAI_MONTHS_FULL, format_thai_date, parse_thai_date
from .digits import to_arabic_digits, to_thai_digits
from .encoding import decode_text, detect_encoding
from .errors import EncodingError, NationalIdError, ThaiDateError, ThaiNumberError, ThaiValueError
from .fiscal import (be_to_ce, ce_to_be, fiscal_half_range, fiscal_quarter_range, fiscal_year,
                     fiscal_year_range)
from .money import format_baht, parse_baht, parse_thai_integer
from .national_id import (find_national_ids, generate_national_id, is_juristic_id, is_personal_id,
                          is_valid_national_id, national_id_check_digit, personal_id_mask)

__all__ = [
    "THAI_MONTHS_ABBR", "THAI_MONTHS_FULL", "format_thai_date", "parse_thai_date",
    "to_arabic_digits", "to_thai_digits",
    "decode_text", "detect_encoding",
    "EncodingError", "NationalIdError", "ThaiDateError", "ThaiNumberError", "ThaiValueError",
    "be_to_ce", "ce_to_be", "fiscal_half_range", "fiscal_quarter_range", "fiscal_year", "fiscal_year_range",
    "format_baht", "parse_baht", "parse_thai_integer",
    "find_national_ids", "generate_national_id", "is_juristic_id", "is_personal_id",
    "is_valid_national_id", "national_id_check_digit", "personal_id_mask",
]
