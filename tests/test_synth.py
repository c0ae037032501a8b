"""``coekg synth``: deterministic, about the size asked for, conforming, obviously synthetic."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from coekg import namespaces, project
from coekg.cli import cli
from coekg.synth.generator import STATES, generate
from coekg.validation.validate import validate

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _bytes(triples: int, seed: int, fmt: str) -> bytes:
    out = io.BytesIO()
    generate(triples, out, seed=seed, fmt=fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["nt", "turtle"])
def test_same_seed_gives_identical_bytes(fmt: str) -> None:
    assert _bytes(4000, 7, fmt) == _bytes(4000, 7, fmt)
    assert _bytes(4000, 7, fmt) != _bytes(4000, 8, fmt)


@pytest.mark.parametrize("size", [1000, 5000, 40_000])
def test_size_is_close_to_the_request(size: int) -> None:
    out = io.BytesIO()
    count = generate(size, out, seed=1, fmt="nt")
    triples = list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == count == len(set(triples))
    assert size <= count <= size * 1.05


def test_turtle_and_ntriples_hold_the_same_graph() -> None:
    nt = set(ox.parse(_bytes(3000, 2, "nt"), format=ox.RdfFormat.N_TRIPLES))
    ttl = set(ox.parse(_bytes(3000, 2, "turtle"), format=ox.RdfFormat.TURTLE))
    assert nt == ttl


def test_shaped_like_the_data_and_obviously_synthetic() -> None:
    triples = list(ox.parse(_bytes(20_000, 3, "nt"), format=ox.RdfFormat.N_TRIPLES))
    subjects = {t.subject.value for t in triples}
    assert all(s.startswith(namespaces.ID) for s in subjects)
    types: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF_TYPE:
            types.setdefault(t.subject.value, set()).add(t.object.value)
    assert all(len(v) == 1 for v in types.values()), "one class per resource"
    classes = {c.removeprefix(namespaces.DEF) for v in types.values() for c in v}
    assert {
        "MemberState",
        "StateMembership",
        "Signature",
        "Ratification",
        "ActionPlan",
        "Programme",
        "Project",
        "Outcome",
        "QuantifiedOutcome",
        "Person",
        "PostHolding",
        "City",
        "Theme",
        "DocumentSection",
    } <= classes
    states = [s for s, v in types.items() if namespaces.DEF + "MemberState" in v]
    assert len(states) == STATES
    labels = [t.object.value for t in triples if t.predicate.value == LABEL]
    assert labels and all("ynthetic" in label for label in labels)


@pytest.mark.slow
def test_conforms_to_the_shapes_with_pyshacl(tmp_path: Path) -> None:
    data = tmp_path / "synthetic.ttl"
    data.write_bytes(_bytes(1000, 11, "turtle"))
    report = validate(
        project.bundled().load([data]), project.bundled().shape_files(), engine="pyshacl"
    )
    assert report.findings == []


def test_conforms_to_the_shapes_at_a_larger_size(tmp_path: Path) -> None:
    data = tmp_path / "synthetic.nt"
    data.write_bytes(_bytes(60_000, 12, "nt"))
    report = validate(
        project.bundled().load([data]), project.bundled().shape_files(), engine="fast"
    )
    assert report.findings == []


def test_cli_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    result = CliRunner().invoke(cli, ["synth", "--triples", "2000", "--seed", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == _bytes(2000, 3, "turtle")


def test_cli_refuses_an_unknown_suffix_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    result = CliRunner().invoke(cli, ["synth", "--triples", "2000", "-o", str(out)])
    assert result.exit_code == 2
    assert "unknown suffix" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_reports_an_unwritable_output(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "graph.nt"
    result = CliRunner().invoke(cli, ["synth", "--triples", "2000", "-o", str(out)])
    assert result.exit_code == 3
    assert "does not exist" in result.output
