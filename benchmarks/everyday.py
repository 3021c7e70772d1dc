"""Benchmark: the officer's everyday commands, as whole processes, against the peer where one exists.

    .venv/bin/python benchmarks/everyday.py [--repeat 5] [--ckan-url URL --token TOKEN | --no-ckan]
                                            [--markdown docs/benchmarks.md]

Each command runs `--repeat` times in a fresh process, one after the other (never two at once), after one
warm-up run that leaves Python's bytecode caches as any installed copy has them; wall time and peak
resident memory (ru_maxrss of that child, from os.wait4) are reported as medians. Measured:

- `catalog validate` against `frictionless validate` on each of the sample packages in datapackages/,
  with both verdicts (valid or not) compared;
- `catalog build` of a 20-row สขร.1 workbook typed the way officers type it (the month in a title row,
  Thai dates and digits, the bidders and their prices in one cell; tests/packaging/officer_workbook.py),
  and `catalog template`;
- `catalog publish` of an unchanged package (one, and all of them) to the embedded catalog, `publish
  --dry-run` and `catalog history` of one package;
- an unchanged `catalog publish` to a real CKAN 2.12 (--ckan-url/--token, default $CKAN_URL and
  $CKAN_API_TOKEN; with neither, a CKAN of the benchmark's own from `scripts/realckan start --fresh`,
  stopped at the end; --no-ckan leaves it out).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from api import machine, start_own_realckan  # beside this script
from report_section import write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.packaging.officer_workbook import write_officer_workbook  # noqa: E402

CKAN_HOME = ROOT / "benchmarks" / ".data" / "realckan-everyday"
BIN = Path(sys.executable).parent
ONE = ROOT / "datapackages" / "phuket-city" / "procurement_monthly"


@dataclass
class Timing:
    seconds: float  # median wall
    peak_mib: float  # median peak resident memory
    codes: list[int]


def environment(home: Path | None, **extra: str) -> dict:
    """The commands' environment: no catalog settings of the caller's, bytecode caches written as usual."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("CATALOG_") and key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **({"CATALOG_HOME": str(home)} if home else {}), "CATALOG_LANG": "en", **extra}


def timed(command: list[str], *, repeat: int, env: dict | None = None, before: list[str] | None = None) -> Timing:
    """Median wall time and peak memory of `command` over `repeat` fresh processes, after one warm-up run
    (`before` runs, untimed, ahead of each)."""
    env = env or environment(None)
    walls, peaks, codes = [], [], []
    for run in range(repeat + 1):
        if before:
            subprocess.run(before, cwd=ROOT, env=env, capture_output=True, check=False)
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        if run == 0:
            continue  # the warm-up
        walls.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        codes.append(os.waitstatus_to_exitcode(status))
    return Timing(statistics.median(walls), statistics.median(peaks), codes)


def catalog(*args: str) -> list[str]:
    return [str(BIN / "catalog"), *args]


def sample_packages() -> list[Path]:
    return sorted(path.parent for path in ROOT.glob("datapackages/*/*/datapackage.json"))


# --- The runs


def run_validate(repeat: int) -> list[dict]:
    rows = []
    for package in sample_packages():
        ours = timed(catalog("validate", str(package)), repeat=repeat)
        peer = timed([str(BIN / "frictionless"), "validate", str(package / "datapackage.json")], repeat=repeat)
        rows.append({"package": str(package.relative_to(ROOT / "datapackages")), "ours": ours, "frictionless": peer,
                     "same_verdict": (ours.codes[0] == 0) == (peer.codes[0] == 0)})
        print(f"  validate {rows[-1]['package']}: {ours.seconds:.3f} s vs {peer.seconds:.3f} s", file=sys.stderr)
    return rows


def run_officer_commands(scratch: Path, repeat: int) -> dict:
    workbook = write_officer_workbook(scratch / "สขร1_พย67.xlsx")
    out = scratch / "built"
    build = timed(catalog("build", str(workbook), "-c", "procurement_monthly", "-o", str(out)), repeat=repeat,
                  before=["rm", "-rf", str(out)])
    built = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    rows_built = sum(count for resource in built["resources"] for segment in resource.get("provenance", [])
                     for _, count in segment.get("rows", []))
    template = timed(catalog("template", "procurement_monthly", "-o", str(scratch / "template.xlsx")), repeat=repeat)
    return {"build": build, "build_rows": rows_built, "template": template}


def unchanged(result: subprocess.CompletedProcess) -> bool:
    return result.returncode == 0 and " 0 created, 0 updated" in result.stdout


def run_embedded(scratch: Path, repeat: int) -> dict:
    env = environment(scratch / "home")
    packages = [str(package) for package in sample_packages()]
    first = subprocess.run(catalog("publish", *packages), env=env, cwd=ROOT, capture_output=True, text=True)
    if first.returncode != 0:
        raise RuntimeError(f"the first publish failed:\n{first.stdout[-2000:]}{first.stderr[-2000:]}")
    dataset = json.loads((ONE / "datapackage.json").read_text(encoding="utf-8"))["name"]
    return {
        "publish one": timed(catalog("publish", str(ONE)), repeat=repeat, env=env),
        "publish all": timed(catalog("publish", *packages), repeat=repeat, env=env),
        "dry-run": timed(catalog("publish", str(ONE), "--dry-run"), repeat=repeat, env=env),
        "history": timed(catalog("history", dataset), repeat=repeat, env=env),
        "unchanged": unchanged(subprocess.run(catalog("publish", *packages), env=env, cwd=ROOT, capture_output=True,
                                              text=True)),
    }


