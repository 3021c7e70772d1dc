"""The public web pages: search by agency, dataset pages with permanent links and history, organizations.

Everything runs against a real catalog server filled through the real ckanapi client, with Thai content as
agencies publish it; the browser tests drive a real headless Chromium.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import struct
import subprocess
import zlib
from pathlib import Path

import httpx

from catalog.thai.dates import THAI_MONTHS_FULL

CHROMIUM = Path("/usr/bin/chromium")

AGENCIES = [
    ("cgd", "กรมบัญชีกลาง", "หน่วยงานกลางด้านการเงินการคลังภาครัฐ สังกัดกระทรวงการคลัง"),
    ("dopa", "กรมการปกครอง", "ดูแลงานทะเบียนราษฎรและการปกครองท้องที่ สังกัดกระทรวงมหาดไทย"),
    ("nso", "สำนักงานสถิติแห่งชาติ", "หน่วยงานหลักด้านสถิติของประเทศ"),
    ("phuket-pao", "องค์การบริหารส่วนจังหวัดภูเก็ต", "องค์กรปกครองส่วนท้องถิ่นจังหวัดภูเก็ต"),
]

EGP_NOTES = """ผลการจัดซื้อจัดจ้างของหน่วยงานภาครัฐ ปีงบประมาณ พ.ศ. 2567 จากระบบ e-GP
รวบรวมเป็นรายเดือน ตามประกาศคณะกรรมการข้อมูลข่าวสารของราชการ

ชุดข้อมูลประกอบด้วย
- เลขที่โครงการและชื่อโครงการ
- วิธีการจัดหาและวงเงินงบประมาณ (บาท)
- ผู้ชนะการเสนอราคาและราคาที่ตกลงซื้อหรือจ้าง

แหล่งข้อมูลต้นทาง https://www.gprocurement.go.th/"""

EGP_V1 = "เลขที่โครงการ,ชื่อโครงการ,วงเงิน\n67019000001,จ้างเหมาทำความสะอาดอาคาร,480000\n".encode()
EGP_V2 = EGP_V1 + "67019000002,ซื้อวัสดุสำนักงาน,125000.50\n".encode()


def publish_thai_catalog(server) -> dict:
    """Four agencies and their datasets, one of them private; returns what the tests look for."""
    ckan = server.ckan(server.sysadmin_token)
    for name, title, description in AGENCIES:
        ckan.action.organization_create(name=name, title=title, description=description)
    egp = ckan.action.package_create(
        name="egp-procurement-2567", title="ผลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2567", owner_org="cgd",
        notes=EGP_NOTES, license_id="cc-by", version="1.0.0", maintainer="กองระบบการจัดซื้อจัดจ้างภาครัฐ",
        maintainer_email="egp@cgd.go.th", tags=[{"name": "งบประมาณ"}, {"name": "procurement"}],
        extras=[{"key": "ความถี่ในการปรับปรุง", "value": "รายเดือน"}])
    resource = ckan.action.resource_create(package_id=egp["id"], name="ผลการจัดซื้อจัดจ้าง.csv", format="CSV",
                                           description="ข้อมูลรายโครงการ", upload=("egp-2567.csv", io.BytesIO(EGP_V1)))
    ckan.action.resource_patch(id=resource["id"], upload=("egp-2567.csv", io.BytesIO(EGP_V2)))
    ckan.action.package_patch(id=egp["id"], version="1.1.0", title="ผลการจัดซื้อจัดจ้างภาครัฐ ปีงบประมาณ พ.ศ. 2567")
    ckan.action.package_create(
        name="population-by-province-2566", title="จำนวนประชากรจากการทะเบียนราษฎร จำแนกรายจังหวัด พ.ศ. 2566",
        owner_org="dopa", notes="จำนวนประชากรไทยและต่างชาติ แยกชาย หญิง ณ วันที่ 31 ธันวาคม 2566",
        license_id="odc-by", tags=[{"name": "ประชากร"}],
        resources=[{"name": "ประชากรรายจังหวัด.xlsx", "format": "XLSX",
                    "url": "https://stat.bora.dopa.go.th/stat/statnew/statyear/pop66.xlsx"}])
    ckan.action.package_create(
        name="budget-phuket-2568", title="งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568", owner_org="phuket-pao",
        notes="ข้อบัญญัติงบประมาณรายจ่าย จำแนกตามแผนงานและหน่วยงาน", tags=[{"name": "งบประมาณ"}, {"name": "แผนงาน"}])
    ckan.action.package_create(
        name="service-satisfaction-2566", title="ผลสำรวจความพึงพอใจของผู้รับบริการ ประจำปี 2566", owner_org="nso",
        notes="ผลการสำรวจความพึงพอใจต่อการให้บริการของหน่วยงานภาครัฐ", tags=[{"name": "สำรวจ"}])
    ckan.action.package_create(
        name="internal-contacts", title="รายชื่อผู้ประสานงานภายใน (ลับ)", owner_org="dopa", private=True,
        notes="ใช้ภายในหน่วยงานเท่านั้น")
    return {"egp": ckan.action.package_show(id=egp["id"]), "resource_id": resource["id"]}


