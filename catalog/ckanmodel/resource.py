"""A Frictionless resource <-> a CKAN resource dict.

path <-> url, bytes <-> size, mediatype <-> mimetype; name (a slug), title, description, format, encoding
and `hash` (`sha256:<hex>`) keep their names. Structured values (`schema`, `provenance`, `sources`,
`dialect`, ...) become JSON text, since CKAN resource fields are strings; they are decoded on the way back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlparse

from catalog.ckanmodel.jsontext import from_text, to_text

TO_CKAN = {"path": "url", "bytes": "size", "mediatype": "mimetype"}
FROM_CKAN = {ckan: frictionless for frictionless, ckan in TO_CKAN.items()}

# what CKAN keeps about a resource for itself, not metadata of the data
CKAN_ONLY = frozenset({
    "id", "package_id", "position", "created", "last_modified", "metadata_modified", "url_type", "state",
    "cache_url", "cache_last_updated", "datastore_active", "datastore_contains_all_records_of_source_files",
    "tracking_summary", "has_views", "on_same_domain", "revision_id", "ignore_hash", "original_url",
})
# CKAN's own text fields: never JSON-decoded, and an empty one means "not set"
CKAN_TEXT = frozenset({"name", "description", "format", "hash", "mimetype", "mimetype_inner", "resource_type",
                       "url"})

NAME_RE = re.compile(r"^[-a-z0-9._/]+$")  # a Frictionless resource name


def resource_to_ckan(resource: dict) -> dict:
    out = {}
    for key, value in resource.items():
        if isinstance(value, (dict, list)):
            value = to_text(value)
        out[TO_CKAN.get(key, key)] = value
    return out


def is_descriptor(resource: dict) -> bool:
    """The `datapackage.json` resource is the package itself, not one of its resources."""
    return urlparse(str(resource.get("url") or "")).path.rsplit("/", 1)[-1] == "datapackage.json"


def resource_from_ckan(resource: dict, resource_path: Callable[[dict], str | None]) -> dict:
    out: dict = {}
    for key, value in resource.items():
        if key in CKAN_ONLY or value is None or (key in CKAN_TEXT and value == ""):
            continue
        if key == "url":
            path = resource_path(resource)
            if path:
                out["path"] = from_text(path)  # a multipart path travels as a JSON list
            continue
        if key == "size":
            if not str(value).strip().isdigit():
                continue  # some portals keep "" or "unknown" here
            value = int(value)
        elif key == "format":
            value = value.lower()  # CKAN writes "CSV"; a Frictionless format is the file extension
        elif key not in CKAN_TEXT:
            value = from_text(value)
        out[FROM_CKAN.get(key, key)] = value
    return out


def frictionless_names(resources: list[dict], originals: list[dict]) -> None:
    """Give every resource a unique Frictionless name; a CKAN name that is not one becomes the title."""
    seen: set[str] = set()
    for position, (resource, original) in enumerate(zip(resources, originals)):
        name = resource.pop("name", None)
        if not isinstance(name, str) or not NAME_RE.match(name):
            label = name or urlparse(str(original.get("url") or "")).path.rsplit("/", 1)[-1]
            if label and "title" not in resource:
                resource["title"] = label
            name = re.sub(r"[^a-z0-9._]+", "-", str(label or "").lower()).strip("-.") or f"resource-{position + 1}"
        base, n = name, 2
        while name in seen:
            name = f"{base}-{n}"
            n += 1
        seen.add(name)
        rest = dict(resource)
        resource.clear()
        resource.update({"name": name, **rest})
