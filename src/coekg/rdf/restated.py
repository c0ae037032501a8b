"""Statements of a data file that restate the ontology or the query catalogue.

``coekg export`` and the published downloads hold the ontology and the query catalogue
beside the data. Read back as data (``coekg validate coekg.nq``, ``coekg publish --data
coekg.ttl.gz``), those statements are not data: the project's own ontology and catalogue
are what every command uses, and an ontology read as data would be validated as data and
counted twice. So they are set aside when a data file is read:

* in a file that names its graphs (N-Quads, TriG, JSON-LD), the statements of the graphs
  ``.../graph/ontology`` and ``.../graph/queries``;
* in a file of one graph (Turtle, N-Triples, RDF/XML) that restates the ontology's header
  (``<https://w3id.org/coekg/def> a owl:Ontology``) or the catalogue's
  (``<https://w3id.org/coekg/query/> a schema:Collection``), the statements about the
  ontology's terms (IRIs under ``https://w3id.org/coekg/def``, and any subject the file
  types as a class or property), about the queries (IRIs under
  ``https://w3id.org/coekg/query/``), and about the blank nodes that only those describe.

A plain data file restates neither header, so nothing in it is ever set aside.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from coekg import namespaces

if TYPE_CHECKING:
    import pyoxigraph as ox

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
#: the ontology's IRI: its terms are ``ONTOLOGY + "#Name"``
ONTOLOGY = namespaces.DEF.rstrip("#")
#: the graphs of an export that are not data
RESTATED_GRAPHS = (namespaces.ONTOLOGY_GRAPH, namespaces.QUERIES_GRAPH)
#: N-Triples text that only a file restating the ontology or the catalogue holds
HEADERS = (
    f"<{ONTOLOGY}> <{_RDF_TYPE}> <{_OWL}Ontology> .".encode(),
    f"<{namespaces.QUERY}> <{_RDF_TYPE}> <https://schema.org/Collection> .".encode(),
)
#: types that make a subject a term of a vocabulary
_TERM_TYPES = {
    _OWL + "Class",
    _OWL + "ObjectProperty",
    _OWL + "DatatypeProperty",
    _OWL + "AnnotationProperty",
    _OWL + "Ontology",
    _RDFS + "Class",
    _RDFS + "Datatype",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
}


def restates(ntriples: bytes) -> bool:
    """Whether a file of one graph (as N-Triples lines) restates the ontology or catalogue."""
    return any(header in ntriples for header in HEADERS)


def data_triples(triples: list[ox.Triple]) -> tuple[list[ox.Triple], int]:
    """The triples of ``triples`` that are data, and how many were set aside."""
    import pyoxigraph as ox

    typed_terms = {
        t.subject
        for t in triples
        if t.predicate.value == _RDF_TYPE and getattr(t.object, "value", None) in _TERM_TYPES
    }

    def restated(subject: object) -> bool:
        if not isinstance(subject, ox.NamedNode):
            return False
        iri = subject.value
        return (
            iri == ONTOLOGY
            or iri.startswith(namespaces.DEF)
            or iri.startswith(namespaces.QUERY)
            or subject in typed_terms
        )

    # blank nodes go with the subjects that point to them; those that nothing points to
    # (an owl:AllDisjointClasses axiom) with the ontology when it types them in OWL
    children: dict[object, list[ox.BlankNode]] = defaultdict(list)
    pointed_to: set[ox.BlankNode] = set()
    owl_typed: set[ox.BlankNode] = set()
    for t in triples:
        if isinstance(t.object, ox.BlankNode):
            children[t.subject].append(t.object)
            pointed_to.add(t.object)
        if (
            isinstance(t.subject, ox.BlankNode)
            and t.predicate.value == _RDF_TYPE
            and getattr(t.object, "value", "").startswith(_OWL)
        ):
            owl_typed.add(t.subject)
    aside: set[object] = {s for s in children if restated(s)}
    aside |= owl_typed - pointed_to
    stack = list(aside)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in aside:
                aside.add(child)
                stack.append(child)

    kept: list[ox.Triple] = []
    for t in triples:
        if t.subject not in aside and not restated(t.subject):
            kept.append(t)
    return kept, len(triples) - len(kept)
