"""Fixtures for tests against a real, unmodified CKAN 2.12 started by `scripts/realckan`.

`realckan` (stock CKAN + activity, port 5000), `realckan_gdc` (a GD Catalog-like portal: CKAN +
ckanext-scheming with the GD Catalog dataset schema, port 5001) and `realckan_harvest` (stock CKAN +
ckanext-harvest and ckanext-dcat, port 5002) are session-scoped. Each runs
`scripts/realckan start [--gdc|--harvest]` (which installs CKAN on first use: about a minute on a fresh
machine) and, at the end of the session, `scripts/realckan stop [--gdc|--harvest]` only if it was not
already running before the session. REALCKAN_KEEP=1 keeps a portal the session started running afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "realckan"
START_TIMEOUT = 1800  # seconds: a cold start installs Debian packages and CKAN
HARVEST_TIMEOUT = 600


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "realckan: runs against a real CKAN 2.12 started by scripts/realckan "
        "(PostgreSQL, Redis, Solr stand-in; installs them on first use)",
    )


@dataclass(frozen=True)
class RealCKAN:
    """A running portal: its address and a sysadmin API token."""

    url: str
    token: str
    flavour: str

    def client(self, user_agent: str = "disclosure-catalog-tests/realckan"):
        import ckanapi

        return ckanapi.RemoteCKAN(self.url, apikey=self.token, user_agent=user_agent)

    def harvest(self, source: str) -> dict:
        """One harvest job of a harvest source, run to the end (`scripts/realckan harvest`): its report."""
        assert self.flavour == "harvest", "only the --harvest portal has ckanext-harvest"
        done = _run(["harvest", source], timeout=HARVEST_TIMEOUT)
        if done.returncode != 0:
            pytest.fail(f"scripts/realckan harvest {source} failed:\n{done.stderr[-6000:]}")
        return json.loads(done.stdout)


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def _parse_exports(stdout: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in stdout.splitlines():
        if line.startswith("export "):
            for item in line[len("export "):].split():
                key, _, value = item.partition("=")
                values[key] = value
    return values


def _portal(flavour_args: list[str], flavour: str):
    was_running = _run(["status", *flavour_args], timeout=120).returncode == 0
    try:
        started = _run(["start", *flavour_args], timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        _run(["stop", *flavour_args], timeout=300)
        pytest.fail(f"scripts/realckan start {' '.join(flavour_args)} took over {START_TIMEOUT}s: {exc}")
    if started.returncode != 0:
        pytest.fail(
            f"scripts/realckan start {' '.join(flavour_args)} failed with exit code "
            f"{started.returncode}:\n{started.stderr[-6000:]}"
        )
    env = _parse_exports(started.stdout)
    if not env.get("CKAN_URL") or not env.get("CKAN_API_TOKEN"):
        pytest.fail(f"scripts/realckan start printed no CKAN_URL/CKAN_API_TOKEN:\n{started.stdout}")
    try:
        yield RealCKAN(url=env["CKAN_URL"], token=env["CKAN_API_TOKEN"], flavour=flavour)
    finally:
        if not was_running and os.environ.get("REALCKAN_KEEP") != "1":
            stopped = _run(["stop", *flavour_args], timeout=300)
            if stopped.returncode != 0:
                print(f"scripts/realckan stop {' '.join(flavour_args)} failed:\n{stopped.stderr}")


@pytest.fixture(scope="session")
def realckan():
    """Stock CKAN 2.12 with the activity and datastore plugins."""
    yield from _portal([], "stock")


@pytest.fixture(scope="session")
def realckan_gdc():
    """CKAN 2.12 + ckanext-scheming 3.1 with the GD Catalog dataset schema, and the activity plugin."""
    yield from _portal(["--gdc"], "gdc")


@pytest.fixture(scope="session")
def realckan_harvest():
    """CKAN 2.12 + activity + ckanext-harvest 1.6.3 (`ckan` source type) + ckanext-dcat 2.4.4 (`dcat_rdf`)."""
    yield from _portal(["--harvest"], "harvest")
