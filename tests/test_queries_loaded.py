"""Every canned query on the graph that ``coekg load`` filled, on Oxigraph and on Virtuoso.

For each server, once per module, the bundled data goes in as an operator would put it:
``coekg load`` (validated) into one named graph, then again with ``--replace``. Oxigraph
gets it through its store endpoint, into the default target graph
``https://w3id.org/coekg/dataset``; Virtuoso through its digest-protected Graph Store and
Update endpoints, into a graph of its own (the Virtuoso of the test session is shared).
Each server also holds another graph that gives Baku a label the data does not have, so
that a query sees exactly the loaded graph only if ``--graph`` names it.

Then every canned query, with its defaults and with the parameter values of the expected
files (``VARIANTS`` of ``test_queries.py``), runs as ``coekg query NAME --endpoint URL
--graph IRI`` and must print exactly what the embedded store prints. So do a few more
answers that once differed on Virtuoso (:data:`MORE_CASES`).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg.cli import cli
from coekg.remote.load import DEFAULT_GRAPH
from tests.servers import Server, VirtuosoServer, start_oxigraph
from tests.test_load import export_nt, invoke
from tests.test_queries import CASE_IDS, CASES, param_args

SERVERS = ["oxigraph", "virtuoso"]
BAKU = "https://w3id.org/coekg/id/place/baku"
#: the statement of the other graph: a label of Baku that the data does not have
EXTRA_LABEL = "a label from another graph of the store"

#: answers beyond the expected files that once differed on Virtuoso 7, with what it did
MORE_CASES: dict[str, tuple[str, dict[str, str]]] = {
    # "5"^^xsd:positiveInteger kept as written (Oxigraph: xsd:integer)
    "describe--section": ("describe", {"iri": "https://w3id.org/coekg/id/section/opening"}),
    # the data's true answered as "1"^^xsd:boolean
    "describe--event-with-photo-caption": (
        "describe",
        {"iri": "https://w3id.org/coekg/id/event/address-heydar-aliyev-accession-2001"},
    ),
    # blank nodes (OWL lists) named nodeID://..., and STR() of a blank node not an error
    "describe--class": ("describe", {"iri": "https://w3id.org/coekg/def#Event"}),
    # a query's text as value: sort keys over 1900 bytes refused
    "describe--query": ("describe", {"iri": "https://w3id.org/coekg/query/active-projects"}),
    # CONTAINS(x, "") false
    "search--empty": ("search", {"text": ""}),
    "search--lowercase-unicode": ("search", {"text": "pejčinović"}),
}


@dataclass(frozen=True)
class Loaded:
    """A server holding the bundled data in ``graph``, and what loading it printed."""

    name: str
    server: Server
    graph: str
    other: str
    first: Result
    replaced: Result
    counts: tuple[int, int]


def load_args(server: Server, *args: str) -> list[str]:
    """``coekg load`` for ``server``: Oxigraph by its store endpoint; Virtuoso by its
    digest-protected Graph Store and Update endpoints, as user ``dba``."""
    command = ["load", "--endpoint", server.query_url, "--store-endpoint", server.store_url]
    if isinstance(server, VirtuosoServer):
        command += ["--update-endpoint", server.update_url, "--user", server.user or ""]
    return [*command, *args]


def password(server: Server) -> dict[str, str | None]:
    return {"COEKG_PASSWORD": server.password} if server.password else {}


def add_other_graph(server: Server, graph: str, tmp_path: Path) -> None:
    """``graph`` gives Baku a label the data lacks (besides the ontology and the query
    catalogue, which every load carries)."""
    data = tmp_path / "other.ttl"
    data.write_text(f'<{BAKU}> <http://www.w3.org/2000/01/rdf-schema#label> "{EXTRA_LABEL}" .\n')
    result = invoke(
        load_args(server, "--graph", graph, "--data", str(data), "--no-validate"),
        tmp_path,
        **password(server),
    )
    assert result.exit_code == 0, result.output


def drop(server: Server, *graphs: str) -> None:
    for graph in graphs:
        url = f"{server.store_url}?graph={urllib.parse.quote(graph, safe='')}"
        server.client().request("DELETE", url)


@pytest.fixture(scope="module", params=SERVERS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    """The bundled data loaded, counted, replaced and counted again, once per server."""
    tmp_path = tmp_path_factory.mktemp(f"loaded-{request.param}")
    server: Server
    if request.param == "oxigraph":
        server = start_oxigraph(tmp_path / "server")
        graph = DEFAULT_GRAPH
        target: list[str] = []  # coekg load's default graph
    else:
        server = request.getfixturevalue("virtuoso_instance")
        server.start()
        graph = server.new_graph("loaded")
        target = ["--graph", graph]
    other = server.new_graph("other")
    try:
        first = invoke(load_args(server, *target), tmp_path, **password(server))
        after_first = server.count(graph)
        replaced = invoke(load_args(server, *target, "--replace"), tmp_path, **password(server))
        after_replace = server.count(graph)
        add_other_graph(server, other, tmp_path)
        counts = (after_first, after_replace)
        yield Loaded(request.param, server, graph, other, first, replaced, counts)
    finally:
        if request.param == "oxigraph":
            server.stop()
        elif server.running:
            drop(server, graph, other)


@pytest.fixture(scope="module")
def embedded() -> dict[tuple[str, ...], bytes]:
    """Outputs of the embedded store, by command line (each is asked once per module)."""
    return {}


def query(*args: str) -> Result:
    return CliRunner().invoke(cli, ["query", *args])


def same_as_embedded(
    loaded: Loaded, embedded: dict[tuple[str, ...], bytes], args: list[str]
) -> None:
    if tuple(args) not in embedded:
        local = query(*args)
        assert local.exit_code == 0, local.output
        embedded[tuple(args)] = local.stdout_bytes
    remote = query(*args, "--endpoint", loaded.server.query_url, "--graph", loaded.graph)
    assert remote.exit_code == 0, remote.output
    assert remote.stdout_bytes.decode() == embedded[tuple(args)].decode()


# -- the load ------------------------------------------------------------------------------


@pytest.mark.endpoint
def test_load_then_replace_leaves_one_copy_of_the_export(loaded: Loaded) -> None:
    local = export_nt().count(b"\n")
    assert loaded.first.exit_code == 0, loaded.first.output
    assert loaded.first.stdout.startswith(f"added {local} triples in <{loaded.graph}>")
    assert loaded.replaced.exit_code == 0, loaded.replaced.output
    assert loaded.replaced.stdout.startswith(f"replaced {local} triples in <{loaded.graph}>")
    assert f"the graph holds {local} triples (before: {local})" in loaded.replaced.stdout
    assert loaded.counts == (local, local)
    assert loaded.server.graphs(loaded.graph + "-coekg-load-") == []


# -- every canned query ----------------------------------------------------------------------


@pytest.mark.endpoint
@pytest.mark.parametrize(("stem", "name", "params"), CASES, ids=CASE_IDS)
def test_every_canned_query_answers_as_the_embedded_store(
    loaded: Loaded,
    embedded: dict[tuple[str, ...], bytes],
    stem: str,
    name: str,
    params: dict[str, str],
) -> None:
    same_as_embedded(loaded, embedded, [name, *param_args(params), "-f", "tsv"])


@pytest.mark.endpoint
@pytest.mark.parametrize(("name", "params"), MORE_CASES.values(), ids=list(MORE_CASES))
def test_answers_that_once_differed_on_virtuoso(
    loaded: Loaded,
    embedded: dict[tuple[str, ...], bytes],
    name: str,
    params: dict[str, str],
) -> None:
    same_as_embedded(loaded, embedded, [name, *param_args(params), "-f", "tsv"])


@pytest.mark.endpoint
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "xml", "md"])
def test_every_output_format_is_identical(
    loaded: Loaded, embedded: dict[tuple[str, ...], bytes], fmt: str
) -> None:
    same_as_embedded(loaded, embedded, ["treaties", "-f", fmt])


@pytest.mark.endpoint
def test_without_graph_the_store_decides_what_is_queried(
    loaded: Loaded, embedded: dict[tuple[str, ...], bytes]
) -> None:
    """Oxigraph's default graph is empty: Baku is not in the data it queries, which is a
    usage error saying so; Virtuoso's is the union of all its graphs."""
    args = ["describe", "--param", f"iri={BAKU}", "-f", "csv"]
    same_as_embedded(loaded, embedded, args)
    remote = query(*args, "--endpoint", loaded.server.query_url)
    if loaded.name == "oxigraph":
        assert remote.exit_code == 2, remote.output
        assert remote.stdout_bytes == b""
        assert remote.stderr.endswith(
            "is not a resource in the data; the data holds nothing under "
            "https://w3id.org/coekg/id/place/\n"
        )
    else:
        assert remote.exit_code == 0, remote.output
        assert EXTRA_LABEL in remote.output
        assert EXTRA_LABEL not in embedded[tuple(args)].decode()


