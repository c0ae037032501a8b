"""Ordering an on-disk store's answer in memory (coekg.query.ordering) gives the same answer."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from coekg import resources
from coekg.project import bundled
from coekg.query import catalogue, evaluate, ordering
from coekg.query.results import render
from coekg.synth.generator import generate
from tests.test_queries import cases

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """The bundled data with a synthetic graph beside it, so answers have many rows."""
    path = tmp_path_factory.mktemp("ordering") / "world.nt"
    out = io.BytesIO()
    generate(4000, out, seed=11)
    path.write_bytes(out.getvalue())
    return bundled().load([resources.data_dir(), path]).store


@pytest.mark.parametrize("case", cases(), ids=lambda c: c[0])
@pytest.mark.parametrize("fmt", ["tsv", "table"])
def test_ordering_in_memory_gives_the_same_bytes(
    store: ox.Store, case: tuple[str, str, dict[str, str]], fmt: str
) -> None:
    _stem, name, params = case
    query = catalogue.get(name, bundled().queries)
    apart = evaluate.answer_as(store, query, params, fmt, on_disk=True)
    whole = evaluate.answer_as(store, query, params, fmt, on_disk=False)
    assert apart == whole


@pytest.mark.parametrize("case", cases(), ids=lambda c: c[0])
def test_answers_written_straight_by_oxigraph_are_the_bytes_of_the_results_path(
    store: ox.Store, case: tuple[str, str, dict[str, str]]
) -> None:
    """The fast path (Oxigraph writes the format) and the path of a remote endpoint's
    answer (through :class:`coekg.query.results.Results`) give the same bytes."""
    _stem, name, params = case
    query = catalogue.get(name, bundled().queries)
    reference = evaluate.run(store, query, params)
    for fmt in ("csv", "tsv", "json", "xml"):
        assert evaluate.answer_as(store, query, params, fmt) == render(reference, fmt), fmt


@pytest.mark.parametrize("query", catalogue.catalogue(bundled().queries), ids=lambda q: q.name)
def test_first_rows_are_the_head_of_the_whole_answer(
    store: ox.Store, query: catalogue.CannedQuery
) -> None:
    """A query page's rows: the first rows of the answer and its count, the same terms as
    the whole answer gives, at every cut (none, inside, at the end, beyond it)."""
    if any(p.required for p in query.parameters):
        return
    whole = evaluate.run(store, query)
    for limit in sorted({0, 1, 7, len(whole.rows), len(whole.rows) + 3}):
        head, total = evaluate.first_rows(store, query, limit)
        assert total == len(whole.rows)
        assert (head.variables, head.rows, head.boolean) == (
            whole.variables,
            whole.rows[:limit],
            whole.boolean,
        ), limit


def test_first_rows_keep_blank_nodes_and_lookalikes(tmp_path: Path) -> None:
    text = (
        "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
        "SELECT ?x ?v WHERE { { ?x a owl:AllDisjointClasses } UNION "
        '{ VALUES ?v { "_:b7" "a\\nb" "<bnode>" } } } ORDER BY ?x ?v\n'
    )
    path = tmp_path / "blank.rq"
    path.write_text(text)
    query = catalogue.load_file(path)
    store = bundled().load().store
    whole = evaluate.run(store, query)
    assert len(whole.rows) == 5
    assert any(isinstance(row["x"], ox.BlankNode) for row in whole.rows)
    for limit in range(6):
        head, total = evaluate.first_rows(store, query, limit)
        assert (head.rows, total) == (whole.rows[:limit], 5)


def test_every_ordered_canned_query_is_ordered_apart() -> None:
    for query in catalogue.catalogue(bundled().queries):
        if query.ordered and query.form == "select":
            assert ordering.split(query.text) is not None, query.name


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o",  # not projected
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s",  # projection unknown
        "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY COUNT(?o)",
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2 } }",
        "ASK { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s ?p ?o }",
    ],
)
def test_clauses_that_cannot_be_applied_apart_are_left_to_the_store(text: str) -> None:
    assert ordering.split(text) is None


def test_limit_offset_and_prefixes_go_with_the_clause(tmp_path: Path) -> None:
    text = (
        "# a comment before the prologue\n"
        + PREFIXES
        + "SELECT ?s ?label WHERE { ?s rdfs:label ?label }\n"
        + "ORDER BY DESC(STR(?label)) ?s LIMIT 3 OFFSET 1"
    )
    cut = ordering.split(text)
    assert cut is not None
    assert cut.clause == "ORDER BY DESC(STR(?label)) ?s LIMIT 3 OFFSET 1"
    assert "PREFIX rdfs:" in cut.prologue and "SELECT" not in cut.prologue
    store = ox.Store()
    store.load(
        b"".join(
            f'<http://example.org/{i}> <{LABEL}> "{c}" .\n'.encode() for i, c in enumerate("dbeac")
        ),
        format=ox.RdfFormat.N_TRIPLES,
    )
    head = store.query(cut.head)
    assert isinstance(head, ox.QuerySolutions)
    apart = [str(row["label"]) for row in ordering.ordered(head, cut)]
    whole = [str(row["label"]) for row in store.query(text)]  # type: ignore[union-attr]
    assert apart == whole == ['"d"', '"c"', '"b"']
