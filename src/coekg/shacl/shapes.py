"""The shapes graph, and the shapes in it found the way pySHACL finds them.

The shapes are parsed with Oxigraph. Blank nodes are relabelled ``b0``, ``b1``... in the
order the parser meets them, so the same shapes files always give the same labels (the
labels name blank-node shapes in reports).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from coekg.errors import InputError, ParseError

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Node = ox.NamedNode | ox.BlankNode

RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"
VIOLATION = SH + "Violation"
WARNING = SH + "Warning"
INFO = SH + "Info"


class ShapesGraph:
    """The triples of the shapes files, indexed by subject and by predicate."""

    def __init__(self, triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self._spo: dict[Term, dict[str, list[Term]]] = {}
        self._by_p: dict[str, list[tuple[Term, Term]]] = {}
        self.triples: list[ox.Triple] = []
        seen: set[ox.Triple] = set()
        for t in triples:
            s, o = t.subject, t.object
            if t in seen or isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                continue
            seen.add(t)
            self.triples.append(t)
            p = t.predicate.value
            self._spo.setdefault(s, {}).setdefault(p, []).append(o)
            self._by_p.setdefault(p, []).append((s, o))

    def objects(self, s: Term, p: str) -> list[Term]:
        return self._spo.get(s, {}).get(p, [])

    def value(self, s: Term, p: str) -> Term | None:
        found = self.objects(s, p)
        return found[0] if found else None

    def predicates(self, s: Term) -> list[str]:
        return list(self._spo.get(s, {}))

    def pairs(self, p: str) -> list[tuple[Term, Term]]:
        """(subject, object) of every triple with predicate ``p``."""
        return self._by_p.get(p, [])

    def subjects(self, p: str, o: Term | None = None) -> list[Term]:
        return [s for s, obj in self.pairs(p) if o is None or obj == o]

    def items(self, node: Term) -> list[Term]:
        """The members of the RDF list ``node`` (empty for rdf:nil or a non-list)."""
        out: list[Term] = []
        seen: set[Term] = set()
        while isinstance(node, ox.BlankNode | ox.NamedNode) and node.value != RDF_NIL:
            if node in seen:
                break
            seen.add(node)
            first = self.value(node, RDF_FIRST)
            if first is None:
                break
            out.append(first)
            rest = self.value(node, RDF_REST)
            if rest is None:
                break
            node = rest
        return out


def read_shapes(paths: Sequence[Path]) -> ShapesGraph:
    """Parse the shapes files; blank nodes get stable labels in document order."""
    triples: list[ox.Triple] = []
    prefixes: dict[str, str] = {}
    counter = 0
    for path in paths:
        relabel: dict[str, ox.BlankNode] = {}

        def node(term: Term, relabel: dict[str, ox.BlankNode] = relabel) -> Term:
            nonlocal counter
            if isinstance(term, ox.BlankNode):
                if term.value not in relabel:
                    relabel[term.value] = ox.BlankNode(f"b{counter}")
                    counter += 1
                return relabel[term.value]
            return term

        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"{path}: cannot read ({e.strerror})") from None
        fmt = ox.RdfFormat.TURTLE if path.suffix.lower() == ".ttl" else None
        try:
            parser = ox.parse(
                data,
                format=fmt or ox.RdfFormat.from_extension(path.suffix.lstrip(".")),
                base_iri=path.resolve().as_uri(),
            )
            for q in parser:
                if isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Triple):
                    raise InputError(f"{path}: RDF-star triple terms have no meaning in shapes")
                s = node(q.subject)
                o = node(q.object)
                assert isinstance(s, ox.NamedNode | ox.BlankNode)
                triples.append(ox.Triple(s, q.predicate, o))
            prefixes.update(parser.prefixes)
        except SyntaxError as e:
            raise ParseError(path, e.msg or str(e), e.lineno) from None
    return ShapesGraph(triples, prefixes)


@dataclass(eq=False)
class Shape:
    """One node shape or property shape."""

    node: Node
    is_property: bool
    path: Term | None
    severity: str
    messages: list[ox.Literal] = field(default_factory=list)
    deactivated: bool = False

    def __repr__(self) -> str:
        kind = "PropertyShape" if self.is_property else "NodeShape"
        return f"<{kind} {self.node}>"


def _shape(sg: ShapesGraph, node: Node, path: Term | None) -> Shape:
    deactivated = sg.value(node, SH + "deactivated")
    severity = sg.value(node, SH + "severity")
    messages = [m for m in sg.objects(node, SH + "message") if isinstance(m, ox.Literal)]
    return Shape(
        node=node,
        is_property=path is not None,
        path=path,
        severity=severity.value if isinstance(severity, ox.NamedNode) else VIOLATION,
        messages=messages,
        deactivated=isinstance(deactivated, ox.Literal) and deactivated.value == "true",
    )


def find_shapes(sg: ShapesGraph) -> dict[Term, Shape]:
    """Every shape of the shapes graph, found as pySHACL's ShapesGraph finds them."""
    typed_node = set(sg.subjects(RDF_TYPE, ox.NamedNode(SH + "NodeShape")))
    typed_prop = set(sg.subjects(RDF_TYPE, ox.NamedNode(SH + "PropertyShape")))
    subjects: set[Term] = set()
    for p in (
        "targetClass",
        "targetNode",
        "targetObjectsOf",
        "targetSubjectsOf",
        "property",
        "node",
    ):
        subjects.update(s for s, _ in sg.pairs(SH + p))
    values: set[Term] = set()
    for p in ("property", "node", "not", "qualifiedValueShape"):
        values.update(o for _, o in sg.pairs(SH + p))
    for p in ("and", "or", "xone"):
        for _, lst in sg.pairs(SH + p):
            values.update(sg.items(lst))
    found: dict[Term, Shape] = {}
    for s in sorted(typed_node | typed_prop | subjects | values, key=str):
        if not isinstance(s, ox.NamedNode | ox.BlankNode):
            continue
        paths = sg.objects(s, SH + "path")
        if s in typed_node:
            found[s] = _shape(sg, s, None)
        elif s in typed_prop or paths:
            found[s] = _shape(sg, s, paths[0] if paths else None)
        else:
            found[s] = _shape(sg, s, None)
    return found
