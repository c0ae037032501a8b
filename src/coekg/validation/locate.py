"""Which data file each finding comes from, so a data steward knows where to look."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from coekg.validation.findings import Finding

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def located(kg: KnowledgeGraph, findings: list[Finding]) -> list[Finding]:
    """``findings`` with the data file each comes from, sorted.

    A finding with a property (a plain predicate) comes from the file that states the
    offending triple: the focus, the property and the value, or, for a finding without a
    value (too many values, say), any value of the property. Where several files state it,
    a file other than the one that describes the resource is named, as it is the one that
    added to what the resource's own file says. Any other finding comes from the file that
    describes its focus (preferring the file that types it), else from the file that uses
    its value.
    """
    import pyoxigraph as ox

    wanted = {(f.focus, f.path) for f in findings if f.path}
    properties = {p for _focus, p in wanted}
    file_of_graph = {s.graph: str(s.path) for s in kg.sources if s.role == "data"}
    typed: dict[str, str] = {}
    described: dict[str, str] = {}
    mentioned: dict[str, str] = {}
    stated: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (file, value) in load order
    for q in kg.quads():
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        file = file_of_graph.get(graph or "")
        if file is None:
            continue
        predicate = q.predicate.value
        if isinstance(q.subject, ox.NamedNode):
            subject = q.subject.value
            described.setdefault(subject, file)
            if predicate == _RDF_TYPE:
                typed.setdefault(subject, file)
            if predicate in properties and (subject, predicate) in wanted:
                o = q.object
                value = o.value if isinstance(o, ox.NamedNode | ox.Literal) else str(o)
                stated.setdefault((subject, predicate), []).append((file, value))
        if predicate != _RDF_TYPE:
            mentioned.setdefault(predicate, file)
        if isinstance(q.object, ox.NamedNode):
            mentioned.setdefault(q.object.value, file)
    home = {**described, **typed}

    def file_of(f: Finding) -> str | None:
        statements = stated.get((f.focus, f.path or ""), [])
        stating = [file for file, value in statements if f.value is None or value == f.value]
        if stating:
            return next((file for file in stating if file != home.get(f.focus)), stating[0])
        if f.focus in home or f.value is None:
            return home.get(f.focus)
        return home.get(f.value) or mentioned.get(f.value)

    return sorted((replace(f, file=file_of(f)) for f in findings), key=Finding.sort_key)
