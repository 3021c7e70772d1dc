"""Large files stream: a 1 GB file publishes with the real `catalog publish` in constant memory, a
progress display shows its bytes and files on a terminal, and nothing when the output is not a terminal;
a publisher killed mid-upload leaves no half file, and publishing again sends the file once.

The 1 GB file is a table with a Table Schema, so it is validated before anything is published: read in
chunks, its types, constraints and personal data are checked in constant memory too. How long each step
takes is measured by benchmarks/publish_memory.py, not here.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import fcntl
from sqlalchemy import select

from catalog.server.store import Store, loads, tables
from tests.publishing.conftest import ROOT, write_descriptor
from tests.server.conftest import start_server

GB = 1 << 30
PEAK_LIMIT = 200 * 1024 * 1024  # bytes of private memory, whatever the file's size
RUN_TIMEOUT = 240
COLOURS = re.compile(r"\x1b\[[0-9;]*m")
CURSOR = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")  # what redraws a line: each drawing on a line of its own


READINGS_SCHEMA = {"fields": [{"name": "reading_id", "type": "integer"}, {"name": "station", "type": "string"},
                               {"name": "pm25", "type": "number", "constraints": {"minimum": 0}}]}


def big_package(folder: Path, size: int, schema: dict | None = None) -> Path:
    """A one-resource package: a CSV of about `size` bytes (one block of rows, repeated), with its hash and bytes,
    and `schema` as its Table Schema if given."""
    (folder / "data").mkdir(parents=True)
    block = "".join(f"{i},station-{i % 97},{i % 1000 / 10:.1f}\n" for i in range(20_000)).encode()
    digest, written = hashlib.sha256(), 0
    with open(folder / "data" / "readings.csv", "wb") as out:
        for chunk in [b"reading_id,station,pm25\n"] + [block] * (size // len(block)):
            out.write(chunk)
            digest.update(chunk)
            written += len(chunk)
    write_descriptor(folder, {
        "name": "bangkok-air-readings", "title": "Bangkok air quality readings", "licenses": [{"name": "CC-BY-4.0"}],
        "resources": [{"name": "readings", "path": "data/readings.csv", "format": "csv", "mediatype": "text/csv",
                       "encoding": "utf-8", "hash": f"sha256:{digest.hexdigest()}", "bytes": written,
                       **({"schema": schema} if schema else {})}]})
    return folder


def prepared_home(home: Path, max_mb: int) -> Path:
    """A catalog home that takes files this large (a new one takes 100 MB: an administrator raises it), with
    stock CKAN's dataset schema (the package is a plain one, without the GD Catalog's fields)."""
    store = Store(home)
    store.set_setting("dataset_schema", "ckan")
    store.set_setting("max_resource_size_mb", str(max_mb))
    store.dispose()
    return home


def kept_resource(home: Path) -> dict:
    """The one resource of the one dataset the catalog of `home` holds, as package_show gives it."""
    store = Store(home)
    try:
        with store.read() as conn:
            [data] = conn.execute(select(tables.package.c.data)).scalars().all()
        return loads(data)["resources"][0]
    finally:
        store.dispose()


def resident_memory(pid: int) -> tuple[int, int]:
    """(resident, private) bytes of a process. Private is its own memory (RssAnon + RssShmem); resident adds the
    pages of library files it maps, which depend on what the page cache holds: the same publish shows ~35 MiB
    more of them right after the libraries were installed than hours later (tested: same wheels, same peak of
    private memory)."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssShmem"):
                fields[name] = int(value.split()[0]) * 1024
    return fields.get("VmRSS", 0), fields.get("RssAnon", 0) + fields.get("RssShmem", 0)


class PeakMemory:
    """Samples a process' memory until it ends: `peak` is the most private memory it held, `peak_resident` the
    most resident memory (library pages included)."""

    def __init__(self, pid: int, every: float = 0.01):
        self.peak = self.peak_resident = 0
        self._pid, self._every = pid, every
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while True:
            try:
                resident, private = resident_memory(self._pid)
            except (OSError, ValueError):  # it has ended
                return
            if resident == 0:  # a zombie: ended, not yet reaped
                return
            self.peak, self.peak_resident = max(self.peak, private), max(self.peak_resident, resident)
            time.sleep(self._every)

    def join(self) -> int:
        self._thread.join(timeout=10)
        return self.peak


