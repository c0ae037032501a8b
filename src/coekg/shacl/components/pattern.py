"""sh:pattern (with sh:flags): a value node's string matches the regular expression, as
Python's ``re`` matches it (pySHACL's engine).

The SPARQL filter uses Oxigraph's REGEX on a translation of the pattern that matches no
string Python rejects (:func:`rust_regex`); the exact check runs Python's ``re``. A pattern
outside the translated subset lets every value through to the exact check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from coekg.shacl.components.base import (
    TRUE,
    Component,
    Context,
    Evaluator,
    ValueCheck,
    shape_values,
    sparql_string,
)
from coekg.shacl.paths import NotCompilable
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, Term
from coekg.shacl.stringify import Stringifier

_TOKEN = re.compile(
    r"""
      (?P<lit>[^\\\[\](){}|^$*+?.])                # a literal character
    | (?P<esc>\\[.\-/\\^$*+?()\[\]{}|])             # an escaped special character
    | (?P<cls>\\[dsS])                             # \d, \s, \S
    | (?P<set>\[\^?(?:[^\\\]\[]|\\[.\-\]\\^/ds])+\])   # a character class
    | (?P<op>\(\?:|\((?!\?)|[)|*+?.^$])               # groups, alternatives, quantifiers, anchors
    | (?P<rep>\{[0-9]+(?:,[0-9]*)?\})              # counted repetition
    """,
    re.VERBOSE,
)


def rust_regex(pattern: str) -> str | None:
    """``pattern`` for Oxigraph's REGEX, matching no string that Python's ``re`` rejects;
    None when the pattern uses syntax outside the subset where that is known to hold.

    Python's ``\\s`` also matches U+001C..U+001F, which Unicode's White_Space (Oxigraph's
    ``\\s``) does not; the translation adds them. Python's ``$`` also matches before a final
    newline, which only makes Python accept more."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        m = _TOKEN.match(pattern, i)
        if m is None:
            return None
        text = m.group(0)
        if m.lastgroup == "cls":
            text = {"\\d": "\\d", "\\s": "[\\s\\x1c-\\x1f]", "\\S": "[^\\s\\x1c-\\x1f]"}[text]
        elif m.lastgroup == "set":
            text = text.replace("\\s", "\\s\\x1c-\\x1f")
        out.append(text)
        i = m.end()
    return "".join(out)


def _python_string(value: Term) -> str:
    """pySHACL's ``value_node_to_string``: the lexical form, or the IRI."""
    return value.value


@dataclass
class PatternCheck:
    pattern: str
    flags: str
    component: str = "PatternConstraintComponent"
    exact: bool = False
    reports_value: bool = True

    def __post_init__(self) -> None:
        re_flags = 0
        if "i" in self.flags.lower():
            re_flags |= re.I
        if "m" in self.flags.lower():
            re_flags |= re.M
        try:
            self._regex = re.compile(self.pattern, re_flags)
        except re.error as e:
            raise NotCompilable(f"sh:pattern {self.pattern!r}: {e}") from None
        sparql_flags = "".join(f for f in "im" if f in self.flags.lower())
        self._sparql = None
        translated = rust_regex(self.pattern)
        if translated is not None:
            args = sparql_string(translated)
            if sparql_flags:
                args += ", " + sparql_string(sparql_flags)
            self._sparql = args

    def prefilter(self, v: str) -> str:
        if self._sparql is None:
            return TRUE
        return f"(isBlank({v}) || !REGEX(STR({v}), {self._sparql}))"

    def fails(self, value: Term, ctx: Context) -> bool:
        if isinstance(value, ox.BlankNode):
            return True
        return self._regex.search(_python_string(value)) is None


class Pattern(Component):
    """sh:pattern (each pattern is one check, all with the shape's first sh:flags)."""

    name = "pattern"
    parameters = ("pattern",)
    optional = ("flags",)
    reports = ("PatternConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        flags = ev.sg.value(shape.node, SH + "flags")
        out: list[ValueCheck] = []
        for pattern in ev.sg.objects(shape.node, SH + "pattern"):
            if not isinstance(pattern, ox.Literal):
                raise NotCompilable("sh:pattern must be a literal")
            out.append(
                PatternCheck(pattern.value, flags.value if isinstance(flags, ox.Literal) else "")
            )
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        patterns = shape_values(r, s, "pattern")
        if len(patterns) < 2:
            return f"Value does not match pattern '{patterns[0].value}'"
        return "Value does not match every pattern in ('{}')".format(
            "', '".join(x.value for x in patterns)
        )
