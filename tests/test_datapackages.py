"""The province's sample disclosure tree in datapackages/: complete, reproducible from its sources, valid."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from catalog.disclosure import NO_PROCUREMENT, all_categories, get_category
from catalog.packaging.build import build_package

ROOT = Path(__file__).resolve().parents[1] / "datapackages"
AGENCIES = ["phuket-pao", "phuket-city"]
CATEGORIES = [category.name for category in all_categories()]
PACKAGES = [(agency, category) for agency in AGENCIES for category in CATEGORIES]
FY2568_MONTHS = [f"2024-{m:02d}" for m in (10, 11, 12)] + [f"2025-{m:02d}" for m in range(1, 10)]


def _agency(slug: str) -> dict:
    return json.loads((ROOT / slug / "agency.json").read_text(encoding="utf-8"))


def _package_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _rows(folder: Path, resource: str) -> list[dict]:
    with open(folder / "data" / f"{resource}.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize("slug", AGENCIES)
def test_every_agency_has_a_package_for_every_category(slug):
    agency = _agency(slug)
    assert agency["slug"] == slug and agency["sample"] is True
    assert agency["maintainer"] and agency["maintainer_email"].endswith(".example.go.th")
    for category in CATEGORIES:
        assert (ROOT / slug / category / "datapackage.json").is_file(), category
        sources = ROOT / slug / "sources" / category
        assert sources.is_dir() and any(p.is_file() for p in sources.iterdir()), category


@pytest.mark.parametrize("slug,category", PACKAGES)
def test_package_rebuilds_byte_for_byte_from_its_sources(slug, category, tmp_path):
    sources = ROOT / slug / "sources" / category
    files = sorted(p for p in sources.iterdir() if p.is_file() and not p.name.startswith("."))
    rebuilt = tmp_path / category
    build_package(files, category, rebuilt, agency=_agency(slug))
    committed = _package_files(ROOT / slug / category)
    fresh = _package_files(rebuilt)
    assert sorted(fresh) == sorted(committed)
    for name, data in fresh.items():
        assert data == committed[name], f"{slug}/{category}/{name} differs from a fresh build"


@pytest.mark.parametrize("slug,category", PACKAGES)
def test_package_is_valid(slug, category):
    from catalog.validation.package import validate_package

    report = validate_package(ROOT / slug / category)
    assert report.errors == [], "\n".join(report.lines())
    assert report.rows_checked > 0


@pytest.mark.parametrize("slug,category", PACKAGES)
def test_package_says_it_is_sample(slug, category):
    descriptor = json.loads((ROOT / slug / category / "datapackage.json").read_text(encoding="utf-8"))
    assert "sample" in descriptor["description"].lower()
    assert "ข้อมูลตัวอย่าง" in descriptor["description"]
    # a category kept by fiscal year has a dataset per year: the samples are of FY2568
    year = "-2568" if get_category(category).dataset_period else ""
    assert descriptor["name"] == f"{slug}-{category.replace('_', '-')}{year}"


@pytest.mark.parametrize("slug", AGENCIES)
def test_monthly_procurement_covers_fiscal_year_2568(slug):
    rows = _rows(ROOT / slug / "procurement_monthly", "procurement_monthly")
    assert sorted({row["report_month"] for row in rows}) == FY2568_MONTHS
    empty = [row for row in rows if row["item"] == NO_PROCUREMENT]
    assert empty, "no month filed as ไม่มีการจัดซื้อจัดจ้าง"
    for row in empty:
        same_month = [r for r in rows if r["report_month"] == row["report_month"]]
        assert len(same_month) == 1
        assert row["budget"] == row["reference_price"] == row["agreed_price"] == ""


@pytest.mark.parametrize("slug", AGENCIES)
def test_egp_contracts_keep_the_export_rules(slug):
    rows = _rows(ROOT / slug / "egp_contract", "egp_contract")
    assert 20 <= len(rows) <= 40
    for row in rows:
        agreed = float(row["agreed_price"])
        assert agreed <= float(row["budget"]) and agreed <= float(row["reference_price"])
        year, month = int(row["transaction_date"][:4]), int(row["transaction_date"][5:7])
        assert int(row["fiscal_year"]) == year + 543 + (month >= 10)
        assert len(row["project_id"]) == 11 and 1 <= int(row["project_id"][2:4]) <= 12


def test_no_path_of_the_build_machine_is_kept():
    for path in ROOT.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".csv", ".md"}:
            text = path.read_bytes().decode("utf-8", errors="ignore")
            assert str(ROOT.parent) not in text, path
