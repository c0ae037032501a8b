"""sh:nodeKind: a value node is an IRI, a blank node, a literal, or one of two of them."""

from __future__ import annotations

import pyoxigraph as ox

from coekg.shacl.components.base import (
    TRUE,
    Component,
    Evaluator,
    ExactCheck,
    ValueCheck,
    shape_values,
)
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, Term
from coekg.shacl.stringify import Stringifier

#: the filter that lets through the values that are not of the kind
_NOT_OF_KIND = {
    SH + "IRI": "!isIRI({v})",
    SH + "BlankNode": "!isBlank({v})",
    SH + "Literal": "!isLiteral({v})",
    SH + "BlankNodeOrIRI": "isLiteral({v})",
    SH + "BlankNodeOrLiteral": "isIRI({v})",
    SH + "IRIOrLiteral": "isBlank({v})",
}


def node_kind_check(kind: Term) -> ExactCheck:
    template = _NOT_OF_KIND.get(kind.value) if isinstance(kind, ox.NamedNode) else None
    if template is None:
        return ExactCheck("NodeKindConstraintComponent", lambda v: TRUE)
    return ExactCheck("NodeKindConstraintComponent", lambda v: template.format(v=v))


class NodeKind(Component):
    """sh:nodeKind (the first value of the parameter; an unknown kind fails every value)."""

    name = "nodeKind"
    parameters = ("nodeKind",)
    reports = ("NodeKindConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        return [node_kind_check(k) for k in ev.sg.objects(shape.node, SH + "nodeKind")[:1]]

    def message(self, r: Result, s: Stringifier) -> str:
        return f"Value is not of Node Kind {s.shapes(shape_values(r, s, 'nodeKind')[0])}"
