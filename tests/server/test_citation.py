"""How to cite a dataset or a file version: ready texts in Thai and English, CSL-JSON, BibTeX and RIS, their
downloads, the block on the dataset page; and the page's schema.org/Dataset JSON-LD."""

from __future__ import annotations

import datetime as dt
import hashlib
import html as html_lib
import io
import json
import re
import subprocess

import httpx

from catalog.server.web.citation import citation_for
from tests.server.test_pages import (CHROMIUM, EGP_V1, EGP_V2, assert_rendered_page, get, publish_thai_catalog,
                                     screenshot, thai_long_date)

SITE = "http://catalog.example.go.th"
SHA = hashlib.sha256(EGP_V2).hexdigest()
PKG = {
    "id": "0b6f0f7e-5b7e-4d4e-9a55-1f5f3c1f2f10", "name": "phuket-pao-procurement-monthly-2568",
    "title": "สรุปผลการจัดซื้อจัดจ้างรายเดือน {ปีงบประมาณ} 2568 — 100% & #1 $_^~\\",
    "version": "1.2.0", "metadata_modified": "2025-03-31T18:30:00.000001",  # 1 April in Phuket
    "organization": {"name": "phuket-pao", "title": "องค์การบริหารส่วนจังหวัดภูเก็ต"},
}
RESOURCE = {"id": "6c1e2b9a-0000-4000-8000-000000000001", "name": "procurement_monthly.csv",
            "hash": "sha256:" + SHA, "url": f"{SITE}/dataset/x/resource/r/download/procurement_monthly.csv"}
VERSION = {"version": 3, "hash": "sha256:" + SHA, "created": "2025-02-10T03:00:00",
           "url": f"{SITE}/dataset/{PKG['id']}/resource/{RESOURCE['id']}/version/3/procurement_monthly.csv"}
DATASET_VERSION = f"{SITE}/dataset/{PKG['id']}/version/a1/datapackage.json"


