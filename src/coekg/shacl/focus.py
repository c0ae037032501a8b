"""Focus nodes as SPARQL group patterns.

A focus set is a function of a variable name that returns a group pattern binding that
variable to each focus node once. Targets give the top-level focus sets; the value nodes of
a shape over a focus set are the focus set of the shapes nested under it (``sh:property``
of a property shape, ``sh:node``, ``sh:or``...). Everything stays one SPARQL query, so
Oxigraph does the joins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from coekg.shacl.paths import NotCompilable, term
from coekg.shacl.shapes import RDF, RDFS, SH, Shape, ShapesGraph, Term

Fresh = Callable[[], str]


class Focus:
    """A set of focus nodes."""

    def pattern(self, var: str, fresh: Fresh) -> str:
        raise NotImplementedError


@dataclass
class Targets(Focus):
    """The focus nodes a shape's targets select (with SHACL instance semantics)."""

    alternatives: list[str]  # each a group pattern over the placeholder ?__x

    def pattern(self, var: str, fresh: Fresh) -> str:
        body = " UNION ".join(self.alternatives).replace("?__x", var)
        return f"{{ SELECT DISTINCT {var} WHERE {{ {body} }} }}"

    @property
    def empty(self) -> bool:
        return not self.alternatives


def targets(
    sg: ShapesGraph,
    shape: Shape,
    variants: Callable[[Term], list[Term]] = lambda t: [t],
    advanced: bool = False,
) -> Targets:
    """The targets of ``shape``: sh:targetNode, sh:targetClass, implicit class targets,
    sh:targetSubjectsOf and sh:targetObjectsOf. SHACL-AF custom targets (sh:target) are
    not compiled; without ``advanced`` they are ignored, as pySHACL ignores them."""
    node = shape.node
    if advanced and sg.objects(node, SH + "target"):
        raise NotCompilable("SHACL-AF custom targets (sh:target)")
    alts: list[str] = []
    for n in sg.objects(node, SH + "targetNode"):
        forms = " ".join(term(f) for f in variants(n))
        alts.append(f"{{ VALUES ?__x {{ {forms} }} }}")
    classes = list(sg.objects(node, SH + "targetClass"))
    class_like = {RDFS + "Class"} | {
        s.value
        for s in sg.subjects(RDFS + "subClassOf", ox.NamedNode(RDFS + "Class"))
        if isinstance(s, ox.NamedNode)
    }
    if any(
        isinstance(t, ox.NamedNode) and t.value in class_like
        for t in sg.objects(node, RDF + "type")
    ):
        classes.append(node)
    for c in dict.fromkeys(classes):
        alts.append(f"{{ ?__x <{RDF}type>/<{RDFS}subClassOf>* {term(c)} }}")
    for p in sg.objects(node, SH + "targetSubjectsOf"):
        alts.append(f"{{ ?__x {term(p)} [] }}")
    for p in sg.objects(node, SH + "targetObjectsOf"):
        alts.append(f"{{ [] {term(p)} ?__x }}")
    return Targets(alts)


#: the named graph where the engine keeps the focus sets it has computed
SCRATCH = "urn:x-coekg:validation"
MEMBER = SCRATCH + ":member"


@dataclass
class Stored(Focus):
    """A focus set computed once and kept in the store, as ``<set> member ?node`` quads in
    a graph of its own (outside the default graph the shapes look at), with its number of
    nodes."""

    set_iri: str
    size: int = 0

    def pattern(self, var: str, fresh: Fresh) -> str:
        return f"GRAPH <{SCRATCH}> {{ <{self.set_iri}> <{MEMBER}> {var} }}"

    def holds(self, store: ox.Store, node: Term) -> bool:
        """Whether ``node`` (a term as the store gives it) is in the set: one lookup."""
        found = store.quads_for_pattern(
            ox.NamedNode(self.set_iri), ox.NamedNode(MEMBER), node, ox.NamedNode(SCRATCH)
        )
        return next(iter(found), None) is not None


@dataclass
class ValuesOf(Focus):
    """The value nodes of a property path from the nodes of another focus set."""

    outer: Focus
    path: str

    def pattern(self, var: str, fresh: Fresh) -> str:
        o = fresh()
        return (
            f"{{ SELECT DISTINCT {var} WHERE {{ {self.outer.pattern(o, fresh)} "
            f"{o} {self.path} {var} }} }}"
        )
