"""Benchmark: the vectorised schema checks against `frictionless validate` on procurement tables.

    .venv/bin/python benchmarks/validate.py [--sizes 200000 1000000] [--skip-frictionless-1m]
                                            [--repeat 3] [--markdown docs/benchmarks.md]

Each table (10 columns, about 1 % of the rows broken in every way the checks know) is generated once
and cached under benchmarks/.data/. Each tool runs in a fresh subprocess, one after the other (never
two at once), so its peak memory is its own: ru_maxrss of that child, from os.wait4. "check" is the
time the tool spends on the table (our check_table call, or the seconds frictionless' report
states); "process" adds interpreter start-up and imports. The error sets compared are the sets of
(row number, field, error type).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from report_section import write_section  # beside this script

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "skipInitialSpace": False}
SEED = 2024
ERROR_RATE = 0.01


@dataclass
class Run:
    rows: int
    tool: str
    check_seconds: float
    process_seconds: float
    peak_mb: float
    keys: set[tuple]

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.check_seconds if self.check_seconds else float("inf")


# --- Data


def table_path(rows: int) -> Path:
    """The cached table of `rows` rows and the schema, written by a child process (see run_child)."""
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--generate", str(rows)],
                   check=True)
    return DATA / f"procurement-{rows}-seed{SEED}.csv"


def generate(rows: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.validation.generated import procurement_schema, write_procurement

    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "procurement.schema.json").write_text(json.dumps(procurement_schema(), ensure_ascii=False),
                                                  encoding="utf-8")
    path = DATA / f"procurement-{rows}-seed{SEED}.csv"
    if not path.exists():
        print(f"generating {path.name} ...", file=sys.stderr)
        partial = path.with_suffix(".partial")
        write_procurement(partial, rows, error_rate=ERROR_RATE, seed=SEED)
        partial.rename(path)


# --- Runs, each in its own process


def run_child(command: list[str], *, stdout_path: Path) -> tuple[float, float, int]:
    """Run a command to the end: (wall seconds, peak RSS in MB, exit status).

    Linux counts the parent's peak RSS at the time of the fork in the child's ru_maxrss: this
    process therefore stays small (no pandas, no generated rows in it).
    """
    with open(stdout_path, "wb") as stdout:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=DATA, stdout=stdout)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, process.returncode


def run_ours(path: Path, rows: int) -> Run:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "ours.json"
        wall, peak, status = run_child([sys.executable, str(Path(__file__).resolve()), "--worker",
                                        path.name, str(out)], stdout_path=Path(folder) / "log")
        if status != 0:
            raise SystemExit(f"our checker failed (exit {status})")
        result = json.loads(out.read_text())
    keys = {tuple(key) for key in result["keys"]}
    return Run(rows, "ours (check_table)", result["seconds"], wall, peak, keys)


def run_frictionless(path: Path, rows: int) -> Run:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        command = [sys.executable, "-m", "frictionless", "validate", path.name,
                   "--schema", "procurement.schema.json", "--encoding", "utf-8",
                   "--dialect", json.dumps(DIALECT), "--limit-errors", "0", "--json"]
        wall, peak, _ = run_child(command, stdout_path=out)  # exits 1 when the table is invalid
        report = json.loads(out.read_text(encoding="utf-8"))
    errors = [error for task in report["tasks"] for error in task["errors"]] + report["errors"]
    keys = {(error.get("rowNumber"), error.get("fieldName") or None, error["type"]) for error in errors}
    return Run(rows, "frictionless validate", report["stats"]["seconds"], wall, peak, keys)


def package_for(path: Path) -> Path:
    """A data package around the table (hard-linked, not copied) for the whole `catalog validate` run."""
    folder = DATA / f"package-{path.stem}"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    data = folder / "data" / path.name
    if not data.exists():
        os.link(path, data)
    schema = json.loads((DATA / "procurement.schema.json").read_text(encoding="utf-8"))
    descriptor = {"name": "benchmark", "resources": [{"name": "procurement", "path": f"data/{path.name}",
                                                      "format": "csv", "encoding": "utf-8", "schema": schema}]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return folder


def run_catalog_validate(path: Path, rows: int) -> Run:
    """The whole command a user runs: start-up, schema checks, domain rules, personal-data guard, report."""
    folder = package_for(path)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "report.json"
        wall, peak, status = run_child([sys.executable, "-m", "catalog.cli", "validate", str(folder), "--json"],
                                       stdout_path=out)
        if status not in (0, 1):
            raise SystemExit(f"catalog validate failed (exit {status})")
        report = json.loads(out.read_text(encoding="utf-8"))
    keys = {(f["row_number"], f["field"], f["code"]) for f in report["findings"]
            if not f["code"].startswith("personal-data/")}
    return Run(rows, "catalog validate (whole command)", wall, wall, peak, keys)


def worker(name: str, out: str) -> None:
    """In a fresh process: check one table, write the seconds and the error keys."""
    sys.path.insert(0, str(ROOT))
    from catalog.validation.resources import check_table

    schema = json.loads((DATA / "procurement.schema.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    findings = check_table(DATA / name, schema, resource="procurement")
    seconds = time.perf_counter() - started
    keys = sorted({(f.row_number, f.field, f.code) for f in findings}, key=str)
    Path(out).write_text(json.dumps({"seconds": seconds, "keys": keys}))


# --- Report


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"date": dt.date.today().isoformat(), "cores": str(os.cpu_count()), "cpu": cpu,
            "python": platform.python_version(), "pandas": version("pandas"),
            "pyarrow": version("pyarrow"), "frictionless": version("frictionless")}


def rows_of(runs: list[Run]) -> list[list[str]]:
    table = []
    for run in runs:
        reference = next((other for other in runs
                          if other.rows == run.rows and other.tool.startswith("frictionless")), None)
        if run.tool.startswith("frictionless"):
            same, speed = "-", "1x"
        elif reference is None:
            same, speed = "not compared", "-"
        else:
            same = "yes" if run.keys == reference.keys else (
                f"no ({len(run.keys - reference.keys)} only ours, "
                f"{len(reference.keys - run.keys)} only frictionless)")
            if run.tool.startswith("catalog validate"):  # whole processes on both sides
                speed = f"{reference.process_seconds / run.process_seconds:.1f}x"
            else:
                speed = f"{run.rows_per_second / reference.rows_per_second:.1f}x"
        table.append([f"{run.rows:,}", run.tool, f"{run.check_seconds:.2f}",
                      f"{run.process_seconds:.2f}", f"{run.rows_per_second:,.0f}", speed,
                      f"{run.peak_mb:,.0f}", f"{len(run.keys):,}", same])
    return table


HEADERS = ["rows", "tool", "check s", "process s", "rows/s", "speed", "peak MB", "errors",
           "same errors"]


def print_table(table: list[list[str]]) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        widths = [max(len(row[i]) for row in table + [HEADERS]) for i in range(len(HEADERS))]
        for row in [HEADERS] + table:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
        return
    rich_table = Table(title="Schema validation")
    for header in HEADERS:
        rich_table.add_column(header, justify="left" if header in ("tool", "same errors") else "right")
    for row in table:
        rich_table.add_row(*row)
    console = Console()
    console.width = max(console.width, 140)  # keep the table readable in a narrow terminal
    console.print(rich_table)


def targets(runs: list[Run]) -> list[str]:
    """The project's targets, each with whether this run met it."""
    lines = []
    ours = {run.rows: run for run in runs if run.tool.startswith("ours")}
    theirs = {run.rows: run for run in runs if run.tool.startswith("frictionless")}
    if 200_000 in ours and 200_000 in theirs:
        speed = ours[200_000].rows_per_second / theirs[200_000].rows_per_second
        same = ours[200_000].keys == theirs[200_000].keys
        lines.append(f"at least 10x frictionless' rows/s on 200,000 rows with the same errors: "
                     f"{speed:.1f}x, {'same' if same else 'different'} errors: "
                     f"{'met' if speed >= 10 and same else 'NOT met'}")
    whole = {run.rows: run for run in runs if run.tool.startswith("catalog validate")}
    if 200_000 in whole and 200_000 in theirs:
        speed = (whole[200_000].rows / whole[200_000].process_seconds) / (200_000 / theirs[200_000].process_seconds)
        same = whole[200_000].keys == theirs[200_000].keys
        lines.append(f"`catalog validate` as a whole command (process time, start-up included) against "
                     f"`frictionless validate` (process time) on 200,000 rows: {speed:.1f}x, "
                     f"{'same' if same else 'different'} errors: {'met' if speed >= 10 and same else 'NOT met'}")
    for rows, run in sorted(whole.items()):
        if rows >= 1_000_000:
            lines.append(f"`catalog validate` on {rows:,} rows in under 5 s, start-up included: "
                         f"{run.process_seconds:.2f} s: {'met' if run.process_seconds < 5 else 'NOT met'}")
    for rows, run in sorted(ours.items()):
        if rows >= 1_000_000:
            lines.append(f"{rows:,} rows in under 5 s, reading included: {run.check_seconds:.2f} s: "
                         f"{'met' if run.check_seconds < 5 else 'NOT met'}")
    if ours or whole:
        peak = max(run.peak_mb for run in [*ours.values(), *whole.values()])
        lines.append(f"peak memory under 1 GB: {peak:,.0f} MB: {'met' if peak < 1024 else 'NOT met'}")
    return lines


