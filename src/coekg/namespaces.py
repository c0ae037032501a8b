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

#: prefixes used in every serialisation, in this order (deterministic output)
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
}


def graph_iri(name: str) -> str:
    """The named graph IRI for a graph name such as ``projects``."""
    return GRAPH + name
