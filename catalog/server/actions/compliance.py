"""Complete and current, for machines: compliance_list (every agency) and compliance_show (one agency,
with its OIT view). The numbers are those of `catalog compliance` and the /compliance pages, computed by
catalog/compliance from the catalog's public datasets as an anonymous reader sees them."""

from __future__ import annotations

import datetime as dt

from catalog.server.actions import Context, action, call_action
from catalog.server.auth import check_access
from catalog.server.errors import NotFound, ValidationError


def _date(value, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    from catalog.compliance import parse_day

    try:
        return parse_day(value)
    except ValueError:
        raise ValidationError({key: ["a date as YYYY-MM-DD, Buddhist Era (2568-11-30) or Common Era"]}) from None


def _year(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2400 <= year <= 2942:
        raise ValidationError({"fiscal_year": ["a Buddhist Era fiscal year, e.g. 2568"]})
    return year


def assessment_for(context: Context, data_dict: dict, agency: str | None = None, versions: bool = False):
    """The assessment for `as_of` and `fiscal_year` (each defaulting to the site's compliance_as_of and
    compliance_fiscal_year settings, then today in Thailand and its year)."""
    from catalog.compliance import assess_catalog

    settings = context.store.settings()
    as_of = _date(data_dict.get("as_of"), "as_of") or _date(settings.get("compliance_as_of"), "compliance_as_of")
    fiscal_year = _year(data_dict.get("fiscal_year")) or _year(settings.get("compliance_fiscal_year"))
    reader = Context(store=context.store, user=None, conn=context.conn)  # what the public sees

    def read(name, **params):
        return call_action(name, reader, params)

    return assess_catalog(read, as_of, fiscal_year, agency, versions)


@action(read=True)
def compliance_list(context, data_dict):
    """Every agency against every disclosure category: `as_of` (YYYY-MM-DD, BE or CE), `fiscal_year`
    (BE), `agency` (one organization name)."""
    from catalog.compliance.report import assessment_json

    check_access("compliance_list", context, data_dict)
    return assessment_json(assessment_for(context, data_dict, data_dict.get("agency") or None))


@action(read=True)
def compliance_show(context, data_dict):
    """One agency (`id`: its organization name): each category with its periods, and the OIT view (each
    ITA item with the links that satisfy it). `as_of`, `fiscal_year` as for compliance_list."""
    from catalog.compliance.oit import oit_json, oit_rows
    from catalog.compliance.report import agency_json

    check_access("compliance_show", context, data_dict)
    name = data_dict.get("id")
    if not name:
        raise ValidationError({"id": ["Missing value"]})
    assessment = assessment_for(context, data_dict, str(name), versions=True)
    agency = assessment.agency(str(name))
    if agency is None:
        raise NotFound("Organization")
    return {"as_of": assessment.as_of.isoformat(), "fiscal_year": assessment.fiscal_year, **agency_json(
        agency, assessment.as_of), "oit": oit_json(oit_rows(agency, context.site_url, assessment.fiscal_year))}


def compliance_notes(context: Context, packages: list[dict]) -> dict:
    """dataset id -> its DCAT ComplianceNote, for the disclosure datasets among `packages` (each agency
    assessed once; a dataset of no category gets none)."""
    from catalog.compliance.records import disclosure_of
    from catalog.compliance.report import subject_line
    from catalog.dcat.dataset import ComplianceNote

    by_agency: dict[str, list[tuple[dict, str]]] = {}
    for pkg in packages:
        category = disclosure_of(pkg).get("category")
        agency = (pkg.get("organization") or {}).get("name")
        if isinstance(category, str) and agency:
            by_agency.setdefault(agency, []).append((pkg, category))
    notes = {}
    for agency, found in by_agency.items():
        assessment = assessment_for(context, {}, agency)
        standing = assessment.agency(agency)
        for pkg, category in found:
            subject = standing.subject(category) if standing else None
            if subject is not None:
                notes[pkg["id"]] = ComplianceNote(
                    subject.status, assessment.as_of.isoformat(),
                    {lang: subject_line(subject, assessment.as_of, lang) for lang in ("th", "en")},
                    f"{context.site_url}/organization/{agency}/compliance#{category}")
    return notes
