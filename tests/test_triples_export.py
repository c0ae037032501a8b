"""The fast N-Triples/Turtle export writes the same bytes as the general serialiser."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coekg import dataset, export, triples_export
from coekg.synth import generate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "export-order"


def _both(kg: dataset.KnowledgeGraph, fmt: str) -> tuple[bytes, bytes]:
    general, fast = io.BytesIO(), io.BytesIO()
    export.serialize_quads(kg.quads(), fmt, general)
    triples_export.write(kg, fmt, fast)
    return general.getvalue(), fast.getvalue()


@pytest.mark.parametrize("fmt", ["nt", "turtle"])
def test_tricky_terms_and_graphs(fmt: str) -> None:
    kg = dataset.load(sorted(FIXTURES.iterdir()))
    general, fast = _both(kg, fmt)
    assert general == fast
    assert general.count(b"_:") > 0


@pytest.mark.parametrize("fmt", ["nt", "turtle"])
def test_bundled_and_synthetic_data(fmt: str, tmp_path: Path) -> None:
    data = tmp_path / "synthetic.ttl"
    with data.open("wb") as f:
        generate(20_000, f, seed=4, fmt="turtle")
    for kg in (dataset.load(), dataset.load([data])):
        general, fast = _both(kg, fmt)
        assert general == fast