def run_real_ckan(url: str, token: str, scratch: Path, repeat: int) -> dict:
    env = environment(scratch / "unused-home", CATALOG_TOKEN=token)
    first = subprocess.run(catalog("publish", str(ONE), "--to", url), env=env, cwd=ROOT, capture_output=True,
                           text=True)
    if first.returncode != 0:
        raise RuntimeError(f"the first publish to {url} failed:\n{first.stdout[-2000:]}{first.stderr[-2000:]}")
    return {"publish one": timed(catalog("publish", str(ONE), "--to", url), repeat=repeat, env=env),
            "dry-run": timed(catalog("publish", str(ONE), "--to", url, "--dry-run"), repeat=repeat, env=env),
            "unchanged": unchanged(subprocess.run(catalog("publish", str(ONE), "--to", url), env=env, cwd=ROOT,
                                                  capture_output=True, text=True))}


# --- The report


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "NOT met"


def report(validate: list[dict], officer: dict, embedded: dict, ckan: dict | None, repeat: int) -> str:
    versions = ", ".join(f"{name} {version(name)}" for name in ("frictionless", "SQLAlchemy"))
    lines = ["## Everyday commands", "",
             f"Measured on {dt.date.today().isoformat()}: {machine()}, Python {platform.python_version()}, {versions}. "
             f"`.venv/bin/python benchmarks/everyday.py`: each command a fresh process, one at a time, median of "
             f"{repeat} runs after a warm-up; memory is the peak resident set.", "",
             "### `catalog validate` against `frictionless validate`, each sample package", "",
             "| package | catalog s | frictionless s | speed | catalog MiB | frictionless MiB | same verdict |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for row in validate:
        ours, peer = row["ours"], row["frictionless"]
        lines.append(f"| {row['package']} | {ours.seconds:.3f} | {peer.seconds:.3f} | {peer.seconds / ours.seconds:.1f}x "
                     f"| {ours.peak_mib:.0f} | {peer.peak_mib:.0f} | {'yes' if row['same_verdict'] else 'NO'} |")
    slowest = max(row["ours"].seconds for row in validate)
    least = min(row["frictionless"].seconds / row["ours"].seconds for row in validate)
    same_verdicts = all(row["same_verdict"] for row in validate)
    commands = [("`catalog build` of a 20-row workbook", officer["build"], 0.5),
                ("`catalog template procurement_monthly`", officer["template"], None),
                ("`catalog publish` one unchanged package (embedded)", embedded["publish one"], 0.3),
                ("`catalog publish` the 26 unchanged packages (embedded)", embedded["publish all"], 1.0),
                ("`catalog publish --dry-run` one package (embedded)", embedded["dry-run"], 0.5),
                ("`catalog history` one dataset (embedded)", embedded["history"], 0.5)]
    if ckan:
        commands += [("`catalog publish` one unchanged package (real CKAN 2.12)", ckan["publish one"], None),
                     ("`catalog publish --dry-run` one package (real CKAN 2.12)", ckan["dry-run"], None)]
    lines += ["", "### The other commands", "", "| command | wall s | peak MiB | target |", "|---|---:|---:|---|"]
    for name, timing, limit in commands:
        lines.append(f"| {name} | {timing.seconds:.3f} | {timing.peak_mib:.0f} | {f'<= {limit} s' if limit else '-'} |")
    lines += ["", f"The workbook built into {officer['build_rows']} rows. The unchanged publishes wrote nothing: "
                  f"embedded {'yes' if embedded['unchanged'] else 'NO'}"
                  + (f", real CKAN {'yes' if ckan['unchanged'] else 'NO'}" if ckan else "") + ".", "", "Targets:", "",
              f"- `catalog validate` of every sample package at most 0.3 s: slowest {slowest:.3f} s: "
              f"{verdict(slowest, 0.3)}",
              f"- at least 3x faster than `frictionless validate` with the same verdict: least {least:.1f}x, "
              f"{'same verdicts' if same_verdicts else 'VERDICTS DIFFER'}: "
              f"{'met' if least >= 3 and same_verdicts else 'NOT met'}"]
    for name, timing, limit in commands:
        if limit:
            lines.append(f"- {name} at most {limit} s: {timing.seconds:.3f} s: {verdict(timing.seconds, limit)}")
    lines += ["", "Reproduce with `python benchmarks/everyday.py --markdown docs/benchmarks.md`.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ckan-url", default=os.environ.get("CKAN_URL"))
    parser.add_argument("--token", default=os.environ.get("CKAN_API_TOKEN"))
    parser.add_argument("--no-ckan", action="store_true")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="everyday-") as folder:
        scratch = Path(folder)
        validate = run_validate(args.repeat)
        officer = run_officer_commands(scratch, args.repeat)
        embedded = run_embedded(scratch, args.repeat)
        ckan = None
        if not args.no_ckan:
            url, token, stop = args.ckan_url, args.token, None
            if not (url and token):
                url, token, stop = start_own_realckan(CKAN_HOME)
            try:
                ckan = run_real_ckan(url.rstrip("/"), token, scratch, args.repeat)
            finally:
                if stop is not None:
                    stop()
    section = report(validate, officer, embedded, ckan, args.repeat)
    print(section)
    if args.markdown:
        write_section(args.markdown, section)


if __name__ == "__main__":
    main()
