"""The closed vocabulary: shapes:KnownTermsShape lists exactly the terms the data may use,
and the shipped term lists say where they come from."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from coekg.validation.known_terms import known_terms
from coekg.validation.vocabulary import explain, vocabularies

ROOT = Path(__file__).resolve().parents[1]
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = rdflib.Namespace("https://w3id.org/coekg/shapes#")


def test_the_known_terms_shape_lists_the_ontologys_terms() -> None:
    """Adding a term to the ontology needs it in the shapes too: run
    scripts/known-terms.py, which rewrites both lists."""
    g = rdflib.Graph().parse(ROOT / "shapes" / "coekg-shapes.ttl")
    (ignored,) = g.objects(SHAPES_NS.KnownTermsShape, SH.ignoredProperties)
    (listed,) = g.objects(SHAPES_NS["KnownTermsShape-type"], SH["in"])
    properties = {str(t) for t in rdflib.collection.Collection(g, ignored)}
    classes = {str(t) for t in rdflib.collection.Collection(g, listed)}
    assert (classes, properties) == known_terms(ROOT / "ontology")


def test_every_term_list_says_where_it_comes_from() -> None:
    folder = ROOT / "src" / "coekg" / "validation" / "vocabularies"
    for path in sorted(folder.glob("*.txt")):
        head = path.read_text(encoding="utf-8").splitlines()[:2]
        assert ": the terms of http" in head[0], path.name
        assert head[1].startswith("# source: "), path.name
    titles = {v.title for v in vocabularies().values()}
    assert {"SKOS", "DCMI Metadata Terms", "schema.org", "vCard Ontology", "OWL-Time"} <= titles


SKOS = "http://www.w3.org/2004/02/skos/core#"
DEF = "https://w3id.org/coekg/def#"


@pytest.mark.parametrize(
    ("iri", "as_class", "declared", "expected"),
    [
        (
            SKOS + "altLable",
            False,
            set(),
            "skos:altLable is not a SKOS term; did you mean skos:altLabel?",
        ),
        (
            DEF + "fundedby",
            False,
            {DEF + "fundedBy"},
            "coekg:fundedby is not a term of the ontology; did you mean coekg:fundedBy?",
        ),
        (
            DEF + "Projet",
            True,
            {DEF + "Project"},
            "coekg:Projet is not a term of the ontology; did you mean coekg:Project?",
        ),
        (
            "http://purl.org/dc/terms/descripton",
            False,
            set(),
            "dcterms:descripton is not a DCMI Metadata Terms term; "
            "did you mean dcterms:description?",
        ),
        (
            "http://example.org/thing",
            False,
            set(),
            "<http://example.org/thing> is not a property of the ontology "
            "or of a vocabulary it uses",
        ),
    ],
)
def test_explain_names_the_nearest_term(
    iri: str, as_class: bool, declared: set[str], expected: str
) -> None:
    assert explain(iri, as_class, declared) == expected


def test_the_query_catalogue_uses_only_the_terms_the_shapes_allow() -> None:
    """An export holds the catalogue beside the data: its classes and properties must be
    known terms, or every export fails the closed-vocabulary shape."""
    from coekg.project import bundled
    from coekg.query.catalogue_rdf import catalogue_quads
    from coekg.validation.known_terms import known_terms

    project = bundled()
    classes, properties = known_terms(project.ontology)
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    quads = catalogue_quads(project.queries)
    assert {q.object.value for q in quads if q.predicate.value == rdf_type} <= classes
    assert {q.predicate.value for q in quads} <= properties
