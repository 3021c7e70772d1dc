"""The README's main command: scripts/run builds, validates, publishes and serves the province's packages."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx

from tests.server.conftest import free_port

ROOT = Path(__file__).parents[1]


def test_scripts_run_publishes_every_package_and_serves_the_catalog(tmp_path):
    port = free_port()
    env = {**os.environ, "CATALOG_HOME": str(tmp_path / "home"), "PORT": str(port)}
    process = subprocess.Popen([str(ROOT / "scripts" / "run")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = []
    try:
        deadline = time.monotonic() + 300
        for line in process.stdout:
            output.append(line)
            if "Serving the catalog at" in line or time.monotonic() > deadline:
                break
        text = "".join(output)
        assert f"Serving the catalog at http://127.0.0.1:{port}/" in text, text[-2000:]
        assert re.search(r"26 package\(s\): 26 created", text), text[-2000:]
        assert "/version/1/" in text  # the permanent links are printed
        assert f"catalog harvest add phuket-city http://127.0.0.1:{port} --type ckan" in text  # how to harvest it
        api = f"http://127.0.0.1:{port}/api/3/action"
        for _ in range(100):
            try:
                names = httpx.get(f"{api}/package_list").json()["result"]
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert len(names) == 26
        status = httpx.get(f"{api}/status_show").json()["result"]
        assert status["dataset_schema"] == "gdc"
        home = httpx.get(f"http://127.0.0.1:{port}/")
        assert home.status_code == 200 and "phuket" in home.text.lower()
        catalog = httpx.get(f"http://127.0.0.1:{port}/catalog.ttl")
        assert catalog.status_code == 200 and catalog.text.count(" a dcat:Dataset") == 26
        # a truthful compliance matrix of fiscal year 2568: phuket-pao on time with everything, phuket-city
        # late with two things and missing its first two quarters of service statistics (its sample says so)
        assert "phuket-pao: เป็นปัจจุบัน 13/13 หัวข้อ" in text
        assert "phuket-city: เป็นปัจจุบัน 12/13 หัวข้อ, เลยกำหนด 1: service_statistics 2568/q1" in text
        matrix = httpx.get(f"{api}/compliance_list").json()["result"]
        assert matrix["fiscal_year"] == 2568 and matrix["as_of"] == "2025-11-30"
        pao, city = (next(a for a in matrix["agencies"] if a["name"] == name) for name in ("phuket-pao", "phuket-city"))
        assert pao["subjects_current"] == 13 and not pao["overdue"] and not pao["missing"]
        assert city["overdue"] == ["service_statistics"] and city["subjects_current"] == 12
        late = [(s["category"], p["label"], p["late_days"]) for s in city["subjects"] for p in s.get("periods", [])
                if p["status"] == "covered" and p["late_days"]]
        assert late == [("plan_progress", "2568/6-month", 20), ("procurement_monthly", "2025-03", 12)]
        page = httpx.get(f"http://127.0.0.1:{port}/compliance")
        assert page.status_code == 200 and "เทศบาลนครภูเก็ต" in page.text and "ปีงบประมาณ 2568" in page.text
        described = httpx.get(f"{api}/package_show", params={"id": "phuket-city-service-statistics"}).json()
        assert "deliberately late" in described["result"]["notes"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
