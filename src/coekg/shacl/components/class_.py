"""sh:class: a value node is a SHACL instance of the class (rdf:type/rdfs:subClassOf*)."""

from __future__ import annotations

import pyoxigraph as ox

from coekg.shacl.components.base import (
    Component,
    Evaluator,
    ExactCheck,
    ValueCheck,
    shape_values,
)
from coekg.shacl.paths import term
from coekg.shacl.results import Result
from coekg.shacl.shapes import RDF, RDFS, SH, Shape, Term
from coekg.shacl.stringify import Stringifier


def class_check(cls: Term, subclasses: list[Term] | None = None) -> ExactCheck:
    """sh:class; with the classes whose instances are SHACL instances of ``cls`` (itself and
    its subclasses, computed once), each value needs one index lookup instead of a path."""
    c = term(cls)
    if subclasses and not any(isinstance(s, ox.BlankNode) for s in subclasses):
        listed = ", ".join(term(s) for s in subclasses)
        return ExactCheck(
            "ClassConstraintComponent",
            lambda v: (
                f"(isLiteral({v}) || "
                f"NOT EXISTS {{ {v} <{RDF}type> ?_t FILTER(?_t IN ({listed})) }})"
            ),
        )
    return ExactCheck(
        "ClassConstraintComponent",
        lambda v: f"(isLiteral({v}) || NOT EXISTS {{ {v} <{RDF}type>/<{RDFS}subClassOf>* {c} }})",
    )


class Class(Component):
    """sh:class (each value of the parameter is one check)."""

    name = "class"
    parameters = ("class",)
    reports = ("ClassConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        return [class_check(c, ev.subclasses(c)) for c in ev.sg.objects(shape.node, SH + "class")]

    def message(self, r: Result, s: Stringifier) -> str:
        rules = shape_values(r, s, "class")
        if len(rules) < 2:
            return f"Value does not have class {s.shapes(rules[0])}"
        return "Value class is not in classes ({})".format(", ".join(s.shapes(x) for x in rules))
