"""This catalog as the harvester writes it: through its own actions, as the `harvest` sysadmin, one
transaction per action, so a harvested dataset gets the same validation, activities and search index as
a published one."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from catalog.server.actions import AFTER_COMMIT, Context, call_action, load_actions
from catalog.server.errors import NotFound
from catalog.server.store import Store
from catalog.server.users import create_user, find_user

HARVEST_USER = "harvest"


class LocalCatalog:
    def __init__(self, store: Store):
        load_actions()
        self.store = store
        with store.begin() as conn:
            try:
                row = find_user(conn, HARVEST_USER)
                self.user = {"id": row.id, "name": row.name, "sysadmin": True}
            except NotFound:
                made = create_user(conn, HARVEST_USER, sysadmin=True, fullname="catalog harvest")
                self.user = {"id": made["id"], "name": made["name"], "sysadmin": True}

        self._conn = None
        self._after_batch: list = []  # what the batch's actions leave for after its commit (rows to load)

    def call(self, name: str, data: dict | None = None):
        extra = {AFTER_COMMIT: self._after_batch} if self._conn is not None else {}
        return call_action(name, Context(store=self.store, user=self.user, conn=self._conn, extra=extra), data or {})

    @contextmanager
    def batch(self):
        """Run the calls inside in one write transaction: a harvest writes many datasets, and one commit for
        a hundred of them is much cheaper than one each."""
        try:
            with self.store.begin() as conn:
                self._conn = conn
                try:
                    yield
                finally:
                    self._conn = None
            for then in self._after_batch:
                then()
        finally:
            self._after_batch.clear()

    @contextmanager
    def each(self):
        """One dataset's writes inside a batch: undone together when one of them is refused."""
        if self._conn is None:
            yield
            return
        savepoint = self._conn.begin_nested()
        try:
            yield
        except BaseException:
            savepoint.rollback()
            raise
        else:
            savepoint.commit()

    def find(self, name: str, data: dict):
        """An action's result, or None when what it names is not found."""
        try:
            return self.call(name, data)
        except NotFound:
            return None

    def upload_path(self):
        """A fresh file in the home's upload folder, where the store takes uploads from."""
        return self.store.upload_dir / f"harvest-{uuid.uuid4().hex}"
