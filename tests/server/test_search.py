"""package_search answers like CKAN's (ckan-api.md sections 4 and 5), asked through the real ckanapi client
or, as harvesters do, with plain GETs on /api/3/action/package_search."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import ckanapi
import httpx
import pytest

from catalog.server.search.params import parse_params

ROAD = "โครงการซ่อมแซมถนนสายป่าตอง"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(catalog_server):
    """Two organizations with their people, and a handful of datasets."""
    admin = catalog_server.ckan(catalog_server.sysadmin_token)
    admin.action.organization_create(name="patong", title="เทศบาลเมืองป่าตอง")
    admin.action.organization_create(name="kathu", title="เทศบาลเมืองกะทู้")
    admin.action.group_create(name="infrastructure", title="โครงสร้างพื้นฐาน")
    tokens = {}
    for user, org, role in (("somchai", "patong", "member"), ("malee", "patong", "editor"),
                            ("niran", "kathu", "admin")):
        tokens[user] = catalog_server.make_user(user)
        admin.action.organization_member_create(id=org, username=user, role=role)
    admin.action.package_create(
        name="road-repair", title=ROAD, owner_org="patong", license_id="cc-by",
        notes="ซ่อมถนนหลังฤดูฝน", tags=[{"name": "ถนน"}, {"name": "roads"}], groups=[{"name": "infrastructure"}],
        extras=[{"key": "fiscal_year", "value": "2568"}],
        resources=[{"name": "สัญญา", "url": "http://example.org/contracts.csv", "format": "CSV"}])
    admin.action.package_create(
        name="water-budget", title="Water Supply Budget 2568", owner_org="patong", license_id="odc-by",
        tags=[{"name": "water"}, {"name": "budget"}],
        resources=[{"name": "budget", "url": "http://example.org/budget.xlsx", "format": "XLSX"}])
    admin.action.package_create(
        name="kathu-waste", title="ขยะมูลฝอยเทศบาลเมืองกะทู้", owner_org="kathu", license_id="cc-by",
        tags=[{"name": "waste"}, {"name": "budget"}],
        resources=[{"name": "tonnes", "url": "http://example.org/waste.csv", "format": "CSV"}])
    admin.action.package_create(name="patong-salaries", title="เงินเดือนพนักงาน ป่าตอง", owner_org="patong",
                                private=True, tags=[{"name": "budget"}])
    admin.action.package_create(name="kathu-plans", title="แผนพัฒนา กะทู้", owner_org="kathu", private=True)
    catalog_server.tokens = tokens
    return catalog_server


def names(result) -> list[str]:
    return [p["name"] for p in result["results"]]


def search(server, token=None, **params):
    return server.ckan(token).action.package_search(**params)


def get(server, **params) -> httpx.Response:
    return httpx.get(f"{server.url}/api/3/action/package_search", params=params)


# --- the whole catalog, paging and counting


def test_an_empty_query_finds_every_public_active_dataset(site):
    for q in (None, "", "*:*", '""'):
        params = {} if q is None else {"q": q}
        result = search(site, **params)
        assert result["count"] == 3
        assert sorted(names(result)) == ["kathu-waste", "road-repair", "water-budget"]
    assert set(result) == {"count", "facets", "results", "sort", "search_facets"}
    assert result["sort"] == "score desc, metadata_modified desc"


def test_rows_and_start_page_through_results_and_count_is_the_total(site):
    first = search(site, rows=2, start=0, sort="name asc")
    second = search(site, rows=2, start=2, sort="name asc")
    assert first["count"] == second["count"] == 3
    assert names(first) == ["kathu-waste", "road-repair"] and names(second) == ["water-budget"]
    past_the_end = search(site, rows=2, start=50)
    assert past_the_end["results"] == [] and past_the_end["count"] == 3
    assert search(site, rows=0)["results"] == []


def test_rows_default_to_10_and_are_clamped_to_1000():
    assert parse_params({}).rows == 10
    assert parse_params({"rows": "5000"}).rows == 1000
    assert parse_params({"rows": 1000}).rows == 1000


def test_rows_over_the_limit_are_not_an_error(site):
    assert search(site, rows=5000)["count"] == 3


def test_bad_rows_and_start_are_validation_errors_as_in_ckan(site):
    """CKAN's search schema checks rows/start with natural_number_validator: a 409 Validation Error."""
    for params, field, message in (({"rows": -1}, "rows", "Must be a natural number"),
                                   ({"rows": "ten"}, "rows", "Invalid integer"),
                                   ({"start": -5}, "start", "Must be a natural number"),
                                   ({"start": "1.5"}, "start", "Invalid integer")):
        with pytest.raises(ckanapi.ValidationError) as error:
            search(site, **params)
        assert error.value.error_dict[field] == [message]
    response = get(site, rows="-1")
    assert response.status_code == 409
    assert response.json()["error"] == {"rows": ["Must be a natural number"], "__type": "Validation Error"}


