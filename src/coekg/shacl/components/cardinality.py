"""sh:minCount and sh:maxCount: how many value nodes a focus node has (property shapes)."""

from __future__ import annotations

from coekg.shacl.components.base import (
    Component,
    Evaluator,
    integer_parameter,
    message_path,
    shape_values,
)
from coekg.shacl.focus import Focus
from coekg.shacl.literals import decode
from coekg.shacl.paths import NotCompilable
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, ShapesGraph, Term
from coekg.shacl.stringify import Stringifier


def _counts(sg: ShapesGraph, node: Term, parameter: str) -> list[Term]:
    """The shape's sh:minCount or sh:maxCount (at most one of each is compiled)."""
    if len(sg.objects(node, SH + "minCount")) > 1 or len(sg.objects(node, SH + "maxCount")) > 1:
        raise NotCompilable(f"{node} has more than one sh:minCount or sh:maxCount")
    return sg.objects(node, SH + parameter)


def _message(r: Result, s: Stringifier, word: str, parameter: str) -> str:
    count = shape_values(r, s, parameter)[0].value
    path = message_path(r)
    if path is not None:
        return f"{word} than {count} values on {s.data(r.focus)}->{s.shapes(path)}"
    return f"{word} than {count} values on {s.data(r.focus)}"


class MinCount(Component):
    """sh:minCount: a focus node with fewer value nodes fails (0 constrains nothing)."""

    name = "minCount"
    parameters = ("minCount",)
    reports = ("MinCountConstraintComponent",)

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        out: list[Result] = []
        t, x = ev.fresh(), ev.fresh()
        for m in _counts(ev.sg, shape.node, "minCount"):
            k = integer_parameter(m)
            if k <= 0:
                continue
            if not shape.is_property:
                raise NotCompilable("sh:minCount on a node shape (pySHACL refuses it)")
            path = ev.path(shape)
            if k == 1:
                q = (
                    f"SELECT {t} WHERE {{ {focus.pattern(t, ev.fresh)} "
                    f"FILTER NOT EXISTS {{ {t} {path} {x} }} }}"
                )
            else:
                q = (
                    f"SELECT {t} WHERE {{ {focus.pattern(t, ev.fresh)} "
                    f"OPTIONAL {{ {t} {path} {x} }} }} "
                    f"GROUP BY {t} HAVING (COUNT(DISTINCT {x}) < {k})"
                )
            out += [
                Result(decode(row[0]), shape, "MinCountConstraintComponent", None, shape.path)
                for row in ev.store.select(q)
            ]
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        return _message(r, s, "Less", "minCount")


class MaxCount(Component):
    """sh:maxCount: a focus node with more value nodes fails."""

    name = "maxCount"
    parameters = ("maxCount",)
    reports = ("MaxCountConstraintComponent",)

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        out: list[Result] = []
        t, x = ev.fresh(), ev.fresh()
        for m in _counts(ev.sg, shape.node, "maxCount"):
            k = integer_parameter(m)
            if not shape.is_property:
                raise NotCompilable("sh:maxCount on a node shape")
            walk, unchecked = ev.walk(shape, focus, t, x)
            q = f"SELECT {t} WHERE {{ {walk} }} GROUP BY {t} HAVING (COUNT(DISTINCT {x}) > {k})"
            out += [
                Result(decode(row[0]), shape, "MaxCountConstraintComponent", None, shape.path)
                for row in ev.kept(ev.store.select(q), unchecked)
            ]
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        return _message(r, s, "More", "maxCount")
