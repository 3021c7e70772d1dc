"""A publish cut off at any point, then run again, ends exactly where a clean publish ends; and no reader
ever sees a half-finished version as the current one.

What a reader sees while a publish runs (checked after every request the catalog answers, through the
fault proxy, and by polling while the publisher is killed):

- A new dataset is a *draft* with no `version` and no `datapackage` resource until its last write: it is
  in no listing or search, and no version of it exists yet.
- An existing dataset keeps its `version`, its changelog and its `datapackage` resource (the descriptor
  of the current version) until the last write, the commit, changes all three at once. The data
  resources change before it, one by one; a reader who compares them with the `datapackage` resource
  sees files not yet committed, never a version that claims them.
- Once `version` is the new one, every data resource has the new version's file (name and hash), the
  `datapackage` resource is the new descriptor, and nothing else is there.

The package: phuket-pao's agency package, three tables and three PDF documents (six resources and the
datapackage.json), published first (1.0.0), then changed in one of two ways: an update that corrects a row
of org_units and adds a row to documents (1.1.0), or a removal of a document, with a corrected row (2.0.0).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import ckanapi
import pytest
import requests

from catalog.errors import CatalogError
from catalog.publishing import PublishError, TargetError, apply_plan, plan_publish
from catalog.publishing.targets import Target
from catalog.publishing.uploads import StreamingSession
from tests.publishing.conftest import ROOT, copy_package, edit_table, read_descriptor, target_of, write_descriptor
from tests.publishing.faultproxy import Fault, FaultProxy
from tests.server.conftest import start_server

NAME = "phuket-pao-agency"
FIRST, UPDATE, REMOVAL = "first", "update", "removal"
# The writes of a clean publish, in order: what the faults below are aimed at. The first package_create
# is the plan asking which tags the catalog takes (tags.py): a dataset without a name, never saved.
TAG_PROBE = ("package_create", 1)
WRITE_ACTIONS = ("_create", "_update", "_revise", "_delete", "_patch")
WRITES = {
    FIRST: [TAG_PROBE, ("organization_create", 1), ("package_create", 2)]
    + [("resource_create", n) for n in range(1, 7)] + [("package_revise", 1)],
    UPDATE: [TAG_PROBE, ("resource_update", 1), ("resource_update", 2), ("package_revise", 1)],
    REMOVAL: [TAG_PROBE, ("resource_update", 1), ("resource_delete", 1), ("package_revise", 1)],
}
# The reads a plan makes before the first data write: the answers the plan is made of.
READS = {
    FIRST: [("package_show", 1), ("organization_show", 1), ("status_show", 1), ("package_search", 1),
            ("resource_version_list", 1), ("package_show", 2)],
    UPDATE: [("package_show", 1), ("download", 1), ("download", 2), ("download", 3), ("resource_version_list", 1),
             ("package_show", 2)],
    REMOVAL: [("package_show", 1), ("download", 1), ("download", 2), ("resource_version_list", 1),
              ("package_show", 2)],
}
UPLOADS = {FIRST: {("resource_create", n) for n in range(1, 7)} | {("package_revise", 1)},
           UPDATE: {("resource_update", 1), ("resource_update", 2), ("package_revise", 1)},
           REMOVAL: {("resource_update", 1), ("package_revise", 1)}}


def correct_a_row(package: Path) -> None:
    edit_table(package, "org_units", lambda rows: [{**rows[0], "phone_office": "076-211-199"}] + rows[1:])


def correct_and_add(package: Path) -> None:
    """The update: one org unit's phone corrected (a patch), one document added (a minor change)."""
    correct_a_row(package)
    edit_table(package, "documents", lambda rows: rows + [{**rows[-1], "document_id": "STR-2568-99"}])


def remove_a_document(package: Path) -> None:
    """The removal: a row corrected, and the powers-duties PDF no longer published (a major change)."""
    correct_a_row(package)
    descriptor = read_descriptor(package)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "powers-duties"]
    write_descriptor(package, descriptor)


