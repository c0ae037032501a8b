"""The generic result messages pySHACL writes when a shape has no sh:message.

The texts follow pySHACL's constraint components word for word, and terms are written the
way its ``stringify_node`` writes them (prefixed names from rdflib's namespace manager,
``Literal("...", datatype=...)`` for literals, ``[ ... ]`` for blank nodes). rdflib is
imported only when a generic message is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from coekg.shacl.checks import to_rdflib
from coekg.shacl.engine import Store
from coekg.shacl.literals import decode
from coekg.shacl.results import Result
from coekg.shacl.shapes import RDF_FIRST, SH, ShapesGraph, Term

Objects = Callable[[Term], list[tuple[str, Term]]]


class Stringifier:
    """Writes terms as pySHACL does, for one shapes graph and one data store."""

    def __init__(self, sg: ShapesGraph, store: Store) -> None:
        import rdflib

        self.sg = sg
        self.store = store
        shapes_ns = rdflib.Graph().namespace_manager
        for prefix, ns in sg.prefixes.items():
            shapes_ns.bind(prefix, ns)
        shapes_ns.bind("sh", SH, override=False, replace=False)
        data_ns = rdflib.Graph().namespace_manager
        data_ns.bind("sh", SH, override=False, replace=False)
        self._ns = {"shapes": shapes_ns, "data": data_ns}
        self._cache: dict[tuple[str, Term], str] = {}

    def _shape_pairs(self, node: Term) -> list[tuple[str, Term]]:
        return [(p, o) for p in self.sg.predicates(node) for o in self.sg.objects(node, p)]

    def _data_pairs(self, node: Term) -> list[tuple[str, Term]]:
        out: list[tuple[str, Term]] = []
        for row in self.store.select(
            "SELECT ?p ?o WHERE { ?s ?p ?o }",
            substitutions={ox.Variable("s"): self.store.encode(node)},
        ):
            out.append((row[0].value, decode(row[1])))
        return out

    def shapes(self, node: Term) -> str:
        return self._node("shapes", node, 0)

    def data(self, node: Term) -> str:
        return self._node("data", node, 0)

    def _n3(self, which: str, iri: str) -> str:
        import rdflib

        try:
            return str(rdflib.URIRef(iri).n3(namespace_manager=self._ns[which]))
        except Exception:
            return iri

    def _node(self, which: str, node: Term, depth: int) -> str:
        if isinstance(node, ox.Literal):
            return self._literal(which, node)
        if isinstance(node, ox.BlankNode):
            key = (which, node)
            if key not in self._cache:
                self._cache[key] = self._blank(which, node, depth + 1)
            return self._cache[key]
        return self._n3(which, node.value)

    def _literal(self, which: str, node: ox.Literal) -> str:
        lit: Any = to_rdflib(node)
        value = None if lit.value is None else str(lit.value)
        if value is not None:
            at = value.find(" object at 0x")
            if at > 0:
                value = value[:at]
        lex = str(lit)
        text = f'"{lex}" = {value}' if value is not None and value != lex else f'"{lex}"'
        lang = f", lang={lit.language}" if lit.language else ""
        dt = f", datatype={self._n3(which, str(lit.datatype))}" if lit.datatype else ""
        return f"Literal({text}{lang}{dt})"

    def _blank(self, which: str, node: Term, depth: int) -> str:
        if depth >= 12:
            return "<http://recursion.too.deep>"
        pairs = self._shape_pairs(node) if which == "shapes" else self._data_pairs(node)
        if not pairs:
            return "[ ]"
        if any(p == RDF_FIRST for p, _ in pairs):
            items = self.sg.items(node) if which == "shapes" else []
            return "( {} )".format(" ".join(self._node(which, i, depth + 1) for i in items))
        by_pred: dict[str, list[str]] = {}
        for p, o in pairs:
            by_pred.setdefault(self._n3(which, p), []).append(self._node(which, o, depth + 1))
        parts = []
        for p, texts in sorted(by_pred.items()):
            parts.append(f"{p} {', '.join(sorted(texts)) if len(texts) > 1 else texts[0]}")
        return "[ {} ]".format(" ; ".join(parts))


def generic(r: Result, s: Stringifier) -> str | None:
    """pySHACL's message for ``r`` when its shape has none (None for SPARQL results)."""
    sg, node = s.sg, r.shape.node

    def objs(p: str) -> list[Term]:
        return sg.objects(node, SH + p)

    c = r.component
    path = r.shape.path if r.shape.is_property else None

    def focus() -> str:
        return s.data(r.focus)

    def value() -> str:
        assert r.value is not None
        return s.data(r.value)

    if c == "ClassConstraintComponent":
        rules = objs("class")
        if len(rules) < 2:
            return f"Value does not have class {s.shapes(rules[0])}"
        return "Value class is not in classes ({})".format(", ".join(s.shapes(x) for x in rules))
    if c == "DatatypeConstraintComponent":
        return f"Value is not Literal with datatype {s.shapes(objs('datatype')[0])}"
    if c == "NodeKindConstraintComponent":
        return f"Value is not of Node Kind {s.shapes(objs('nodeKind')[0])}"
    if c in ("MinCountConstraintComponent", "MaxCountConstraintComponent"):
        word, p = ("Less", "minCount") if c.startswith("Min") else ("More", "maxCount")
        count = objs(p)[0].value
        if path is not None:
            return f"{word} than {count} values on {focus()}->{s.shapes(path)}"
        return f"{word} than {count} values on {focus()}"
    ranges = {
        "MinExclusiveConstraintComponent": ("minExclusive", ">"),
        "MinInclusiveConstraintComponent": ("minInclusive", ">="),
        "MaxExclusiveConstraintComponent": ("maxExclusive", "<"),
        "MaxInclusiveConstraintComponent": ("maxInclusive", "<="),
    }
    if c in ranges:
        p, op = ranges[c]
        bounds = objs(p)
        if len(bounds) < 2:
            return f"Value is not {op} {s.shapes(bounds[0])}"
        return "Value is not {} in ({})".format(op, ", ".join(s.shapes(b) for b in bounds))
    if c == "NotConstraintComponent":
        nots = objs("not")
        if len(nots) == 1:
            return f"Node {value()} must not conform to shape {s.shapes(nots[0])}"
        joined = " , ".join(s.shapes(n) for n in nots)
        return f"Node {value()} must not conform to any shapes in {joined}"
    logic = {
        "AndConstraintComponent": ("and", "must conform to all shapes in"),
        "OrConstraintComponent": ("or", "must conform to one or more shapes in"),
        "XoneConstraintComponent": ("xone", "must conform to exactly one shape in"),
    }
    if c in logic:
        p, words = logic[c]
        lists = objs(p)
        if len(lists) < 2:
            listed = " , ".join(s.shapes(i) for i in sg.items(lists[0]))
        else:
            listed = " and ".join(
                "({})".format(" , ".join(s.shapes(i) for i in sg.items(lst))) for lst in lists
            )
        return f"Node {value()} {words} {listed}"
    if c == "MinLengthConstraintComponent":
        return f"String length not >= {s.data(objs('minLength')[0])}"
    if c == "MaxLengthConstraintComponent":
        return f"String length not <= {s.data(objs('maxLength')[0])}"
    if c == "PatternConstraintComponent":
        patterns = objs("pattern")
        if len(patterns) < 2:
            return f"Value does not match pattern '{patterns[0].value}'"
        return "Value does not match every pattern in ('{}')".format(
            "', '".join(x.value for x in patterns)
        )
    if c == "LanguageInConstraintComponent":
        return f"String language is not in {s.shapes(objs('languageIn')[0])}"
    if c == "UniqueLangConstraintComponent":
        return "More than one String shares the same Language"
    pairs = {
        "EqualsConstraintComponent": ("equals", "!="),
        "DisjointConstraintComponent": ("disjoint", "=="),
        "LessThanConstraintComponent": ("lessThan", "<="),
        "LessThanOrEqualsConstraintComponent": ("lessThanOrEquals", "<"),
    }
    if c in pairs:
        p, op = pairs[c]
        props = objs(p)
        compared = s.shapes(props[0]) if len(props) < 2 else ", ".join(s.shapes(x) for x in props)
        return f"Value of {focus()}->{compared} {op} {value()}"
    if c == "NodeConstraintComponent":
        nodes = objs("node")
        if len(nodes) < 2:
            text = f"Value does not conform to Shape {s.shapes(nodes[0])}."
        else:
            text = "Value must conform to every Shape in ('{}').".format(
                "', '".join(s.shapes(x) for x in nodes)
            )
        return text + " See details for more information."
    if c in ("QualifiedMinCountConstraintComponent", "QualifiedMaxCountConstraintComponent"):
        qualified = objs("qualifiedValueShape")
        names = ",".join(s.shapes(x) for x in qualified)
        counts = ""
        for p, word in (("qualifiedMinCount", "MinCount"), ("qualifiedMaxCount", "MaxCount")):
            found = objs(p)
            if found:
                counts += f" {word} {found[0].value}"
        if len(qualified) > 1:
            return f"Focus node does not conform to shapes{counts}: ({names})"
        return f"Focus node does not conform to shape{counts}: {names}"
    if c == "ClosedConstraintComponent":
        return f"Node {focus()} is closed. It cannot have value: {value()}"
    if c == "HasValueConstraintComponent":
        the_set = [s.shapes(x) for x in objs("hasValue")]
        if path is not None:
            return (
                f"Node {focus()}->{s.shapes(path)} does not contain a value in the set: {the_set}"
            )
        return f"Node {focus()} value is not a in the set of values: {the_set}"
    if c == "InConstraintComponent":
        members = [s.shapes(x) for x in dict.fromkeys(sg.items(objs("in")[0]))]
        return f"Value {value()} not in list {members}"
    return None


def messages(r: Result, s: Stringifier | None) -> tuple[str, ...]:
    """The sh:resultMessage values of ``r``."""
    if r.messages is not None:
        return r.messages
    if r.shape.messages:
        return tuple(m.value for m in r.shape.messages)
    if s is None:
        return ()
    text = generic(r, s)
    return () if text is None else (text,)
