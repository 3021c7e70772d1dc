"""The catalog in DCAT-AP 3, read as a DCAT harvester or a linked-data client reads it: ckanext-dcat's URLs,
every serialisation parsed by rdflib and checked against the SEMIC DCAT-AP 3.0.0 shapes with pyshacl, and
each version of a dataset linked to the exact bytes it published."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from catalog.dcat.terms import ADMS, DCAT, HYDRA, SPDX, VCARD
from catalog.publishing import apply_plan, plan_publish
from tests.publishing.conftest import copy_package, edit_table, read_descriptor, target_of
from tests.server.conftest import start_server

SHAPES = Path(__file__).parents[1] / "dcat" / "shapes" / "dcat-ap_3.0.0_shacl_shapes.ttl"
RDFLIB_FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld", "n3": "n3"}
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A GD Catalog-schema catalog holding phuket-pao's e-GP contracts at 1.0.0 and 1.0.1, its monthly
    procurement summary, and one private dataset."""
    folder = tmp_path_factory.mktemp("dcat")
    server = start_server(folder / "home", dataset_schema="gdc")
    target = target_of(server)
    egp = copy_package("phuket-pao/egp_contract", folder / "packages")
    apply_plan(target, plan_publish(target, egp))
    first_bytes = (egp / "data" / "egp_contract.csv").read_bytes()
    edit_table(egp, "egp_contract", lambda rows: [{**rows[0], "project_status": "ยกเลิกโครงการ"}] + rows[1:])
    apply_plan(target, plan_publish(target, egp))
    second_bytes = (egp / "data" / "egp_contract.csv").read_bytes()
    monthly = copy_package("phuket-city/procurement_monthly", folder / "packages")
    apply_plan(target, plan_publish(target, monthly))
    hidden = copy_package("phuket-city/service_statistics", folder / "packages")
    apply_plan(target, plan_publish(target, hidden))
    server.ckan(server.sysadmin_token).action.package_patch(id=read_descriptor(hidden)["name"], private=True)
    yield {"server": server, "egp": read_descriptor(egp)["name"], "monthly": read_descriptor(monthly)["name"],
           "hidden": read_descriptor(hidden)["name"], "bytes": [first_bytes, second_bytes]}
    server.stop()


def fetch_graph(url: str, suffix: str, **params) -> Graph:
    response = httpx.get(url, params=params) if params else httpx.get(url)  # params would replace url's query
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.content, format=RDFLIB_FORMATS[suffix])


def assert_conforms(graph: Graph) -> None:
    conforms, _, report = validate(graph, shacl_graph=str(SHAPES))
    assert conforms, report


# --- every serialisation, valid DCAT-AP 3 -----------------------------------------------------------------

@pytest.mark.parametrize("suffix", sorted(RDFLIB_FORMATS))
def test_the_catalog_and_each_dataset_parse_in_every_serialisation_and_conform_to_dcat_ap_3(published, suffix):
    url = published["server"].url
    response = httpx.get(f"{url}/catalog.{suffix}")
    assert response.headers["content-type"].split(";")[0] == {
        "ttl": "text/turtle", "n3": "text/n3", "jsonld": "application/ld+json"}.get(suffix, "application/rdf+xml")
    catalog = fetch_graph(f"{url}/catalog.{suffix}", suffix)
    assert_conforms(catalog)
    assert len(set(catalog.subjects(RDF.type, DCAT.Dataset))) == 2  # the private one is not listed
    dataset = fetch_graph(f"{url}/dataset/{published['egp']}.{suffix}", suffix)
    assert_conforms(dataset)


def test_the_shapes_do_catch_a_dataset_without_a_title(published):
    graph = fetch_graph(f"{published['server'].url}/dataset/{published['egp']}.ttl", "ttl")
    for subject, _, title in list(graph.triples((None, DCTERMS.title, None))):
        if (subject, RDF.type, DCAT.Dataset) in graph:
            graph.remove((subject, DCTERMS.title, title))
    conforms, _, report = validate(graph, shacl_graph=str(SHAPES))
    assert not conforms and "title" in report


# --- the dataset -------------------------------------------------------------------------------------------

