"""Benchmark: publishing data packages to a real CKAN 2.12, first time and again unchanged, by `catalog publish`
and by frictionless' `Package.publish` with `CkanControl`.

    .venv/bin/python benchmarks/publish.py [--ckan-url URL --token TOKEN] [--packages 100]
                                           [--markdown docs/benchmarks.md]

The portal: --ckan-url and --token (default $CKAN_URL and $CKAN_API_TOKEN, a sysadmin's token), e.g. after
`eval "$(scripts/realckan start)"`; with neither, a portal of the benchmark's own from
`scripts/realckan start --fresh` (under benchmarks/.data/realckan-publish, on free ports, stopped at the end).

The packages: datapackages/ (26 packages) copied as often as needed for --packages, each copy with its
dataset and organization names suffixed (a run id, so that runs never meet on a portal that keeps its
state), the organizations made first by the administrator. Frictionless publishes its own copy of each
package into a dataset of its own (`<name>-fl`, same organization), without the keywords stock CKAN refuses
as tags: it sends every keyword as a tag, and CKAN refuses the dataset for one Thai word with a tone mark.
The packages as they are are tried with frictionless first (not measured), to report how they fail.

Each tool runs in its own process, as a user runs it, twice: the first publish, then the same packages
again, unchanged. `catalog publish <folders...> --to <url>` (token in $CATALOG_TOKEN) publishes them all in
one command; frictionless publishes them one after the other with `Package(path).publish(control=
CkanControl(baseurl, apikey, organization_name, allow_update))`, allow_update False the first time (True
makes it call package_update: "Not found" for a new dataset) and True the second. Both talk to CKAN
through a counting proxy on 127.0.0.1 started by this script: requests, request bytes (request line,
headers and body), uploads (multipart/form-data requests, which carry the files) and the time CKAN took
to answer are counted per publish. After both publishes, every dataset is read back with package_show
(straight from CKAN) for its resources: how many, and how many are a second resource of a name already
in the dataset.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATAPACKAGES = ROOT / "datapackages"
sys.path.insert(0, str(ROOT))

from api import machine, quiet_machine, start_own_realckan  # noqa: E402  (beside this script)
from report_section import write_section  # noqa: E402

from catalog.publishing.tags import stock_ckan_refuses  # noqa: E402

SECTION = "Publishing to a real CKAN"
TOKEN_ENV = "PUBLISH_BENCH_TOKEN"  # how the frictionless process gets the token (not on its command line)
CKAN_HOME = ROOT / "benchmarks" / ".data" / "realckan-publish"  # a CKAN of the benchmark's own (git-ignored)
CATALOG, FRICTIONLESS = "catalog publish", "frictionless Package.publish"


# --- The packages


@dataclass
class Copy:
    """One package as both tools publish it: catalog's copy and frictionless' copy, into datasets of their own."""

    catalog_folder: Path
    frictionless_folder: Path
    name: str  # catalog's dataset; frictionless' is `<name>-fl`
    organization: str
    resources: int  # in the package; both tools add a `datapackage` resource
    bytes: int  # of its files
    keywords_dropped: int  # from frictionless' copy: tags stock CKAN refuses

    @property
    def frictionless_name(self) -> str:
        return f"{self.name}-fl"


def committed_packages() -> list[Path]:
    return sorted(p.parent for p in DATAPACKAGES.glob("*/*/datapackage.json"))


def read_descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def write_descriptor(folder: Path, descriptor: dict) -> None:
    text = json.dumps(descriptor, ensure_ascii=False, indent=2)
    (folder / "datapackage.json").write_text(text + "\n", encoding="utf-8")


def copy_packages(scratch: Path, run_id: str, count: int) -> list[Copy]:
    """`count` packages: datapackages/ copied as `catalog build-all` lays it out (agency folders with their
    agency.json), copy k with every dataset and organization name suffixed `-<run_id><k>`."""
    committed, copies = committed_packages(), []
    for index in range(count):
        k, position = divmod(index, len(committed))
        source = committed[position]
        suffix = f"{run_id}{k + 1}"
        agency = json.loads((source.parent / "agency.json").read_text(encoding="utf-8"))
        organization = f"{agency['slug']}-{suffix}"
        agency_folder = scratch / "catalog" / f"copy{k + 1}" / source.parent.name
        if not agency_folder.exists():
            agency_folder.mkdir(parents=True)
            text = json.dumps({**agency, "slug": organization}, ensure_ascii=False)
            (agency_folder / "agency.json").write_text(text, encoding="utf-8")
        folder = Path(shutil.copytree(source, agency_folder / source.name))
        descriptor = read_descriptor(folder)
        descriptor["name"], descriptor["owner_org"] = f"{descriptor['name']}-{suffix}", organization
        write_descriptor(folder, descriptor)
        copies.append(frictionless_copy(folder, scratch / "frictionless" / f"copy{k + 1}" / source.parent.name,
                                        descriptor))
    return copies


def frictionless_copy(folder: Path, agency_folder: Path, descriptor: dict) -> Copy:
    """Frictionless' copy of a package: its own dataset name, and without the keywords stock CKAN refuses as
    tags (Thai words with vowel or tone marks): frictionless sends every keyword as a tag, and CKAN then
    refuses the whole dataset. That is the only change, the least that lets frictionless publish at all."""
    target = Path(shutil.copytree(folder, agency_folder / folder.name))
    keywords = descriptor.get("keywords") or []
    kept = [k for k in keywords if not stock_ckan_refuses(k)]
    write_descriptor(target, {**descriptor, "name": f"{descriptor['name']}-fl", "keywords": kept})
    size = sum(r.get("bytes") or 0 for r in descriptor["resources"])
    return Copy(folder, target, descriptor["name"], descriptor["owner_org"], len(descriptor["resources"]), size,
                len(keywords) - len(kept))


def create_organizations(url: str, token: str, copies: list[Copy]) -> None:
    """On a portal, its administrator makes the organizations; both tools publish into them."""
    import ckanapi

    with ckanapi.RemoteCKAN(url, apikey=token, user_agent="catalog-publish-benchmark") as ckan:
        for name in sorted({c.organization for c in copies}):
            ckan.action.organization_create(name=name, title=name)


# --- A counting proxy in front of CKAN


@dataclass
class Traffic:
    """What clients sent through the proxy during one publish."""

    requests: int = 0
    request_bytes: int = 0  # request lines, headers and bodies
    uploads: int = 0  # multipart/form-data requests: the ones that carry files
    upload_bytes: int = 0  # their bodies
    response_bytes: int = 0  # bodies of the answers
    failed: int = 0  # requests the proxy could not forward
    actions: Counter = field(default_factory=Counter)
    ckan_seconds: Counter = field(default_factory=Counter)  # action -> time CKAN took to answer


HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "content-length", "host"}


class CountingProxy:
    """`with CountingProxy(ckan_url) as proxy:` clients talk to `proxy.url`; `proxy.take()` returns the traffic
    since the last call. Each request is forwarded whole on its own upstream connection; the answer goes back
    whole, with the upstream's `Connection: close` passed on (so a client keeps a connection alive only as
    long as CKAN itself would let it)."""

    def __init__(self, upstream: str):
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port or 80)
        self._lock = threading.Lock()
        self._traffic = Traffic()

    def __enter__(self) -> CountingProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                proxy._forward(self)

            do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="counting-proxy", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def take(self) -> Traffic:
        with self._lock:
            traffic, self._traffic = self._traffic, Traffic()
        return traffic

    def _forward(self, handler: BaseHTTPRequestHandler) -> None:
        body = read_body(handler)
        headers = list(handler.headers.items())
        head_bytes = len(handler.raw_requestline) + sum(len(f"{k}: {v}\r\n") for k, v in headers) + 2
        multipart = handler.headers.get("Content-Type", "").startswith("multipart/")
        started = time.perf_counter()
        try:
            status, reason, answer_headers, answer = self._exchange(handler.command, handler.path, headers, body)
        except (OSError, http.client.HTTPException):
            status, reason, answer_headers, answer = 502, "Bad Gateway", [("Connection", "close")], b""
        seconds = time.perf_counter() - started
        action = action_of(handler.path)
        with self._lock:
            t = self._traffic
            t.requests += 1
            t.request_bytes += head_bytes + len(body)
            t.uploads += multipart
            t.upload_bytes += len(body) if multipart else 0
            t.response_bytes += len(answer)
            t.failed += status == 502
            t.actions[action] += 1
            t.ckan_seconds[action] += seconds
        handler.send_response_only(status, reason)
        close = False
        for name, value in answer_headers:
            if name.lower() == "connection" and "close" in value.lower():
                close = True
            if name.lower() not in HOP_BY_HOP:
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(answer)))
        if close:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(answer)

    def _exchange(self, method: str, path: str, headers: list, body: bytes) -> tuple:
        connection = http.client.HTTPConnection(*self.upstream, timeout=600)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", f"{self.upstream[0]}:{self.upstream[1]}")
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    connection.putheader(name, value)
            if body or method in ("POST", "PUT", "PATCH"):
                connection.putheader("Content-Length", str(len(body)))
            connection.putheader("Connection", "close")
            connection.endheaders(body or None)
            response = connection.getresponse()
            return response.status, response.reason, response.getheaders(), response.read()
        finally:
            connection.close()


def read_body(handler: BaseHTTPRequestHandler) -> bytes:
    """The request's body, sent with a Content-Length or chunked."""
    if "chunked" in handler.headers.get("Transfer-Encoding", "").lower():
        chunks = []
        while size := int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16):
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()  # the CRLF after each chunk
        while handler.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
            pass
        return b"".join(chunks)
    return handler.rfile.read(int(handler.headers.get("Content-Length") or 0))


