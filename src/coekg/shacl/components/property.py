"""sh:property: the property shape is evaluated over the value nodes of the shape (over the
focus nodes of a node shape); its results are its own, under its own source shape."""

from __future__ import annotations

from coekg.shacl.components.base import Component, Evaluator
from coekg.shacl.focus import Focus, ValuesOf
from coekg.shacl.paths import NotCompilable
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, ShapesGraph, Term
from coekg.shacl.stringify import Stringifier


class Property(Component):
    """sh:property (each value of the parameter must be a property shape)."""

    name = "property"
    parameters = ("property",)
    reports = ()

    def nested_shapes(self, sg: ShapesGraph, node: Term) -> list[Term]:
        return sg.objects(node, SH + "property")

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        out: list[Result] = []
        for prop_node in ev.sg.objects(shape.node, SH + "property"):
            prop = ev.shape(prop_node)
            if not prop.is_property:
                raise NotCompilable(f"{prop_node} is not a property shape")
            inner_focus = ValuesOf(focus, ev.path(shape)) if shape.is_property else focus
            out += ev.evaluate(prop, inner_focus)
        return out

    def message(self, r: Result, s: Stringifier) -> None:
        return None