def publish_on_a_terminal(package: Path, home: Path) -> tuple[int, str, PeakMemory]:
    """`catalog publish` with its output on a pseudo-terminal: (exit code, what the terminal showed, its memory)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))  # rows, columns
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "CATALOG_LANG": "en"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "catalog.cli", "publish", str(package), "--home", str(home)],
                               cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    memory = PeakMemory(process.pid)
    shown = bytearray()
    while True:  # drain the terminal, or the publisher would block on a full one
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # EIO: the publisher closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    code = process.wait(timeout=RUN_TIMEOUT)
    memory.join()
    return code, shown.decode("utf-8", "replace"), memory


def test_a_1_gb_table_validates_and_publishes_in_constant_memory_and_shows_its_progress_on_a_terminal(tmp_path):
    try:
        package = big_package(tmp_path / "package", GB, READINGS_SCHEMA)
        home = prepared_home(tmp_path / "home", max_mb=2048)
        resource = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]
        started = time.monotonic()

        code, shown, memory = publish_on_a_terminal(package, home)
        seconds = time.monotonic() - started

        assert code == 0, shown[-2000:]
        print(f"1 GB table publish: peak private memory {memory.peak / 2**20:.0f} MiB "
              f"(resident {memory.peak_resident / 2**20:.0f} MiB) in {seconds:.1f} s")
        assert memory.peak < PEAK_LIMIT, f"peak private memory {memory.peak / 2**20:.0f} MiB"
        text = CURSOR.sub("\n", COLOURS.sub("", shown))
        assert "published version 1.0.0" in text
        # the progress display: the package's files counted, the bytes of the file going out
        assert re.search(r"bangkok-air-readings: files [01]/2", text), text[-3000:]
        assert re.search(r"readings\.csv\s.*\d+(\.\d+)?/1\.1 GB", text), text[-3000:]
        kept = kept_resource(home)
        assert (kept["hash"], kept["size"]) == (resource["hash"], resource["bytes"])
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)  # 2 GB: not kept for pytest's last-three-runs


def test_without_a_terminal_a_publish_shows_no_progress(tmp_path):
    package = big_package(tmp_path / "package", 40 * 1024 * 1024)
    home = prepared_home(tmp_path / "home", max_mb=100)
    try:
        result = subprocess.run([sys.executable, "-m", "catalog.cli", "publish", str(package), "--home", str(home)],
                                cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT,
                                env={**os.environ, "CATALOG_LANG": "en"})
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)
    assert result.returncode == 0, result.stderr
    assert "published version 1.0.0" in result.stdout
    assert result.stderr == ""  # the progress display writes to the terminal's error stream: nothing here
    assert "files" not in result.stdout and "\x1b" not in result.stdout and "\r" not in result.stdout


def test_a_publisher_killed_mid_upload_leaves_no_half_file_and_publishing_again_sends_it_once(tmp_path):
    package = big_package(tmp_path / "package", 150 * 1024 * 1024)
    server = start_server(tmp_path / "portal", dataset_schema="ckan", max_resource_size_mb="500")
    try:
        env = {**os.environ, "CATALOG_TOKEN": server.sysadmin_token, "CATALOG_LANG": "en"}
        command = [sys.executable, "-m", "catalog.cli", "publish", str(package), "--to", server.url]
        publisher = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + RUN_TIMEOUT
        while not any(f.stat().st_size > 10 * 1024 * 1024 for f in server.store.upload_dir.glob("upload-*")):
            assert publisher.poll() is None and time.monotonic() < deadline, "the upload never started"
            time.sleep(0.01)
        publisher.kill()  # SIGKILL, 10 MB into the file
        publisher.communicate(timeout=RUN_TIMEOUT)

        ckan = server.ckan(server.sysadmin_token)
        draft = ckan.action.package_show(id="bangkok-air-readings")
        assert (draft["state"], draft.get("version"), draft["resources"]) == ("draft", None, [])
        wait_for(lambda: not list(server.store.upload_dir.glob("upload-*")))  # the half file was thrown away

        again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        assert again.returncode == 0, again.stderr
        dataset = ckan.action.package_show(id="bangkok-air-readings")
        assert (dataset["state"], dataset["version"]) == ("active", "1.0.0")
        assert [r["name"] for r in dataset["resources"]] == ["readings", "datapackage"]
        versions = ckan.action.resource_version_list(id=dataset["resources"][0]["id"])
        resource = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]
        assert [(v["hash"], v["size"]) for v in versions] == [(resource["hash"], resource["bytes"])]
    finally:
        server.stop()
        shutil.rmtree(tmp_path, ignore_errors=True)


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.02)
