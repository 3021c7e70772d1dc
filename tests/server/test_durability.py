"""Crash safety: each action is one transaction, and a file is fsynced before the row that points to it
commits. So killing the server (SIGKILL: no clean-up of any kind) in the middle of uploads and writes,
again and again, must leave a catalog that `catalog admin check` finds whole, in which every write a
client saw succeed is still there and every file version it was told about downloads byte for byte.

The server is the real `catalog serve` in its own process, set up with the real `catalog admin` commands.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import ckanapi
import httpx

ROUNDS = 15
WRITERS = 3
RESOURCES_PER_WRITER = 4  # then only new versions: keeps the checks after each restart quick
ORG = "phuket-pao"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """`catalog serve` in a subprocess that can be started again and killed without warning."""

    def __init__(self, home: Path, log: Path):
        self.home, self.log = home, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.killed = threading.Event()

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "catalog.cli", "serve", "--home", str(self.home), "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"catalog serve exited: {self.log.read_text()[-2000:]}"
            try:
                if httpx.get(f"{self.url}/api/3", timeout=1).status_code == 200:
                    self.killed.clear()
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise AssertionError("catalog serve did not start")

    def kill(self) -> None:
        self.killed.set()  # first: any error a writer sees from now on may be the kill's doing
        self.process.kill()  # SIGKILL
        self.process.wait(timeout=10)


@dataclass
class Acknowledged:
    """What the server answered 200 to: it must survive any crash that came after."""

    versions: list[tuple[str, str]] = field(default_factory=list)  # (resource id, sha256 of the bytes sent)
    notes: dict[str, int] = field(default_factory=dict)  # dataset id -> highest patch number acknowledged
    lock: threading.Lock = field(default_factory=threading.Lock)


class Writer:
    """Uploads new resources, new versions of them and patches its own dataset until the server dies;
    its resources and patch count carry over from one life of the server to the next."""

    def __init__(self, server: ServerProcess, token: str, dataset_id: str, acked: Acknowledged, seed: int):
        self.server, self.token, self.dataset_id, self.acked = server, token, dataset_id, acked
        self.rng = random.Random(seed)
        self.resources: list[str] = []
        self.patches = 0
        self.errors: list[str] = []  # failures while the server was alive: real bugs

    def call(self, name: str, data: dict, upload: bytes | None = None):
        ckan = ckanapi.RemoteCKAN(self.server.url, apikey=self.token)
        files = {"upload": (f"part-{self.rng.randrange(10**6)}.bin", io.BytesIO(upload))} if upload else None
        return ckan.call_action(name, data, files=files, requests_kwargs={"timeout": 30})

    def write_once(self) -> None:
        choice = self.rng.random()
        if not self.resources or (choice < 0.3 and len(self.resources) < RESOURCES_PER_WRITER):
            content = os.urandom(self.rng.randint(100_000, 400_000))
            resource = self.call("resource_create", {"package_id": self.dataset_id}, content)
            self.resources.append(resource["id"])
            self.acknowledge(resource, content)
        elif choice < 0.7:
            content = os.urandom(self.rng.randint(100_000, 400_000))
            resource = self.call("resource_update", {"id": self.rng.choice(self.resources)}, content)
            self.acknowledge(resource, content)
        else:
            number = self.patches + 1
            self.call("package_patch", {"id": self.dataset_id, "notes": f"write {number}"})
            self.patches = number
            with self.acked.lock:
                self.acked.notes[self.dataset_id] = number

    def acknowledge(self, resource: dict, content: bytes) -> None:
        digest = hashlib.sha256(content).hexdigest()
        if resource["hash"] != f"sha256:{digest}":
            self.errors.append(f"resource {resource['id']}: answered hash {resource['hash']}, sent {digest}")
        with self.acked.lock:
            self.acked.versions.append((resource["id"], digest))

    def run_until_killed(self) -> None:
        while not self.server.killed.is_set():
            try:
                self.write_once()
            except Exception as exc:  # noqa: BLE001 - sorted below: the kill's doing, or a bug
                if not self.server.killed.is_set():
                    self.errors.append(f"{type(exc).__name__}: {exc}"[:500])
                return


def verify(server: ServerProcess, token: str, acked: Acknowledged, downloaded: set, http: httpx.Client,
           context: str) -> None:
    """Every acknowledged write is there; every file version not yet fetched downloads with its sha256."""
    ckan = ckanapi.RemoteCKAN(server.url, apikey=token)
    with acked.lock:
        versions, notes = list(acked.versions), dict(acked.notes)
    by_resource: dict[str, dict[str, dict]] = {}
    for resource_id, digest in versions:
        if resource_id not in by_resource:
            by_resource[resource_id] = {v["hash"]: v for v in ckan.action.resource_version_list(id=resource_id)}
        version = by_resource[resource_id].get(f"sha256:{digest}")
        assert version is not None, f"{context}: acknowledged version {digest} of {resource_id} is lost"
        if (resource_id, digest) not in downloaded:
            body = http.get(version["url"]).content
            assert hashlib.sha256(body).hexdigest() == digest, f"{context}: {version['url']} serves other bytes"
            downloaded.add((resource_id, digest))
    for dataset_id, number in notes.items():
        kept = ckan.action.package_show(id=dataset_id)["notes"]
        assert int(kept.split()[-1]) >= number, f"{context}: {dataset_id} lost patch {number} (has {kept!r})"
    for resource_id in by_resource:  # the latest file is the resource's own hash
        resource = ckan.action.resource_show(id=resource_id)
        body = http.get(resource["url"]).content
        assert resource["hash"] == "sha256:" + hashlib.sha256(body).hexdigest(), f"{context}: {resource_id}"


def test_sigkill_during_uploads_and_writes_loses_nothing_committed(tmp_path, catalog_cli):
    started = time.monotonic()
    seed = random.randrange(10**9)
    rng = random.Random(seed)
    home = tmp_path / "home"

    def admin(*args) -> str:
        result = catalog_cli("admin", *args)
        assert result.returncode == 0, f"catalog admin {args}: {result.stdout}{result.stderr}"
        return result.stdout

    admin("user-create", "admin", "--sysadmin", "--home", home)
    token = admin("token-create", "admin", "--home", home).strip()
    admin("org-create", ORG, "--title", "องค์การบริหารส่วนจังหวัดภูเก็ต", "--home", home)
    server = ServerProcess(home, tmp_path / "serve.log")
    server.start()
    ckan = ckanapi.RemoteCKAN(server.url, apikey=token)
    datasets = [ckan.action.package_create(name=f"egp-{i}", owner_org=ORG, notes="write 0")["id"]
                for i in range(WRITERS)]
    acked, downloaded = Acknowledged(), set()
    cut_off = 0  # uploads the kills caught half-way: proof that recovery had work to do
    writers = [Writer(server, token, dataset_id, acked, rng.randrange(10**9)) for dataset_id in datasets]

    with httpx.Client(timeout=30) as http:
        for round_number in range(1, ROUNDS + 1):
            context = f"round {round_number} (seed {seed})"
            threads = [threading.Thread(target=w.run_until_killed, daemon=True) for w in writers]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.3, 1.5))
            server.kill()
            for thread in threads:
                thread.join(timeout=30)
                assert not thread.is_alive(), f"{context}: a writer hung"
            errors = [e for w in writers for e in w.errors]
            assert errors == [], f"{context}: writes failed while the server was alive: {errors}"
            cut_off += len(list((home / "uploads").iterdir()))

            server.start()  # start-up recovery removes what the killed writes left half-way
            check = catalog_cli("admin", "check", "--home", home)
            assert check.returncode == 0, f"{context}: catalog admin check:\n{check.stdout}{check.stderr}"
            assert list((home / "uploads").iterdir()) == [], f"{context}: half-received uploads left behind"
            verify(server, token, acked, downloaded, http, context)

    server.kill()
    # each version was downloaded after the restart that followed it; `admin check` re-hashed every stored
    # file after every restart since, so none went missing or changed later
    assert len(acked.versions) >= ROUNDS, f"too few acknowledged uploads to mean much: {len(acked.versions)}"
    assert cut_off > 0, "no kill landed during an upload: the test proved nothing"
    assert time.monotonic() - started < 120