def markdown_section(table: list[list[str]], info: dict[str, str], command: str,
                     verdicts: list[str]) -> str:
    lines = [
        "## Validation",
        "",
        f"Measured on {info['date']}: {info['cores']} cores ({info['cpu']}), Python {info['python']}, "
        f"pandas {info['pandas']}, pyarrow {info['pyarrow']}, frictionless {info['frictionless']}.",
        "",
        "Procurement-like CSV tables of 10 columns (integer primary key, 11-digit project id pattern, "
        "Thai names with maxLength, enum, integer and number bounds, date, required fields, a unique "
        f"field, a boolean) with about {ERROR_RATE:.0%} of the rows broken: type and constraint "
        "errors, duplicates, missing and extra cells, blank rows. Each tool runs alone in a fresh "
        "process, the fastest of --repeat runs is kept. \"check s\" is the time spent on the "
        "table, reading the CSV included: our `check_table` call, frictionless' own `seconds` "
        "figure from its report, and for `catalog validate` the whole command as a user runs it "
        "(start-up, schema checks, the personal-data guard over every column, the JSON report); "
        "figure from its report; \"process s\" adds interpreter start-up, imports and schema "
        "loading, \"peak MB\" is the process' maximum RSS. "
        "\"errors\" counts distinct (row, field, error type); \"same errors\" compares them with "
        "frictionless' (run with `--limit-errors 0` so that it reports every error).",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join("---" for _ in HEADERS) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in table]
    lines += ["", "Targets:", ""] + [f"- {verdict}" for verdict in verdicts]
    lines += ["", f"Reproduce with `{command}`.", ""]
    return "\n".join(lines)