def braces_balance(text: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", text):
        token = match.group(0)
        if token in "{}":
            depth += 1 if token == "{" else -1
            if depth < 0:
                return False
    return depth == 0


# --- the library ------------------------------------------------------------------------------------------

def test_the_texts_name_agency_title_version_date_and_permanent_link():
    c = citation_for(SITE, "Disclosure Catalog", PKG, version_url=DATASET_VERSION)
    for text in (c["text_th"], c["text_en"]):
        assert text.startswith("องค์การบริหารส่วนจังหวัดภูเก็ต."), text
        assert PKG["title"] in text and DATASET_VERSION in text and "Disclosure Catalog" in text
    assert "(2568)" in c["text_th"] and "รุ่น 1.2.0" in c["text_th"] and "1 เมษายน 2568" in c["text_th"]
    assert "(2025)" in c["text_en"] and "Version 1.2.0" in c["text_en"] and "2025-04-01" in c["text_en"]
    assert "SHA-256" not in c["text_th"], "a dataset version is cited by its datapackage.json, which has no one hash"
    assert c["url"] == DATASET_VERSION and c["date_th"] == "1 เมษายน 2568" and c["date_en"] == "2025-04-01"


def test_a_file_version_is_cited_with_its_number_permanent_url_and_sha256():
    c = citation_for(SITE, "Disclosure Catalog", PKG, RESOURCE, VERSION)
    assert c["file_version"] == 3 and c["sha256"] == SHA and c["url"] == VERSION["url"]
    assert "ไฟล์รุ่นที่ 3" in c["text_th"] and "10 กุมภาพันธ์ 2568" in c["text_th"]
    assert "file version 3" in c["text_en"] and "2025-02-10" in c["text_en"]
    for text in (c["text_th"], c["text_en"], c["bibtex"], c["ris"], c["csl_json"]):
        assert SHA in text and VERSION["url"] in text and "procurement_monthly.csv" in text
    assert c["downloads"]["bib"] == (f"/dataset/{PKG['name']}/citation.bib?resource={RESOURCE['id']}&version=3")
    # a resource without a version: its latest file, by its own link and hash
    latest = citation_for(SITE, "Disclosure Catalog", PKG, RESOURCE)
    assert latest["url"] == RESOURCE["url"] and latest["sha256"] == SHA and latest["file_version"] is None


def test_csl_json_is_a_dataset_item_with_the_required_keys():
    c = citation_for(SITE, "Disclosure Catalog", PKG, RESOURCE, VERSION)
    items = json.loads(c["csl_json"])
    assert isinstance(items, list) and len(items) == 1 and items[0] == c["csl"]
    item = items[0]
    assert item["type"] == "dataset"
    assert item["author"] == [{"literal": "องค์การบริหารส่วนจังหวัดภูเก็ต"}]
    assert item["issued"] == {"date-parts": [[2025, 2, 10]]}
    assert item["title"] == PKG["title"] + ": procurement_monthly.csv"
    assert item["version"] == "1.2.0, file version 3"
    assert item["URL"] == VERSION["url"] and item["publisher"] == "Disclosure Catalog"
    assert item["note"] == f"SHA-256: {SHA}"
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", item["id"])


def test_bibtex_escapes_specials_balances_braces_and_keeps_thai():
    c = citation_for(SITE, "Disclosure Catalog", PKG, RESOURCE, VERSION)
    bib = c["bibtex"]
    assert bib.startswith("@misc{phuket_pao_procurement_monthly_2568_2025_f3,\n")
    assert c["key"].isascii() and re.fullmatch(r"[A-Za-z0-9_]+", c["key"])
    assert braces_balance(bib), bib
    assert r"\{ปีงบประมาณ\}" in bib and r"100\% \& \#1 \$\_\^{}\~{}\textbackslash{}" in bib
    assert "author = {{องค์การบริหารส่วนจังหวัดภูเก็ต}}" in bib, "a body's name, not a person's to split"
    assert "สรุปผลการจัดซื้อจัดจ้างรายเดือน" in bib, "Thai stays as UTF-8, not escaped"
    assert f"url = {{{VERSION['url']}}}" in bib and f"note = {{SHA-256: {SHA}}}" in bib
    assert "year = {2025}" in bib and "version = {1.2.0, file version 3}" in bib
    # a title of nothing but braces still makes an entry that balances
    odd = citation_for(SITE, "Site", {**PKG, "title": "}}{{ a } b {", "name": "ชื่อไทย"})
    assert braces_balance(odd["bibtex"]) and odd["key"].isascii() and odd["key"].startswith("dataset")


def test_ris_is_a_data_record_ending_with_er():
    c = citation_for(SITE, "Disclosure Catalog", PKG, RESOURCE, VERSION)
    lines = c["ris"].splitlines()
    assert lines[0] == "TY  - DATA" and c["ris"].rstrip().endswith("ER  -")
    tags = dict(line.split("  - ", 1) for line in lines[:-1])
    assert tags["AU"] == "องค์การบริหารส่วนจังหวัดภูเก็ต" and tags["PY"] == "2025" and tags["DA"] == "2025/02/10"
    assert tags["UR"] == VERSION["url"] and tags["N1"] == f"SHA-256: {SHA}" and tags["ET"] == "1.2.0, file version 3"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines), "one tag a line"


# --- downloads ------------------------------------------------------------------------------------------

def test_downloads_answer_with_their_types_and_file_names(catalog_server):
    published = publish_thai_catalog(catalog_server)
    egp, resource_id = published["egp"], published["resource_id"]
    ckan = catalog_server.ckan()
    latest_activity = ckan.action.package_activity_list(id=egp["id"])[0]["id"]
    permanent = f"{catalog_server.url}/dataset/{egp['id']}/version/{latest_activity}/datapackage.json"
    base = "/dataset/egp-procurement-2567/citation"
    kinds = {"csl.json": "application/vnd.citationstyles.csl+json", "bib": "application/x-bibtex",
             "ris": "application/x-research-info-systems"}
    for suffix, media_type in kinds.items():
        answer = get(catalog_server, f"{base}.{suffix}")
        assert answer.status_code == 200, (suffix, answer.text)
        assert answer.headers["content-type"].split(";")[0] == media_type
        assert answer.headers["content-disposition"] == f'attachment; filename="egp-procurement-2567.{suffix}"'
        assert permanent in answer.text and "กรมบัญชีกลาง" in answer.text and "1.1.0" in answer.text
    assert httpx.get(permanent).status_code == 200, "the cited URL answers"
    csl = get(catalog_server, f"{base}.csl.json").json()
    assert csl[0]["title"] == "ผลการจัดซื้อจัดจ้างภาครัฐ ปีงบประมาณ พ.ศ. 2567"

    # one file version: its number, permanent URL and sha256
    first = ckan.action.resource_version_list(id=resource_id)[0]
    bib = get(catalog_server, f"{base}.bib", resource=resource_id, version="1")
    assert bib.status_code == 200
    assert first["url"] in bib.text and hashlib.sha256(EGP_V1).hexdigest() in bib.text
    assert "file version 1" in bib.text and braces_balance(bib.text)
    assert f'filename="egp-procurement-2567-{resource_id[:8]}-v1.bib"' in bib.headers["content-disposition"]
    assert httpx.get(first["url"]).content == EGP_V1
    ris = get(catalog_server, f"{base}.ris", resource=resource_id)
    assert hashlib.sha256(EGP_V2).hexdigest() in ris.text, "without a version: the latest file"

    for params in ({"resource": resource_id, "version": "9"}, {"resource": "no-such-resource"}):
        assert get(catalog_server, f"{base}.bib", **params).status_code == 404
    assert get(catalog_server, f"{base}.bib", resource=resource_id, version="two").status_code == 400
    assert get(catalog_server, "/dataset/nope/citation.ris").status_code == 404
    assert get(catalog_server, "/dataset/internal-contacts/citation.ris").status_code == 404, "private"


