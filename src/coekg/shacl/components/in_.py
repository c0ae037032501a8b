"""sh:in: a value node is one of the members of the list (the same RDF term)."""

from __future__ import annotations

from coekg.shacl.components.base import (
    TRUE,
    Component,
    Evaluator,
    ExactCheck,
    ValueCheck,
    Variants,
    shape_values,
)
from coekg.shacl.paths import NotCompilable, term
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, Term
from coekg.shacl.stringify import Stringifier


def in_check(values: list[Term], variants: Variants) -> ExactCheck:
    texts = [term(f) for t in values for f in variants(t)]

    def cond(v: str) -> str:
        if not texts:
            return TRUE
        return "!(" + " || ".join(f"sameTerm({v}, {t})" for t in texts) + ")"

    return ExactCheck("InConstraintComponent", cond)


class In(Component):
    """sh:in (one list per shape)."""

    name = "in"
    parameters = ("in",)
    reports = ("InConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        sg = ev.sg
        lists = sg.objects(shape.node, SH + "in")
        if len(lists) > 1:
            raise NotCompilable(f"{shape.node} has more than one sh:in")
        return [in_check(list(dict.fromkeys(sg.items(lst))), ev.store.variants) for lst in lists]

    def message(self, r: Result, s: Stringifier) -> str:
        assert r.value is not None
        members = [s.shapes(x) for x in dict.fromkeys(s.sg.items(shape_values(r, s, "in")[0]))]
        return f"Value {s.data(r.value)} not in list {members}"