def test_a_dataset_carries_its_metadata_in_dcat_terms(published):
    server = published["server"]
    pkg = server.ckan().action.package_show(id=published["monthly"])
    g = fetch_graph(f"{server.url}/dataset/{pkg['name']}.ttl", "ttl")
    subject = URIRef(f"{server.url}/dataset/{pkg['id']}")
    assert (subject, RDF.type, DCAT.Dataset) in g
    assert g.value(subject, DCTERMS.title) == Literal(pkg["title"], lang="th")
    descriptions = {d.language: str(d) for d in g.objects(subject, DCTERMS.description)}
    assert set(descriptions) == {"th", "en"}
    assert descriptions["en"].startswith("The monthly procurement summary") and "สรุปผล" in descriptions["th"]
    assert g.value(subject, DCTERMS.identifier) == Literal(pkg["id"])
    assert g.value(subject, DCAT.landingPage) == URIRef(f"{server.url}/dataset/{pkg['name']}")
    keywords = {str(k) for k in g.objects(subject, DCAT.keyword)}
    assert keywords == {t["name"] for t in pkg["tags"]} and "ความโปร่งใส" in keywords
    assert g.value(subject, DCAT.theme) == URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
    publisher = g.value(subject, DCTERMS.publisher)
    assert publisher == URIRef(f"{server.url}/organization/phuket-city")
    assert (publisher, RDF.type, FOAF.Agent) in g and str(g.value(publisher, FOAF.name)) == "เทศบาลนครภูเก็ต"
    contact = g.value(subject, DCAT.contactPoint)
    assert str(g.value(contact, VCARD.fn)) == pkg["maintainer"]
    assert g.value(contact, VCARD.hasEmail) == URIRef(f"mailto:{pkg['maintainer_email']}")
    assert g.value(subject, DCTERMS.issued) == Literal(pkg["metadata_created"], datatype=XSD.dateTime)
    assert g.value(subject, DCTERMS.modified) == Literal(pkg["metadata_modified"], datatype=XSD.dateTime)
    # the category's currency rule: monthly
    assert g.value(subject, DCTERMS.accrualPeriodicity) == URIRef(FREQUENCY + "MONTHLY")
    spatial = g.value(subject, DCTERMS.spatial)
    assert "จังหวัดภูเก็ต" in {str(label) for label in g.objects(spatial, URIRef(
        "http://www.w3.org/2004/02/skos/core#prefLabel"))}
    assert g.value(subject, DCTERMS.language) == URIRef("http://publications.europa.eu/resource/authority/language/THA")
    temporal = g.value(subject, DCTERMS.temporal)  # fiscal year 2568
    assert (str(g.value(temporal, DCAT.startDate)), str(g.value(temporal, DCAT.endDate))) == ("2024-10-01",
                                                                                             "2025-09-30")
    assert str(g.value(subject, DCAT.version)) == pkg["version"]


def test_each_distribution_names_its_permanent_file_its_hash_size_licence_and_table_schema(published):
    server = published["server"]
    pkg = server.ckan().action.package_show(id=published["egp"])
    g = fetch_graph(f"{server.url}/dataset/{pkg['name']}.jsonld", "jsonld")
    resource = next(r for r in pkg["resources"] if r["name"] == "egp_contract")
    node = URIRef(f"{server.url}/dataset/{pkg['id']}/resource/{resource['id']}")
    assert (URIRef(f"{server.url}/dataset/{pkg['id']}"), DCAT.distribution, node) in g
    download = str(g.value(node, DCAT.downloadURL))
    assert "/version/2/" in download  # the permanent link of the current file, not the moving download URL
    assert str(g.value(node, DCAT.accessURL)) == resource["url"]
    body = httpx.get(download).content
    assert body == published["bytes"][1]
    checksum = g.value(node, SPDX.checksum)
    assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha256(body).hexdigest()
    assert int(g.value(node, DCAT.byteSize)) == len(body)
    assert str(g.value(node, DCAT.mediaType)) == "http://www.iana.org/assignments/media-types/text/csv"
    assert str(g.value(node, DCTERMS["format"])).endswith("/file-type/CSV")
    assert str(g.value(node, DCTERMS.license)) == pkg["license_url"]
    schema = httpx.get(str(g.value(node, DCTERMS.conformsTo)))
    assert schema.status_code == 200 and schema.json() == json.loads(resource["schema"])