@pytest.mark.endpoint
def test_two_graphs_are_queried_as_one(loaded: Loaded) -> None:
    args = ["describe", "--param", f"iri={BAKU}", "-f", "csv"]
    graphs = ["--graph", loaded.graph, "--graph", loaded.other]
    remote = query(*args, "--endpoint", loaded.server.query_url, *graphs)
    assert remote.exit_code == 0, remote.output
    assert EXTRA_LABEL in remote.output


@pytest.mark.endpoint
def test_blank_nodes_keep_their_identity_within_an_answer(loaded: Loaded, tmp_path: Path) -> None:
    """Virtuoso names blank nodes nodeID://b10053, which RDF syntax does not allow."""
    rq = tmp_path / "lists.rq"
    rq.write_text(
        "SELECT ?node ?same WHERE {\n"
        "  ?node <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?first .\n"
        "  FILTER (?first = <https://w3id.org/coekg/def#Event>)\n"
        "  BIND (?node AS ?same)\n"
        "}\n"
    )
    local = query(str(rq), "-f", "csv")
    remote = query(
        str(rq), "-f", "csv", "--endpoint", loaded.server.query_url, "--graph", loaded.graph
    )
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    rows = [line.split(",") for line in remote.output.splitlines()[1:]]
    assert len(rows) == len(local.output.splitlines()[1:]) >= 1
    assert all(node == same and node.startswith("_:b") for node, same in rows)