def get(server, path: str, **params) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=30)


def thai_long_date(stamp: str) -> str:
    """A stored UTC timestamp as a Thai reader in Thailand writes its date: '5 มีนาคม 2568'."""
    local = dt.datetime.fromisoformat(stamp) + dt.timedelta(hours=7)
    return f"{local.day} {THAI_MONTHS_FULL[local.month - 1]} {local.year + 543}"


# --- home: search by agency -------------------------------------------------------------------------------

def test_home_lists_public_datasets_with_agencies_and_counts(catalog_server):
    publish_thai_catalog(catalog_server)
    page = get(catalog_server, "/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="th">' in html
    assert "Disclosure Catalog" in html
    assert 'name="q"' in html and 'name="organization"' in html
    assert re.search(r'class="result-count">4</strong>', html), "four public datasets, the private one not counted"
    for title in ("ผลการจัดซื้อจัดจ้างภาครัฐ ปีงบประมาณ พ.ศ. 2567",
                  "จำนวนประชากรจากการทะเบียนราษฎร จำแนกรายจังหวัด พ.ศ. 2566",
                  "งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568",
                  "ผลสำรวจความพึงพอใจของผู้รับบริการ ประจำปี 2566"):
        assert title in html
    assert "รายชื่อผู้ประสานงานภายใน" not in html
    # the agency facet names each agency with its number of public datasets and links to the filtered search
    assert re.search(r'href="/dataset\?organization=cgd">\s*<span class="facet-label">กรมบัญชีกลาง</span>\s*'
                     r'<span class="count">1</span>', html)
    assert re.search(r'<span class="facet-label">กรมการปกครอง</span>\s*<span class="count">1</span>', html)


def test_search_by_words_and_by_agency(catalog_server):
    publish_thai_catalog(catalog_server)
    by_word = get(catalog_server, "/", q="ประชากร").text
    assert "จำนวนประชากรจากการทะเบียนราษฎร" in by_word
    assert "ผลสำรวจความพึงพอใจ" not in by_word
    assert 'value="ประชากร"' in by_word, "the search box keeps the words searched for"

    by_agency = get(catalog_server, "/dataset", organization="phuket-pao").text
    assert re.search(r'class="result-count">1</strong>', by_agency)
    assert "งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568" in by_agency
    assert "ผลการจัดซื้อจัดจ้างภาครัฐ" not in by_agency
    assert '<option value="phuket-pao" selected>' in by_agency
    assert "องค์การบริหารส่วนจังหวัดภูเก็ต" in by_agency  # the active filter chip shows the agency's title

    by_tag = get(catalog_server, "/dataset", tags="งบประมาณ").text
    assert re.search(r'class="result-count">2</strong>', by_tag)

    nothing = get(catalog_server, "/", q="ไม่มีคำนี้ในแคตตาล็อก").text
    assert re.search(r'class="result-count">0</strong>', nothing)
    assert "ไม่พบชุดข้อมูลที่ตรงกับคำค้น" in nothing

    unreadable = get(catalog_server, "/", q='title:[')
    assert unreadable.status_code == 400
    assert "ไม่สามารถค้นหาด้วยคำค้นนี้ได้" in unreadable.text and "could not be understood" in unreadable.text


def test_results_come_in_pages_of_twenty(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="nso", title="สำนักงานสถิติแห่งชาติ")
    for n in range(1, 24):
        ckan.action.package_create(name=f"labour-survey-{n:02d}", title=f"การสำรวจภาวะการทำงานของประชากร รอบที่ {n}",
                                   owner_org="nso")
    first = get(catalog_server, "/", sort="title_string asc").text
    assert re.search(r'class="result-count">23</strong>', first)
    assert first.count('class="dataset-card"') == 20
    assert "แสดง 1–20" in first
    assert 'href="?sort=title_string+asc&amp;page=2" rel="next"' in first
    second = get(catalog_server, "/", sort="title_string asc", page="2").text
    assert second.count('class="dataset-card"') == 3
    assert "แสดง 21–23" in second
    assert 'aria-current="page">2</span>' in second
    assert get(catalog_server, "/", page="not-a-number").status_code == 200


# --- the dataset page -------------------------------------------------------------------------------------

def test_dataset_page_shows_metadata_resources_and_permanent_links(catalog_server):
    published = publish_thai_catalog(catalog_server)
    egp = published["egp"]
    page = get(catalog_server, "/dataset/egp-procurement-2567")
    assert page.status_code == 200
    html = page.text
    assert "<h1>ผลการจัดซื้อจัดจ้างภาครัฐ ปีงบประมาณ พ.ศ. 2567</h1>" in html
    # notes become paragraphs and a list, and the source address a link
    assert "<li>เลขที่โครงการและชื่อโครงการ</li>" in html
    assert '<a href="https://www.gprocurement.go.th/" rel="nofollow noopener">' in html
    # metadata
    for text in ("กรมบัญชีกลาง", 'href="/organization/cgd"', "Creative Commons Attribution",
                 "กองระบบการจัดซื้อจัดจ้างภาครัฐ", 'href="mailto:egp@cgd.go.th"', "1.1.0", "งบประมาณ", "procurement",
                 "ความถี่ในการปรับปรุง", "รายเดือน"):
        assert text in html, text
    modified = egp["metadata_modified"]
    assert thai_long_date(modified) in html, "last modified as a Thai date (Buddhist Era, Thailand's clock)"
    assert modified[:19] + "Z" in html, "and as ISO 8601 UTC"

    # the resource: size, sha256 of the latest bytes, the latest download and both versions' permanent links
    resource = egp["resources"][0]
    assert "ผลการจัดซื้อจัดจ้าง.csv" in html
    assert hashlib.sha256(EGP_V2).hexdigest() in html
    assert f"{len(EGP_V2)} ไบต์" in html
    assert f'href="{resource["url"]}"' in html
    assert httpx.get(resource["url"]).content == EGP_V2
    versions = catalog_server.ckan().action.resource_version_list(id=resource["id"])
    assert [v["version"] for v in versions] == [1, 2]
    for version, content in zip(versions, (EGP_V1, EGP_V2)):
        assert f'href="{version["url"]}"' in html
        assert hashlib.sha256(content).hexdigest() in html
        download = httpx.get(version["url"])
        assert download.status_code == 200 and download.content == content

    # a linked (not uploaded) resource links to its address
    population = get(catalog_server, "/dataset/population-by-province-2566").text
    assert 'href="https://stat.bora.dopa.go.th/stat/statnew/statyear/pop66.xlsx"' in population
    assert "เปิดลิงก์" in population


def test_dataset_page_shows_the_version_history(catalog_server):
    publish_thai_catalog(catalog_server)
    ckan = catalog_server.ckan()
    activities = ckan.action.package_activity_list(id="egp-procurement-2567")
    assert [a["activity_type"] for a in activities] == ["changed package"] * 3 + ["new package"]
    html = get(catalog_server, "/dataset/egp-procurement-2567").text
    # one entry per published version: edited by hand (no changelog), the newest activity under each number
    retitled, second_upload = activities[0], activities[1]
    assert html.count('<li class="event"') == 2
    for number, activity in ((2, retitled), (1, second_upload)):
        assert f'href="/dataset/egp-procurement-2567/version/{number}"' in html
        assert f'href="/dataset/egp-procurement-2567/history/{activity["id"]}"' in html
        assert activity["timestamp"][:19] + "Z" in html
    assert html.count("ปรับปรุงชุดข้อมูล") == 1 and html.count("สร้างชุดข้อมูล") == 1
    assert "Updated" in html and "Created" in html


def test_history_page_shows_the_metadata_and_file_of_that_version(catalog_server):
    published = publish_thai_catalog(catalog_server)
    ckan = catalog_server.ckan()
    created, first_upload, second_upload, retitled = reversed(
        ckan.action.package_activity_list(id="egp-procurement-2567"))
    v1, v2 = ckan.action.resource_version_list(id=published["resource_id"])

    old = get(catalog_server, f"/dataset/egp-procurement-2567/history/{first_upload['id']}")
    assert old.status_code == 200
    assert "<h1>ผลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2567</h1>" in old.text, "the title as it was then"
    assert "1.0.0" in old.text and "1.1.0" not in old.text
    assert "คุณกำลังดูข้อมูลเมตาของรุ่นเก่า" in old.text
    assert f'href="{v1["url"]}"' in old.text and v2["url"] not in old.text, "the file as it was then"
    assert hashlib.sha256(EGP_V1).hexdigest() in old.text
    assert httpx.get(v1["url"]).content == EGP_V1

    at_creation = get(catalog_server, f"/dataset/egp-procurement-2567/history/{created['id']}").text
    assert "รุ่นนี้ไม่มีไฟล์" in at_creation
    assert f'href="/dataset/egp-procurement-2567/history/{first_upload["id"]}" rel="next"' in at_creation

    latest = get(catalog_server, f"/dataset/{published['egp']['id']}/history/{retitled['id']}").text
    assert "นี่คือรุ่นล่าสุดของชุดข้อมูล" in latest
    assert f'href="{v2["url"]}"' in latest

    other = ckan.action.package_activity_list(id="budget-phuket-2568")[0]
    assert get(catalog_server, f"/dataset/egp-procurement-2567/history/{other['id']}").status_code == 404
    assert get(catalog_server, "/dataset/egp-procurement-2567/history/no-such-activity").status_code == 404


def test_gd_catalog_fields_are_shown_with_their_thai_labels(gdc_catalog_server):
    ckan = gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    ckan.action.package_create(
        name="sor-kor-1-2568", title="สรุปผลการจัดซื้อจัดจ้างประจำเดือน 2568", owner_org="phuket-pao",
        data_type="ข้อมูลระเบียน", maintainer="กองคลัง", maintainer_email="opendata@phuketpao.go.th",
        notes="สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.1)", objective=["พันธกิจหน่วยงาน", "ยุทธศาสตร์ชาติ"],
        update_frequency_unit="เดือน", update_frequency_interval="1", geo_coverage="จังหวัด",
        data_source="ระบบการจัดซื้อจัดจ้างภาครัฐ (e-GP)", data_format=["CSV", "XLS"], data_category="ข้อมูลสาธารณะ",
        data_classification="เปิดเผย", license_id="Creative Commons Attributions", data_language=["ไทย"],
        tags=[{"name": "จัดซื้อจัดจ้าง"}])
    html = get(gdc_catalog_server, "/dataset/sor-kor-1-2568").text
    assert "ข้อมูลตามมาตรฐาน GD Catalog" in html
    for label, value in (("ประเภทชุดข้อมูล", "ข้อมูลระเบียน"),
                         ("วัตถุประสงค์", "ยุทธศาสตร์ชาติ, พันธกิจหน่วยงาน"),
                         ("หน่วยความถี่ของการปรับปรุงข้อมูล", "เดือน"),
                         ("แหล่งที่มา", "ระบบการจัดซื้อจัดจ้างภาครัฐ (e-GP)"),
                         ("รูปแบบการเก็บข้อมูล", "CSV, XLS"),
                         ("หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ", "ข้อมูลสาธารณะ")):
        row = rf'<th scope="row">{re.escape(label)} <span[^>]*>[^<]*</span></th>\s*<td>{re.escape(value)}</td>'
        assert re.search(row, html), (label, value)
    assert "Creative Commons Attributions" in html and "จัดซื้อจัดจ้าง" in html
    assert "สรุปผลการจัดซื้อจัดจ้างประจำเดือน 2568" in get(gdc_catalog_server, "/").text


def test_private_and_unknown_datasets_are_a_friendly_404(catalog_server):
    publish_thai_catalog(catalog_server)
    sysadmin = catalog_server.ckan(catalog_server.sysadmin_token)
    assert sysadmin.action.package_show(id="internal-contacts")["private"] is True
    activity = sysadmin.action.package_activity_list(id="internal-contacts")[0]
    for path in ("/dataset/internal-contacts", f"/dataset/internal-contacts/history/{activity['id']}",
                 "/dataset/no-such-dataset", "/organization/no-such-agency"):
        page = get(catalog_server, path)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html")
        assert "ไม่พบหน้าที่คุณต้องการ" in page.text and "Page not found" in page.text
        assert "รายชื่อผู้ประสานงานภายใน" not in page.text and "ใช้ภายในหน่วยงานเท่านั้น" not in page.text


# --- organizations ----------------------------------------------------------------------------------------

def test_organization_pages_list_agencies_and_their_public_datasets(catalog_server):
    publish_thai_catalog(catalog_server)
    listing = get(catalog_server, "/organization")
    assert listing.status_code == 200
    for name, title, _ in AGENCIES:
        assert f'<a href="/organization/{name}">{title}</a>' in listing.text
    assert "4 หน่วยงาน" in listing.text and "ชุดข้อมูลสาธารณะ 4 ชุด" in listing.text

    dopa = get(catalog_server, "/organization/dopa")
    assert dopa.status_code == 200
    html = dopa.text
    assert "<h1>กรมการปกครอง</h1>" in html
    assert "ดูแลงานทะเบียนราษฎรและการปกครองท้องที่" in html
    assert "จำนวนประชากรจากการทะเบียนราษฎร" in html
    assert "รายชื่อผู้ประสานงานภายใน" not in html
    assert re.search(r'class="result-count">1</strong>', html)
    assert "ชุดข้อมูลสาธารณะ <strong>1</strong> ชุด" in html


# --- safety -----------------------------------------------------------------------------------------------

def test_html_in_titles_notes_and_links_is_shown_as_text(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="test-agency", title='หน่วยงาน <b onmouseover="x()">ทดสอบ</b>')
    ckan.action.package_create(
        name="xss-test", owner_org="test-agency", title='<script>alert("title")</script> ผลสำรวจ',
        notes='<img src=x onerror=alert(1)>\n\n**สำคัญ** <a href="javascript:alert(2)">คลิก</a> '
              'https://example.org/a?b=1&c="2"',
        maintainer="<b>ผู้ดูแล</b>", url="javascript:alert(4)",
        extras=[{"key": "<i>key</i>", "value": "<svg onload=alert(5)>"}],
        resources=[{"name": "<u>file</u>", "url": "javascript:alert(6)", "description": "<iframe src=x>"}])
    pages = [get(catalog_server, "/dataset/xss-test").text, get(catalog_server, "/").text,
             get(catalog_server, "/organization/test-agency").text, get(catalog_server, "/organization").text,
             get(catalog_server, "/", q='<script>alert("q")</script>').text]
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html and "<svg onload" not in html and "<iframe" not in html
        assert '<b onmouseover' not in html and "<u>file" not in html and "<i>key" not in html
        assert "<b>ผู้ดูแล" not in html
        assert 'href="javascript:' not in html.lower()
    dataset = pages[0]
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; ผลสำรวจ" in dataset
    assert "&lt;img src=x onerror=alert(1)&gt;" in dataset
    assert "<strong>สำคัญ</strong>" in dataset
    assert '<a href="https://example.org/a?b=1&amp;c=" rel="nofollow noopener">' in dataset
    assert "&lt;svg onload=alert(5)&gt;" in dataset
    assert 'value="&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;"' in pages[4]


def test_pages_use_only_local_resources(catalog_server):
    publish_thai_catalog(catalog_server)
    css = get(catalog_server, "/static/catalog.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "Sarabun" in css.text and "Noto Sans Thai" in css.text
    assert "@import" not in css.text and "url(http" not in css.text
    for path in ("/", "/dataset/egp-procurement-2567", "/organization", "/organization/cgd", "/dataset/nope"):
        html = get(catalog_server, path).text
        loaded = re.findall(r'<(?:link|script|img|iframe)\b[^>]*\b(?:href|src)="([^"]*)"', html)
        assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded), (path, loaded)
        assert get(catalog_server, loaded[0].split("?")[0]).status_code == 200


# --- a real browser ---------------------------------------------------------------------------------------

def screenshot(url: str, out: Path, profile: Path, width: int = 1280, height: int = 900) -> Path:
    """A real headless Chromium renders the page, as a reader's browser would (390 wide: a phone)."""
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium) and a Thai "
        "font (fonts-noto-core); scripts/test installs them")
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={out}",
                    f"--window-size={width},{height}", url], check=True, capture_output=True, timeout=120)
    return out


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes) into its rows of raw pixel bytes."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, f"unexpected PNG layout {header}"
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + previous[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a, b = (line[i - bpp] if i >= bpp else 0), previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, bpp, rows


def assert_rendered_page(path: Path) -> None:
    assert path.exists(), "Chromium wrote no screenshot"
    assert path.stat().st_size > 10_000, f"screenshot of {path.stat().st_size} bytes: a blank page?"
    width, bpp, rows = png_pixels(path)
    colours = {row[i:i + 3] for row in rows[::4] for i in range(0, width * bpp, bpp * 4)}
    assert len(colours) > 50, f"only {len(colours)} colours: the page did not render"


def test_home_and_dataset_pages_render_in_headless_chromium(catalog_server, tmp_path):
    publish_thai_catalog(catalog_server)
    home = screenshot(catalog_server.url + "/", tmp_path / "home.png", tmp_path / "profile")
    assert_rendered_page(home)
    dataset = screenshot(catalog_server.url + "/dataset/egp-procurement-2567", tmp_path / "dataset.png",
                         tmp_path / "profile")
    assert_rendered_page(dataset)
    assert hashlib.sha256(home.read_bytes()).digest() != hashlib.sha256(dataset.read_bytes()).digest()
