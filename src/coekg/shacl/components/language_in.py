"""sh:languageIn: a value node is a literal whose language tag is one of the list's (or a
subtag of one: "en" admits "en-GB"; "*" admits any tag), ignoring case."""

from __future__ import annotations

import pyoxigraph as ox

from coekg.shacl.components.base import (
    TRUE,
    Component,
    Evaluator,
    ExactCheck,
    ValueCheck,
    shape_values,
    sparql_string,
)
from coekg.shacl.paths import NotCompilable
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, Term
from coekg.shacl.stringify import Stringifier


def language_in_check(tags: list[Term]) -> ExactCheck:
    wanted: list[str] = []
    for t in tags:
        if not isinstance(t, ox.Literal):
            raise NotCompilable("sh:languageIn members must be strings")
        wanted.append(t.value.lower())

    def cond(v: str) -> str:
        if "*" in wanted:
            return f'!(isLiteral({v}) && lang({v}) != "")'
        if not wanted:
            return TRUE
        listed = ", ".join(sparql_string(w) for w in wanted)
        first = f'LCASE(STRBEFORE(CONCAT(lang({v}), "-"), "-"))'
        return (
            f'!(isLiteral({v}) && lang({v}) != "" && '
            f"(LCASE(lang({v})) IN ({listed}) || {first} IN ({listed})))"
        )

    return ExactCheck("LanguageInConstraintComponent", cond)


class LanguageIn(Component):
    """sh:languageIn (the first list)."""

    name = "languageIn"
    parameters = ("languageIn",)
    reports = ("LanguageInConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        lists = ev.sg.objects(shape.node, SH + "languageIn")[:1]
        return [language_in_check(ev.sg.items(lst)) for lst in lists]

    def message(self, r: Result, s: Stringifier) -> str:
        return f"String language is not in {s.shapes(shape_values(r, s, 'languageIn')[0])}"
