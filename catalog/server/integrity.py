"""`catalog admin check`: every stored file matches its hash and every row's references resolve.

`recover` runs when a catalog opens: an upload cut off mid-way leaves a temporary file, and a blob may
be fsynced but its row never committed (the process died in between). Neither is reachable, so both go.
"""

from __future__ import annotations

import fcntl

from sqlalchemy import select

from catalog.server.blobs import file_sha256
from catalog.server.store import Store, loads, tables


def check_store(store: Store) -> list[str]:
    problems: list[str] = []
    with store.read() as conn:
        blobs = {r.sha256: r.size for r in conn.execute(select(tables.blob))}
        for sha256, size in blobs.items():
            path = store.blob_path(sha256)
            if not path.exists():
                problems.append(f"blob {sha256}: file missing")
            elif path.stat().st_size != size or file_sha256(path) != sha256:
                problems.append(f"blob {sha256}: file does not match its hash")
        on_disk = {p.name for p in store.blob_dir.rglob("*") if p.is_file()}
        for name in sorted(on_disk - set(blobs)):
            problems.append(f"file {name}: in the blob store but not recorded")
        versions = conn.execute(select(tables.resource_version)).all()
        latest: dict[str, object] = {}
        for v in versions:
            if v.sha256 not in blobs:
                problems.append(f"resource {v.resource_id} version {v.number}: blob {v.sha256} not recorded")
            if v.resource_id not in latest or v.number > latest[v.resource_id].number:
                latest[v.resource_id] = v
        packages = {r.id: r for r in conn.execute(select(tables.package))}
        index = {r.id: r.package_id for r in conn.execute(select(tables.resource_index))}
        seen_resources = set()
        for package_id, row in packages.items():
            pkg = loads(row.data)
            if pkg["id"] != package_id or pkg["name"] != row.name:
                problems.append(f"dataset {package_id}: stored dict does not match its row")
            for resource in pkg.get("resources", []):
                seen_resources.add(resource["id"])
                if index.get(resource["id"]) != package_id:
                    problems.append(f"resource {resource['id']}: not indexed under dataset {row.name}")
                if resource.get("url_type") == "upload":
                    version = latest.get(resource["id"])
                    if version is None:
                        problems.append(f"resource {resource['id']}: uploaded but no stored version")
                    elif resource.get("hash") != f"sha256:{version.sha256}":
                        problems.append(f"resource {resource['id']}: hash is not its latest version's")
        for resource_id, package_id in index.items():
            if package_id not in packages or resource_id not in seen_resources:
                problems.append(f"resource {resource_id}: indexed but not in its dataset")
        for table in (tables.package_term, tables.package_group):
            for row in conn.execute(select(table.c.package_id).distinct()):
                if row.package_id not in packages:
                    problems.append(f"{table.name}: rows for missing dataset {row.package_id}")
        for row in conn.exec_driver_sql("SELECT package_id FROM package_fts"):
            if row[0] not in packages:
                problems.append(f"search index: row for missing dataset {row[0]}")
        groups = {r.id for r in conn.execute(select(tables.group.c.id))}
        users = {r.id for r in conn.execute(select(tables.user.c.id))}
        for row in conn.execute(select(tables.member)):
            if row.group_id not in groups or row.user_id not in users:
                problems.append(f"membership {row.group_id}/{row.user_id}: dangling")
        for row in conn.execute(select(tables.activity.c.id, tables.activity.c.object_id)):
            if row.object_id not in packages:
                problems.append(f"activity {row.id}: dataset {row.object_id} is gone")
    return problems


def recover(store: Store) -> int:
    """Remove what an interrupted write left behind; returns how many files went."""
    removed = 0
    for path in store.upload_dir.iterdir():
        path.unlink(missing_ok=True)
        removed += 1
    with store.read() as conn:
        recorded = {r.sha256 for r in conn.execute(select(tables.blob.c.sha256))}
    for path in store.blob_dir.rglob("*"):
        if path.is_file() and path.name not in recorded:
            path.unlink()
            removed += 1
    rows = store.home / "rows"  # a rows load cut short leaves its temporary files (complete tables are renamed)
    for path in rows.glob(".*") if rows.is_dir() else ():
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def open_home(store: Store) -> None:
    """Join the processes serving this home; the first one in cleans up after an interrupted write.

    Each process holds a shared lock on the home for as long as it runs. Recovery needs the lock
    alone: while another process serves the home, an upload of theirs may be half-way and is not ours
    to remove.
    """
    lock = open(store.home / "catalog.lock", "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pass
    else:
        recover(store)
    fcntl.flock(lock, fcntl.LOCK_SH)
    store.home_lock = lock  # held until the process ends
