"""The rows of the catalog's CSV file versions: loaded at upload (publish and mirrored harvest alike) into
the rows store under `<home>/rows`, and found again for a resource and version number.

Loading never fails an upload: a file that cannot be read as a table is kept and downloadable as ever,
it only has no rows to query. A version uploaded before the rows store existed is loaded when first asked.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select

from catalog.server.actions import AFTER_COMMIT
from catalog.server.errors import NotFound
from catalog.server.store import tables

log = logging.getLogger(__name__)
TABULAR_MIMETYPES = {"text/csv", "application/csv"}


def rows_dir(store) -> Path:
    return store.home / "rows"


def is_tabular(filename: str | None, mimetype: str | None) -> bool:
    return (mimetype or "").split(";")[0].strip() in TABULAR_MIMETYPES or (filename or "").lower().endswith(".csv")


def load_version(context, package_id: str, resource: dict, sha256: str, filename: str, mimetype: str | None) -> None:
    """Load a new file version's rows once its action has committed (the write lock is not held while a
    large file loads), then record their text for search; a file that is not a table is left as it is."""
    if not is_tabular(filename, mimetype):
        return
    store, schema = context.store, resource.get("schema")
    context.extra.setdefault(AFTER_COMMIT, []).append(
        lambda: _load_and_index(store, package_id, sha256, filename, schema))


def _load_and_index(store, package_id: str, sha256: str, filename: str, schema) -> None:
    """Never raises: the upload is committed and answered as done; rows that failed to load are loaded
    again when first asked for."""
    from catalog.rows.tables import RowsLoadError, load_table, row_text, schema_of

    try:
        table = load_table(rows_dir(store), store.blob_path(sha256), sha256, schema_of(schema))
        text = row_text(table)
        _record_text(store, package_id, sha256, text)
    except RowsLoadError as error:
        log.warning("rows of %s (%s) not loaded: %s", filename, sha256[:12], error)
    except Exception as error:  # noqa: BLE001 - a load must never turn a committed upload into an error
        log.warning("rows of %s (%s) not loaded: %s: %s", filename, sha256[:12], type(error).__name__, error)


def _record_text(store, package_id: str, sha256: str, text: str) -> None:
    from catalog.server.datasets import refresh_search_text

    with store.begin() as conn:
        if conn.execute(select(tables.blob_row_text.c.sha256).where(tables.blob_row_text.c.sha256 == sha256)).first() is None:
            conn.execute(tables.blob_row_text.insert().values(sha256=sha256, body=text))
        refresh_search_text(conn, package_id)


def file_version(conn, resource_id: str, number: int | None = None):
    """A resource's file version row: the given number, or the newest."""
    version = tables.resource_version
    query = select(version).where(version.c.resource_id == resource_id)
    if number is None:
        query = query.order_by(version.c.number.desc()).limit(1)
    else:
        query = query.where(version.c.number == number)
    return conn.execute(query).first()


def table_of(store, resource: dict, version):
    """The loaded rows of a resource's file version (loading them if they never were), or NotFound."""
    from catalog.rows.tables import RowsLoadError, load_table, open_table, schema_of

    if version is None or not is_tabular(version.filename, version.mimetype):
        raise NotFound(f'Resource "{resource["id"]}" was not found.')
    schema = schema_of(resource.get("schema"))
    table = open_table(rows_dir(store), version.sha256, schema)
    if table is None:
        try:
            table = load_table(rows_dir(store), store.blob_path(version.sha256), version.sha256, schema)
        except RowsLoadError:
            raise NotFound(f'Resource "{resource["id"]}" was not found.') from None
    return table


def row_texts(conn, sha256s: list[str]) -> dict[str, str]:
    if not sha256s:
        return {}
    rows = conn.execute(select(tables.blob_row_text).where(tables.blob_row_text.c.sha256.in_(sha256s)))
    return {row.sha256: row.body for row in rows}


def resource_sha256(resource: dict) -> str | None:
    value = resource.get("hash") or ""
    return value[len("sha256:"):] if resource.get("url_type") == "upload" and value.startswith("sha256:") else None


def resources_matching(store, datasets: list[dict], q: str) -> dict[str, list[dict]]:
    """For a page of search results: dataset id -> its resources whose rows hold every word of q (so the
    page can say where a word was found when it is not in the dataset's own metadata)."""
    words = [w.strip('"\'()') for w in (q or "").split() if ":" not in w and w.strip('"\'()*') not in ("", "AND", "OR", "NOT")]
    files = {sha: (pkg["id"], resource) for pkg in datasets for resource in pkg.get("resources") or []
             if (sha := resource_sha256(resource))}
    if not words or not files:
        return {}
    body = tables.blob_row_text.c.body
    query = select(tables.blob_row_text.c.sha256).where(tables.blob_row_text.c.sha256.in_(list(files)),
                                                         *[body.contains(w, autoescape=True) for w in words])
    with store.read() as conn:
        found = [row.sha256 for row in conn.execute(query)]
    out: dict[str, list[dict]] = {}
    for sha in found:
        package_id, resource = files[sha]
        out.setdefault(package_id, []).append(resource)
    return out
