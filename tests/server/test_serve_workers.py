"""`catalog serve --workers N`: several processes serve one catalog, and how requests are scheduled."""

from __future__ import annotations

import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

import ckanapi
import httpx
import psutil
import pytest

from tests.server.conftest import free_port, run_catalog_cli


def _serve(home, port: int, workers: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "catalog.cli", "serve", "--home", str(home), "--port", str(port),
                             "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            if httpx.get(f"{url}/api/3", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("catalog serve --workers 2 did not answer")


def _workers(process: subprocess.Popen) -> list[psutil.Process]:
    return [child for child in psutil.Process(process.pid).children()
            if "spawn_main" in " ".join(child.cmdline()) and "resource_tracker" not in " ".join(child.cmdline())]


def _connections(process: psutil.Process) -> list:
    return process.net_connections("tcp") if hasattr(process, "net_connections") else process.connections("tcp")


@pytest.fixture
def two_workers(tmp_path):
    home = tmp_path / "home"
    assert run_catalog_cli("admin", "user-create", "admin", "--sysadmin", "--home", home).returncode == 0
    token = run_catalog_cli("admin", "token-create", "admin", "--home", home).stdout.strip()
    port = free_port()
    process = _serve(home, port, 2)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield process, url, port, token
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def test_every_worker_takes_connections_and_sees_every_change(two_workers):
    process, url, port, token = two_workers
    assert len(_workers(process)) == 2
    with ckanapi.RemoteCKAN(url, apikey=token) as ckan:
        ckan.action.organization_create(name="phuket-city", title="เทศบาลนครภูเก็ต")
        ckan.action.package_create(name="budget-2568", title="งบประมาณรายจ่าย 2568", owner_org="phuket-city")

    clients = [httpx.Client(base_url=url, timeout=30) for _ in range(16)]  # 16 keep-alive connections

    def every_connection_sees(title: str) -> None:
        for client in clients:
            shown = client.get("/api/3/action/package_show", params={"id": "budget-2568"}).json()["result"]
            found = client.get("/api/3/action/package_search", params={"q": "ประจำปี"}).json()["result"]
            assert shown["title"] == title
            assert [p["name"] for p in found["results"]] == (["budget-2568"] if "ประจำปี" in title else [])

    try:
        every_connection_sees("งบประมาณรายจ่าย 2568")
        with ckanapi.RemoteCKAN(url, apikey=token) as ckan:  # written through whichever worker takes it
            ckan.action.package_patch(id="budget-2568", title="งบประมาณรายจ่ายประจำปี 2568")
        every_connection_sees("งบประมาณรายจ่ายประจำปี 2568")
        # the kernel spread the connections: each worker holds some of them
        held = [sum(1 for c in _connections(worker) if c.laddr.port == port and c.status == "ESTABLISHED")
                for worker in _workers(process)]
        assert sum(held) == 16 and min(held) > 0, held
    finally:
        for client in clients:
            client.close()


def test_keep_alive_requests_do_not_wait_for_delayed_acks(two_workers):
    _, url, _, _ = two_workers
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get("/api/3/action/status_show")
        times = []
        for _ in range(20):
            started = time.perf_counter()
            client.get("/api/3/action/status_show").raise_for_status()
            times.append(time.perf_counter() - started)
    # with Nagle's algorithm left on, every response after the first waits ~40 ms for the client's ACK
    assert statistics.median(times) < 0.03, times


def test_sigterm_stops_every_worker(two_workers):
    process, *_ = two_workers
    workers = _workers(process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


def test_a_second_catalog_cannot_take_the_port(two_workers, tmp_path):
    _, _, port, _ = two_workers
    other = _serve(tmp_path / "other", port, 2)
    output, _ = other.communicate(timeout=60)
    assert other.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in output


def test_reads_answer_while_writes_wait_for_the_write_lock(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-city")
    ckan.action.package_create(name="budget-2568", owner_org="phuket-city")
    lock = sqlite3.connect(catalog_server.home / "catalog.db", isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another process writing: every write action now waits
    created = []

    def create(number: int) -> None:
        with catalog_server.ckan(catalog_server.sysadmin_token) as client:
            created.append(client.action.package_create(name=f"plan-{number}", owner_org="phuket-city")["name"])

    writers = [threading.Thread(target=create, args=(n,)) for n in range(4)]  # more writers than read threads
    try:
        for writer in writers:
            writer.start()
        time.sleep(0.5)
        started = time.perf_counter()
        shown = httpx.get(f"{catalog_server.url}/api/3/action/package_show", params={"id": "budget-2568"}, timeout=10)
        found = httpx.get(f"{catalog_server.url}/api/3/action/package_search", params={"q": "budget"}, timeout=10)
        waited = time.perf_counter() - started
        assert shown.json()["result"]["name"] == "budget-2568"
        assert found.json()["result"]["count"] == 1
        assert waited < 5 and created == []
    finally:
        lock.execute("ROLLBACK")
        lock.close()
        for writer in writers:
            writer.join(timeout=60)
    assert sorted(created) == ["plan-0", "plan-1", "plan-2", "plan-3"]