# --- the dataset page -------------------------------------------------------------------------------------

def test_the_dataset_page_shows_the_citation_block(catalog_server):
    published = publish_thai_catalog(catalog_server)
    egp = published["egp"]
    page = get(catalog_server, "/dataset/egp-procurement-2567").text
    assert '<section id="cite"' in page and '<a href="#cite">การอ้างอิง</a>' in page
    block = re.search(r'<div class="citation">.*?</ul>\s*</div>', page, re.S).group(0)
    assert block.count("<figure>") == 2 and block.count("<blockquote") == 2
    quotes = [html_lib.unescape(q) for q in re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", block, re.S)]
    assert quotes[0].startswith("กรมบัญชีกลาง. (25") and "รุ่น 1.1.0" in quotes[0]
    assert thai_long_date(egp["metadata_modified"]) in quotes[0]
    assert quotes[1].startswith("กรมบัญชีกลาง. (20") and "Version 1.1.0" in quotes[1]
    thai_day = (dt.datetime.fromisoformat(egp["metadata_modified"]) + dt.timedelta(hours=7)).date()
    assert f"Published {thai_day.isoformat()}." in quotes[1], "the day in Phuket, written as ISO 8601"
    assert f"/dataset/{egp['id']}/version/" in quotes[0] and f"/dataset/{egp['id']}/version/" in quotes[1]
    assert block.count("data-copy=") == 2 and block.count(" hidden>") == 2, "Copy buttons wait for the script"
    for suffix in ("csl.json", "bib", "ris"):
        assert f'href="/dataset/egp-procurement-2567/citation.{suffix}"' in block
    assert '<script src="/static/citation.js?v=' in page
    script = get(catalog_server, "/static/citation.js")
    assert script.status_code == 200 and "navigator.clipboard" in script.text and "data-copied" in script.text
    assert block.count('data-copied="คัดลอกแล้ว"') == 2, "what the script says is written in the page's language"


def test_the_dataset_page_renders_with_the_citation_in_chromium(catalog_server, tmp_path):
    publish_thai_catalog(catalog_server)
    url = catalog_server.url + "/dataset/egp-procurement-2567"
    tall = tmp_path / "tall.png"  # tall enough to hold the citation section under the files and metadata
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={tall}",
                    "--window-size=1280,2600", url], check=True, capture_output=True, timeout=120)
    assert_rendered_page(tall)
    short = screenshot(url, tmp_path / "short.png", tmp_path / "profile")
    assert_rendered_page(short)
    assert tall.read_bytes() != short.read_bytes()


# --- schema.org JSON-LD -----------------------------------------------------------------------------------

def json_ld(page: str) -> list[dict]:
    return [json.loads(body) for body in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]


