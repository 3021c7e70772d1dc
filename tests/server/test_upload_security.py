"""Hostile uploads and queries: a client controls file names, sizes and the multipart body itself.

Whatever it sends, nothing is written outside the blob store, the stored name is a plain file name, the
download URL and the Content-Disposition header stay well-formed, a refused upload leaves no file behind,
and a bad request is a CKAN error envelope, never a crash.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

import ckanapi
import httpx
import pytest

ORG = "phuket-pao"
CONTENT = "ปี,บาท\n2568,100\n".encode("utf-8")
BOUNDARY = "catalog-test-boundary-7MA4YWxk"
DISPOSITION = re.compile(r"""^attachment; filename="[\x20-\x7e]*"(; filename\*=UTF-8''[A-Za-z0-9%._~-]+)?$""")
BLOB = re.compile(r"^blobs/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}$")
ROWS = re.compile(r"^rows/[0-9a-f]{64}-[0-9a-f]{16}\.(parquet|json)$")  # a CSV's rows, named by its bytes
DATABASE = {"catalog.db", "catalog.db-wal", "catalog.db-shm", "catalog.lock"}


@pytest.fixture
def dataset(catalog_server) -> dict:
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name=ORG)
    return ckan.action.package_create(name="egp-2568", owner_org=ORG)


@pytest.fixture
def http():
    with httpx.Client(timeout=30) as client:
        yield client


def raw_multipart(fields: dict[str, str], filename: bytes, content: bytes) -> bytes:
    """A multipart body with the file name's bytes exactly as given (clients like httpx would escape them)."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
             for key, value in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; filename="'.encode() + filename
                 + b'"\r\nContent-Type: text/csv\r\n\r\n' + content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_raw(http, server, body: bytes, content_type: str = f"multipart/form-data; boundary={BOUNDARY}",
             action: str = "resource_create") -> httpx.Response:
    return http.post(f"{server.url}/api/3/action/{action}", content=body,
                     headers={"Content-Type": content_type, "Authorization": server.sysadmin_token})


