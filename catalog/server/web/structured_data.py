"""schema.org/Dataset JSON-LD for a dataset page's <head>, the description search engines index datasets by
(Google Dataset Search). Pure functions: no I/O."""

from __future__ import annotations

import json

from markupsafe import Markup

from catalog.ckanmodel.jsontext import extra_value, from_text
from catalog.server.search.disclosure_fields import fiscal_year_of
from catalog.server.web.display import iso_attr
from catalog.thai.fiscal import fiscal_year_range

# GD Catalog's geographic coverages that lie within the catalog's province (as the DCAT export reads them)
_WITHIN_PROVINCE = ("จังหวัด", "อำเภอ", "ตำบล", "หมู่บ้าน", "เทศบาล/อบต.")


def dataset_jsonld(site_url: str, pkg: dict, resources: list[dict], *, province: tuple[str, str] | None = None,
                   version_url: str | None = None) -> dict:
    """The dataset as a schema.org Dataset. `resources` are the dataset's resources, each with its file
    `versions` newest first (resource_version_list reversed); a file's contentUrl is its latest version's
    permanent URL. `province` is (Thai, English) name of the catalog's province, `version_url` the current
    version's datapackage.json."""
    site_url = site_url.rstrip("/")
    org = pkg.get("organization") or {}
    page = f"{site_url}/dataset/{pkg['name']}"
    data = {"@context": "https://schema.org", "@type": "Dataset", "@id": page, "name": pkg.get("title") or pkg["name"],
            "url": page, "identifier": [pkg["id"]] + ([version_url] if version_url else []),
            "inLanguage": "th", "isAccessibleForFree": True}
    if pkg.get("notes"):
        data["description"] = pkg["notes"]
    if pkg.get("version"):
        data["version"] = pkg["version"]
    if pkg.get("license_url") or pkg.get("license_title") or pkg.get("license_id"):
        data["license"] = pkg.get("license_url") or pkg.get("license_title") or pkg.get("license_id")
    if org:
        agency = {"@type": "GovernmentOrganization", "name": org.get("title") or org.get("name"),
                  "url": f"{site_url}/organization/{org.get('name')}"}
        data["creator"] = agency
        data["publisher"] = agency
    if pkg.get("metadata_created"):
        data["datePublished"] = iso_attr(pkg["metadata_created"])
    if pkg.get("metadata_modified"):
        data["dateModified"] = iso_attr(pkg["metadata_modified"])
    keywords = [t.get("display_name") or t["name"] for t in pkg.get("tags") or []]
    if keywords:
        data["keywords"] = keywords
    fiscal_year = fiscal_year_of(pkg)
    if fiscal_year is not None:
        try:
            start, end = fiscal_year_range(fiscal_year)
            data["temporalCoverage"] = f"{start.isoformat()}/{end.isoformat()}"
        except ValueError:  # a year outside the calendar the Thai functions handle
            pass
    coverage = pkg.get("geo_coverage") or from_text(extra_value(pkg, "geo_coverage"))
    if province and coverage in _WITHIN_PROVINCE:
        data["spatialCoverage"] = {"@type": "Place", "name": f"{province[1]} Province, Thailand",
                                   "alternateName": f"จังหวัด{province[0]}"}
    distribution = [d for d in (_download(r) for r in resources) if d]
    if distribution:
        data["distribution"] = distribution
    return data


def _download(resource: dict) -> dict | None:
    latest = (resource.get("versions") or [None])[0]
    url = (latest or {}).get("url") or resource.get("url")
    if not url:
        return None
    out = {"@type": "DataDownload", "name": resource.get("name") or (latest or {}).get("filename") or url,
           "contentUrl": url}
    encoding = (latest or {}).get("mimetype") or resource.get("mimetype") or resource.get("format")
    if encoding:
        out["encodingFormat"] = encoding
    digest = str((latest or {}).get("hash") or "")
    if digest.startswith("sha256:"):
        out["sha256"] = digest.split(":", 1)[1]
    if latest and latest.get("size") is not None:
        out["contentSize"] = f"{latest['size']} B"
    if latest and latest.get("created"):
        out["dateModified"] = iso_attr(latest["created"])
    return out


def script_json(data) -> Markup:
    """JSON for inside a <script> element: `<`, `>` and `&` as \\u escapes, so no value (a title holding
    `</script>`) can end the element or open a comment; JSON parsers read the escapes back as the characters."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