def action_of(path: str) -> str:
    """The Action API action a request calls; "download" for a file, else the path."""
    path = urlsplit(path).path
    parts = path.strip("/").split("/")
    if len(parts) >= 3 and parts[0] == "api" and parts[-2] == "action":
        return parts[-1]
    return "download" if "/download/" in path else f"GET {path}"


# --- The two tools


@dataclass
class Run:
    tool: str
    publish: str  # "first" or "again"
    seconds: float
    traffic: Traffic
    outcome: str
    failures: Counter = field(default_factory=Counter)  # reason -> packages
    busy_before: float = 0.0


def run_catalog(url: str, token: str, copies: list[Copy], home: Path) -> tuple[float, str, Counter]:
    """The real command, all packages at once; (seconds, its summary line, no failures: it stops here on any)."""
    env = {"CATALOG_TOKEN": token, "CATALOG_LANG": "en", "PATH": os.environ.get("PATH", ""),
           "XDG_CONFIG_HOME": "/nonexistent"}  # no targets file of the user's
    command = [sys.executable, "-m", "catalog.cli", "publish", *(str(c.catalog_folder) for c in copies),
               "--to", url, "--home", str(home)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"catalog publish failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    summary = re.search(r"\d+ package\(s\): \d+ created, \d+ updated, \d+ unchanged", done.stdout)
    return seconds, summary.group(0) if summary else done.stdout.strip().splitlines()[-1], Counter()


# The frictionless side, run as `python -c` so that its process imports what a frictionless user's script
# would (frictionless), not this benchmark's modules. argv[1] is the job: url, allow_update, packages.
FRICTIONLESS_WORKER = f"""
import json, os, sys
from frictionless import Package
from frictionless.portals import CkanControl

job = json.load(open(sys.argv[1], encoding="utf-8"))
failed = []
for entry in job["packages"]:
    package = Package(entry["descriptor"])
    if entry.get("name"):
        package.name = entry["name"]
    control = CkanControl(baseurl=job["url"], apikey=os.environ["{TOKEN_ENV}"], dataset=package.name,
                          organization_name=entry["organization"], allow_update=job["allow_update"])
    try:
        package.publish(control=control)
    except Exception as exc:  # frictionless wraps every CKAN answer in FrictionlessException
        failed.append({{"name": package.name, "reason": str(exc)}})
print(json.dumps({{"failed": failed}}))
"""


def run_frictionless(url: str, token: str, entries: list[dict], allow_update: bool, scratch: Path
                     ) -> tuple[float, list[dict]]:
    """Frictionless' `Package.publish` of each of `entries` in turn, in a process of its own; (seconds,
    failures)."""
    job = scratch / f"frictionless-job-{uuid.uuid4().hex[:8]}.json"
    job.write_text(json.dumps({"url": url, "allow_update": allow_update, "packages": entries}), encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", FRICTIONLESS_WORKER, str(job)], cwd=scratch,
                          env={**os.environ, TOKEN_ENV: token}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"the frictionless worker failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])["failed"]


def publish_frictionless(url: str, token: str, copies: list[Copy], allow_update: bool, scratch: Path
                         ) -> tuple[float, str, Counter]:
    """Frictionless' copies; (seconds, how many were published, failures by reason)."""
    seconds, failed = run_frictionless(url, token, frictionless_entries(copies), allow_update, scratch)
    outcome = f"{len(copies) - len(failed)} published, {len(failed)} failed"
    return seconds, outcome, Counter(short_reason(f["reason"]) for f in failed)


def short_reason(message: str) -> str:
    """CKAN's error as frictionless reports it (a repr of its JSON envelope inside another message), shortened
    to its type and message, or the fields it refused."""
    kind = re.search(r'"__type": "([^"\\]+)', message)
    said = re.search(r'"message": "([^"\\]+)', message)
    if kind and said:
        return f"{kind.group(1)}: {said.group(1)}"
    if kind:
        fields = sorted(set(re.findall(r'"(\w+)": \[', message)))
        return f"{kind.group(1)}: " + (", ".join(fields) if fields else "?")
    return message.strip()[:160]


def frictionless_entries(copies: list[Copy], *, unmodified: bool = False) -> list[dict]:
    if unmodified:  # the package as it is (catalog's copy), under a third name so that it meets nothing
        return [{"descriptor": str(c.catalog_folder / "datapackage.json"), "name": f"{c.name}-flraw",
                 "organization": c.organization} for c in copies]
    return [{"descriptor": str(c.frictionless_folder / "datapackage.json"), "organization": c.organization}
            for c in copies]


# --- The measurements


def measured(proxy: CountingProxy, tool: str, publish: str, action) -> Run:
    """Run `action` (returns seconds, outcome, failures) with the proxy's counters and the machine quiet."""
    busy = quiet_machine()
    proxy.take()
    seconds, outcome, failures = action()
    run = Run(tool, publish, seconds, proxy.take(), outcome, failures, busy)
    t = run.traffic
    print(f"  {tool:28s} {publish:6s} {seconds:8.1f} s  {t.requests:5d} requests  {t.uploads:4d} uploads  "
          f"{t.upload_bytes:>11,} bytes uploaded  ({outcome})\n    {top_actions(run)}; {time_at_ckan(run)}",
          file=sys.stderr)
    return run


def publish_both(url: str, token: str, copies: list[Copy], scratch: Path) -> dict:
    """Frictionless on the packages as they are (not measured), then the four measured publishes."""
    report: dict = {"runs": []}
    print(f"frictionless on the packages as they are ({len(copies)}, not measured) ...", file=sys.stderr)
    report["unmodified"] = {}
    for allow_update in (True, False):
        _, failed = run_frictionless(url, token, frictionless_entries(copies, unmodified=True), allow_update, scratch)
        report["unmodified"][allow_update] = Counter(short_reason(f["reason"]) for f in failed)
    with CountingProxy(url) as proxy:
        home = scratch / "catalog-home"
        for publish in ("first", "again"):
            report["runs"].append(measured(proxy, CATALOG, publish,
                                           lambda: run_catalog(proxy.url, token, copies, home)))
        for publish, allow_update in (("first", False), ("again", True)):
            report["runs"].append(measured(proxy, FRICTIONLESS, publish, lambda: publish_frictionless(
                proxy.url, token, copies, allow_update, scratch)))
        if any(run.traffic.failed for run in report["runs"]):
            raise RuntimeError("the proxy could not forward some requests to CKAN")
    return report


def resources_on_portal(url: str, token: str, datasets: dict[str, int]) -> dict:
    """package_show of each dataset (name -> resources it should hold): resources found, and duplicates
    (each resource whose name an earlier resource of the same dataset already has)."""
    import ckanapi

    found = {"datasets": 0, "missing": 0, "expected": 0, "resources": 0, "duplicates": 0, "with_duplicates": 0}
    with ckanapi.RemoteCKAN(url, apikey=token, user_agent="catalog-publish-benchmark") as ckan:
        for name, expected in datasets.items():
            try:
                dataset = ckan.action.package_show(id=name)
            except ckanapi.NotFound:
                found["missing"] += 1
                continue
            names = [r["name"] for r in dataset["resources"]]
            duplicates = len(names) - len(set(names))
            found["datasets"] += 1
            found["expected"] += expected
            found["resources"] += len(names)
            found["duplicates"] += duplicates
            found["with_duplicates"] += duplicates > 0
    return found


def count_resources(url: str, token: str, copies: list[Copy]) -> dict:
    """Each tool's datasets after the second publish; a package's resources plus its `datapackage` resource,
    which both tools add, are what each dataset should hold."""
    history = resources_on_portal(url, token, {f"{c.name}-history": 0 for c in copies})
    return {
        CATALOG: resources_on_portal(url, token, {c.name: c.resources + 1 for c in copies}),
        FRICTIONLESS: resources_on_portal(url, token, {c.frictionless_name: c.resources + 1 for c in copies}),
        "history": history,
    }


# --- The portal


def describe_portal(url: str) -> str:
    response = httpx.get(f"{url}/api/3/action/status_show", timeout=30)
    status = response.json()["result"]
    server = response.headers.get("server", "")
    served = ("gunicorn" if "gunicorn" in server.lower() else
              f"CKAN's development server (`ckan run`, {server.split()[0]})" if "werkzeug" in server.lower()
              else server or "an unknown server")
    plugins = " ".join(status.get("extensions") or []) or "none"
    return f"CKAN {status['ckan_version']} (plugins: {plugins}) served by {served}"


def start_own_portal(gunicorn: bool) -> tuple[str, str, Callable[[], object]]:
    """A fresh CKAN of the benchmark's own, on free ports; (url, token, stop)."""
    return start_own_realckan(CKAN_HOME, *(["--gunicorn"] if gunicorn else []))


# --- The report


def runs_table(runs: list[Run]) -> list[str]:
    lines = ["| tool | publish | wall s | HTTP requests | uploads | bytes uploaded | request bytes | outcome |",
             "|---|---|---|---|---|---|---|---|"]
    for run in runs:
        t = run.traffic
        publish = "first" if run.publish == "first" else "again, unchanged"
        lines.append(f"| {run.tool} | {publish} | {run.seconds:.1f} | {t.requests:,} | {t.uploads:,} | "
                     f"{t.upload_bytes:,} | {t.request_bytes:,} | {run.outcome} |")
    return lines


def resources_table(counts: dict) -> list[str]:
    lines = ["| tool | datasets | resources expected | resources on the portal | duplicate resources | "
             "datasets with duplicates |", "|---|---|---|---|---|---|"]
    for tool in (CATALOG, FRICTIONLESS):
        c = counts[tool]
        missing = f" ({c['missing']} missing)" if c["missing"] else ""
        lines.append(f"| {tool} | {c['datasets']}{missing} | {c['expected']:,} | {c['resources']:,} | "
                     f"{c['duplicates']:,} | {c['with_duplicates']} |")
    return lines


def run_of(report: dict, tool: str, publish: str) -> Run:
    return next(r for r in report["runs"] if r.tool == tool and r.publish == publish)


def top_actions(run: Run, limit: int = 5) -> str:
    return ", ".join(f"{name} {n:,}" for name, n in run.traffic.actions.most_common(limit))


def time_at_ckan(run: Run, limit: int = 3) -> str:
    """How much of a run's wall time CKAN spent answering it, and on which actions most."""
    spent = run.traffic.ckan_seconds
    most = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in spent.most_common(limit))
    return f"CKAN took {sum(spent.values()):.1f} s of its {run.seconds:.1f} s to answer ({most})"


def failure_lines(report: dict, packages: int) -> list[str]:
    lines = []
    for allow_update, reasons in report["unmodified"].items():
        failed = sum(reasons.values())
        said = "; ".join(f"{n}x {reason}" for reason, n in reasons.most_common())
        lines.append(f"- the packages as they are, allow_update={allow_update}: {failed} of {packages} failed"
                     + (f" ({said})" if said else ""))
    for run in report["runs"]:
        if run.failures:
            said = "; ".join(f"{n}x {reason}" for reason, n in run.failures.most_common())
            lines.append(f"- measured, {run.publish} publish: {sum(run.failures.values())} failed ({said})")
    return lines


def faster(ratio: float) -> str:
    return f"{1 / ratio:.1f}x faster" if ratio <= 1 else f"{ratio:.1f}x slower"


def targets(report: dict) -> tuple[float, list[str]]:
    ours, theirs = run_of(report, CATALOG, "again"), run_of(report, FRICTIONLESS, "again")
    ratio = ours.seconds / theirs.seconds
    catalog = report["counts"][CATALOG]
    met = {True: "met", False: "NOT met"}
    return ratio, [
        f"- the unchanged republish uploads 0 bytes: {ours.traffic.upload_bytes:,} bytes in "
        f"{ours.traffic.uploads} uploads: {met[ours.traffic.upload_bytes == 0]}",
        f"- it takes under a tenth of frictionless' time: {ours.seconds:.1f} s against {theirs.seconds:.1f} s, "
        f"{ratio:.3f} ({faster(ratio)}): {met[ratio < 0.1]}",
        f"- no duplicate resources: {catalog['duplicates']} in {catalog['datasets']} datasets, "
        f"{catalog['resources']:,} resources for {catalog['expected']:,} expected: "
        f"{met[catalog['duplicates'] == 0 and catalog['resources'] == catalog['expected']]}",
    ]


def markdown_section(report: dict) -> str:
    copies, counts = report["copies"], report["counts"]
    ratio, target_lines = targets(report)
    c_again = run_of(report, CATALOG, "again")
    f_first, f_again = run_of(report, FRICTIONLESS, "first"), run_of(report, FRICTIONLESS, "again")
    dropped = sum(c.keywords_dropped for c in copies)
    history = counts["history"]
    return "\n".join([
        f"## {SECTION}",
        "",
        f"Measured on {report['date']}: {report['machine']}, Python {sys.version.split()[0]}, "
        f"frictionless {version('frictionless')} (frictionless-ckan-mapper {version('frictionless-ckan-mapper')}); "
        f"the portal: {report['portal']}{report['portal_how']}, with PostgreSQL, Redis and the Solr stand-in "
        "(`scripts/realckan_solr.py`) on the same cores, all on loopback.",
        "",
        f"{len(copies)} packages (copies of the 26 in datapackages/ under names of their own: "
        f"{sum(c.resources for c in copies)} resources, CSV tables and small PDFs, "
        f"{sum(c.bytes for c in copies) / 1e3:,.0f} kB) are published to the same CKAN by each tool into datasets of "
        "its own, then published again unchanged. Each tool runs in its own process, as a user runs it, so wall "
        f"time includes start-up: `catalog publish <{len(copies)} folders> --to <url>` (it validates every package "
        "first, then writes only what changed), and a Python script calling frictionless' "
        "`Package(path).publish(control=CkanControl(baseurl, apikey, organization_name, allow_update))` for each "
        "package in turn. Both talk to CKAN through a counting proxy of the benchmark's on loopback: \"HTTP "
        "requests\" counts every request, \"uploads\" the multipart ones (which carry files: CSVs, PDFs, "
        "datapackage.json), \"bytes uploaded\" their bodies, \"request bytes\" every request line, header and "
        "body. Each run started once other work on the machine had calmed down (it used at most "
        f"{max(r.busy_before for r in report['runs']):.0%} of the cores in the second before).",
        "",
        *runs_table(report["runs"]),
        "",
        "After the second publish, each dataset read back with package_show (both tools add a `datapackage` "
        "resource to the package's own, so a dataset should hold one resource more than its package has):",
        "",
        *resources_table(counts),
        "",
        f"Unchanged republish: catalog {c_again.seconds:.1f} s, frictionless {f_again.seconds:.1f} s: "
        f"**{ratio:.3f}** of frictionless' time ({faster(ratio)}); {c_again.traffic.uploads:,} files "
        f"sent ({c_again.traffic.upload_bytes:,} bytes) against {f_again.traffic.uploads:,} "
        f"({f_again.traffic.upload_bytes:,} bytes).",
        "",
        f"- **catalog publish**, again: {top_actions(c_again)}; {time_at_ckan(c_again)}, the rest went to its own "
        "process (start-up, validating every package, planning). An unchanged package costs one package_show: "
        "the committed datapackage.json, from which changes are counted, has the package's sha256, so it is read "
        "from disk. It said "
        f"\"{c_again.outcome}\": a file is sent only when its sha256 differs from the dataset's, metadata only "
        "when it differs. Its first publish sends each file twice by design: once to the dataset, once as the "
        f"immutable copy of version 1.0.0 in the `<name>-history` dataset ({history['resources']:,} resources in "
        f"{history['datasets']} history datasets).",
        f"- **frictionless**, first (`allow_update=False`): {top_actions(f_first)}; again (`allow_update=True`): "
        f"{top_actions(f_again)}; {time_at_ckan(f_again)}. On update it sends the dataset's metadata with "
        "package_update, then resource_create for every resource and for `datapackage`, every file uploaded "
        "again, without looking at what the dataset already holds: each republish adds another copy of every "
        f"resource under the same name ({counts[FRICTIONLESS]['duplicates']:,} duplicates after one), so the "
        "resource lists keep growing and "
        "CKAN re-indexes ever larger datasets.",
        "",
        "Frictionless' failures, and the one change made to its copies:",
        "",
        *failure_lines(report, len(copies)),
        "",
        "With `allow_update=True` frictionless always calls package_update, which CKAN answers \"Not found\" for a "
        "dataset that does not exist yet, so its first publish uses `allow_update=False` (package_create). It also "
        "sends every keyword as a CKAN tag, and stock CKAN's tag validator refuses Thai words with vowel or tone "
        "marks (`ความโปร่งใส`), and with them the whole dataset. Frictionless' copies therefore leave out the "
        f"keywords stock CKAN refuses ({dropped} in all, {dropped / len(copies):.1f} per package); nothing else is "
        "changed. `catalog publish` takes the packages as they are: it asks the portal which tags it refuses, "
        "does not send those, and keeps the whole keyword list in the extra `keywords`.",
        "",
        "Targets:",
        "",
        *target_lines,
        "",
        f"Reproduce with `{report['command']}`.",
        "",
    ])


def print_report(report: dict) -> None:
    ratio, target_lines = targets(report)
    print()
    print("\n".join(runs_table(report["runs"])))
    print()
    print("\n".join(resources_table(report["counts"])))
    print(f"\nunchanged republish, catalog / frictionless time: {ratio:.3f}")
    print("\n".join(failure_lines(report, len(report["copies"]))))
    print("\n".join(target_lines))


def reproduce(args) -> str:
    """The command line, without the token."""
    command = "python benchmarks/publish.py"
    if args.packages != 100:
        command += f" --packages {args.packages}"
    if args.gunicorn:
        command += " --gunicorn"
    if args.markdown:
        command += f" --markdown {args.markdown}"
    if args.ckan_url:
        command = f'eval "$(scripts/realckan start)" && {command}'
    return command


# --- Main


def benchmark(url: str, token: str, args) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="publish-bench-"))
    try:
        run_id = uuid.uuid4().hex[:6]
        copies = copy_packages(scratch, run_id, args.packages)
        print(f"{len(copies)} packages ({sum(c.resources for c in copies)} resources), run id {run_id}, "
              f"on {url}", file=sys.stderr)
        create_organizations(url, token, copies)
        report = publish_both(url, token, copies, scratch)
        report.update(copies=copies, counts=count_resources(url, token, copies))
        return report
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ckan-url", default=os.environ.get("CKAN_URL"), help="the portal (default: $CKAN_URL)")
    parser.add_argument("--token", default=os.environ.get("CKAN_API_TOKEN"),
                        help="a sysadmin's API token (default: $CKAN_API_TOKEN)")
    parser.add_argument("--packages", type=int, default=100, help="packages each tool publishes")
    parser.add_argument("--gunicorn", action="store_true", help="serve a portal of the benchmark's own with gunicorn")
    parser.add_argument("--markdown", type=Path, help=f"write a '## {SECTION}' section to this file")
    args = parser.parse_args()
    if bool(args.ckan_url) != bool(args.token):
        parser.error("give both --ckan-url and --token (or $CKAN_URL and $CKAN_API_TOKEN), or neither")
    stop, portal_how = None, ""
    if args.ckan_url:
        url, token = args.ckan_url.rstrip("/"), args.token
    else:
        url, token, stop = start_own_portal(args.gunicorn)
        portal_how = f" (a portal of its own: `scripts/realckan start --fresh{' --gunicorn' if args.gunicorn else ''}`)"
    try:
        portal = describe_portal(url)
        report = benchmark(url, token, args)
    finally:
        if stop:
            stop()
    report.update(args=args, portal=portal, portal_how=portal_how, machine=machine(), command=reproduce(args),
                  date=dt.datetime.now(dt.timezone.utc).date().isoformat())
    print_report(report)
    if args.markdown:
        write_section(args.markdown, markdown_section(report))
        print(f"wrote the '## {SECTION}' section of {args.markdown}", file=sys.stderr)


if __name__ == "__main__":
    main()
