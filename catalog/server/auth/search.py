"""Everyone may search; what each caller sees is filtered by the search itself."""

from catalog.server.auth import rule


@rule
def package_search(context, data_dict):
    return None
