"""What every constraint component is made of, and what it may ask of the engine.

A :class:`Component` holds one SHACL constraint component (or a family that shares its
code, such as the four range bounds): the parameters it reads, how it is compiled, its
exact check and pySHACL's generic message for its results. It is compiled in one of two
ways, or both:

* **value by value** (:meth:`Component.value_checks`): a :class:`ValueCheck` is a SPARQL
  filter that lets through at least every failing value, plus an exact check in Python
  (:meth:`ValueCheck.fails`) for the values that pass the filter. The engine runs the
  filters of all value-level constraints of a shape as one query. A node shape made only
  of value-level constraints is an :class:`InlineShape`, which ``sh:node``, ``sh:or``...
  judge value by value too;
* **per focus node** (:meth:`Component.evaluate`): the component runs its own queries
  through the :class:`Evaluator` (the engine) and returns results.

A filter is *exact* when it lets through exactly the failing values; the Python check is
then not needed. Otherwise it lets through a superset (for example every ``xsd:date`` whose
lexical form is not canonical), and the exact check settles each candidate the way pySHACL
does (with rdflib's reading of the literal, because pySHACL judges literals by it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

import pyoxigraph as ox

from coekg.shacl.focus import Focus, Stored
from coekg.shacl.paths import NotCompilable
from coekg.shacl.results import Result
from coekg.shacl.shapes import INFO, SH, WARNING, Shape, ShapesGraph, Term
from coekg.shacl.store import Store
from coekg.shacl.stringify import Stringifier

FALSE = "false"
TRUE = "true"

#: the forms a constant of the shapes has in the store
Variants = Callable[[Term], list[Term]]


# --- SPARQL text ------------------------------------------------------------------------------


def sparql_string(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{out}"'


def any_of(parts: list[str]) -> str:
    """SPARQL ``||`` of boolean expressions, simplified where one is a constant."""
    parts = [p for p in parts if p != FALSE]
    if not parts:
        return FALSE
    if TRUE in parts:
        return TRUE
    return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def all_of(parts: list[str]) -> str:
    """SPARQL ``&&`` of boolean expressions, simplified where one is a constant."""
    parts = [p for p in parts if p != TRUE]
    if not parts:
        return TRUE
    if FALSE in parts:
        return FALSE
    return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"


def negation(expr: str) -> str:
    if expr == TRUE:
        return FALSE
    if expr == FALSE:
        return TRUE
    return f"!({expr})"


def integer_parameter(t: Term) -> int:
    """The value of a parameter that must be an integer (sh:minCount...)."""
    if not isinstance(t, ox.Literal):
        raise NotCompilable(f"{t} is not an integer")
    try:
        return int(t.value)
    except ValueError:
        raise NotCompilable(f"{t} is not an integer") from None


# --- value-level checks ------------------------------------------------------------------


class Context(Protocol):
    """What an exact check may ask of the data: one ASK with ``?v`` bound to a value."""

    def ask(self, condition: str, value: Term) -> bool: ...


class ValueCheck(Protocol):
    """One constraint judged value by value."""

    @property
    def component(self) -> str:
        """The local name of the sh:...ConstraintComponent."""

    @property
    def exact(self) -> bool:
        """True when :meth:`prefilter` lets through exactly the failing values."""

    @property
    def reports_value(self) -> bool:
        """False for sh:hasValue on a node shape: its result has no sh:value."""

    def prefilter(self, v: str) -> str: ...

    def fails(self, value: Term, ctx: Context) -> bool: ...


@dataclass
class ExactCheck:
    """A check whose SPARQL filter is exact; Python asks the store when it must decide."""

    component: str
    condition: Callable[[str], str]
    reports_value: bool = True
    exact: bool = True

    def prefilter(self, v: str) -> str:
        return self.condition(v)

    def fails(self, value: Term, ctx: Context) -> bool:
        cond = self.condition("?v")
        if cond in (TRUE, FALSE):
            return cond == TRUE
        return ctx.ask(cond, value)


@dataclass
class InlineShape:
    """A node shape made only of value-level constraints, judged value by value."""

    shape: Shape
    checks: list[ValueCheck]

    def report_filter(self, v: str) -> str:
        """True for every value that gets a result from the shape (a superset if not exact)."""
        if self.shape.deactivated:
            return FALSE
        return any_of([c.prefilter(v) for c in self.checks])

    @property
    def exact(self) -> bool:
        return all(c.exact for c in self.checks)

    def has_results(self, value: Term, ctx: Context) -> bool:
        if self.shape.deactivated:
            return False
        return any(c.fails(value, ctx) for c in self.checks)

    @property
    def always_conforms(self) -> bool:
        """pySHACL (allowing warnings) counts a Warning or Info shape as conforming."""
        return self.shape.deactivated or self.shape.severity in (WARNING, INFO)

    def fail_filter(self, v: str) -> str:
        return FALSE if self.always_conforms else self.report_filter(v)

    def fails(self, value: Term, ctx: Context) -> bool:
        return not self.always_conforms and self.has_results(value, ctx)


# --- the engine, as the components see it ------------------------------------------------


class Evaluator(Protocol):
    """What a component may ask of the engine (:class:`coekg.shacl.engine.Engine`)."""

    sg: ShapesGraph
    store: Store

    def fresh(self) -> str:
        """A new SPARQL variable name."""

    def shape(self, node: Term) -> Shape:
        """The shape at ``node`` (NotCompilable if it is not one)."""

    def path(self, shape: Shape) -> str:
        """The SPARQL property path of a property shape."""

    def walk(self, shape: Shape, focus: Focus, t: str, v: str) -> tuple[str, Stored | None]:
        """A pattern binding ``t`` to focus nodes and ``v`` to their values along the path
        of ``shape``, and the focus set its rows must still be checked against."""

    def judged(self, shape: Shape, v: str, condition: str, also: Sequence[str] = ()) -> str:
        """A pattern binding ``v`` to each distinct value of the predicate of ``shape`` that
        meets ``condition``, judged once."""

    def kept(self, rows: ox.QuerySolutions, focus: Stored | None) -> list[ox.QuerySolution]:
        """The rows (of a query on a :meth:`walk` pattern) whose first column is in
        ``focus``."""

    def nodes(self, focus: Focus) -> list[Term]:
        """The nodes of a focus set."""

    def focus_values(
        self, shape: Shape, focus: Focus, only: set[Term] | None = None
    ) -> list[tuple[Term, Term]]:
        """(focus node, value node) of ``shape``, optionally only for values in ``only``."""

    def nested_focus(self, shape: Shape, focus: Focus) -> Focus:
        """The value nodes of ``shape`` over ``focus``: the focus set of nested shapes."""

    def subclasses(self, cls: Term) -> list[Term] | None:
        """``cls`` and its subclasses in the data (None for a blank node)."""

    def inline(self, node: Term, depth: int = 0) -> InlineShape | None:
        """The shape at ``node`` judged value by value, or None if it cannot be."""

    def fail_set(self, node: Term, focus: Focus, any_result: bool) -> set[Term]:
        """The nodes of ``focus`` that do not conform to the shape at ``node``."""

    def evaluate(self, shape: Shape, focus: Focus) -> list[Result]:
        """The results of ``shape`` over ``focus``."""


# --- the component -----------------------------------------------------------------------


class Component:
    """One constraint component (or a family of them), registered in
    :data:`coekg.shacl.components.COMPONENTS`. Subclasses set the class attributes and
    override the methods they need."""

    #: the unit's name: its fixtures are ``tests/fixtures/shacl-engine/components/NAME.*``
    name: ClassVar[str]
    #: local names of its constraint parameters: a shape uses the component when it has one
    parameters: ClassVar[tuple[str, ...]]
    #: local names of parameters that only qualify the others (``sh:flags``)
    optional: ClassVar[tuple[str, ...]] = ()
    #: the sh:...ConstraintComponent local names of the results it gives
    reports: ClassVar[tuple[str, ...]]
    #: judged value by value: a shape of only such components is an :class:`InlineShape`
    value_level: ClassVar[bool] = False

    def nested_shapes(self, sg: ShapesGraph, node: Term) -> list[Term]:
        """The shapes this component's parameters at ``node`` refer to."""
        return []

    def check(self, ev: Evaluator, shape: Shape) -> None:
        """Raise NotCompilable, before anything runs, if ``shape`` uses it in a way the
        engine does not compile."""

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck] | None:
        """The value-level checks of ``shape``; None when ``shape`` (nested ``depth`` deep)
        cannot be judged value by value."""
        return []

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        """The results of ``shape`` over ``focus`` that are not judged value by value."""
        return []

    def message(self, r: Result, s: Stringifier) -> str | None:
        """pySHACL's generic message for ``r`` (None: the component's results carry their
        own messages)."""
        raise NotImplementedError


def shape_values(r: Result, s: Stringifier, parameter: str) -> list[Term]:
    """The values of a parameter of the shape of ``r``."""
    return s.sg.objects(r.shape.node, SH + parameter)


def message_path(r: Result) -> Term | None:
    """The path pySHACL names in a generic message: the shape's, for a property shape."""
    return r.shape.path if r.shape.is_property else None
