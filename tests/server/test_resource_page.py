"""The resource page a researcher reads: the rows of any file version, paged, sorted, filtered by column
value and searched without JavaScript; facets; the data dictionary; and the current selection downloaded
as CSV (BOM, Thai headers), XLSX (typed cells, dictionary and citation sheets) and JSON, each naming its
version. A real server, the province's procurement package published by the real `catalog publish`, and a
real headless Chromium."""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import httpx
import openpyxl
import pytest

from tests.server.conftest import publish_package, start_server
from tests.server.test_pages import assert_rendered_page, screenshot

ROOT = Path(__file__).resolve().parents[2]
PROCUREMENT = ROOT / "datapackages" / "phuket-city" / "procurement_monthly"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    home = tmp_path_factory.mktemp("portal")
    server = start_server(home)
    admin = server.ckan(server.sysadmin_token)
    admin.action.organization_create(name="phuket-city", title="เทศบาลนครภูเก็ต")
    admin.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    publish_package(server, PROCUREMENT)
    publish_package(server, ROOT / "datapackages" / "phuket-pao" / "procurement_plan")
    yield server
    server.stop()


def page(server, path: str) -> str:
    response = httpx.get(urljoin(server.url, path), timeout=30)
    assert response.status_code == 200, (path, response.status_code)
    return response.text


def link(text: str, page_html: str, *, containing: str, to: str = "") -> str:
    """The href of the first link (to a path starting with `to`) whose text contains `containing`, as a
    reader would click it."""
    for href, label in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', page_html, re.S):
        if containing in re.sub(r"<[^>]+>", "", label) and html.unescape(href).startswith(to):
            return html.unescape(href)
    raise AssertionError(f"no link with {containing!r} on {text}")


def resolve(base: str, href: str) -> str:
    return urljoin(base, href)


def test_a_journalist_finds_november_procurement_of_one_agency_by_clicks(portal, tmp_path):
    home = page(portal, "/")
    agency = resolve("/", link("home", home, containing="เทศบาลนครภูเก็ต"))
    listing = page(portal, agency)
    dataset = resolve(agency, link("agency", listing, containing="สรุปผลการจัดซื้อจัดจ้างรายเดือน", to="/dataset/"))
    dataset_html = page(portal, dataset)
    resource = resolve(dataset, link("dataset", dataset_html, containing="procurement_monthly"))
    resource_html = page(portal, resource)
    assert "ตัวอย่างข้อมูล" in resource_html and "พจนานุกรมข้อมูล" in resource_html
    cite = re.search(r'<section id="cite".*?</section>', resource_html, re.S).group(0)
    assert "/version/1/" in cite and re.search(r"[0-9a-f]{64}", cite) and "เทศบาลนครภูเก็ต" in cite
    november = resolve(resource, link("resource", resource_html, containing="2024-11"))
    filtered = page(portal, november)
    assert re.search(r"จาก <strong>2</strong> แถว", filtered), "November has two procurements"
    rows = re.findall(r"<tbody>(.*?)</tbody>", filtered, re.S)[0]
    assert rows.count("<tr>") == 2 and "2024-10" not in rows
    xlsx_url = resolve(november, link("filtered", filtered, containing="Excel"))
    response = httpx.get(urljoin(portal.url, xlsx_url), timeout=30)
    assert response.status_code == 200 and "-v1-filtered.xlsx" in response.headers["content-disposition"]
    (tmp_path / "november.xlsx").write_bytes(response.content)
    book = openpyxl.load_workbook(tmp_path / "november.xlsx")
    data = book.worksheets[0]
    header = [c.value for c in data[1]]
    assert header[:3] == ["เดือนที่รายงาน", "ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง"]
    values = list(data.iter_rows(min_row=2, values_only=True))
    assert len(values) == 2 and {v[0] for v in values} == {"2024-11"}
    assert all(isinstance(v[1], int) and isinstance(v[3], (int, float)) for v in values), "typed cells"
    assert book.sheetnames[1:] == ["พจนานุกรมข้อมูล", "การอ้างอิง"]
    citation = {row[0]: row[1] for row in book["การอ้างอิง"].iter_rows(values_only=True)}
    assert citation["รุ่นไฟล์ (file version)"] == "1" and len(citation["sha256"]) == 64
    assert "report_month = 2024-11" in citation["การกรอง (selection)"]
    dictionary = list(book["พจนานุกรมข้อมูล"].iter_rows(min_row=2, values_only=True))
    assert dictionary[0][:3] == ("report_month", "เดือนที่รายงาน", "string")


def resource_path(server) -> str:
    pkg = server.ckan().action.package_show(id="phuket-city-procurement-monthly-2568")
    monthly = next(r for r in pkg["resources"] if r["name"] == "procurement_monthly")
    return f"/dataset/{pkg['name']}/resource/{monthly['id']}"


