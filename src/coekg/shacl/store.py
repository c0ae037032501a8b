"""The data the shapes are checked against: an Oxigraph store and the graphs that make up
the data graph, with a count of the queries run on it."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from coekg.shacl.literals import Codec
from coekg.shacl.shapes import Term


class Store:
    """The data the shapes are checked against: an Oxigraph store, and the graphs whose
    union is the data graph (None: the store's default graph)."""

    def __init__(
        self,
        store: ox.Store,
        graphs: Sequence[ox.NamedNode] | None = None,
        codec: Codec | None = None,
    ) -> None:
        self.store = store
        self.graphs = list(graphs) if graphs is not None else None
        self.codec = codec or Codec()
        self.queries = 0
        self._lock = threading.Lock()  # engines on several threads share a store
        self._uses: dict[ox.NamedNode, int] = {}

    def encode(self, t: Term) -> Term:
        """A term as the store holds it (literals as pySHACL reads them, kept intact)."""
        return self.codec.store_form(t)

    def variants(self, t: Term) -> list[Term]:
        """The forms a constant of the shapes has in the store."""
        return [self.codec.store_form(t)]

    def uses(self, predicate: ox.NamedNode) -> int:
        """How many triples of the data graph have ``predicate`` (counted once)."""
        with self._lock:
            found = self._uses.get(predicate)
        if found is None:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate.value}> ?o }}"
            row = next(iter(self.select(q)))
            count = row[0]
            assert isinstance(count, ox.Literal)
            found = int(count.value)
            with self._lock:
                self._uses[predicate] = found
        return found

    def _count(self) -> None:
        with self._lock:
            self.queries += 1

    def _dataset(self) -> dict[str, Any]:
        return {} if self.graphs is None else {"default_graph": self.graphs}

    def select(self, query: str, **kwargs: Any) -> ox.QuerySolutions:
        self._count()
        result = self.store.query(query, **self._dataset(), **kwargs)
        assert isinstance(result, ox.QuerySolutions)
        return result

    def ask(self, condition: str, value: Term) -> bool:
        result = self.store.query(
            f"SELECT ?v WHERE {{ FILTER({condition}) }}",
            substitutions={ox.Variable("v"): value},
            **self._dataset(),
        )
        assert isinstance(result, ox.QuerySolutions)
        return any(True for _ in result)

    def insert(self, template: str, where: str) -> None:
        """``INSERT { template } WHERE { where }`` with the data graph as the dataset."""
        using = "".join(f"USING <{g.value}> " for g in self.graphs or [])
        self._count()
        self.store.update(f"INSERT {{ {template} }} {using}WHERE {{ {where} }}")
