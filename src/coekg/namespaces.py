"""The IRIs of the project (see CONTRACT.md). Plain strings: no RDF library imported."""

from __future__ import annotations

BASE = "https://w3id.org/coekg/"
DEF = BASE + "def#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
DATASET = BASE + "dataset"
SHAPES = BASE + "shapes#"
QUERY = BASE + "query/"
CONTEXT = BASE + "context.jsonld"

#: the source document every fact comes from
SOURCE_DOCUMENT = ID + "document/coe-azerbaijan-cooperation-2022"

#: named graph of the ontology and of the query catalogue
ONTOLOGY_GRAPH = GRAPH + "ontology"
QUERIES_GRAPH = GRAPH + "queries"

#: the kinds of described resources: ``https://w3id.org/coekg/id/{kind}/{slug}``. Each kind is
#: also a prefix (``state:azerbaijan``), so every resource has a name that is valid in Turtle
#: and SPARQL alike (``id:state/azerbaijan`` is not: a local name holds no ``/``).
KINDS = (
    "action-plan",
    "action-plan-series",
    "activity",
    "address",
    "agenda",
    "amount",
    "chairmanship",
    "contact",
    "document",
    "event",
    "figure",
    "funding-source",
    "membership",
    "monitoring-visit",
    "organisation",
    "outcome",
    "person",
    "place",
    "post",
    "post-holding",
    "programme",
    "project",
    "ratification",
    "recommendation",
    "scheme",
    "section",
    "signature",
    "state",
    "theme",
    "treaty",
)


def kind_namespace(kind: str) -> str:
    """The namespace of the resources of one kind: ``https://w3id.org/coekg/id/{kind}/``."""
    return f"{ID}{kind}/"


#: prefixes used in every serialisation, in this order (deterministic output): the
#: vocabularies, then one per kind of resource
PREFIXES: dict[str, str] = {
    "coekg": DEF,
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
    **{kind: kind_namespace(kind) for kind in KINDS},
}


def graph_iri(name: str) -> str:
    """The named graph IRI for a graph name such as ``projects``."""
    return GRAPH + name
