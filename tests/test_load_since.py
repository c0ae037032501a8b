"""``coekg load --since OLD``: only the difference, as one update, to a graph that holds OLD.

The editions are those of ``tests/editions.py``: the bundled data and a copy with one change
of every kind (blank-node structures, typed literals, a boolean...). Each case runs on a
store in this process (pyoxigraph behind the protocols, ``tests/store_in_process.py``, in
the quick loop), on ``oxigraph serve`` and on Virtuoso 7 through its digest-protected
endpoints (both marked ``endpoint``): the graph must then hold exactly what a full load of
the new edition puts there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from coekg.diff import edition
from coekg.diff.changes import compare
from tests import editions
from tests.servers import Server
from tests.store_in_process import StoreServer
from tests.test_load import canonical, export_nt, invoke

GRAPH_PREFIX = "http://example.org/coekg-test/since"


@dataclass(frozen=True)
class Store:
    """A store's endpoints, its user, what a graph of it holds, and the requests it got."""

    query_url: str
    update_url: str
    store_url: str
    dump: Callable[[str], bytes]
    new_graph: Callable[[], str]
    user: str | None = None
    password: str | None = None
    requests: list[tuple[str, str]] | None = None  # (method, path); None: not recorded


def in_process() -> Iterator[Store]:
    server = StoreServer()
    numbers = iter(range(1, 1000))
    try:
        yield Store(
            server.query_url,
            server.update_url,
            server.store_url,
            lambda graph: _dump(server, graph),
            lambda: f"{GRAPH_PREFIX}/{next(numbers)}",
            requests=server.requests,
        )
    finally:
        server.close()


def _dump(server: StoreServer, graph: str) -> bytes:
    import pyoxigraph as ox

    quads = server.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""


def of_server(server: Server) -> Iterator[Store]:
    """The server's endpoints; the graphs the test made are dropped after it (Virtuoso is
    shared by the session, and its query planner weighs everything the store holds)."""
    graphs: list[str] = []

    def new_graph() -> str:
        graphs.append(server.new_graph("since"))
        return graphs[-1]

    yield Store(
        server.query_url,
        server.update_url,
        server.store_url,
        lambda graph: server.dump(graph) if server.count(graph) else b"",
        new_graph,
        server.user,
        server.password,
    )
    if server.running:
        for graph in graphs:
            drop(server, graph)


def drop(server: Server, graph: str) -> None:
    server.client().request(
        "POST",
        server.update_url,
        [f"DROP SILENT GRAPH <{graph}>".encode()],
        {"Content-Type": "application/sparql-update"},
    )


@pytest.fixture(
    params=[
        "in-process",
        pytest.param("oxigraph", marks=pytest.mark.endpoint),
        pytest.param("virtuoso", marks=pytest.mark.endpoint),
    ]
)
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "in-process":
        yield from in_process()
        return
    yield from of_server(request.getfixturevalue(f"{request.param}_server"))


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> editions.Editions:
    return editions.make(tmp_path_factory.mktemp("editions"))


def load(store: Store, graph: str, data: Path, *args: str, tmp_path: Path) -> Result:
    """``coekg load`` of ``data`` into ``graph``, as the store's user."""
    user = ["--user", store.user] if store.user else []
    env = {"COEKG_PASSWORD": store.password} if store.password else {}
    command = [
        "load", "--endpoint", store.query_url, "--store-endpoint", store.store_url,
        "--update-endpoint", store.update_url, "--graph", graph, "--data", str(data),
        "--no-validate", *user, *args,
    ]  # fmt: skip
    return invoke(command, tmp_path, **env)


def since(store: Store, graph: str, old: Path, new: Path, tmp_path: Path) -> Result:
    """``coekg load --since OLD`` of ``new``, through the update endpoint only."""
    user = ["--user", store.user] if store.user else []
    env = {"COEKG_PASSWORD": store.password} if store.password else {}
    command = [
        "load", "--endpoint", store.query_url, "--update-endpoint", store.update_url,
        "--graph", graph, "--data", str(new), "--since", str(old), "--no-validate", *user,
    ]  # fmt: skip
    return invoke(command, tmp_path, **env)


def holds(store: Store, graph: str, data: Path) -> None:
    """The graph holds exactly what a full load of ``data`` puts there (literals by value,
    as stores keep them; a datatype that changed is still a difference)."""
    assert canonical(store.dump(graph), by_value=True) == canonical(export_nt(data), True)


