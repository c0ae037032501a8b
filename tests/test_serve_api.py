"""The web API of ``coekg serve`` (issue 15, item 6): every canned query at
``/api/queries/{name}``, answering byte for byte as ``coekg query NAME --format FORMAT``
does and refusing what it refuses, in its words, as RFC 9457 problem documents; and the
OpenAPI 3.1 description generated from the catalogue, checked by openapi-spec-validator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled
from coekg.query.catalogue import CannedQuery, catalogue
from coekg.serve.server import RunningServer, start
from coekg.serve.sparql import Limits
from tests.requirements import need_module
from tests.test_serve import Response, request

pytestmark = pytest.mark.endpoint

QUERIES = catalogue(bundled().queries)
#: a value other than the default for each parameter of the bundled queries that has one
OTHER_VALUES = {
    "date": "2021-06",
    "iri": "https://w3id.org/coekg/id/state/azerbaijan",
    "text": "baku",
}
BAD_VALUES = [
    ("active-projects", "date", "2021-13"),
    ("active-projects", "date", "next year"),
    ("describe", "iri", "not an iri"),
    ("treaties", "nonsense", "1"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    srv = start(
        bundled().load(), bundled(), "127.0.0.1", 0, limits=Limits(query_workers=2, threads=4)
    )
    with srv.in_thread():
        yield srv


def api(srv: RunningServer, name: str, accept: str | None = None, **params: str) -> Response:
    query = "?" + urlencode(params) if params else ""
    return request(srv, f"/api/queries/{name}{query}", accept)


def command(name: str, fmt: str, params: dict[str, str]) -> tuple[int, bytes, str]:
    """``coekg query NAME --format FMT --param ...``: exit code, output, error."""
    args = ["query", name, "--format", fmt]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout_bytes, result.stderr


def other_params(q: CannedQuery) -> dict[str, str]:
    return {p.name: OTHER_VALUES[p.name] for p in q.parameters if p.name in OTHER_VALUES}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_each_query_answers_as_the_command_does(server: RunningServer, query: CannedQuery) -> None:
    code, expected, err = command(query.name, "json", {})
    assert code == 0, err
    r = api(server, query.name)
    assert r.status == 200 and r.type == "application/sparql-results+json"
    assert r.body == expected
    if other_params(query):
        code, expected, err = command(query.name, "json", other_params(query))
        assert code == 0, err
        assert api(server, query.name, **other_params(query)).body == expected


@pytest.mark.parametrize(
    ("fmt", "media"), [("csv", "text/csv"), ("tsv", "text/tab-separated-values")]
)
def test_csv_and_tsv_by_accept_or_by_format(server: RunningServer, fmt: str, media: str) -> None:
    for q in QUERIES[:4]:
        _code, expected, _err = command(q.name, fmt, {})
        by_accept = api(server, q.name, media)
        assert by_accept.type == media and by_accept.body == expected
        assert api(server, q.name, "application/json", format=fmt).body == expected
        assert "Accept" in by_accept.headers["vary"]


@pytest.mark.parametrize(("name", "key", "value"), BAD_VALUES)
def test_a_bad_value_is_a_400_problem_in_the_commands_words(
    server: RunningServer, name: str, key: str, value: str
) -> None:
    code, _out, err = command(name, "json", {key: value})
    assert code == 2
    r = api(server, name, **{key: value})
    assert r.status == 400 and r.type == "application/problem+json"
    problem = json.loads(r.body)
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert problem["type"] == "about:blank"
    assert err.strip() == "coekg: error: " + problem["detail"]
    assert problem["instance"] == f"/api/queries/{name}?{urlencode({key: value})}"


def test_other_refusals_are_problems_too(server: RunningServer) -> None:
    twice = request(server, "/api/queries/active-projects?date=2021&date=2022")
    assert twice.status == 400 and "given twice" in json.loads(twice.body)["detail"]
    fmt = api(server, "treaties", format="xml")
    assert fmt.status == 400 and json.loads(fmt.body)["detail"].startswith("format must be")
    unknown = api(server, "treatise")
    assert unknown.status == 404 and unknown.type == "application/problem+json"
    assert "did you mean treaties" in json.loads(unknown.body)["detail"]
    refused = api(server, "treaties", "image/png")
    assert refused.status == 406 and refused.headers["vary"].startswith("Accept")
    post = request(server, "/api/queries/treaties", None, "POST", b"")
    assert post.status == 405 and post.headers["allow"] == "GET, HEAD, OPTIONS"
    assert request(server, "/api/queries/treaties", method="OPTIONS").status == 204
    assert api(server, "treaties").headers["access-control-allow-origin"] == "*"


def test_the_catalogue_lists_as_the_command_does(server: RunningServer) -> None:
    result = CliRunner().invoke(cli, ["queries", "--format", "json"])
    assert json.loads(request(server, "/api/queries").body) == json.loads(result.stdout)


@pytest.fixture(scope="module")
def openapi(server: RunningServer) -> dict[str, object]:
    r = request(server, "/api/openapi.json")
    assert r.status == 200 and r.type == "application/vnd.oai.openapi+json"
    return json.loads(r.body)  # type: ignore[no-any-return]


def test_the_openapi_document_is_valid_openapi_3_1(openapi: dict[str, object]) -> None:
    validator = need_module("openapi_spec_validator")
    assert openapi["openapi"] == "3.1.0"
    validator.validate(openapi)


def test_the_openapi_document_describes_every_query(
    server: RunningServer, openapi: dict[str, object]
) -> None:
    paths: dict[str, dict[str, dict[str, object]]] = openapi["paths"]  # type: ignore[assignment]
    assert openapi["servers"] == [{"url": server.url}]
    for q in QUERIES:
        operation = paths[f"/api/queries/{q.name}"]["get"]
        assert operation["summary"] == q.title and operation["description"] == q.description
        declared = [p for p in operation["parameters"] if "name" in p]  # type: ignore[attr-defined]
        assert [(p["name"], p["required"]) for p in declared] == [
            (p.name, p.required) for p in q.parameters
        ]
        for p, parameter in zip(declared, q.parameters, strict=True):
            # an optional parameter without a default (every value) has no example
            assert str(p.get("example", "")) == parameter.default
            assert p["schema"].get("enum", []) == list(parameter.values)  # type: ignore[union-attr]
        content = operation["responses"]["200"]["content"]  # type: ignore[index]
        assert set(content) == {
            "application/sparql-results+json",
            "text/csv",
            "text/tab-separated-values",
        }
        example = content["application/sparql-results+json"]["example"]
        answer = json.loads(api(server, q.name).body)
        assert example["head"] == answer["head"], q.name
        if "results" in answer:
            assert example["results"]["bindings"] == answer["results"]["bindings"][:3]
        else:
            assert example["boolean"] == answer["boolean"]


def test_no_query_parameter_takes_a_name_the_api_or_the_page_keeps() -> None:
    """``format`` chooses the API's answer format; on /sparql, an example's parameters
    stand beside the protocol's own (``query``, ``default-graph-uri``...)."""
    kept = {"format", "example", "query", "default-graph-uri", "named-graph-uri", "update"}
    assert [(q.name, p.name) for q in QUERIES for p in q.parameters if p.name in kept] == []


@pytest.mark.parametrize(
    "value",
    [
        '" } } DROP ALL #',
        "> } SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } #",
        "baku\\u0022) } #",
        "<script>alert(1)</script>",
        "",
        "\u00e7\u0259\u011f",
    ],
)
def test_a_hostile_value_is_one_term_as_on_the_command_line(
    server: RunningServer, value: str
) -> None:
    code, expected, err = command("search", "json", {"text": value})
    r = api(server, "search", text=value)
    if code == 0:
        assert (r.status, r.body) == (200, expected)
    else:
        assert r.status == 400 and err.strip() == "coekg: error: " + json.loads(r.body)["detail"]
