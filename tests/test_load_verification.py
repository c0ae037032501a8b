"""``coekg load`` checks what the store holds after loading, in the quick loop.

After sending the triples, ``coekg load`` counts the target graph through the query
endpoint and compares the count with the triples it sent (exactly, when the graph was empty
or replaced; within ``[sent, before + sent]`` when adding to a graph that held some); a
difference is exit 1. These tests load into a real store in this process
(``tests/store_in_process.py``: pyoxigraph's engine behind the SPARQL protocols), so
``make quick`` notices a load that stops checking. The cases where the check must fail are
real ones, not scripted answers:

* the store keeps literals by value, so ``"1.50"^^xsd:decimal`` and ``"1.5"^^xsd:decimal``
  in the data become one triple in the store: one fewer than sent;
* the query endpoint belongs to another store than the one loaded into: it sees nothing.

Each case runs on ``oxigraph serve`` too (marked ``endpoint``), to show that the store in
the test process gives the verdict of the real server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from tests.servers import OxigraphServer
from tests.store_in_process import StoreServer
from tests.test_load import SAMPLE, canonical, export_nt, invoke

XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = "http://example.org/coekg-test/verification"
#: one value written twice: two triples for coekg, one for a store that keeps values
SAME_VALUE_TWICE = f"""@prefix ex: <http://example.org/verification/> .
ex:price ex:amount "1.50"^^<{XSD}decimal> , "1.5"^^<{XSD}decimal> .
"""


@dataclass(frozen=True)
class Endpoints:
    """The query, update and store URLs of a store, and what a graph of it holds."""

    query_url: str
    update_url: str
    store_url: str
    dump: Callable[[str], bytes]  # graph IRI -> its triples as N-Triples


def in_process() -> Iterator[Endpoints]:
    server = StoreServer()
    try:
        yield Endpoints(
            server.query_url,
            server.update_url,
            server.store_url,
            lambda graph: _ntriples_of(server, graph),
        )
    finally:
        server.close()


def _ntriples_of(server: StoreServer, graph: str) -> bytes:
    import pyoxigraph as ox

    quads = server.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""


@pytest.fixture(
    params=["in-process", pytest.param("oxigraph", marks=pytest.mark.endpoint)],
)
def store(request: pytest.FixtureRequest) -> Iterator[Endpoints]:
    """A fresh, empty store: in this process, or ``oxigraph serve`` (marked endpoint)."""
    if request.param == "in-process":
        yield from in_process()
        return
    server: OxigraphServer = request.getfixturevalue("oxigraph_server")
    yield Endpoints(server.query_url, server.update_url, server.store_url, server.dump)


@pytest.fixture
def other_store() -> Iterator[Endpoints]:
    yield from in_process()


def load(
    store: Endpoints, tmp_path: Path, data: Path, *args: str, query_url: str | None = None
) -> Result:
    return invoke(
        [
            "load",
            "--endpoint",
            query_url or store.query_url,
            "--store-endpoint",
            store.store_url,
            "--update-endpoint",
            store.update_url,
            "--graph",
            GRAPH,
            "--data",
            str(data),
            "--no-validate",
            *args,
        ],
        tmp_path,
    )


def triples_sent(data: Path) -> int:
    """What ``coekg load`` sends: the lines of ``coekg export --format nt``."""
    return export_nt(data).count(b"\n")


def test_a_load_that_lands_whole_passes_the_check(store: Endpoints, tmp_path: Path) -> None:
    sent = triples_sent(SAMPLE)
    result = load(store, tmp_path, SAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"added {sent} triples in <{GRAPH}> ")
    assert f"verified: the graph holds {sent} triples (before: 0)" in result.stdout
    assert canonical(store.dump(GRAPH), by_value=True) == canonical(export_nt(SAMPLE), True)


@pytest.mark.parametrize("replace", [False, True], ids=["add", "replace"])
def test_triples_the_store_merges_fail_the_check(
    store: Endpoints, tmp_path: Path, replace: bool
) -> None:
    data = tmp_path / "same-value-twice.ttl"
    data.write_text(SAME_VALUE_TWICE, encoding="utf-8")
    sent = triples_sent(data)
    result = load(store, tmp_path, data, *(["--replace"] if replace else []))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"coekg: error: verification failed: <{GRAPH}> at {store.query_url} holds "
        f"{sent - 1} triples, expected {sent}\n"
    )


def test_a_query_endpoint_of_another_store_fails_the_check(
    store: Endpoints, other_store: Endpoints, tmp_path: Path
) -> None:
    sent = triples_sent(SAMPLE)
    result = load(store, tmp_path, SAMPLE, query_url=other_store.query_url)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"coekg: error: verification failed: <{GRAPH}> at {other_store.query_url} holds 0 "
        f"triples, expected {sent}\n"
    )


def test_adding_to_a_graph_that_holds_triples(store: Endpoints, tmp_path: Path) -> None:
    """Loaded twice without --replace: the triples without blank nodes land on themselves,
    those with blank nodes arrive a second time (a blank node is new in every document),
    and the count is within [sent, before + sent], so the check passes. --replace then
    leaves exactly what was sent."""
    sent = triples_sent(SAMPLE)
    with_blank_nodes = sum(1 for line in export_nt(SAMPLE).splitlines() if b"_:" in line)
    assert 0 < with_blank_nodes < sent
    assert load(store, tmp_path, SAMPLE).exit_code == 0
    again = load(store, tmp_path, SAMPLE)
    assert again.exit_code == 0, again.output
    after = sent + with_blank_nodes
    assert f"verified: the graph holds {after} triples (before: {sent})" in again.stdout
    replaced = load(store, tmp_path, SAMPLE, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert f"verified: the graph holds {sent} triples (before: {after})" in replaced.stdout
