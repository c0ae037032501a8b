"""The ontology and the data are consistent for the HermiT reasoner, and deliberately
inconsistent fixtures are reported as such.

HermiT comes with PyPI's owlready2 and runs on Java. The graph goes to a fresh owlready2
World through the N-Triples export (the same triples any user downloads); ``xsd:date``,
``xsd:gYear`` and ``xsd:gYearMonth`` are outside the OWL 2 datatype map, hence
``ignore_unsupported_datatypes=True``. One reasoner run per case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coekg import project
from coekg.rdf import dataset
from coekg.rdf.export import export
from tests.requirements import need_module, need_tool

ROOT = Path(__file__).resolve().parents[1]
INCONSISTENT = sorted((ROOT / "tests" / "fixtures" / "inconsistent").glob("*.ttl"))

pytestmark = pytest.mark.reasoner


@pytest.fixture(autouse=True)
def _hermit() -> None:
    """HermiT comes with owlready2 and runs on Java: both must be there."""
    need_module("owlready2")
    need_tool("java")


def world_of(kg: dataset.KnowledgeGraph, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh owlready2 World holding the N-Triples export of ``kg``."""
    import owlready2

    nt = tmp_path / "graph.nt"
    with nt.open("wb") as handle:
        export(kg, "nt", handle)
    world = owlready2.World()
    world.get_ontology(nt.as_uri()).load()
    return world


def reason(world) -> None:  # type: ignore[no-untyped-def]
    import owlready2

    owlready2.sync_reasoner(
        world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
    )


def count(world, query: str) -> int:  # type: ignore[no-untyped-def]
    (row,) = world.sparql(query)
    return int(row[0])


def test_ontology_and_data_are_consistent(tmp_path: Path) -> None:
    world = world_of(project.bundled().load(queries=False), tmp_path)
    people = count(
        world,
        "SELECT (COUNT(?x) AS ?n) WHERE { ?x a <https://w3id.org/coekg/def#Person> }",
    )
    assert people > 0, "the data did not reach the reasoner"
    reason(world)
    assert list(world.inconsistent_classes()) == []


def test_there_are_inconsistent_fixtures() -> None:
    assert INCONSISTENT


@pytest.mark.parametrize("fixture", INCONSISTENT, ids=lambda p: p.stem)
def test_inconsistent_fixture_is_reported(fixture: Path, tmp_path: Path) -> None:
    import owlready2

    world = world_of(project.bundled().load([fixture], queries=False), tmp_path)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(world)
