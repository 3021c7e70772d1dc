"""The officers' own files, end to end: build, validate, publish into the embedded catalog, and what the
catalog then holds. `cases.json` says, file by file and in the order an agency files them through a year,
what each must give; `README.md` says what each file is and how it is typed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.publishing.targets import embedded_target

HERE = Path(__file__).parent
FILES = HERE / "files"
CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
STEPS = CASES["steps"]


def run(capsys, *args) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """One agency's catalog and folders, shared by the steps as a year of filing shares them."""
    root = tmp_path_factory.mktemp("officer")
    agency = root / "agency.json"
    agency.write_text(json.dumps(CASES["agency"], ensure_ascii=False), encoding="utf-8")
    return {"root": root, "agency": agency, "home": root / "home", "done": set()}


def test_the_corpus_is_on_disk_and_has_every_kind_of_form():
    files = {step["file"] for step in STEPS}
    assert len(files) >= 15 and all((FILES / name).exists() for name in files)
    assert set(p.name for p in FILES.iterdir()) == files  # every file has its expected outcome
    assert {step["category"] for step in STEPS} == {"procurement_monthly", "plan_progress", "staff_roster",
                                                    "egp_contract"}


def rows_in(package: Path, resource: str) -> list[dict]:
    with open(package / "data" / f"{resource}.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize("number", range(len(STEPS)), ids=[f"{i:02d}-{s['file']}" for i, s in enumerate(STEPS)])
def test_each_file_as_the_officer_files_it(number, year, capsys):
    assert year["done"] == set(range(number)), "the steps run in order"
    step = STEPS[number]
    expect = step["build"]
    package = year["root"] / "packages" / f"{number:02d}"
    code, out, err = run(capsys, "build", FILES / step["file"], "-c", step["category"], "--agency", year["agency"],
                         "-o", package, *step.get("options", []))
    if "refused" in expect:
        assert code == 1 and not package.exists()
        assert "Traceback" not in err and "internal error" not in err
        assert expect["refused"] in err and expect.get("names", "") in err, err
        assert err.startswith(step["file"])  # the line names the officer's file first
        year["done"].add(number)
        return
    assert code == 0, err
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    [table] = [r for r in descriptor["resources"] if r.get("schema")]
    rows = rows_in(package, table["name"])
    assert len(rows) == expect["rows"]
    segments = table["provenance"]
    for name, (value, origin) in expect.get("periods", {}).items():
        found = segments[0]["periods"][name]
        assert (found["value"], found["from"]) == (value, origin)
    if "months" in expect:
        assert sorted({r["report_month"] for r in rows}) == expect["months"]
    for name, value in expect.get("row", {}).items():
        assert rows[0][name] == value, (name, rows[0])
    if "nothing_to_report" in expect:
        assert segments[0]["nothing_to_report"] == expect["nothing_to_report"]
    for why, count in expect.get("skipped", {}).items():
        assert sum(1 for s in segments[0].get("skipped_rows", []) if s["why"] == why) == count
    if "dropped" in expect:
        assert [c["column"] for c in segments[0]["dropped_personal_columns"]] == expect["dropped"]
        assert "left out the personal-data column" in out

    code, out, err = run(capsys, "validate", package)
    findings = [line for line in out.splitlines() if line.startswith("error:")]
    codes = sorted({f["code"] for f in json.loads(run(capsys, "validate", package, "--json")[1])["findings"]
                    if f["severity"] == "error"})
    assert codes == sorted(step.get("validate", [])), findings
    for place in step.get("validate_names", []):
        assert any(place in line for line in findings), findings

    code, out, err = run(capsys, "publish", package, "--home", year["home"])
    publish = step["publish"]
    if "refused" in publish:
        assert code == 1 and publish["refused"] in err + out
        year["done"].add(number)
        return
    assert code == 0, out + err
    code, out, err = run(capsys, "history", descriptor["name"], "--home", year["home"], "--json")
    newest = json.loads(out)["versions"][0]
    assert newest["version"] == publish["version"]
    periods = newest["changes"].get("periods", {}).get(table["name"], {})
    for kind in ("added", "replaced", "kept"):
        if kind in publish or kind == "added":
            assert periods.get(kind, []) == publish.get(kind, []), (kind, periods)
    year["done"].add(number)


def catalog_rows(home: Path, name: str, resource: str) -> list[dict]:
    import httpx

    with embedded_target(home, dry_run=True) as target:
        dataset = target.ckan.action.package_show(id=name)
        url = next(r["url"] for r in dataset["resources"] if r["name"] == resource)
        return dataset, list(csv.DictReader(io.StringIO(httpx.get(target.fetch_url(url)).text)))


def test_what_the_catalog_holds_after_the_year(year):
    assert year["done"] == set(range(len(STEPS))), "run after every step"
    monthly = CASES["catalog"]["phuket-pao-procurement-monthly-2568"]
    dataset, rows = catalog_rows(year["home"], "phuket-pao-procurement-monthly-2568", "procurement_monthly")
    assert dataset["version"] == monthly["version"]
    assert sorted({r["report_month"] for r in rows}) == monthly["months"]
    assert len(rows) == monthly["rows"]
    assert sorted(r["report_month"] for r in rows if r["item"] == "ไม่มีการจัดซื้อจัดจ้าง") == monthly["nothing_to_report"]
    assert [r["agreed_price"] for r in rows if r["report_month"] == "2024-11"][0] == "349500"  # the corrected row

    plan = CASES["catalog"]["phuket-pao-plan-progress-2568"]
    dataset, rows = catalog_rows(year["home"], "phuket-pao-plan-progress-2568", "plan_progress")
    assert dataset["version"] == plan["version"] and len(rows) == plan["rows"]
    assert sorted({r["report_round"] for r in rows}) == plan["rounds"]

    roster = CASES["catalog"]["phuket-pao-staff-roster"]
    dataset, rows = catalog_rows(year["home"], "phuket-pao-staff-roster", "staff_roster")
    assert dataset["version"] == roster["version"] and len(rows) == roster["rows"]
    text = json.dumps(rows, ensure_ascii=False)
    assert not any(value in text for value in roster["absent"])  # nothing personal reached the catalog
