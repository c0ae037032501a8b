"""sh:equals, sh:disjoint, sh:lessThan and sh:lessThanOrEquals, in one unit: each compares
the value nodes of a focus node with its values of another property, per focus node, the
way pySHACL does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from coekg.shacl.components.base import Component, Evaluator, shape_values
from coekg.shacl.focus import Focus
from coekg.shacl.literals import decode, quiet_rdflib, to_rdflib
from coekg.shacl.paths import NotCompilable, term
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, Term
from coekg.shacl.stringify import Stringifier

#: parameter -> the operator pySHACL's message puts between the two values
_PAIRS = {"equals": "!=", "disjoint": "==", "lessThan": "<=", "lessThanOrEquals": "<"}


def _component(kind: str) -> str:
    return kind[0].upper() + kind[1:] + "ConstraintComponent"


def _comparable(t: Term) -> tuple[Any, bool]:
    if isinstance(t, ox.BlankNode):
        raise NotCompilable("sh:lessThan cannot compare a blank node")
    if isinstance(t, ox.NamedNode):
        return t.value, True
    lit = to_rdflib(t)
    if isinstance(lit.value, str):
        return lit.value, True
    return lit, False


def compare(kind: str, values: Sequence[Term], others: Sequence[Term]) -> list[Term]:
    """The values that get a result, one entry per result."""
    if kind == "equals":
        vs, os = set(values), set(others)
        return [v for v in values if v not in os] + [o for o in others if o not in vs]
    if kind == "disjoint":
        os = set(others)
        return [v for v in values if v in os]
    out: list[Term] = []
    for v in values:
        left, left_str = _comparable(v)
        for o in others:
            right, right_str = _comparable(o)
            if left_str != right_str:
                out.append(v)
                continue
            with quiet_rdflib():
                ok = left < right if kind == "lessThan" else left <= right
            if not ok:
                out.append(v)
    return out


def _values_by_focus(ev: Evaluator, focus: Focus, path: str | None) -> dict[Term, list[Term]]:
    """The values of ``path`` for each focus node (None: the focus node itself)."""
    t, v = ev.fresh(), ev.fresh()
    by_focus: dict[Term, list[Term]] = {}
    if path is None:
        return {n: [n] for n in ev.nodes(focus)}
    q = f"SELECT DISTINCT {t} {v} WHERE {{ {focus.pattern(t, ev.fresh)} {t} {path} {v} }}"
    for row in ev.store.select(q):
        by_focus.setdefault(decode(row[0]), []).append(decode(row[1]))
    return by_focus


class PropertyPair(Component):
    """The four property pair components (each value of each parameter is one check)."""

    name = "propertyPair"
    parameters = tuple(_PAIRS)
    reports = tuple(_component(kind) for kind in _PAIRS)

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        out: list[Result] = []
        for kind in _PAIRS:
            for other in ev.sg.objects(shape.node, SH + kind):
                out += self._pair(ev, shape, focus, kind, other)
        return out

    def _pair(
        self, ev: Evaluator, shape: Shape, focus: Focus, kind: str, prop: Term
    ) -> list[Result]:
        if not isinstance(prop, ox.NamedNode):
            raise NotCompilable(f"sh:{kind} needs an IRI")
        component = _component(kind)
        values = _values_by_focus(ev, focus, ev.path(shape) if shape.is_property else None)
        others = _values_by_focus(ev, focus, term(prop))
        out: list[Result] = []
        for f in dict.fromkeys([*values, *others]):
            if not shape.is_property and f not in values:
                continue
            for value in compare(kind, values.get(f, []), others.get(f, [])):
                out.append(Result(f, shape, component, value, shape.path))
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        kind = next(k for k in _PAIRS if _component(k) == r.component)
        props = shape_values(r, s, kind)
        compared = s.shapes(props[0]) if len(props) < 2 else ", ".join(s.shapes(x) for x in props)
        assert r.value is not None
        return f"Value of {s.data(r.focus)}->{compared} {_PAIRS[kind]} {s.data(r.value)}"