def test_the_dataset_page_describes_itself_as_a_schema_org_dataset(catalog_server):
    published = publish_thai_catalog(catalog_server)
    egp = published["egp"]
    page = get(catalog_server, "/dataset/egp-procurement-2567").text
    head = page.split("</head>")[0]
    assert head.count('<script type="application/ld+json">') == 1
    (data,) = json_ld(head)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["name"] == "ผลการจัดซื้อจัดจ้างภาครัฐ ปีงบประมาณ พ.ศ. 2567"
    assert data["description"].startswith("ผลการจัดซื้อจัดจ้างของหน่วยงานภาครัฐ")
    assert data["url"] == f"{catalog_server.url}/dataset/egp-procurement-2567"
    assert egp["id"] in data["identifier"] and data["version"] == "1.1.0"
    assert data["license"] == egp["license_url"] and data["license"].startswith("http")
    for role in ("creator", "publisher"):
        assert data[role]["@type"] == "GovernmentOrganization" and data[role]["name"] == "กรมบัญชีกลาง"
    assert data["dateModified"].startswith(egp["metadata_modified"][:19])
    assert data["datePublished"].startswith(egp["metadata_created"][:19])
    assert set(data["keywords"]) == {"งบประมาณ", "procurement"}
    assert data["inLanguage"] == "th" and data["isAccessibleForFree"] is True
    (download,) = data["distribution"]
    latest = catalog_server.ckan().action.resource_version_list(id=published["resource_id"])[-1]
    assert download["@type"] == "DataDownload" and download["contentUrl"] == latest["url"]
    assert "/version/2/" in download["contentUrl"] and download["encodingFormat"].startswith("text/csv")
    assert download["sha256"] == hashlib.sha256(EGP_V2).hexdigest()
    assert "temporalCoverage" not in data and "spatialCoverage" not in data, "not known for this dataset"


def test_json_ld_has_the_fiscal_year_and_the_province_when_known(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    ckan.action.package_create(
        name="phuket-pao-procurement-monthly-2568", title="สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ 2568",
        owner_org="phuket-pao", extras=[
            {"key": "disclosure", "value": json.dumps({"category": "procurement_monthly", "fiscal_year": 2568})},
            {"key": "geo_coverage", "value": "จังหวัด"}],
        resources=[{"name": "ลิงก์", "url": "https://www.phuket-pao.example.go.th/ita.csv", "format": "csv"}])
    (data,) = json_ld(get(catalog_server, "/dataset/phuket-pao-procurement-monthly-2568").text)
    assert data["temporalCoverage"] == "2024-10-01/2025-09-30"
    assert data["spatialCoverage"]["name"] == "Phuket Province, Thailand"
    assert data["spatialCoverage"]["alternateName"] == "จังหวัดภูเก็ต"
    assert data["distribution"] == [{"@type": "DataDownload", "name": "ลิงก์", "encodingFormat": "csv",
                                     "contentUrl": "https://www.phuket-pao.example.go.th/ita.csv"}]


def test_a_hostile_title_stays_inside_the_json_ld_script(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="tricky", title="</script><b>อบต.</b>")
    hostile = "</script><script>alert(1)</script> <!-- & -->"
    ckan.action.package_create(name="tricky", title=hostile, owner_org="tricky", notes="</SCRIPT>ข้อความ")
    page = get(catalog_server, "/dataset/tricky").text
    head = page.split("</head>")[0]
    assert "<script>alert(1)" not in page
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", head, re.S | re.I)
    assert scripts and all('type="application/ld+json"' in attrs or ('src="/static/' in attrs and not body)
                           for attrs, body in scripts), "only the JSON-LD and the site's files: nothing the title opened"
    assert "alert(1)" in scripts[[a for a, _ in scripts].index(' type="application/ld+json"')][1]
    (data,) = json_ld(head)
    assert data["name"] == hostile and data["description"] == "</SCRIPT>ข้อความ"
    assert data["publisher"]["name"] == "</script><b>อบต.</b>"
    # and the citation block shows the title as text
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "</SCRIPT>" not in head and "<!--" not in head.split('application/ld+json">')[1]


def test_uploaded_file_citation_names_the_upload(catalog_server):
    """The page of a dataset with a fresh upload cites the version that upload made."""
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="cgd", title="กรมบัญชีกลาง")
    pkg = ckan.action.package_create(name="one-file", title="ไฟล์เดียว", owner_org="cgd", version="0.1.0")
    resource = ckan.action.resource_create(package_id=pkg["id"], name="a.csv", format="CSV",
                                           upload=("a.csv", io.BytesIO(EGP_V1)))
    answer = get(catalog_server, "/dataset/one-file/citation.csl.json", resource=resource["id"], version="1")
    (item,) = answer.json()
    assert item["note"] == f"SHA-256: {hashlib.sha256(EGP_V1).hexdigest()}"
    assert item["URL"].endswith(f"/resource/{resource['id']}/version/1/a.csv")
    assert item["version"] == "0.1.0, file version 1"