def files_of(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def assert_only_the_catalog_home_holds_files(server) -> None:
    """Everything stored is the database or a content-addressed blob; no upload is left half-way."""
    outside = files_of(server.home.parent) - {f"home/{f}" for f in files_of(server.home)}
    assert outside == set()
    for stored in files_of(server.home):
        assert stored in DATABASE or BLOB.match(stored) or ROWS.match(stored), stored
    assert list((server.home / "uploads").iterdir()) == []


def assert_plain_file_name(name: str) -> None:
    assert name and name not in {".", ".."} and len(name) <= 150
    assert name[0] not in ".-"
    for char in name:
        assert char in "._-" or unicodedata.category(char)[0] in "LMN", (name, char)


def assert_safe_download(http, server, resource: dict) -> str:
    """The stored name, after checking the URL, the headers and the bytes of the download."""
    versions = server.ckan(server.sysadmin_token).action.resource_version_list(id=resource["id"])
    stored = versions[-1]["filename"]
    assert_plain_file_name(stored)
    path = urlparse(resource["url"]).path
    assert path == f"/dataset/{resource['package_id']}/resource/{resource['id']}/download/{path.rsplit('/', 1)[-1]}"
    assert unquote(path.rsplit("/", 1)[-1]) == stored
    response = http.get(resource["url"])
    assert response.status_code == 200
    assert response.content == CONTENT
    disposition = response.headers["content-disposition"]
    assert DISPOSITION.match(disposition), disposition
    encoded = re.search(r"filename\*=UTF-8''(.+)$", disposition)
    plain = re.search(r'filename="([^"]*)"', disposition).group(1)
    assert unquote(encoded.group(1)) == stored if encoded else plain == stored
    return stored


# the file name ckanapi sends -> the name the catalog keeps (and serves in the URL and the header);
# ckanapi's multipart encoder (urllib3) sends a double quote as %22
ODD_NAMES = {
    "../../etc/passwd": "passwd",
    "/etc/shadow": "shadow",
    "..\\..\\windows\\win.ini": "win.ini",
    "C:\\Users\\somchai\\report.csv": "report.csv",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd": "2e-2e-2f-2e-2e-2fetc-2fpasswd",
    "รายงาน ปี 2568.csv": "รายงาน-ปี-2568.csv",
    "สรุป\u0e4dงบ (ฉบับที่ 2).xlsx": "สรุป\u0e4dงบ-ฉบับที่-2-.xlsx",
    'say "hi".csv': "say-22hi-22.csv",
    "it's.csv": "it-s.csv",
    "<img src=x onerror=alert(1)>.csv": "img-src-x-onerror-alert-1-.csv",
    "report.csv; filename=evil.sh": "report.csv-filename-evil.sh",
    "\u202egnp.exe": "gnp.exe",
    "tab\there.csv": "tab-here.csv",
    ".": "file",
    "..": "file",
    "....": "file",
    ".hidden": "hidden",
    "-rf": "rf",
    "ก" * 300 + ".csv": "ก" * 146 + ".csv",
    "a" * 1000: "a" * 150,
}


@pytest.mark.parametrize("sent,kept", list(ODD_NAMES.items()), ids=[f"name{i}" for i in range(len(ODD_NAMES))])
def test_odd_file_names_are_kept_as_plain_names(catalog_server, dataset, http, sent, kept):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    resource = ckan.action.resource_create(package_id=dataset["id"], upload=(sent, io.BytesIO(CONTENT)))
    assert assert_safe_download(http, catalog_server, resource) == kept
    assert_only_the_catalog_home_holds_files(catalog_server)


@pytest.mark.parametrize("filename", [b"a\x00b.csv", b"\x00", b"new\nline.csv", b"carriage\rreturn.csv",
                                      b"../../\x00../etc/passwd", b"\xff\xfe.csv", b'say \\"hi\\".csv',
                                      "รายงาน\u0000.csv".encode(), b"x" * 5000 + b".csv"],
                         ids=["nul", "only-nul", "newline", "carriage-return", "nul-traversal", "not-utf8",
                              "escaped-quotes", "thai-nul", "longer-than-a-header-may-be"])
def test_raw_bytes_in_a_file_name_never_escape_or_crash(catalog_server, dataset, http, filename):
    response = post_raw(http, catalog_server, raw_multipart({"package_id": dataset["id"]}, filename, CONTENT))
    body = response.json()
    if response.status_code == 200:  # stored under a plain name
        assert_safe_download(http, catalog_server, body["result"])
    else:  # or refused as a malformed body: CKAN's envelope, a bare message
        assert response.status_code == 400 and body["success"] is False and isinstance(body["error"], str)
    assert_only_the_catalog_home_holds_files(catalog_server)


def test_a_version_download_url_is_as_safe_as_the_latest_one(catalog_server, dataset, http):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    resource = ckan.action.resource_create(package_id=dataset["id"],
                                           upload=("รายงาน ปี 2568.csv", io.BytesIO(CONTENT)))
    version = ckan.action.resource_version_list(id=resource["id"])[0]
    assert unquote(urlparse(version["url"]).path.rsplit("/", 1)[-1]) == "รายงาน-ปี-2568.csv"
    response = http.get(version["url"])
    assert response.status_code == 200 and response.content == CONTENT
    assert DISPOSITION.match(response.headers["content-disposition"])


# --- size limit -------------------------------------------------------------------------------------------


def test_an_upload_over_the_size_limit_is_refused_and_nothing_is_kept(catalog_server, dataset):
    catalog_server.store.set_setting("max_resource_size_mb", "0.1")  # 104,857 bytes
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    with pytest.raises(ckanapi.ValidationError) as refused:
        ckan.action.resource_create(package_id=dataset["id"], upload=("big.csv", io.BytesIO(b"x" * 300_000)))
    assert refused.value.error_dict == {"upload": ["File upload too large"], "__type": "Validation Error"}
    assert ckan.action.package_show(id=dataset["id"])["num_resources"] == 0
    assert files_of(catalog_server.home / "blobs") == set()
    assert_only_the_catalog_home_holds_files(catalog_server)


def test_an_oversized_replacement_keeps_the_current_version(catalog_server, dataset, http):
    catalog_server.store.set_setting("max_resource_size_mb", "0.1")
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    resource = ckan.action.resource_create(package_id=dataset["id"], upload=("egp.csv", io.BytesIO(CONTENT)))
    response = http.post(f"{catalog_server.url}/api/3/action/resource_update",
                         headers={"Authorization": catalog_server.sysadmin_token},
                         data={"id": resource["id"]}, files={"upload": ("egp.csv", b"y" * 300_000)})
    assert response.status_code == 409
    assert response.json()["error"] == {"upload": ["File upload too large"], "__type": "Validation Error"}
    assert ckan.action.resource_show(id=resource["id"])["hash"] == "sha256:" + hashlib.sha256(CONTENT).hexdigest()
    assert len(ckan.action.resource_version_list(id=resource["id"])) == 1
    assert http.get(resource["url"]).content == CONTENT
    assert len(files_of(catalog_server.home / "blobs")) == 1
    assert_only_the_catalog_home_holds_files(catalog_server)


def test_an_upload_exactly_at_the_limit_is_accepted(catalog_server, dataset):
    catalog_server.store.set_setting("max_resource_size_mb", "0.1")
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    limit = int(0.1 * 1024 * 1024)
    resource = ckan.action.resource_create(package_id=dataset["id"], upload=("edge.bin", io.BytesIO(b"z" * limit)))
    assert resource["size"] == limit


# --- malformed multipart ----------------------------------------------------------------------------------


MALFORMED = {
    "no-boundary": (b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n",
                    "multipart/form-data"),
    "wrong-boundary": (raw_multipart({"package_id": "x"}, b"a.csv", CONTENT),
                       "multipart/form-data; boundary=not-the-one"),
    "cut-off": (raw_multipart({"package_id": "x"}, b"a.csv", CONTENT * 1000)[:-5000],
                f"multipart/form-data; boundary={BOUNDARY}"),
    "no-headers": (f"--{BOUNDARY}\r\n\r\nbody\r\n--{BOUNDARY}--\r\n".encode(),
                   f"multipart/form-data; boundary={BOUNDARY}"),
    "garbage": (b"\x00\x01\x02 this is not multipart at all", f"multipart/form-data; boundary={BOUNDARY}"),
}


@pytest.mark.parametrize("body,content_type", list(MALFORMED.values()), ids=list(MALFORMED))
def test_a_malformed_multipart_body_is_a_bad_request(catalog_server, dataset, http, body, content_type):
    response = post_raw(http, catalog_server, body, content_type)
    assert response.status_code == 400, response.text
    payload = response.json()
    assert payload["success"] is False and payload["error"].startswith("Bad request - ")
    assert payload["help"] == f"{catalog_server.url}/api/3/action/help_show?name=resource_create"
    assert catalog_server.ckan().action.package_show(id=dataset["id"])["num_resources"] == 0
    assert_only_the_catalog_home_holds_files(catalog_server)


def test_a_body_cut_off_before_its_closing_boundary_adds_no_resource(catalog_server, dataset, http):
    # the parser would quietly drop the unfinished file part and create a resource without its file
    whole = raw_multipart({"package_id": dataset["id"], "name": "egp"}, b"egp.csv", CONTENT * 1000)
    response = post_raw(http, catalog_server, whole[:-3000])
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "Bad request - the multipart body ended before its closing boundary"
    assert catalog_server.ckan().action.package_show(id=dataset["id"])["num_resources"] == 0
    assert_only_the_catalog_home_holds_files(catalog_server)
    assert post_raw(http, catalog_server, whole).status_code == 200  # the same body, whole, is fine


def test_too_many_files_in_one_request_are_refused(catalog_server, dataset, http):
    files = [("upload", (f"f{i}.csv", CONTENT)) for i in range(20)]
    response = http.post(f"{catalog_server.url}/api/3/action/resource_create", data={"package_id": dataset["id"]},
                         files=files, headers={"Authorization": catalog_server.sysadmin_token})
    assert response.status_code == 400 and response.json()["success"] is False
    assert_only_the_catalog_home_holds_files(catalog_server)


# --- search parameters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"colour": "blue"}, {"q": "x", "id": "1"}, {"fq": "tags:a", "filter": "b"},
                                    {"sort": "colour sideways"}, {"sort": "name asc; drop table package"},
                                    {"fq": "organization:(phuket"}, {"q": 'title:"unclosed'},
                                    {"fq": "metadata_modified:[yesterday TO *]"}],
                         ids=["unknown", "unknown-id", "unknown-filter", "bad-sort", "sort-injection",
                              "unbalanced-fq", "unclosed-quote", "bad-date-range"])
def test_unknown_or_malformed_search_parameters_are_a_search_query_error(catalog_server, http, params):
    response = http.get(f"{catalog_server.url}/api/3/action/package_search", params=params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["__type"] == "Search Query Error"
    assert error["message"].startswith("Search Query is invalid: ")


@pytest.mark.parametrize("params", [{"rows": "many"}, {"start": "-1"}, {"facet.field": "not json"}],
                         ids=["rows", "start", "facet-field"])
def test_search_paging_of_the_wrong_type_is_a_validation_error_as_in_ckan(catalog_server, http, params):
    response = http.get(f"{catalog_server.url}/api/3/action/package_search", params=params)
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["__type"] == "Validation Error" and set(params) <= set(error)
