"""Benchmark: the memory and time `catalog publish` takes for one large CSV, and what validating it as a
table takes.

    .venv/bin/python benchmarks/publish_memory.py [--gb 1.0] [--skip-table]

A CSV of about `--gb` GiB (one block of rows repeated) is written to a temporary folder and deleted at
the end. Each command runs in its own process, one after the other, sampled with psutil every 10 ms:

- "publish": `catalog publish` of the CSV as a resource without a table schema, into a new embedded
  catalog home (the catalog is served inside the publishing process, so its memory counts too);
- "validate table": `catalog validate` of the same CSV with a table schema (three fields), the step
  `catalog publish` runs first for a table: it reads the whole table into memory.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog.server.store import Store  # noqa: E402
from tests.publishing.test_large_files import big_package  # noqa: E402

SCHEMA = {"fields": [{"name": "reading_id", "type": "integer"}, {"name": "station", "type": "string"},
                     {"name": "pm25", "type": "number"}]}


def measured(args: list[str]) -> tuple[int, float, int]:
    """(exit code, seconds, peak resident bytes) of the real `catalog` command."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "catalog.cli", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "CATALOG_LANG": "en"})
    watched, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.01)
    return process.wait(), time.monotonic() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gb", type=float, default=1.0, help="size of the CSV in GiB")
    parser.add_argument("--skip-table", action="store_true", help="do not validate it as a table (slow, GBs of memory)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publish-memory-") as scratch:
        scratch = Path(scratch)
        started = time.monotonic()
        package = big_package(scratch / "package", int(options.gb * (1 << 30)))
        size = (package / "data" / "readings.csv").stat().st_size
        print(f"CSV of {size:,} bytes written in {time.monotonic() - started:.1f} s")
        home = scratch / "home"
        store = Store(home)
        store.set_setting("dataset_schema", "ckan")
        store.set_setting("max_resource_size_mb", str(int(size / 2**20) + 100))
        store.dispose()
        rows = [("publish (no table schema)", *measured(["publish", str(package), "--home", str(home)]))]
        if not options.skip_table:
            descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
            table = copy.deepcopy(descriptor)
            table["resources"][0]["schema"] = SCHEMA
            (package / "datapackage.json").write_text(json.dumps(table), encoding="utf-8")
            rows.append(("validate table (3 fields)", *measured(["validate", str(package)])))
    print(f"\n| {'step':<28} | exit | seconds | peak RSS (MiB) |\n|{'-' * 30}|------|---------|----------------|")
    for step, code, seconds, peak in rows:
        print(f"| {step:<28} | {code:>4} | {seconds:>7.1f} | {peak / 2**20:>14.0f} |")


if __name__ == "__main__":
    main()
