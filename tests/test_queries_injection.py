"""Parameter values are bound as RDF terms: no value can change the structure of a query.

Three independent checks for hostile values (quotes, braces, comments, newlines, backslashes,
``\\u`` look-alikes, Unicode): the answer equals what the literal value must give (computed
in Python from the data); binding by a ``VALUES`` block (the way remote endpoints get it)
gives the same answer as Oxigraph's substitution; and rdflib, an independent SPARQL parser
that expands ``\\u`` escapes before parsing, reads the bound query as the template's parse
tree plus exactly one ``VALUES`` row holding the value.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coekg import project
from coekg.errors import QueryParameterError
from coekg.project import bundled
from coekg.query import catalogue, evaluate, parameters
from coekg.query.results import Results, from_answer
from coekg.rdf import dataset
from tests.test_queries import VARIANTS

ID = "https://w3id.org/coekg/id/"
NAMES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "https://w3id.org/coekg/def#acronym",
)

HOSTILE = [
    "'",
    '"',
    "'''",
    '"""',
    "{",
    "}",
    "#",
    "\n",
    "\r\n",
    "\\",
    "\\\\",
    "\\u0022",
    "\\U00000022",
    "\\u005C",
    "\\u0022abcdef12",
    "\\\\u0022",
    '") } UNION { ?resource ?p ?o } #',
    '" ; DROP ALL ; #',
    "'} UNION { ?s ?p ?o }",
    '"""} } SELECT * WHERE { ?s ?p ?o } #',
    '\\"',
    "?text",
    "$text",
    "<http://example.org/x>",
    '"@en',
    "^^<http://www.w3.org/2001/XMLSchema#integer>",
    "\x00",
    "\x07\x7f",
    "\u2028",
    "é",
    "😀",
    "",
    "Ombudsperson's",
    "(Ombudsperson)",
    "BURIĆ",
    "baku",
]


@pytest.fixture(scope="module")
def kg() -> dataset.KnowledgeGraph:
    return project.bundled().load()


@pytest.fixture(scope="module")
def names(kg: dataset.KnowledgeGraph) -> list[tuple[str, str]]:
    """(resource, name) for every label, alternative label and acronym of the data."""
    import pyoxigraph as ox

    out = []
    for prop in NAMES:
        for q in kg.store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            if q.subject.value.startswith(ID):
                out.append((q.subject.value, q.object.value))
    return out


def via_values(
    kg: dataset.KnowledgeGraph, query: catalogue.CannedQuery, params: dict[str, str]
) -> Results:
    """The answer when the parameters are bound by a VALUES block, as for remote endpoints."""
    text = catalogue.bound_text(query, params)
    answer = kg.store.query(text, use_default_graph_as_union=True)
    return from_answer(answer, ordered=query.ordered)


def rdflib_reads_one_values_row(
    query: catalogue.CannedQuery, params: dict[str, str]
) -> list[object]:
    """The values rdflib reads in the bound query; asserts the rest is the template."""
    from rdflib.plugins.sparql.parser import parseQuery

    bound = parseQuery(catalogue.bound_text(query, params))
    parts = bound[1]["where"]["part"]
    values = parts[0]
    assert values.name == "InlineData"
    assert [str(v) for v in values["var"]] == list(params)
    (row,) = values["value"]
    del parts[0]
    assert str(bound) == template_tree(query.text)
    return list(row)


@functools.cache
def template_tree(text: str) -> str:
    """rdflib's parse tree of a query, as text."""
    from rdflib.plugins.sparql.parser import parseQuery

    return str(parseQuery(text))


def check_search(kg: dataset.KnowledgeGraph, names: list[tuple[str, str]], text: str) -> None:
    import pyoxigraph as ox

    query = catalogue.get("search", bundled().queries)
    answer = evaluate.run(kg.store, query, {"text": text})
    assert all(row["text"] == ox.Literal(text) for row in answer.rows)
    found = {row["resource"].value for row in answer.rows}  # type: ignore[union-attr]
    expected = {r for r, name in names if text.lower() in name.lower()}
    assert found == expected
    assert via_values(kg, query, {"text": text}).rows == answer.rows
    (value,) = rdflib_reads_one_values_row(query, {"text": text})
    assert value["string"].value == text  # type: ignore[index]


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_search_text_is_bound_literally(
    kg: dataset.KnowledgeGraph, names: list[tuple[str, str]], text: str
) -> None:
    check_search(kg, names, text)


