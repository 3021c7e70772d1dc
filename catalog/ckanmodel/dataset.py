"""A Frictionless data package <-> a CKAN dataset dict.

- name, title, version as they are; description <-> notes; homepage <-> url; keywords <-> tags (where a
  catalog refuses some keyword as a tag, the whole list travels as the extra `keywords` too).
- licenses[0] <-> license_id / license_title / license_url; a GD Catalog licence keeps its label as
  license_id (see licenses.py).
- contributors with role author / maintainer <-> author(_email) / maintainer(_email).
- GD Catalog fields (the `thai_gdc` schema's names, as `catalog build` writes them) are top-level
  properties of the package and top-level fields of the dataset, for the GD Catalog schema declares them;
  for a stock CKAN target (`dataset_schema="ckan"`) the ones stock CKAN lacks travel as extras.
- Everything else (`disclosure`, `sources`, `created`, ...) is an extra whose value is JSON text; so are
  `licenses` and `contributors` when the CKAN fields cannot say all they hold. The package `id` (a DOI or
  UUID, not CKAN's id) is the extra `identifier`, ckanext-dcat's dct:identifier.
- Resources: see resource.py. The `datapackage.json` resource of a dataset is the package itself and is
  not listed among the package's resources.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

from catalog.ckanmodel.jsontext import from_text, to_text
from catalog.ckanmodel.licenses import GD_CATALOG_LABELS, ckan_license, frictionless_license
from catalog.ckanmodel.resource import frictionless_names, is_descriptor, resource_from_ckan, resource_to_ckan
from catalog.ckanmodel.tags import EXTRA as TAGS_EXTRA
from catalog.ckanmodel.tags import keep_refused, stock_ckan_refuses
from catalog.disclosure import gdc

AS_IS = ("name", "title", "version")
RENAMED = {"description": "notes", "homepage": "url"}
PEOPLE = ("author", "author_email", "maintainer", "maintainer_email")
ROLES = ("author", "maintainer")

# CKAN core fields that a package may carry top-level under CKAN's own names
CKAN_NAMED = frozenset({"owner_org", "license_id", *PEOPLE})
# the GD Catalog schema's fields that Frictionless has no name of its own for
GD_CATALOG_FIELDS = frozenset(gdc.DATASET_FIELDS) - {"name", "title", "notes", "url", "tag_string"}
GD_CATALOG_ONLY = GD_CATALOG_FIELDS - CKAN_NAMED

IDENTIFIER = "identifier"
MAPPED = frozenset({*AS_IS, *RENAMED, "keywords", "licenses", "contributors", "resources", "id"})

# what CKAN keeps about a dataset for itself, or what the package says in its own words
CKAN_DATASET_KEYS = frozenset({
    "id", "name", "title", "version", "notes", "url", "license_id", "license_title", "license_url", "owner_org",
    "organization", "type", "state", "private", "metadata_created", "metadata_modified", "creator_user_id",
    "num_resources", "num_tags", "isopen", "relationships_as_subject", "relationships_as_object", "groups", "tags",
    "tag_string", "extras", "resources", "tracking_summary", "plugin_data", "revision_id", *PEOPLE})


def package_to_dataset(descriptor: dict, *, existing: dict | None = None, dataset_schema: str = "gdc") -> dict:
    """The CKAN dataset dict for a data package descriptor.

    `existing` (the target's current dataset) makes it an update: resources are matched by name and keep
    their ids, and a resource whose file was uploaded keeps its upload while the package names a file
    beside it. `dataset_schema` is the target's: "gdc" (GD Catalog fields top-level) or "ckan".
    """
    dataset: dict = {key: descriptor[key] for key in AS_IS if descriptor.get(key) is not None}
    dataset.update({ckan: descriptor[key] for key, ckan in RENAMED.items() if descriptor.get(key) is not None})
    if descriptor.get("keywords"):
        dataset["tags"] = [{"name": keyword} for keyword in descriptor["keywords"]]
    top_level = CKAN_NAMED | (GD_CATALOG_ONLY if dataset_schema == "gdc" else frozenset())
    extras: dict = {}
    if descriptor.get("id") is not None:
        extras[IDENTIFIER] = descriptor["id"]
    for key, value in descriptor.items():
        if key not in MAPPED and value is not None:  # CKAN has no null: a null property is no property
            (dataset if key in top_level else extras)[key] = value
    _people_to_ckan(descriptor, dataset, extras)
    _licence_to_ckan(descriptor, dataset, extras, gd_catalog=dataset_schema == "gdc")
    if extras:
        dataset["extras"] = [{"key": key, "value": to_text(value)} for key, value in extras.items()]
    dataset["resources"] = [resource_to_ckan(r) for r in descriptor.get("resources") or []]
    if existing:
        _upsert(dataset, existing)
    return dataset


def for_stock_ckan(dataset: dict) -> dict:
    """The dataset as `package_to_dataset` would send it to a stock CKAN (`dataset_schema="ckan"`): the GD
    Catalog fields stock CKAN lacks become extras, and where its tag validator refuses some keyword, the
    whole list travels as the extra `keywords` (catalog.ckanmodel.tags). A stock CKAN that copies the
    dict (ckanext-harvest's `ckan` harvester) then keeps all of it: its schema drops unknown top-level
    fields and its validator refuses the whole dataset for one tag."""
    out = {key: value for key, value in dataset.items() if key not in GD_CATALOG_ONLY}
    extras = list(dataset.get("extras") or [])
    named = {e.get("key") for e in extras}
    extras += [{"key": key, "value": to_text(dataset[key])} for key in sorted(GD_CATALOG_ONLY & dataset.keys())
               if dataset[key] is not None and key not in named]
    out["extras"] = extras
    keywords = [tag["name"] for tag in dataset.get("tags") or [] if isinstance(tag, dict) and tag.get("name")]
    refused = [k for k in keywords if stock_ckan_refuses(k)]
    if refused:
        keep_refused(out, keywords, refused)
        out["num_tags"] = len(out["tags"])
    return out


def for_gd_catalog(dataset: dict) -> dict:
    """The inverse of `for_stock_ckan`, for a GD Catalog-schema catalog taking a dataset from a stock CKAN:
    the GD Catalog fields kept there as extras back at the top level, and every keyword of the extra
    `keywords` a tag again (that schema takes Thai tags)."""
    extras = list(dataset.get("extras") or [])
    lifted = {e["key"]: from_text(e.get("value")) for e in extras
              if e.get("key") in GD_CATALOG_ONLY and dataset.get(e["key"]) is None}
    out = {**dataset, **lifted, "extras": [e for e in extras if e.get("key") not in lifted]}
    keywords = next((from_text(e.get("value")) for e in extras if e.get("key") == TAGS_EXTRA), None)
    if isinstance(keywords, list) and all(isinstance(k, str) for k in keywords):
        out["tags"] = [{"name": k} for k in keywords]
        out["extras"] = [e for e in out["extras"] if e.get("key") != TAGS_EXTRA]
    return out


def dataset_to_package(dataset: dict, *, resource_path: Callable[[dict], str | None] | None = None) -> dict:
    """The data package descriptor for a CKAN dataset dict.

    `resource_path(resource)` gives the path or URL a resource gets in the package (default: its url).
    """
    resource_path = resource_path or (lambda resource: resource.get("url"))
    extras = {e["key"]: e.get("value") for e in dataset.get("extras") or [] if isinstance(e, dict) and e.get("key")}
    package: dict = {key: dataset[key] for key in AS_IS if dataset.get(key) not in (None, "")}
    if IDENTIFIER in extras:
        package["id"] = from_text(extras.pop(IDENTIFIER))
    package.update({key: dataset[ckan] for key, ckan in RENAMED.items() if dataset.get(ckan) not in (None, "")})
    if dataset.get("tags"):
        package["keywords"] = [tag["name"] if isinstance(tag, dict) else tag for tag in dataset["tags"]]
    if "keywords" in extras:  # all of them, where the catalog refused some as tags (see catalog.publishing.tags)
        package["keywords"] = from_text(extras.pop("keywords"))
    licence = frictionless_license(dataset.get("license_id"), dataset.get("license_title"), dataset.get("license_url"))
    licences = from_text(extras.pop("licenses")) if "licenses" in extras else [licence] if licence else None
    if licences is not None:
        package["licenses"] = licences
    contributors = from_text(extras.pop("contributors")) if "contributors" in extras else contributors_of(dataset)
    if contributors:
        package["contributors"] = contributors
    for key, value in dataset.items():
        if key not in CKAN_DATASET_KEYS and value is not None:
            package[key] = value  # fields of the portal's schema, e.g. the GD Catalog's
    if any(key in dataset or key in extras for key in GD_CATALOG_ONLY):
        # a GD Catalog dataset: its CKAN-named fields stay top-level too, as `catalog build` writes them
        package.update({key: dataset[key] for key in ("license_id", "maintainer", "maintainer_email")
                        if dataset.get(key)})
    owner = (dataset.get("organization") or {}).get("name") or dataset.get("owner_org")
    if owner:
        package["owner_org"] = owner
    for key, value in extras.items():
        package.setdefault(key, from_text(value))
    originals = [r for r in dataset.get("resources") or [] if not is_descriptor(r)]
    package["resources"] = [resource_from_ckan(r, resource_path) for r in originals]
    frictionless_names(package["resources"], originals)
    return package


def contributors_of(dataset: dict) -> list[dict]:
    """The Frictionless contributors that CKAN's author and maintainer fields stand for."""
    people = []
    for role in ROLES:
        if dataset.get(role):
            person = {"title": dataset[role]}
            if dataset.get(f"{role}_email"):
                person["email"] = dataset[f"{role}_email"]
            people.append({**person, "role": role})
    return people


def _roles(contributor) -> list:
    if not isinstance(contributor, dict):
        return []
    return contributor.get("roles") or ([contributor["role"]] if contributor.get("role") else [])


def _people_to_ckan(descriptor: dict, dataset: dict, extras: dict) -> None:
    contributors = descriptor.get("contributors") or []
    for role in ROLES:
        person = next((c for c in contributors if role in _roles(c)), None)
        if person is None:
            continue
        # a GD Catalog package names its maintainer top-level as well; that one wins
        for key, value in ((role, person.get("title")), (f"{role}_email", person.get("email"))):
            if dataset.get(key) is None and value is not None:
                dataset[key] = value
    if "contributors" in descriptor and descriptor["contributors"] != contributors_of(dataset):
        extras["contributors"] = descriptor["contributors"]


def _licence_to_ckan(descriptor: dict, dataset: dict, extras: dict, *, gd_catalog: bool) -> None:
    licences = descriptor.get("licenses") or []
    if licences and isinstance(licences[0], dict):
        label = dataset.get("license_id")
        if label is None and gd_catalog and licences[0].get("title") in GD_CATALOG_LABELS:
            label = licences[0]["title"]  # the GD Catalog knows its licences by their labels
        dataset.update(ckan_license(licences[0], label))
    rebuilt = frictionless_license(dataset.get("license_id"), dataset.get("license_title"), dataset.get("license_url"))
    if "licenses" in descriptor and descriptor["licenses"] != ([rebuilt] if rebuilt else []):
        extras["licenses"] = descriptor["licenses"]


def _upsert(dataset: dict, existing: dict) -> None:
    dataset["id"] = existing["id"]
    by_name = {r.get("name"): r for r in existing.get("resources") or []}
    for resource in dataset["resources"]:
        old = by_name.get(resource.get("name"))
        if old is None:
            continue
        resource["id"] = old["id"]
        if old.get("url_type") == "upload" and not urlparse(str(resource.get("url") or "")).scheme:
            resource["url"] = old["url"]  # the file shipped beside the descriptor is the catalog's upload