def command_line(args: argparse.Namespace) -> str:
    """This run's command, with paths relative to the project (no paths of this machine)."""
    parts = ["python benchmarks/validate.py", "--sizes", *map(str, args.sizes)]
    if args.skip_frictionless_1m:
        parts.append("--skip-frictionless-1m")
    if args.repeat > 1:
        parts += ["--repeat", str(args.repeat)]
    markdown = args.markdown.resolve()
    parts += ["--markdown", str(markdown.relative_to(ROOT) if markdown.is_relative_to(ROOT)
                                else markdown.name)]
    return " ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--skip-frictionless-1m", action="store_true",
                        help="do not run frictionless on tables of 1,000,000 rows or more")
    parser.add_argument("--markdown", type=Path, help="write a '## Validation' section to this file")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each tool this many times and keep its fastest run (default 1)")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    if args.generate:
        generate(args.generate)
        return

    runs: list[Run] = []
    for rows in args.sizes:
        path = table_path(rows)
        tools = [run_ours, run_catalog_validate]
        if not (args.skip_frictionless_1m and rows >= 1_000_000):
            tools.append(run_frictionless)
        for tool in tools:
            tries = []
            for _ in range(max(args.repeat, 1)):
                tries.append(tool(path, rows))
                print(f"{rows:,} rows: {tries[-1].tool} {tries[-1].check_seconds:.2f} s", file=sys.stderr)
            runs.append(min(tries, key=lambda run: run.check_seconds))
    table = rows_of(runs)
    print_table(table)
    verdicts = targets(runs)
    for verdict in verdicts:
        print(verdict)
    if args.markdown:
        write_section(args.markdown, markdown_section(table, machine(), command_line(args), verdicts))


if __name__ == "__main__":
    main()