EDITS = {UPDATE: correct_and_add, REMOVAL: remove_a_document}


def snapshot(ckan: ckanapi.RemoteCKAN, file_versions: bool = True) -> dict | None:
    """The dataset as a reader compares two catalogs: no ids, dates or addresses (None: no such dataset);
    with every resource's file versions, unless `file_versions` is False."""
    try:
        dataset = ckan.action.package_show(id=NAME)
    except ckanapi.NotFound:
        return None
    changelog = next((e["value"] for e in dataset.get("extras", []) if e["key"] == "changelog"), "[]")
    entries = [{k: v for k, v in entry.items() if k not in ("date", "datapackage", "history_dataset")}
               for entry in json.loads(changelog)]
    for entry in entries:
        entry["files"] = sorted((f["resource"], f["hash"], f["bytes"]) for f in entry.get("files", []))
    return {
        "state": dataset["state"], "version": dataset.get("version") or None,
        "metadata": {k: dataset.get(k) for k in ("title", "notes", "license_id")},
        "organization": (dataset.get("organization") or {}).get("name"),
        "tags": sorted(t["name"] for t in dataset.get("tags", [])),
        "extras": sorted((e["key"], e["value"]) for e in dataset.get("extras", []) if e["key"] != "changelog"),
        "resources": [(r["name"], r.get("hash"), r.get("size"), r.get("format"), r.get("url_type"))
                      for r in dataset["resources"]],
        "file_versions": {r["name"]: [v["hash"] for v in ckan.action.resource_version_list(id=r["id"])]
                          for r in dataset["resources"]} if file_versions else None,
        "changelog": entries,
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, dict]:
    """stage -> the catalog after a clean publish of it: the first publish, then each change from there."""
    states = {}
    for stage, edit in EDITS.items():
        folder = tmp_path_factory.mktemp(f"clean-{stage}")
        server = start_server(folder / "home", dataset_schema="gdc")
        try:
            package = copy_package("phuket-pao/agency", folder / "packages")
            publish_once(target_of(server), package)
            states[FIRST] = snapshot(server.ckan(server.sysadmin_token))
            edit(package)
            publish_once(target_of(server), package)
            states[stage] = snapshot(server.ckan(server.sysadmin_token))
        finally:
            server.stop()
    assert (states[UPDATE]["version"], states[REMOVAL]["version"]) == ("1.1.0", "2.0.0")
    return states


def committed(state: dict | None) -> tuple | None:
    """What a state presents as its current version: the version, and the datapackage.json it names."""
    if state is None or state["state"] == "draft":
        return None
    return state["version"], next((r[1] for r in state["resources"] if r[0] == "datapackage"), None)


class Watcher:
    """Checks what a reader sees, each time it looks, against the versions before and after the publish."""

    def __init__(self, server, before: dict | None, after: dict):
        self.ckan = server.ckan(server.sysadmin_token)
        self.anonymous = server.ckan()
        self.before, self.after = before, after
        self.seen: list[tuple | None] = []  # the version presented, at each look
        self.after_request: list[tuple[str, int] | None] = []  # the request each look followed

    def look(self, action: str | None = None, n: int | None = None) -> None:
        self.after_request.append((action, n) if action else None)
        state = snapshot(self.ckan, file_versions=False)
        if state is None:
            assert self.before is None, "the dataset vanished during an update"
            self.seen.append(None)
            return
        if state["state"] == "draft":  # a first publish in progress: not a version of anything yet
            assert self.before is None, "an existing dataset went back to draft"
            assert state["version"] is None and "datapackage" not in [r[0] for r in state["resources"]]
            listed = NAME in self.anonymous.action.package_list() or \
                self.anonymous.action.package_search(q="*:*", fq=f"name:{NAME}")["count"] > 0
            if listed:  # a reader found it listed, so by then it must have been committed
                assert snapshot(self.ckan, file_versions=False)["state"] == "active", "a draft is listed"
            self.seen.append(None)
            return
        assert state["state"] == "active"
        presented = committed(state)
        if presented == committed(self.after):  # the new version: complete, and nothing else
            assert state["resources"] == self.after["resources"]
            assert state["changelog"] == self.after["changelog"]
        else:  # still the version before: its own version, descriptor and changelog
            assert self.before is not None and presented == committed(self.before), \
                f"a version that is neither the old nor the new one: {presented}"
            assert state["changelog"] == self.before["changelog"]
        self.seen.append(presented)

    def assert_never_went_back(self) -> None:
        """Once the new version showed, it stayed."""
        new = committed(self.after)
        if new in self.seen:
            assert all(s == new for s in self.seen[self.seen.index(new):])


