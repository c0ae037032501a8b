"""Rendering a validation report: text grouped by resource, JSON, or the SHACL report in Turtle.

All three are deterministic: findings are sorted by resource, severity, property and message.
"""

from __future__ import annotations

import json
from itertools import groupby

from coekg import namespaces
from coekg.validation.findings import SH, Finding, Report

#: what each SHACL constraint component means, in words
_RULES = {
    "MinCountConstraintComponent": "missing",
    "MaxCountConstraintComponent": "too many values",
    "QualifiedMaxCountConstraintComponent": "too many values of that kind",
    "DatatypeConstraintComponent": "wrong datatype",
    "ClassConstraintComponent": "value of the wrong class",
    "NodeKindConstraintComponent": "wrong kind of value",
    "PatternConstraintComponent": "does not match the expected form",
    "LanguageInConstraintComponent": "wrong language",
    "UniqueLangConstraintComponent": "two values in one language",
    "InConstraintComponent": "not one of the allowed values",
    "OrConstraintComponent": "none of the allowed forms",
    "MinInclusiveConstraintComponent": "too small",
    "SPARQLConstraintComponent": "rule broken",
}
_PREFIXES = {**namespaces.PREFIXES, "shapes": namespaces.SHAPES}


def render(report: Report, fmt: str, strict: bool = False) -> str:
    """The report as ``text``, ``json`` or ``turtle``; ``strict`` counts warnings as failures."""
    if fmt == "json":
        return _json(report, strict)
    if fmt == "turtle":
        return _turtle(report, strict)
    return _text(report, strict)


def compact(iri: str) -> str:
    """``coekg:status`` for an IRI under a known prefix (the longest), else ``<iri>``: a name
    valid in SPARQL and Turtle (:func:`coekg.namespaces.short_name`)."""
    return namespaces.short_name(iri, _PREFIXES)


def _term(f: Finding) -> str:
    """The offending value, readable: a compact IRI, or a literal with its datatype."""
    term = f.value_term or ""
    if term.startswith("<") and term.endswith(">"):
        return compact(term[1:-1])
    if "^^<" in term and term.endswith(">"):
        lexical, datatype = term.rsplit("^^<", 1)
        return f"{lexical}^^{compact(datatype[:-1])}"
    return term or (f.value or "")


def _grouped(report: Report) -> list[tuple[str, list[Finding]]]:
    ordered = sorted(report.findings, key=Finding.sort_key)
    return [(focus, list(items)) for focus, items in groupby(ordered, key=lambda f: f.focus)]


def _shared_file(items: list[Finding]) -> str | None:
    files = {f.file for f in items}
    return files.pop() if len(files) == 1 else None


def _verdict(report: Report, strict: bool) -> str:
    v, w = len(report.violations), len(report.warnings)
    if not report.findings:
        return "conforms: no violation, no warning"
    resources = len({f.focus for f in report.findings})
    verdict = "conforms" if report.conforms(strict) else "does not conform"
    if strict and v == 0 and w:
        verdict += " (--strict: warnings count)"
    return f"{verdict}: {v} violation(s), {w} warning(s) in {resources} resource(s)"


def _text(report: Report, strict: bool) -> str:
    lines: list[str] = []
    for focus, items in _grouped(report):
        shared = _shared_file(items)
        lines.append(f"<{focus}>" + (f"  ({shared})" if shared else ""))
        for f in items:
            lines.append(f"  {f.severity}: {f.message}")
            details = [] if shared or not f.file else [f"in {f.file}"]
            if f.path:
                details.append(f"property {compact(f.path)}")
            if f.value is not None:
                details.append(f"value {_term(f)}")
            rule = _RULES.get(f.component or "", f.component or "")
            shape = compact(f.node_shape) if f.node_shape else ""
            details.append(f"{rule} ({shape})" if shape else rule)
            lines.append("    " + "; ".join(d for d in details if d))
    lines.append(_verdict(report, strict))
    return "\n".join(lines) + "\n"


def _json(report: Report, strict: bool) -> str:
    doc = {
        "conforms": report.conforms(strict),
        "strict": strict,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "resources": [
            {
                "resource": focus,
                "file": _shared_file(items),
                "findings": [
                    {
                        "severity": f.severity,
                        "message": f.message,
                        "property": f.path,
                        "value": f.value,
                        "value_term": f.value_term,
                        "shape": f.node_shape,
                        "source_shape": f.shape,
                        "component": f.component,
                        "constraint": f.constraint,
                        "file": f.file,
                    }
                    for f in items
                ],
            }
            for focus, items in _grouped(report)
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _turtle(report: Report, strict: bool) -> str:
    """The standard SHACL validation report (``sh:ValidationReport``), deterministically."""
    import rdflib
    from rdflib.util import from_n3

    shns = rdflib.Namespace(SH)
    g = rdflib.Graph()
    g.bind("sh", shns)
    for prefix, ns in _PREFIXES.items():
        if prefix != "sh":
            g.bind(prefix, ns)
    rep = rdflib.BNode("report")
    g.add((rep, rdflib.RDF.type, shns.ValidationReport))
    g.add((rep, shns.conforms, rdflib.Literal(report.conforms(strict))))
    for i, f in enumerate(sorted(report.findings, key=Finding.sort_key), start=1):
        r = rdflib.BNode(f"result{i}")
        g.add((rep, shns.result, r))
        g.add((r, rdflib.RDF.type, shns.ValidationResult))
        g.add((r, shns.focusNode, rdflib.URIRef(f.focus)))
        g.add((r, shns.resultSeverity, shns[f.severity]))
        g.add((r, shns.resultMessage, rdflib.Literal(f.message)))
        if f.path:
            g.add((r, shns.resultPath, rdflib.URIRef(f.path)))
        if f.value_term:
            value = from_n3(f.value_term)
            if isinstance(value, rdflib.term.Identifier):
                g.add((r, shns.value, value))
        if f.shape:
            g.add((r, shns.sourceShape, rdflib.URIRef(f.shape)))
        if f.component:
            g.add((r, shns.sourceConstraintComponent, shns[f.component]))
        if f.constraint:
            g.add((r, shns.sourceConstraint, rdflib.URIRef(f.constraint)))
    return g.serialize(format="turtle")
