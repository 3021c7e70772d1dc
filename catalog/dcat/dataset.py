"""A dataset as DCAT-AP 3: the dataset, its distributions (each file's permanent version URL), its
publisher and contact point, and every version as a dataset of its own linked by dcat:hasVersion /
dct:isVersionOf, whose distributions are the files that were current at that version.

URIs follow ckanext-dcat: the dataset is its `uri` extra or `{site}/dataset/{id}`, a distribution
`{site}/dataset/{id}/resource/{rid}`, the publisher `{site}/organization/{name}`. A version is
`{site}/dataset/{id}/version/{activity}` (where its datapackage.json lives), its files
`{site}/dataset/{id}/resource/{rid}/version/{n}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from catalog.ckanmodel.jsontext import extra_value, from_text
from catalog.ckanmodel.trail import changelog_entries
from catalog.dcat import terms
from catalog.dcat.notes import version_notes
from catalog.dcat.terms import ADMS, DCAT, DQV, OA, SPDX, VCARD
from catalog.dcat.text import split_languages, tagged
from catalog.thai.fiscal import fiscal_year_range


@dataclass(frozen=True)
class FileRecord:
    """One immutable file version of a resource."""

    url: str
    number: int
    hash: str | None = None  # "sha256:<hex>"
    size: int | None = None


@dataclass
class VersionRecord:
    """One version of a dataset: the activity that made it, and the dataset and files as they were then."""

    activity_id: str
    version: str
    issued: str  # when this version number first appeared
    modified: str  # the last activity that still had it
    package: dict  # the dataset dict as stored at that activity
    files: dict[str, FileRecord] = field(default_factory=dict)  # resource id -> its file at that version
    datapackage_url: str | None = None


def dataset_uri(pkg: dict, site_url: str) -> URIRef:
    return URIRef(extra_value(pkg, "uri") or pkg.get("uri") or f"{site_url}/dataset/{pkg['id']}")


def version_uri(pkg: dict, site_url: str, activity_id: str) -> URIRef:
    return URIRef(f"{site_url}/dataset/{pkg['id']}/version/{activity_id}")


def publisher_uri(site_url: str, organization: dict) -> URIRef:
    return URIRef(f"{site_url}/organization/{organization['name']}")


@dataclass
class ComplianceNote:
    """Where the dataset's agency stands on its subject (catalog/compliance), as of a day."""

    status: str  # current | due_soon | overdue | missing
    as_of: str  # ISO date
    summary: dict[str, str]  # lang -> one line
    page: str  # the agency's compliance page, at the subject


def dataset_graph(pkg: dict, site_url: str, *, files: dict[str, FileRecord] | None = None,
                  versions: list[VersionRecord] | None = None, province: tuple[str, str] | None = None,
                  graph: Graph | None = None, compliance: ComplianceNote | None = None) -> Graph:
    """The graph of one dataset (added to `graph` when given). `files` are the current file versions by
    resource id; `versions` every version, oldest first, the current one included."""
    g = graph if graph is not None else new_graph()
    subject = dataset_uri(pkg, site_url)
    _describe(g, subject, pkg, site_url, files or {}, province)
    if compliance is not None:
        _compliance(g, subject, compliance)
    _changelog_notes(g, subject, pkg, pkg.get("version"))
    g.add((subject, DCAT.landingPage, _document(g, f"{site_url}/dataset/{pkg.get('name') or pkg['id']}")))
    previous = None
    for record in versions or []:
        node = version_uri(pkg, site_url, record.activity_id)
        g.add((subject, DCAT.hasVersion, node))
        g.add((node, DCTERMS.isVersionOf, subject))
        stored = dict(record.package, id=pkg["id"])
        _describe(g, node, stored, site_url, record.files, province, version_node=True,
                  schema_document=record.datapackage_url)
        g.set((node, DCAT.version, Literal(record.version)))
        g.set((node, DCTERMS.issued, _datetime(record.issued)))
        g.set((node, DCTERMS.modified, _datetime(record.modified)))
        _changelog_notes(g, node, stored, record.version)
        if record.datapackage_url:
            g.add((node, DCAT.landingPage, _document(g, record.datapackage_url)))
        if previous is not None:
            g.add((node, DCAT.previousVersion, previous))
        previous = node
    return g


