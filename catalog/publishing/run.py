"""`catalog publish` as a library call: validate every package, then plan and apply each against one target.

Nothing is published unless every package given is valid, its GD Catalog fields included. Paths that are
not data packages (an `agency.json` or `sources/` folder caught by a glob such as `datapackages/*/*`) are
skipped, and said so.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from catalog.errors import CatalogError, PackageError
from catalog.publishing import failures, gdcfields
from catalog.publishing.apply import PublishResult, apply_plan
from catalog.publishing.plan import plan_publish
from catalog.publishing.plans import Plan
from catalog.publishing.targets import API_ERRORS, TargetError, open_target
from catalog.publishing.uploads import Progress
from catalog.publishing.wording import headline, plan_lines

MAX_FINDINGS = 50  # per package; `catalog validate --json` gives them all


class InvalidPackages(CatalogError):
    """Some package failed validation: nothing was published."""


@dataclass
class PublishSummary:
    plans: list[Plan] = field(default_factory=list)
    results: list[PublishResult] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def created(self) -> int:
        return sum(1 for plan in self.plans if plan.first)

    @property
    def updated(self) -> int:
        return sum(1 for plan in self.plans if plan.changed and not plan.first)

    @property
    def unchanged(self) -> int:
        return sum(1 for plan in self.plans if not plan.changed)

    @property
    def blocked(self) -> bool:
        return any(plan.problems for plan in self.plans)


def is_package(path: Path) -> bool:
    if path.is_dir():
        return (path / "datapackage.json").is_file()
    if path.name == "datapackage.json":
        return True
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8")) if path.suffix == ".json" else None
    except (OSError, ValueError):
        return False
    return isinstance(descriptor, dict) and isinstance(descriptor.get("resources"), list)


def package_folders(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(packages in the order given, each once; paths skipped as not packages)."""
    packages, skipped, seen = [], [], set()
    for path in map(Path, paths):
        if not path.exists():
            raise PackageError("no such file or folder", "ไม่พบไฟล์หรือโฟลเดอร์", file=path)
        if not is_package(path):
            skipped.append(path)
            continue
        key = (path if path.is_dir() else path.parent).resolve()
        if key not in seen:
            seen.add(key)
            packages.append(path)
    return packages, skipped


def _validate(packages: list[Path], lang: str, echo: Callable[[str], None]) -> None:
    from catalog.validation.package import load_descriptor, validate_package
    from catalog.memory import release_free_memory

    invalid = []
    for package in packages:
        report = validate_package(package)
        release_free_memory()  # before the next package, or the upload, starts from a lower mark
        gd_catalog = gdcfields.package_problems(load_descriptor(package)[1]) if report.valid else []
        if report.valid and not gd_catalog:
            continue
        invalid.append(package)
        for problem in gd_catalog:  # what a GD Catalog portal would store unchecked
            echo(f"{package}: " + (f"ฟิลด์ของบัญชีข้อมูลภาครัฐ {problem.th}" if lang == "th" else f"GD Catalog field {problem}"))
        if report.valid:
            continue
        lines = report.lines(lang)
        for line in lines[:MAX_FINDINGS]:
            echo(line)
        if len(lines) > MAX_FINDINGS:
            echo(f"... ({len(lines) - MAX_FINDINGS:,} more; catalog validate {package} --json gives them all)")
        echo(report.summary(lang))
    if invalid:
        names = ", ".join(str(p) for p in invalid)
        raise InvalidPackages(f"nothing was published: {len(invalid)} package(s) failed validation ({names})",
                              f"ไม่ได้เผยแพร่สิ่งใด: มี {len(invalid)} แพ็กเกจที่ตรวจสอบไม่ผ่าน ({names})")


def _result_lines(result: PublishResult, lang: str) -> list[str]:
    th = lang == "th"
    lines = [f"  {'เผยแพร่แล้ว รุ่น' if th else 'published version'} {result.version}: {result.dataset_url}"]
    width = max([len(name) for name, _ in result.links] + [8])
    lines += [f"    {name:<{width}} {url}" for name, url in result.links]
    if result.datapackage_url:
        lines.append(f"    {'datapackage.json ของรุ่นนี้' if th else 'datapackage.json of this version'}: "
                     f"{result.datapackage_url}")
    return lines


@contextmanager
def _no_answer(label: str) -> Iterator[None]:
    """A read that got no answer (the writes say so themselves, apply.py): one line, not a traceback."""
    try:
        yield
    except (*API_ERRORS, requests.RequestException) as exc:
        if not failures.broke_off(exc):
            raise
        en, th = failures.reason(exc)
        raise TargetError(f"{label}: reading the catalog failed ({en}); publish again",
                          f"{label}: อ่านแคตตาล็อกไม่สำเร็จ ({th}) กรุณาเผยแพร่อีกครั้ง") from None


def publish_packages(paths: list[Path], *, to: str | None = None, home: Path | str = ".catalog-home",
                     targets: Path | None = None, dry_run: bool = False, lang: str = "en",
                     echo: Callable[[str], None] = print, progress: Progress | None = None,
                     replace: bool = False) -> PublishSummary:
    """Validate, then plan (and unless `dry_run`, apply) each package against the target `to`
    (a URL or a configured target; None is the embedded catalog of `home`). A package of one period
    (a month's สขร.1) adds its period to the dataset; `replace` makes it the dataset's whole table."""
    started = time.monotonic()
    packages, skipped = package_folders(paths)
    summary = PublishSummary(skipped=skipped)
    if skipped:
        shown = ", ".join(str(p) for p in skipped[:3]) + (", …" if len(skipped) > 3 else "")
        echo(f"ข้าม {len(skipped)} รายการที่ไม่ใช่แพ็กเกจข้อมูล: {shown}" if lang == "th" else
             f"skipped {len(skipped)} path(s) that are not data packages: {shown}")
    if not packages:
        raise PackageError("no data package among the paths given", "ไม่มีแพ็กเกจข้อมูลในที่ระบุ")
    _validate(packages, lang, echo)
    with open_target(to, home=home, targets=targets, progress=progress, dry_run=dry_run) as target:
        for package in packages:
            with _no_answer(target.label):
                plan = plan_publish(target, package, replace=replace)
            summary.plans.append(plan)
            try:
                if dry_run or plan.changed or plan.problems:
                    for line in plan_lines(plan, lang):
                        echo(line)
                if dry_run:
                    continue
                with _no_answer(target.label):
                    result = apply_plan(target, plan)
            finally:
                plan.close()
            summary.results.append(result)
            if result.changed:
                for line in _result_lines(result, lang):
                    echo(line)
            else:
                echo(headline(plan, lang))
                echo(f"  {result.datapackage_url or result.dataset_url}")
    summary.seconds = time.monotonic() - started
    return summary


def summary_line(summary: PublishSummary, lang: str = "en", dry_run: bool = False) -> str:
    created, updated, unchanged = summary.created, summary.updated, summary.unchanged
    if lang == "th":
        verb = "จะสร้าง" if dry_run else "สร้าง"
        return (f"{len(summary.plans)} แพ็กเกจ: {verb} {created} ปรับปรุง {updated} ไม่เปลี่ยน {unchanged}"
                f"{' (ยังไม่ได้เขียนสิ่งใด)' if dry_run else ''} ใน {summary.seconds:.1f} วินาที")
    return (f"{len(summary.plans)} package(s): {created} {'to create' if dry_run else 'created'}, {updated} "
            f"{'to update' if dry_run else 'updated'}, {unchanged} unchanged"
            f"{' (dry run: nothing written)' if dry_run else ''} in {summary.seconds:.1f} s")
