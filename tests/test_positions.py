"""The position-aware reading of RDF files: every statement of the data, and of each export
format that keeps lines, is found at the line that writes its value."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.rdf.dataset import read_bytes
from coekg.rdf.positions import file_positions

ROOT = Path(__file__).resolve().parents[1]
DATA = sorted((ROOT / "data").glob("*.ttl"))
OXFORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}


def _check(path: Path, fmt: str) -> int:
    data = read_bytes(path)
    positions = file_positions(path, fmt, data)
    lines = data.decode("utf-8").splitlines()
    checked = 0
    for q in ox.parse(data, OXFORMATS[fmt], base_iri=path.resolve().as_uri()):
        if not isinstance(q.subject, ox.NamedNode) or isinstance(q.object, ox.BlankNode):
            continue
        value = q.object.value
        line = positions.line(q.subject.value, q.predicate.value, value)
        assert line is not None, q
        # the line writes the value: an IRI's last segment, or a literal's first word
        tail = value.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
        word = (value.split() or [""])[0].replace('"', "")
        text = lines[line - 1]
        assert (tail and tail in text) or (word and word[:12] in text) or fmt == "xml", (q, text)
        checked += 1
    return checked


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_every_statement_of_the_data_has_its_line(path: Path) -> None:
    assert _check(path, "turtle") > 10


@pytest.mark.parametrize("fmt", OXFORMATS)
def test_every_statement_of_an_export_has_its_line(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert CliRunner().invoke(cli, ["export", "--format", fmt, "-o", str(out)]).exit_code == 0
    assert _check(out, fmt) > 2000
