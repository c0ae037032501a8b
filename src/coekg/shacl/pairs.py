"""Property pair constraints (sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals),
judged per focus node the way pySHACL judges them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from coekg.shacl.checks import _quiet_rdflib, to_rdflib
from coekg.shacl.paths import NotCompilable
from coekg.shacl.shapes import Term


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
            with _quiet_rdflib():
                ok = left < right if kind == "lessThan" else left <= right
            if not ok:
                out.append(v)
    return out
