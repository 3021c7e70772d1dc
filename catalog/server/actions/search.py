"""package_search (filled in by the search module)."""

from __future__ import annotations

from catalog.server.actions import action
from catalog.server.auth import check_access


@action(read=True)
def package_search(context, data_dict):
    check_access("package_search", context, data_dict)
    from catalog.server.search import search_packages

    return search_packages(context, data_dict)