def _compliance(g: Graph, subject: URIRef, note: ComplianceNote) -> None:
    """The agency's standing on this subject as a DQV quality annotation (W3C Data Quality Vocabulary, which
    DCAT-AP names for quality information): a harvesting province reads each agency's own assessment."""
    annotation, body = BNode(), BNode()
    g.add((subject, DQV.hasQualityAnnotation, annotation))
    g.add((annotation, RDF.type, DQV.QualityAnnotation))
    g.add((annotation, OA.motivatedBy, DQV.qualityAssessment))
    g.add((annotation, OA.hasTarget, subject))
    g.add((annotation, DCTERMS.created, Literal(note.as_of, datatype=XSD.date)))
    g.add((annotation, OA.hasBody, body))
    g.add((body, RDF.type, OA.TextualBody))
    g.add((body, RDF.value, Literal(note.status)))
    for lang, text in note.summary.items():
        g.add((body, RDFS.label, Literal(text, lang=lang)))
    g.add((annotation, RDFS.seeAlso, URIRef(note.page)))


def new_graph() -> Graph:
    g = Graph()
    for prefix, namespace in terms.PREFIXES.items():
        g.bind(prefix, namespace)
    return g


# --- the dataset ---------------------------------------------------------------------------------------------

def _describe(g: Graph, subject: URIRef, pkg: dict, site_url: str, files: dict[str, FileRecord],
              province: tuple[str, str] | None, *, version_node: bool = False,
              schema_document: str | None = None) -> None:
    g.add((subject, RDF.type, DCAT.Dataset))
    title = pkg.get("title") or pkg.get("name") or pkg["id"]
    g.add((subject, DCTERMS.title, tagged(title)))
    descriptions = split_languages(pkg.get("notes")) or {"th": title}
    for lang, text in descriptions.items():
        g.add((subject, DCTERMS.description, Literal(text, lang=lang)))
    if not version_node:
        g.add((subject, DCTERMS.identifier, Literal(pkg["id"])))
        if pkg.get("version"):
            g.add((subject, DCAT.version, Literal(pkg["version"])))
        if pkg.get("metadata_created"):
            g.add((subject, DCTERMS.issued, _datetime(pkg["metadata_created"])))
        if pkg.get("metadata_modified"):
            g.add((subject, DCTERMS.modified, _datetime(pkg["metadata_modified"])))
    for tag in pkg.get("tags") or []:
        name = tag.get("display_name") or tag.get("name") if isinstance(tag, dict) else tag
        if name:
            g.add((subject, DCAT.keyword, tagged(name)))
    _concept(g, subject, DCAT.theme, terms.DATA_THEME[terms.DISCLOSURE_THEME],
             {"en": "Government and public sector", "th": "รัฐบาลและภาครัฐ"})
    organization = pkg.get("organization")
    if organization:
        g.add((subject, DCTERMS.publisher, _agent(g, site_url, organization)))
    _contact_point(g, subject, pkg)
    _frequency(g, subject, pkg)
    _gd_catalog_fields(g, subject, pkg, province)
    for resource in pkg.get("resources") or []:
        if resource.get("state", "active") == "active":
            distribution = _distribution(g, pkg, resource, site_url, files.get(resource.get("id")),
                                         subject if version_node else None, schema_document)
            g.add((subject, DCAT.distribution, distribution))


def _changelog_notes(g: Graph, subject: URIRef, pkg: dict, version: str | None) -> None:
    entry = next((e for e in reversed(changelog_entries(pkg)) if e.get("version") == version), None)
    if entry is not None:
        for lang, text in version_notes(entry).items():
            g.add((subject, ADMS.versionNotes, Literal(text, lang=lang)))


