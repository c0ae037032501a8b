"""Ordering an answer in Python (coekg.query.tsv_order) gives the order Oxigraph's ORDER BY gives.

Every canned query whose order is made of ``STR`` and ``LANG`` keys is answered that way;
each is compared here, byte for byte, with Oxigraph ordering the whole query itself, on
the bundled data with a synthetic graph beside it and on data where every literal has a
second value (two languages, two dates). Hypothesis then looks for literals, IRIs,
language tags and datatypes that the two orders would disagree on: quotes, backslashes,
tabs, line breaks, control characters, characters outside the BMP, and values that are
prefixes of one another.
"""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coekg import project
from coekg.project import bundled
from coekg.query import catalogue, tsv_order
from coekg.synth.generator import generate
from tests.test_queries import cases
from tests.test_query_order import second_values

TSV = ox.QueryResultsFormat.TSV
EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def bound(
    query: catalogue.CannedQuery, params: dict[str, str]
) -> tuple[str, dict[str, ox.NamedNode | ox.Literal]]:
    """The query's text and substitutions, as ``coekg query`` binds them: parameters with a
    default substituted, optional ones in a VALUES block."""
    terms = catalogue.bind(query, params)
    optional = [p.name for p in query.parameters if p.optional and p.name in terms]
    text = query.text
    if optional:
        text = catalogue.with_values(query, catalogue.values_block(terms, optional))
    return text, {k: v for k, v in terms.items() if k not in optional}  # type: ignore[misc]


def oxigraph_order(
    store: ox.Store, text: str, params: dict[str, ox.NamedNode | ox.Literal]
) -> bytes:
    """The answer to ``text`` ordered by Oxigraph itself, as SPARQL TSV."""
    substitutions = {ox.Variable(k): v for k, v in params.items()}
    answer = store.query(text, use_default_graph_as_union=True, substitutions=substitutions)
    assert isinstance(answer, ox.QuerySolutions)
    return answer.serialize(format=TSV) or b""


def python_order(store: ox.Store, text: str, params: dict[str, ox.NamedNode | ox.Literal]) -> bytes:
    plan = tsv_order.plan(text)
    assert plan is not None
    substitutions = {ox.Variable(k): v for k, v in params.items()}
    head = store.query(plan.head, use_default_graph_as_union=True, substitutions=substitutions)
    assert isinstance(head, ox.QuerySolutions)
    return tsv_order.order(head.serialize(format=TSV) or b"", plan)


@pytest.fixture(scope="module")
def world() -> ox.Store:
    """The bundled data with a synthetic graph beside it, so answers have many rows."""
    out = io.BytesIO()
    generate(4000, out, seed=5)
    store = project.bundled().load().store
    store.load(out.getvalue(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(EX + "synth"))
    return store


@pytest.fixture(scope="module")
def doubled() -> ox.Store:
    """The bundled data where every literal has a second value."""
    kg = project.bundled().load()
    kg.store.extend(second_values(iter(kg.store)))
    return kg.store


def keyed_cases() -> list[tuple[str, str, dict[str, str]]]:
    return [
        c
        for c in cases()
        if tsv_order.plan(catalogue.get(c[1], bundled().queries).text) is not None
    ]


def test_the_large_answers_are_ordered_in_python() -> None:
    names = {name for _stem, name, _params in keyed_cases()}
    assert {"organisations", "timeline", "people", "treaties", "funding"} <= names


@pytest.mark.parametrize("case", keyed_cases(), ids=lambda c: c[0])
@pytest.mark.parametrize("data", ["world", "doubled"])
def test_canned_queries_ordered_in_python_are_ordered_as_oxigraph_orders_them(
    request: pytest.FixtureRequest, case: tuple[str, str, dict[str, str]], data: str
) -> None:
    store = request.getfixturevalue(data)
    _stem, name, params = case
    query = catalogue.get(name, bundled().queries)
    text, substitutions = bound(query, params)
    expected = oxigraph_order(store, text, substitutions)
    if not params:
        assert expected.count(b"\n") > 2, "the answer has rows to order"
    assert python_order(store, text, substitutions) == expected


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC(STR(?s))",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY STR(LCASE(STR(?s)))",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY STR(?s) LIMIT 3",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY STR(?o)",  # not projected
        "SELECT * WHERE { ?s ?p ?o } ORDER BY STR(?s)",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ASC(STR(?s) ?s)",
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY STR(?s) } }",
        "ASK { ?s ?p ?o }",
    ],
)
def test_other_orders_are_left_to_the_store(text: str) -> None:
    assert tsv_order.plan(text) is None