def proxied_target(server, proxy: FaultProxy) -> Target:
    session = StreamingSession()
    ckan = ckanapi.RemoteCKAN(proxy.url, apikey=server.sysadmin_token, session=session)
    return Target(ckan, proxy.url, "gdc", True, site_url=server.url, session=session)


def publish_once(target: Target, package: Path):
    return apply_plan(target, plan_publish(target, package))


@pytest.fixture
def catalog(tmp_path):
    server = start_server(tmp_path / "home", dataset_schema="gdc")
    yield server
    server.stop()


@pytest.fixture
def package(tmp_path) -> Path:
    return copy_package("phuket-pao/agency", tmp_path / "packages")


def prepare(stage: str, catalog, package: Path, reference: dict[str, dict]) -> dict | None:
    """The catalog as the stage starts from (empty, or the clean first publish), and the package edited."""
    if stage == FIRST:
        return None
    publish_once(target_of(catalog), package)
    before = snapshot(catalog.ckan(catalog.sysadmin_token))
    assert before == reference[FIRST]
    EDITS[stage](package)
    return before


def writes_of(proxy: FaultProxy) -> list[tuple[str, int]]:
    return [(e.action, e.n) for e in proxy.log if e.action.endswith(WRITE_ACTIONS)]


@pytest.mark.parametrize("stage", WRITES)
def test_a_clean_publish_writes_in_this_order_and_commits_last(stage, catalog, package, reference):
    """The order the faults below are aimed at: data first, then one commit that sets the version, the
    changelog and the datapackage.json together."""
    before = prepare(stage, catalog, package, reference)
    watcher = Watcher(catalog, before, reference[stage])
    with FaultProxy(catalog.url, observe=watcher.look) as proxy:
        publish_once(proxied_target(catalog, proxy), package)
    assert writes_of(proxy) == WRITES[stage]
    first_data_write = next(i for i, e in enumerate(proxy.log)
                            if e.action.endswith(WRITE_ACTIONS) and (e.action, e.n) != TAG_PROBE)
    assert [(e.action, e.n) for e in proxy.log[:first_data_write] if not e.action.endswith(WRITE_ACTIONS)] == \
        READS[stage]
    assert {(e.action, e.n) for e in proxy.log if e.multipart and e.action != "download"} == UPLOADS[stage]
    assert snapshot(catalog.ckan(catalog.sysadmin_token)) == reference[stage]
    new = committed(reference[stage])
    first_seen = watcher.seen.index(new)
    assert watcher.after_request[first_seen] == ("package_revise", 1)  # the commit made it current
    assert all(presented == new for presented in watcher.seen[first_seen:])


def fault_cases():
    for stage, writes in WRITES.items():
        for action, n in writes:
            kinds = ["500", "refuse", "drop_response"] + (["cut_upload"] if (action, n) in UPLOADS[stage] else [])
            for kind in kinds:
                yield pytest.param(stage, Fault(action, n, kind, after_bytes=700), id=f"{stage}-{action}{n}-{kind}")