def test_sorting_paging_search_and_the_dictionary_work_without_javascript(portal):
    base = resource_path(portal)
    first = page(portal, base)
    assert "<script" not in first.split("</head>")[1] or "citation" in first  # the preview needs no script
    assert "แสดงแถว 1–31 จาก <strong>31</strong> แถว" in first
    by_price = page(portal, base + "?sort=agreed_price+desc")
    assert 'aria-sort="descending"' in by_price
    dearest = portal.ckan().action.datastore_search(resource_id=base.rsplit("/", 1)[1], sort="agreed_price desc",
                                                    limit=1)["records"][0]["_id"]
    first_row_id = re.search(r'<tbody>\s*<tr>\s*<td class="num rowid">(\d+)</td>', by_price).group(1)
    assert int(first_row_id) == dearest
    found = page(portal, base + "?q=" + "น้ำมันเชื้อเพลิง")
    assert "น้ำมันเชื้อเพลิง" in found and "จาก <strong>31</strong>" not in found
    assert "คีย์หลัก" in first and "ต้องมีค่า" in first  # primary key and required shown in the dictionary
    assert 'id="field-agreed_price"' in first
    bad = page(portal, base + "?f.no_such_column=1")
    assert "ค้นหาไม่ได้" in bad and "no_such_column" in bad


def test_downloads_of_a_selection_are_excel_safe_and_name_their_version(portal):
    base = resource_path(portal)
    thai = httpx.get(portal.url + base + "/rows.csv", params={"f.report_month": "2024-11", "headers": "th"})
    assert thai.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(thai.content.decode("utf-8-sig"))))
    assert rows[0][0] == "เดือนที่รายงาน" and len(rows) == 3
    assert thai.headers["x-resource-version"] == "1" and "v1-filtered.csv" in thai.headers["content-disposition"]
    machine = httpx.get(portal.url + base + "/rows.csv")
    assert machine.content.decode("utf-8-sig").splitlines()[0].startswith("report_month,seq,item")
    assert len(machine.content.decode("utf-8-sig").splitlines()) == 32
    document = httpx.get(portal.url + base + "/rows.json", params={"q": "น้ำมัน"}).json()
    assert document["version"] == 1 and len(document["sha256"]) == 64 and document["q"] == "น้ำมัน"
    assert document["records"] and all("น้ำมัน" in json.dumps(r, ensure_ascii=False) for r in document["records"])
    assert httpx.get(portal.url + base + "/rows.exe").status_code == 404
    assert httpx.get(portal.url + base + "/rows.csv", params={"version": 7}).status_code == 404


def test_unknown_and_private_resources_are_a_friendly_404(portal):
    admin = portal.ckan(portal.sysadmin_token)
    secret = admin.action.package_create(name="secret-rows", owner_org="phuket-city", private=True)
    resource = admin.action.resource_create(package_id=secret["id"], name="s.csv", upload=("s.csv", io.BytesIO(b"a\n1\n")))
    for path in (f"/dataset/secret-rows/resource/{resource['id']}", f"/dataset/secret-rows/resource/{resource['id']}/rows.csv",
                 "/dataset/phuket-city-procurement-monthly-2568/resource/no-such-resource"):
        assert httpx.get(portal.url + path).status_code == 404, path


def test_the_resource_page_renders_in_chromium_on_desktop_and_phone(portal, tmp_path):
    url = portal.url + resource_path(portal) + "?f.report_month=2024-11"
    assert_rendered_page(screenshot(url, tmp_path / "resource-desktop.png", tmp_path / "profile"))
    assert_rendered_page(screenshot(url, tmp_path / "resource-phone.png", tmp_path / "profile", width=390, height=1600))


def test_a_file_that_is_not_a_table_has_its_page_without_a_preview(portal):
    admin = portal.ckan(portal.sysadmin_token)
    pkg = admin.action.package_create(name="links-and-files", owner_org="phuket-city")
    linked = admin.action.resource_create(package_id=pkg["id"], name="รายงานประจำปี", format="PDF",
                                          url="https://www.phuketcity.go.th/report-2567.pdf")
    uploaded = admin.action.resource_create(package_id=pkg["id"], name="manual.json",
                                            upload=("manual.json", io.BytesIO(b'{"a": 1}')))
    link_page = page(portal, f"/dataset/links-and-files/resource/{linked['id']}")
    assert "https://www.phuketcity.go.th/report-2567.pdf" in link_page and "rows-table" not in link_page
    file_page = page(portal, f"/dataset/links-and-files/resource/{uploaded['id']}")
    assert "rows-table" not in file_page and "/version/1/manual.json" in file_page
    assert httpx.get(portal.url + f"/dataset/links-and-files/resource/{uploaded['id']}/rows.csv").status_code == 404
    with pytest.raises(Exception, match="was not found"):
        portal.ckan().action.datastore_search(resource_id=uploaded["id"])


def test_a_search_names_the_table_whose_rows_hold_the_words(portal):
    found = page(portal, "/dataset?q=" + "พฤศจิกายน 2567")
    cards = re.split(r'<li class="dataset-card">', found)[1:]
    card = next(c for c in cards if 'href="/dataset/phuket-city-procurement-monthly-2568"' in c)
    rows_note = re.search(r'<p class="found-in-rows">(.*?)</p>', card, re.S)
    assert rows_note and "procurement_monthly" in rows_note.group(1)
    assert resource_path(portal) in rows_note.group(1)
    # a word of the dataset's own title is found there, not in the rows: no note
    assert 'class="found-in-rows"' not in page(portal, "/dataset?q=" + "สรุปผลการจัดซื้อจัดจ้างรายเดือน")