def test_unknown_parameters_are_search_query_errors_but_ext_ones_are_ignored(site):
    with pytest.raises(ckanapi.SearchQueryError) as error:
        search(site, q="ถนน", colour="red")
    assert "Invalid search parameters: ['colour']" in str(error.value)
    response = get(site, limit="5")
    assert response.status_code == 400
    assert response.json()["error"]["__type"] == "Search Query Error"
    assert response.json()["error"]["message"].startswith("Search Query is invalid: ")
    assert search(site, q="ถนน", ext_bbox="1,2,3,4", ext_whatever="x")["count"] == 1
    solr_params = dict(qf="name^4 title^4", wt="json", bf="", boost="", tie="0.1", defType="dismax", mm="1",
                       df="text", use_default_schema="true")
    assert search(site, **solr_params)["count"] == 3


# --- q: free text and fielded terms


@pytest.mark.parametrize("words", ["ถนน", "ป่าตอง", "ซ่อมแซม", "ถน", "สายป่า", "ซ่อ"])
def test_a_word_inside_a_thai_title_is_found(site, words):
    """Thai has no spaces between words: any substring of the title finds it, combining marks included."""
    assert "road-repair" in names(search(site, q=words))


def test_free_text_searches_name_notes_tags_groups_resources_and_organization(site):
    assert names(search(site, q="road-repair")) == ["road-repair"]  # name
    assert names(search(site, q="ฤดูฝน")) == ["road-repair"]  # notes
    assert names(search(site, q="roads")) == ["road-repair"]  # tag
    assert names(search(site, q="โครงสร้างพื้นฐาน")) == ["road-repair"]  # group title
    assert names(search(site, q="สัญญา")) == ["road-repair"]  # resource name
    assert sorted(names(search(site, q="เทศบาลเมืองป่าตอง"))) == ["road-repair", "water-budget"]  # organization
    assert search(site, q="ไม่มีคำนี้เลย")["count"] == 0


def test_free_text_is_case_insensitive(site):
    for q in ("budget", "BUDGET", "Water SUPPLY"):
        assert "water-budget" in names(search(site, q=q))


def test_several_words_must_all_match_unless_joined_by_or(site):
    assert names(search(site, q="ถนน ป่าตอง")) == ["road-repair"]
    assert search(site, q="ถนน water")["count"] == 0
    assert search(site, q="ถนน AND water")["count"] == 0
    assert sorted(names(search(site, q="ถนน OR water"))) == ["road-repair", "water-budget"]
    assert names(search(site, q="budget -water")) == ["kathu-waste"]
    assert names(search(site, q="budget NOT water")) == ["kathu-waste"]


def test_a_quoted_phrase_matches_as_written(site):
    assert names(search(site, q='"Supply Budget"')) == ["water-budget"]
    assert search(site, q='"Budget Supply"')["count"] == 0


def test_fielded_terms_in_q(site):
    assert names(search(site, q="tags:roads")) == ["road-repair"]
    assert names(search(site, q="name:water-budget")) == ["water-budget"]
    assert names(search(site, q="title:ป่าตอง")) == ["road-repair"]
    assert sorted(names(search(site, q="tags:budget AND organization:kathu"))) == ["kathu-waste"]
    assert sorted(names(search(site, q="name:*-budget OR name:road*"))) == ["road-repair", "water-budget"]
    assert names(search(site, q="notes:ฤดูฝน")) == ["road-repair"]
    assert names(search(site, q="res_name:tonnes")) == ["kathu-waste"]


def test_score_puts_the_best_match_first(site):
    admin = site.ckan(site.sysadmin_token)
    admin.action.package_create(name="mentions-road-once", title="แผนงาน", notes="มีถนนหนึ่งสาย", owner_org="kathu")
    admin.action.package_create(name="all-about-roads", title="ถนน ถนน ถนน", notes="ถนนถนนถนน", owner_org="kathu",
                                tags=[{"name": "ถนน"}])
    assert names(search(site, q="ถนน"))[0] == "all-about-roads"


