"""``.well-known/void``: a VoID description of the dataset, with its statistics.

The statistics count the distinct triples of the whole dataset (ontology and data, every
named graph merged, as in the N-Triples dump): triples, distinct subjects and objects,
classes and properties, and one partition per class (its instances) and per property (its
triples). Entities are the resources under ``https://w3id.org/coekg/id/`` that have pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.publish.catalog import lit
from coekg.publish.graphview import DCTERMS, RDF_TYPE, XSD, vocabulary_of

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.publish.downloads import Download
    from coekg.publish.graphview import GraphView
    from coekg.publish.metadata import DatasetInfo

VOID = "http://rdfs.org/ns/void#"
PATH = ".well-known/void"
EXAMPLES_PER_CLASS = 1


def void_triples(view: GraphView, info: DatasetInfo, downloads: list[Download]) -> list[ox.Triple]:
    import pyoxigraph as ox

    counts = view.void
    predicates = counts.property_triples
    classes = counts.class_entities

    dataset = ox.NamedNode(namespaces.DATASET)
    out: list[ox.Triple] = []

    def add(
        s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    def integer(n: int) -> ox.Literal:
        return lit(str(n), XSD + "integer")

    add(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    for lang, title in sorted(info.identity.title.items()):
        add(dataset, DCTERMS + "title", lit(title, lang=lang))
    for lang, text in sorted(info.identity.description.items()):
        add(dataset, DCTERMS + "description", lit(text, lang=lang))
    add(dataset, DCTERMS + "license", ox.NamedNode(info.identity.licence))
    for date in ("issued", "modified"):
        value = getattr(info.identity, date)
        if value:
            add(dataset, DCTERMS + date, lit(value, XSD + "date"))
    add(dataset, "http://xmlns.com/foaf/0.1/homepage", ox.NamedNode(info.url("index.html")))
    add(dataset, VOID + "uriSpace", lit(namespaces.ID))
    add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(info.sparql_url))
    add(dataset, VOID + "rootResource", ox.NamedNode(namespaces.BASE + "def"))
    for d in downloads:
        add(dataset, VOID + "dataDump", ox.NamedNode(info.url(d.path)))
    add(dataset, VOID + "triples", integer(counts.triples))
    add(dataset, VOID + "entities", integer(len(view.resources)))
    add(dataset, VOID + "distinctSubjects", integer(counts.subjects))
    add(dataset, VOID + "distinctObjects", integer(counts.objects))
    add(dataset, VOID + "classes", integer(len(classes)))
    add(dataset, VOID + "properties", integer(len(predicates)))

    vocabularies = {vocabulary_of(p) for p in predicates} | {vocabulary_of(c) for c in classes}
    for ns in sorted(vocabularies):
        add(dataset, VOID + "vocabulary", ox.NamedNode(ns))

    examples: set[str] = set()
    for class_iri in view.classes_in_use():
        examples.update(view.instances(class_iri)[:EXAMPLES_PER_CLASS])
    for iri in sorted(examples):
        add(dataset, VOID + "exampleResource", ox.NamedNode(iri))

    for class_iri, members in sorted(classes.items()):
        part = ox.BlankNode()
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", ox.NamedNode(class_iri))
        add(part, VOID + "entities", integer(members))
    for p, n in sorted(predicates.items()):
        part = ox.BlankNode()
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", ox.NamedNode(p))
        add(part, VOID + "triples", integer(n))
    return out
