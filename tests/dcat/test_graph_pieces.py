"""The small rules under the DCAT output: which language a text is in, which RDF a client asked for, and
ckanext-dcat's page arithmetic."""

from __future__ import annotations

import pytest

from catalog.dcat.catalog import page_info
from catalog.dcat.formats import negotiate
from catalog.dcat.text import language_of, split_languages


@pytest.mark.parametrize("text, lang", [
    ("สรุปผลการจัดซื้อจัดจ้าง", "th"), ("Monthly procurement summary", "en"),
    ('The monthly summary, as form สขร.1, marked "ไม่มี".', "en"), ("แบบ สขร.1 (form)", "th")])
def test_a_text_is_in_the_language_whose_script_has_more_letters(text, lang):
    assert language_of(text) == lang


def test_a_description_splits_into_its_thai_and_english_paragraphs():
    notes = "สรุปผลรายเดือน\n\nThe monthly summary.\n\nข้อมูลตัวอย่าง / Sample content."
    assert split_languages(notes) == {"th": "สรุปผลรายเดือน\n\nข้อมูลตัวอย่าง", "en": "The monthly summary.\n\nSample content."}
    assert split_languages("ทะเบียนบุคลากร") == {"th": "ทะเบียนบุคลากร"}
    assert split_languages("") == {}


@pytest.mark.parametrize("accept, suffix", [
    ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/rdf+xml", "rdf"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", None), ("*/*", None), (None, None),
    ("text/html;q=0.5, text/turtle", "ttl"), ("text/turtle;q=0.2, text/html", None),
    ("text/turtle;q=0", None), ("text/turtle;q=abc", None)])
def test_rdf_is_answered_only_when_the_client_prefers_it_to_html(accept, suffix):
    assert negotiate(accept) == suffix


def test_pages_follow_ckanext_dcat():
    info = page_info("https://x/catalog.ttl", {"modified_since": "2025-01-01", "other": "dropped"}, 2, 250, 100)
    assert info == {"count": 250, "items_per_page": 100,
                    "current": "https://x/catalog.ttl?modified_since=2025-01-01&page=2",
                    "first": "https://x/catalog.ttl?modified_since=2025-01-01&page=1",
                    "last": "https://x/catalog.ttl?modified_since=2025-01-01&page=3",
                    "previous": "https://x/catalog.ttl?modified_since=2025-01-01&page=1",
                    "next": "https://x/catalog.ttl?modified_since=2025-01-01&page=3"}
    assert page_info("https://x/catalog.ttl", {}, 1, 0, 0) == {}
    beyond = page_info("https://x/catalog.ttl", {}, 9, 250, 0)  # past the end: previous is the last page
    assert beyond["previous"] == "https://x/catalog.ttl?page=3" and "next" not in beyond
