"""Regression: an answer with blank nodes printed differently on every run."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from coekg.cli import cli

QUERY = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?x WHERE { ?x a owl:AllDisjointClasses }
"""


def test_blank_nodes_are_numbered_the_same_on_every_run(tmp_path: Path) -> None:
    query = tmp_path / "blank.rq"
    query.write_text(QUERY)
    runs = [CliRunner().invoke(cli, ["query", str(query), "-f", "tsv"]) for _ in range(2)]
    assert [r.exit_code for r in runs] == [0, 0], runs[0].output
    assert runs[0].output == runs[1].output
    assert runs[0].output.splitlines() == ["?x", "_:b0", "_:b1"]
