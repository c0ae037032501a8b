"""The ``people`` query: a post's first and last dates are taken over its dated holdings.

A post may be held in several holdings of which only some have a date
(``coekg:attestedOn``). Aggregated in one group with the undated ones, MIN and MAX gave no
value on the embedded store (Oxigraph fails the aggregate on the unbound value) but the
dates of the others on Virtuoso 7 (which skips it). The query means the latter, and every
store must give it: ``tests/fixtures/queries/people-dates.ttl`` holds such posts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from tests.servers import OxigraphServer, Server, VirtuosoServer
from tests.test_load import invoke
from tests.test_queries_loaded import drop, load_args, password

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "queries" / "people-dates.ttl"
ID = "https://w3id.org/coekg/id/"
ADA = f'<{ID}person/test-ada>\t"Ada Test"@en\t"Dr."'

#: the answer, as ``coekg query people -f tsv`` prints it
EXPECTED = [
    "?person\t?name\t?honorific\t?relation\t?what\t?whatLabel\t?from\t?to",
    # undated holdings only: no dates
    f'{ADA}\t"holds post"\t<{ID}post/test-clerk>\t"Clerk of the Test Board"@en\t\t',
    # two dated holdings (one with two dates) and an undated one
    f'{ADA}\t"holds post"\t<{ID}post/test-member>\t"Member of the Test Board"@en'
    '\t"2018-05"\t"2021-03-04"',
    # one dated holding and one undated
    f'{ADA}\t"holds post"\t<{ID}post/test-chair>\t"Chair of the Test Board"@en\t"2019"\t"2019"',
    f'{ADA}\t"took part in"\t<{ID}event/test-board-meeting>\t"Test board meeting"@en'
    '\t"2019-02-01"\t',
]


def test_post_dates_are_those_of_the_dated_holdings() -> None:
    result = CliRunner().invoke(cli, ["query", "people", "--data", str(FIXTURE), "-f", "tsv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == EXPECTED


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    """A fresh Oxigraph server, or the session's Virtuoso."""
    fixture = "oxigraph_server" if request.param == "oxigraph" else "virtuoso_server"
    started: OxigraphServer | VirtuosoServer = request.getfixturevalue(fixture)
    return started


@pytest.mark.endpoint
def test_every_store_gives_the_same_dates(server: Server, tmp_path: Path) -> None:
    graph = server.new_graph("people-dates")
    args = load_args(server, "--graph", graph, "--data", str(FIXTURE), "--no-validate")
    try:
        loaded = invoke(args, tmp_path, **password(server))
        assert loaded.exit_code == 0, loaded.output
        answer = CliRunner().invoke(
            cli,
            ["query", "people", "--endpoint", server.query_url, "--graph", graph, "-f", "tsv"],
        )
        assert answer.exit_code == 0, answer.output
        assert answer.output.splitlines() == EXPECTED
    finally:
        drop(server, graph)
