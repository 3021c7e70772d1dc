"""Keywords a CKAN portal refuses as tags, kept instead of lost.

Stock CKAN's tag validator takes letters, digits, spaces, `-`, `_` and `.` only, 2 to 100 characters;
Thai vowel and tone marks (Unicode category Mn) are none of those, so `จัดซื้อจัดจ้าง` is refused while
`ราคากลาง` is taken. A refused keyword is not sent as a tag: the whole keyword list travels as the extra
`keywords` (JSON text), which `dataset_to_package` reads back as the package's keywords. The publisher
does this for a portal that refuses some keyword (catalog.publishing.tags), the embedded catalog for a
stock CKAN that harvests it (`for_stock_ckan` in dataset.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection

EXTRA = "keywords"
STOCK_TAG = re.compile(r"^[\w \-.]*$")  # CKAN's tag_name_validator (str patterns match Unicode \w)
MIN_LENGTH, MAX_LENGTH = 2, 100


def stock_ckan_refuses(tag: str) -> bool:
    return not STOCK_TAG.match(tag) or not MIN_LENGTH <= len(tag) <= MAX_LENGTH


def keep_refused(dataset: dict, keywords: list[str], refused: Collection[str]) -> None:
    """Tags of `dataset` from `keywords` without the `refused` ones, and every keyword in the extra."""
    dataset["tags"] = [{"name": k} for k in keywords if k not in refused]
    dataset["extras"] = [e for e in dataset.get("extras") or [] if e.get("key") != EXTRA] + [
        {"key": EXTRA, "value": json.dumps(keywords, ensure_ascii=False)}]
