"""sh:closed (with sh:ignoredProperties): a value node has no property other than the
paths of the shape's property shapes and the ignored ones; one result per extra triple."""

from __future__ import annotations

import pyoxigraph as ox

from coekg.shacl.components.base import Component, Evaluator
from coekg.shacl.focus import Focus
from coekg.shacl.literals import decode
from coekg.shacl.paths import term
from coekg.shacl.results import Result
from coekg.shacl.shapes import RDF, RDFS, SH, Shape, Term
from coekg.shacl.stringify import Stringifier


class Closed(Component):
    """sh:closed true. pySHACL reports the extra predicate as the result path and lets an
    ``rdf:type rdfs:Resource`` triple pass."""

    name = "closed"
    parameters = ("closed",)
    optional = ("ignoredProperties",)
    reports = ("ClosedConstraintComponent",)

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        sg, node = ev.sg, shape.node
        closed = sg.value(node, SH + "closed")
        if not (isinstance(closed, ox.Literal) and closed.value == "true"):
            return []
        allowed: list[Term] = []
        for prop_node in sg.objects(node, SH + "property"):
            prop = ev.shape(prop_node)
            if prop.path is not None:
                allowed.append(prop.path)
        for lst in sg.objects(node, SH + "ignoredProperties"):
            allowed.extend(sg.items(lst))
        iris = [a for a in allowed if isinstance(a, ox.NamedNode)]
        t, v, p, o = ev.fresh(), ev.fresh(), ev.fresh(), ev.fresh()
        walk = f"{t} {ev.path(shape)} {v} . " if shape.is_property else f"BIND({t} AS {v}) "
        # an anti-join on the allowed predicates: one hash lookup a triple, where NOT IN
        # compared every triple with each of them
        not_in = f"MINUS {{ VALUES {p} {{ {' '.join(term(a) for a in iris)} }} }} " if iris else ""
        q = (
            f"SELECT DISTINCT {t} {v} {p} {o} WHERE {{ {focus.pattern(t, ev.fresh)} {walk}"
            f"{v} {p} {o} {not_in}"
            f"FILTER(!({p} = <{RDF}type> && {o} = <{RDFS}Resource>)) }}"
        )
        return [
            Result(decode(row[0]), shape, "ClosedConstraintComponent", decode(row[3]), row[2])
            for row in ev.store.select(q)
        ]

    def message(self, r: Result, s: Stringifier) -> str:
        assert r.value is not None
        return f"Node {s.data(r.focus)} is closed. It cannot have value: {s.data(r.value)}"
