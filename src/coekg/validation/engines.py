"""The two validation engines, giving the same :class:`~coekg.validation.findings.Finding`
objects (in no order and without files; :func:`coekg.validation.validate.validate` adds the
files, for both engines alike):

* :func:`compiled_findings`: the shapes compiled to SPARQL (:mod:`coekg.shacl`), the default;
* :func:`pyshacl_findings`: pySHACL, the reference, which the compiled engine must match.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from coekg.errors import InputError
from coekg.shacl.literals import build_store_from_lines, reported
from coekg.shacl.run import Outcome, validate_store
from coekg.shacl.shapes import SH, Term
from coekg.validation.findings import Finding
from coekg.validation.graph import (
    as_rdflib,
    shapes_graph,
    validation_lines,
    validation_triples,
)

if TYPE_CHECKING:
    import rdflib

    from coekg.rdf.dataset import KnowledgeGraph


def _text(t: Term | None) -> str | None:
    if t is None:
        return None
    return f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value


def outcome_findings(outcome: Outcome) -> list[Finding]:
    """The results of the compiled engine as findings."""
    owner: dict[str, str] = {}
    for node_shape, prop_shape in sorted(outcome.sg.pairs(SH + "property"), key=str, reverse=True):
        owner[_text(prop_shape) or ""] = _text(node_shape) or ""
    out: list[Finding] = []
    for r in outcome.results:
        focus = _text(reported(r.focus)) or ""
        value = reported(r.value)
        value_text = _text(value)
        shape = _text(r.shape.node)
        messages = outcome.messages(r)
        out.append(
            Finding(
                focus=focus,
                severity=r.severity_name,
                message=messages[0] if messages else "",
                path=outcome.path(r),
                value=value_text,
                shape=shape,
                component=r.component,
                node_shape=owner.get(shape or "", shape),
                constraint=_text(r.source_constraint),
                value_term=None if value is None else str(value),
            )
        )
    return out


def compiled_findings(kg: KnowledgeGraph, shape_files: Sequence[Path]) -> list[Finding]:
    """The findings of the compiled engine on ``kg`` against the shapes in ``shape_files``."""
    texts, triples = validation_lines(kg)
    store, codec = build_store_from_lines(texts, triples)
    del texts, triples
    outcome = validate_store(store, codec, shape_files, lambda: list(validation_triples(kg)))
    return outcome_findings(outcome)


def pyshacl_findings(kg: KnowledgeGraph, shape_files: Sequence[Path]) -> list[Finding]:
    """The findings of pySHACL on ``kg``: the results of its report."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH as SHNS

    shapes = shapes_graph(shape_files)
    _conforms, results, text = pyshacl.validate(
        as_rdflib(validation_triples(kg)),
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
    )
    if not isinstance(results, rdflib.Graph):
        where = ", ".join(str(f) for f in shape_files)
        raise InputError(f"{where}: the shapes cannot be used: {text}")
    owner = {str(ps): str(ns) for ns, ps in shapes.subject_objects(SHNS.property)}

    def one(node: rdflib.term.Node, prop: rdflib.URIRef) -> str | None:
        value = results.value(node, prop)
        return None if value is None else str(value)

    findings: list[Finding] = []
    report = results.value(predicate=rdflib.RDF.type, object=SHNS.ValidationReport)
    # the report's own results: not those nested in them by sh:detail (sh:node, for one)
    for r in results.objects(report, SHNS.result):
        value = results.value(r, SHNS.value)
        shape = one(r, SHNS.sourceShape)
        findings.append(
            Finding(
                focus=one(r, SHNS.focusNode) or "",
                severity=(one(r, SHNS.resultSeverity) or SH + "Violation").removeprefix(SH),
                message=one(r, SHNS.resultMessage) or "",
                path=one(r, SHNS.resultPath),
                value=None if value is None else str(value),
                shape=shape,
                component=(one(r, SHNS.sourceConstraintComponent) or "").removeprefix(SH) or None,
                node_shape=owner.get(shape, shape) if shape else None,
                constraint=one(r, SHNS.sourceConstraint),
                value_term=None if value is None else value.n3(),
            )
        )
    return findings