@pytest.mark.parametrize("stage,fault", list(fault_cases()))
def test_a_publish_cut_off_at_any_write_then_run_again_ends_as_a_clean_publish(stage, fault, catalog, package,
                                                                               reference):
    before = prepare(stage, catalog, package, reference)
    after = reference[stage]
    watcher = Watcher(catalog, before, after)

    with FaultProxy(catalog.url, [fault], observe=watcher.look) as proxy:
        with pytest.raises((PublishError, TargetError), match="publish again"):
            publish_once(proxied_target(catalog, proxy), package)
    assert [(e.action, e.n, e.fault) for e in proxy.faults_fired] == [(fault.action, fault.nth, fault.kind)]
    assert proxy.log[-1].fault == fault.kind  # the publisher stopped at the fault: it wrote nothing after it
    watcher.look()

    with FaultProxy(catalog.url, observe=watcher.look) as clean:  # again, nothing failing this time
        result = publish_once(proxied_target(catalog, clean), package)
    assert result.version == after["version"]
    assert snapshot(catalog.ckan(catalog.sysadmin_token)) == after  # same resources, hashes, versions, changelog
    watcher.assert_never_went_back()
    assert not plan_publish(target_of(catalog), package).changed  # and a third run has nothing to do


def read_fault_cases():
    for stage, reads in READS.items():
        for action, n in reads:
            for kind in ("500", "refuse"):
                yield pytest.param(stage, Fault(action, n, kind), id=f"{stage}-{action}{n}-{kind}")


@pytest.mark.parametrize("stage,fault", list(read_fault_cases()))
def test_a_read_that_gets_no_answer_stops_the_publish_before_it_writes(stage, fault, catalog, package, reference):
    """A plan is made of the catalog's answers: one taken from a failure would change what is published
    (rows not compared, tags refused, a history dataset the embedded catalog does not need)."""
    before = prepare(stage, catalog, package, reference)
    with FaultProxy(catalog.url, [fault]) as proxy:
        with pytest.raises((CatalogError, ckanapi.CKANAPIError, requests.RequestException)):
            publish_once(proxied_target(catalog, proxy), package)
    assert proxy.faults_fired and writes_of(proxy) in ([], [TAG_PROBE])
    assert snapshot(catalog.ckan(catalog.sysadmin_token)) == before
    publish_once(target_of(catalog), package)
    assert snapshot(catalog.ckan(catalog.sysadmin_token)) == reference[stage]


def test_a_package_changed_again_before_publishing_again_is_published_as_it_now_is(catalog, package, reference,
                                                                                 tmp_path):
    prepare(UPDATE, catalog, package, reference)
    with FaultProxy(catalog.url, [Fault("resource_update", 2, "refuse")]) as proxy:  # org_units sent, not documents
        with pytest.raises(PublishError, match="publish again"):
            publish_once(proxied_target(catalog, proxy), package)

    def correct_again(folder: Path) -> None:
        edit_table(folder, "org_units", lambda rows: [{**rows[0], "phone_office": "076-211-177"}] + rows[1:])

    correct_again(package)  # the officer corrects the same row once more, then publishes again
    plan = plan_publish(target_of(catalog), package)
    org_units = next(r for r in plan.resources if r.name == "org_units")
    assert (org_units.action, org_units.upload, org_units.sent, org_units.rows.changed) == ("changed", True, False, 1)
    apply_plan(target_of(catalog), plan)

    clean = start_server(tmp_path / "clean", dataset_schema="gdc")  # the same edits published without a stop
    try:
        other = copy_package("phuket-pao/agency", tmp_path / "clean-package")
        publish_once(target_of(clean), other)
        correct_and_add(other)
        correct_again(other)
        publish_once(target_of(clean), other)
        expected = snapshot(clean.ckan(clean.sysadmin_token))
    finally:
        clean.stop()
    state = snapshot(catalog.ckan(catalog.sysadmin_token))
    kept, expected_files = state.pop("file_versions"), expected.pop("file_versions")
    assert state == expected and state["version"] == "1.1.0"
    # the bytes the stopped publish sent stay among org_units' file versions, between the two published ones
    assert len(kept["org_units"]) == 3 and kept["org_units"][::2] == expected_files["org_units"]
    assert {k: v for k, v in kept.items() if k != "org_units"} == \
        {k: v for k, v in expected_files.items() if k != "org_units"}