def sizes(pair: editions.Editions) -> tuple[int, int]:
    """The triples a full load of the old and of the new edition puts in the graph."""
    return export_nt(pair.old).count(b"\n"), export_nt(pair.new).count(b"\n")


def test_the_graph_then_holds_exactly_the_new_edition(
    store: Store, pair: editions.Editions, tmp_path: Path
) -> None:
    graph = store.new_graph()
    first = load(store, graph, pair.old, tmp_path=tmp_path)
    assert first.exit_code == 0, first.output
    changes = compare(edition.read([pair.old]), edition.read([pair.new]))
    old_size, new_size = sizes(pair)
    sent_before = len(store.requests) if store.requests is not None else 0
    result = since(store, graph, pair.old, pair.new, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"updated <{graph}>: removed {len(changes.removed)} and added {len(changes.added)} "
        f"triples (SPARQL 1.1 Update, 1 request); verified: the graph holds {new_size} "
        f"triples (before: {old_size})\n"
    )
    holds(store, graph, pair.new)
    if store.requests is not None:
        sent = [(m, p.split("?")[0]) for m, p in store.requests[sent_before:]]
        assert sent.count(("POST", "/update")) == 1  # one update; everything else asks
        assert {p for _, p in sent} == {"/query", "/update"}


def test_a_graph_that_does_not_hold_old_is_refused_and_left_alone(
    store: Store, pair: editions.Editions, tmp_path: Path
) -> None:
    """The graph holds the new edition already: as many triples as the old one (the fixture
    removes as many as it adds), so the count alone would pass; the statements to remove
    are missing, and nothing is sent."""
    graph = store.new_graph()
    assert load(store, graph, pair.new, tmp_path=tmp_path).exit_code == 0
    old_size, new_size = sizes(pair)
    assert old_size == new_size
    before = store.dump(graph)
    result = since(store, graph, pair.old, pair.new, tmp_path)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"coekg: error: <{graph}> at {store.query_url} does not hold the edition given with "
        "--since: statements of it that the new edition drops are missing; load it in full "
        "with --replace instead\n"
    )
    assert store.dump(graph) == before


def test_a_graph_of_another_size_is_refused(
    store: Store, pair: editions.Editions, tmp_path: Path
) -> None:
    graph = store.new_graph()
    old_size, _ = sizes(pair)
    result = since(store, graph, pair.old, pair.new, tmp_path)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"coekg: error: <{graph}> at {store.query_url} does not hold the edition given with "
        f"--since: it holds 0 triples, that edition {old_size}; load it in full with "
        "--replace instead\n"
    )
    assert store.dump(graph) == b""


def test_the_same_edition_sends_nothing(
    store: Store, pair: editions.Editions, tmp_path: Path
) -> None:
    graph = store.new_graph()
    assert load(store, graph, pair.new, tmp_path=tmp_path).exit_code == 0
    _, new_size = sizes(pair)
    sent_before = len(store.requests) if store.requests is not None else 0
    result = since(store, graph, pair.new, pair.new, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"nothing sent: the new edition is the same as the one <{graph}> holds; verified: "
        f"the graph holds {new_size} triples\n"
    )
    if store.requests is not None:
        assert all(p.startswith("/query") for _, p in store.requests[sent_before:])


def test_the_dry_run_tells_the_plan(pair: editions.Editions, tmp_path: Path) -> None:
    old_size, new_size = sizes(pair)
    dead = "http://127.0.0.1:9"
    args = ["load", "--endpoint", f"{dead}/query", "--update-endpoint", f"{dead}/update"]
    args += ["--data", str(pair.new), "--since", str(pair.old), "--no-validate", "--dry-run"]
    result = invoke(args, tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "dry run: nothing is sent"
    assert (
        "mode:            incremental: if the graph holds the edition of --since "
        f"({old_size} triples), one update removes 24 and adds 24 triples"
    ) in lines
    assert f"triples:         {new_size}" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--store-endpoint", "http://127.0.0.1:9/store"], "give --update-endpoint"),
        (["--update-endpoint", "http://127.0.0.1:9/u", "--replace"], "not go with --replace"),
        (["--update-endpoint", "http://127.0.0.1:9/u", "--batch-size", "5"], "--batch-size"),
    ],
)
def test_since_usage_errors(args: list[str], message: str, tmp_path: Path) -> None:
    data = str(editions.resources.data_dir())
    result = invoke(
        ["load", "--endpoint", "http://127.0.0.1:9/q", *args, "--since", data, "--data", data],
        tmp_path,
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
