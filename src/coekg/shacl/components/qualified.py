"""sh:qualifiedValueShape with sh:qualifiedMinCount and sh:qualifiedMaxCount (and
sh:qualifiedValueShapesDisjoint), in one unit: how many value nodes of a focus node
conform to a shape (property shapes)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from coekg.shacl.components.base import (
    FALSE,
    TRUE,
    Component,
    Evaluator,
    InlineShape,
    integer_parameter,
    shape_values,
)
from coekg.shacl.focus import Focus
from coekg.shacl.literals import decode
from coekg.shacl.paths import NotCompilable
from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, ShapesGraph, Term
from coekg.shacl.stringify import Stringifier


class QualifiedValueShape(Component):
    """The qualified value shape of a property shape, with a minimum and/or a maximum
    count; with sh:qualifiedValueShapesDisjoint a value conforming to a sibling's qualified
    value shape does not count."""

    name = "qualifiedValueShape"
    parameters = ("qualifiedValueShape",)
    optional = ("qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint")
    reports = ("QualifiedMinCountConstraintComponent", "QualifiedMaxCountConstraintComponent")

    def nested_shapes(self, sg: ShapesGraph, node: Term) -> list[Term]:
        return sg.objects(node, SH + "qualifiedValueShape")

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        if not shape.is_property:
            return []
        out: list[Result] = []
        for q in ev.sg.objects(shape.node, SH + "qualifiedValueShape"):
            out += self._qualified(ev, shape, focus, q)
        return out

    def _qualified(self, ev: Evaluator, shape: Shape, focus: Focus, q: Term) -> list[Result]:
        sg, node = ev.sg, shape.node
        mins = sg.objects(node, SH + "qualifiedMinCount")
        maxs = sg.objects(node, SH + "qualifiedMaxCount")
        low = integer_parameter(mins[0]) if mins else None
        high = integer_parameter(maxs[0]) if maxs else None
        if low is None and high is None:
            raise NotCompilable("sh:qualifiedValueShape without a count")
        disjoint = any(
            isinstance(d, ox.Literal) and d.value == "true"
            for d in sg.objects(node, SH + "qualifiedValueShapesDisjoint")
        )
        inner = ev.inline(q)
        if not disjoint and inner is not None and inner.exact:
            return self._counted(ev, shape, focus, inner, low, high)
        nested = ev.nested_focus(shape, focus)
        every = set(ev.nodes(nested))
        conforming = every - ev.fail_set(q, nested, any_result=False)
        if disjoint:
            siblings: set[Term] = set()
            for parent in sg.subjects(SH + "property", node):
                for prop in sg.objects(parent, SH + "property"):
                    siblings.update(
                        s for s in sg.objects(prop, SH + "qualifiedValueShape") if s != q
                    )
            for s in siblings:
                conforming -= every - ev.fail_set(s, nested, any_result=False)
        counts: dict[Term, int] = {n: 0 for n in ev.nodes(focus)}
        for f, v in ev.focus_values(shape, focus):
            if v in conforming:
                counts[f] = counts.get(f, 0) + 1
        out: list[Result] = []
        for f, n in counts.items():
            if high is not None and n > high:
                out.append(
                    Result(f, shape, "QualifiedMaxCountConstraintComponent", None, shape.path)
                )
            if low is not None and n < low:
                out.append(
                    Result(f, shape, "QualifiedMinCountConstraintComponent", None, shape.path)
                )
        return out

    def _counted(
        self,
        ev: Evaluator,
        shape: Shape,
        focus: Focus,
        inner: InlineShape,
        low: int | None,
        high: int | None,
    ) -> list[Result]:
        """The results when the qualified value shape is judged value by value with an
        exact filter: the conforming values are counted in the queries, which return only
        the focus nodes with too many or too few (rather than every value in Python)."""
        t, v = ev.fresh(), ev.fresh()
        fails = inner.fail_filter(v)
        conforms = TRUE if fails == FALSE else f"!COALESCE({fails}, true)"
        out: list[Result] = []
        if high is not None:
            walk, unchecked = ev.walk(shape, focus, t, v)
            pattern = f"{walk} FILTER({conforms})"
            if unchecked is not None:  # a scanned predicate: each value judged once
                pattern = f"{ev.judged(shape, v, f'FILTER({conforms})')} {walk}"
            q = (
                f"SELECT {t} WHERE {{ {pattern} }} "
                f"GROUP BY {t} HAVING (COUNT(DISTINCT {v}) > {high})"
            )
            out += _results(ev.kept(ev.store.select(q), unchecked), shape, "Max")
        if low is not None and low > 0:
            values = f"{t} {ev.path(shape)} {v} FILTER({conforms})"
            if low == 1:
                q = (
                    f"SELECT {t} WHERE {{ {focus.pattern(t, ev.fresh)} "
                    f"FILTER NOT EXISTS {{ {values} }} }}"
                )
            else:
                q = (
                    f"SELECT {t} WHERE {{ {focus.pattern(t, ev.fresh)} OPTIONAL {{ {values} }} }} "
                    f"GROUP BY {t} HAVING (COUNT(DISTINCT {v}) < {low})"
                )
            out += _results(ev.store.select(q), shape, "Min")
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        qualified = shape_values(r, s, "qualifiedValueShape")
        names = ",".join(s.shapes(x) for x in qualified)
        counts = ""
        for p, word in (("qualifiedMinCount", "MinCount"), ("qualifiedMaxCount", "MaxCount")):
            found = shape_values(r, s, p)
            if found:
                counts += f" {word} {found[0].value}"
        if len(qualified) > 1:
            return f"Focus node does not conform to shapes{counts}: ({names})"
        return f"Focus node does not conform to shape{counts}: {names}"


def _results(rows: Iterable[ox.QuerySolution], shape: Shape, bound: str) -> list[Result]:
    """A result of ``sh:qualified{bound}Count`` for the focus node of each row."""
    component = f"Qualified{bound}CountConstraintComponent"
    return [Result(decode(row[0]), shape, component, None, shape.path) for row in rows]
