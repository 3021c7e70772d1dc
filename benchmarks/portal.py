"""Benchmark: the researcher's portal on a 1,000,000-row procurement table.

    .venv/bin/python benchmarks/portal.py [--rows 1000000] [--duration 10] [--connections 8] [--workers 2]
                                          [--no-ckan] [--markdown docs/benchmarks.md]

`catalog serve --workers 2` (uvicorn) on a fresh home, on loopback:
1. loading at publish: the same CSV uploaded with ckanapi's resource_create twice, into a catalog whose
   rows store loads it and as the plain bytes of an .dat file (not a table, so not loaded): the
   difference is what loading the rows adds to a publish;
2. the resource page (preview, facets, count) with a filter, one reader at a time over 200 different
   filters (agency x month), server time read from each response's Server-Timing-free wall clock on
   loopback (an upper bound of server time): p50/p95;
3. datastore_search with a filter (agency x month, limit 100) loaded by wrk: requests/s and latency;
then the same wrk load, same rows, against a real CKAN 2.12 DataStore of the benchmark's own
(`scripts/realckan start --gunicorn --fresh`: the datastore plugin on PostgreSQL, gunicorn), which gets
the rows through its own datastore_create, with the types and data dictionary our datastore_info reports.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import ckanapi
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.api import catalog_cli, ensure_wrk, machine, run_wrk, start_catalog, start_real_ckan  # noqa: E402
from benchmarks.report_section import write_section  # noqa: E402

AGENCIES = ["phuket-city", "phuket-pao", "patong", "kathu", "karon", "chalong", "rawai", "wichit", "talang",
            "kamala"]
MONTHS = [f"{y}-{m:02d}" for y, m in [(2024, 10), (2024, 11), (2024, 12)] + [(2025, n) for n in range(1, 10)]]
METHODS = ["เฉพาะเจาะจง", "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", "คัดเลือก"]
SCHEMA = {"fields": [
    {"name": "agency", "type": "string", "title": "หน่วยงาน"},
    {"name": "report_month", "type": "string", "title": "เดือนที่รายงาน"},
    {"name": "seq", "type": "integer", "title": "ลำดับที่"},
    {"name": "item", "type": "string", "title": "งานที่จัดซื้อหรือจัดจ้าง"},
    {"name": "method", "type": "string", "title": "วิธีซื้อหรือจ้าง", "constraints": {"enum": METHODS}},
    {"name": "agreed_price", "type": "number", "title": "ราคาที่ตกลงซื้อหรือจ้าง"},
    {"name": "contract_date", "type": "date", "title": "วันที่ทำสัญญา"}],
    "primaryKey": ["agency", "report_month", "seq"]}


def write_table(path: Path, rows: int) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow([f["name"] for f in SCHEMA["fields"]])
        for i in range(rows):
            agency, month = AGENCIES[i % len(AGENCIES)], MONTHS[(i // len(AGENCIES)) % len(MONTHS)]
            writer.writerow([agency, month, i // (len(AGENCIES) * len(MONTHS)) + 1, f"ซื้อวัสดุสำนักงาน ชุดที่ {i % 997}",
                             rng.choice(METHODS), round(rng.uniform(500, 500000), 2), f"{month}-{i % 28 + 1:02d}"])


def upload_seconds(ckan, package_id: str, path: Path, name: str) -> float:
    started = time.perf_counter()
    with path.open("rb") as stream:
        ckan.action.resource_create(package_id=package_id, name=name, upload=(name, stream), schema=json.dumps(SCHEMA))
    return time.perf_counter() - started


def page_latencies(url: str, base: str, count: int = 200) -> list[float]:
    rng = random.Random(11)
    latencies = []
    with httpx.Client(base_url=url, timeout=60) as client:
        for i in range(count + 10):
            query = {"f.agency": rng.choice(AGENCIES), "f.report_month": rng.choice(MONTHS)}
            if i % 4 == 3:
                query["page"] = 3
            started = time.perf_counter()
            response = client.get(base, params=query)
            elapsed = time.perf_counter() - started
            if response.status_code != 200 or "ตัวอย่างข้อมูล" not in response.text:
                raise RuntimeError(f"{base}?{urlencode(query)} answered {response.status_code}")
            if i >= 10:  # the first few warm the caches of a fresh process
                latencies.append(elapsed * 1000)
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--workers", type=int, default=2, help="catalog serve --workers (CKAN runs 2 gunicorn workers)")
    parser.add_argument("--no-ckan", action="store_true", help="measure our catalog only")
    args = parser.parse_args()
    wrk = ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    table = work / "procurement.csv"
    write_table(table, args.rows)
    plain = work / "procurement.dat"
    plain.write_bytes(table.read_bytes()[:-1] + b"\n\n")  # other bytes, so not the same blob
    home = work / "home"
    catalog_cli("admin", "user-create", "bench", "--sysadmin", "--home", str(home))
    token = catalog_cli("admin", "token-create", "bench", "--home", str(home)).strip().splitlines()[-1].strip()
    catalog_cli("admin", "set", "max_resource_size_mb", "2000", "--home", str(home))
    server = start_catalog(home, args.workers)
    try:
        ckan = ckanapi.RemoteCKAN(server.url, apikey=token)
        ckan.action.organization_create(name="bench-agency")
        pkg = ckan.action.package_create(name="procurement-1m", owner_org="bench-agency")
        bytes_only = upload_seconds(ckan, pkg["id"], plain, "procurement.dat")
        with_rows = upload_seconds(ckan, pkg["id"], table, "procurement.csv")
        resource = next(r for r in ckan.action.package_show(id=pkg["id"])["resources"] if r["name"] == "procurement.csv")
        base = f"/dataset/{pkg['name']}/resource/{resource['id']}"
        latencies = page_latencies(server.url, base)
        rng = random.Random(5)
        paths = ["/api/3/action/datastore_search?" + urlencode({
            "resource_id": resource["id"], "limit": 100,
            "filters": json.dumps({"agency": rng.choice(AGENCIES), "report_month": rng.choice(MONTHS)})})
            for _ in range(64)]
        run_wrk(wrk, server.url, paths, seconds=3, connections=args.connections)  # warm-up
        search = run_wrk(wrk, server.url, paths, seconds=args.duration, connections=args.connections)
        info = ckan.action.datastore_info(id=resource["id"])
    finally:
        server.stop()
    ckan_search, ckan_load = (None, None) if args.no_ckan else ckan_datastore(wrk, table, info, paths, resource["id"], args)
    report = {
        "date": dt.date.today().isoformat(), "machine": machine(), "rows": args.rows,
        "size_mb": table.stat().st_size / 1e6, "upload_plain_s": bytes_only, "upload_rows_s": with_rows,
        "load_added_s": with_rows - bytes_only, "page_p50": statistics.median(latencies),
        "page_p95": percentile(latencies, 0.95), "search_rps": search["rps"], "search_p50": search["p50"],
        "search_p95": search["p95"], "connections": args.connections, "workers": args.workers, "ckan": ckan_search, "ckan_load_s": ckan_load}
    text = markdown(report)
    print(text)
    if args.markdown:
        write_section(args.markdown, text)


def ckan_datastore(wrk: str, table: Path, info: dict, our_paths: list[str], our_id: str, args) -> tuple[dict, float]:
    """The same rows in a real CKAN's DataStore, and the same wrk load on its datastore_search."""
    server, token = start_real_ckan()
    try:
        ckan = ckanapi.RemoteCKAN(server.url, apikey=token)
        ckan.action.organization_create(name="bench-agency")
        pkg = ckan.action.package_create(name="procurement-1m", owner_org="bench-agency")
        resource = ckan.action.resource_create(package_id=pkg["id"], name="procurement.csv",
                                               url="https://example.invalid/procurement.csv")
        fields = [{"id": f["id"], "type": f["type"], "info": {"label": f["info"]["label"], "notes": f["info"]["notes"]}}
                  for f in info["fields"]]
        started = time.perf_counter()
        ckan.action.datastore_create(resource_id=resource["id"], fields=fields, force=True)
        types = {f["id"]: f["type"] for f in info["fields"]}
        with table.open(encoding="utf-8", newline="") as stream:
            batch = []
            for row in csv.DictReader(stream):
                batch.append({k: (float(v) if types[k] == "numeric" else int(v) if types[k] == "int8" else v)
                              for k, v in row.items()})
                if len(batch) == 20_000:
                    ckan.action.datastore_upsert(resource_id=resource["id"], records=batch, method="insert", force=True)
                    batch = []
            if batch:
                ckan.action.datastore_upsert(resource_id=resource["id"], records=batch, method="insert", force=True)
        loaded = time.perf_counter() - started
        paths = [p.replace(our_id, resource["id"]) for p in our_paths]
        run_wrk(wrk, server.url, paths, seconds=3, connections=args.connections)
        return run_wrk(wrk, server.url, paths, seconds=args.duration, connections=args.connections), loaded
    finally:
        server.stop()


