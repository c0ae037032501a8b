"""``coekg load`` into real Oxigraph and Virtuoso servers, including when things go wrong.

Every server is a real process started by a fixture of ``tests/servers.py``; faults are
real too: a proxy kills the server in the middle of a request, a wrong password is sent
to Virtuoso's digest-protected endpoints, nothing listens on a port.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from click.testing import Result

from tests.servers import (
    BasicAuthProxy,
    FaultProxy,
    OxigraphServer,
    Server,
    VirtuosoServer,
    free_port,
    silent_listener,
)
from tests.test_load import SAMPLE, SECRET, canonical, export_nt, invoke

pytestmark = pytest.mark.endpoint


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    """Each test once with Oxigraph, once with Virtuoso."""
    found: Server = request.getfixturevalue(f"{request.param}_server")
    return found


def load(
    server: Server,
    tmp_path: Path,
    *args: str,
    data: Path | None = SAMPLE,
    query_url: str | None = None,
    **endpoints: str,
) -> Result:
    """``coekg load ARGS`` against ``server`` as its user, with the endpoints given as
    ``store_url`` and ``update_url``, and ``query_url`` (default: the server's)."""
    urls = ["--endpoint", query_url or server.query_url]
    if "update_url" in endpoints:
        urls += ["--update-endpoint", endpoints["update_url"]]
    if "store_url" in endpoints:
        urls += ["--store-endpoint", endpoints["store_url"]]
    user = ["--user", server.user] if server.user else []
    source = ["--data", str(data)] if data else []
    env = {"COEKG_PASSWORD": server.password} if server.password else {}
    return invoke(["load", *urls, *user, *source, "--no-validate", *args], tmp_path, **env)


def holds_export_of(server: Server, graph: str, *data: Path, by_value: bool = False) -> None:
    """The graph holds exactly the triples of ``coekg export --format nt``, once each.

    ``by_value``: compare literals by value, as stores keep them (see ``canonical``).
    """
    expected = canonical(export_nt(*data), by_value)
    assert canonical(server.dump(graph), by_value) == expected


def synthetic(tmp_path: Path, n: int) -> Path:
    """A Turtle file of ``n`` simple triples, different from the sample."""
    path = tmp_path / "synthetic.ttl"
    lines = ["@prefix ex: <http://example.org/synthetic/> ."]
    lines += [f'ex:s{i} ex:value "value number {i} of the synthetic data" .' for i in range(n)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("protocol", ["store", "update"])
def test_load_count_and_replace_without_duplicates(
    server: Server, tmp_path: Path, protocol: str
) -> None:
    graph = server.new_graph(protocol)
    endpoints = (
        {"store_url": server.store_url, "update_url": server.update_url}
        if protocol == "store"
        else {"update_url": server.update_url}
    )
    local = export_nt(SAMPLE).count(b"\n")

    first = load(server, tmp_path, "--graph", graph, "--batch-size", "300", **endpoints)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"added {local} triples in <{graph}>")
    assert server.count(graph) == local
    holds_export_of(server, graph, SAMPLE)

    again = load(
        server, tmp_path, "--graph", graph, "--replace", "--batch-size", "300", **endpoints
    )
    assert again.exit_code == 0, again.output
    assert f"verified: the graph holds {local} triples (before: {local})" in again.stdout
    assert server.count(graph) == local
    holds_export_of(server, graph, SAMPLE)
    assert server.graphs(graph + "-coekg-load-") == []  # the temporary graph is gone


def test_replace_swaps_the_content(server: Server, tmp_path: Path) -> None:
    graph = server.new_graph("swap")
    other = synthetic(tmp_path, 50)
    endpoints = {"store_url": server.store_url, "update_url": server.update_url}
    first = load(server, tmp_path, "--graph", graph, **endpoints)
    assert first.exit_code == 0, first.output
    result = load(server, tmp_path, "--graph", graph, "--replace", data=other, **endpoints)
    assert result.exit_code == 0, result.output
    before, after = export_nt(SAMPLE).count(b"\n"), export_nt(other).count(b"\n")
    assert f"verified: the graph holds {after} triples (before: {before})" in result.stdout
    holds_export_of(server, graph, other)


def test_bundled_data_lands_as_exported(server: Server, tmp_path: Path) -> None:
    graph = server.new_graph("bundled")
    result = load(
        server,
        tmp_path,
        "--graph",
        graph,
        "--replace",
        data=None,
        store_url=server.store_url,
        update_url=server.update_url,
    )
    assert result.exit_code == 0, result.output
    assert server.count(graph) == export_nt().count(b"\n")
    # the bundled data has literals such as "65"^^xsd:nonNegativeInteger, which Oxigraph
    # keeps by value, as "65"^^xsd:integer: the same triple for SPARQL, another spelling
    holds_export_of(server, graph, by_value=True)


def test_replace_with_only_a_store_endpoint_is_one_put(
    oxigraph_server: OxigraphServer, tmp_path: Path
) -> None:
    graph = oxigraph_server.new_graph("put")
    store = oxigraph_server.store_url
    assert load(oxigraph_server, tmp_path, "--graph", graph, store_url=store).exit_code == 0
    other = synthetic(tmp_path, 20)
    result = load(
        oxigraph_server, tmp_path, "--graph", graph, "--replace", data=other, store_url=store
    )
    assert result.exit_code == 0, result.output
    assert "(SPARQL 1.1 Graph Store HTTP Protocol, 1 request(s))" in result.stdout
    holds_export_of(oxigraph_server, graph, other)


def test_adding_twice_keeps_ground_triples_once_and_copies_blank_nodes(
    oxigraph_server: OxigraphServer, tmp_path: Path
) -> None:
    """Without --replace, a second load adds: blank nodes are new nodes each time (RDF)."""
    graph = oxigraph_server.new_graph("twice")
    data = synthetic(tmp_path, 30)
    exported = export_nt(data).splitlines()
    with_blank = [line for line in exported if b"_:" in line]
    for _ in range(2):
        result = load(
            oxigraph_server,
            tmp_path,
            "--graph",
            graph,
            data=data,
            store_url=oxigraph_server.store_url,
        )
        assert result.exit_code == 0, result.output
    dumped = oxigraph_server.dump(graph).splitlines()
    ground = sorted(line for line in dumped if b"_:" not in line)
    assert ground == sorted(line for line in exported if b"_:" not in line)
    assert oxigraph_server.count(graph) == len(exported) + len(with_blank)


def test_default_graph_is_the_dataset_iri(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    result = load(oxigraph_server, tmp_path, store_url=oxigraph_server.store_url)
    assert result.exit_code == 0, result.output
    assert oxigraph_server.count("https://w3id.org/coekg/dataset") == export_nt(SAMPLE).count(b"\n")


def test_count_mismatch_exits_1_with_both_numbers(
    oxigraph_server: OxigraphServer, tmp_path: Path
) -> None:
    """The query endpoint of another store sees none of the loaded triples."""
    other = OxigraphServer(tmp_path / "other", free_port(), oxigraph_server.executable)
    other.folder.mkdir()
    other.start()
    try:
        graph = oxigraph_server.new_graph("mismatch")
        result = load(
            oxigraph_server,
            tmp_path,
            "--graph",
            graph,
            "--replace",
            query_url=other.query_url,
            store_url=oxigraph_server.store_url,
        )
    finally:
        other.stop()
    local = export_nt(SAMPLE).count(b"\n")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"coekg: error: verification failed: <{graph}> at {other.query_url} holds 0 "
        f"triples, expected {local}\n"
    )


def test_4xx_shows_the_endpoints_own_message(
    oxigraph_server: OxigraphServer, tmp_path: Path
) -> None:
    """An update sent to the query endpoint: Oxigraph answers 415 with its reason."""
    result = load(
        oxigraph_server,
        tmp_path,
        "--graph",
        oxigraph_server.new_graph(),
        update_url=oxigraph_server.query_url,
    )
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(
        f"coekg: error: endpoint {oxigraph_server.query_url}: HTTP 415 Unsupported Media Type: "
    )
    assert "application/sparql-update" in result.stderr
    assert result.stderr.count("\n") == 1


def test_connection_errors_are_retried_until_the_server_is_back(
    oxigraph_server: OxigraphServer, tmp_path: Path
) -> None:
    oxigraph_server.stop()
    restart = threading.Timer(0.3, oxigraph_server.start)
    restart.start()
    try:
        graph = oxigraph_server.new_graph("retry")
        result = load(
            oxigraph_server,
            tmp_path,
            "--graph",
            graph,
            "--retries",
            "5",
            store_url=oxigraph_server.store_url,
        )
    finally:
        restart.join()
    assert result.exit_code == 0, result.output
    local = export_nt(SAMPLE).count(b"\n")
    assert result.stdout.startswith(f"added {local} triples in <{graph}>")
    assert f"verified: the graph holds {local} triples (before: 0)" in result.stdout
    assert oxigraph_server.count(graph) == local
    holds_export_of(oxigraph_server, graph, SAMPLE)


def test_library_reports_progress_batch_by_batch(oxigraph_server: OxigraphServer) -> None:
    from coekg import project
    from coekg.remote.load import LoadSettings, load

    settings = LoadSettings(
        query_url=oxigraph_server.query_url,
        store_url=oxigraph_server.store_url,
        graph=oxigraph_server.new_graph("progress"),
        batch_size=200,
    )
    seen: list[tuple[int, int]] = []
    report = load(project.bundled().load([SAMPLE]), settings, progress=lambda *p: seen.append(p))
    assert report.requests == len(seen) > 1
    assert seen[-1] == (report.triples, report.triples) == (report.after, report.after)
    assert [sent for sent, _ in seen] == sorted(sent for sent, _ in seen)


# -- a server that dies in the middle of a --replace -----------------------------------------


def stop_in_the_middle(
    server: Server, tmp_path: Path, store_only: bool = False
) -> tuple[str, Result]:
    """Replace a graph holding the sample with bigger data; the server dies half-way."""
    graph = server.new_graph("fault")
    endpoints = {"store_url": server.store_url}
    if not store_only:
        endpoints["update_url"] = server.update_url
    assert load(server, tmp_path, "--graph", graph, "--replace", **endpoints).exit_code == 0
    big = synthetic(tmp_path, 3000)
    size = len(export_nt(big))
    proxy = FaultProxy(server, after_bytes=size // 3)
    try:
        result = load(
            server,
            tmp_path,
            "--graph",
            graph,
            "--replace",
            "--batch-size",
            "400",
            "--retries",
            "1",
            data=big,
            query_url=proxy.url(server.query_url),
            **{key: proxy.url(url) for key, url in endpoints.items()},
        )
    finally:
        proxy.close()
    assert proxy.tripped.is_set(), "the load ended before the server was stopped"
    assert not server.running
    return graph, result


def test_server_stopped_during_replace_leaves_the_old_graph(server: Server, tmp_path: Path) -> None:
    graph, result = stop_in_the_middle(server, tmp_path)
    assert result.exit_code == 3, result.output
    message = result.stderr
    assert message.startswith("coekg: error: endpoint http://127.0.0.1:")
    assert "connection refused (tried 2 times)" in message
    assert f"<{graph}> is unchanged" in message
    assert "the temporary graph <" in message and "may remain" in message
    assert message.count("\n") == 1

    server.start()
    holds_export_of(server, graph, SAMPLE)
    for leftover in server.graphs(graph + "-coekg-load-"):
        assert f"DROP SILENT GRAPH <{leftover}>" in message


def test_server_stopped_during_a_replacing_put_leaves_the_old_graph(
    oxigraph_server: OxigraphServer, tmp_path: Path
) -> None:
    graph, result = stop_in_the_middle(oxigraph_server, tmp_path, store_only=True)
    assert result.exit_code == 3, result.output
    assert "connection refused (tried 2 times)" in result.stderr
    oxigraph_server.start()
    holds_export_of(oxigraph_server, graph, SAMPLE)


# -- credentials -----------------------------------------------------------------------------


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_wrong_password_names_endpoint_and_status_never_the_password(
    virtuoso_server: VirtuosoServer, tmp_path: Path, debug: list[str]
) -> None:
    graph = virtuoso_server.new_graph("denied")
    result = invoke(
        [
            *debug,
            "load",
            "--endpoint",
            virtuoso_server.query_url,
            "--store-endpoint",
            virtuoso_server.store_url,
            "--user",
            "dba",
            "--graph",
            graph,
            "--data",
            str(SAMPLE),
            "--no-validate",
        ],
        tmp_path,
        COEKG_PASSWORD=SECRET,
    )
    assert result.exit_code == 3, result.output
    assert (
        f"coekg: error: endpoint {virtuoso_server.store_url}: HTTP 401 Unauthorized: the endpoint "
        "refused the credentials of user 'dba'\n"
    ) in result.stderr
    assert SECRET not in result.output
    assert virtuoso_server.count(graph) == 0


def test_digest_endpoint_without_credentials_says_what_is_missing(
    virtuoso_server: VirtuosoServer, tmp_path: Path
) -> None:
    result = invoke(
        [
            "load",
            "--endpoint",
            virtuoso_server.query_url,
            "--update-endpoint",
            virtuoso_server.update_url,
            "--graph",
            virtuoso_server.new_graph(),
            "--data",
            str(SAMPLE),
            "--no-validate",
        ],
        tmp_path,
    )
    assert result.exit_code == 3, result.output
    assert result.stderr == (
        f"coekg: error: endpoint {virtuoso_server.update_url}: HTTP 401 Unauthorized: the endpoint "
        "needs credentials; give --user NAME and the password in COEKG_PASSWORD or ~/.netrc\n"
    )


def test_password_from_netrc(virtuoso_server: VirtuosoServer, tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n")
    graph = virtuoso_server.new_graph("netrc")
    result = invoke(
        [
            "load",
            "--endpoint",
            virtuoso_server.query_url,
            "--store-endpoint",
            virtuoso_server.store_url,
            "--graph",
            graph,
            "--data",
            str(SAMPLE),
            "--no-validate",
        ],
        tmp_path,
        NETRC=str(netrc),
    )
    assert result.exit_code == 0, result.output
    local = export_nt(SAMPLE).count(b"\n")
    assert result.stdout.startswith(f"added {local} triples in <{graph}>")
    assert f"verified: the graph holds {local} triples (before: 0)" in result.stdout
    assert virtuoso_server.count(graph) == local
    holds_export_of(virtuoso_server, graph, SAMPLE)


@pytest.mark.parametrize("password", ["right", "wrong"])
def test_basic_authentication(
    oxigraph_server: OxigraphServer, tmp_path: Path, password: str
) -> None:
    proxy = BasicAuthProxy(oxigraph_server, "loader", "right")
    graph = oxigraph_server.new_graph("basic")
    try:
        result = invoke(
            [
                "load",
                "--endpoint",
                proxy.url(oxigraph_server.query_url),
                "--store-endpoint",
                proxy.url(oxigraph_server.store_url),
                "--update-endpoint",
                proxy.url(oxigraph_server.update_url),
                "--replace",
                "--user",
                "loader",
                "--graph",
                graph,
                "--data",
                str(SAMPLE),
                "--no-validate",
            ],
            tmp_path,
            COEKG_PASSWORD=password,
        )
    finally:
        proxy.close()
    if password == "right":
        assert result.exit_code == 0, result.output
        holds_export_of(oxigraph_server, graph, SAMPLE)
    else:
        assert result.exit_code == 3, result.output
        assert (
            f"endpoint {proxy.url(oxigraph_server.query_url)}: HTTP 401 Unauthorized"
            in result.stderr
        )
        assert oxigraph_server.count(graph) == 0


# -- unreachable endpoints -------------------------------------------------------------------


def test_refused_connection_exits_3_quickly(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    result = invoke(
        [
            "load",
            "--endpoint",
            f"{dead}/query",
            "--store-endpoint",
            f"{dead}/store",
            "--data",
            str(SAMPLE),
            "--no-validate",
            "--retries",
            "2",
        ],
        tmp_path,
    )
    elapsed = time.monotonic() - started
    assert result.exit_code == 3, result.output
    assert result.stderr == (
        f"coekg: error: endpoint {dead}/query: connection refused (tried 3 times)\n"
    )
    assert elapsed < 10


def test_silent_endpoint_exits_3_after_the_timeout(tmp_path: Path) -> None:
    listener, url = silent_listener()
    started = time.monotonic()
    try:
        result = invoke(
            [
                "load",
                "--endpoint",
                f"{url}/query",
                "--store-endpoint",
                f"{url}/store",
                "--data",
                str(SAMPLE),
                "--no-validate",
                "--timeout",
                "0.5",
                "--retries",
                "1",
            ],
            tmp_path,
        )
    finally:
        listener.close()
    elapsed = time.monotonic() - started
    assert result.exit_code == 3, result.output
    assert result.stderr == (
        f"coekg: error: endpoint {url}/query: no answer within 0.5 s (tried 2 times)\n"
    )
    assert elapsed < 10