def _agent(g: Graph, site_url: str, organization: dict) -> URIRef:
    agent = publisher_uri(site_url, organization)
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, RDF.type, FOAF.Organization))
    g.set((agent, FOAF.name, tagged(organization.get("title") or organization["name"])))
    return agent


def _contact_point(g: Graph, subject: URIRef, pkg: dict) -> None:
    name = pkg.get("maintainer") or pkg.get("author")
    email = pkg.get("maintainer_email") or pkg.get("author_email")
    if not (name or email):
        return
    contact = BNode()
    g.add((subject, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    if name:
        g.add((contact, VCARD.fn, tagged(name)))
    if email:
        g.add((contact, VCARD.hasEmail, URIRef(email if email.startswith("mailto:") else f"mailto:{email}")))


def _frequency(g: Graph, subject: URIRef, pkg: dict) -> None:
    """From the category's currency rule; a dataset of no category, from GD Catalog's update frequency."""
    currency = (_disclosure(pkg).get("currency") or {}).get("frequency")
    code = terms.CURRENCY_FREQUENCY.get(currency)
    if code is None and str(_field(pkg, "update_frequency_interval") or "1") == "1":
        code = terms.GDC_FREQUENCY.get(_field(pkg, "update_frequency_unit"))
    if code:
        frequency = terms.FREQUENCY[code]
        g.add((subject, DCTERMS.accrualPeriodicity, frequency))
        g.add((frequency, RDF.type, DCTERMS.Frequency))


def _gd_catalog_fields(g: Graph, subject: URIRef, pkg: dict, province: tuple[str, str] | None) -> None:
    """GD Catalog's fields in their DCAT terms (docs/dcat.md has the table)."""
    languages = _as_list(_field(pkg, "data_language")) or ["ไทย"]
    for language in languages:
        code = terms.GDC_LANGUAGE.get(language)
        if code:
            g.add((subject, DCTERMS.language, terms.LANGUAGE[code]))
            g.add((terms.LANGUAGE[code], RDF.type, DCTERMS.LinguisticSystem))
    access = terms.GDC_ACCESS_RIGHT.get(_field(pkg, "data_category") or "ข้อมูลสาธารณะ")
    if access:
        g.add((subject, DCTERMS.accessRights, terms.ACCESS_RIGHT[access]))
        g.add((terms.ACCESS_RIGHT[access], RDF.type, DCTERMS.RightsStatement))
    if _field(pkg, "data_source"):
        statement = BNode()
        g.add((subject, DCTERMS.provenance, statement))
        g.add((statement, RDF.type, DCTERMS.ProvenanceStatement))
        g.add((statement, RDFS.label, tagged(_field(pkg, "data_source"))))
    if _field(pkg, "data_type"):
        kind = BNode()
        g.add((subject, DCTERMS.type, kind))
        g.add((kind, RDF.type, SKOS.Concept))
        g.add((kind, SKOS.prefLabel, tagged(_field(pkg, "data_type"))))
    if province and (_field(pkg, "geo_coverage") or "จังหวัด") in ("จังหวัด", "อำเภอ", "ตำบล", "หมู่บ้าน", "เทศบาล/อบต."):
        place = BNode()
        g.add((subject, DCTERMS.spatial, place))
        g.add((place, RDF.type, DCTERMS.Location))
        g.add((place, SKOS.prefLabel, Literal(f"จังหวัด{province[0]}", lang="th")))
        g.add((place, SKOS.prefLabel, Literal(f"{province[1]} Province", lang="en")))
        g.add((place, terms.LOCN.geographicName, Literal(province[1], lang="en")))
    fiscal_year = _disclosure(pkg).get("fiscal_year")
    if isinstance(fiscal_year, int):
        start, end = fiscal_year_range(fiscal_year)
        period = BNode()
        g.add((subject, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(start.isoformat(), datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(end.isoformat(), datatype=XSD.date)))


# --- distributions ----------------------------------------------------------------------------------------------

def _distribution(g: Graph, pkg: dict, resource: dict, site_url: str, file: FileRecord | None,
                  version: URIRef | None, schema_document: str | None) -> URIRef:
    """A resource; for a `version`, as it was then, its Table Schema in that version's datapackage.json."""
    base = f"{site_url}/dataset/{pkg['id']}/resource/{resource['id']}"
    version_node = version is not None
    if version_node:  # a file version has its own IRI; a linked resource, one under the version's
        node = URIRef(f"{base}/version/{file.number}" if file else f"{version}/resource/{resource['id']}")
    else:
        node = URIRef(base)
    if (node, RDF.type, DCAT.Distribution) in g:  # a file kept unchanged across versions is described once
        return node
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, tagged(resource.get("title") or resource.get("name") or resource["id"])))
    if resource.get("description"):
        g.add((node, DCTERMS.description, tagged(resource["description"])))
    access = resource.get("url") or base
    g.add((node, DCAT.accessURL, _web_resource(g, file.url if version_node and file else access)))
    if file is not None:
        g.add((node, DCAT.downloadURL, _web_resource(g, file.url)))
    mimetype = resource.get("mimetype")
    if mimetype:
        media = URIRef(terms.IANA_MEDIA_TYPE + mimetype)
        g.add((node, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
    file_type = terms.FILE_TYPES.get((resource.get("format") or "").lower())
    if file_type:
        g.add((node, DCTERMS["format"], terms.FILE_TYPE[file_type]))
        g.add((terms.FILE_TYPE[file_type], RDF.type, DCTERMS.MediaTypeOrExtent))
    size = file.size if file is not None and file.size is not None else resource.get("size")
    if isinstance(size, int):
        g.add((node, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    digest = file.hash if file is not None and file.hash else resource.get("hash")
    if isinstance(digest, str) and digest.startswith("sha256:"):
        checksum = BNode()
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
        g.add((checksum, SPDX.checksumValue, Literal(digest.split(":", 1)[1], datatype=XSD.hexBinary)))
    if pkg.get("license_url"):
        licence = URIRef(pkg["license_url"])
        g.add((node, DCTERMS.license, licence))
        g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    if resource.get("schema"):
        standard = URIRef(schema_document if version_node and schema_document else f"{base}/schema.json")
        g.add((node, DCTERMS.conformsTo, standard))
        g.add((standard, RDF.type, DCTERMS.Standard))
    return node


# --- small pieces --------------------------------------------------------------------------------------------

def _concept(g: Graph, subject: URIRef, predicate: URIRef, concept: URIRef, labels: dict[str, str]) -> None:
    g.add((subject, predicate, concept))
    g.add((concept, RDF.type, SKOS.Concept))
    for lang, label in labels.items():
        g.add((concept, SKOS.prefLabel, Literal(label, lang=lang)))


def _document(g: Graph, url: str) -> URIRef:
    page = URIRef(url)
    g.add((page, RDF.type, FOAF.Document))
    return page


def _web_resource(g: Graph, url: str) -> URIRef:
    """A URL typed as DCAT-AP's shapes ask (rdfs:Resource), so the graph conforms without RDFS inference."""
    node = URIRef(url)
    g.add((node, RDF.type, RDFS.Resource))
    return node


def _datetime(value: str) -> Literal:
    return Literal(value, datatype=XSD.dateTime)


def _json_extra(pkg: dict, key: str):
    return from_text(extra_value(pkg, key))


def _field(pkg: dict, key: str):
    """A GD Catalog field: top-level on a GD Catalog schema, an extra on a stock one."""
    value = pkg.get(key)
    return value if value not in (None, "", []) else _json_extra(pkg, key)


def _disclosure(pkg: dict) -> dict:
    found = _json_extra(pkg, "disclosure")
    return found if isinstance(found, dict) else {}


def _as_list(value) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip():
        return [value]
    return []
