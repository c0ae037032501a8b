"""Rendering a validation report: text grouped by resource, JSON, the SHACL report in
Turtle, and, for CI, GitHub workflow commands or SARIF 2.1.0 (:mod:`.annotations`).

All are deterministic: findings are sorted by resource, severity, property and message.
Every finding names ``file:line``. SHACL says ``sh:conforms`` is false as soon as there is a
result of any severity, so data with warnings alone "conforms with N warning(s)" in words
(and exits 0 unless ``--strict``) while its SHACL report says ``sh:conforms false``.
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path

from coekg.validation.annotations import github, sarif
from coekg.validation.findings import SH, Finding, Report
from coekg.validation.wording import PREFIXES, compact, details

__all__ = ["FORMATS", "compact", "render", "summary", "verdict"]

#: the report formats: ``text`` for people, the others for machines
FORMATS = ("text", "json", "turtle", "github", "sarif")


def render(report: Report, fmt: str, strict: bool = False) -> str:
    """The report in one of :data:`FORMATS`; ``strict`` counts warnings as failures."""
    if fmt == "json":
        return _json(report, strict)
    if fmt == "turtle":
        return _turtle(report)
    if fmt == "github":
        return github(report, verdict(report, strict), summary(report))
    if fmt == "sarif":
        return sarif(report)
    return _text(report, strict)


def _grouped(report: Report) -> list[tuple[str, list[Finding]]]:
    ordered = sorted(report.findings, key=Finding.sort_key)
    return [(focus, list(items)) for focus, items in groupby(ordered, key=lambda f: f.focus)]


def _shared_file(items: list[Finding]) -> str | None:
    files = {f.file for f in items}
    return files.pop() if len(files) == 1 else None


def verdict(report: Report, strict: bool) -> str:
    """The verdict in words, the exit code's (warnings fail only with ``strict``); data with
    warnings is never said to conform without saying so."""
    v, w = len(report.violations), len(report.warnings)
    if not report.findings:
        return "conforms: no violation, no warning"
    resources = len({f.focus for f in report.findings})
    counts = f"{v} violation(s), {w} warning(s) in {resources} resource(s)"
    if report.conforms(strict):
        if w:
            return f"conforms with {w} warning(s), no violation, in {resources} resource(s)"
        return f"conforms: no violation, no warning; {len(report.findings)} note(s)"
    if strict and v == 0:
        return f"does not conform (--strict: warnings count): {counts}"
    return f"does not conform: {counts}"


def summary(report: Report) -> str:
    """What was read: ``project ./: 13 data file(s), 2104 triple(s)``."""
    d = report.data
    if d is None:
        return ""
    text = f"{d.source}: {d.files} data file(s), {d.triples} triple(s)"
    if d.set_aside:
        text += f"; {d.set_aside} statement(s) restating the ontology or queries set aside"
    return text


def _text(report: Report, strict: bool) -> str:
    lines: list[str] = []
    for focus, items in _grouped(report):
        shared = _shared_file(items)
        lines.append(f"<{focus}>" + (f"  ({shared})" if shared else ""))
        for f in items:
            where = f"{f.where}: " if f.where else ""
            lines.append(f"  {where}{f.severity}: {f.message}")
            lines.append("    " + details(f))
    about = summary(report)
    lines.append(verdict(report, strict) + (f" ({about})" if about else ""))
    return "\n".join(lines) + "\n"


def _json(report: Report, strict: bool) -> str:
    d = report.data
    doc = {
        "conforms": report.conforms(strict),
        "verdict": verdict(report, strict),
        "sh_conforms": not report.findings,
        "strict": strict,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "data": None
        if d is None
        else {"source": d.source, "files": d.files, "triples": d.triples, "set_aside": d.set_aside},
        "resources": [
            {
                "resource": focus,
                "file": _shared_file(items),
                "findings": [
                    {
                        "where": f.where,
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
                        "line": f.line,
                        "also": list(f.also),
                    }
                    for f in items
                ],
            }
            for focus, items in _grouped(report)
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _turtle(report: Report) -> str:
    """The standard SHACL validation report (``sh:ValidationReport``), deterministically:
    ``sh:conforms`` is true only without any result, as SHACL defines it; each result points
    at its line with ``rdfs:seeAlso <file:...#line=N,N+1>`` (an RFC 5147 fragment)."""
    import rdflib
    from rdflib.util import from_n3

    shns = rdflib.Namespace(SH)
    g = rdflib.Graph()
    g.bind("sh", shns)
    for prefix, ns in PREFIXES.items():
        if prefix != "sh":
            g.bind(prefix, ns)
    rep = rdflib.BNode("report")
    g.add((rep, rdflib.RDF.type, shns.ValidationReport))
    g.add((rep, shns.conforms, rdflib.Literal(not report.findings)))
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
            component = f.component if ":" in f.component else SH + f.component
            g.add((r, shns.sourceConstraintComponent, rdflib.URIRef(component)))
        if f.constraint:
            g.add((r, shns.sourceConstraint, rdflib.URIRef(f.constraint)))
        if f.file:
            place = Path(f.file).resolve().as_uri()
            if f.line is not None:
                place += f"#line={f.line - 1},{f.line}"
            g.add((r, rdflib.RDFS.seeAlso, rdflib.URIRef(place)))
    return g.serialize(format="turtle")
