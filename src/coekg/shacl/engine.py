"""The engine core: runs the compiled shapes, dispatching each constraint to its unit in
:data:`coekg.shacl.components.COMPONENTS`.

:class:`Engine` evaluates a shape over a focus set (a SPARQL pattern) and returns
:class:`~coekg.shacl.results.Result` objects. It follows pySHACL's semantics (allowing
warnings, as :func:`coekg.validate.validate` runs it), including its reading of nested
conformance: for ``sh:node`` a value fails when the nested shape reports anything about it;
for ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone`` and qualified value shapes it fails when the
nested shape reports a violation (a Warning or Info shape always conforms).

For one shape, the value-level checks of all its components run as one query (each check's
filter becomes a flag, and only rows with a raised flag come back); then each component
that is not judged value by value runs its own queries. The engine also gives components
what they share (:class:`~coekg.shacl.components.base.Evaluator`): fresh variables, paths,
focus and value nodes, the subclasses of a class, and the nodes failing a nested shape.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from coekg.shacl.components import OPTIONAL, PARAMETERS, VALUE_LEVEL, Component, used_by
from coekg.shacl.components.base import FALSE, InlineShape, ValueCheck
from coekg.shacl.focus import SCRATCH, Focus, Stored, ValuesOf, targets
from coekg.shacl.literals import decode
from coekg.shacl.paths import NotCompilable, sparql_path, term
from coekg.shacl.results import Result
from coekg.shacl.shapes import INFO, RDFS, SH, WARNING, Shape, ShapesGraph, Term
from coekg.shacl.store import Store

ALLOWED = (WARNING, INFO)
#: how many times as many triples as a focus set has nodes a predicate may have for
#: :meth:`Engine.walk` to scan it rather than look up each node
SCAN_FACTOR = 4

#: shape predicates that are neither constraint parameters nor their qualifiers
SHAPE_KEYWORDS = frozenset(
    SH + p
    for p in [
        "path",
        "message",
        "severity",
        "deactivated",
        "name",
        "description",
        "order",
        "group",
        "defaultValue",
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
    ]
)


class Engine:
    """Evaluates the shapes of one shapes graph over one store."""

    def __init__(
        self, sg: ShapesGraph, shapes: dict[Term, Shape], store: Store, name: str = ""
    ) -> None:
        self.sg = sg
        self.shapes = shapes
        self.store = store
        #: names this engine's focus sets apart from those of others on the same store
        self.name = name
        self._n = 0
        self._sets = 0
        self._subclasses: dict[Term, list[Term]] = {}
        self._inline: dict[Term, InlineShape | None] = {}
        self._components: dict[Term, list[Component]] = {}

    def fresh(self) -> str:
        self._n += 1
        return f"?_v{self._n}"

    # --- entry points ----------------------------------------------------------------------

    def check_compilable(self, shape: Shape, seen: frozenset[Term] = frozenset()) -> None:
        """Raise :class:`NotCompilable` if anything ``shape`` uses is not compiled."""
        if shape.node in seen:
            raise NotCompilable(f"recursive shape {shape.node}")
        seen = seen | {shape.node}
        sg = self.sg
        if shape.is_property:
            assert shape.path is not None
            sparql_path(sg, shape.path)
        for p in sg.predicates(shape.node):
            if p in PARAMETERS or p in OPTIONAL or p in SHAPE_KEYWORDS or not p.startswith(SH):
                continue
            raise NotCompilable(f"{shape.node} uses {p}")
        components = self.components(shape)
        for component in components:
            for n in component.nested_shapes(sg, shape.node):
                self.check_compilable(self.shape(n), seen)
        for component in components:
            component.check(self, shape)

    def validate(self, shape: Shape) -> list[Result]:
        """The results of a shape over the focus nodes its targets select."""
        found = targets(self.sg, shape, self.store.variants)
        if found.empty or shape.deactivated:
            return []
        focus = self.store_focus(found)
        return self.evaluate(shape, focus) if focus is not None else []

    def store_focus(self, focus: Focus) -> Stored | None:
        """Compute a focus set once and keep it in the store; None if it is empty."""
        self._sets += 1
        stored = Stored(f"{SCRATCH}:set:{self.name}{self._sets}")
        x = self.fresh()
        self.store.insert(stored.pattern(x, self.fresh), focus.pattern(x, self.fresh))
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ {stored.pattern(x, self.fresh)} }}"
        count = next(iter(self.store.select(q)))[0]
        assert isinstance(count, ox.Literal)
        stored.size = int(count.value)
        return stored if stored.size else None

    def clear(self) -> None:
        """Remove the focus sets the engine kept in the store."""
        self.store.store.remove_graph(ox.NamedNode(SCRATCH))

    # --- what components share -----------------------------------------------------------

    def components(self, shape: Shape) -> list[Component]:
        """The components ``shape`` uses, in the order of the table."""
        found = self._components.get(shape.node)
        if found is None:
            found = self._components[shape.node] = used_by(self.sg.predicates(shape.node))
        return found

    def shape(self, node: Term) -> Shape:
        shape = self.shapes.get(node)
        if shape is None:
            raise NotCompilable(f"{node} is referenced as a shape but is not one")
        return shape

    def path(self, shape: Shape) -> str:
        assert shape.path is not None
        return sparql_path(self.sg, shape.path)

    def subclasses(self, cls: Term) -> list[Term] | None:
        """``cls`` and every class that is a subclass of it, in the data (cached)."""
        if isinstance(cls, ox.BlankNode):
            return None
        if cls not in self._subclasses:
            q = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>* {term(cls)} }}"
            self._subclasses[cls] = sorted((row[0] for row in self.store.select(q)), key=str)
        return self._subclasses[cls]

    def walk(self, shape: Shape, focus: Focus, t: str, v: str) -> tuple[str, Stored | None]:
        """A group pattern binding ``t`` to the focus nodes of a property shape and ``v``
        to their values, and the focus set that the query's rows must still be checked
        against (:meth:`kept`; None: the pattern keeps to the focus nodes).

        Oxigraph joins a stored focus set by looking up each of its nodes, whatever the
        predicate (about 7 µs a node at a million triples), while it scans the triples of
        one predicate at about 1 µs each: when the path is a predicate with at most
        :data:`SCAN_FACTOR` times as many triples as the set has nodes, the pattern is
        every triple of the predicate, and the rows found (a query with few rows, such as
        the failing values) are checked against the set afterwards. The properties every
        resource has (a label, a description, a class, a source section) have a few more
        triples than the resources have nodes, as the ontology's terms have them too.
        """
        path = shape.path
        if (
            isinstance(focus, Stored)
            and isinstance(path, ox.NamedNode)
            and self.store.uses(path) <= SCAN_FACTOR * focus.size
        ):
            return f"{t} {term(path)} {v} .", focus
        return f"{focus.pattern(t, self.fresh)} {t} {self.path(shape)} {v} .", None

    def judged(self, shape: Shape, v: str, condition: str, also: Sequence[str] = ()) -> str:
        """A group pattern binding ``v`` to each distinct value of the predicate of
        ``shape`` that meets ``condition`` (a filter, with binds of the variables ``also``,
        which it keeps), each value judged once rather than once per triple."""
        values = f"SELECT DISTINCT {v} WHERE {{ {self.fresh()} {self.path(shape)} {v} }}"
        return f"{{ SELECT {v} {' '.join(also)} WHERE {{ {{ {values} }} {condition} }} }}"

    def kept(self, rows: ox.QuerySolutions, focus: Stored | None) -> list[ox.QuerySolution]:
        """The rows of a query on a pattern of :meth:`walk` whose first column is in
        ``focus`` (all of them for None)."""
        if focus is None:
            return list(rows)
        return [row for row in rows if focus.holds(self.store.store, row[0])]

    def nodes(self, focus: Focus) -> list[Term]:
        x = self.fresh()
        q = f"SELECT {x} WHERE {{ {focus.pattern(x, self.fresh)} }}"
        return [decode(row[0]) for row in self.store.select(q)]

    def focus_values(
        self, shape: Shape, focus: Focus, only: set[Term] | None = None
    ) -> list[tuple[Term, Term]]:
        """(focus node, value node) of ``shape``, optionally only for values in ``only``."""
        if only is not None and not only:
            return []
        if not shape.is_property:
            if only is not None:
                return [(n, n) for n in self.nodes(focus) if n in only]
            return [(n, n) for n in self.nodes(focus)]
        t, v = self.fresh(), self.fresh()
        values = ""
        if only is not None and not any(isinstance(n, ox.BlankNode) for n in only):
            forms = [f for n in only for f in self.store.variants(n)]
            values = f"VALUES {v} {{ {' '.join(term(f) for f in forms)} }} "
        q = (
            f"SELECT DISTINCT {t} {v} WHERE {{ {values}{focus.pattern(t, self.fresh)} "
            f"{t} {self.path(shape)} {v} }}"
        )
        rows = [(decode(row[0]), decode(row[1])) for row in self.store.select(q)]
        if only is not None and not values:
            rows = [r for r in rows if r[1] in only]
        return rows

    def nested_focus(self, shape: Shape, focus: Focus) -> Focus:
        return ValuesOf(focus, self.path(shape)) if shape.is_property else focus

    def inline(self, node: Term, depth: int = 0) -> InlineShape | None:
        """The shape at ``node`` compiled to value-level checks, or None if it is not one."""
        if node in self._inline:
            return self._inline[node]
        if depth > 10:
            raise NotCompilable(f"shapes nested too deeply at {node}")
        shape = self.shape(node)
        result: InlineShape | None = None
        constraint_preds = [p for p in self.sg.predicates(node) if p in PARAMETERS]
        if not shape.is_property and all(p in VALUE_LEVEL for p in constraint_preds):
            value_checks = self.value_checks(shape, depth + 1)
            if value_checks is not None:
                result = InlineShape(shape, value_checks)
        self._inline[node] = result
        return result

    def fail_set(self, node: Term, focus: Focus, any_result: bool) -> set[Term]:
        """The nodes of ``focus`` that do not conform to the shape at ``node``.

        With ``any_result``, a node fails when the shape reports anything about it (sh:node);
        otherwise when it reports a violation, and a Warning or Info shape always conforms.
        """
        shape = self.shape(node)
        inner = self.inline(node)
        if shape.deactivated:
            return set()
        if not any_result and shape.severity in ALLOWED:
            return set()
        if inner is not None:
            x = self.fresh()
            cond = inner.report_filter(x)
            if cond == FALSE:
                return set()
            q = (
                f"SELECT DISTINCT {x} WHERE {{ {focus.pattern(x, self.fresh)} "
                f"FILTER(COALESCE({cond}, true)) }}"
            )
            rows = [row[0] for row in self.store.select(q)]
            if inner.exact:
                return {decode(n) for n in rows}
            return {decode(n) for n in rows if inner.has_results(n, self.store)}
        results = self.evaluate(shape, focus)
        if any_result:
            return {r.focus for r in results}
        return {r.focus for r in results if r.severity not in ALLOWED}

    # --- the evaluation of one shape ---------------------------------------------------

    def value_checks(self, shape: Shape, depth: int = 0) -> list[ValueCheck] | None:
        """The value-level checks of ``shape``; None if a nested shape is not inline."""
        out: list[ValueCheck] = []
        for component in self.components(shape):
            checks = component.value_checks(self, shape, depth)
            if checks is None:
                return None
            out += checks
        return out

    def evaluate(self, shape: Shape, focus: Focus) -> list[Result]:
        if shape.deactivated:
            return []
        results = self._run_value_checks(shape, focus, self.value_checks(shape) or [])
        for component in self.components(shape):
            results += component.evaluate(self, shape, focus)
        return results

    def _run_value_checks(
        self, shape: Shape, focus: Focus, value_checks: list[ValueCheck]
    ) -> list[Result]:
        """One query for all value-level checks of a shape: each check's filter becomes a
        flag, and only rows with a raised flag come back.

        When :meth:`walk` scans a predicate, each distinct value is judged once, and the
        subjects of the failing ones found after: the values of a predicate every resource
        has are often few (a class, a section of the source), and a check such as
        ``sh:in`` or ``sh:class`` costs far more than the look-up of who has the value.
        """
        if not value_checks:
            return []
        t = self.fresh()
        v = self.fresh() if shape.is_property else t
        flags = [self.fresh() for _ in value_checks]
        binds = " ".join(
            f"BIND(COALESCE({c.prefilter(v)}, true) AS {var})"
            for var, c in zip(flags, value_checks, strict=True)
        )
        raised = f"FILTER({' || '.join(flags)})"
        unchecked: Stored | None = None
        if shape.is_property:
            walk, unchecked = self.walk(shape, focus, t, v)
        else:
            walk = focus.pattern(t, self.fresh)
        head = f"{t} {v}" if shape.is_property else t
        if unchecked is None:
            body = f"{walk} {binds} {raised}"
        else:
            body = f"{self.judged(shape, v, f'{binds} {raised}', flags)} {walk}"
        q = f"SELECT DISTINCT {head} {' '.join(flags)} WHERE {{ {body} }}"
        offset = 2 if shape.is_property else 1
        out: list[Result] = []
        for row in self.kept(self.store.select(q), unchecked):
            focus_node = decode(row[0])
            raw = row[1] if shape.is_property else row[0]
            value = decode(raw)
            for i, c in enumerate(value_checks):
                flag = row[offset + i]
                if not (isinstance(flag, ox.Literal) and flag.value == "true"):
                    continue
                if c.exact or c.fails(raw, self.store):
                    value_reported = value if c.reports_value else None
                    out.append(Result(focus_node, shape, c.component, value_reported, shape.path))
        return out
