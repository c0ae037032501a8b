"""Regression: an answer with blank nodes printed differently on every run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg import project
from coekg.cli import cli
from coekg.query import catalogue, evaluate
from coekg.query.results import render

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


def answer_and_reference(folder: Path, text: str, fmt: str) -> tuple[bytes, bytes]:
    """``coekg query`` of ``text`` in ``fmt``, and the same answer rendered from
    :class:`coekg.query.results.Results` (the path of a remote endpoint's answer)."""
    query = folder / "query.rq"
    query.write_text(text)
    result = CliRunner().invoke(cli, ["query", str(query), "-f", fmt])
    assert result.exit_code == 0, result.output
    expected = evaluate.run(project.bundled().load().store, catalogue.load_file(query))
    return result.stdout_bytes, render(expected, fmt)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_an_ordered_answer_with_blank_nodes_labels_them_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    first, reference = answer_and_reference(tmp_path, ORDERED, fmt)
    again, _ = answer_and_reference(tmp_path, ORDERED, fmt)
    assert first == again == reference
    assert b"b0" in first and b"b1" in first


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_literals_that_look_like_blank_nodes_are_written_as_they_are(
    tmp_path: Path, fmt: str
) -> None:
    answer, reference = answer_and_reference(tmp_path, LOOKALIKES, fmt)
    assert answer == reference
    assert b"_:b7" in answer and b"bnode" in answer
