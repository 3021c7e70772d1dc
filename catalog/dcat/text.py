"""Language-tagged literals from CKAN's text fields, which hold Thai and English side by side."""

from __future__ import annotations

import re

from rdflib import Literal

_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN = re.compile("[A-Za-z]")


def language_of(text: str) -> str:
    """Thai or English, by which script has more letters (English text quotes Thai names, like สขร.1)."""
    return "en" if len(_LATIN.findall(text)) > len(_THAI.findall(text)) else "th"


def split_languages(text: str | None) -> dict[str, str]:
    """{"th": ..., "en": ...} from a description whose paragraphs are Thai or English, or a paragraph
    "Thai / English"; a text in one language gives one entry."""
    parts: dict[str, list[str]] = {"th": [], "en": []}
    for paragraph in re.split(r"\n\s*\n", (text or "").strip()):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        left, slash, right = paragraph.rpartition(" / ")
        if slash and language_of(left) == "th" and language_of(right) == "en":
            parts["th"].append(left.strip())
            parts["en"].append(right.strip())
        else:
            parts[language_of(paragraph)].append(paragraph)
    return {lang: "\n\n".join(texts) for lang, texts in parts.items() if texts}


def tagged(text: str) -> Literal:
    return Literal(text, lang=language_of(text))
