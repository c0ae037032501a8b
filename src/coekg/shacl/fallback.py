"""Shapes the engine does not compile are validated by pySHACL, and their results merged.

pySHACL names the source shape of a result by its node in pySHACL's own reading of the
shapes files; a blank-node shape has a different label there than in ours. Each result is
matched to our shape by content: a shape's triples, blank nodes expanded recursively.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coekg.shacl.results import Result
from coekg.shacl.shapes import SH, Shape, ShapesGraph, Term


def _to_ox(t: Any) -> Term:
    import rdflib

    if isinstance(t, rdflib.URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, rdflib.BNode):
        return ox.BlankNode(str(t))
    assert isinstance(t, rdflib.Literal)
    if t.language:
        return ox.Literal(str(t), language=t.language)
    if t.datatype is not None:
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
    return ox.Literal(str(t))


Pairs = Callable[[Term], list[tuple[str, Term]]]


def _content(node: Term, pairs: Pairs, depth: int = 0) -> str:
    if depth > 12:
        return "..."
    parts = []
    for p, o in pairs(node):
        if isinstance(o, ox.BlankNode):
            parts.append(f"<{p}> [{_content(o, pairs, depth + 1)}]")
        else:
            parts.append(f"<{p}> {o}")
    return "; ".join(sorted(parts))


def shape_identity(node: Term, pairs: Pairs) -> str:
    """A shape's IRI, or for a blank-node shape its content (``pairs``: the predicates and
    objects of a node), the same in pySHACL's reading of the shapes files as in ours."""
    if isinstance(node, ox.NamedNode):
        return node.value
    return f"[{_content(node, pairs)}]"


def _to_rdflib(t: Term) -> Any:
    import rdflib

    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    raise TypeError(f"{t} is not a shape node")


def data_graph(triples: Sequence[ox.Triple]) -> Any:
    """``triples`` as an rdflib graph."""
    import rdflib

    data = rdflib.Graph()
    if triples:
        data.parse(data=ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES), format="nt")
    return data


def pyshacl_results(
    triples: Sequence[ox.Triple],
    shape_files: Sequence[Path],
    sg: ShapesGraph,
    shapes: dict[Term, Shape],
    only: Sequence[str] | None,
    *,
    advanced: bool = False,
) -> list[Result]:
    """Run pySHACL as :func:`coekg.validate.validate` runs it; ``only``: IRIs of the shapes
    to run (all when None)."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH as SHNS

    shapes_graph = rdflib.Graph()
    for f in shape_files:
        shapes_graph.parse(f, format="turtle")
    options: dict[str, Any] = {}
    if only is not None:
        options["use_shapes"] = list(only)
    _conforms, report, _text = pyshacl.validate(
        data_graph(triples),
        shacl_graph=shapes_graph,
        inference="none",
        advanced=advanced,
        allow_warnings=True,
        allow_infos=True,
        **options,
    )

    def ours(n: Term) -> list[tuple[str, Term]]:
        return [(p, o) for p in sg.predicates(n) for o in sg.objects(n, p)]

    def theirs(n: Term) -> list[tuple[str, Term]]:
        return [(str(p), _to_ox(o)) for p, o in shapes_graph.predicate_objects(_to_rdflib(n))]

    by_key = {shape_identity(s.node, ours): s for s in shapes.values()}
    out: list[Result] = []
    for r in report.objects(None, SHNS.result):
        source = report.value(r, SHNS.sourceShape)
        shape = by_key.get(shape_identity(_to_ox(source), theirs))
        if shape is None:
            shape = Shape(
                node=ox.BlankNode(str(source)),
                is_property=report.value(r, SHNS.resultPath) is not None,
                path=None,
                severity=str(report.value(r, SHNS.resultSeverity) or SH + "Violation"),
            )
        path = report.value(r, SHNS.resultPath)
        value = report.value(r, SHNS.value)
        focus = report.value(r, SHNS.focusNode)
        component = str(report.value(r, SHNS.sourceConstraintComponent)).removeprefix(SH)
        messages = tuple(sorted(str(m) for m in report.objects(r, SHNS.resultMessage)))
        result_path: Term | None
        if isinstance(path, rdflib.URIRef):
            result_path = ox.NamedNode(str(path))
        elif path is not None:
            result_path = shape.path
        else:
            result_path = None
        out.append(
            Result(
                focus=_to_ox(focus),
                shape=shape,
                component=component,
                value=None if value is None else _to_ox(value),
                path=result_path,
                messages=messages,
            )
        )
    return out
