"""Complete and current: which agency has published which mandated subject, for which period, on time.

The catalog is real (a `catalog serve` on 127.0.0.1 filled through ckanapi, see catalog_fixtures.py), read
through the CKAN Action API as any CKAN would be; the command line runs in its own process.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import ckanapi
import openpyxl
import pytest

from catalog.compliance import COVERED, CURRENT, MISSING, NOT_DUE, OVERDUE, assess_catalog
from catalog.compliance.assess import DUE_SOON
from catalog.compliance.report import summary_line
from catalog.disclosure import get_category, periods_of_year
from catalog.harvest import add_source, run_source
from catalog.publishing import apply_plan, plan_publish
from tests.compliance.catalog_fixtures import AS_OF, FISCAL_YEAR, publish_compliance_catalog
from tests.publishing.conftest import copy_package, target_of
from tests.server.conftest import run_catalog_cli, start_server


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """The fixture province in one catalog, shared by the tests that only read it."""
    server = start_server(tmp_path_factory.mktemp("province") / "home")
    publish_compliance_catalog(server)
    yield server
    server.stop()


def reader(url: str):
    ckan = ckanapi.RemoteCKAN(url)
    return lambda name, **params: ckan.call_action(name, params)


def assessed(server, as_of=AS_OF, fiscal_year=FISCAL_YEAR, agency=None):
    return assess_catalog(reader(server.url), as_of, fiscal_year, agency)


def periods(subject) -> dict[str, object]:
    return {p.period.label: p for p in subject.periods}


# --- the engine, through the Action API ------------------------------------------------------------------

def test_a_complete_agency_is_current_with_every_month_on_time_and_no_procurement_counted(province):
    complete = assessed(province).agency("complete")
    monthly = complete.subject("procurement_monthly")
    assert monthly.status == CURRENT
    months = periods(monthly)
    assert list(months) == ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04",
                            "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]
    assert all(p.status == COVERED and p.late_days == 0 for p in months.values())
    assert months["2024-11"].nothing_to_report and not months["2024-12"].nothing_to_report
    assert months["2024-10"].published == dt.date(2024, 11, 15) and months["2024-10"].publication.version == "1.0.0"
    assert complete.subject("plan_progress").status == CURRENT
    assert complete.subject("staff_roster").status == CURRENT
    assert complete.subject("staff_roster").due == dt.date(2026, 6, 1)
    # the fixture publishes three of the 13 subjects: the other ten are missing
    assert complete.current == 3 and len(complete.missing) == 10


def test_a_late_agency_shows_late_periods_and_the_overdue_round(province):
    late = assessed(province).agency("late")
    march = periods(late.subject("procurement_monthly"))["2025-03"]
    assert march.status == COVERED and march.period.due == dt.date(2025, 4, 30) and march.late_days == 12
    rounds = periods(late.subject("plan_progress"))
    assert rounds["2568/6-month"].late_days == 20
    assert rounds["2568/annual"].status == OVERDUE and rounds["2568/annual"].days_overdue(AS_OF) == 31
    assert late.subject("plan_progress").status == OVERDUE
    assert late.subject("procurement_monthly").status == CURRENT  # late, but every month is there
    line = summary_line(late, AS_OF)
    assert line.startswith("late: 2/13 subjects current, 1 overdue: plan_progress 2568/annual "
                           "(due 2568-10-30, 31 days late); 10 missing: agency, executives")
    assert line.endswith("2 periods published late")
    thai = summary_line(late, AS_OF, "th")
    assert thai.startswith("late: เป็นปัจจุบัน 2/13 หัวข้อ, เลยกำหนด 1: plan_progress 2568/annual "
                           "(กำหนด 2568-10-30 เลยมา 31 วัน)")


def test_a_missing_month_is_overdue_and_an_old_roster_is_past_its_maximum_age(province):
    gap = assessed(province).agency("gap")
    february = periods(gap.subject("procurement_monthly"))["2025-02"]
    assert february.status == OVERDUE and february.period.due == dt.date(2025, 3, 30)
    assert february.days_overdue(AS_OF) == 245
    assert gap.subject("staff_roster").status == OVERDUE
    assert gap.subject("plan_progress").status == MISSING
    assert "procurement_monthly 2568-02 (due 2568-03-30, 245 days late)" in summary_line(gap, AS_OF)


def test_an_agency_that_published_nothing_is_missing_everywhere(province):
    silent = assessed(province).agency("silent")
    assert silent.title == "สำนักงานเงียบ"
    assert {s.status for s in silent.subjects} == {MISSING}
    assert summary_line(silent, AS_OF).startswith("silent: 0/13 subjects current, 13 missing")


def test_before_a_period_is_due_it_is_due_soon_or_not_yet_due(province):
    """As of 2568-09-18, August's summary (due 2568-09-30) is due soon for the agency that files on the 20th,
    and September's (due 2568-10-30) is not yet due; what is published after the as-of date does not count."""
    as_of = dt.date(2025, 9, 18)
    late = assessed(province, as_of=as_of).agency("late")
    months = periods(late.subject("procurement_monthly"))
    assert months["2025-08"].status == DUE_SOON and months["2025-08"].days_left(as_of) == 12
    assert months["2025-09"].status == NOT_DUE
    assert months["2025-07"].status == COVERED
    assert late.subject("procurement_monthly").status == DUE_SOON and late.subject("procurement_monthly").current
    gap = assessed(province, as_of=as_of).agency("gap")
    assert periods(gap.subject("procurement_monthly"))["2025-08"].status == COVERED  # filed 2568-09-10


