"""A remote dataset written here: the source's name and ids kept, its provenance recorded, its files
linked (or, with `mirror`, copied here as immutable versions, each checked against its hash).

- Name: the source's own. Taken here by a dataset of another source (or a local one), it becomes
  `<prefix>-<name>` (the source's `prefix`, else its name). Never made from a title.
- Ids: the source's dataset and resource ids where they are UUIDs free here, else UUIDs derived from
  the source and the remote id, so a dataset and its resources keep their ids across runs.
- Schema: the dataset as this catalog's schema keeps it. A GD Catalog-schema catalog lifts the fields
  and keywords a stock CKAN keeps as extras; a stock-schema one keeps GD Catalog fields and the keywords
  its tag rule refuses as extras (catalog.ckanmodel.dataset.for_gd_catalog / for_stock_ckan).
- Provenance extras: harvest_source, harvest_source_url, harvest_remote_id, harvest_remote_url,
  harvest_remote_modified, harvested_at (ckanext-harvest keeps harvest_source_id/_title; these say more).
"""

from __future__ import annotations

import hashlib
import uuid

from catalog.ckanmodel.dataset import for_gd_catalog, for_stock_ckan
from catalog.ckanmodel.jsontext import extra_value
from catalog.harvest.remote import SourceError
from catalog.server.blobs import UploadedFile
from catalog.server.errors import ValidationError
from catalog.server.store import now_iso

PROVENANCE_KEYS = ("harvest_source", "harvest_source_url", "harvest_remote_id", "harvest_remote_url",
                   "harvest_remote_modified", "harvested_at")
MAX_TITLE = 1000  # characters; a longer title is not a title
# what this catalog makes itself, or what names things that live only at the source
_NOT_CARRIED = {"id", "name", "owner_org", "organization", "resources", "tags", "extras", "groups", "state",
                "private", "metadata_created", "metadata_modified", "creator_user_id", "num_resources",
                "num_tags", "relationships_as_subject", "relationships_as_object", "revision_id",
                "tracking_summary", "isopen", "license_title", "remote_id", "remote_url", "remote_modified",
                "publisher", "type"}
_RESOURCE_NOT_CARRIED = {"id", "package_id", "remote_id", "url_type", "created", "metadata_modified", "position",
                         "last_modified", "cache_url", "cache_last_updated", "datastore_active", "state"}


class DatasetRefused(Exception):
    """This one dataset cannot be harvested (the reason says why); the run goes on with the others."""


def derived_id(source_id: str, *parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "harvest:" + source_id + ":" + ":".join(parts)))


def _is_uuid(value) -> bool:
    try:
        return str(uuid.UUID(str(value))) == str(value).lower()
    except ValueError:
        return False