def test_a_plan_keeps_the_keys_and_drops_order_by_and_distinct() -> None:
    text = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?s ?label WHERE { ?s rdfs:label ?label } # not DISTINCT\n"
        "ORDER BY ASC(STR(?label)) LANG(?label) str($s)"
    )
    plan = tsv_order.plan(text)
    assert plan is not None
    assert plan.keys == (("STR", "label"), ("LANG", "label"), ("STR", "s"))
    assert plan.distinct
    assert "ORDER BY" not in plan.head and "SELECT  ?s ?label" in plan.head
    assert "# not DISTINCT" in plan.head


def literal_texts() -> st.SearchStrategy[str]:
    """Texts that are hard to order: escapes, controls, prefixes, non-BMP characters."""
    alphabet = st.sampled_from(
        ['"', "\\", "\t", "\n", "\r", " ", "!", "#", "a", "b", "é", "\x00", "\x01", "\x7f", "😀"]
    )
    return st.text(alphabet, max_size=6)


def literal_terms() -> st.SearchStrategy[ox.Literal | ox.NamedNode | None]:
    text = literal_texts()
    return st.one_of(
        st.none(),
        text.map(ox.Literal),
        st.tuples(text, st.sampled_from(["en", "en-gb", "fr", "az"])).map(
            lambda p: ox.Literal(p[0], language=p[1])
        ),
        st.integers(-20, 20).map(
            lambda i: ox.Literal(str(i), datatype=ox.NamedNode(XSD + "integer"))
        ),
        st.sampled_from(["1.5", "-0.5", "2"]).map(
            lambda v: ox.Literal(v, datatype=ox.NamedNode(XSD + "decimal"))
        ),
        st.sampled_from(["true", "false"]).map(
            lambda v: ox.Literal(v, datatype=ox.NamedNode(XSD + "boolean"))
        ),
        st.sampled_from(["2001-01-25", "2001-01", "2001"]).map(
            lambda v: ox.Literal(
                v,
                datatype=ox.NamedNode(
                    XSD + ("date" if len(v) > 7 else "gYearMonth" if len(v) > 4 else "gYear")
                ),
            )
        ),
        st.sampled_from(["a", "a/b", "a!", "a b", "a#", "a-1", "ab"]).map(
            lambda v: ox.NamedNode(EX + v.replace(" ", "%20"))
        ),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(literal_terms(), min_size=1, max_size=25), distinct=st.booleans())
def test_python_order_equals_oxigraph_order_on_hard_values(
    values: list[ox.Literal | ox.NamedNode | None], distinct: bool
) -> None:
    store = ox.Store()
    p, q = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "q")
    for i, value in enumerate(values):
        subject = ox.NamedNode(f"{EX}s{i:03d}")
        store.add(ox.Quad(subject, p, subject, ox.NamedNode(EX + "g1")))
        if value is not None:  # each subject has one value at most: no two rows tie
            store.add(ox.Quad(subject, q, value, ox.NamedNode(EX + "g1")))
            store.add(ox.Quad(subject, q, value, ox.NamedNode(EX + "g2")))
    text = (
        f"SELECT {'DISTINCT ' if distinct else ''}?s ?o WHERE {{ ?s <{p.value}> ?x "
        f"OPTIONAL {{ ?s <{q.value}> ?o }} }} ORDER BY LANG(?o) STR(?o) STR(?s)"
    )
    assert python_order(store, text, {}) == oxigraph_order(store, text, {})


def test_rows_that_agree_on_every_key_come_in_the_order_of_their_text() -> None:
    """Blank nodes have no STR: rows that differ only by them tie, and are put in the order
    of their TSV text, whatever order the store gave them in; DISTINCT keeps one of equal
    rows, and without DISTINCT both stay."""
    header = b"?s\t?label\n"
    rows = [b'_:b2\t"x"', b'_:b1\t"x"', b'<http://example.org/a>\t"x"', b'_:b1\t"x"']
    plan = tsv_order.Plan("", (("STR", "label"), ("STR", "s")), distinct=True)
    ordered = tsv_order.order(header + b"\n".join(rows) + b"\n", plan)
    assert ordered == header + b'_:b1\t"x"\n_:b2\t"x"\n<http://example.org/a>\t"x"\n'
    plan = tsv_order.Plan("", plan.keys, distinct=False)
    ordered = tsv_order.order(header + b"\n".join(reversed(rows)) + b"\n", plan)
    assert ordered.count(b'_:b1\t"x"') == 2


def test_an_answer_without_rows_is_its_header() -> None:
    plan = tsv_order.Plan("", (("STR", "s"),), distinct=False)
    assert tsv_order.order(b"?s\n", plan) == b"?s\n"


def test_a_row_of_another_width_is_an_error() -> None:
    plan = tsv_order.Plan("", (("STR", "s"),), distinct=False)
    with pytest.raises(ValueError, match="width"):
        tsv_order.order(b"?s\t?o\n<http://example.org/a>\n", plan)
