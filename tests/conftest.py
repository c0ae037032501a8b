"""Shared pytest fixtures; each helper module registers its own here."""

from tests.servers import oxigraph_server, virtuoso_instance, virtuoso_server  # noqa: F401
