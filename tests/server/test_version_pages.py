"""Version pages people can read: one timeline entry per published version, a page per version that says
what changed in words and links the exact bytes, and a row comparison between any two versions.

Two real publishes of phuket-pao's monthly procurement summary (form สขร.1, keyed by month and sequence)
go through the publisher and ckanapi into a real catalog server; between them one agreed price changes,
three rows are added and one is removed. A small keyed table of 120 then 250 rows shows the paging.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re

import httpx
import pytest

from catalog.publishing import apply_plan, plan_publish
from tests.publishing.conftest import copy_package, edit_table, read_descriptor, small_package, target_of
from tests.server.conftest import start_server
from tests.server.test_pages import (assert_rendered_page, get, publish_thai_catalog, screenshot,
                                     thai_long_date)

MONTH, CHANGED_SEQ, REMOVED_SEQ = "2024-11", "2", "3"
NEW_PRICE = "44000"


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    server = start_server(folder / "home")
    target = target_of(server)

    monthly = copy_package("phuket-pao/procurement_monthly", folder / "packages")
    apply_plan(target, plan_publish(target, monthly))
    data = monthly / "data" / "procurement_monthly.csv"
    first = data.read_bytes()
    old_price = next(r for r in _rows(first) if (r["report_month"], r["seq"]) == (MONTH, CHANGED_SEQ))["agreed_price"]

    def correct(rows: list[dict]) -> list[dict]:
        kept = [{**r, "agreed_price": NEW_PRICE} if (r["report_month"], r["seq"]) == (MONTH, CHANGED_SEQ) else r
                for r in rows if (r["report_month"], r["seq"]) != (MONTH, REMOVED_SEQ)]
        model = next(r for r in rows if r["report_month"] == MONTH)
        return kept + [{**model, "seq": str(seq), "item": f"ซื้อวัสดุงานบ้านงานครัว ชุดที่ {seq}"} for seq in (4, 5, 6)]

    edit_table(monthly, "procurement_monthly", correct)
    apply_plan(target, plan_publish(target, monthly))
    second = data.read_bytes()

    stations = small_package(folder / "stations", [(str(n), f"สถานี {n}", "12.5") for n in range(1, 121)],
                             name="bangkok-air-stations")
    apply_plan(target, plan_publish(target, stations))
    edit_table(stations, "stations", lambda rows: [{**r, "pm25": "40.1"} if r["station_id"] == "7" else r
                                                   for r in rows]
               + [{"station_id": str(n), "name": f"สถานี {n}", "pm25": "9"} for n in range(121, 251)])
    apply_plan(target, plan_publish(target, stations))

    hidden = copy_package("phuket-city/service_statistics", folder / "packages")
    apply_plan(target, plan_publish(target, hidden))
    server.ckan(server.sysadmin_token).action.package_patch(id=read_descriptor(hidden)["name"], private=True)
    yield {"server": server, "monthly": read_descriptor(monthly)["name"], "stations": "bangkok-air-stations",
           "hidden": read_descriptor(hidden)["name"], "bytes": [first, second], "old_price": old_price}
    server.stop()


def section(html: str, section_id: str) -> str:
    found = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert found, f"no section#{section_id}"
    return found.group(0)


def fetch(server, path_and_query: str) -> httpx.Response:
    """A page by its address as linked (the query string kept as it is)."""
    return httpx.get(server.url + path_and_query.replace("&amp;", "&"), timeout=60)


def grouped(value: str) -> str:
    return f"{int(value):,}"


# --- the timeline --------------------------------------------------------------------------------------------

def test_the_timeline_has_one_entry_per_published_version(published):
    server, name = published["server"], published["monthly"]
    ckan = server.ckan()
    activities = ckan.action.package_activity_list(id=name)
    versions = ckan.action.package_version_list(id=name)
    assert len(activities) > 4, "a publish writes several activities (the dataset, each upload, the descriptor)"
    assert [v["number"] for v in versions] == [1, 2] and [v["version"] for v in versions] == ["1.0.0", "1.1.0"]
    # each version is the activity at which the dataset held that version's files
    for version, data in zip(versions, published["bytes"]):
        monthly = next(f for f in version["files"] if f["resource_name"] == "procurement_monthly")
        assert monthly["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        stored = ckan.action.activity_data_show(id=version["activity_id"], object_type="package")
        assert stored["version"] == version["version"]

    html = get(server, f"/dataset/{name}").text
    history = section(html, "history")
    assert history.count('<li class="event"') == 2
    assert re.search(r"<dt>ประวัติ</dt><dd>2 รุ่น</dd>", html), "the sidebar counts versions, not activities"
    assert history.index(f'href="/dataset/{name}/version/2"') < history.index(f'href="/dataset/{name}/version/1"')
    assert f'href="/dataset/{name}/compare?from=1&amp;to=2"' in history
    assert "รุ่น 1.1.0" in history and "รุ่น 1.0.0" in history
    # the timeline tells the change in words, amounts grouped
    assert f"{grouped(published['old_price'])} → {grouped(NEW_PRICE)}" in history
    # the activity pages stay: each entry links its activity record, and every activity's page answers
    for version in versions:
        assert f'href="/dataset/{name}/history/{version["activity_id"]}"' in history
    for activity in activities:
        assert get(server, f"/dataset/{name}/history/{activity['id']}").status_code == 200


# --- a version page ------------------------------------------------------------------------------------------

def test_a_version_page_says_what_changed_in_words(published):
    server, name = published["server"], published["monthly"]
    versions = server.ckan().action.package_version_list(id=name)
    page = get(server, f"/dataset/{name}/version/2")
    assert page.status_code == 200
    html = page.text
    assert "รุ่น 1.1.0" in html and "Version 1.1.0" in html
    assert thai_long_date(versions[1]["timestamp"]) in html, "its date, Buddhist Era on Thailand's clock"
    changes = section(html, "changes")
    old, new = grouped(published["old_price"]), grouped(NEW_PRICE)
    assert (f"เพิ่ม 3 แถว แก้ไข 1 แถว ลบ 1 แถว ในเดือนพฤศจิกายน 2567: ลำดับที่ {CHANGED_SEQ} "
            f"ราคาที่ตกลงซื้อหรือจ้าง {old} → {new}") in changes
    assert (f"3 rows added, 1 changed, 1 removed in November 2024: seq {CHANGED_SEQ} agreed_price {old} -&gt; {new}"
            in changes)
    assert f'href="/dataset/{name}/version/1" rel="prev"' in html and 'rel="next"' not in html
    assert f'href="/dataset/{name}/compare?from=1&amp;to=2"' in html
    assert "นี่คือรุ่นล่าสุดของชุดข้อมูล" in html

    first = get(server, f"/dataset/{name}/version/1").text
    assert "รุ่น 1.0.0" in first and "คุณกำลังดูรุ่นเก่า" in first
    assert f'href="/dataset/{name}/version/2" rel="next"' in first and 'rel="prev"' not in first
    assert "เผยแพร่ครั้งแรก" in section(first, "changes")

    # the SemVer answers the same page, which names its numbered address as canonical
    by_semver = get(server, f"/dataset/{name}/version/1.1.0")
    assert by_semver.status_code == 200
    assert f'<link rel="canonical" href="/dataset/{name}/version/2">' in by_semver.text
    assert section(by_semver.text, "changes") == changes
    # and so does the version's URI in DCAT, named by its activity under the dataset's id
    dataset_id = server.ckan().action.package_show(id=name)["id"]
    by_uri = get(server, f"/dataset/{dataset_id}/version/{versions[1]['activity_id']}")
    assert by_uri.status_code == 200 and section(by_uri.text, "changes") == changes


def test_a_version_page_links_its_datapackage_and_the_bytes_it_published(published):
    server, name = published["server"], published["monthly"]
    for number, data in ((1, published["bytes"][0]), (2, published["bytes"][1])):
        files = section(get(server, f"/dataset/{name}/version/{number}").text, "files")
        [descriptor_url] = re.findall(r'href="([^"]+/dataset/[^"/]+/version/[^"/]+/datapackage\.json)"', files)
        descriptor = httpx.get(descriptor_url, timeout=30)
        assert descriptor.status_code == 200
        package = descriptor.json()
        assert package["version"] == f"1.{number - 1}.0"
        links = re.findall(r'<a class="permalink-url" href="([^"]+)">', files)
        assert len(links) == 3, "both tables and the uploaded datapackage.json"
        assert {r["path"] for r in package["resources"]} <= set(links), "the descriptor names the files linked"
        for link in links:
            body = httpx.get(link, timeout=30)
            assert body.status_code == 200
            assert hashlib.sha256(body.content).hexdigest() in files, link
        table = next(r for r in package["resources"] if r["name"] == "procurement_monthly")
        assert httpx.get(table["path"], timeout=30).content == data


def test_a_version_page_says_how_to_cite_that_version(published):
    server, name = published["server"], published["monthly"]
    first = section(get(server, f"/dataset/{name}/version/1").text, "cite")
    [descriptor_url] = re.findall(r'href="([^"]+/datapackage\.json)"', get(server, f"/dataset/{name}/version/1").text)[:1]
    assert "1.0.0" in first and descriptor_url in first, "the citation names version 1 by its own descriptor"
    second = section(get(server, f"/dataset/{name}/version/2").text, "cite")
    assert "1.1.0" in second and second != first
    assert "citation.bib" in first and "citation.ris" in first


# --- comparing rows ------------------------------------------------------------------------------------------

def counts(html: str) -> dict[str, int]:
    return {kind: int(value.replace(",", "")) for kind, value in
            re.findall(r'<strong data-count="(\w+)">([\d,]+)</strong>', html)}


def test_the_compare_page_highlights_exactly_the_changed_cell(published):
    server, name = published["server"], published["monthly"]
    page = get(server, f"/dataset/{name}/compare", **{"from": 1, "to": 2, "resource": "procurement_monthly"})
    assert page.status_code == 200
    html = page.text
    rows_before = len(_rows(published["bytes"][0]))
    assert counts(html) == {"added": 3, "removed": 1, "changed": 1, "unchanged": rows_before - 2}
    cells = re.findall(r'<td class="cell-changed">(.*?)</td>', html, re.S)
    assert len(cells) == 1
    assert f"<del>{grouped(published['old_price'])}</del>" in cells[0]
    assert f"<ins>{grouped(NEW_PRICE)}</ins>" in cells[0]
    assert html.count('<tr class="row-added">') == 3 and html.count('<tr class="row-removed">') == 1
    assert html.count('<tr class="row-changed">') == 1
    assert "<code>report_month</code>, <code>seq</code>" in html, "rows matched by the schema's primary key"
    assert "ซื้อวัสดุงานบ้านงานครัว ชุดที่ 5" in html
    # the resource by id, and the defaults (to: the latest, from: the one before it) give the same rows
    resource_id = server.ckan().action.package_show(id=name)["resources"][0]["id"]
    by_id = get(server, f"/dataset/{name}/compare", **{"from": 1, "to": 2, "resource": resource_id}).text
    assert counts(by_id) == counts(html)
    assert counts(get(server, f"/dataset/{name}/compare", resource="procurement_monthly").text) == counts(html)
    # each version page links its comparison with the previous version
    assert f'href="/dataset/{name}/compare?from=1&amp;to=2&amp;resource=procurement_monthly"' in get(
        server, f"/dataset/{name}/version/2").text


def test_the_compare_page_comes_in_pages_of_a_hundred_rows(published):
    server, name = published["server"], published["stations"]
    first = get(server, f"/dataset/{name}/compare", **{"from": 1, "to": 2, "resource": "stations"}).text
    assert counts(first) == {"added": 130, "removed": 0, "changed": 1, "unchanged": 119}
    assert first.count("<tr class=\"row-") == 100
    [changed] = re.findall(r'<td class="cell-changed">(.*?)</td>', first, re.S)
    assert "<del>12.5</del>" in changed and "<ins>40.1</ins>" in changed
    [second_link] = set(re.findall(r'href="(/dataset/[^"]+page=2)"', first))
    second = fetch(server, second_link).text
    assert second.count("<tr class=\"row-") == 31 and 'aria-current="page">2<' in second


def test_a_dataset_edited_by_hand_has_a_version_per_version_number(catalog_server):
    published = publish_thai_catalog(catalog_server)
    name = "egp-procurement-2567"
    html = get(catalog_server, f"/dataset/{name}/version/1").text
    assert "รุ่น 1.0.0" in html and "ไม่มีบันทึกการเปลี่ยนแปลงของรุ่นนี้" in html
    # the newest activity under 1.0.0 is the second upload: its file is the version's
    second = catalog_server.ckan().action.resource_version_list(id=published["resource_id"])[1]
    assert f'href="{second["url"]}"' in section(html, "files")
    assert get(catalog_server, f"/dataset/{name}/version/3").status_code == 404
    # a table without a Table Schema is compared by whole rows
    compare = get(catalog_server, f"/dataset/{name}/compare", **{"from": 0, "to": 1}).text
    assert counts(compare) == {"added": 2, "removed": 0, "changed": 0, "unchanged": 0}
    assert "ไม่มีคีย์หลัก" in compare


def test_private_datasets_and_unknown_versions_are_not_found(published):
    server, name, hidden = published["server"], published["monthly"], published["hidden"]
    assert get(server, f"/dataset/{hidden}/version/1").status_code == 404
    assert get(server, f"/dataset/{hidden}/compare").status_code == 404
    for path in (f"/dataset/{name}/version/3", f"/dataset/{name}/version/0", f"/dataset/{name}/version/9.9.9",
                 f"/dataset/{name}/compare?from=1&to=7", f"/dataset/{name}/compare?from=x&to=2",
                 f"/dataset/{name}/compare?resource=no-such-table", "/dataset/no-such-dataset/version/1"):
        page = fetch(server, path)
        assert page.status_code == 404, path
        assert "ไม่พบ" in page.text


def test_the_changelog_and_disclosure_extras_are_tables_not_json(published):
    server, name = published["server"], published["monthly"]
    activity = server.ckan().action.package_version_list(id=name)[1]["activity_id"]
    for path in (f"/dataset/{name}", f"/dataset/{name}/version/2", f"/dataset/{name}/history/{activity}"):
        html = section(get(server, path).text, "metadata")
        blocks = dict(re.findall(r'<div class="structured-extra" data-extra="(\w+)">(.*?)\n</div>\n', html, re.S))
        assert set(blocks) == {"changelog", "disclosure"}, path
        for key, block in blocks.items():
            assert not re.search(r'[\[{](&#34;|")', block), (path, key)
        assert "<code>changelog</code></th>" not in html and "<code>disclosure</code></th>" not in html
        assert f'href="/dataset/{name}/version/1.1.0">1.1.0</a>' in blocks["changelog"]
        assert "ปีงบประมาณ" in blocks["disclosure"] and "2568" in blocks["disclosure"]
        assert "Monthly procurement summary" in blocks["disclosure"], "the OIT item, as a table row"


def test_version_and_compare_pages_render_in_headless_chromium(published, tmp_path):
    server, name = published["server"], published["monthly"]
    pages = {"version": f"/dataset/{name}/version/2",
             "compare": f"/dataset/{name}/compare?from=1&to=2&resource=procurement_monthly"}
    shots = []
    for label, path in pages.items():
        for width, height in ((1280, 900), (390, 844)):
            shot = screenshot(server.url + path, tmp_path / f"{label}-{width}.png", tmp_path / "profile",
                              width=width, height=height)
            assert_rendered_page(shot)
            shots.append(hashlib.sha256(shot.read_bytes()).digest())
    assert len(set(shots)) == 4