# --- fq


def test_fq_on_organization_tags_formats_licenses_groups_and_extras(site):
    assert sorted(names(search(site, fq="organization:patong"))) == ["road-repair", "water-budget"]
    assert names(search(site, fq="-organization:patong")) == ["kathu-waste"]
    assert sorted(names(search(site, fq='+tags:"budget"'))) == ["kathu-waste", "water-budget"]
    assert sorted(names(search(site, fq="tags:(roads OR waste)"))) == ["kathu-waste", "road-repair"]
    assert sorted(names(search(site, fq="res_format:XLSX OR tags:waste"))) == ["kathu-waste", "water-budget"]
    assert sorted(names(search(site, fq="res_format:CSV"))) == ["kathu-waste", "road-repair"]
    # formats are one value whatever their case ("csv" and "CSV"), unlike CKAN's Solr
    assert sorted(names(search(site, fq="res_format:csv"))) == ["kathu-waste", "road-repair"]
    assert sorted(names(search(site, fq="license_id:cc-by"))) == ["kathu-waste", "road-repair"]
    assert names(search(site, fq="groups:infrastructure")) == ["road-repair"]
    assert names(search(site, fq="extras_fiscal_year:2568")) == ["road-repair"]
    assert search(site, fq="dataset_type:dataset")["count"] == 3
    assert search(site, fq="capacity:public")["count"] == 3
    patong = site.ckan().action.organization_show(id="patong")
    assert sorted(names(search(site, fq=f"owner_org:{patong['id']}"))) == ["road-repair", "water-budget"]
    road = site.ckan().action.package_show(id="road-repair")
    assert names(search(site, fq=f'id:"{road["id"]}"')) == ["road-repair"]
    assert names(search(site, fq="name:road-repair")) == ["road-repair"]


def test_fq_and_q_combine_and_every_fq_list_item_must_hold(site):
    assert names(search(site, q="budget", fq="organization:kathu")) == ["kathu-waste"]
    assert names(search(site, fq_list=["tags:budget", "organization:patong"])) == ["water-budget"]
    assert search(site, fq="tags:budget", fq_list=["organization:patong", "res_format:CSV"])["count"] == 0


def test_fq_on_any_other_top_level_field_matches_its_value(site):
    """CKAN's Solr schema indexes every other key under its own name (dynamicField "*")."""
    assert names(search(site, fq="license_title:\"Creative Commons Attribution\" AND tags:roads")) == ["road-repair"]
    assert search(site, fq="num_resources:1")["count"] == 3
    assert search(site, fq="num_tags:[2 TO *]")["count"] == 3
    assert search(site, fq="num_tags:[3 TO *]")["count"] == 0


def stamp_of(server, name) -> str:
    return server.ckan().action.package_show(id=name)["metadata_modified"]


def solr_date(stored: str) -> str:
    """A stored timestamp written as a harvester writes it into a range: isoformat plus Z."""
    return stored + "Z"


def test_fq_metadata_modified_ranges_compare_as_times(site):
    before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    time.sleep(0.01)
    site.ckan(site.sysadmin_token).action.package_patch(id="kathu-waste", notes="แก้ไขแล้ว")
    changed = stamp_of(site, "kathu-waste")
    since = f"metadata_modified:[{before.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z TO *]"
    assert names(search(site, fq=since)) == ["kathu-waste"]
    assert names(search(site, fq=f"metadata_modified:[{solr_date(changed)} TO NOW]")) == ["kathu-waste"]
    assert names(search(site, fq=f"metadata_modified:{{{solr_date(changed)} TO *]")) == []  # exclusive
    older = search(site, fq=f"metadata_modified:[* TO {before.isoformat()}Z]", sort="name asc")
    assert names(older) == ["road-repair", "water-budget"]
    assert search(site, fq="metadata_modified:[2000-01-01T00:00:00Z TO *]")["count"] == 3
    assert search(site, fq="metadata_modified:[NOW-1DAY TO NOW+1DAY]")["count"] == 3
    assert search(site, fq="metadata_created:[NOW/DAY+1DAY TO *]")["count"] == 0
    assert search(site, fq="metadata_modified:[* TO 2000-01-01T00:00:00Z]")["count"] == 0


