"""sh:hasValue: on a property shape, one of the value nodes is the value; on a node shape,
the focus node is (judged value by value, and its result has no sh:value)."""

from __future__ import annotations

from coekg.shacl.components.base import (
    Component,
    Evaluator,
    ExactCheck,
    ValueCheck,
    Variants,
    message_path,
    shape_values,
)
from coekg.shacl.focus import Focus
from coekg.shacl.literals import decode
from coekg.shacl.paths import term
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, Term
from coekg.shacl.stringify import Stringifier


def has_value_on_node_check(value: Term, variants: Variants) -> ExactCheck:
    forms = [term(f) for f in variants(value)]
    return ExactCheck(
        "HasValueConstraintComponent",
        lambda v: "!(" + " || ".join(f"sameTerm({v}, {t})" for t in forms) + ")",
        False,
    )


class HasValue(Component):
    """sh:hasValue (each value of the parameter is one check)."""

    name = "hasValue"
    parameters = ("hasValue",)
    reports = ("HasValueConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        if shape.is_property:
            return []
        return [
            has_value_on_node_check(hv, ev.store.variants)
            for hv in ev.sg.objects(shape.node, SH + "hasValue")
        ]

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        if not shape.is_property:
            return []
        out: list[Result] = []
        for hv in ev.sg.objects(shape.node, SH + "hasValue"):
            t, x = ev.fresh(), ev.fresh()
            same = " || ".join(f"sameTerm({x}, {term(f)})" for f in ev.store.variants(hv))
            q = (
                f"SELECT {t} WHERE {{ {focus.pattern(t, ev.fresh)} "
                f"FILTER NOT EXISTS {{ {t} {ev.path(shape)} {x} FILTER({same}) }} }}"
            )
            out += [
                Result(decode(row[0]), shape, "HasValueConstraintComponent", None, shape.path)
                for row in ev.store.select(q)
            ]
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        the_set = [s.shapes(x) for x in shape_values(r, s, "hasValue")]
        path = message_path(r)
        if path is not None:
            return (
                f"Node {s.data(r.focus)}->{s.shapes(path)} does not contain a value in the set: "
                f"{the_set}"
            )
        return f"Node {s.data(r.focus)} value is not a in the set of values: {the_set}"
