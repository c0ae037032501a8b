"""sh:not, sh:and, sh:or and sh:xone, in one unit: the four logical constraint components
combine the conformance of a value node to other shapes, and differ only in how.

Conformance is pySHACL's: a value fails a member shape when the shape reports a violation
about it (a Warning or Info shape always conforms). Members that are inline shapes are
judged value by value (:class:`LogicCheck`); otherwise each member's failing values are
computed as a set and the sets combined.
"""

from __future__ import annotations

from dataclasses import dataclass

from coekg.shacl.components.base import (
    TRUE,
    Component,
    Context,
    Evaluator,
    InlineShape,
    ValueCheck,
    all_of,
    any_of,
    negation,
    shape_values,
)
from coekg.shacl.focus import Focus
from coekg.shacl.paths import NotCompilable
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, ShapesGraph, Term
from coekg.shacl.stringify import Stringifier

OPERATORS = ("not", "and", "or", "xone")


def _component(op: str) -> str:
    return op.capitalize() + "ConstraintComponent"


def members(sg: ShapesGraph, node: Term, op: str) -> list[list[Term]]:
    """The member shapes of each ``sh:<op>`` of the shape at ``node`` (one each for sh:not)."""
    if op == "not":
        return [[n] for n in sg.objects(node, SH + "not")]
    out: list[list[Term]] = []
    for lst in sg.objects(node, SH + op):
        items = sg.items(lst)
        if not items:
            raise NotCompilable(f"sh:{op} needs a non-empty list")
        out.append(items if op == "xone" else list(dict.fromkeys(items)))
    return out


@dataclass
class LogicCheck:
    """sh:not, sh:and, sh:or and sh:xone over inline shapes."""

    op: str  # "not", "and", "or", "xone"
    members: list[InlineShape]
    reports_value: bool = True

    @property
    def component(self) -> str:
        return _component(self.op)

    @property
    def exact(self) -> bool:
        return all(m.exact for m in self.members)

    def prefilter(self, v: str) -> str:
        fails = [m.fail_filter(v) for m in self.members]
        if self.op == "or":
            return all_of(fails)
        if self.op == "and":
            return any_of(fails)
        if not self.exact:
            return TRUE
        if self.op == "not":
            return negation(fails[0])
        conforming = " + ".join(f"IF({f}, 0, 1)" for f in fails)
        return f"(({conforming}) != 1)"

    def fails(self, value: Term, ctx: Context) -> bool:
        fails = [m.fails(value, ctx) for m in self.members]
        return _combine(self.op, fails)


def _combine(op: str, fails: list[bool]) -> bool:
    """Whether a value fails ``sh:<op>``, from whether it fails each member."""
    if op == "or":
        return all(fails)
    if op == "and":
        return any(fails)
    if op == "not":
        return not fails[0]
    return sum(1 for f in fails if not f) != 1


class Logic(Component):
    """The four logical components (each ``sh:not`` shape and each list is one check)."""

    name = "logic"
    parameters = OPERATORS
    reports = tuple(_component(op) for op in OPERATORS)
    value_level = True

    def nested_shapes(self, sg: ShapesGraph, node: Term) -> list[Term]:
        out = list(sg.objects(node, SH + "not"))
        for op in ("and", "or", "xone"):
            for lst in sg.objects(node, SH + op):
                out += sg.items(lst)
        return out

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck] | None:
        out: list[ValueCheck] = []
        for op in OPERATORS:
            for member_nodes in members(ev.sg, shape.node, op):
                inline = [ev.inline(m, depth) for m in member_nodes]
                if any(m is None for m in inline):
                    if depth:
                        return None
                    continue
                out.append(LogicCheck(op, [m for m in inline if m is not None]))
        return out

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        out: list[Result] = []
        for op in OPERATORS:
            for member_nodes in members(ev.sg, shape.node, op):
                if any(ev.inline(m) is None for m in member_nodes):
                    out += self._as_sets(ev, shape, focus, op, member_nodes)
        return out

    def _as_sets(
        self, ev: Evaluator, shape: Shape, focus: Focus, op: str, member_nodes: list[Term]
    ) -> list[Result]:
        nested = ev.nested_focus(shape, focus)
        fails = [ev.fail_set(m, nested, any_result=False) for m in member_nodes]
        if op == "or":
            failing = set.intersection(*fails)
        elif op == "and":
            failing = set.union(*fails)
        else:
            every = set(ev.nodes(nested))
            if op == "not":
                failing = every - fails[0]
            else:
                failing = {n for n in every if sum(1 for f in fails if n not in f) != 1}
        return [
            Result(f, shape, _component(op), v, shape.path)
            for f, v in ev.focus_values(shape, focus, failing)
        ]

    def message(self, r: Result, s: Stringifier) -> str:
        assert r.value is not None
        if r.component == "NotConstraintComponent":
            nots = shape_values(r, s, "not")
            if len(nots) == 1:
                return f"Node {s.data(r.value)} must not conform to shape {s.shapes(nots[0])}"
            joined = " , ".join(s.shapes(n) for n in nots)
            return f"Node {s.data(r.value)} must not conform to any shapes in {joined}"
        op, words = {
            "AndConstraintComponent": ("and", "must conform to all shapes in"),
            "OrConstraintComponent": ("or", "must conform to one or more shapes in"),
            "XoneConstraintComponent": ("xone", "must conform to exactly one shape in"),
        }[r.component]
        lists = shape_values(r, s, op)
        if len(lists) < 2:
            listed = " , ".join(s.shapes(i) for i in s.sg.items(lists[0]))
        else:
            listed = " and ".join(
                "({})".format(" , ".join(s.shapes(i) for i in s.sg.items(lst))) for lst in lists
            )
        return f"Node {s.data(r.value)} {words} {listed}"