def test_the_fiscal_year_boundary_september_belongs_to_the_old_year_october_to_the_new(province):
    """As of 2568-10-20 with no year given, the view is fiscal year 2569 plus the periods of 2568 that fall
    due in it: September 2568's summary (due 2568-10-30) and the annual round, not August's."""
    view = assessed(province, as_of=dt.date(2025, 10, 20), fiscal_year=None)
    assert view.fiscal_year == 2569 and view.carried
    months = list(periods(view.agency("complete").subject("procurement_monthly")))
    assert months[0] == "2025-09" and months[1] == "2025-10" and "2025-08" not in months
    assert periods(view.agency("complete").subject("plan_progress"))["2568/annual"].status == COVERED
    assert periods(view.agency("late").subject("plan_progress"))["2568/annual"].status == DUE_SOON


def test_periods_follow_the_thai_fiscal_year_and_leap_years():
    monthly = get_category("procurement_monthly").currency
    fy2567 = periods_of_year(monthly, 2567)  # 2023-10-01 .. 2024-09-30: February 2024 has 29 days
    february = next(p for p in fy2567 if p.label == "2024-02")
    assert february.end == dt.date(2024, 2, 29) and february.due == dt.date(2024, 3, 30)
    assert next(p for p in periods_of_year(monthly, 2568) if p.label == "2025-02").end == dt.date(2025, 2, 28)
    assert [p.label for p in fy2567][0] == "2023-10" and fy2567[-1].label == "2024-09"
    rounds = periods_of_year(get_category("plan_progress").currency, 2568)
    assert [(p.label, p.start, p.end, p.due) for p in rounds] == [
        ("2568/6-month", dt.date(2024, 10, 1), dt.date(2025, 3, 31), dt.date(2025, 4, 30)),
        ("2568/annual", dt.date(2024, 10, 1), dt.date(2025, 9, 30), dt.date(2025, 10, 30))]
    plan = periods_of_year(get_category("action_plan").currency, 2568)
    assert [(p.label, p.due) for p in plan] == [("2568", dt.date(2024, 10, 1))]  # due on the year's first day
    quarters = periods_of_year(get_category("service_statistics").currency, 2568)
    assert [p.parts for p in quarters][1] == ("2025-01", "2025-02", "2025-03")
    assert periods_of_year(get_category("staff_roster").currency, 2568) == []


def test_a_publication_late_at_night_utc_counts_on_the_thai_day():
    from catalog.compliance.records import thai_day

    assert thai_day("2025-04-30T18:30:00+00:00") == dt.date(2025, 5, 1)  # 01:30 in Phuket
    assert thai_day("2025-04-30T16:59:59") == dt.date(2025, 4, 30)  # naive: UTC, as CKAN writes it


# --- the rules are data, checked against what the mandate says ---------------------------------------------

