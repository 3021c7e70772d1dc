"""The pages' language: Thai first, `?lang=en` for English, the choice remembered in a cookie.

Against a real catalog server filled with Thai content. An English page may still hold Thai where the
agencies published Thai (titles, notes, agency names, table cells, column titles): those are data, kept as
published. What must be English is the page's own words. The check below reads the elements that hold
labels (navigation, headings, table headers, terms, buttons, form labels, captions, options, the footer)
and the attributes that label (aria-label, placeholder, title), drops what is marked `lang="th"` (the
toggle's own "ภาษาไทย", agency names on the compliance pages), takes out every value the test itself
published, and asserts that no Thai script is left. A Thai label forgotten in a template stays behind
and fails the test; a published value never does, however the page arranges it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import re
from html.parser import HTMLParser

import httpx

from tests.server.test_pages import EGP_V2, assert_rendered_page, get, publish_thai_catalog, screenshot

THAI = re.compile("[\u0e00-\u0e7f]")
LABEL_TAGS = {"nav", "h1", "h2", "h3", "h4", "th", "dt", "button", "label", "summary", "caption", "figcaption",
              "option", "footer", "title", "time"}
LABEL_ATTRIBUTES = ("aria-label", "placeholder", "title")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "rect", "path", "circle"}
CHANGELOG = [{"version": "1.1.0", "date": "2024-12-02T03:00:00", "level": "minor",
              "resources": {"changed": ["ผลการจัดซื้อจัดจ้าง.csv"]},
              "rows": {"ผลการจัดซื้อจัดจ้าง.csv": {"added": 1, "changed": 0, "removed": 0}}}]


class _Labels(HTMLParser):
    """The text of a page's label elements and labelling attributes, outside anything marked in the other
    language (`lang="th"` on an English page: the toggle, agency names; `lang="en"` on a Thai one: the grey
    English)."""

    def __init__(self, other: str):
        super().__init__(convert_charrefs=True)
        self.other = other
        self.open: list[tuple[str, bool, bool]] = []  # (tag, is a label, is marked Thai)
        self.texts: list[str] = []

    def _inside(self, label: bool = False, thai: bool = False) -> tuple[bool, bool]:
        return (label or any(o[1] for o in self.open)), (thai or any(o[2] for o in self.open))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        label, thai = self._inside(tag in LABEL_TAGS, attributes.get("lang") == self.other)
        if not thai:
            self.texts += [attributes[a] for a in LABEL_ATTRIBUTES if attributes.get(a)]
        if tag in ("script", "style"):
            label, thai = False, True  # not text a reader sees
        if tag not in VOID:
            self.open.append((tag, label, thai))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        label, thai = self._inside()
        if label and not thai and data.strip():
            self.texts.append(data)


def published_values(server) -> list[str]:
    """Every text the test published, longest first (so a title goes before a word inside it)."""
    ckan = server.ckan()
    values = set()
    for org in ckan.action.organization_list(all_fields=True):
        values.update(v for v in (org.get("title"), org.get("description")) if v)
    for pkg in ckan.action.package_search(rows=100)["results"]:
        values.update(v for v in (pkg.get("title"), pkg.get("maintainer"), pkg.get("notes")) if v)
        values.update(t["name"] for t in pkg.get("tags") or [])
        values.update(x for e in pkg.get("extras") or [] for x in (e["key"], e.get("value") or ""))
        values.update(v for r in pkg["resources"] for v in (r.get("name"), r.get("description")) if v)
    # the titles of the versions a version page shows, and the cells and column names of the table
    values.update(("ผลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2567",))
    values.update(cell for line in EGP_V2.decode().splitlines() for cell in line.split(","))
    return sorted((v for v in values if v), key=len, reverse=True)


def _labels(page: str, other: str, values: list[str]) -> list[str]:
    parser = _Labels(other)
    parser.feed(page)
    texts = []
    for text in parser.texts:
        for value in values:
            text = text.replace(value, " ")
        texts.append(" ".join(text.split()))
    return texts


def thai_labels(page: str, values: list[str]) -> list[str]:
    """The labels of an English page that hold Thai script once the published values are taken out."""
    return [text for text in _labels(page, "th", values) if THAI.search(text)]


def english_only_labels(page: str, values: list[str]) -> list[str]:
    """The labels of a Thai page that are English words without Thai beside them (the grey English aside)."""
    names = {"API", "CKAN API", "Disclosure Catalog"}  # names, not words to translate
    texts = [text.strip(" ·—") for text in _labels(page, "en", values)]
    return [text for text in texts if re.search("[A-Za-z]{3,}", text) and not THAI.search(text)
            and text not in names and not text.startswith("sha256:")]


def english_datetime(stamp: str) -> str:
    """A stored UTC timestamp as an English reader in Thailand reads it: '4 December 2026, 01:54'."""
    local = dt.datetime.fromisoformat(stamp) + dt.timedelta(hours=7)
    return f"{local.day} {calendar.month_name[local.month]} {local.year}, {local:%H:%M}"


def html_lang(page: str) -> str:
    return re.search(r"<html lang=\"(\w+)\">", page).group(1)


def publish(server) -> dict:
    published = publish_thai_catalog(server)
    ckan = server.ckan(server.sysadmin_token)
    ckan.action.package_patch(id="egp-procurement-2567", extras=[
        {"key": "ความถี่ในการปรับปรุง", "value": "รายเดือน"}, {"key": "changelog", "value": json.dumps(CHANGELOG)}])
    return {**published, "egp": ckan.action.package_show(id="egp-procurement-2567")}


def test_every_public_page_speaks_english_when_asked(catalog_server):
    published = publish(catalog_server)
    egp, rid = published["egp"], published["resource_id"]
    values = published_values(catalog_server)
    first_activity = catalog_server.ckan().action.package_activity_list(id=egp["id"])[-1]["id"]
    pages = {
        "home": ("/", 200, ["Find government datasets", "Agencies", "datasets found"]),
        "dataset": ("/dataset/egp-procurement-2567", 200,
                    ["Resources", "Version history", "Metadata", "How to cite", "File versions &amp; permanent links",
                     "Download latest", "Last modified", "Maintainer", "Changelog"]),
        "resource": (f"/dataset/egp-procurement-2567/resource/{rid}", 200,
                     ["Data preview", "Data dictionary", "Download this selection", "File versions",
                      "Search the rows"]),
        "version": ("/dataset/egp-procurement-2567/version/1", 200,
                    ["What changed", "1 row added", "Files of this version", "Metadata of this version",
                     "This is the current version."]),
        "compliance": ("/compliance", 200, ["Complete and current disclosure", "Status by agency and subject"]),
        "missing": ("/dataset/no-such-dataset", 404, ["Page not found", "Back to home"]),
        # and the others
        "history": (f"/dataset/egp-procurement-2567/history/{first_activity}", 200, ["Resources in this version"]),
        "compare": ("/dataset/egp-procurement-2567/compare", 200, ["Row changes", "Rows that differ"]),
        "organizations": ("/organization", 200, ["4 agencies, 4 public datasets"]),
        "organization": ("/organization/cgd", 200, ["<strong>1</strong> public dataset\n"]),
        "agency compliance": ("/organization/cgd/compliance", 200, ["OIT table: links for the ITA form"]),
        "bad compliance date": ("/compliance?as_of=someday", 400, ["Invalid value", "You gave"]),
    }
    for name, (path, status, labels) in pages.items():
        path, _, query = path.partition("?")
        answer = get(catalog_server, path, **dict(p.split("=") for p in query.split("&") if p), lang="en")
        page = answer.text
        assert answer.status_code == status, name
        assert html_lang(page) == "en" and answer.headers["content-language"] == "en", name
        for label in labels:
            assert label in page, (name, label)
        assert thai_labels(page, values) == [], name
        assert '<span class="en" lang="en">' not in page, f"{name}: no grey English beside nothing"
        # the header's toggle: this page in Thai
        assert re.search(r'<a class="lang-toggle" href="[^"]*lang=th"[^>]*>ภาษาไทย</a>', page), name

    dataset = get(catalog_server, "/dataset/egp-procurement-2567", lang="en").text
    # dates in the Common Era, English months, Thailand's clock
    modified = english_datetime(egp["metadata_modified"])
    assert "Last modified <time datetime=" in dataset and f">{modified}</time>" in dataset
    times = re.findall(r"<time [^>]*>([^<]*)</time>", dataset)
    month = "|".join(calendar.month_name[1:] + calendar.month_abbr[1:])
    assert times and all(re.fullmatch(rf"\d{{1,2}} ({month}) 20\d\d(, \d\d:\d\d)?", t) for t in times), times
    assert "1 row added" in dataset and "เพิ่ม 1 แถว" not in dataset, "the changelog in words, in English"
    assert ">minor</span>" in dataset and "1 version</dd>" in dataset
    resource = get(catalog_server, f"/dataset/egp-procurement-2567/resource/{rid}", lang="en").text
    assert "Rows 1–2 of <strong>2</strong>" in resource and "File version <strong>2</strong> of 2" in resource
    thai_resource = get(catalog_server, f"/dataset/egp-procurement-2567/resource/{rid}").text
    assert re.findall(r'<td class="[^"]*">([^<]*)</td>', resource) == \
        re.findall(r'<td class="[^"]*">([^<]*)</td>', thai_resource), "the table's values read the same in both"
    home = get(catalog_server, "/", lang="en").text
    assert re.search(r"Updated <time datetime=\"[^\"]+\">\d{1,2} [A-Z][a-z]{2} \d{4}</time>", home)
    compliance = get(catalog_server, "/compliance", lang="en").text
    assert re.search(r"as of \d{1,2} [A-Z][a-z]+ 20\d\d", compliance), "the day of the view in the Common Era"


def test_thai_is_the_default_and_keeps_its_english_in_grey(catalog_server):
    published = publish(catalog_server)
    # the compliance matrix names each agency by its id too
    values = published_values(catalog_server) + catalog_server.ckan().action.organization_list()
    resource = f"/dataset/egp-procurement-2567/resource/{published['resource_id']}"
    for path in ("/", "/dataset/egp-procurement-2567", resource, "/dataset/egp-procurement-2567/version/1",
                 "/compliance", "/organization", "/dataset/no-such-dataset"):
        answer = get(catalog_server, path)
        assert html_lang(answer.text) == "th" and answer.headers["content-language"] == "th", path
        assert english_only_labels(answer.text, values) == [], path
        assert "set-cookie" not in answer.headers, "nothing is remembered until a reader chooses"
        assert re.search(r'<a class="lang-toggle" href="[^"]*lang=en"[^>]*>English</a>', answer.text), path
    dataset = get(catalog_server, "/dataset/egp-procurement-2567").text
    assert 'ไฟล์ข้อมูล <span class="en" lang="en">Resources</span>' in dataset
    assert 'ประวัติรุ่น <span class="en" lang="en">Version history</span>' in dataset
    assert "เพิ่ม 1 แถว" in dataset and "1 row added" in dataset, "a Thai changelog line with its English in grey"
    modified = dt.datetime.fromisoformat(published["egp"]["metadata_modified"]) + dt.timedelta(hours=7)
    assert f" {modified.year + 543} เวลา " in dataset, "Buddhist Era dates"
    assert "Last modified <time" not in dataset


def test_the_choice_is_remembered_in_a_cookie_until_changed(catalog_server):
    publish(catalog_server)
    with httpx.Client(base_url=catalog_server.url, timeout=30) as reader:
        chosen = reader.get("/dataset/egp-procurement-2567", params={"lang": "en"})
        cookie = chosen.headers["set-cookie"]
        assert cookie.startswith("lang=en;")
        assert "Path=/" in cookie and "samesite=lax" in cookie.lower() and "Max-Age=31536000" in cookie
        vary = [v.strip() for v in chosen.headers["vary"].split(",")]
        assert "Cookie" in vary, "one address, two languages: caches must tell them apart"

        # the links inside a page do not carry the language; the cookie does
        for path in ("/", "/organization", "/organization/cgd", "/dataset/egp-procurement-2567/version/1"):
            page = reader.get(path).text
            assert html_lang(page) == "en" and "ชุดข้อมูล <span" not in page, path

        back = reader.get("/organization", params={"lang": "th"})
        assert back.headers["set-cookie"].startswith("lang=th;")
        assert html_lang(reader.get("/organization").text) == "th"

        # a language we do not write is not remembered, and the earlier choice stands
        odd = reader.get("/organization", params={"lang": "fr"})
        assert html_lang(odd.text) == "th" and "set-cookie" not in odd.headers


def test_the_toggle_switches_the_page_and_keeps_its_query(catalog_server):
    published = publish(catalog_server)
    path = f"/dataset/egp-procurement-2567/resource/{published['resource_id']}"
    with httpx.Client(base_url=catalog_server.url, timeout=30) as reader:
        thai = reader.get(path, params={"version": "1", "q": "อาคาร"}).text
        toggle = html.unescape(re.search(r'<a class="lang-toggle" href="([^"]+)"', thai).group(1))
        assert toggle.startswith(path + "?") and "version=1" in toggle and "lang=en" in toggle
        english = reader.get(toggle).text
        assert html_lang(english) == "en" and "File version <strong>1</strong> of 2" in english
        assert "Rows 1–1 of <strong>1</strong>" in english, "the search is kept"
        again = html.unescape(re.search(r'<a class="lang-toggle" href="([^"]+)"', english).group(1))
        assert "lang=th" in again and "lang=en" not in again and "version=1" in again
        assert html_lang(reader.get(again).text) == "th"


def test_the_english_dataset_page_renders_in_headless_chromium(catalog_server, tmp_path):
    publish(catalog_server)
    shot = screenshot(catalog_server.url + "/dataset/egp-procurement-2567?lang=en", tmp_path / "dataset-en.png",
                      tmp_path / "profile")
    assert_rendered_page(shot)