def test_values_print_as_the_embedded_store_keeps_them() -> None:
    """Virtuoso's spellings of a value become Oxigraph's; other values stay as they are."""
    from coekg.query.results import from_json, render

    xsd = "http://www.w3.org/2001/XMLSchema#"

    def typed(value: str, datatype: str) -> dict[str, str]:
        return {"type": "typed-literal", "datatype": xsd + datatype, "value": value}

    answer = {
        "head": {"vars": ["flag", "order", "word", "label", "year"]},
        "results": {
            "bindings": [
                {
                    "flag": typed("1", "boolean"),
                    "order": typed("5", "positiveInteger"),
                    "word": typed("Baku", "string"),
                    "label": {"type": "literal", "xml:lang": "EN-GB", "value": "Baku"},
                    "year": typed("2022", "gYear"),
                },
                {"flag": typed("0", "boolean"), "order": typed("abc", "integer")},
            ]
        },
    }
    results = from_json(json.dumps(answer).encode(), ordered=True)
    assert render(results, "tsv").decode().splitlines() == [
        "?flag\t?order\t?word\t?label\t?year",
        f'true\t5\t"Baku"\t"Baku"@en-gb\t"2022"^^<{xsd}gYear>',
        f'false\t"abc"^^<{xsd}integer>\t\t\t',
    ]


# -- usage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--graph", "not an iri", "--endpoint", "http://127.0.0.1:1/q"], "not an absolute IRI"),
        (["--graph", "dataset", "--endpoint", "http://127.0.0.1:1/q"], "not an absolute IRI"),
        (["--graph", DEFAULT_GRAPH], "--graph needs --endpoint"),
    ],
)
def test_graph_misuse_is_a_usage_error(args: list[str], message: str) -> None:
    result = query("summary", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.stdout_bytes == b""


def test_help_names_the_graph_that_coekg_load_fills() -> None:
    for command in ("query", "load"):
        result = CliRunner().invoke(cli, [command, "--help"], terminal_width=200)
        assert result.exit_code == 0, result.output
        assert DEFAULT_GRAPH in result.output


def test_loading_guide_shows_every_store_and_how_to_query_the_graph() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "loading.md").read_text()
    assert DEFAULT_GRAPH in guide
    for needle in ("Oxigraph", "Virtuoso", "Fuseki", "GraphDB", "/sparql-graph-crud-auth"):
        assert needle in guide
    assert "coekg query" in guide and "--graph" in guide and "--replace" in guide


# -- own queries and parameters on the stores --------------------------------------------------

GRAPH_QUERY = """#+ [[parameters]]
#+ name = "funder"
#+ type = "iri"
#+ optional = true
CONSTRUCT { ?project schema:funder ?funder ; rdfs:label ?title . }
WHERE { ?project coekg:fundedBy ?funder ; rdfs:label ?title . }
"""


@pytest.mark.endpoint
@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_a_construct_query_gives_the_same_graph(loaded: Loaded, tmp_path: Path, fmt: str) -> None:
    rq = tmp_path / "funders.rq"
    rq.write_text(GRAPH_QUERY)
    for params in ([], ["--param", "funder=organisation:european-union"]):
        local = query(str(rq), "-f", fmt, *params)
        remote = query(
            str(rq),
            "-f",
            fmt,
            *params,
            "--endpoint",
            loaded.server.query_url,
            "--graph",
            loaded.graph,
        )
        assert local.exit_code == 0, local.output
        assert remote.exit_code == 0, remote.output
        assert remote.stdout_bytes == local.stdout_bytes


@pytest.mark.endpoint
def test_an_unknown_resource_is_looked_up_on_the_endpoint(loaded: Loaded) -> None:
    endpoint = ["--endpoint", loaded.server.query_url, "--graph", loaded.graph]
    remote = query("projects", "--param", "funder=organisation:eu", *endpoint)
    local = query("projects", "--param", "funder=organisation:eu")
    assert remote.exit_code == local.exit_code == 2, remote.output
    assert remote.stderr == local.stderr
    assert "did you mean organisation:european-union (European Union)?" in remote.stderr
    known = query("projects", "--param", "funder=state:azerbaijan", "-f", "csv", *endpoint)
    assert known.exit_code == 0, known.output
    assert known.stdout.count("\n") == 1  # the header: a known resource, no rows