def test_range_bounds_compare_to_the_millisecond_like_solr(site):
    stored = stamp_of(site, "road-repair")  # e.g. 2025-05-01T10:00:00.123456
    moment = dt.datetime.fromisoformat(stored)
    same_milli = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    as_solr = same_milli.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    assert "road-repair" in names(search(site, fq=f"metadata_modified:[{as_solr} TO *]"))
    assert "road-repair" in names(search(site, fq=f"metadata_modified:[* TO {as_solr}]"))
    assert "road-repair" in names(search(site, fq=f'metadata_modified:"{as_solr}"'))


@pytest.mark.parametrize("fq", ["tags:(roads OR", 'tags:"roads', "organization:", "metadata_modified:[2024 TO *]",
                                "metadata_modified:[yesterday TO *]", "metadata_modified:[* 2024-01-01T00:00:00Z]",
                                "AND", "tags:roads)", "(tags:roads"])
def test_bad_fq_syntax_is_a_search_query_error(site, fq):
    with pytest.raises(ckanapi.SearchQueryError):
        search(site, fq=fq)


def test_bad_fielded_q_syntax_is_a_search_query_error(site):
    with pytest.raises(ckanapi.SearchQueryError):
        search(site, q="tags:(roads")


def test_free_text_q_forgives_what_people_type_as_dismax_does(site):
    """Without a colon CKAN parses q with dismax: unclosed quotes, brackets and dangling operators pass."""
    for q in ('"ถนน', "ถนน (ป่าตอง", "ถนน AND", "-", "ถนน ||"):
        assert names(search(site, q=q)) == (["road-repair"] if "ถนน" in q else names(search(site)))


# --- sort


def test_sorting_by_each_supported_field(site):
    all_three = ["kathu-waste", "road-repair", "water-budget"]
    assert names(search(site, sort="name asc")) == all_three
    assert names(search(site, sort="name desc")) == all_three[::-1]
    ids = [p["id"] for p in search(site, sort="id asc")["results"]]
    assert ids == sorted(ids)
    assert [p["id"] for p in search(site, sort="id desc")["results"]] == sorted(ids, reverse=True)
    titles = [p["title"] for p in search(site, sort="title_string asc")["results"]]
    assert titles == sorted(titles)
    assert names(search(site, sort="metadata_created asc")) == ["road-repair", "water-budget", "kathu-waste"]
    assert names(search(site, sort="metadata_created desc")) == ["kathu-waste", "water-budget", "road-repair"]
    site.ckan(site.sysadmin_token).action.package_patch(id="road-repair", notes="ใหม่")
    assert names(search(site, sort="metadata_modified desc"))[0] == "road-repair"
    assert names(search(site, sort="metadata_modified asc"))[-1] == "road-repair"
    assert names(search(site))[0] == "road-repair"  # the default: score, then most recently modified
    assert names(search(site, sort="score desc, name desc")) == all_three[::-1]  # no text: score ties


def test_an_unknown_or_malformed_sort_is_a_search_query_error(site):
    for sort in ("colour asc", "name sideways", "name", "name asc,, id asc"):
        with pytest.raises(ckanapi.SearchQueryError) as error:
            search(site, sort=sort)
        assert 'Invalid "sort" parameter' in str(error.value)


# --- who sees what


def test_anonymous_callers_never_see_private_datasets(site):
    assert search(site, include_private=True)["count"] == 3
    assert search(site, "not-a-token", include_private=True)["count"] == 3


def test_private_datasets_need_include_private_and_membership(site):
    tokens = site.tokens
    assert search(site, tokens["somchai"])["count"] == 3  # without include_private: public only
    member = search(site, tokens["somchai"], include_private=True)
    assert sorted(names(member)) == ["kathu-waste", "patong-salaries", "road-repair", "water-budget"]
    other_org = search(site, tokens["niran"], include_private=True)
    assert sorted(names(other_org)) == ["kathu-plans", "kathu-waste", "road-repair", "water-budget"]
    assert search(site, site.sysadmin_token, include_private=True)["count"] == 5
    assert search(site, site.sysadmin_token)["count"] == 3
    assert search(site, site.sysadmin_token, fq="capacity:private", include_private=True)["count"] == 2