# --- the publisher killed with SIGKILL --------------------------------------------------------------------

KILL_ROUNDS = 6  # at most, per stage, each going on from where the last was killed; then one run is let finish
RUN_TIMEOUT = 60


def cli_publish(package: Path, url: str, token: str) -> subprocess.Popen:
    """The real `catalog publish` in its own process, to a portal that lets it create the organization."""
    targets = package.parent.parent / f"targets-{url.rsplit(':', 1)[-1]}.toml"
    targets.write_text(f'[targets.portal]\nurl = "{url}"\ncreate_organizations = true\n', encoding="utf-8")
    env = {**os.environ, "CATALOG_TOKEN": token, "CATALOG_LANG": "en", "CATALOG_TARGETS": str(targets)}
    return subprocess.Popen([sys.executable, "-m", "catalog.cli", "publish", str(package), "--to", "portal"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Poller:
    """A reader that looks at the catalog as fast as it can while the publisher runs and is killed."""

    def __init__(self, watcher: Watcher):
        self.watcher, self.failures, self._stop = watcher, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.watcher.look()
            except AssertionError as exc:
                self.failures.append(exc)
            except ckanapi.CKANAPIError:
                pass
            time.sleep(0.005)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)
        assert not self.failures, self.failures[0]


class Killer:
    """Kills the publisher with SIGKILL: as the catalog answers its Nth write (the answer is lost), or at a
    random moment after its first write (mid-upload, between two writes, ...)."""

    def __init__(self, rng: random.Random, on_request: bool):
        self.on_request = on_request
        self.nth = rng.randint(1, 3)  # early, so each round gets a little further than the last
        self.delay = rng.uniform(0.0, 0.1)
        self.process: subprocess.Popen | None = None
        self.writes, self.killed_at = 0, None
        self._timer: threading.Timer | None = None

    def observe(self, action: str, n: int) -> None:
        if not action.endswith(WRITE_ACTIONS):
            return
        self.writes += 1
        if self.on_request and self.writes == self.nth:
            self.kill(f"{action} #{n} answered")
        elif not self.on_request and self._timer is None:
            self._timer = threading.Timer(self.delay, self.kill, [f"{self.delay:.3f} s after the first write"])
            self._timer.start()

    def kill(self, when: str) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.killed_at = when


@pytest.mark.parametrize("stage", WRITES)
def test_a_publisher_killed_at_random_moments_then_run_again_ends_as_a_clean_publish(stage, catalog, package,
                                                                                    reference):
    before = prepare(stage, catalog, package, reference)
    after = reference[stage]
    rng = random.Random(f"sigkill-{stage}")
    watcher = Watcher(catalog, before, after)
    kills = []
    with Poller(watcher):
        for round_ in range(KILL_ROUNDS):
            killer = Killer(rng, on_request=round_ % 2 == 0)
            with FaultProxy(catalog.url, observe=killer.observe, lifetime=RUN_TIMEOUT) as proxy:
                killer.process = cli_publish(package, proxy.url, catalog.sysadmin_token)
                killer.process.communicate(timeout=RUN_TIMEOUT)
            if killer.killed_at is None:
                break  # it finished before the kill: the publish is done
            kills.append(killer.killed_at)
        finished = cli_publish(package, catalog.url, catalog.sysadmin_token)
        out, err = finished.communicate(timeout=RUN_TIMEOUT)
    assert finished.returncode == 0, err
    assert len(kills) >= 2, kills
    assert snapshot(catalog.ckan(catalog.sysadmin_token)) == after
    watcher.assert_never_went_back()
    again = cli_publish(package, catalog.url, catalog.sysadmin_token)
    out, err = again.communicate(timeout=RUN_TIMEOUT)
    assert again.returncode == 0 and "1 unchanged" in out, err
    print(f"{stage}: killed {kills}")