def test_every_version_is_its_own_dataset_whose_files_are_the_bytes_it_published(published):
    server = published["server"]
    pkg = server.ckan().action.package_show(id=published["egp"])
    g = fetch_graph(f"{server.url}/dataset/{pkg['name']}.ttl", "ttl")
    subject = URIRef(f"{server.url}/dataset/{pkg['id']}")
    versions = sorted(g.objects(subject, DCAT.hasVersion), key=lambda v: str(g.value(v, DCTERMS.modified)))
    assert [str(g.value(v, DCAT.version)) for v in versions] == ["1.0.0", "1.0.1"]
    for version, expected in zip(versions, published["bytes"]):
        assert (version, RDF.type, DCAT.Dataset) in g and g.value(version, DCTERMS.isVersionOf) == subject
        csv_files = [d for d in g.objects(version, DCAT.distribution) if str(g.value(d, DCTERMS.title)) != "datapackage"
                     and str(g.value(d, DCAT.downloadURL)).endswith("egp_contract.csv")]
        [distribution] = csv_files
        body = httpx.get(str(g.value(distribution, DCAT.downloadURL))).content
        assert body == expected
        assert str(g.value(g.value(distribution, SPDX.checksum), SPDX.checksumValue)) == hashlib.sha256(
            body).hexdigest()
        descriptor = httpx.get(str(g.value(version, DCAT.landingPage))).json()  # that version's datapackage.json
        assert descriptor["version"] == str(g.value(version, DCAT.version))
    assert g.value(versions[1], DCAT.previousVersion) == versions[0]
    notes = {n.language: str(n) for n in g.objects(versions[1], ADMS.versionNotes)}
    assert "1 changed" in notes["en"] and "แก้ไข 1" in notes["th"]  # the changelog entry, in words
    assert {n.language for n in g.objects(subject, ADMS.versionNotes)} == {"th", "en"}


# --- content negotiation, visibility, the actions ----------------------------------------------------------

