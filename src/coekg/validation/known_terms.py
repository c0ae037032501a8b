"""The classes and properties the data may use (``shapes:KnownTermsShape`` lists them): the
ontology's declarations, the terms of RDF, RDFS and OWL, and the SHACL and schema.org terms
of the query catalogue, which an export holds beside the data."""

from __future__ import annotations

from pathlib import Path

from coekg import resources
from coekg.validation.vocabulary import vocabularies

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_SH = "http://www.w3.org/ns/shacl#"
_SCHEMA = "https://schema.org/"
_CLASS_KINDS = {_OWL + "Class", _RDFS + "Class"}
_PROPERTY_KINDS = {
    _OWL + "ObjectProperty",
    _OWL + "DatatypeProperty",
    _OWL + "AnnotationProperty",
    _RDF + "Property",
}
#: the query catalogue's terms (coekg.query.catalogue_rdf)
CATALOGUE_CLASSES = {
    _SH + name
    for name in (
        "SPARQLExecutable",
        "SPARQLSelectExecutable",
        "SPARQLAskExecutable",
        "SPARQLConstructExecutable",
        "SPARQLDescribeExecutable",
        "Parameter",
    )
} | {_SCHEMA + "Collection"}
CATALOGUE_PROPERTIES = {
    _SH + name
    for name in (
        "select",
        "ask",
        "construct",
        "describe",
        "prefixes",
        "declare",
        "prefix",
        "namespace",
        "parameter",
        "path",
        "name",
        "description",
        "nodeKind",
        "datatype",
        "class",
        "defaultValue",
        "optional",
    )
} | {_SCHEMA + name for name in ("hasPart", "target", "keywords")}


def known_terms(ontology: Path) -> tuple[set[str], set[str]]:
    """(classes, properties) the data may use, with the ontology in the folder ``ontology``."""
    import pyoxigraph as ox

    classes = set(CATALOGUE_CLASSES)
    properties = set(CATALOGUE_PROPERTIES)
    for path in resources.rdf_files(ontology):
        for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            if q.predicate.value != _RDF + "type" or not isinstance(q.subject, ox.NamedNode):
                continue
            kind = getattr(q.object, "value", "")
            if kind in _CLASS_KINDS:
                classes.add(q.subject.value)
            elif kind in _PROPERTY_KINDS:
                properties.add(q.subject.value)
    for ns in (_RDF, _RDFS, _OWL):
        terms = vocabularies()[ns].terms
        classes |= {ns + t for t in terms if t[:1].isupper()}
        properties |= {ns + t for t in terms if t[:1].islower()}
    return classes, properties
