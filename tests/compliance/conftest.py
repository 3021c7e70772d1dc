from tests.server.conftest import catalog_server  # noqa: F401 (a fixture used here)