@pytest.mark.parametrize("accept, media", [
    ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("text/turtle;q=0.9, text/html;q=0.5", "text/turtle"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("*/*", "text/html")])
def test_a_dataset_page_answers_rdf_to_whoever_asks_for_it(published, accept, media):
    response = httpx.get(f"{published['server'].url}/dataset/{published['egp']}", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    # the page varies by the language cookie too (tests/server/test_language.py)
    assert "Accept" in [v.strip() for v in response.headers.get("vary", "").split(",")]
    if media != "text/html":
        assert (None, RDF.type, DCAT.Dataset) in Graph().parse(data=response.content, format=media)


def test_a_private_dataset_has_no_dcat_for_the_public(published):
    url = published["server"].url
    assert httpx.get(f"{url}/dataset/{published['hidden']}.ttl").status_code == 404
    assert httpx.get(f"{url}/dataset/{published['hidden']}", headers={"Accept": "text/turtle"}).status_code == 404
    assert httpx.get(f"{url}/dataset/no-such-dataset.ttl").status_code == 404
    assert httpx.get(f"{url}/catalog.docx").status_code == 404


def test_the_dcat_actions_answer_through_the_action_api_like_ckanext_dcat(published):
    ckan = published["server"].ckan()
    text = ckan.action.dcat_dataset_show(id=published["egp"], _format="ttl")
    assert (None, RDF.type, DCAT.Dataset) in Graph().parse(data=text, format="turtle")
    catalog = ckan.action.dcat_catalog_show(_format="jsonld")
    assert (None, RDF.type, DCAT.Catalog) in Graph().parse(data=catalog, format="json-ld")


def test_at_stock_ckan_the_keywords_a_stock_ckan_refuses_are_left_out_and_the_rest_is_the_same(published):
    """A stock CKAN's dcat_rdf harvester refuses a whole dataset for one Thai keyword with a vowel or tone
    mark; its DCAT at /stock-ckan keeps the keywords it takes and everything else."""
    from catalog.ckanmodel.tags import stock_ckan_refuses

    url, name = published["server"].url, published["egp"]
    keywords = {t["name"] for t in published["server"].ckan().action.package_show(id=name)["tags"]}
    assert any(stock_ckan_refuses(k) for k in keywords) and not all(stock_ckan_refuses(k) for k in keywords)
    for path in (f"/dataset/{name}.ttl", "/catalog.ttl"):
        full, stock = fetch_graph(url + path, "ttl"), fetch_graph(f"{url}/stock-ckan{path}", "ttl")
        assert_conforms(stock)
        subject = URIRef(f"{url}/dataset/{published_id(published)}")
        assert {str(k) for k in full.objects(subject, DCAT.keyword)} == keywords
        assert {str(k) for k in stock.objects(subject, DCAT.keyword)} == {k for k in keywords
                                                                          if not stock_ckan_refuses(k)}
        assert set(stock.objects(subject, DCTERMS.title)) == set(full.objects(subject, DCTERMS.title))
        assert set(stock.objects(subject, DCTERMS.accessRights)) == set(full.objects(subject, DCTERMS.accessRights))
        assert len(list(stock.objects(subject, DCAT.distribution))) == len(list(full.objects(subject, DCAT.distribution)))
    page = next(fetch_graph(f"{url}/stock-ckan/catalog.ttl", "ttl").subjects(RDF.type, HYDRA.PagedCollection))
    assert str(page) == f"{url}/stock-ckan/catalog.ttl?page=1"


def published_id(published) -> str:
    return published["server"].ckan().action.package_show(id=published["egp"])["id"]


# --- paging ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A catalog of 130 small datasets, made one after another."""
    server = start_server(tmp_path_factory.mktemp("paging") / "home")
    ckan = server.ckan(server.sysadmin_token)
    ckan.action.organization_create(name="demo", title="Demo")
    names = []
    for number in range(130):
        names.append(ckan.action.package_create(name=f"ds-{number:03d}", title=f"Dataset {number}",
                                                notes="A dataset.", owner_org="demo")["name"])
    yield server, names
    server.stop()


def test_the_catalog_pages_by_100_newest_first_with_old_and_new_hydra_names(many):
    server, names = many
    first = fetch_graph(f"{server.url}/catalog.ttl", "ttl")
    page_one = URIRef(f"{server.url}/catalog.ttl?page=1")
    assert (page_one, RDF.type, HYDRA.PagedCollection) in first
    assert int(first.value(page_one, HYDRA.totalItems)) == 130 and int(first.value(page_one, HYDRA.itemsPerPage)) == 100
    for old, new in ((HYDRA.nextPage, HYDRA.next), (HYDRA.firstPage, HYDRA.first), (HYDRA.lastPage, HYDRA.last)):
        assert first.value(page_one, old) == first.value(page_one, new)
    assert str(first.value(page_one, HYDRA.next)) == f"{server.url}/catalog.ttl?page=2"
    assert first.value(page_one, HYDRA.previous) is None
    listed = [str(t) for t in first.objects(None, DCTERMS.title) if str(t).startswith("Dataset ")]
    assert len(listed) == 100 and "Dataset 129" in listed and "Dataset 29" not in listed  # newest first

    second = fetch_graph(str(first.value(page_one, HYDRA.next)), "ttl")
    page_two = URIRef(f"{server.url}/catalog.ttl?page=2")
    assert second.value(page_two, HYDRA.next) is None
    assert str(second.value(page_two, HYDRA.previousPage)) == str(second.value(page_two, HYDRA.previous)) == \
        f"{server.url}/catalog.ttl?page=1"
    assert len(set(second.subjects(RDF.type, DCAT.Dataset))) == 30


def test_modified_since_gives_only_what_changed_and_its_page_links_keep_it(many):
    server, names = many
    pkg = server.ckan().action.package_show(id=names[10])
    since = pkg["metadata_modified"]
    later = server.ckan().action.package_search(fq=f"metadata_modified:[{since}Z TO *]", rows=1000)["count"]
    g = fetch_graph(f"{server.url}/catalog.ttl", "ttl", modified_since=since)
    page = next(g.subjects(RDF.type, HYDRA.PagedCollection))
    assert int(g.value(page, HYDRA.totalItems)) == later == 120
    assert len(set(g.subjects(RDF.type, DCAT.Dataset))) == 100
    assert "modified_since=" in str(page) and "modified_since=" in str(g.value(page, HYDRA.next))
    rest = fetch_graph(str(g.value(page, HYDRA.next)), "ttl")
    assert len(set(rest.subjects(RDF.type, DCAT.Dataset))) == 20


@pytest.mark.parametrize("params, field", [({"page": "0"}, "page"), ({"page": "abc"}, "page"),
                                           ({"modified_since": "not a date"}, "modified_since")])
def test_a_bad_page_or_date_is_refused_with_409_as_ckanext_dcat_does(many, params, field):
    server, _ = many
    response = httpx.get(f"{server.url}/catalog.ttl", params=params)
    assert response.status_code == 409 and field in response.text
