"""Comunica, a SPARQL engine we did not write, as a client of ``coekg serve``: every canned
query (its defaults bound, as ``coekg query --endpoint`` sends it) gives the same rows in
the same order as ``coekg query NAME --format json`` (issue 13).

Comunica 4.5 (``package-lock.json``; run by ``tests/comunica_rows.js`` in one Node.js
process) loses the language tag of a literal when it reads SPARQL JSON results: a
dependency of it builds the literal with another version of ``rdf-data-factory``, and the
tag ends up nowhere (the same happens with a fixed answer from any server). So a language
tag is compared only where Comunica gives one; every other part of every term is compared.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled
from coekg.query.catalogue import bound_text, catalogue
from coekg.serve.server import RunningServer, start
from coekg.serve.sparql import Limits
from tests.requirements import missing, need_tool

pytestmark = pytest.mark.endpoint

ROOT = Path(__file__).resolve().parents[1]
RUNNER = Path(__file__).parent / "comunica_rows.js"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TERM_TYPES = {"uri": "NamedNode", "literal": "Literal", "bnode": "BlankNode"}


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    srv = start(
        bundled().load(), bundled(), "127.0.0.1", 0, limits=Limits(query_workers=1, threads=4)
    )
    with srv.in_thread():
        yield srv


def comunica(endpoint: str, queries: dict[str, str]) -> dict[str, Any]:
    node = need_tool("node")
    if not (ROOT / "node_modules" / "@comunica" / "query-sparql").is_dir():
        missing("Comunica is not installed in node_modules (make setup-test runs npm ci)")
    done = subprocess.run(
        [node, str(RUNNER), endpoint],
        input=json.dumps(queries).encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def ours(binding: dict[str, str] | None) -> list[Any] | None:
    """A term of a SPARQL JSON answer as [termType, value, language, datatype]."""
    if binding is None:
        return None
    language = binding.get("xml:lang")
    datatype = binding.get("datatype")
    if binding["type"] == "literal" and datatype is None:
        datatype = LANG_STRING if language else XSD_STRING
    return [TERM_TYPES[binding["type"]], binding["value"], language, datatype]


def theirs(term: list[Any] | None, expected: list[Any] | None) -> list[Any] | None:
    """Comunica's term, its lost language tag (see the module) taken from ``expected``."""
    if term is None or term[0] != "Literal":
        return term
    term_type, value, language, datatype = term
    if language is None and datatype is None and expected is not None and expected[2]:
        language, datatype = expected[2], LANG_STRING
    return [term_type, value, language, datatype]


def test_comunica_gets_the_rows_of_coekg_query_in_its_order(server: RunningServer) -> None:
    queries = catalogue(bundled().queries)
    answers = comunica(server.url + "sparql", {q.name: bound_text(q, {}) for q in queries})
    for q in queries:
        result = CliRunner().invoke(cli, ["query", q.name, "--format", "json"])
        assert result.exit_code == 0, result.stderr
        expected = json.loads(result.stdout)
        got = answers[q.name]
        if "boolean" in expected:
            assert got == expected["boolean"], q.name
            continue
        variables = expected["head"]["vars"]
        assert got["variables"] == variables, q.name
        rows = [[ours(b.get(v)) for v in variables] for b in expected["results"]["bindings"]]
        assert len(got["rows"]) == len(rows), q.name
        for i, (row, want) in enumerate(zip(got["rows"], rows, strict=True)):
            assert [theirs(t, w) for t, w in zip(row, want, strict=True)] == want, (q.name, i)
