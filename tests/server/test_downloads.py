"""Downloads: the latest bytes at CKAN's URL, every version at a permanent URL, with ETag, conditional
GET and Range; uploads stream to disk in constant memory."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import psutil

from tests.server.conftest import free_port, run_catalog_cli


def published(server, content: bytes, name: str = "egp.csv") -> dict:
    ckan = server.ckan(server.sysadmin_token)
    ckan.action.organization_create(name="phuket-city", title="เทศบาลนครภูเก็ต")
    pkg = ckan.action.package_create(name="egp-city", owner_org="phuket-city")
    return ckan.action.resource_create(package_id=pkg["id"], name=name, upload=(name, io.BytesIO(content)))


def test_the_etag_is_the_sha256_and_a_conditional_get_answers_304(catalog_server):
    resource = published(catalog_server, b"record_id,budget\n1,1480\n")
    first = httpx.get(resource["url"])
    assert first.status_code == 200
    assert first.headers["etag"] == f'"{resource["hash"].removeprefix("sha256:")}"'
    again = httpx.get(resource["url"], headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    changed = httpx.get(resource["url"], headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_range_requests_return_the_asked_bytes(catalog_server):
    content = bytes(range(256)) * 40
    resource = published(catalog_server, content, "blob.bin")
    part = httpx.get(resource["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(content)}"
    tail = httpx.get(resource["url"], headers={"Range": "bytes=-10"})
    assert tail.content == content[-10:]


def test_old_versions_stay_at_their_permanent_urls_and_are_cached_forever(catalog_server):
    resource = published(catalog_server, b"v1\n")
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.resource_update(id=resource["id"], upload=("egp.csv", io.BytesIO(b"v2\n")))
    first, second = ckan.action.resource_version_list(id=resource["id"])
    assert httpx.get(first["url"]).content == b"v1\n"
    assert httpx.get(second["url"]).content == b"v2\n"
    assert httpx.get(resource["url"]).content == b"v2\n"  # CKAN's URL gives the latest
    assert "immutable" in httpx.get(first["url"]).headers["cache-control"]
    assert "immutable" not in httpx.get(resource["url"]).headers["cache-control"]


def test_public_files_download_without_a_token(catalog_server):
    resource = published(catalog_server, b"a\n")
    assert httpx.get(resource["url"]).status_code == 200  # no Authorization header at all


def test_a_large_upload_streams_to_disk_in_constant_memory(tmp_path):
    """200 MB through multipart: the server's memory grows by far less than the file."""
    home, port = tmp_path / "home", free_port()
    assert run_catalog_cli("admin", "user-create", "admin", "--sysadmin", "--home", home).returncode == 0
    token = run_catalog_cli("admin", "token-create", "admin", "--home", home).stdout.strip()
    assert run_catalog_cli("admin", "set", "max_resource_size_mb", "300", "--home", home).returncode == 0
    server = subprocess.Popen([sys.executable, "-m", "catalog.cli", "serve", "--home", str(home), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{url}/api/3", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        headers = {"Authorization": token}
        api = f"{url}/api/3/action"
        httpx.post(f"{api}/organization_create", json={"name": "phuket-pao"}, headers=headers).raise_for_status()
        pkg = httpx.post(f"{api}/package_create", json={"name": "big", "owner_org": "phuket-pao"},
                         headers=headers).json()["result"]
        size = 200 * 1024 * 1024
        big = tmp_path / "big.csv"
        with open(big, "wb") as stream:
            chunk = b"0123456789abcdef" * 65536
            for _ in range(size // len(chunk)):
                stream.write(chunk)
        process = psutil.Process(server.pid)
        before = process.memory_info().rss
        samples, done = [before], threading.Event()

        def watch():  # the server's memory, sampled all through the upload
            while not done.is_set():
                samples.append(process.memory_info().rss)
                time.sleep(0.01)

        watcher = threading.Thread(target=watch)
        watcher.start()
        with open(big, "rb") as stream:
            answer = httpx.post(f"{api}/resource_create", data={"package_id": pkg["id"], "name": "big.csv"},
                                files={"upload": ("big.csv", stream, "text/csv")}, headers=headers, timeout=120)
        done.set()
        watcher.join()
        peak = max(samples)
        assert answer.status_code == 200, answer.text
        resource = answer.json()["result"]
        assert resource["size"] == size
        assert peak - before < 64 * 1024 * 1024, f"the server grew by {(peak - before) / 2**20:.0f} MB"
        assert os.path.getsize(next((home / "blobs").rglob(resource["hash"].removeprefix("sha256:")))) == size
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
