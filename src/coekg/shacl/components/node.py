"""sh:node: a value node conforms to the node shape, in pySHACL's reading: it fails when the
shape reports anything about it, even a warning.

A shape made only of value-level constraints is judged value by value in the query of its
parent (:class:`NodeCheck`); any other is evaluated over the value nodes as a set.
"""

from __future__ import annotations

from dataclasses import dataclass

from coekg.shacl.components.base import (
    Component,
    Context,
    Evaluator,
    InlineShape,
    ValueCheck,
    shape_values,
)
from coekg.shacl.focus import Focus
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, ShapesGraph, Term
from coekg.shacl.stringify import Stringifier


@dataclass
class NodeCheck:
    """sh:node over an inline shape: a value fails when the shape reports anything about it."""

    inner: InlineShape
    component: str = "NodeConstraintComponent"
    reports_value: bool = True

    @property
    def exact(self) -> bool:
        return self.inner.exact

    def prefilter(self, v: str) -> str:
        return self.inner.report_filter(v)

    def fails(self, value: Term, ctx: Context) -> bool:
        return self.inner.has_results(value, ctx)


class Node(Component):
    """sh:node (each value of the parameter is one check)."""

    name = "node"
    parameters = ("node",)
    reports = ("NodeConstraintComponent",)
    value_level = True

    def nested_shapes(self, sg: ShapesGraph, node: Term) -> list[Term]:
        return sg.objects(node, SH + "node")

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck] | None:
        out: list[ValueCheck] = []
        for n in ev.sg.objects(shape.node, SH + "node"):
            inner = ev.inline(n, depth)
            if inner is None:
                if depth:
                    return None
                continue
            out.append(NodeCheck(inner))
        return out

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        out: list[Result] = []
        for n in ev.sg.objects(shape.node, SH + "node"):
            if ev.inline(n) is None:
                failing = ev.fail_set(n, ev.nested_focus(shape, focus), any_result=True)
                out += [
                    Result(f, shape, "NodeConstraintComponent", v, shape.path)
                    for f, v in ev.focus_values(shape, focus, failing)
                ]
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        nodes = shape_values(r, s, "node")
        if len(nodes) < 2:
            text = f"Value does not conform to Shape {s.shapes(nodes[0])}."
        else:
            text = "Value must conform to every Shape in ('{}').".format(
                "', '".join(s.shapes(x) for x in nodes)
            )
        return text + " See details for more information."
