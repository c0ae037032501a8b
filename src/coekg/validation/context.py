"""Validating part of the data: ``coekg validate FILE`` inside a project validates FILE
alone, as given (the same as ``--data FILE``, so that any command's hint can be run as
written). A link from FILE to a resource described elsewhere in the project's data is then
dangling; its finding says where the resource is described and the command that validates
FILE with the data it links to.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.rdf.dataset import read_bytes
from coekg.rdf.positions import file_positions
from coekg.validation.findings import Finding, Report

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

#: the shape whose findings are dangling links
TYPED_RESOURCE_SHAPE = namespaces.SHAPES + "TypedResourceShape"


def dangling(report: Report) -> list[Finding]:
    """The findings of links to resources that the data read does not describe."""
    return [f for f in report.findings if f.node_shape == TYPED_RESOURCE_SHAPE and f.value]


def with_context_hints(report: Report, project_data: KnowledgeGraph, rerun: str) -> Report:
    """``report`` with each dangling link's message saying where the project's data
    describes the resource (file:line) and ``rerun``, the command that includes it."""
    import pyoxigraph as ox

    wanted = {f.value for f in dangling(report)}
    if not wanted:
        return report
    where: dict[str, tuple[str, str]] = {}  # IRI -> (file, format)
    for part in project_data.parts:
        for q in project_data.part_quads(part):
            s = q.subject
            if isinstance(s, ox.NamedNode) and s.value in wanted and s.value not in where:
                where[s.value] = (str(part.source.path), part.source.format)
    findings = []
    for f in report.findings:
        if f in dangling(report) and f.value in where:
            file, fmt = where[f.value]
            path = Path(file)
            found = file_positions(path, fmt, read_bytes(path), frozenset([f.value]))
            line = found.subjects.get(f.value)
            from coekg.project import shown

            place = f"{shown(path)}:{line}" if line else shown(path)
            f = replace(
                f,
                message=f"{f.message}; it is described in {place}: run '{rerun}' to "
                "validate these files with the data they link to",
                also=(*f.also, place),
            )
        findings.append(f)
    return replace(report, findings=findings)
