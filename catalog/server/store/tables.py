"""The catalog's SQL tables (SQLAlchemy Core, portable SQL; SQLite by default).

A dataset's complete `package_show` dict is kept denormalised in `package.data`, written in the same
transaction as the rows that index it, so reads are one indexed lookup. The side tables (`package_term`,
`resource_index`) exist to search, filter, facet and find resources by id.
"""

from __future__ import annotations

from sqlalchemy import (Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()

setting = Table(
    "setting", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

user = Table(
    "user", metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("fullname", String),
    Column("email", String),
    Column("sysadmin", Boolean, nullable=False, default=False),
    Column("state", String, nullable=False, default="active"),
    Column("created", String, nullable=False),
)

api_token = Table(
    "api_token", metadata,
    Column("id", String, primary_key=True),
    Column("user_id", String, ForeignKey("user.id"), nullable=False),
    Column("name", String, nullable=False),
    Column("token_sha256", String, nullable=False, unique=True),  # only the hash is stored
    Column("created", String, nullable=False),
    Column("revoked", String),  # when, or NULL
)

group = Table(  # organizations and groups, as in CKAN
    "group", metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("is_organization", Boolean, nullable=False),
    Column("state", String, nullable=False, default="active"),
    Column("created", String, nullable=False),
    Column("data", Text, nullable=False),  # title, description, image_url, extras, ...
)

member = Table(
    "member", metadata,
    Column("group_id", String, ForeignKey("group.id"), nullable=False),
    Column("user_id", String, ForeignKey("user.id"), nullable=False),
    Column("capacity", String, nullable=False),  # admin | editor | member
    UniqueConstraint("group_id", "user_id"),
)

package = Table(
    "package", metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("owner_org", String, ForeignKey("group.id")),
    Column("private", Boolean, nullable=False, default=False),
    Column("state", String, nullable=False, default="active"),
    Column("type", String, nullable=False, default="dataset"),
    Column("title", String),
    Column("metadata_created", String, nullable=False),
    Column("metadata_modified", String, nullable=False),
    Column("data", Text, nullable=False),  # the package_show dict, as JSON
    Index("ix_package_modified", "metadata_modified"),
    Index("ix_package_owner", "owner_org"),
    # the search index's slim columns (catalog/server/search/index.py), read without touching `data`
    Index("ix_package_search", "metadata_modified", "id", "name", "state", "private", "owner_org", "type",
          "metadata_created", "title"),
)

package_term = Table(  # one row per (dataset, facet field, value): tags, groups, res_format, extras_*, ...
    "package_term", metadata,
    Column("package_id", String, ForeignKey("package.id"), nullable=False),
    Column("field", String, nullable=False),
    Column("value", String, nullable=False),
    Index("ix_term_lookup", "field", "value", "package_id"),  # covers loading a field's postings
    Index("ix_term_package", "package_id"),
)

package_group = Table(
    "package_group", metadata,
    Column("package_id", String, ForeignKey("package.id"), nullable=False),
    Column("group_id", String, ForeignKey("group.id"), nullable=False),
    UniqueConstraint("package_id", "group_id"),
)

resource_index = Table(  # where a resource lives; its dict is inside its package's data
    "resource_index", metadata,
    Column("id", String, primary_key=True),
    Column("package_id", String, ForeignKey("package.id"), nullable=False),
    Column("state", String, nullable=False, default="active"),
)

blob = Table(  # immutable content-addressed files under <home>/blobs
    "blob", metadata,
    Column("sha256", String, primary_key=True),
    Column("size", Integer, nullable=False),
    Column("created", String, nullable=False),
)

resource_version = Table(  # every file a resource ever had, each forever downloadable
    "resource_version", metadata,
    Column("id", String, primary_key=True),
    Column("resource_id", String, nullable=False),
    Column("package_id", String, nullable=False),
    Column("number", Integer, nullable=False),
    Column("sha256", String, ForeignKey("blob.sha256"), nullable=False),
    Column("size", Integer, nullable=False),
    Column("mimetype", String),
    Column("filename", String, nullable=False),
    Column("created", String, nullable=False),
    Column("activity_id", String),
    UniqueConstraint("resource_id", "number"),
    Index("ix_version_resource", "resource_id"),
)

blob_row_text = Table(  # the distinct text of a CSV blob's rows, joined to its datasets' search text
    "blob_row_text", metadata,
    Column("sha256", String, ForeignKey("blob.sha256"), primary_key=True),
    Column("body", Text, nullable=False),
)

activity = Table(
    "activity", metadata,
    Column("id", String, primary_key=True),
    Column("timestamp", String, nullable=False),
    Column("user_id", String),
    Column("object_id", String, nullable=False),
    Column("activity_type", String, nullable=False),
    Column("data", Text, nullable=False),  # {"package": <the full dict after the change>}
    Index("ix_activity_object", "object_id", "timestamp"),
)

# --- harvesting (catalog/harvest): the catalogs this one gathers from, each run, and what it holds of each --

harvest_source = Table(
    "harvest_source", metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("url", String, nullable=False),
    Column("type", String, nullable=False),  # "ckan" or "dcat"
    Column("config", Text, nullable=False),  # JSON: organization, filters, prefix, mirror, grace_hours
    Column("created", String, nullable=False),
)

harvest_job = Table(
    "harvest_job", metadata,
    Column("id", String, primary_key=True),
    Column("source_id", String, ForeignKey("harvest_source.id"), nullable=False),
    Column("status", String, nullable=False),  # "running", "finished", "failed"
    Column("started", String, nullable=False),
    Column("finished", String),
    Column("gather_since", String),  # the remote metadata_modified the run asked from (None: a full run)
    Column("report", Text),  # JSON: counts and failures with reasons
    Index("ix_harvest_job_source", "source_id", "started"),
)

harvest_object = Table(  # one row per remote dataset a source has given: what it is here, and since when
    "harvest_object", metadata,
    Column("id", String, primary_key=True),
    Column("source_id", String, ForeignKey("harvest_source.id"), nullable=False),
    Column("remote_id", String, nullable=False),
    Column("package_id", String),
    Column("remote_url", String),
    Column("remote_modified", String),
    Column("harvested", String),
    Column("job_id", String),
    Column("state", String, nullable=False),  # "current", "missing" (not seen; grace running), "deleted"
    Column("missing_since", String),
    UniqueConstraint("source_id", "remote_id"),
)
