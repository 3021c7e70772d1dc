"""Resources inside a package dict: merging what a client sends with what is stored, and uploads.

Every upload becomes a new immutable version of its resource; the resource's `url` always downloads the
latest, and each version keeps its own permanent URL.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

from sqlalchemy import func, insert, select

from catalog.server.blobs import UploadedFile, store_blob
from catalog.server.datasets import RESOURCE_CORE_KEYS, guess_format, guess_mimetype
from catalog.server.errors import ValidationError
from catalog.server.row_tables import load_version
from catalog.server.store import new_id, now_iso, tables

MAX_FILENAME = 150  # characters; the extension is kept when a longer name is cut


def _plain(char: str) -> bool:
    # letters, marks and digits of any script (Thai vowel and tone marks are marks, not \w), and . _ -
    return char in "._-" or unicodedata.category(char)[0] in "LMN"


def safe_filename(name: str | None) -> str:
    """The last path part of a client's file name, with path tricks, separators, quotes and control or
    format characters turned into "-"; never empty, never hidden (leading dot), at most MAX_FILENAME."""
    base = PurePosixPath(unicodedata.normalize("NFC", str(name or "")).replace("\\", "/")).name
    base = re.sub(r"-{2,}", "-", "".join(c if _plain(c) else "-" for c in base)).strip(".-")
    if len(base) > MAX_FILENAME:
        stem, dot, extension = base.rpartition(".")
        extension = dot + extension if dot and len(extension) <= 16 else ""
        base = base[:MAX_FILENAME - len(extension)].rstrip(".-") + extension
    return base or "file"


def download_url(site_url: str, package_id: str, resource_id: str, filename: str) -> str:
    return f"{site_url}/dataset/{package_id}/resource/{resource_id}/download/{quote(filename)}"


def version_url(site_url: str, package_id: str, resource_id: str, number: int, filename: str) -> str:
    return f"{site_url}/dataset/{package_id}/resource/{resource_id}/version/{number}/{quote(filename)}"


def apply_upload(context, package_id: str, resource: dict, upload: UploadedFile) -> None:
    conn = context.conn
    sha256 = store_blob(context.store, conn, upload)
    filename = safe_filename(upload.filename)
    number = (conn.execute(select(func.max(tables.resource_version.c.number))
                           .where(tables.resource_version.c.resource_id == resource["id"])).scalar() or 0) + 1
    mimetype = guess_mimetype(filename) or upload.content_type or "application/octet-stream"
    stamp = now_iso()
    conn.execute(insert(tables.resource_version).values(
        id=new_id(), resource_id=resource["id"], package_id=package_id, number=number, sha256=sha256,
        size=upload.size, mimetype=mimetype, filename=filename, created=stamp))
    resource.update({"url": download_url(context.site_url, package_id, resource["id"], filename),
                     "url_type": "upload", "hash": f"sha256:{sha256}", "size": upload.size, "mimetype": mimetype,
                     "last_modified": stamp})
    if not resource.get("format"):
        resource["format"] = guess_format(filename)
    if not resource.get("name"):
        resource["name"] = filename
    load_version(context, package_id, resource, sha256, filename, mimetype)


def _clean(resource: dict) -> dict:
    out = {k: v for k, v in resource.items() if k != "upload" and not k.startswith("__")}
    if isinstance(out.get("size"), str):
        out["size"] = int(out["size"]) if out["size"].strip().isdigit() else None
    return out


def merge_resources(context, package_id: str, incoming: list, existing: list[dict]) -> list[dict]:
    """The package's new resource list: sent resources (merged by id with stored ones), in sent order."""
    by_id = {r["id"]: r for r in existing}
    stamp = now_iso()
    merged = []
    for index, sent in enumerate(incoming):
        if not isinstance(sent, dict):
            raise ValidationError({"resources": [f"resource {index} is not an object"]})
        upload = sent.get("upload")
        old = by_id.get(sent.get("id"))
        resource = dict(old) if old else {}
        cleaned = _clean(sent)
        if old and old.get("url_type") == "upload" and not isinstance(upload, UploadedFile):
            # a client echoing the stored dict must not turn an upload into a link
            cleaned.pop("url_type", None)
            if cleaned.get("url") and cleaned["url"] != old.get("url"):
                resource["url_type"] = None
        resource.update(cleaned)
        if not old:
            resource["id"] = _resource_id(context, sent.get("id"))
            resource["created"] = stamp
        for key in RESOURCE_CORE_KEYS:
            resource.setdefault(key, None)
        resource["package_id"] = package_id
        resource["state"] = "active"
        resource["url"] = resource.get("url") or ""
        if isinstance(upload, UploadedFile):
            apply_upload(context, package_id, resource, upload)
        if not resource.get("format"):
            resource["format"] = guess_format(resource.get("url"))
        if old is None or resource != old:
            resource["metadata_modified"] = stamp
        merged.append(resource)
    return merged


def _resource_id(context, wanted) -> str:
    if not wanted:
        return new_id()
    taken = context.conn.execute(select(tables.resource_index.c.id).where(tables.resource_index.c.id == wanted)).first()
    if taken:
        raise ValidationError({"id": ["Resource id already exists"]})
    return str(wanted)
