"""Running the compiled shapes: one SPARQL query per group of constraints.

:class:`Engine` evaluates a shape over a focus set (a SPARQL pattern) and returns
:class:`~coekg.shacl.results.Result` objects. It follows pySHACL's semantics (allowing
warnings, as :func:`coekg.validate.validate` runs it), including its reading of nested
conformance: for ``sh:node`` a value fails when the nested shape reports anything about it;
for ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone`` and qualified value shapes it fails when the
nested shape reports a violation (a Warning or Info shape always conforms).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from coekg.shacl import checks as ck
from coekg.shacl.focus import SCRATCH, Focus, Stored, ValuesOf, targets
from coekg.shacl.literals import Codec, decode
from coekg.shacl.paths import NotCompilable, sparql_path, term
from coekg.shacl.results import Result
from coekg.shacl.shapes import INFO, RDF, RDFS, SH, WARNING, Shape, ShapesGraph, Term

ALLOWED = (WARNING, INFO)

#: shape predicates that are not constraint parameters
_NOT_PARAMETERS = {
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
        "flags",
        "ignoredProperties",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
        "prefixes",
    ]
}
#: constraint parameters judged value by value, so an inline shape may use them
_VALUE_LEVEL = {
    SH + p
    for p in [
        "class",
        "datatype",
        "nodeKind",
        "minExclusive",
        "minInclusive",
        "maxExclusive",
        "maxInclusive",
        "minLength",
        "maxLength",
        "pattern",
        "languageIn",
        "in",
        "hasValue",
        "node",
        "not",
        "and",
        "or",
        "xone",
    ]
}
_KNOWN = _VALUE_LEVEL | {
    SH + p
    for p in [
        "minCount",
        "maxCount",
        "uniqueLang",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "property",
        "qualifiedValueShape",
        "closed",
        "sparql",
    ]
}


class Store:
    """The data the shapes are checked against: an Oxigraph store, and the graphs whose
    union is the data graph (None: the store's default graph)."""

    def __init__(
        self,
        store: ox.Store,
        graphs: Sequence[ox.NamedNode] | None = None,
        codec: Codec | None = None,
    ) -> None:
        self.store = store
        self.graphs = list(graphs) if graphs is not None else None
        self.codec = codec or Codec()
        self.queries = 0

    def encode(self, t: Term) -> Term:
        """A term as the store holds it (literals as pySHACL reads them, kept intact)."""
        return self.codec.store_form(t)

    def variants(self, t: Term) -> list[Term]:
        """The forms a constant of the shapes has in the store."""
        return [self.codec.store_form(t)]

    def _dataset(self) -> dict[str, Any]:
        return {} if self.graphs is None else {"default_graph": self.graphs}

    def select(self, query: str, **kwargs: Any) -> ox.QuerySolutions:
        self.queries += 1
        result = self.store.query(query, **self._dataset(), **kwargs)
        assert isinstance(result, ox.QuerySolutions)
        return result

    def ask(self, condition: str, value: Term) -> bool:
        result = self.store.query(
            f"SELECT ?v WHERE {{ FILTER({condition}) }}",
            substitutions={ox.Variable("v"): value},
            **self._dataset(),
        )
        assert isinstance(result, ox.QuerySolutions)
        return any(True for _ in result)

    def insert(self, template: str, where: str) -> None:
        """``INSERT { template } WHERE { where }`` with the data graph as the dataset."""
        using = "".join(f"USING <{g.value}> " for g in self.graphs or [])
        self.queries += 1
        self.store.update(f"INSERT {{ {template} }} {using}WHERE {{ {where} }}")


class Engine:
    """Evaluates the shapes of one shapes graph over one store."""

    def __init__(self, sg: ShapesGraph, shapes: dict[Term, Shape], store: Store) -> None:
        self.sg = sg
        self.shapes = shapes
        self.store = store
        self._n = 0
        self._sets = 0
        self._subclasses: dict[Term, list[Term]] = {}
        self._inline: dict[Term, ck.InlineShape | None] = {}

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
            if p in _KNOWN or p in _NOT_PARAMETERS or not p.startswith(SH):
                continue
            raise NotCompilable(f"{shape.node} uses {p}")
        for p in ("node", "not", "property", "qualifiedValueShape"):
            for n in sg.objects(shape.node, SH + p):
                self.check_compilable(self._shape(n), seen)
        for p in ("and", "or", "xone"):
            for lst in sg.objects(shape.node, SH + p):
                for n in sg.items(lst):
                    self.check_compilable(self._shape(n), seen)
        from coekg.shacl.sparql import compile_constraints

        compile_constraints(self, shape)

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
        stored = Stored(f"{SCRATCH}:set:{self._sets}")
        x = self.fresh()
        self.store.insert(stored.pattern(x, self.fresh), focus.pattern(x, self.fresh))
        found = self.store.store.query(f"ASK {{ {stored.pattern(x, self.fresh)} }}")
        return stored if found else None

    def clear(self) -> None:
        """Remove the focus sets the engine kept in the store."""
        self.store.store.remove_graph(ox.NamedNode(SCRATCH))

    # --- helpers -------------------------------------------------------------------------

    def _shape(self, node: Term) -> Shape:
        shape = self.shapes.get(node)
        if shape is None:
            raise NotCompilable(f"{node} is referenced as a shape but is not one")
        return shape

    def _path(self, shape: Shape) -> str:
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

    def nodes(self, focus: Focus) -> list[Term]:
        x = self.fresh()
        q = f"SELECT {x} WHERE {{ {focus.pattern(x, self.fresh)} }}"
        return [decode(row[0]) for row in self.store.select(q)]

    def pairs(
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
            f"{t} {self._path(shape)} {v} }}"
        )
        rows = [(decode(row[0]), decode(row[1])) for row in self.store.select(q)]
        if only is not None and not values:
            rows = [r for r in rows if r[1] in only]
        return rows

    def inline(self, node: Term, depth: int = 0) -> ck.InlineShape | None:
        """The shape at ``node`` compiled to value-level checks, or None if it is not one."""
        if node in self._inline:
            return self._inline[node]
        if depth > 10:
            raise NotCompilable(f"shapes nested too deeply at {node}")
        shape = self._shape(node)
        result: ck.InlineShape | None = None
        preds = self.sg.predicates(node)
        constraint_preds = [p for p in preds if p in _KNOWN]
        if not shape.is_property and all(p in _VALUE_LEVEL for p in constraint_preds):
            value_checks = self.value_checks(shape, depth + 1)
            if value_checks is not None:
                result = ck.InlineShape(shape, value_checks)
        self._inline[node] = result
        return result

    # --- value-level constraints -------------------------------------------------------

    def value_checks(self, shape: Shape, depth: int = 0) -> list[ck.ValueCheck] | None:
        """The value-level checks of ``shape``; None if a nested shape is not inline."""
        sg, node = self.sg, shape.node
        out: list[ck.ValueCheck] = []
        for c in sg.objects(node, SH + "class"):
            out.append(ck.class_of(c, self.subclasses(c)))
        datatypes = sg.objects(node, SH + "datatype")
        if len(datatypes) > 1:
            raise NotCompilable(f"{node} has more than one sh:datatype")
        for d in datatypes:
            if not isinstance(d, ox.NamedNode):
                raise NotCompilable("sh:datatype must be an IRI")
            out.append(ck.DatatypeCheck(d.value))
        for k in sg.objects(node, SH + "nodeKind")[:1]:
            out.append(ck.node_kind(k))
        for kind in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"):
            for bound in sg.objects(node, SH + kind):
                out.append(ck.value_range(kind, bound))
        for limit in sg.objects(node, SH + "minLength")[:1]:
            out.append(ck.min_length(limit))
        for limit in sg.objects(node, SH + "maxLength")[:1]:
            out.append(ck.max_length(limit))
        flags = sg.value(node, SH + "flags")
        for pattern in sg.objects(node, SH + "pattern"):
            if not isinstance(pattern, ox.Literal):
                raise NotCompilable("sh:pattern must be a literal")
            out.append(
                ck.PatternCheck(pattern.value, flags.value if isinstance(flags, ox.Literal) else "")
            )
        for lst in sg.objects(node, SH + "languageIn")[:1]:
            out.append(ck.language_in(sg.items(lst)))
        ins = sg.objects(node, SH + "in")
        if len(ins) > 1:
            raise NotCompilable(f"{node} has more than one sh:in")
        for lst in ins:
            out.append(ck.one_of(list(dict.fromkeys(sg.items(lst))), self.store.variants))
        if not shape.is_property:
            for hv in sg.objects(node, SH + "hasValue"):
                out.append(ck.has_value_on_node(hv, self.store.variants))
        for n in sg.objects(node, SH + "node"):
            inner = self.inline(n, depth)
            if inner is None:
                if depth:
                    return None
                continue
            out.append(ck.NodeCheck(inner))
        for op in ("not", "and", "or", "xone"):
            for member_nodes in self._logic_members(node, op):
                members = [self.inline(m, depth) for m in member_nodes]
                if any(m is None for m in members):
                    if depth:
                        return None
                    continue
                out.append(ck.LogicCheck(op, [m for m in members if m is not None]))
        return out

    def _logic_members(self, node: Term, op: str) -> list[list[Term]]:
        sg = self.sg
        if op == "not":
            return [[n] for n in sg.objects(node, SH + "not")]
        out: list[list[Term]] = []
        for lst in sg.objects(node, SH + op):
            items = sg.items(lst)
            if not items:
                raise NotCompilable(f"sh:{op} needs a non-empty list")
            out.append(items if op == "xone" else list(dict.fromkeys(items)))
        return out

    def _run_value_checks(
        self, shape: Shape, focus: Focus, value_checks: list[ck.ValueCheck]
    ) -> list[Result]:
        """One query for all value-level checks of a shape: each check's filter becomes a
        flag, and only rows with a raised flag come back."""
        if not value_checks:
            return []
        t = self.fresh()
        v = self.fresh() if shape.is_property else t
        flags = [self.fresh() for _ in value_checks]
        binds = " ".join(
            f"BIND(COALESCE({c.prefilter(v)}, true) AS {var})"
            for var, c in zip(flags, value_checks, strict=True)
        )
        walk = f"{t} {self._path(shape)} {v} . " if shape.is_property else ""
        head = f"{t} {v}" if shape.is_property else t
        q = (
            f"SELECT DISTINCT {head} {' '.join(flags)} WHERE {{ "
            f"{focus.pattern(t, self.fresh)} {walk}{binds} FILTER({' || '.join(flags)}) }}"
        )
        offset = 2 if shape.is_property else 1
        out: list[Result] = []
        for row in self.store.select(q):
            focus_node = decode(row[0])
            raw = row[1] if shape.is_property else row[0]
            value = decode(raw)
            for i, c in enumerate(value_checks):
                flag = row[offset + i]
                if not (isinstance(flag, ox.Literal) and flag.value == "true"):
                    continue
                if c.exact or c.fails(raw, self.store):
                    out.append(self._result(shape, c, focus_node, value))
        return out

    def _result(self, shape: Shape, c: ck.ValueCheck, focus: Term, value: Term) -> Result:
        return Result(focus, shape, c.component, value if c.reports_value else None, shape.path)

    # --- the evaluation of one shape ---------------------------------------------------

    def evaluate(self, shape: Shape, focus: Focus) -> list[Result]:
        if shape.deactivated:
            return []
        sg, node = self.sg, shape.node
        results: list[Result] = []
        value_checks = self.value_checks(shape) or []
        results += self._run_value_checks(shape, focus, value_checks)
        results += self._counts(shape, focus)
        if shape.is_property:
            for hv in sg.objects(node, SH + "hasValue"):
                results += self._has_value(shape, focus, hv)
            if any(
                isinstance(u, ox.Literal) and u.value == "true"
                for u in sg.objects(node, SH + "uniqueLang")[:1]
            ):
                results += self._unique_lang(shape, focus)
        for kind in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            for other in sg.objects(node, SH + kind):
                results += self._pair(shape, focus, kind, other)
        for n in sg.objects(node, SH + "node"):
            if self.inline(n) is None:
                results += self._complex_node(shape, focus, n)
        for op in ("not", "and", "or", "xone"):
            for members in self._logic_members(node, op):
                if any(self.inline(m) is None for m in members):
                    results += self._complex_logic(shape, focus, op, members)
        if shape.is_property:
            for q in sg.objects(node, SH + "qualifiedValueShape"):
                results += self._qualified(shape, focus, q)
        closed = sg.value(node, SH + "closed")
        if isinstance(closed, ox.Literal) and closed.value == "true":
            results += self._closed(shape, focus)
        for prop_node in sg.objects(node, SH + "property"):
            prop = self._shape(prop_node)
            if not prop.is_property:
                raise NotCompilable(f"{prop_node} is not a property shape")
            inner_focus = ValuesOf(focus, self._path(shape)) if shape.is_property else focus
            results += self.evaluate(prop, inner_focus)
        if sg.objects(node, SH + "sparql"):
            from coekg.shacl.sparql import compile_constraints

            for constraint in compile_constraints(self, shape):
                results += constraint.run(self, focus)
        return results

    # --- per-focus constraints -----------------------------------------------------------

    def _counts(self, shape: Shape, focus: Focus) -> list[Result]:
        sg, node = self.sg, shape.node
        out: list[Result] = []
        mins = sg.objects(node, SH + "minCount")
        maxs = sg.objects(node, SH + "maxCount")
        if len(mins) > 1 or len(maxs) > 1:
            raise NotCompilable(f"{node} has more than one sh:minCount or sh:maxCount")
        t, x = self.fresh(), self.fresh()
        for m in mins:
            k = ck._int_param(m)
            if k <= 0:
                continue
            if not shape.is_property:
                raise NotCompilable("sh:minCount on a node shape (pySHACL refuses it)")
            path = self._path(shape)
            if k == 1:
                q = (
                    f"SELECT {t} WHERE {{ {focus.pattern(t, self.fresh)} "
                    f"FILTER NOT EXISTS {{ {t} {path} {x} }} }}"
                )
            else:
                q = (
                    f"SELECT {t} WHERE {{ {focus.pattern(t, self.fresh)} "
                    f"OPTIONAL {{ {t} {path} {x} }} }} "
                    f"GROUP BY {t} HAVING (COUNT(DISTINCT {x}) < {k})"
                )
            out += [
                Result(decode(row[0]), shape, "MinCountConstraintComponent", None, shape.path)
                for row in self.store.select(q)
            ]
        for m in maxs:
            k = ck._int_param(m)
            if not shape.is_property:
                raise NotCompilable("sh:maxCount on a node shape")
            path = self._path(shape)
            q = (
                f"SELECT {t} WHERE {{ {focus.pattern(t, self.fresh)} {t} {path} {x} }} "
                f"GROUP BY {t} HAVING (COUNT(DISTINCT {x}) > {k})"
            )
            out += [
                Result(decode(row[0]), shape, "MaxCountConstraintComponent", None, shape.path)
                for row in self.store.select(q)
            ]
        return out

    def _has_value(self, shape: Shape, focus: Focus, hv: Term) -> list[Result]:
        t, x = self.fresh(), self.fresh()
        same = " || ".join(f"sameTerm({x}, {term(f)})" for f in self.store.variants(hv))
        q = (
            f"SELECT {t} WHERE {{ {focus.pattern(t, self.fresh)} "
            f"FILTER NOT EXISTS {{ {t} {self._path(shape)} {x} FILTER({same}) }} }}"
        )
        return [
            Result(decode(row[0]), shape, "HasValueConstraintComponent", None, shape.path)
            for row in self.store.select(q)
        ]

    def _unique_lang(self, shape: Shape, focus: Focus) -> list[Result]:
        t, v, lang = self.fresh(), self.fresh(), self.fresh()
        q = (
            f"SELECT {t} {lang} WHERE {{ {focus.pattern(t, self.fresh)} "
            f"{t} {self._path(shape)} {v} "
            f'FILTER(isLiteral({v}) && lang({v}) != "") BIND(LCASE(lang({v})) AS {lang}) }} '
            f"GROUP BY {t} {lang} HAVING (COUNT(DISTINCT {v}) > 1)"
        )
        return [
            Result(decode(row[0]), shape, "UniqueLangConstraintComponent", None, shape.path)
            for row in self.store.select(q)
        ]

    def _values_by_focus(self, focus: Focus, path: str | None) -> dict[Term, list[Term]]:
        t, v = self.fresh(), self.fresh()
        by_focus: dict[Term, list[Term]] = {}
        if path is None:
            return {n: [n] for n in self.nodes(focus)}
        q = f"SELECT DISTINCT {t} {v} WHERE {{ {focus.pattern(t, self.fresh)} {t} {path} {v} }}"
        for row in self.store.select(q):
            by_focus.setdefault(decode(row[0]), []).append(decode(row[1]))
        return by_focus

    def _pair(self, shape: Shape, focus: Focus, kind: str, prop: Term) -> list[Result]:
        from coekg.shacl.pairs import compare

        if not isinstance(prop, ox.NamedNode):
            raise NotCompilable(f"sh:{kind} needs an IRI")
        component = kind[0].upper() + kind[1:] + "ConstraintComponent"
        values = self._values_by_focus(focus, self._path(shape) if shape.is_property else None)
        others = self._values_by_focus(focus, term(prop))
        out: list[Result] = []
        for f in dict.fromkeys([*values, *others]):
            if not shape.is_property and f not in values:
                continue
            for value in compare(kind, values.get(f, []), others.get(f, [])):
                out.append(Result(f, shape, component, value, shape.path))
        return out

    # --- nested shapes that are not value-level ------------------------------------------

    def _nested_focus(self, shape: Shape, focus: Focus) -> Focus:
        return ValuesOf(focus, self._path(shape)) if shape.is_property else focus

    def fail_set(self, node: Term, focus: Focus, any_result: bool) -> set[Term]:
        """The nodes of ``focus`` that do not conform to the shape at ``node``.

        With ``any_result``, a node fails when the shape reports anything about it (sh:node);
        otherwise when it reports a violation, and a Warning or Info shape always conforms.
        """
        shape = self._shape(node)
        inner = self.inline(node)
        if shape.deactivated:
            return set()
        if not any_result and shape.severity in ALLOWED:
            return set()
        if inner is not None:
            x = self.fresh()
            cond = inner.report_filter(x)
            if cond == ck.FALSE:
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

    def _complex_node(self, shape: Shape, focus: Focus, node: Term) -> list[Result]:
        failing = self.fail_set(node, self._nested_focus(shape, focus), any_result=True)
        return [
            Result(f, shape, "NodeConstraintComponent", v, shape.path)
            for f, v in self.pairs(shape, focus, failing)
        ]

    def _complex_logic(
        self, shape: Shape, focus: Focus, op: str, members: list[Term]
    ) -> list[Result]:
        nested = self._nested_focus(shape, focus)
        fails = [self.fail_set(m, nested, any_result=False) for m in members]
        if op == "or":
            failing = set.intersection(*fails)
        elif op == "and":
            failing = set.union(*fails)
        else:
            every = set(self.nodes(nested))
            if op == "not":
                failing = every - fails[0]
            else:
                failing = {n for n in every if sum(1 for f in fails if n not in f) != 1}
        component = op.capitalize() + "ConstraintComponent"
        return [
            Result(f, shape, component, v, shape.path) for f, v in self.pairs(shape, focus, failing)
        ]

    def _qualified(self, shape: Shape, focus: Focus, q: Term) -> list[Result]:
        sg, node = self.sg, shape.node
        mins = sg.objects(node, SH + "qualifiedMinCount")
        maxs = sg.objects(node, SH + "qualifiedMaxCount")
        low = ck._int_param(mins[0]) if mins else None
        high = ck._int_param(maxs[0]) if maxs else None
        if low is None and high is None:
            raise NotCompilable("sh:qualifiedValueShape without a count")
        disjoint = any(
            isinstance(d, ox.Literal) and d.value == "true"
            for d in sg.objects(node, SH + "qualifiedValueShapesDisjoint")
        )
        nested = self._nested_focus(shape, focus)
        every = set(self.nodes(nested))
        conforming = every - self.fail_set(q, nested, any_result=False)
        if disjoint:
            siblings: set[Term] = set()
            for parent in sg.subjects(SH + "property", node):
                for prop in sg.objects(parent, SH + "property"):
                    siblings.update(
                        s for s in sg.objects(prop, SH + "qualifiedValueShape") if s != q
                    )
            for s in siblings:
                conforming -= every - self.fail_set(s, nested, any_result=False)
        counts: dict[Term, int] = {n: 0 for n in self.nodes(focus)}
        for f, v in self.pairs(shape, focus):
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

    def _closed(self, shape: Shape, focus: Focus) -> list[Result]:
        sg, node = self.sg, shape.node
        allowed: list[Term] = []
        for prop_node in sg.objects(node, SH + "property"):
            prop = self._shape(prop_node)
            if prop.path is not None:
                allowed.append(prop.path)
        for lst in sg.objects(node, SH + "ignoredProperties"):
            allowed.extend(sg.items(lst))
        iris = [a for a in allowed if isinstance(a, ox.NamedNode)]
        t, v, p, o = self.fresh(), self.fresh(), self.fresh(), self.fresh()
        walk = f"{t} {self._path(shape)} {v} . " if shape.is_property else f"BIND({t} AS {v}) "
        not_in = f"FILTER({p} NOT IN ({', '.join(term(a) for a in iris)})) " if iris else ""
        q = (
            f"SELECT DISTINCT {t} {v} {p} {o} WHERE {{ {focus.pattern(t, self.fresh)} {walk}"
            f"{v} {p} {o} {not_in}"
            f"FILTER(!({p} = <{RDF}type> && {o} = <{RDFS}Resource>)) }}"
        )
        return [
            Result(decode(row[0]), shape, "ClosedConstraintComponent", decode(row[3]), row[2])
            for row in self.store.select(q)
        ]
