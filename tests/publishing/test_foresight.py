"""The plan says what the catalog would refuse before anything is written, in the officer's language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.publishing import apply_plan, plan_publish
from catalog.publishing.apply import PublishError
from tests.publishing.conftest import ROOT, read_descriptor, target_of, write_descriptor
from tests.publishing.test_periods import AGENCY, package_for

# Latin-letter words a Thai message may still hold: names of things the officer types or reads elsewhere
IDENTIFIERS = re.compile(r"https?://\S+|--[a-z-]+|[\w./-]+\.(?:json|csv|xlsx)\b|\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b"
                         r"|\b(?:catalog build|catalog publish|owner_org|title|name|procurement_monthly)\b")


def english_words(text: str, names: set[str] = frozenset()) -> list[str]:
    """The English words left in a text once identifiers (URLs, options, file, dataset, resource and target
    names, the `names` given) are taken out."""
    return [w for w in re.findall(r"[A-Za-z]{3,}", IDENTIFIERS.sub(" ", text)) if w not in names]


@pytest.fixture
def target(gdc_catalog_server):
    return target_of(gdc_catalog_server)


def writes_of(server) -> int:
    from sqlalchemy import func, select

    from catalog.server.store import tables

    with server.store.read() as conn:
        return conn.execute(select(func.count()).select_from(tables.activity)).scalar()


def test_a_title_another_dataset_holds_is_said_in_the_plan_and_nothing_is_written(target, tmp_path,
                                                                                   gdc_catalog_server):
    first = package_for(tmp_path, "nov", "พฤศจิกายน 2567", [10000])
    plan = plan_publish(target, first)
    apply_plan(target, plan)
    other = package_for(tmp_path, "other", "ธันวาคม 2567", [30000])
    descriptor = read_descriptor(other)
    descriptor["name"] = "phuket-pao-procurement-copy"  # another name, the same title
    write_descriptor(other, descriptor)
    before = writes_of(gdc_catalog_server)
    plan = plan_publish(target, other)
    [(en, th)] = plan.problems
    assert "already has the title" in en and "phuket-pao-procurement-monthly-2568" in en
    assert "ใช้ชื่อเรื่อง" in th and "catalog build --title" in th
    with pytest.raises(PublishError):
        apply_plan(target, plan)
    assert writes_of(gdc_catalog_server) == before


def test_a_package_without_an_agency_is_told_to_build_with_one(target, tmp_path):
    from catalog.packaging.build import build_package
    from tests.publishing.test_periods import month_form

    source = month_form(tmp_path / "src", "พฤศจิกายน 2567", [10000])
    package = build_package([source], "procurement_monthly", tmp_path / "pkg").parent
    plan = plan_publish(target, package)
    assert any("--agency agency.json" in th and "owner_org" in th for _, th in plan.problems)


def test_a_name_used_by_another_agency_and_a_name_ckan_refuses(target, tmp_path):
    ours = package_for(tmp_path, "nov", "พฤศจิกายน 2567", [10000])
    apply_plan(target, plan_publish(target, ours))
    theirs = package_for(tmp_path, "city", "ธันวาคม 2567", [30000])
    descriptor = read_descriptor(theirs)
    descriptor["owner_org"], descriptor["title"] = "phuket-city", "อีกชุดหนึ่ง"
    write_descriptor(theirs, descriptor)
    problems = [en for en, _ in plan_publish(target, theirs).problems]
    assert any("already used by a dataset of phuket-pao" in en for en in problems)
    descriptor["name"] = "ชื่อไทย"
    write_descriptor(theirs, descriptor)
    assert any("is not one the catalog takes" in en for en, _ in plan_publish(target, theirs).problems)


def test_the_dry_run_in_thai_foresees_the_refusal_in_thai_only(target, tmp_path, gdc_catalog_server):
    apply_plan(target, plan_publish(target, package_for(tmp_path, "nov", "พฤศจิกายน 2567", [10000])))
    other = package_for(tmp_path, "other", "ธันวาคม 2567", [30000])
    descriptor = read_descriptor(other)
    descriptor["name"] = "phuket-pao-procurement-copy"
    write_descriptor(other, descriptor)
    targets = tmp_path / "targets.toml"
    targets.write_text(f'[targets.test]\nurl = "{gdc_catalog_server.url}"\ntoken = "{gdc_catalog_server.sysadmin_token}"\n',
                       encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "catalog.cli", "publish", str(other), "--to", "test", "--targets",
                           str(targets), "--dry-run", "--lang", "th"], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 1
    assert "เผยแพร่ไม่ได้: ชุดข้อมูลอื่น" in done.stdout
    assert english_words(done.stdout + done.stderr, {"test", "datapackage"}) == [], done.stdout


def test_english_words_finds_what_is_left():
    assert english_words("แคตตาล็อกไม่รับ package_create: That title is already in use.") == ["That", "already", "use"]
    assert english_words("ดู https://example.go.th/x และ catalog build --agency agency.json") == []


def test_links_printed_by_a_publish_are_the_catalog_s_own_site_url_not_the_last_serve_port(tmp_path):
    import socket

    from catalog.server.store import Store

    home = tmp_path / "home"
    run = lambda *args: subprocess.run([sys.executable, "-m", "catalog.cli", *map(str, args), "--home", str(home)],  # noqa
                                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run("admin", "set", "site_url", "https://data.phuket.example.go.th").returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = subprocess.Popen([sys.executable, "-m", "catalog.cli", "serve", "--home", str(home), "--port", str(port)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        first_line = serve.stdout.readline()
        second_line = serve.stdout.readline()
    finally:
        serve.terminate()
        serve.wait(timeout=20)
    assert f"127.0.0.1:{port}" in first_line and "https://data.phuket.example.go.th" in second_line
    assert Store(home).settings()["site_url"] == "https://data.phuket.example.go.th"
    package = package_for(tmp_path, "nov", "พฤศจิกายน 2567", [10000])
    done = run("publish", package)
    assert done.returncode == 0, done.stderr
    assert "https://data.phuket.example.go.th/dataset/" in done.stdout and f":{port}/" not in done.stdout


def test_a_home_never_given_an_address_takes_the_address_it_is_served_at(tmp_path):
    from catalog.server.site import serving_site_url
    from catalog.server.store import Store

    store = Store(tmp_path / "home")
    assert serving_site_url(store, None, "http://127.0.0.1:8800") == "http://127.0.0.1:8800"
    assert serving_site_url(store, None, "http://127.0.0.1:8900") == "http://127.0.0.1:8900"
    assert serving_site_url(store, "https://x.example.go.th", "http://127.0.0.1:8900") == "https://x.example.go.th"
    assert serving_site_url(store, None, "http://127.0.0.1:9000") == "https://x.example.go.th"
    assert AGENCY["slug"] == "phuket-pao" and Path(store.home).exists()