def test_drafts_and_deleted_datasets_appear_only_when_asked_and_allowed(site):
    admin = site.ckan(site.sysadmin_token)
    admin.action.package_create(name="patong-draft", title="ร่าง", owner_org="patong", state="draft")
    admin.action.package_delete(id="water-budget")
    tokens = site.tokens
    assert "patong-draft" not in names(search(site, tokens["somchai"], rows=100))
    assert "patong-draft" in names(search(site, tokens["somchai"], include_drafts=True))
    assert "patong-draft" not in names(search(site, include_drafts=True))  # anonymous
    assert "patong-draft" not in names(search(site, tokens["niran"], include_drafts=True))  # other organization
    assert "water-budget" not in names(search(site, site.sysadmin_token))
    assert "water-budget" in names(search(site, site.sysadmin_token, include_deleted=True))
    assert "water-budget" in names(search(site, tokens["malee"], include_deleted=True))  # an editor of patong
    assert "water-budget" not in names(search(site, tokens["somchai"], include_deleted=True))  # a plain member
    assert "water-budget" not in names(search(site, include_deleted=True))
    assert names(search(site, site.sysadmin_token, fq="+state:deleted")) == ["water-budget"]


# --- results and facets


def test_results_are_complete_package_show_dicts(site):
    result = search(site, q="ถนน")
    assert result["results"] == [site.ckan().action.package_show(id="road-repair")]
    shown = result["results"][0]
    assert shown["organization"]["name"] == "patong" and shown["resources"][0]["format"] == "CSV"
    assert search(site, q="ถนน", fl="id name")["results"] == [{"id": shown["id"], "name": "road-repair"}]
    assert search(site, q="ถนน", fl="extras_fiscal_year")["results"] == [{"fiscal_year": "2568"}]


def test_facets_and_search_facets_have_ckans_shapes(site):
    fields = ["organization", "tags", "res_format", "license_id", "groups"]
    result = search(site, **{"facet.field": json.dumps(fields)})
    assert list(result["facets"]) == fields
    assert result["facets"]["organization"] == {"patong": 2, "kathu": 1}
    assert result["facets"]["tags"] == {"budget": 2, "roads": 1, "waste": 1, "water": 1, "ถนน": 1}
    assert result["facets"]["res_format"] == {"CSV": 2, "XLSX": 1}
    assert result["search_facets"]["organization"] == {"title": "organization", "items": [
        {"name": "patong", "display_name": "เทศบาลเมืองป่าตอง", "count": 2},
        {"name": "kathu", "display_name": "เทศบาลเมืองกะทู้", "count": 1}]}
    assert result["search_facets"]["groups"]["items"] == [
        {"name": "infrastructure", "display_name": "โครงสร้างพื้นฐาน", "count": 1}]
    licenses = result["search_facets"]["license_id"]["items"]
    assert licenses == [{"name": "odc-by", "display_name": "Open Data Commons Attribution License", "count": 1},
                        {"name": "cc-by", "display_name": "Creative Commons Attribution", "count": 2}]
    # CKAN lists search_facets items by display name, descending
    tag_names = [item["display_name"] for item in result["search_facets"]["tags"]["items"]]
    assert tag_names == sorted(tag_names, reverse=True)


def test_facets_count_only_what_the_search_matched_and_the_caller_may_see(site):
    fields = json.dumps(["organization", "tags"])
    assert search(site, fq="organization:kathu", **{"facet.field": fields})["facets"] == {
        "organization": {"kathu": 1}, "tags": {"budget": 1, "waste": 1}}
    member = search(site, site.tokens["somchai"], include_private=True, **{"facet.field": fields})
    assert member["facets"]["organization"] == {"patong": 3, "kathu": 1}
    assert search(site, **{"facet.field": fields})["facets"]["organization"] == {"patong": 2, "kathu": 1}


def test_facet_limit_mincount_and_facet_false(site):
    tags = json.dumps(["tags"])
    assert search(site, **{"facet.field": tags, "facet.limit": 1})["facets"] == {"tags": {"budget": 2}}
    assert search(site, **{"facet.field": tags, "facet.limit": -1})["facets"]["tags"] == {
        "budget": 2, "roads": 1, "waste": 1, "water": 1, "ถนน": 1}
    assert search(site, **{"facet.field": tags, "facet.mincount": 2})["facets"] == {"tags": {"budget": 2}}
    off = search(site, facet="false", **{"facet.field": tags})
    assert off["facets"] == {} and off["search_facets"] == {}
    assert search(site)["facets"] == {} and search(site)["search_facets"] == {}
    empty = search(site, q="ไม่มีคำนี้เลย", **{"facet.field": tags})
    assert empty["facets"] == {"tags": {}} and empty["search_facets"] == {"tags": {"title": "tags", "items": []}}


