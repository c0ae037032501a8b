"""Comparable keys for validation results of pySHACL and of the compiled engine.

A result is compared as (focus, path, value, source shape, constraint component, severity)
plus its messages. Terms are written in N-Triples; a blank-node shape is named by its
content (the shape's triples, blank nodes expanded recursively), which is the same however
a parser labels blank nodes; a complex path is written as a SPARQL property path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coekg.shacl.checks import reported
from coekg.shacl.paths import NotCompilable, sparql_path
from coekg.shacl.shapes import SH, ShapesGraph, Term

Key = tuple[str, str, str, str, str, str]


def nt(t: Any) -> str:
    """An oxigraph or rdflib term in N-Triples (plain literals without ^^xsd:string)."""
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode | ox.BlankNode):
        return str(t) if isinstance(t, ox.NamedNode) else "_:"
    if isinstance(t, ox.Literal):
        return str(t)
    import rdflib

    if isinstance(t, rdflib.URIRef):
        return f"<{t}>"
    if isinstance(t, rdflib.BNode):
        return "_:"
    assert isinstance(t, rdflib.Literal)
    if t.language:
        return str(ox.Literal(str(t), language=t.language))
    if t.datatype is not None:
        return str(ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype))))
    return str(ox.Literal(str(t)))


def _content(node: Any, pairs: Callable[[Any], list[tuple[str, Any]]], depth: int = 0) -> str:
    if depth > 12:
        return "..."
    parts = []
    for p, o in pairs(node):
        if _is_blank(o):
            parts.append(f"<{p}> [{_content(o, pairs, depth + 1)}]")
        else:
            parts.append(f"<{p}> {nt(o)}")
    return "; ".join(sorted(parts))


def _is_blank(t: Any) -> bool:
    if isinstance(t, ox.BlankNode):
        return True
    try:
        import rdflib

        return isinstance(t, rdflib.BNode)
    except ImportError:  # pragma: no cover
        return False


def shape_key_ox(sg: ShapesGraph, node: Term) -> str:
    if isinstance(node, ox.NamedNode):
        return node.value
    return (
        "["
        + _content(node, lambda n: [(p, o) for p in sg.predicates(n) for o in sg.objects(n, p)])
        + "]"
    )


def shape_key_rdflib(g: Any, node: Any) -> str:
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return str(node)
    return "[" + _content(node, lambda n: [(str(p), o) for p, o in g.predicate_objects(n)]) + "]"


def path_key_ox(sg: ShapesGraph, path: Term | None) -> str:
    if path is None:
        return ""
    if isinstance(path, ox.NamedNode):
        return path.value
    try:
        return sparql_path(sg, path)
    except NotCompilable:
        return "?"


def path_key_rdflib(g: Any, path: Any) -> str:
    """The SPARQL path of a SHACL path in an rdflib graph, written as :func:`sparql_path`."""
    import rdflib

    if path is None:
        return ""
    if isinstance(path, rdflib.URIRef):
        return str(path)
    items = list(g.items(path))
    if items:
        return "(" + "/".join(_rdflib_path(g, i) for i in items) + ")"
    return _rdflib_path(g, path)


def _rdflib_path(g: Any, node: Any) -> str:
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    items = list(g.items(node))
    if items:
        return "(" + "/".join(_rdflib_path(g, i) for i in items) + ")"
    sh = rdflib.Namespace(SH)
    inverse = g.value(node, sh.inversePath)
    if inverse is not None:
        return "(^" + _rdflib_path(g, inverse) + ")"
    alternatives = g.value(node, sh.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_rdflib_path(g, i) for i in g.items(alternatives)) + ")"
    for name, op in (("zeroOrMorePath", "*"), ("zeroOrOnePath", "?"), ("oneOrMorePath", "+")):
        inner = g.value(node, sh[name])
        if inner is not None:
            return "(" + _rdflib_path(g, inner) + op + ")"
    return "?"


def _fix_path(key: str) -> str:
    """A plain predicate is written as its IRI, a complex path as a SPARQL path."""
    return key[1:-1] if key.startswith("<") and key.endswith(">") and " " not in key else key


def pyshacl_keys(report: Any, shapes_graph: Any) -> Counter[Key]:
    """The results of a pySHACL report graph, as a multiset of keys."""

    out: Counter[Key] = Counter()
    for r in top_results(report):
        out[_pyshacl_key(report, shapes_graph, r)] += 1
    return out


def top_results(report: Any) -> list[Any]:
    """The results of a report (not the nested ``sh:detail`` ones)."""
    from rdflib.namespace import SH as SHNS

    return list(report.objects(None, SHNS.result))


def _pyshacl_key(report: Any, shapes_graph: Any, r: Any) -> Key:
    import rdflib
    from rdflib.namespace import SH as SHNS

    shape = report.value(r, SHNS.sourceShape)
    path = report.value(r, SHNS.resultPath)
    if isinstance(path, rdflib.BNode):
        path_text = path_key_rdflib(shapes_graph, path)
        if path_text == "?":
            path_text = path_key_rdflib(report, path)
    else:
        path_text = path_key_rdflib(shapes_graph, path)
    return (
        nt(report.value(r, SHNS.focusNode)),
        _fix_path(path_text),
        nt(report.value(r, SHNS.value)),
        shape_key_rdflib(shapes_graph, shape),
        str(report.value(r, SHNS.sourceConstraintComponent)).removeprefix(SH),
        str(report.value(r, SHNS.resultSeverity)).removeprefix(SH),
    )


def pyshacl_messages(report: Any, shapes_graph: Any) -> Counter[tuple[Key, tuple[str, ...]]]:
    from rdflib.namespace import SH as SHNS

    out: Counter[tuple[Key, tuple[str, ...]]] = Counter()
    for r in top_results(report):
        key = _pyshacl_key(report, shapes_graph, r)
        msgs = tuple(sorted(str(m) for m in report.objects(r, SHNS.resultMessage)))
        out[(key, msgs)] += 1
    return out


def engine_keys(outcome: Any) -> Counter[Key]:
    """The results of an :class:`~coekg.shacl.run.Outcome`, as a multiset of keys."""
    out: Counter[Key] = Counter()
    for r in outcome.results:
        out[result_key(outcome.sg, r)] += 1
    return out


def result_key(sg: ShapesGraph, r: Any) -> Key:
    return (
        nt(reported(r.focus)),
        path_key_ox(sg, r.path),
        nt(reported(r.value)),
        shape_key_ox(sg, r.shape.node),
        r.component,
        r.severity.removeprefix(SH),
    )


def engine_messages(outcome: Any) -> Counter[tuple[Key, tuple[str, ...]]]:
    out: Counter[tuple[Key, tuple[str, ...]]] = Counter()
    for r in outcome.results:
        out[(result_key(outcome.sg, r), tuple(sorted(outcome.messages(r))))] += 1
    return out


def run_pyshacl(triples: Sequence[ox.Triple], shape_files: Sequence[Path]) -> tuple[Any, Any]:
    """pySHACL over ``triples`` as :func:`coekg.validate.validate` runs it; returns the
    report graph and the shapes graph."""
    import pyshacl
    import rdflib

    from coekg.shacl.fallback import data_graph

    shapes = rdflib.Graph()
    for f in shape_files:
        shapes.parse(f, format="turtle")
    _c, report, _t = pyshacl.validate(
        data_graph(triples),
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
    )
    return report, shapes
