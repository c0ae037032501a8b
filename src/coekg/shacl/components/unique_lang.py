"""sh:uniqueLang: no two value nodes of a focus node share a language tag (property shapes,
when the parameter is true)."""

from __future__ import annotations

import pyoxigraph as ox

from coekg.shacl.components.base import Component, Evaluator
from coekg.shacl.focus import Focus
from coekg.shacl.literals import decode
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape
from coekg.shacl.stringify import Stringifier


class UniqueLang(Component):
    """One result per focus node and shared tag (tags compared ignoring case)."""

    name = "uniqueLang"
    parameters = ("uniqueLang",)
    reports = ("UniqueLangConstraintComponent",)

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        if not shape.is_property or not any(
            isinstance(u, ox.Literal) and u.value == "true"
            for u in ev.sg.objects(shape.node, SH + "uniqueLang")[:1]
        ):
            return []
        t, v, lang = ev.fresh(), ev.fresh(), ev.fresh()
        walk, unchecked = ev.walk(shape, focus, t, v)
        q = (
            f"SELECT {t} {lang} WHERE {{ {walk} "
            f'FILTER(isLiteral({v}) && lang({v}) != "") BIND(LCASE(lang({v})) AS {lang}) }} '
            f"GROUP BY {t} {lang} HAVING (COUNT(DISTINCT {v}) > 1)"
        )
        return [
            Result(decode(row[0]), shape, "UniqueLangConstraintComponent", None, shape.path)
            for row in ev.kept(ev.store.select(q), unchecked)
        ]

    def message(self, r: Result, s: Stringifier) -> str:
        return "More than one String shares the same Language"
