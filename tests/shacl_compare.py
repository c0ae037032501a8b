"""Comparing coekg's SHACL results with pySHACL's, written independently of the engine.

Nothing here comes from ``coekg.shacl`` but its public result (``validate_triples`` and the
:class:`~coekg.shacl.run.Outcome` it returns): both reports are read with rdflib, by this
module's own code, so a bug in the engine's helpers cannot hide itself by being used on
both sides of the comparison.

A result is compared as (focus, path, value, source shape, constraint component, severity)
and with its messages:

* terms are written in N-Triples, blank nodes as ``_:``. The engine's terms are taken as
  they are: pySHACL reports literals as rdflib reads the data (``"+12"^^xsd:integer`` is
  ``"12"``), and so must the engine;
* a blank-node shape is named by its content (its triples, blank nodes expanded
  recursively) and by the triples that lead to it from a shape with an IRI, which is the
  same however a parser labels blank nodes. pySHACL's shapes are read from the shapes files
  here; coekg's from the triples it read (``Outcome.sg``);
* a complex path is written as a SPARQL property path, by walking the path's triples;
* pySHACL writes the members of ``sh:in`` and ``sh:hasValue``, and the properties of a
  property pair, in set order, which changes from run to run, so they are sorted in its
  generic messages, on both sides.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from coekg.shacl.run import Outcome, validate_triples

#: focus, path, value, source shape, constraint component (local name), severity (local name)
Key = tuple[str, str, str, str, str, str]
Results = Counter[tuple[Key, tuple[str, ...]]]


def nt(t: rdflib.term.Node | None) -> str:
    """An rdflib term in N-Triples; a blank node is ``_:`` (its label means nothing)."""
    if t is None:
        return ""
    if isinstance(t, rdflib.BNode):
        return "_:"
    if isinstance(t, rdflib.URIRef):
        return f"<{t}>"
    assert isinstance(t, rdflib.Literal)
    if t.language:
        return str(ox.Literal(str(t), language=t.language))
    if t.datatype is not None:
        return str(ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype))))
    return str(ox.Literal(str(t)))


def from_ox(t: Any) -> rdflib.term.Node:
    """An Oxigraph term as rdflib reads it (blank nodes keep their label)."""
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    assert isinstance(t, ox.Literal), t
    if t.language:
        return rdflib.Literal(t.value, lang=t.language)
    if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(t.value)
    return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))


def graph_of(triples: Sequence[ox.Triple]) -> rdflib.Graph:
    g = rdflib.Graph()
    for t in triples:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return g


def shape_name(g: rdflib.Graph, node: rdflib.term.Node) -> str:
    """An IRI shape by its IRI; a blank-node shape by its content in ``g`` and where it
    hangs (``<ex:S> <sh:property> [...]``), so that two shapes with the same triples under
    different node shapes have different names."""
    if isinstance(node, rdflib.URIRef):
        return str(node)
    return _where(g, node, 0) + _content(g, node, 0)


def _content(g: rdflib.Graph, node: rdflib.term.Node, depth: int) -> str:
    if depth > 12:
        return "..."
    parts = []
    for p, o in g.predicate_objects(node):
        text = _content(g, o, depth + 1) if isinstance(o, rdflib.BNode) else nt(o)
        parts.append(f"<{p}> {text}")
    return "[" + "; ".join(sorted(parts)) + "]"


def _where(g: rdflib.Graph, node: rdflib.term.Node, depth: int) -> str:
    """The triples from an IRI down to a blank node: ``<s> <p> [content] <p2> ``..."""
    if depth > 12:
        return "... "
    up = sorted(
        f"{str(s) if isinstance(s, rdflib.URIRef) else _where(g, s, depth + 1) + _content(g, s, 0)}"
        f" <{p}> "
        for s, p in g.subject_predicates(node)
    )
    return " | ".join(up)


def path_text(g: rdflib.Graph, path: rdflib.term.Node | None) -> str:
    """A result path: a predicate's IRI, or a complex SHACL path as a SPARQL path ("?" when
    ``g`` does not describe it)."""
    if path is None:
        return ""
    if isinstance(path, rdflib.URIRef):
        return str(path)
    return _path(g, path)


def _path(g: rdflib.Graph, node: rdflib.term.Node) -> str:
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    items = list(g.items(node))
    if items:
        return "(" + "/".join(_path(g, i) for i in items) + ")"
    inverse = g.value(node, SH.inversePath)
    if inverse is not None:
        return "(^" + _path(g, inverse) + ")"
    alternatives = g.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(g, i) for i in g.items(alternatives)) + ")"
    for name, op in (("zeroOrMorePath", "*"), ("zeroOrOnePath", "?"), ("oneOrMorePath", "+")):
        inner = g.value(node, SH[name])
        if inner is not None:
            return "(" + _path(g, inner) + op + ")"
    return "?"


#: generic messages listing members of a set, which pySHACL writes in set order (it changes
#: from run to run): sh:in, sh:hasValue, and property pairs with two properties or more
_SETS = [
    re.compile(r"(?P<head>Value .* not in list )(?P<list>\[.*\])"),
    re.compile(
        r"(?P<head>Node .*(?: does not contain a value in the set: |"
        r" value is not a in the set of values: ))(?P<list>\[.*\])"
    ),
]
_PAIRS = re.compile(
    r"(?P<head>Value of .*?->)(?P<props>[^ ,]+(?:, [^ ,]+)+)(?P<tail> (?:!=|==|<=|<) .*)"
)


def _message(text: str) -> str:
    """A message with the members of a set in sorted order."""
    for pattern in _SETS:
        m = pattern.fullmatch(text)
        if m:
            return m.group("head") + repr(sorted(ast.literal_eval(m.group("list"))))
    m = _PAIRS.fullmatch(text)
    if m:
        return m.group("head") + ", ".join(sorted(m.group("props").split(", "))) + m.group("tail")
    return text


def _local(iri: Any) -> str:
    return str(iri).removeprefix(str(SH))


# --- pySHACL's side --------------------------------------------------------------------------


def run_pyshacl(
    triples: Sequence[ox.Triple], shape_files: Sequence[Path]
) -> tuple[rdflib.Graph, rdflib.Graph]:
    """pySHACL over ``triples`` as ``coekg validate --engine pyshacl`` runs it (no inference,
    warnings allowed); the report graph and the shapes graph."""
    import pyshacl

    data = rdflib.Graph()
    if triples:
        data.parse(data=ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES), format="nt")
    shapes = rdflib.Graph()
    for f in shape_files:
        shapes.parse(f, format="turtle")
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
    )
    assert isinstance(report, rdflib.Graph)
    return report, shapes


def pyshacl_results(report: rdflib.Graph, shapes: rdflib.Graph) -> Results:
    """The results of a pySHACL report (not those nested in them by sh:detail)."""
    out: Results = Counter()
    for r in report.objects(None, SH.result):
        path = report.value(r, SH.resultPath)
        where = path_text(shapes, path)
        if where == "?":  # a path pySHACL copied into the report
            where = path_text(report, path)
        key = (
            nt(report.value(r, SH.focusNode)),
            where,
            nt(report.value(r, SH.value)),
            shape_name(shapes, report.value(r, SH.sourceShape)),
            _local(report.value(r, SH.sourceConstraintComponent)),
            _local(report.value(r, SH.resultSeverity)),
        )
        texts = tuple(sorted(_message(str(m)) for m in report.objects(r, SH.resultMessage)))
        out[(key, texts)] += 1
    return out


# --- coekg's side ----------------------------------------------------------------------------


def coekg_results(outcome: Outcome) -> Results:
    """The results of the compiled engine, read the same way."""
    shapes = graph_of(outcome.sg.triples)
    out: Results = Counter()

    def term(t: Any) -> str:
        """Exactly the term the engine gives: pySHACL reports literals as rdflib reads
        them, and so must the engine."""
        if t is None:
            return ""
        return "_:" if isinstance(t, ox.BlankNode) else str(t)

    for r in outcome.results:
        key = (
            term(r.focus),
            path_text(shapes, None if r.path is None else from_ox(r.path)),
            term(r.value),
            shape_name(shapes, from_ox(r.shape.node)),
            _local(r.component),
            _local(r.severity),
        )
        texts = tuple(sorted(_message(m) for m in outcome.messages(r)))
        out[(key, texts)] += 1
    return out


def keys(results: Results) -> Counter[Key]:
    """The results without their messages."""
    out: Counter[Key] = Counter()
    for (key, _texts), n in results.items():
        out[key] += n
    return out


def differences(ours: Results, theirs: Results) -> str:
    """What only one side reports, for an assertion message."""
    lines = [f"only in coekg:   {k} {m} x{n}" for (k, m), n in (ours - theirs).items()]
    lines += [f"only in pySHACL: {k} {m} x{n}" for (k, m), n in (theirs - ours).items()]
    return "\n".join(sorted(lines))


def compare(
    triples: Sequence[ox.Triple], shape_files: Sequence[Path]
) -> tuple[Outcome, Results, Results]:
    """Validate with coekg's compiled engine and with pySHACL: the outcome, and the results
    of each side."""
    outcome = validate_triples(triples, shape_files)
    report, shapes = run_pyshacl(triples, shape_files)
    return outcome, coekg_results(outcome), pyshacl_results(report, shapes)