def markdown(r: dict) -> str:
    return "\n".join([
        f"## Researcher's portal: a {r['rows']:,}-row table ({r['date']}, {r['machine']})", "",
        f"`benchmarks/portal.py`: `catalog serve --workers {r['workers']}` on loopback; a procurement table of "
        f"{r['rows']:,} rows ({r['size_mb']:.0f} MB CSV) with a Table Schema.", "",
        "| measure | result | target |", "|---|---|---|",
        f"| upload as a table (rows loaded) | {r['upload_rows_s']:.2f} s | |",
        f"| upload of the same size, not a table | {r['upload_plain_s']:.2f} s | |",
        f"| loading the rows adds | **{r['load_added_s']:.2f} s** | under 10 s |",
        f"| resource page, preview + facets + filter, one reader (p50 / p95) | {r['page_p50']:.0f} ms / "
        f"**{r['page_p95']:.0f} ms** | p95 under 100 ms |",
        f"| datastore_search with a filter, wrk {r['connections']} connections: ours | **{r['search_rps']:.0f} req/s** "
        f"(p50 {r['search_p50']:.0f} ms, p95 {r['search_p95']:.0f} ms) | |",
        *([f"| the same on real CKAN 2.12's DataStore (PostgreSQL) | {r['ckan']['rps']:.1f} req/s "
           f"(p50 {r['ckan']['p50']:.0f} ms, p95 {r['ckan']['p95']:.0f} ms) | |",
           f"| ratio | **{r['search_rps'] / r['ckan']['rps']:.1f}x** | at least 10x |",
           f"| loading the rows into CKAN's DataStore (datastore_create + datastore_upsert, 20,000 a call) | "
           f"{r['ckan_load_s']:.0f} s | |"] if r.get("ckan") else []), "",
        "The page time is the wall clock of each request on loopback, an upper bound of server time. Both "
        "servers get the same wrk load (64 filters, agency x month, limit 100, anonymous GETs) after a warm-up.",
        ""])


if __name__ == "__main__":
    main()
