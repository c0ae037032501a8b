"""The ontology's own quality: metadata, labels and definitions, and its version."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import coekg
from coekg import namespaces, resources

ONTOLOGY = rdflib.URIRef("https://w3id.org/coekg/def")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(resources.ontology_dir() / "coekg.ttl")


def own_terms(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    return sorted(
        {
            s
            for kind in kinds
            for s in graph.subjects(RDF.type, kind)
            if isinstance(s, rdflib.URIRef) and str(s).startswith(namespaces.DEF)
        }
    )


def test_header_metadata(graph: rdflib.Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator):
        assert graph.value(ONTOLOGY, prop) is not None, prop
    assert graph.value(ONTOLOGY, DCTERMS.license) == rdflib.URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(graph.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "coekg"
    assert str(graph.value(ONTOLOGY, VANN.preferredNamespaceUri)) == namespaces.DEF


def test_version_follows_the_package(graph: rdflib.Graph) -> None:
    assert str(graph.value(ONTOLOGY, OWL.versionInfo)) == coekg.__version__
    assert graph.value(ONTOLOGY, OWL.versionIRI) == rdflib.URIRef(
        f"https://w3id.org/coekg/def/{coekg.__version__}"
    )


def test_there_are_terms(graph: rdflib.Graph) -> None:
    assert len(own_terms(graph)) > 100


def test_every_term_has_one_english_label_and_definition(graph: rdflib.Graph) -> None:
    missing = []
    for term in own_terms(graph):
        labels = [o for o in graph.objects(term, RDFS.label) if o.language == "en"]
        definitions = [o for o in graph.objects(term, SKOS.definition) if o.language == "en"]
        if len(labels) != 1 or len(definitions) != 1:
            missing.append(str(term))
    assert missing == []


def test_no_date_valued_property_has_a_datatype_range_outside_owl2(graph: rdflib.Graph) -> None:
    outside = {rdflib.XSD.date, rdflib.XSD.gYear, rdflib.XSD.gYearMonth}
    assert [s for s, o in graph.subject_objects(RDFS.range) if o in outside] == []


def test_every_term_used_in_axioms_is_declared(graph: rdflib.Graph) -> None:
    declared = set(graph.subjects(RDF.type, None))
    used = set()
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        used |= {o for o in graph.objects(None, prop) if isinstance(o, rdflib.URIRef)}
    xsd = str(rdflib.XSD)
    assert sorted(str(t) for t in used - declared if not str(t).startswith(xsd)) == []
