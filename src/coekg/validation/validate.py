"""Validating the data against the ontology and the SHACL shapes.

pySHACL is the reference engine; the compiled engine of :mod:`coekg.shacl` (the default)
reports the same findings faster. The data graph they validate is the union of the data
graphs with the ontology's terminology mixed in (:func:`validation_triples`), so that
``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf`` and the SPARQL-based
constraints see which classes, properties and individuals the ontology declares. Literals
are validated exactly as the files write them (see :meth:`coekg.rdf.dataset.KnowledgeGraph.quads`).

Beside the shapes' findings come coekg's own checks of what a SHACL engine cannot see
(:mod:`coekg.validation.own_checks`): how literals are written and where resources are
described. Findings are grouped by resource and carry the file and line that state the
offending value (else those that describe the resource), so a data steward knows where to
look.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.errors import NonConformingError
from coekg.rdf.dataset import gc_paused
from coekg.validation.engines import compiled_findings, pyshacl_findings
from coekg.validation.findings import DataRead, Finding, Report
from coekg.validation.locate import located
from coekg.validation.own_checks import own_findings
from coekg.validation.skeleton import PLACEHOLDER
from coekg.validation.vocabulary import explained

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

#: validation engines: "fast" compiles the shapes to SPARQL (coekg.shacl), and must report
#: what "pyshacl", the reference, reports
ENGINES = ("fast", "pyshacl")


def validate(kg: KnowledgeGraph, shape_files: Sequence[Path], engine: str = "fast") -> Report:
    """Validate the data graphs of ``kg`` against the shapes in ``shape_files``, with the
    ontology mixed in.

    The cyclic garbage collector is paused meanwhile: validation makes millions of
    short-lived objects without cycles, and collections that scan them all cost a sixth
    of the time at a million triples. With the compiled engine, coekg's own checks (Python)
    run on a second thread while the engine loads its store and runs its queries, which
    leave Python's global lock free: at a million triples, 3 s of checks no longer wait
    for the engine to finish.
    """
    with gc_paused():
        if engine == "fast":
            with ThreadPoolExecutor(1) as pool:
                own = pool.submit(own_findings, kg)
                findings = compiled_findings(kg, shape_files)
                ours = own.result()
        else:
            findings = pyshacl_findings(kg, shape_files)
            ours = own_findings(kg)
        findings = placeholders(explained(kg, findings)) + ours
        return Report(located(kg, list(dict.fromkeys(findings))))


def placeholders(findings: list[Finding]) -> list[Finding]:
    """Findings on a placeholder of ``coekg new`` (``<todo:label>``) say so first."""
    return [
        replace(f, message=f"<{f.value}> is a placeholder to fill in: {f.message}")
        if f.value and f.value.startswith(PLACEHOLDER)
        else f
        for f in findings
    ]


def data_read(kg: KnowledgeGraph, source: str) -> DataRead:
    """What ``kg`` holds as data, for a summary: ``source`` says where it was read from."""
    import pyoxigraph as ox

    parts = [p for p in kg.parts if p.source.role == "data"]
    lines: set[bytes] = set()
    for part in parts:
        if part.graph is not None:  # N-Triples lines, one statement each
            lines.update(part.text.splitlines())
        else:
            triples = [q.triple for q in part.quads]
            text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            lines.update(text.splitlines())
    return DataRead(source, len(parts), len(lines), sum(p.set_aside for p in parts))


def ensure_conforms(kg: KnowledgeGraph, shape_files: Sequence[Path], rerun: str) -> None:
    """Raise :class:`NonConformingError` when the data has a violation; ``rerun`` is the
    command that gives the full report on the same data."""
    report = validate(kg, shape_files)
    if not report.conforms():
        first = report.violations[0]
        raise NonConformingError(
            f"the data does not conform: {len(report.violations)} violation(s); first: "
            f"{first.where or '?'}: <{first.focus}>: {first.message} "
            f"(run '{rerun}' for the full report, or pass --no-validate)"
        )
