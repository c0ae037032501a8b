"""sh:minExclusive, sh:minInclusive, sh:maxExclusive and sh:maxInclusive, in one unit: the
four bounds differ only in their comparison.

The SPARQL filter lets through every value Oxigraph cannot show to be within the bound;
the exact check compares as pySHACL does, with rdflib's reading of both literals (a value
that cannot be compared with the bound fails).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from coekg.shacl.components.base import Component, Context, Evaluator, ValueCheck, shape_values
from coekg.shacl.literals import decode, quiet_rdflib, to_rdflib
from coekg.shacl.paths import NotCompilable, term
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, Term
from coekg.shacl.stringify import Stringifier

#: parameter -> (SPARQL operator that holds within the bound, component, test on
#: compare_literal(value, bound))
_RANGE: dict[str, tuple[str, str, Callable[[int], bool]]] = {
    "minExclusive": (">", "MinExclusiveConstraintComponent", lambda c: c > 0),
    "minInclusive": (">=", "MinInclusiveConstraintComponent", lambda c: c >= 0),
    "maxExclusive": ("<", "MaxExclusiveConstraintComponent", lambda c: c < 0),
    "maxInclusive": ("<=", "MaxInclusiveConstraintComponent", lambda c: c <= 0),
}


def compare_literal(l1: Any, l2: Any) -> int:
    """pySHACL's ``compare_literal`` on rdflib literals."""
    import datetime

    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime.datetime, datetime.time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


@dataclass
class RangeCheck:
    kind: str
    bound: ox.Literal
    exact: bool = False
    reports_value: bool = True

    @property
    def component(self) -> str:
        return _RANGE[self.kind][1]

    def prefilter(self, v: str) -> str:
        op = _RANGE[self.kind][0]
        return f"COALESCE(!({v} {op} {term(self.bound)}), true)"

    def fails(self, value: Term, ctx: Context) -> bool:
        if not isinstance(value, ox.Literal):
            return True
        v, bound = to_rdflib(decode(value)), to_rdflib(self.bound)
        if isinstance(bound.value, str) != isinstance(v.value, str):
            return True
        try:
            with quiet_rdflib():
                return not _RANGE[self.kind][2](compare_literal(v, bound))
        except (TypeError, NotImplementedError):
            return True


class ValueRange(Component):
    """The four range bounds (each value of each parameter is one check)."""

    name = "valueRange"
    parameters = tuple(_RANGE)
    reports = tuple(component for _op, component, _test in _RANGE.values())
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        out: list[ValueCheck] = []
        for kind in _RANGE:
            for bound in ev.sg.objects(shape.node, SH + kind):
                if not isinstance(bound, ox.Literal):
                    raise NotCompilable(f"sh:{kind} needs a literal")
                out.append(RangeCheck(kind, bound))
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        kind = next(k for k, (_op, c, _t) in _RANGE.items() if c == r.component)
        op = _RANGE[kind][0]
        bounds = shape_values(r, s, kind)
        if len(bounds) < 2:
            return f"Value is not {op} {s.shapes(bounds[0])}"
        return "Value is not {} in ({})".format(op, ", ".join(s.shapes(b) for b in bounds))