class Importer:
    def __init__(self, local, source: dict, backend, remote):
        self.local, self.source, self.backend, self.remote = local, source, backend, remote
        self.config = source["config"]
        self.prefix = self.config.get("prefix") or source["name"]
        self._organizations: set[str] = set()  # known to exist here
        self.gd_catalog = local.store.settings().get("dataset_schema") == "gdc"

    # --- which dataset here ------------------------------------------------------------------------------

    def _ours(self, pkg: dict | None) -> bool:
        return bool(pkg) and extra_value(pkg, "harvest_source") == self.source["name"]

    def locate(self, remote: dict, known: str | None) -> tuple[str, dict | None]:
        """The id of the remote dataset here, and the dataset here under that id (None: not yet here)."""
        if known:
            return known, self.local.find("package_show", {"id": known})
        remote_id = str(remote["remote_id"])
        if _is_uuid(remote_id):
            found = self.local.find("package_show", {"id": remote_id})
            if found is None or (self._ours(found) and extra_value(found, "harvest_remote_id") == remote_id):
                return remote_id, found
        package_id = derived_id(self.source["id"], remote_id)
        return package_id, self.local.find("package_show", {"id": package_id})

    def _name(self, remote: dict, package_id: str, existing: dict | None) -> str:
        name = str(remote.get("name") or "").strip().lower()
        if not name:
            raise DatasetRefused("the source gives this dataset no name")
        for candidate in (name, f"{self.prefix}-{name}"[:100],
                          f"{self.prefix}-{name}"[:91] + "-" + hashlib.sha256(package_id.encode()).hexdigest()[:8]):
            if existing is not None and existing["name"] == candidate:
                return candidate
            found = self.local.find("package_show", {"id": candidate})
            if found is None or found["id"] == package_id:
                return candidate
        raise DatasetRefused(f"the name {name} is taken here, also with the prefix {self.prefix}")

    def _resource_id(self, package_id: str, remote: dict, resource: dict, index: int) -> str:
        remote_rid = str(resource.get("id") or resource.get("remote_id") or resource.get("url") or index)
        if _is_uuid(remote_rid):
            found = self.local.find("resource_show", {"id": remote_rid})
            if found is None or found.get("package_id") == package_id:
                return remote_rid
        return derived_id(self.source["id"], str(remote["remote_id"]), remote_rid)

    # --- the dataset dict written here ----------------------------------------------------------------------

    def dataset(self, remote: dict, package_id: str, existing: dict | None = None) -> dict:
        title = remote.get("title") or ""
        if len(title) > MAX_TITLE:
            raise DatasetRefused(f"its title is {len(title):,} characters long (at most {MAX_TITLE:,})")
        data = {k: v for k, v in remote.items() if k not in _NOT_CARRIED}
        data.update(id=package_id, name=self._name(remote, package_id, existing), title=title or remote.get("name"),
                    state="active", private=False)
        data["tags"] = [{"name": t["name"] if isinstance(t, dict) else str(t)} for t in remote.get("tags") or []
                        if (t.get("name") if isinstance(t, dict) else t)]
        extras = [e for e in remote.get("extras") or [] if isinstance(e, dict) and e.get("key")
                  and e["key"] not in PROVENANCE_KEYS]
        extras += [{"key": "harvest_source", "value": self.source["name"]},
                   {"key": "harvest_source_url", "value": self.source["url"]},
                   {"key": "harvest_remote_id", "value": str(remote["remote_id"])},
                   {"key": "harvest_remote_url", "value": remote.get("remote_url") or ""},
                   {"key": "harvest_remote_modified", "value": remote.get("remote_modified") or ""},
                   {"key": "harvested_at", "value": now_iso()}]
        data["extras"] = extras
        organization = self._organization(remote)
        if organization:
            data["owner_org"] = organization
        data["resources"] = []
        for index, resource in enumerate(remote.get("resources") or []):
            if not isinstance(resource, dict):
                continue
            local = {k: v for k, v in resource.items() if k not in _RESOURCE_NOT_CARRIED}
            local["id"] = self._resource_id(package_id, remote, resource, index)
            local["harvest_remote_url"] = resource.get("url") or ""
            data["resources"].append(local)
        # the dataset in this catalog's schema, whichever schema the source keeps (GD Catalog or stock CKAN)
        return for_gd_catalog(data) if self.gd_catalog else for_stock_ckan(data)

    def _organization(self, remote: dict) -> str | None:
        """The configured organization, else the source's own (made here when missing)."""
        wanted = self.config.get("organization")
        if wanted:
            return wanted
        remote_org = remote.get("organization") or {}
        name = remote_org.get("name") if isinstance(remote_org, dict) else None
        if not name:
            return None
        if name in self._organizations:
            return name
        if self.local.find("organization_show", {"id": name, "include_datasets": False}) is None:
            found = self.backend.organization(name) or remote_org
            self.local.call("organization_create", {"name": name, "title": found.get("title") or name,
                                                    "description": found.get("description") or ""})
        self._organizations.add(name)
        return name

    # --- writing -----------------------------------------------------------------------------------------

    def write(self, remote: dict, known_package_id: str | None) -> tuple[str, str]:
        """Create or update the dataset here; returns (package id, "created" or "updated"). With `mirror`,
        every file is downloaded and checked first: a file whose bytes do not match its hash refuses the
        dataset before anything is written, so the versions kept here stay as they were."""
        try:
            return self._write(remote, known_package_id)
        except BaseException:
            self._organizations.clear()  # one made for this dataset is undone with it
            raise

    def _write(self, remote: dict, known_package_id: str | None) -> tuple[str, str]:
        package_id, existing = self.locate(remote, known_package_id)
        data = self.dataset(remote, package_id, existing)
        uploads = self._fetch_files(remote, data) if self.config.get("mirror") else []
        try:
            if self.config.get("mirror"):
                self._keep_files(existing, data)
            if existing is None:
                self.local.call("package_create", data)
                outcome = "created"
            else:
                self.local.call("package_update", data)
                outcome = "updated"
            for resource_id, upload in uploads:  # oldest version first, so the newest ends current
                self.local.call("resource_patch", {"id": resource_id, "upload": upload})
        except ValidationError as exc:
            raise DatasetRefused(_one_line(exc.errors)) from None
        finally:
            for _, upload in uploads:
                upload.path.unlink(missing_ok=True)
        return package_id, outcome

    # --- mirror: the files themselves, every version ------------------------------------------------------

    def _keep_files(self, existing: dict | None, data: dict) -> None:
        """A resource already mirrored keeps its uploaded file (url and hash) while its metadata is updated."""
        stored = {r["id"]: r for r in (existing or {}).get("resources") or []}
        for resource in data["resources"]:
            old = stored.get(resource["id"])
            if old and old.get("url_type") == "upload":
                for key in ("url", "hash", "size", "mimetype"):
                    resource[key] = old.get(key)
            else:
                resource.pop("hash", None)  # set by the upload, from the bytes themselves

    def _fetch_files(self, remote: dict, data: dict) -> list[tuple[str, UploadedFile]]:
        """The file versions not yet here, downloaded and checked, oldest first: every version where the
        source keeps them (a catalog of ours: resource_version_list), else its current file."""
        remote_resources = [r for r in remote.get("resources") or [] if isinstance(r, dict)]
        fetched: list[tuple[str, UploadedFile]] = []
        try:
            for local, theirs in zip(data["resources"], remote_resources):
                have = {v["hash"] for v in self.local.find("resource_version_list", {"id": local["id"]}) or []}
                versions = self.backend.resource_versions(theirs["id"]) if theirs.get("id") else None
                if versions is None:
                    if not theirs.get("url"):
                        continue
                    versions = [{"url": theirs["url"], "hash": theirs.get("hash"), "filename": _filename(theirs["url"])}]
                for version in versions:
                    digest = version.get("hash") if str(version.get("hash") or "").startswith("sha256:") else None
                    if digest and digest in have:
                        continue
                    upload = self._download(version["url"], version.get("filename") or _filename(version["url"]),
                                            digest)
                    if f"sha256:{upload.sha256}" in have:
                        upload.path.unlink(missing_ok=True)
                        continue
                    have.add(f"sha256:{upload.sha256}")
                    fetched.append((local["id"], upload))
        except BaseException:
            for _, upload in fetched:
                upload.path.unlink(missing_ok=True)
            raise
        return fetched

    def _download(self, url: str, filename: str, digest: str | None) -> UploadedFile:
        path = self.local.upload_path()
        sha = hashlib.sha256()
        try:
            response = self.remote.get(url)
        except SourceError as exc:
            raise DatasetRefused(f"its file {url} cannot be downloaded: {exc.message_en}") from None
        if response.status_code != 200:
            raise DatasetRefused(f"its file {url} answered HTTP {response.status_code}")
        body = response.content
        sha.update(body)
        size = len(body)
        if digest and f"sha256:{sha.hexdigest()}" != digest:
            raise DatasetRefused(f"the bytes of {url} do not match their hash {digest[:19]}…: refused, the version "
                                 f"kept here is unchanged")
        path.write_bytes(body)
        return UploadedFile(filename=filename, path=path, sha256=sha.hexdigest(), size=size,
                            content_type=response.headers.get("content-type"))


def _filename(url: str) -> str:
    tail = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return tail or "file"


def _one_line(errors: dict) -> str:
    parts = []
    for field, messages in errors.items():
        if field.startswith("__"):
            continue
        text = "; ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
        parts.append(f"{field}: {text}")
    return ", ".join(parts)[:500] or "refused by this catalog"