# what ../shared/reference/thai-disclosure.md states about when each subject is published; every other part
# of a category's currency rule must be marked unverified in its category file (and so in the output)
REFERENCE_STATES = {
    "procurement_monthly": {"frequency": "monthly"},  # "Monthly summary form สขร.1 ... A month with no
    # purchases is still filed"
    "plan_progress": {"frequency": "semiannual", "rounds": ("6-month", "annual")},  # "its 6-month and annual
    # progress reports"; "Half-year report = Oct-Mar"
    "action_plan": {"frequency": "annual"},  # "the annual operating plan"
    "procurement_plan": {"frequency": "annual"},  # O19 procurement plan, of the fiscal year
    "agency": {"frequency": "on_change"}, "executives": {"frequency": "on_change"},  # "current staff"
    "staff_roster": {"frequency": "on_change"},
}


@pytest.mark.parametrize("name", [c for c in __import__("catalog.disclosure").disclosure.category_names()])
def test_every_currency_default_is_either_in_the_reference_or_marked_unverified(name):
    rule = get_category(name).currency
    stated = REFERENCE_STATES.get(name, {})
    for part, value in stated.items():
        assert getattr(rule, part) == value, f"{name}.{part} differs from the reference"
    parts = {"frequency", "due_days"} | ({"rounds"} if rule.rounds else set()) | \
            ({"anchor"} if rule.anchor != "end" else set()) | ({"max_age_days"} if rule.max_age_days else set())
    assert parts - set(stated) <= set(rule.unverified), f"{name}: unverified parts not marked"
    assert set(rule.unverified).isdisjoint(stated), f"{name}: a part the reference states is marked unverified"


def test_the_output_says_which_defaults_are_unverified(province):
    found = run_catalog_cli("compliance", "--to", province.url, "--as-of", "2568-11-30", "--fiscal-year", "2568",
                            "--agency", "complete", "--json")
    subject = next(s for s in json.loads(found.stdout)["agencies"][0]["subjects"]
                   if s["category"] == "procurement_monthly")
    assert subject["rule"]["unverified"] == ["due_days"] and subject["rule"]["due_days"] == 30
    text = run_catalog_cli("compliance", "--to", province.url, "--as-of", "2568-11-30", "--fiscal-year", "2568")
    assert "a default no written source confirms" in text.stdout


# --- the command line --------------------------------------------------------------------------------------

def test_the_command_prints_the_matrix_and_exits_3_when_something_is_overdue(province):
    found = run_catalog_cli("compliance", "--to", province.url, "--as-of", "2568-11-30", "--fiscal-year", "2568")
    assert found.returncode == 3, found.stderr
    lines = found.stdout.splitlines()
    assert lines[0] == "Complete and current, fiscal year 2568, as of 2568-11-30"
    assert any(line.startswith("gap: 0/13 subjects current, 2 overdue: staff_roster (last published 2567-06-01, 182 "
                               "days past its maximum age); procurement_monthly 2568-02 (due 2568-03-30, 245 days "
                               "late); 11 missing: agency, executives") for line in lines)
    row = next(line for line in lines if line.startswith("late "))
    assert "✗" in row and "✓" in row
    thai = run_catalog_cli("compliance", "--to", province.url, "--as-of", "2568-11-30", "--fiscal-year", "2568",
                           "--lang", "th")
    assert "ความครบถ้วนและเป็นปัจจุบัน ปีงบประมาณ 2568 ณ วันที่ 2568-11-30" in thai.stdout


def test_exit_0_when_everything_asked_for_is_current(tmp_path):
    server = start_server(tmp_path / "home")
    try:
        ckan = server.ckan(server.sysadmin_token)
        ckan.action.organization_create(name="tidy", title="หน่วยงานเรียบร้อย")
        found = run_catalog_cli("compliance", "--to", server.url, "--agency", "tidy", "--as-of", "2568-11-30")
        assert found.returncode == 3  # nothing published: missing
        from catalog.compliance.assess import assess
        from catalog.compliance.reading import read_datasets, read_organizations
        from tests.compliance.catalog_fixtures import procurement

        procurement(ckan, "tidy", [("2024-11-05", ["2024-10"])])
        assessment = assess(read_datasets(reader(server.url)), read_organizations(reader(server.url)),
                            dt.date(2024, 11, 10), 2568, categories=[get_category("procurement_monthly")])
        assert assessment.all_current and assessment.agencies[0].subjects[0].status == CURRENT
    finally:
        server.stop()


