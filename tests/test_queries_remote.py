"""The same queries through a real SPARQL server: identical answers, byte for byte.

An Oxigraph server (PyPI ``oxigraph``) on a free loopback port is loaded with the
N-Triples export (the union of all graphs, in its default graph); every query runs through
``coekg query --endpoint`` and must print exactly what the embedded store prints. Errors of
endpoints (refusals, authentication, time-outs) are exit 3 naming the endpoint, never the
password.
"""

from __future__ import annotations

import io
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg.cli import cli
from tests.servers import BasicAuthProxy, OxigraphServer, free_port, silent_listener, start_oxigraph
from tests.test_queries import CASE_IDS, CASES, param_args
from tests.test_queries_injection import HOSTILE

FORMATS = ["table", "csv", "tsv", "json", "xml", "md"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for the module, holding the export in its default graph."""
    from coekg import project
    from coekg.rdf import export

    oxigraph = start_oxigraph(tmp_path_factory.mktemp("oxigraph-queries"))
    try:
        body = io.BytesIO()
        export.export(project.bundled().load(), "nt", body)
        request = urllib.request.Request(
            oxigraph.store_url + "?default",
            data=body.getvalue(),
            method="POST",
            headers={"Content-Type": "application/n-triples"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 201, 204)
        yield oxigraph
    finally:
        oxigraph.stop()


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["query", *args], env=env)


def same_answer(args: list[str], endpoint: str) -> None:
    local = invoke(*args)
    remote = invoke(*args, "--endpoint", endpoint)
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout_bytes == local.stdout_bytes


@pytest.mark.endpoint
@pytest.mark.parametrize(("stem", "name", "params"), CASES, ids=CASE_IDS)
def test_every_query_gives_the_same_answer_remotely(
    server: OxigraphServer, stem: str, name: str, params: dict[str, str]
) -> None:
    same_answer([name, *param_args(params), "-f", "json"], server.query_url)


@pytest.mark.endpoint
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_identical_remotely(server: OxigraphServer, fmt: str) -> None:
    same_answer(["timeline", "-f", fmt], server.query_url)


@pytest.mark.endpoint
@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_values_are_bound_literally_remotely(server: OxigraphServer, text: str) -> None:
    same_answer(["search", "--param", f"text={text}", "-f", "tsv"], server.query_url)


@pytest.mark.endpoint
def test_an_ad_hoc_file_remotely(server: OxigraphServer, tmp_path: Path) -> None:
    rq = tmp_path / "labels.rq"
    rq.write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?s ?label WHERE { ?s a <https://w3id.org/coekg/def#Person> ;"
        " rdfs:label ?label }\n"
    )
    same_answer([str(rq), "-f", "csv"], server.query_url)


@pytest.mark.endpoint
def test_basic_authentication(server: OxigraphServer) -> None:
    proxy = BasicAuthProxy(server, "alice", "s3cret-Pa55")
    try:
        url = proxy.url(server.query_url)
        local = invoke("outcomes", "-f", "csv")
        good = invoke(
            "outcomes",
            "-f",
            "csv",
            "--endpoint",
            url,
            "--user",
            "alice",
            env={"COEKG_PASSWORD": "s3cret-Pa55"},
        )
        assert good.exit_code == 0, good.output
        assert good.stdout_bytes == local.stdout_bytes
        bad = invoke(
            "outcomes", "--endpoint", url, "--user", "alice", env={"COEKG_PASSWORD": "wrong-Pa55"}
        )
        assert bad.exit_code == 3, bad.output
        assert bad.output.startswith(f"coekg: error: endpoint {url}: HTTP 401")
        assert "wrong-Pa55" not in bad.output and "s3cret" not in bad.output
        anonymous = invoke("outcomes", "--endpoint", url)
        assert anonymous.exit_code == 3 and "HTTP 401" in anonymous.output
    finally:
        proxy.close()


@pytest.mark.endpoint
def test_a_missing_endpoint_path_is_exit_3_with_the_status(server: OxigraphServer) -> None:
    url = server.base_url + "/no-such-endpoint"
    result = invoke("summary", "--endpoint", url)
    assert result.exit_code == 3, result.output
    assert result.output.startswith(f"coekg: error: endpoint {url}: HTTP 404")


@pytest.mark.parametrize("command", ["query", "load"])
def test_a_password_in_the_url_is_refused_alike_by_query_and_load(command: str) -> None:
    url = f"http://bob:hunter2@127.0.0.1:{free_port()}/query"
    args = ["summary", "--endpoint", url] if command == "query" else ["--endpoint", url]
    if command == "load":
        args += ["--store-endpoint", url.replace("/query", "/store")]
    result = CliRunner().invoke(cli, [command, *args])
    assert result.exit_code == 2, result.output
    assert (
        "Invalid value for '--endpoint': put the user name in --user and the password in "
        "COEKG_PASSWORD or ~/.netrc, not in the URL"
    ) in result.output
    assert "hunter2" not in result.output


def test_a_refused_connection_is_exit_3() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = invoke("summary", "--endpoint", url)
    assert result.exit_code == 3, result.output
    assert result.output == f"coekg: error: endpoint {url}: connection refused\n"


def test_a_refused_connection_is_retried_when_asked() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = invoke("summary", "--endpoint", url, "--retries", "2")
    assert result.exit_code == 3, result.output
    assert result.output == f"coekg: error: endpoint {url}: connection refused (tried 3 times)\n"


def test_a_silent_endpoint_times_out() -> None:
    listener, base = silent_listener()
    try:
        result = invoke("summary", "--endpoint", base + "/query", "--timeout", "1")
    finally:
        listener.close()
    assert result.exit_code == 3, result.output
    assert result.output.startswith(f"coekg: error: endpoint {base}/query: no answer within 1 s")


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["--endpoint", "http://127.0.0.1:1/q", "--user", "alice"],
            {},
            "no password for user 'alice': set COEKG_PASSWORD, or add a 'machine' entry",
        ),
        (["--user", "alice"], {"COEKG_PASSWORD": "x"}, "--user needs --endpoint"),
        (["--endpoint", "http://127.0.0.1:1/q", "--data", "data"], {}, "exclude each other"),
    ],
)
def test_endpoint_option_misuse_is_a_usage_error(
    args: list[str], env: dict[str, str], message: str
) -> None:
    env = {"COEKG_PASSWORD": None, "NETRC": "/nonexistent/netrc", **env}  # type: ignore[dict-item]
    result = CliRunner().invoke(cli, ["query", "summary", *args], env=env)
    assert result.exit_code == 2, result.output
    assert message in result.output


@pytest.mark.parametrize("command", ["query", "load"])
def test_an_endpoint_that_is_not_http_is_refused_alike_by_query_and_load(command: str) -> None:
    url = "ftp://example.org/sparql"
    args = ["summary"] if command == "query" else ["--store-endpoint", "http://127.0.0.1:1/s"]
    result = CliRunner().invoke(cli, [command, *args, "--endpoint", url])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '--endpoint': {url!r} is not an http:// or https:// URL" in (
        result.output
    )
