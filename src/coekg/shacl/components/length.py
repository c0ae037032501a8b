"""sh:minLength and sh:maxLength: the length of a value node's string (a literal's lexical
form, an IRI); a blank node always fails."""

from __future__ import annotations

from coekg.shacl.components.base import (
    FALSE,
    Component,
    Evaluator,
    ExactCheck,
    ValueCheck,
    integer_parameter,
    shape_values,
)
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, Term
from coekg.shacl.stringify import Stringifier


def min_length_check(limit: Term) -> ExactCheck:
    n = integer_parameter(limit)
    if n == 0:
        return ExactCheck("MinLengthConstraintComponent", lambda v: FALSE)
    return ExactCheck(
        "MinLengthConstraintComponent", lambda v: f"(isBlank({v}) || STRLEN(STR({v})) < {n})"
    )


def max_length_check(limit: Term) -> ExactCheck:
    n = integer_parameter(limit)
    return ExactCheck(
        "MaxLengthConstraintComponent", lambda v: f"(isBlank({v}) || STRLEN(STR({v})) > {n})"
    )


class MinLength(Component):
    """sh:minLength (the first value of the parameter)."""

    name = "minLength"
    parameters = ("minLength",)
    reports = ("MinLengthConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        return [min_length_check(n) for n in ev.sg.objects(shape.node, SH + "minLength")[:1]]

    def message(self, r: Result, s: Stringifier) -> str:
        return f"String length not >= {s.data(shape_values(r, s, 'minLength')[0])}"


class MaxLength(Component):
    """sh:maxLength (the first value of the parameter)."""

    name = "maxLength"
    parameters = ("maxLength",)
    reports = ("MaxLengthConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        return [max_length_check(n) for n in ev.sg.objects(shape.node, SH + "maxLength")[:1]]

    def message(self, r: Result, s: Stringifier) -> str:
        return f"String length not <= {s.data(shape_values(r, s, 'maxLength')[0])}"