def test_facet_field_must_be_a_json_list_of_strings(site):
    with pytest.raises(ckanapi.ValidationError):
        search(site, **{"facet.field": "tags"})
    with pytest.raises(ckanapi.ValidationError):
        search(site, **{"facet.field": '{"tags": 1}'})


# --- every write is searchable at once


def test_changes_are_searchable_at_once(site):
    admin = site.ckan(site.sysadmin_token)
    tags = json.dumps(["tags", "organization"])
    before = search(site, **{"facet.field": tags})["facets"]  # loads the tag index
    assert before["tags"]["budget"] == 2
    admin.action.package_patch(id="water-budget", tags=[{"name": "ประปา"}], owner_org="kathu")
    after = search(site, **{"facet.field": tags})["facets"]
    assert after["tags"]["budget"] == 1 and after["tags"]["ประปา"] == 1
    assert after["organization"] == {"kathu": 2, "patong": 1}
    assert names(search(site, fq="tags:ประปา")) == ["water-budget"]
    assert search(site, fq="tags:water")["count"] == 0
    admin.action.package_patch(id="water-budget", name="water-budget-2568")
    assert names(search(site, fq="name:water-budget-2568")) == ["water-budget-2568"]
    assert search(site, fq="name:water-budget")["count"] == 0
    admin.action.dataset_purge(id="road-repair")
    assert search(site, q="ถนน")["count"] == 0
    assert "ถนน" not in search(site, **{"facet.field": tags})["facets"]["tags"]


def test_a_dataset_written_by_another_process_is_found(site):
    """The catalog's CLI (or a second server process) writes to the same database."""
    script = (
        "import sys\n"
        "from catalog.server.actions import Context, call_action\n"
        "from catalog.server.store import Store\n"
        "store = Store(sys.argv[1])\n"
        "call_action('package_create', Context(store, ignore_auth=True),\n"
        "            {'name': 'from-elsewhere', 'title': 'ตลาดสดเทศบาล', 'owner_org': 'kathu'})\n")
    search(site, q="ตลาดสด")  # the server has an index in memory before the other write
    subprocess.run([sys.executable, "-c", script, str(site.home)], check=True, cwd=ROOT)
    assert names(search(site, q="ตลาดสด")) == ["from-elsewhere"]


# --- how harvesters call


def harvest(server, fq: str | None = None) -> list[dict]:
    """ckanext-harvest's CKANHarvester loop: GET pages of 100 by id until a page is empty."""
    datasets, previous, start = [], None, 0
    while True:
        params = {"rows": "100", "start": str(start), "sort": "id asc"}
        if fq:
            params["fq"] = fq
        response = get(server, **params)
        assert response.status_code == 200
        assert response.content != previous, "two consecutive pages were byte-identical"
        previous = response.content
        page = response.json()["result"]["results"]
        if not page:
            return datasets
        datasets += page
        start += 100


def test_a_harvester_paging_by_id_collects_every_public_dataset_exactly_once(site):
    admin = site.ckan(site.sysadmin_token)
    for number in range(230):
        admin.action.package_create(name=f"egp-{number:03d}", title=f"สัญญาจัดซื้อจัดจ้าง {number}",
                                    owner_org="kathu" if number % 2 else "patong", private=number % 10 == 0)
    harvested = harvest(site)
    ids = [p["id"] for p in harvested]
    assert len(ids) == len(set(ids)) == 3 + 207
    assert ids == sorted(ids)
    assert set(site.ckan().action.package_list()) == {p["name"] for p in harvested}


def test_an_incremental_harvest_gets_only_what_changed_since_the_last_run(site):
    last_run = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat()
    time.sleep(0.01)
    admin = site.ckan(site.sysadmin_token)
    admin.action.package_patch(id="water-budget", title="Water Supply Budget 2568 (revised)")
    admin.action.package_create(name="new-contract", title="สัญญาใหม่", owner_org="kathu")
    changed = harvest(site, fq=f"metadata_modified:[{last_run}Z TO *]")
    assert sorted(p["name"] for p in changed) == ["new-contract", "water-budget"]
    assert all(p["metadata_modified"] > last_run for p in changed)  # the harvester's string compare


def test_ckanapi_search_style_paging_with_rows_1000(site):
    """`ckanapi search datasets`: rows=1000 and start += len(results) until a page is empty."""
    start, seen = 0, []
    while True:
        page = search(site, rows=1000, start=start)["results"]
        if not page:
            break
        seen += page
        start += len(page)
    assert len(seen) == 3
