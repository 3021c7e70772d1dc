"""Benchmark: harvesting a source catalog of 10,000 datasets, first in full, then incrementally after 1 % of
them changed and 0.5 % were deleted, by `catalog harvest run` and, as the peer, by ckanext-harvest 1.6.3's
CKAN harvester on a real CKAN 2.12 against the same source in the same run.

    .venv/bin/python benchmarks/harvest.py [--datasets 10000] [--no-peer] [--markdown docs/benchmarks.md]

The source is a `catalog serve` of its own, filled in-process (not measured) with datasets of 10
organizations, each with Thai and English tags, a description and two linked resources, and kept under
benchmarks/.data/ to be reused. Each harvest runs as a user runs it, in its own process:
`catalog harvest run src --json` into a fresh home; wall time, peak memory (RSS, sampled every 20 ms) and
the HTTP requests it made (from its report) are recorded, and after the incremental run every change and
every deletion is checked to have arrived.

The peer is a real CKAN of the benchmark's own (`scripts/realckan start --harvest --fresh`, under
benchmarks/.data/realckan-harvest, on free ports) with a `ckan` harvest source configured as the README
tells a province (`{"remote_orgs": "create"}`). Each of its jobs runs to the end in one process by
`scripts/realckan harvest` (gather, fetch and import with no queue between them, which only saves it
time); its wall time and peak memory are that process's, its requests those it sent to the source.
PostgreSQL, Redis and the Solr stand-in it writes to run beside it and are not counted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from api import machine, quiet_machine, start_own_realckan  # noqa: E402  (beside this script)
from search_scale import start_server  # noqa: E402
from report_section import write_section  # noqa: E402

DATA = ROOT / "benchmarks" / ".data"
ORGANIZATIONS = 10


def make_source(home: Path, count: int) -> None:
    """A catalog home holding `count` datasets, written through the catalog's own actions."""
    from catalog.server.actions import Context, call_action, load_actions
    from catalog.server.store import Store
    from catalog.server.users import create_user

    load_actions()
    store = Store(home)
    with store.begin() as conn:
        admin = create_user(conn, "bench-admin", sysadmin=True)
    user = {**admin, "sysadmin": True}
    with store.begin() as conn:
        for number in range(ORGANIZATIONS):
            call_action("organization_create", Context(store, user, conn),
                        {"name": f"agency-{number}", "title": f"หน่วยงานทดสอบ {number}"})
    for start in range(0, count, 500):
        with store.begin() as conn:
            for number in range(start, min(start + 500, count)):
                call_action("package_create", Context(store, user, conn), {
                    "name": f"bench-{number:05d}", "title": f"ชุดข้อมูลทดสอบ {number} (benchmark dataset)",
                    "notes": f"ชุดข้อมูลสำหรับวัดความเร็ว {number}\n\nA dataset for measuring, number {number}.",
                    "owner_org": f"agency-{number % ORGANIZATIONS}", "license_id": "cc-by",
                    "tags": [{"name": "open data"}, {"name": "procurement"}, {"name": f"batch-{number // 1000}"}],
                    "extras": [{"key": "source_number", "value": str(number)}],
                    "resources": [{"name": "table", "url": f"https://files.example.go.th/{number}/table.csv",
                                   "format": "CSV"},
                                  {"name": "report", "url": f"https://files.example.go.th/{number}/report.pdf",
                                   "format": "PDF"}]})
        print(f"  source: {min(start + 500, count):,} datasets", file=sys.stderr)
    store.dispose()


PEER_HOME = DATA / "realckan-harvest"  # the peer's CKAN, the benchmark's own (git-ignored)


def measured(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB of the process and its children, stdout) of a command run on its own."""
    started = time.monotonic()
    out_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # a pipe would fill up and stall the report
    process = psutil.Popen(args, stdout=out_file, stderr=subprocess.DEVNULL, text=True, env=env)
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.02)
    wall = time.monotonic() - started
    out_file.seek(0)
    out = out_file.read()
    out_file.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}): {out[-2000:]}")
    return wall, peak / 2**20, out


def change_source(home: Path, count: int) -> tuple[list[str], list[str]]:
    """1 % of the datasets changed, 0.5 % deleted, through the source's actions (its server reads the same store)."""
    from catalog.server.actions import Context, call_action, load_actions
    from catalog.server.store import Store
    from catalog.server.users import find_user

    load_actions()
    store = Store(home)
    with store.read() as conn:
        row = find_user(conn, "bench-admin")
    user = {"id": row.id, "name": row.name, "sysadmin": True}
    changed = [f"bench-{n:05d}" for n in range(0, count, 100)]
    deleted = [f"bench-{n:05d}" for n in range(50, count, 200)]
    for name in changed:
        call_action("package_patch", Context(store, user), {"id": name, "notes": f"ปรับปรุงแล้ว {dt.datetime.now()}"})
    for name in deleted:
        call_action("package_delete", Context(store, user), {"id": name})
    store.dispose()
    return changed, deleted


