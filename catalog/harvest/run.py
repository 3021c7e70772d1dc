"""One harvest run of one source, ckanext-harvest's gather / fetch / import in one process:

1. gather: the datasets changed since the last finished run (less CKAN's 1-hour overlap; everything on
   the first run), spooled to disk, and the full list of ids the source shows now. A source that fails
   here (unreachable, slow, HTML, bad RDF, a page that repeats) fails the run and changes nothing.
2. import: each gathered dataset whose remote metadata_modified is new is written here (importer.py); a
   dataset refused (no name, a 10 MB title, a file whose bytes miss their hash) is reported with its reason.
3. deletions: a dataset this catalog holds from the source that is no longer among the source's ids
   (deleted there, or made private) is deleted here, once it has been missing for `grace_hours`.

Two runs of one source never overlap (a lock file per source). A run killed part-way leaves a job marked
running, which the next run closes as interrupted; as every write is keyed by the remote id, the next
run ends in the state a clean run would have.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from catalog.errors import CatalogError
from catalog.harvest.backends import backend_for
from catalog.harvest.importer import DatasetRefused, Importer
from catalog.harvest.local import LocalCatalog
from catalog.harvest.remote import Remote, SourceError
from catalog.server.errors import ActionError, NotFound, ValidationError
from catalog.server.store import Store, now_iso

BATCH = 100  # datasets written per transaction
OVERLAP = dt.timedelta(hours=1)  # ckanext-harvest's CKAN harvester asks from the last run's start less an hour

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


class HarvestError(CatalogError):
    """A harvest cannot start: unknown source, another run of it going on."""


@dataclass
class HarvestReport:
    source: str
    job_id: str | None = None
    status: str = "finished"
    full: bool = True
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # not seen at the source, within the grace period
    failed: list[tuple[str, str]] = field(default_factory=list)  # (remote name or id, reason)
    error: str | None = None
    error_th: str | None = None
    requests: int = 0
    seconds: float = 0.0
    stages: dict = field(default_factory=dict)  # seconds spent gathering, listing ids, importing, deleting

    def as_dict(self) -> dict:
        return {"source": self.source, "job_id": self.job_id, "status": self.status, "full": self.full,
                "created": self.created, "updated": self.updated, "deleted": self.deleted,
                "unchanged": self.unchanged, "missing": self.missing,
                "failed": [{"dataset": name, "reason": reason} for name, reason in self.failed],
                "error": self.error, "requests": self.requests, "seconds": round(self.seconds, 2),
                "stages": {name: round(value, 2) for name, value in self.stages.items()}}

    def summary(self, lang: str = "en") -> str:
        if self.status == "failed":
            return (f"{self.source}: ล้มเหลว ไม่มีการเปลี่ยนแปลงใด: {self.error_th or self.error}" if lang == "th"
                    else f"{self.source}: failed, nothing changed: {self.error}")
        kind = ("ทั้งหมด" if self.full else "เฉพาะที่เปลี่ยน") if lang == "th" else ("full" if self.full else "incremental")
        if lang == "th":
            line = (f"{self.source} ({kind}): สร้าง {len(self.created)} ปรับปรุง {len(self.updated)} "
                    f"ลบ {len(self.deleted)} ไม่เปลี่ยน {self.unchanged} ล้มเหลว {len(self.failed)} "
                    f"ใน {self.seconds:.1f} วินาที ({self.requests} คำขอ)")
        else:
            line = (f"{self.source} ({kind}): {len(self.created)} created, {len(self.updated)} updated, "
                    f"{len(self.deleted)} deleted, {self.unchanged} unchanged, {len(self.failed)} failed "
                    f"in {self.seconds:.1f} s ({self.requests} requests)")
        lines = [line]
        for name, reason in self.failed:
            lines.append(f"  {'ล้มเหลว' if lang == 'th' else 'failed'} {name}: {reason}")
        if self.missing:
            lines.append(("  ไม่พบที่แหล่ง (รอลบเมื่อพ้นระยะผ่อนผัน): " if lang == "th"
                          else "  missing at the source (deleted once the grace period ends): ")
                         + ", ".join(self.missing))
        return "\n".join(lines)


def add_source(home: Path | str, name: str, url: str, source_type: str, *, organization: str | None = None,
               filters: list[str] | tuple[str, ...] = (), prefix: str | None = None, mirror: bool = False,
               grace_hours: float = 0) -> dict:
    """Register a catalog to harvest; see `catalog harvest add`."""
    local = LocalCatalog(Store(home))
    config = {"organization": organization, "filters": list(filters), "prefix": prefix, "mirror": mirror,
              "grace_hours": grace_hours}
    try:
        return local.call("harvest_source_create", {"name": name, "url": url, "source_type": source_type,
                                                    "config": {k: v for k, v in config.items() if v not in (None, [], False, 0)}})
    except ValidationError as exc:
        problems = "; ".join(f"{field}: {' '.join(map(str, messages))}" for field, messages in exc.errors.items())
        raise HarvestError(f"cannot add the harvest source {name}: {problems}",
                           f"เพิ่มแหล่งเก็บเกี่ยว {name} ไม่ได้: {problems}") from None


@contextmanager
def _source_lock(home: Path, name: str):
    folder = home / "harvest-locks"
    folder.mkdir(exist_ok=True)
    handle = open(folder / f"{name}.lock", "w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise HarvestError(f"a harvest of {name} is already running", f"กำลังเก็บเกี่ยว {name} อยู่แล้ว") from None
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def run_source(home: Path | str, name: str, *, full: bool = False, remote: Remote | None = None,
               progress: Progress | None = None) -> HarvestReport:
    """Harvest one source into the catalog at `home`; the report says what happened."""
    home = Path(home)
    store = Store(home)
    local = LocalCatalog(store)
    try:
        source = local.call("harvest_source_show", {"id": name})
    except NotFound:
        raise HarvestError(f"no harvest source named {name} (see `catalog harvest sources`)",
                           f"ไม่มีแหล่งเก็บเกี่ยวชื่อ {name} (ดู `catalog harvest sources`)") from None
    remote = remote or Remote()
    started = time.monotonic()
    with _source_lock(home, source["name"]):
        for job in local.call("harvest_job_list", {"source_id": source["id"], "status": "running"}):
            local.call("harvest_job_finish", {"id": job["id"], "status": "failed",
                                              "report": {"error": "interrupted: the run stopped before it ended"}})
        since = None if full else _since(local, source)
        job = local.call("harvest_job_create", {"source_id": source["id"], "gather_since": since})
        report = HarvestReport(source["name"], job["id"], full=since is None)
        try:
            _harvest(local, source, remote, since, report, progress or (lambda *_: None))
        except SourceError as exc:
            report.status, report.error, report.error_th = "failed", exc.message_en, exc.message_th
        except BaseException as exc:  # a bug or an interrupt: the job says so, then the error goes on
            report.status, report.error = "failed", f"{type(exc).__name__}: {exc}"
            report.requests, report.seconds = remote.requests, time.monotonic() - started
            local.call("harvest_job_finish", {"id": job["id"], "status": "failed", "report": report.as_dict()})
            raise
        report.requests, report.seconds = remote.requests, time.monotonic() - started
        local.call("harvest_job_finish", {"id": job["id"], "status": report.status, "report": report.as_dict()})
    return report


def _since(local: LocalCatalog, source: dict) -> str | None:
    """From the start of the last finished run in which no dataset failed (less the overlap), so a dataset
    refused once is asked for again until it arrives; None (a full run) when there is none."""
    for job in local.call("harvest_job_list", {"source_id": source["id"], "status": "finished"}):
        if not (job["report"] or {}).get("failed"):
            return (dt.datetime.fromisoformat(job["started"]) - OVERLAP).isoformat()
    return None


def _harvest(local: LocalCatalog, source: dict, remote: Remote, since: str | None, report: HarvestReport,
             progress: Progress) -> None:
    backend = backend_for(source, remote)
    clock = time.monotonic()

    def stage(name: str) -> None:
        nonlocal clock
        report.stages[name] = time.monotonic() - clock
        clock = time.monotonic()

    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        gathered = 0
        for pkg in backend.changed(since):  # all of it read before anything is written
            spool.write(json.dumps(pkg, ensure_ascii=False) + "\n")
            gathered += 1
            progress("gather", gathered, None)
        stage("gather")
        visible = backend.visible_ids()
        stage("ids")
        objects = {o["remote_id"]: o for o in local.call("harvest_object_list", {"source_id": source["id"]})}
        spool.seek(0)
        importer = Importer(local, source, backend, remote)
        done = 0
        while True:
            lines = [line for _, line in zip(range(BATCH), spool)]
            if not lines:
                break
            with local.batch():
                harvested: list[dict] = []  # recorded with the batch, in its transaction
                for line in lines:
                    pkg = json.loads(line)
                    _import_one(local, importer, report, pkg, objects.get(str(pkg.get("remote_id"))), harvested)
                    done += 1
                    progress("import", done, gathered)
                if harvested:
                    local.call("harvest_objects_save", {"source_id": source["id"], "objects": harvested})
        stage("import")
    _apply_deletions(local, source, report, objects, visible)
    stage("deletions")
    report.unchanged = max(0, len(visible) - len(report.created) - len(report.updated) - len(report.failed))


def _import_one(local, importer: Importer, report: HarvestReport, pkg: dict, known: dict | None,
                harvested: list[dict]) -> None:
    remote_id = str(pkg.get("remote_id") or "")
    label = str(pkg.get("name") or remote_id or "?")[:100]
    if not remote_id:
        report.failed.append((label, "the source gives this dataset no id"))
        return
    if known and known["state"] == "current" and known["remote_modified"] == pkg.get("remote_modified") \
            and known["package_id"] and _active(local, known["package_id"]):
        return  # unchanged since it was harvested
    try:
        with local.each():
            package_id, outcome = importer.write(pkg, known["package_id"] if known else None)
    except DatasetRefused as exc:
        report.failed.append((label, str(exc)))
        return
    except ActionError as exc:
        report.failed.append((label, str(exc)[:300]))
        return
    (report.created if outcome == "created" else report.updated).append(label)
    harvested.append({"remote_id": remote_id, "package_id": package_id, "remote_url": pkg.get("remote_url"),
                      "remote_modified": pkg.get("remote_modified"), "harvested": now_iso(), "job_id": report.job_id,
                      "state": "current", "missing_since": None})


def _active(local: LocalCatalog, package_id: str) -> bool:
    found = local.find("package_show", {"id": package_id})
    return bool(found) and found.get("state") == "active"


def _apply_deletions(local, source: dict, report: HarvestReport, objects: dict, visible: set[str]) -> None:
    grace = dt.timedelta(hours=float(source["config"].get("grace_hours") or 0))
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for remote_id, obj in objects.items():
        if obj["state"] == "deleted":
            continue
        if remote_id in visible:
            if obj["state"] == "missing":
                local.call("harvest_object_save", {"source_id": source["id"], "remote_id": remote_id,
                                                   "state": "current", "missing_since": None})
            continue
        missing_since = obj["missing_since"] or now.isoformat()
        if now - dt.datetime.fromisoformat(missing_since) < grace:
            local.call("harvest_object_save", {"source_id": source["id"], "remote_id": remote_id,
                                               "state": "missing", "missing_since": missing_since})
            report.missing.append(_label(local, obj))
            continue
        label = _label(local, obj)
        if obj["package_id"] and local.find("package_show", {"id": obj["package_id"]}) is not None:
            local.call("package_delete", {"id": obj["package_id"]})
        local.call("harvest_object_save", {"source_id": source["id"], "remote_id": remote_id, "state": "deleted",
                                           "missing_since": missing_since, "job_id": report.job_id})
        report.deleted.append(label)


def _label(local, obj: dict) -> str:
    found = local.find("package_show", {"id": obj["package_id"]}) if obj["package_id"] else None
    return (found or {}).get("name") or obj["remote_id"]


def list_sources(home: Path | str) -> list[dict]:
    return LocalCatalog(Store(home)).call("harvest_source_list")


def source_names(home: Path | str) -> list[str]:
    return [source["name"] for source in list_sources(home)]


def status_of(home: Path | str, name: str | None = None) -> list[dict]:
    """Each source (or the one named) with its last run."""
    local = LocalCatalog(Store(home))
    sources = list_sources(home)
    if name:
        sources = [s for s in sources if s["name"] == name]
        if not sources:
            raise HarvestError(f"no harvest source named {name}", f"ไม่มีแหล่งเก็บเกี่ยวชื่อ {name}")
    found = []
    for source in sources:
        jobs = local.call("harvest_job_list", {"source_id": source["id"], "limit": 1})
        held = local.call("harvest_object_list", {"source_id": source["id"], "state": "current"})
        found.append({**source, "datasets": len(held), "last_job": jobs[0] if jobs else None})
    return found


def status_lines(found: list[dict], lang: str = "en") -> list[str]:
    th = lang == "th"
    lines = []
    for source in found:
        job = source["last_job"]
        if job is None:
            lines.append(f"{source['name']}: {'ยังไม่เคยเก็บเกี่ยว' if th else 'never run'}")
            continue
        report = job["report"] or {}
        counts = (f"{len(report.get('created') or [])} created, {len(report.get('updated') or [])} updated, "
                  f"{len(report.get('deleted') or [])} deleted, {len(report.get('failed') or [])} failed")
        if th:
            counts = (f"สร้าง {len(report.get('created') or [])} ปรับปรุง {len(report.get('updated') or [])} "
                      f"ลบ {len(report.get('deleted') or [])} ล้มเหลว {len(report.get('failed') or [])}")
        held = f"{source['datasets']} {'ชุดข้อมูล' if th else 'datasets'}"
        ended = job["finished"] or ("ยังไม่จบ" if th else "not ended")
        line = f"{source['name']}: {job['status']} {job['started']} → {ended}; {counts}; {held}"
        if report.get("error"):
            line += f"; {report['error']}"
        lines.append(line)
    return lines