def test_some_hostile_looking_values_do_match(kg: dataset.KnowledgeGraph) -> None:
    """Quotes and brackets stay part of the value: names that contain them are found."""
    search = catalogue.get("search", bundled().queries)
    for text, resource in [
        ("Ombudsperson's", ID + "organisation/ombudsperson-office-azerbaijan"),
        ("(Ombudsperson)", ID + "post/commissioner-for-human-rights-azerbaijan"),
        ("BURIĆ", ID + "person/marija-pejcinovic-buric"),
    ]:
        found = {r["resource"].value for r in evaluate.run(kg.store, search, {"text": text}).rows}  # type: ignore[union-attr]
        assert resource in found, text


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=24))
def test_any_text_is_bound_literally(
    kg: dataset.KnowledgeGraph, names: list[tuple[str, str]], text: str
) -> None:
    check_search(kg, names, text)


@pytest.mark.parametrize(
    "iri",
    [
        "https://example.org/a?b=c&d='e'#frag",
        "http://example.org/é/😀",
        "urn:x:%22%7D",
        "https://w3id.org/coekg/id/place/baku",
    ],
)
def test_iri_values_are_bound_as_iris(kg: dataset.KnowledgeGraph, iri: str) -> None:
    """Bound as one IRI; one that the data does not hold is refused before the query runs
    (a usage error), and the query bound with it answers nothing."""
    import pyoxigraph as ox

    query = catalogue.get("describe", bundled().queries)
    bound = via_values(kg, query, {"iri": iri})
    (value,) = rdflib_reads_one_values_row(query, {"iri": iri})
    assert str(value) == iri
    if not iri.startswith("https://w3id.org/"):
        assert bound.rows == []
        with pytest.raises(QueryParameterError, match="is not a resource in the data"):
            evaluate.run(kg.store, query, {"iri": iri})
        return
    answer = evaluate.run(kg.store, query, {"iri": iri})
    assert answer.rows and all(row["iri"] == ox.NamedNode(iri) for row in answer.rows)
    assert bound.rows == answer.rows


def parametrised_cases() -> list[tuple[str, dict[str, str]]]:
    out = [(q.name, {}) for q in catalogue.catalogue(bundled().queries) if q.parameters]
    out += [(name, params) for name, params in VARIANTS.values()]
    return out


@pytest.mark.parametrize(("name", "params"), parametrised_cases(), ids=repr)
def test_values_binding_gives_the_same_answer_as_substitution(
    kg: dataset.KnowledgeGraph, name: str, params: dict[str, str]
) -> None:
    """Parameters with a default are substituted on the embedded store; bound by VALUES
    (as on endpoints) they give the same answer. Optional ones are VALUES either way, and
    left out they are not bound at all."""
    query = catalogue.get(name, bundled().queries)
    full = {p.name: params.get(p.name, p.default) for p in query.parameters}
    full = {k: v for k, v in full.items() if v or not query.parameter(k).optional}  # type: ignore[union-attr]
    direct = evaluate.run(kg.store, query, full)
    assert via_values(kg, query, full).rows == direct.rows
    if full:
        rdflib_reads_one_values_row(query, full)
    else:
        assert catalogue.bound_text(query, full) == query.text


def test_the_values_block_goes_into_the_where_clause_not_a_template() -> None:
    """CONSTRUCT templates and braces in strings, IRIs and comments are skipped."""
    query = catalogue.CannedQuery(
        name="c",
        title="c",
        description="",
        keywords=(),
        parameters=(parameters.Parameter("x", "string", "v", ""),),
        text='# { not here\nCONSTRUCT { ?s <urn:p#x> "{" } WHERE { ?s ?p ?x }',
    )
    text = catalogue.bound_text(query)
    assert text.endswith('WHERE { VALUES (?x) { ("v") }  ?s ?p ?x }')
