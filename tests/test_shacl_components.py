"""Every constraint component the compiled SHACL engine registers has a pair of fixtures, and
both engines, ours and pySHACL, give the same results and messages on each.

For a unit named NAME in :data:`coekg.shacl.components.COMPONENTS`, the folder
``tests/fixtures/shacl-engine/components/`` holds ``NAME.shapes.ttl`` (shapes using each of
the unit's parameters, without ``sh:message`` so that pySHACL's generic messages are
compared), ``NAME.valid.ttl`` (data that conforms) and ``NAME.invalid.ttl`` (data with
at least one result of each component the unit reports). The engine must compile the
shapes itself: a shape handed to pySHACL would compare pySHACL with itself.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from coekg.shacl.components import COMPONENTS, Component
from tests import shacl_compare

FOLDER = Path(__file__).resolve().parent / "fixtures" / "shacl-engine" / "components"
KINDS = ("shapes", "valid", "invalid")


def fixture(component: Component, kind: str) -> Path:
    return FOLDER / f"{component.name}.{kind}.ttl"


def triples(path: Path) -> list[ox.Triple]:
    return sorted({q.triple for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE)}, key=str)


def same_as_pyshacl(data: Path, shapes: Path) -> shacl_compare.Results:
    outcome, ours, theirs = shacl_compare.compare(triples(data), [shapes])
    assert outcome.fallback == {}, "the engine does not compile these shapes itself"
    assert shacl_compare.keys(ours) == shacl_compare.keys(theirs), shacl_compare.differences(
        ours, theirs
    )
    assert ours == theirs, shacl_compare.differences(ours, theirs)
    return ours


def test_every_fixture_is_of_a_registered_component() -> None:
    """No fixture left behind by a component taken out of the table (or misnamed)."""
    registered = {f"{c.name}.{kind}.ttl" for c in COMPONENTS for kind in KINDS}
    found = {p.name for p in FOLDER.iterdir()}
    assert found == registered, f"not registered: {found - registered}"


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.name)
def test_shapes_use_every_parameter(component: Component) -> None:
    missing = [kind for kind in KINDS if not fixture(component, kind).exists()]
    assert not missing, f"{component.name} has no {', '.join(missing)} fixture"
    shapes = rdflib.Graph().parse(fixture(component, "shapes"), format="turtle")
    used = {str(p).removeprefix(str(rdflib.SH)) for p in shapes.predicates()}
    assert set(component.parameters) <= used, set(component.parameters) - used
    assert (None, rdflib.SH.message, None) not in shapes or component.name == "sparql"


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.name)
def test_valid_fixture_conforms_in_both_engines(component: Component) -> None:
    found = same_as_pyshacl(fixture(component, "valid"), fixture(component, "shapes"))
    assert not found, shacl_compare.differences(found, shacl_compare.Counter())


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.name)
def test_invalid_fixture_gives_pyshacls_results(component: Component) -> None:
    found = same_as_pyshacl(fixture(component, "invalid"), fixture(component, "shapes"))
    assert found, "the invalid fixture conforms"
    reported = {key[4] for key in shacl_compare.keys(found)}
    assert set(component.reports) <= reported, set(component.reports) - reported
