"""Shared pytest fixtures; each helper module registers its own here."""

import os
from collections.abc import Iterator

import pytest

from tests.servers import oxigraph_server, virtuoso_instance, virtuoso_server  # noqa: F401


@pytest.fixture(autouse=True, scope="session")
def _private_store_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Stores that ``coekg query`` keeps on disk go to a folder of the test session, never
    to the user's cache (commands run in subprocesses inherit the variable)."""
    previous = os.environ.get("COEKG_CACHE_DIR")
    os.environ["COEKG_CACHE_DIR"] = str(tmp_path_factory.mktemp("store-cache"))
    yield
    if previous is None:
        del os.environ["COEKG_CACHE_DIR"]
    else:
        os.environ["COEKG_CACHE_DIR"] = previous
