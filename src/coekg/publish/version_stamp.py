"""A release's ontology, stamped with the release: ``owl:versionIRI`` and ``owl:versionInfo``.

The ontology is edited by people; the copy a release publishes (``def.ttl``, and the
ontology graph of every dump) says which edition it belongs to. :func:`stamped` gives the
dataset with each ``owl:Ontology`` of the ontology's files carrying the release's version
IRI and version, in place of any it had, at build time and never by hand. The data and the
query catalogue are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coekg.rdf.dataset import KnowledgeGraph, Part

if TYPE_CHECKING:
    import pyoxigraph as ox

OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VERSION_IRI = OWL + "versionIRI"
VERSION_INFO = OWL + "versionInfo"


def stamped(kg: KnowledgeGraph, version_iri: str, version: str) -> KnowledgeGraph:
    """``kg`` with every ontology header of its ontology files saying ``owl:versionIRI
    <version_iri>`` and ``owl:versionInfo "version"``, and nothing else for either."""
    parts = [
        _stamped(part, version_iri, version) if part.source.role == "ontology" else part
        for part in kg.parts
    ]
    return KnowledgeGraph(parts)


def _stamped(part: Part, version_iri: str, version: str) -> Part:
    import pyoxigraph as ox

    is_a, ontology = ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "Ontology")
    headers: dict[ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = {}
    for q in part.quads:
        if q.predicate == is_a and q.object == ontology and isinstance(q.subject, ox.NamedNode):
            headers.setdefault(q.subject, q.graph_name)
    if not headers:
        return part
    stamps = {ox.NamedNode(VERSION_IRI), ox.NamedNode(VERSION_INFO)}
    quads: list[ox.Quad] = [
        q for q in part.quads if not (q.subject in headers and q.predicate in stamps)
    ]
    for subject, graph in headers.items():
        quads.append(ox.Quad(subject, ox.NamedNode(VERSION_IRI), ox.NamedNode(version_iri), graph))
        quads.append(ox.Quad(subject, ox.NamedNode(VERSION_INFO), ox.Literal(version), graph))
    return Part(part.source, quads, part.graph, set_aside=part.set_aside)
