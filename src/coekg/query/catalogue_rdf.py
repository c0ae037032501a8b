"""The query catalogue as RDF, in the style of sib-swiss/sparql-examples.

Each canned query is a ``sh:SPARQLExecutable`` with its text, title, description, keywords
and parameters (``sh:optional`` when it may be left out: with a default, or meaning every
value without one), in the named graph ``https://w3id.org/coekg/graph/queries``; so an endpoint
that hosts the data hosts its example queries too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.query.catalogue import CannedQuery, catalogue
from coekg.query.parameters import parameter_term
from coekg.query.sparql_text import declared_prefixes
from coekg.rdf.dataset import Source

if TYPE_CHECKING:
    import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"

#: the catalogue itself, and the SPARQL service the queries are written for
CATALOGUE = namespaces.QUERY
SPARQL_SERVICE = namespaces.BASE + "sparql"

_EXECUTABLE = {
    "select": ("SPARQLSelectExecutable", "select"),
    "ask": ("SPARQLAskExecutable", "ask"),
    "construct": ("SPARQLConstructExecutable", "construct"),
    "describe": ("SPARQLDescribeExecutable", "describe"),
}


def catalogue_quads(folder: Path | Sequence[CannedQuery]) -> list[ox.Quad]:
    """The catalogue of the queries folder ``folder`` (or the queries given) as quads in the
    graph ``.../graph/queries`` (sparql-examples style)."""
    import pyoxigraph as ox

    queries = catalogue(folder) if isinstance(folder, Path) else folder
    graph = ox.NamedNode(namespaces.QUERIES_GRAPH)
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, graph))

    def text(value: str, lang: str | None = None) -> ox.Literal:
        return ox.Literal(value, language=lang)

    iri = ox.NamedNode
    add(CATALOGUE, RDF_TYPE, iri(SCHEMA + "Collection"))
    add(CATALOGUE, RDFS + "label", text("Canned SPARQL queries of the coekg dataset", "en"))
    prefixes: dict[str, str] = {}
    for q in queries:
        prefixes.update(declared_prefixes(q.text))
    for prefix, ns in sorted(prefixes.items()):
        decl = f"{CATALOGUE}#prefix-{prefix or 'default'}"
        add(CATALOGUE, SH + "declare", iri(decl))
        add(decl, SH + "prefix", text(prefix))
        add(decl, SH + "namespace", ox.Literal(ns, datatype=iri(XSD + "anyURI")))
    for q in queries:
        kind, prop = _EXECUTABLE[q.form]
        add(CATALOGUE, SCHEMA + "hasPart", iri(q.iri))
        add(q.iri, RDF_TYPE, iri(SH + "SPARQLExecutable"))
        add(q.iri, RDF_TYPE, iri(SH + kind))
        add(q.iri, RDFS + "label", text(q.title, "en"))
        add(q.iri, RDFS + "comment", text(q.description, "en"))
        add(q.iri, SH + prop, text(q.text))
        add(q.iri, SH + "prefixes", iri(CATALOGUE))
        add(q.iri, SCHEMA + "target", iri(SPARQL_SERVICE))
        for keyword in q.keywords:
            add(q.iri, SCHEMA + "keywords", text(keyword))
        for p in q.parameters:
            node = f"{q.iri}#parameter-{p.name}"
            add(q.iri, SH + "parameter", iri(node))
            add(node, RDF_TYPE, iri(SH + "Parameter"))
            add(node, SH + "path", iri(f"{q.iri}#{p.name}"))
            add(node, SH + "name", text(p.name))
            add(node, SH + "description", text(p.description, "en"))
            if p.type == "iri":
                add(node, SH + "nodeKind", iri(SH + "IRI"))
                if p.resource_class:
                    add(node, SH + "class", iri(p.resource_class))
            elif p.type in ("string", "integer"):
                add(node, SH + "datatype", iri(XSD + p.type))
            if p.default:
                add(node, SH + "defaultValue", parameter_term(p, p.default, q.name, q.prefixes))
            if not p.required:  # a default, or none meaning every value
                add(node, SH + "optional", ox.Literal("true", datatype=iri(XSD + "boolean")))
    return quads


def catalogue_source(folder: Path) -> Source:
    """The :class:`~coekg.rdf.dataset.Source` record of the catalogue graph (role "queries")
    of the queries folder ``folder``."""
    return Source(folder, namespaces.QUERIES_GRAPH, "queries")
