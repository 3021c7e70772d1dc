from tests.server.conftest import catalog_cli  # noqa: F401 (a fixture used here)
