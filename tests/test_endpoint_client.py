"""One HTTP story: ``coekg query --endpoint`` and ``coekg load`` talk to endpoints alike.

Both go through one client (``coekg.remote.http``): the same user agent, the same options
(``--user``, the password from ``COEKG_PASSWORD`` or ``.netrc``, basic and digest as the
server asks), the same URL check and the same error messages. The query itself is composed
by SPARQLWrapper (``coekg.remote.endpoint.query_request``). The digest tests run against a
real Virtuoso, whose ``/sparql-auth`` endpoint asks for digest authentication.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg.cli import cli
from coekg.remote.endpoint import query_request
from coekg.remote.http import USER_AGENT
from tests.servers import VirtuosoServer
from tests.test_load import SAMPLE
from tests.test_load_since import drop

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


def test_the_query_request_is_the_sparql_protocol_form() -> None:
    url, body, headers = query_request(
        "http://127.0.0.1:9/sparql?x=1", SELECT, ["http://example.org/g1", "http://example.org/g2"]
    )
    assert url == "http://127.0.0.1:9/sparql?x=1"
    assert urllib.parse.parse_qs(body.decode()) == {
        "query": [SELECT],
        "default-graph-uri": ["http://example.org/g1", "http://example.org/g2"],
    }
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered["content-type"] == "application/x-www-form-urlencoded"
    assert lowered["accept"].split(",")[0] == "application/sparql-results+json"
    assert "user-agent" not in lowered and "authorization" not in lowered


class RecordingEndpoint:
    """An endpoint that notes every request's method, path and headers, and answers a
    query with one row counting ``0``, anything else with 204; ``partial`` adds the header
    by which Virtuoso says an answer is cut short."""

    def __init__(self, partial: bool = False) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                endpoint.requests.append((self.command, self.path, dict(self.headers)))
                if b"query=" in body or "query=" in self.path:
                    row = {"n": {"type": "literal", "value": "0"}}
                    doc = {"head": {"vars": ["n"]}, "results": {"bindings": [row]}}
                    data = json.dumps(doc).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    if partial:
                        self.send_header("X-SQL-State", "S1TAT")
                        self.send_header("X-SQL-Message", "RC...: Returning incomplete results")
                else:
                    data = b""
                    self.send_response(204)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_HEAD = answer

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def recording() -> Iterator[RecordingEndpoint]:
    endpoint = RecordingEndpoint()
    yield endpoint
    endpoint.close()


def coekg(*args: str, env: dict[str, str | None] | None = None) -> Result:
    environment: dict[str, str | None] = {"COEKG_PASSWORD": None, "NETRC": "/nonexistent/netrc"}
    environment.update(env or {})
    return CliRunner().invoke(cli, list(args), env=environment)


def test_query_and_load_send_one_user_agent(recording: RecordingEndpoint) -> None:
    sparql = recording.url + "/sparql"
    query = coekg("query", "summary", "--endpoint", sparql)
    loaded = coekg(
        "load", "--endpoint", sparql, "--store-endpoint", recording.url + "/store",
        "--data", str(SAMPLE), "--no-validate", "--retries", "0",
    )  # fmt: skip
    assert query.exit_code == 0, query.output
    assert loaded.exit_code == 1, loaded.output  # the recording endpoint keeps nothing
    assert "verification failed" in loaded.output
    methods = [(method, path.split("?")[0]) for method, path, _ in recording.requests]
    assert methods[0] == ("POST", "/sparql")  # the query
    assert ("POST", "/store") in methods[1:]  # the load
    agents = {headers.get("User-Agent") for _, _, headers in recording.requests}
    assert agents == {USER_AGENT}


def test_a_partial_answer_is_an_error_for_query_too() -> None:
    endpoint = RecordingEndpoint(partial=True)
    try:
        result = coekg("query", "summary", "--endpoint", endpoint.url + "/sparql")
    finally:
        endpoint.close()
    assert result.exit_code == 3, result.output
    assert result.output == (
        f"coekg: error: endpoint {endpoint.url}/sparql: the endpoint returned a partial "
        "result (RC...: Returning incomplete results)\n"
    )


@pytest.fixture(scope="module")
def virtuoso_graph(virtuoso_instance: VirtuosoServer) -> Iterator[tuple[VirtuosoServer, str]]:
    """The session's Virtuoso holding the bundled data in a graph of its own."""
    virtuoso_instance.start()
    graph = virtuoso_instance.new_graph("digest-query")
    result = coekg(
        "load", "--endpoint", virtuoso_instance.query_url,
        "--store-endpoint", virtuoso_instance.store_url, "--user", "dba", "--graph", graph,
        env={"COEKG_PASSWORD": virtuoso_instance.password},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    yield virtuoso_instance, graph
    if virtuoso_instance.running:  # the session's Virtuoso: leave it as it was
        drop(virtuoso_instance, graph)


@pytest.mark.endpoint
def test_query_answers_through_digest_authentication(
    virtuoso_graph: tuple[VirtuosoServer, str],
) -> None:
    server, graph = virtuoso_graph
    args = ["query", "timeline", "-f", "tsv"]
    local = coekg(*args)
    remote = coekg(
        *args, "--endpoint", server.update_url, "--graph", graph, "--user", "dba",
        env={"COEKG_PASSWORD": server.password},
    )  # fmt: skip
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout_bytes == local.stdout_bytes


@pytest.mark.endpoint
def test_query_takes_the_digest_password_from_netrc(
    virtuoso_graph: tuple[VirtuosoServer, str], tmp_path: Path
) -> None:
    server, graph = virtuoso_graph
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login dba password {server.password}\n")
    netrc.chmod(0o600)
    args = ["query", "summary", "-f", "csv"]
    remote = coekg(
        *args, "--endpoint", server.update_url, "--graph", graph, env={"NETRC": str(netrc)}
    )
    assert remote.exit_code == 0, remote.output
    assert remote.stdout_bytes == coekg(*args).stdout_bytes


@pytest.mark.endpoint
@pytest.mark.parametrize(
    ("user", "password", "message"),
    [
        ("dba", "not-the-password", "the endpoint refused the credentials of user 'dba'"),
        (
            None,
            None,
            "the endpoint needs credentials; give --user NAME and the password in "
            "COEKG_PASSWORD or ~/.netrc",
        ),
    ],
)
def test_query_and_load_report_digest_refusals_alike(
    virtuoso_graph: tuple[VirtuosoServer, str],
    user: str | None,
    password: str | None,
    message: str,
) -> None:
    server, graph = virtuoso_graph
    who = ["--user", user] if user else []
    env = {"COEKG_PASSWORD": password}
    query = coekg("query", "summary", "--endpoint", server.update_url, *who, env=env)
    load = coekg(
        "load", "--endpoint", server.update_url, "--update-endpoint", server.update_url,
        "--graph", graph, "--data", str(SAMPLE), "--no-validate", "--retries", "0", *who,
        env=env,
    )  # fmt: skip
    expected = f"coekg: error: endpoint {server.update_url}: HTTP 401 Unauthorized: {message}\n"
    assert (query.exit_code, query.output) == (3, expected)
    assert (load.exit_code, load.output) == (3, expected)
    assert "not-the-password" not in query.output + load.output
