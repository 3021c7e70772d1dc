"""The catalog's own address (`site_url`), which every link it writes names, as CKAN's ckan.site_url.

Set on purpose (`catalog admin set site_url`, `catalog serve --site-url`), it stays until set again: a
`catalog serve` on another port for a test does not move the links a publish prints or stores. A home
whose address was never set takes the address of the `catalog serve` that runs it.
"""

from __future__ import annotations

SOURCE = "site_url_source"  # "configured": set on purpose; "served": taken from the last serve


def configure_site_url(store, url: str) -> None:
    store.set_setting("site_url", url.rstrip("/"))
    store.set_setting(SOURCE, "configured")


def serving_site_url(store, given: str | None, served: str) -> str:
    """The address a `catalog serve` writes into links: the one given, else the configured one, else its own."""
    if given:
        configure_site_url(store, given)
    elif store.settings().get(SOURCE) != "configured":
        store.set_setting("site_url", served)
        store.set_setting(SOURCE, "served")
    return store.settings()["site_url"]
