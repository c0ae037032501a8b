"""Regression: an answer with blank nodes printed differently on every run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg import dataset, queries
from coekg.cli import cli
from coekg.results import render

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


ORDERED = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?x WHERE { ?x a owl:AllDisjointClasses } ORDER BY ?x
"""
LOOKALIKES = """SELECT ?v WHERE { VALUES ?v { "_:b7" "bnode" "<bnode>" "plain" } } ORDER BY ?v
"""


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_an_ordered_answer_with_blank_nodes_labels_them_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    query = tmp_path / "ordered.rq"
    query.write_text(ORDERED)
    runs = [CliRunner().invoke(cli, ["query", str(query), "-f", fmt]) for _ in range(2)]
    assert [r.exit_code for r in runs] == [0, 0], runs[0].output
    assert runs[0].stdout_bytes == runs[1].stdout_bytes
    expected = queries.run(dataset.load().store, queries.load_file(query))
    assert runs[0].stdout_bytes == render(expected, fmt)
    assert "b0" in runs[0].output and "b1" in runs[0].output


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_literals_that_look_like_blank_nodes_are_written_as_they_are(
    tmp_path: Path, fmt: str
) -> None:
    query = tmp_path / "lookalikes.rq"
    query.write_text(LOOKALIKES)
    result = CliRunner().invoke(cli, ["query", str(query), "-f", fmt])
    assert result.exit_code == 0, result.output
    expected = queries.run(dataset.load().store, queries.load_file(query))
    assert result.stdout_bytes == render(expected, fmt)
    assert "_:b7" in result.output and "bnode" in result.output
