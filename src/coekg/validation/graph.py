"""What is validated: the data graphs with the ontology's terminology mixed in, and the
shapes.

:func:`validation_triples` is the data graph both engines validate, so that
``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf`` and the SPARQL-based
constraints see which classes, properties and individuals the ontology declares.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coekg import resources
from coekg.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

    from coekg.rdf.dataset import KnowledgeGraph

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDF_TYPE = _RDF + "type"
#: types that make a subject part of the ontology's terminology
_TERMINOLOGY = {
    _OWL + "Ontology",
    _OWL + "Class",
    _RDFS + "Class",
    _RDFS + "Datatype",
    _RDF + "Property",
    _OWL + "ObjectProperty",
    _OWL + "DatatypeProperty",
    _OWL + "AnnotationProperty",
}


@functools.lru_cache(maxsize=4)
def shapes_ntriples(files: tuple[Path, ...]) -> str:
    """The shapes in ``files`` as N-Triples, read with rdflib (once per process)."""
    import rdflib

    g = rdflib.Graph()
    for path in files:
        try:
            g.parse(path, format=resources.RDF_SUFFIXES[path.suffix.lower()])
        except Exception as e:  # rdflib raises many kinds of error for bad syntax
            raise InputError(f"{path}: cannot read the shapes: {e}") from None
    return g.serialize(format="nt")


def shapes_graph(files: Sequence[Path]) -> rdflib.Graph:
    """The SHACL shapes in ``files`` as a new rdflib graph (parsed once per process)."""
    import rdflib

    return rdflib.Graph().parse(data=shapes_ntriples(tuple(files)), format="nt")


def validation_triples(kg: KnowledgeGraph) -> set[ox.Triple]:
    """The triples pySHACL validates: the data graphs plus the ontology's terminology.

    From the ontology come every triple about its classes, properties and header and about
    the blank nodes of its axioms, and a declaration ``owl:NamedIndividual`` of each other
    named resource it describes (such as ``coekg:Exactly``). The ontology's own individuals
    are declared but not described: no shape targets them anyway (their classes,
    ``coekg:Qualifier`` and ``coekg:ProjectStatus``, have none), so pySHACL given the whole
    ontology with ``-e`` reaches the same verdict. (pySHACL's ``ont_graph`` mixing copies
    the individuals' descriptions but, for some, not their types, and costs half a second
    per run.)
    """
    import pyoxigraph as ox

    data_graphs = set(kg.graphs("data"))
    ontology_graphs = set(kg.graphs("ontology"))
    triples: set[ox.Triple] = set()
    ontology: list[ox.Triple] = []
    for q in kg.quads():
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        if graph in data_graphs:
            triples.add(q.triple)
        elif graph in ontology_graphs:
            ontology.append(q.triple)
    terms = {
        t.subject
        for t in ontology
        if t.predicate.value == _RDF_TYPE and getattr(t.object, "value", None) in _TERMINOLOGY
    }
    individual = ox.NamedNode(_OWL + "NamedIndividual")
    rdf_type = ox.NamedNode(_RDF_TYPE)
    for t in ontology:
        if isinstance(t.subject, ox.BlankNode) or t.subject in terms:
            triples.add(t)
        elif isinstance(t.subject, ox.NamedNode):
            triples.add(ox.Triple(t.subject, rdf_type, individual))
    return triples


def as_rdflib(triples: set[ox.Triple]) -> rdflib.Graph:
    import pyoxigraph as ox
    import rdflib

    g = rdflib.Graph()
    if triples:
        g.parse(data=ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g
