"""Terms written the way pySHACL's ``stringify_node`` writes them in its generic messages.

Prefixed names come from rdflib's namespace manager (the shapes graph's prefixes for terms
of the shapes, rdflib's defaults for terms of the data), literals are written
``Literal("...", datatype=...)``, blank nodes ``[ ... ]`` with their triples, and RDF lists
``( ... )``. rdflib is imported only when a generic message is needed.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from coekg.shacl.literals import decode, to_rdflib
from coekg.shacl.shapes import RDF_FIRST, SH, ShapesGraph, Term
from coekg.shacl.store import Store


class Stringifier:
    """Writes terms as pySHACL does, for one shapes graph and one data store."""

    def __init__(self, sg: ShapesGraph, store: Store) -> None:
        import rdflib

        self.sg = sg
        self.store = store
        shapes_ns = rdflib.Graph().namespace_manager
        for prefix, ns in sg.prefixes.items():
            shapes_ns.bind(prefix, ns)
        shapes_ns.bind("sh", SH, override=False, replace=False)
        data_ns = rdflib.Graph().namespace_manager
        data_ns.bind("sh", SH, override=False, replace=False)
        self._ns = {"shapes": shapes_ns, "data": data_ns}
        self._cache: dict[tuple[str, Term], str] = {}

    def _shape_pairs(self, node: Term) -> list[tuple[str, Term]]:
        return [(p, o) for p in self.sg.predicates(node) for o in self.sg.objects(node, p)]

    def _data_pairs(self, node: Term) -> list[tuple[str, Term]]:
        out: list[tuple[str, Term]] = []
        # Oxigraph substitutes only a variable of the projection
        for row in self.store.select(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
            substitutions={ox.Variable("s"): self.store.encode(node)},
        ):
            out.append((row[1].value, decode(row[2])))
        return out

    def shapes(self, node: Term) -> str:
        return self._node("shapes", node, 0)

    def data(self, node: Term) -> str:
        return self._node("data", node, 0)

    def _n3(self, which: str, iri: str) -> str:
        import rdflib

        try:
            return str(rdflib.URIRef(iri).n3(namespace_manager=self._ns[which]))
        except Exception:
            return iri

    def _node(self, which: str, node: Term, depth: int) -> str:
        if isinstance(node, ox.Literal):
            return self._literal(which, node)
        if isinstance(node, ox.BlankNode):
            key = (which, node)
            if key not in self._cache:
                self._cache[key] = self._blank(which, node, depth + 1)
            return self._cache[key]
        return self._n3(which, node.value)

    def _literal(self, which: str, node: ox.Literal) -> str:
        lit: Any = to_rdflib(node)
        value = None if lit.value is None else str(lit.value)
        if value is not None:
            at = value.find(" object at 0x")
            if at > 0:
                value = value[:at]
        lex = str(lit)
        text = f'"{lex}" = {value}' if value is not None and value != lex else f'"{lex}"'
        lang = f", lang={lit.language}" if lit.language else ""
        dt = f", datatype={self._n3(which, str(lit.datatype))}" if lit.datatype else ""
        return f"Literal({text}{lang}{dt})"

    def _blank(self, which: str, node: Term, depth: int) -> str:
        if depth >= 12:
            return "<http://recursion.too.deep>"
        pairs = self._shape_pairs(node) if which == "shapes" else self._data_pairs(node)
        if not pairs:
            return "[ ]"
        if any(p == RDF_FIRST for p, _ in pairs):
            items = self.sg.items(node) if which == "shapes" else []
            return "( {} )".format(" ".join(self._node(which, i, depth + 1) for i in items))
        by_pred: dict[str, list[str]] = {}
        for p, o in pairs:
            by_pred.setdefault(self._n3(which, p), []).append(self._node(which, o, depth + 1))
        parts = []
        for p, texts in sorted(by_pred.items()):
            parts.append(f"{p} {', '.join(sorted(texts)) if len(texts) > 1 else texts[0]}")
        return "[ {} ]".format(" ; ".join(parts))