def test_json_csv_and_xlsx_carry_the_same_numbers(province, tmp_path):
    found = run_catalog_cli("compliance", "--to", province.url, "--as-of", "2025-11-30", "--fiscal-year", "2568",
                            "--json", "--csv", tmp_path / "c.csv", "--xlsx", tmp_path / "c.xlsx")
    assert found.returncode == 3
    data = json.loads(found.stdout)
    assert data["as_of_be"] == "2568-11-30" and not data["all_current"]
    late = next(a for a in data["agencies"] if a["name"] == "late")
    assert late["overdue"] == ["plan_progress"] and late["subjects_current"] == 2
    march = next(p for s in late["subjects"] if s["category"] == "procurement_monthly" for p in s["periods"]
                 if p["label"] == "2025-03")
    assert march == {**march, "label_be": "2568-03", "status": "covered", "late_days": 12, "on_time": False,
                     "due_be": "2568-04-30", "published_be": "2568-05-12", "version": "1.5.0", "declared": False}
    raw = (tmp_path / "c.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Windows reads the Thai right
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    row = next(r for r in rows if r["agency"] == "late" and r["period"] == "2568-03"
               and r["category"] == "procurement_monthly")
    assert row["late_days"] == "12" and row["period_status"] == "covered" and row["unverified"] == "due_days"
    book = openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert book.sheetnames == ["Matrix", "Periods"] or book.sheetnames == ["สรุป", "งวด"]
    titles = [row[0].value for row in book.worksheets[0].iter_rows(min_row=3)]
    assert "เทศบาลตำบลล่าช้า" in titles
    assert book.worksheets[1].max_row == len(rows) + 1


def test_the_oit_view_lists_each_item_with_its_permanent_links(province):
    found = run_catalog_cli("compliance", "--to", province.url, "--oit", "--agency", "complete", "--fiscal-year",
                            "2568", "--lang", "th")
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert lines[0] == "# complete" and lines[1].split("\t")[0] == "ข้อ OIT"
    summary = next(line.split("\t") for line in lines if line.startswith("สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"))
    assert summary[2] == f"{province.url}/dataset/complete-procurement-monthly-2568"
    assert summary[3].endswith("/datapackage.json") and "/version/" in summary[3]
    assert summary[4] == "2568-10-15"
    missing = next(line.split("\t") for line in lines if line.startswith("โครงสร้าง"))
    assert missing[2] == "" and missing[5] == "ไม่มีข้อมูล"


def test_bad_input_is_one_line_and_exit_1(province, tmp_path):
    for args, words in [(("--as-of", "30-11-2568x"), "--as-of '30-11-2568x': expected a date as YYYY-MM-DD"),
                        (("--to", "http://127.0.0.1:9"), "cannot read package_search from http://127.0.0.1:9"),
                        (("--agency", "nobody", "--to", province.url), "no agency 'nobody' in this catalog")]:
        found = run_catalog_cli("compliance", *args)
        assert found.returncode == 1 and words in found.stderr, found.stderr
        assert "Traceback" not in found.stderr and len(found.stderr.strip().splitlines()) == 1
    found = run_catalog_cli("compliance", "--home", tmp_path / "nothing-here")
    assert found.returncode == 1 and "no catalog at" in found.stderr


# --- where the numbers come from: publish, and harvest -----------------------------------------------------

def test_publish_records_the_periods_each_version_holds(catalog_server, tmp_path):
    package = copy_package("phuket-city/procurement_monthly", tmp_path / "tree")
    target = target_of(catalog_server)
    apply_plan(target, plan_publish(target, package))
    pkg = catalog_server.ckan().action.package_show(id="phuket-city-procurement-monthly-2568")
    entry = json.loads(next(e["value"] for e in pkg["extras"] if e["key"] == "changelog"))[-1]
    coverage = entry["coverage"]
    assert coverage["resource"] == "procurement_monthly"
    assert list(coverage["periods"]) == [f"{2024 if m >= 10 else 2025}-{m:02d}" for m in (10, 11, 12, *range(1, 10))]
    with open(package / "data" / "procurement_monthly.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    nothing = sorted({r["report_month"] for r in rows if r["item"] == "ไม่มีการจัดซื้อจัดจ้าง"})
    assert coverage["nothing_to_report"] == nothing and nothing
    assert sum(coverage["periods"].values()) == len(rows)
    view = assess_catalog(reader(catalog_server.url), dt.date.today() + dt.timedelta(days=1), 2568, "phuket-city")
    monthly = view.agency("phuket-city").subject("procurement_monthly")
    assert all(p.status == COVERED for p in monthly.periods)
    assert {p.period.label for p in monthly.periods if p.nothing_to_report} == set(nothing)


def test_the_province_assesses_its_agencies_from_the_catalog_it_harvested(province, tmp_path):
    home = tmp_path / "province-home"
    add_source(home, "agencies", province.url, "ckan")
    run_source(home, "agencies")
    harvested = start_server(home)
    try:
        at_source, at_province = assessed(province), assessed(harvested)
        for agency in ("complete", "late", "gap"):
            assert summary_line(at_province.agency(agency), AS_OF) == summary_line(at_source.agency(agency), AS_OF)
    finally:
        harvested.stop()


# --- for machines: the actions and DCAT --------------------------------------------------------------------

def test_compliance_list_and_show_answer_the_same_numbers_as_the_command(province):
    ckan = ckanapi.RemoteCKAN(province.url)
    listed = ckan.action.compliance_list(as_of="2568-11-30", fiscal_year=2568)
    assert listed["as_of"] == "2025-11-30" and listed["fiscal_year"] == 2568
    assert [a["name"] for a in listed["agencies"]] == ["complete", "gap", "late", "silent"]
    late = ckan.action.compliance_show(id="late", as_of="2025-11-30", fiscal_year="2568")
    assert late["summary"]["en"] == summary_line(assessed(province).agency("late"), AS_OF)
    assert late["oit"][0]["item"]["th"] == "โครงสร้าง"
    with pytest.raises(ckanapi.NotFound):
        ckan.action.compliance_show(id="nobody")
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.compliance_list(as_of="yesterday")
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.compliance_list(fiscal_year="68")


def test_dcat_carries_each_datasets_standing_as_a_quality_annotation(province):
    import httpx
    from pyshacl import validate
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS

    from tests.server.test_dcat import SHAPES

    dqv, oa = Namespace("http://www.w3.org/ns/dqv#"), Namespace("http://www.w3.org/ns/oa#")
    province.store.set_setting("compliance_as_of", "2025-11-30")
    province.store.set_setting("compliance_fiscal_year", "2568")
    try:
        pkg = province.ckan().action.package_show(id="gap-procurement-monthly-2568")
        graph = Graph().parse(data=httpx.get(f"{province.url}/dataset/{pkg['id']}.ttl").text, format="turtle")
        subject = URIRef(f"{province.url}/dataset/{pkg['id']}")
        annotation = graph.value(subject, dqv.hasQualityAnnotation)
        assert (annotation, RDF.type, dqv.QualityAnnotation) in graph
        body = graph.value(annotation, oa.hasBody)
        assert graph.value(body, RDF.value) == Literal("overdue")
        assert Literal("procurement_monthly: overdue: 2568-02 (due 2568-03-30, 245 days late)", lang="en") in \
            set(graph.objects(body, RDFS.label))
        assert graph.value(annotation, RDFS.seeAlso) == URIRef(
            f"{province.url}/organization/gap/compliance#procurement_monthly")
        conforms, _, report = validate(graph, shacl_graph=str(SHAPES))
        assert conforms, report
        page = Graph().parse(data=httpx.get(f"{province.url}/catalog.ttl").text, format="turtle")
        assert len(set(page.subjects(RDF.type, dqv.QualityAnnotation))) == 8  # one per disclosure dataset
    finally:
        province.store.set_setting("compliance_as_of", "")
        province.store.set_setting("compliance_fiscal_year", "")
