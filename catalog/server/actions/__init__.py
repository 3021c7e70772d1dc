"""The Action API: one function per CKAN action, registered by name, each checked by the auth rule of
the same name (catalog/server/auth) and run in one transaction."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from catalog.server.errors import UnknownAction
from catalog.server.store import Connection, Store

ActionFunction = Callable[["Context", dict], object]
AFTER_COMMIT = "after_commit"  # Context.extra key: callables run once the outermost action has committed
ACTIONS: dict[str, ActionFunction] = {}
READ_ONLY: set[str] = set()

_MODULES = ("site", "package", "resource", "organization", "user", "activity", "search", "versions", "dcat", "harvest",
            "compliance", "datastore")


@dataclass
class Context:
    store: Store
    user: dict | None = None  # {"id", "name", "sysadmin"}; None is anonymous
    conn: Connection | None = None
    ignore_auth: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def site_url(self) -> str:
        return self.store.settings()["site_url"].rstrip("/")

    @property
    def sysadmin(self) -> bool:
        return bool(self.user and self.user.get("sysadmin"))


def action(read: bool = False):
    """Register a function as the action of its name; `read` actions may be called with GET."""

    def register(function: ActionFunction) -> ActionFunction:
        ACTIONS[function.__name__] = function
        if read:
            READ_ONLY.add(function.__name__)
        return function

    return register


_loaded = False


def load_actions() -> None:
    global _loaded
    if _loaded:  # importing again registers nothing new; skipping it saves time on every call
        return
    for module in _MODULES:
        importlib.import_module(f"catalog.server.actions.{module}")
    _loaded = True


def get_action(name: str) -> ActionFunction:
    load_actions()
    try:
        return ACTIONS[name]
    except KeyError:
        raise UnknownAction(name) from None


def call_action(name: str, context: Context, data_dict: dict | None = None):
    """Run one action in its own transaction (a read snapshot for read actions)."""
    function = get_action(name)
    data_dict = dict(data_dict or {})
    if context.conn is not None:  # called from inside another action: share its transaction
        return function(context, data_dict)
    opener = context.store.read if name in READ_ONLY else context.store.begin
    with opener() as conn:
        context.conn = conn
        try:
            result = function(context, data_dict)
        finally:
            context.conn = None
    # work an action leaves for after its commit (loading an upload's rows): the write lock is free by then
    for then in context.extra.pop(AFTER_COMMIT, []):
        then()
    return result