class Peer:
    """ckanext-harvest's CKAN harvester on a real CKAN of the benchmark's own, harvesting one source."""

    def __init__(self, source_url: str):
        import ckanapi

        self.url, token, self.stop = start_own_realckan(PEER_HOME, "--harvest")
        self.env = {**os.environ, "REALCKAN_HOME": str(PEER_HOME)}
        portal = ckanapi.RemoteCKAN(self.url, apikey=token)
        owner = portal.action.organization_create(name="harvest-sources")["name"]
        portal.action.harvest_source_create(name="src", title="source", url=source_url, source_type="ckan",
                                            owner_org=owner, config=json.dumps({"remote_orgs": "create"}))

    def run(self) -> tuple[float, float, dict]:
        wall, peak, out = measured([str(ROOT / "scripts" / "realckan"), "harvest", "src"], env=self.env)
        report = json.loads(out.strip().splitlines()[-1])
        assert report["status"] == "Finished", report
        return wall, peak, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--no-peer", action="store_true", help="measure catalog harvest only")
    parser.add_argument("--markdown", type=Path, default=None)
    options = parser.parse_args()
    count = options.datasets

    cached = DATA / f"harvest-source-{count}"
    if not (cached / "catalog.db").exists():
        print(f"making a source of {count:,} datasets (once; kept in {cached.relative_to(ROOT)})", file=sys.stderr)
        shutil.rmtree(cached, ignore_errors=True)
        make_source(cached, count)
    work = Path(tempfile.mkdtemp(prefix="harvest-bench-"))
    source_home = Path(shutil.copytree(cached, work / "source"))
    server, url = start_server(source_home)
    rows = []
    peer = None
    try:
        if not options.no_peer:
            peer = Peer(url + "/stock-ckan")  # the address the README gives a stock CKAN's harvester
        home = work / "province"
        subprocess.run([sys.executable, "-m", "catalog.cli", "harvest", "add", "src", url, "--type", "ckan",
                        "--home", str(home)], check=True, capture_output=True)
        run = [sys.executable, "-m", "catalog.cli", "harvest", "run", "src", "--json", "--home", str(home)]

        def ours(name: str) -> dict:
            quiet_machine()
            wall, peak, out = measured(run)
            report = json.loads(out)
            print(f"  catalog harvest, {name}: {wall:.1f} s, {peak:.0f} MiB, {report['requests']} requests, "
                  f"{report['stages']}", file=sys.stderr)
            rows.append((name, "catalog harvest", wall, peak, report["requests"], report))
            return report

        def theirs(name: str) -> dict:
            quiet_machine()
            wall, peak, report = peer.run()
            print(f"  ckanext-harvest, {name}: {wall:.1f} s, {peak:.0f} MiB, {report['requests']} requests, "
                  f"{report['stats']}", file=sys.stderr)
            rows.append((name, "ckanext-harvest", wall, peak, report["requests"], report))
            return report

        first = ours("first, full")
        assert len(first["created"]) == count and not first["failed"], first["failed"][:3]
        if peer:
            peer_first = theirs("first, full")
            assert peer_first["stats"].get("added") == count, peer_first["stats"]

        changed, deleted = change_source(source_home, count)
        second = ours("incremental: 1 % changed, 0.5 % deleted")
        assert sorted(second["updated"]) == sorted(changed), (len(second["updated"]), len(changed))
        assert sorted(second["deleted"]) == sorted(deleted), (len(second["deleted"]), len(deleted))
        if peer:
            theirs("incremental: 1 % changed, 0.5 % deleted")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if peer:
            peer.stop()
        shutil.rmtree(work, ignore_errors=True)

    section = report_section(count, rows, len(changed), len(deleted), peer is not None)
    print(section)
    if options.markdown:
        write_section(options.markdown, section)


def outcome(report: dict, deleted: int, incremental: bool) -> str:
    if "stats" in report:  # ckanext-harvest's job report
        stats = report["stats"]
        if not incremental:
            return f"{stats.get('added', 0):,} added, {stats.get('errored', 0)} errored"
        return (f"{stats.get('added', 0):,} added, {stats.get('updated', 0):,} updated, "
                f"{stats.get('deleted', 0)} of {deleted} deleted, {stats.get('errored', 0)} errored")
    if not incremental:
        return f"{len(report['created']):,} created"
    return (f"{len(report['updated'])} updated, {len(report['deleted'])} of {deleted} deleted, "
            f"{report['unchanged']:,} unchanged")


def report_section(count: int, rows: list, changed: int, deleted: int, with_peer: bool) -> str:
    peer_words = (" The peer, ckanext-harvest 1.6.3's `ckan` harvester on a real CKAN 2.12 (`scripts/realckan start "
                  "--harvest --fresh`, a portal of the benchmark's own; PostgreSQL, Redis and the Solr stand-in beside "
                  "it, not counted), harvested the same source at its `/stock-ckan` address with `{\"remote_orgs\": "
                  "\"create\"}`, each job run to the end in one process by `scripts/realckan harvest`."
                  if with_peer else "")
    lines = [f"## Harvest ({count:,} datasets)", "",
             f"{dt.date.today().isoformat()}, {machine()}. `benchmarks/harvest.py --datasets {count}`: a `catalog serve` "
             f"source of {count:,} datasets (10 organizations, 2 linked resources each) harvested by `catalog "
             f"harvest run` into a fresh home (CKAN's default schema), as its own process; then {changed} changed "
             f"(1 %) and {deleted} deleted (0.5 %) at the source and harvested again.{peer_words}", "",
             "| run | harvester | wall | peak RSS | requests | result |", "|---|---|---:|---:|---:|---|"]
    by_run: dict[str, dict[str, float]] = {}
    for name, harvester, wall, peak, requests, report in rows:
        lines.append(f"| {name} | {harvester} | {wall:.1f} s | {peak:.0f} MiB | {requests} | "
                     f"{outcome(report, deleted, incremental=not name.startswith('first'))} |")
        by_run.setdefault(name, {})[harvester] = wall
    ratios = [f"{name}: {walls['ckanext-harvest'] / walls['catalog harvest']:.1f}x faster"
              for name, walls in by_run.items() if len(walls) == 2]
    if ratios:
        lines += ["", "catalog harvest against ckanext-harvest, wall time: " + "; ".join(ratios) + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
