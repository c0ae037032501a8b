"""The compiled SHACL engine (coekg.shacl) reports exactly what pySHACL reports.

Compared as multisets of (focus node, path, value, source shape, constraint component,
severity), with their messages, by ``tests/shacl_compare.py``, which reads both engines'
results with its own code: on every invalid fixture together with the made-up world and
the bundled data (end to end, through ``coekg.validation.validate.validate`` with both
engines), on synthetic data of several seeds with injected faults, on the project's shapes
without their ``sh:message`` (so that pySHACL's generic messages are compared), and on the
engine's own fixtures in ``tests/fixtures/shacl-engine/`` for the constructs the project's
shapes do not use (``tests/test_shacl_components.py`` has one pair of fixtures per
constraint component).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from coekg import project, resources
from coekg.cli import cli
from coekg.project import bundled
from coekg.shacl import engine
from coekg.shacl.literals import build_store, decode
from coekg.shacl.run import validate_triples
from coekg.synth.faults import HARMLESS, KINDS, Fault, inject
from coekg.synth.generator import generate
from coekg.validation.graph import validation_triples
from coekg.validation.validate import ENGINES, validate
from tests import shacl_compare

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
ENGINE = FIXTURES / "shacl-engine"
SHAPES = resources.rdf_files(resources.shapes_dir())
DATASET = "https://w3id.org/coekg/dataset"


def assert_same_as_pyshacl(
    triples: list[ox.Triple], shape_files: list[Path]
) -> Counter[shacl_compare.Key]:
    """The compiled engine and pySHACL give the same results and messages; the results."""
    _outcome, ours, theirs = shacl_compare.compare(triples, shape_files)
    assert shacl_compare.keys(ours) == shacl_compare.keys(theirs), shacl_compare.differences(
        ours, theirs
    )
    assert ours == theirs, shacl_compare.differences(ours, theirs)
    return shacl_compare.keys(ours)


def _triples(*paths: Path) -> list[ox.Triple]:
    out: set[ox.Triple] = set()
    for p in paths:
        out.update(q.triple for q in ox.parse(path=p, format=ox.RdfFormat.TURTLE))
    return sorted(out, key=str)


@pytest.mark.slow
def test_fixtures_and_bundled_data_give_pyshacls_findings() -> None:
    """Every invalid fixture, the world they extend and the bundled data, in one graph."""
    invalid = sorted((FIXTURES / "invalid").glob("*.ttl"))
    kg = project.bundled().load(
        [*resources.rdf_files(resources.data_dir()), FIXTURES / "valid" / "world.ttl", *invalid]
    )
    fast = validate(kg, bundled().shape_files(), engine="fast")
    reference = validate(kg, bundled().shape_files(), engine="pyshacl")
    assert fast.findings == reference.findings
    assert len(fast.findings) >= len(invalid)


def faulted(
    tmp_path: Path, size: int, seed: int, fault_seed: int
) -> tuple[list[ox.Triple], list[Fault]]:
    """A synthetic graph with 14 injected faults, the ontology mixed in as validation does."""
    synthetic = tmp_path / "synthetic.ttl"
    with synthetic.open("wb") as f:
        generate(size, f, seed=seed, fmt="turtle")
    kg = project.bundled().load([synthetic])
    triples, faults = inject(sorted(validation_triples(kg), key=str), 14, seed=fault_seed)
    return triples, list(faults)


#: (triples, seed of the synthetic graph, seed of the faults)
SEEDS = [(3000, 5, 1), (2000, 7, 2), (2000, 11, 3)]


@pytest.mark.slow
@pytest.mark.parametrize(("size", "seed", "fault_seed"), SEEDS)
def test_injected_faults_give_pyshacls_findings(
    tmp_path: Path, size: int, seed: int, fault_seed: int
) -> None:
    triples, faults = faulted(tmp_path, size, seed, fault_seed)
    assert {f.kind for f in faults} == set(KINDS)
    found = assert_same_as_pyshacl(triples, SHAPES)
    focus = {key[0].strip("<>") for key in found}
    values = {key[2].strip("<>") for key in found}
    for fault in faults:
        caught = fault.evidence in focus or fault.evidence in values
        assert caught != (fault.kind in HARMLESS), fault
    # an end moved before the start also puts the project's events outside its period
    broken = {f.subject for f in faults}
    events = {
        t.subject.value
        for t in triples
        if t.predicate.value.endswith("#relatedProject") and t.object.value in broken
    }
    stray = [k for k in found if k[0].strip("<>") not in broken | events | {DATASET}]
    assert not stray, "findings on resources that were not broken"


@pytest.mark.parametrize("name", ["core", "nested", "literals", "fallback"])
def test_engine_fixtures_give_pyshacls_findings(name: str) -> None:
    shapes = [ENGINE / f"{name}.shapes.ttl"]
    found = assert_same_as_pyshacl(_triples(ENGINE / f"{name}.data.ttl"), shapes)
    assert found, "the fixture data breaks its shapes"


@pytest.mark.parametrize("name", ["core", "nested", "literals", "project"])
def test_scanning_a_predicate_finds_what_looking_up_each_focus_node_finds(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine scans a predicate with few triples for its focus set, and judges each
    distinct value once, rather than look up each focus node: both ways, the same results
    (the engine's fixtures, and the project's shapes on a faulted synthetic graph)."""
    if name == "project":
        triples, shapes = faulted(tmp_path, 2000, 7, 2)[0], SHAPES
    else:
        triples, shapes = _triples(ENGINE / f"{name}.data.ttl"), [ENGINE / f"{name}.shapes.ttl"]
    found = []
    for factor in (0, 10**9):  # never scan, always scan (a predicate path)
        monkeypatch.setattr(engine, "SCAN_FACTOR", factor)
        found.append(shacl_compare.coekg_results(validate_triples(triples, shapes)))
    assert found[0] == found[1]
    assert found[0], "the data breaks its shapes"


@pytest.fixture(scope="module")
def shapes_without_messages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's shapes without sh:message: every result gets pySHACL's generic one."""
    g = rdflib.Graph()
    for f in SHAPES:
        g.parse(f, format="turtle")
    assert (None, rdflib.SH.message, None) in g
    g.remove((None, rdflib.SH.message, None))
    out = tmp_path_factory.mktemp("shapes") / "no-messages.ttl"
    g.serialize(out, format="turtle")
    return out


@pytest.mark.slow
def test_generic_messages_of_the_project_shapes(
    shapes_without_messages: Path, tmp_path: Path
) -> None:
    """Faulted synthetic data and some invalid fixtures, against shapes without messages."""
    triples, _faults = faulted(tmp_path, 2000, 3, 4)
    invalid = [
        FIXTURES / "invalid" / f"{name}.ttl"
        for name in [
            "ContactPointShape--website-mailto",
            "MonetaryAmountShape--amount-negative",
            "PeriodShape--end-before-start",
            "ResourceShape--label-only-in-french",
            "ResourceShape--two-ontology-classes",
            "StatedFigureShape--qualifier-unknown",
            "TreatyShape--treaty-number-without-series",
        ]
    ]
    kg = project.bundled().load([FIXTURES / "valid" / "world.ttl", *invalid])
    triples += validation_triples(kg)
    found = assert_same_as_pyshacl(sorted(set(triples), key=str), [shapes_without_messages])
    components = {key[4] for key in found}
    assert {"MinCountConstraintComponent", "ClassConstraintComponent"} <= components
    assert len(components) >= 8, components


def test_blank_node_shapes_are_named_by_content() -> None:
    """The comparison's premise: a shape without an IRI gets the same name from coekg's
    reading of the shapes as from rdflib's, and different shapes get different names."""
    shapes = ENGINE / "core.shapes.ttl"
    outcome = validate_triples([], [shapes])
    ours = shacl_compare.graph_of(outcome.sg.triples)
    theirs = rdflib.Graph().parse(shapes, format="turtle")

    def names(g: rdflib.Graph) -> Counter[str]:
        blank = {s for s in g.subjects(rdflib.SH.path, None) if isinstance(s, rdflib.BNode)}
        return Counter(shacl_compare.shape_name(g, s) for s in blank)

    assert names(ours) == names(theirs)
    assert len(names(ours)) == sum(names(ours).values()) > 10


def test_generic_message_naming_a_blank_node_of_the_data(tmp_path: Path) -> None:
    """pySHACL writes a blank node of the data with its triples; the query that read them
    substituted a variable Oxigraph does not substitute (it is not projected), and the
    engine stopped with a RuntimeError."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:S sh:targetObjectsOf ex:p ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text("<http://example.org/a> <http://example.org/p> [ <http://example.org/q> 1 ] .")
    assert_same_as_pyshacl(_triples(data), [shapes])
    outcome = validate_triples(_triples(data), [shapes])
    assert [outcome.messages(r) for r in outcome.results] == [
        (
            'Less than 1 values on [ <http://example.org/q> Literal("1", '
            "datatype=xsd:integer) ]->ex:name",
        )
    ]


def test_uncompiled_shapes_go_to_pyshacl_and_say_so() -> None:
    outcome = validate_triples(
        _triples(ENGINE / "fallback.data.ttl"), [ENGINE / "fallback.shapes.ttl"]
    )
    assert list(outcome.fallback) == ["http://example.org/TitleShape"]
    assert "custom constraint components" in outcome.fallback["http://example.org/TitleShape"]
    assert {r.component for r in outcome.results} == {
        "MinCountConstraintComponent",
        "http://example.org/MaxWords",
    }


def test_project_shapes_compile_without_pyshacl() -> None:
    outcome = validate_triples(_triples(FIXTURES / "valid" / "world.ttl"), SHAPES)
    assert outcome.fallback == {}
    assert outcome.queries > 0


def test_literals_stay_as_pyshacl_reads_them() -> None:
    """An Oxigraph store reads "5"^^xsd:positiveInteger back as xsd:integer; rdflib reads
    "+0012"^^xsd:integer as "12" and "TRUE"^^xsd:boolean as an ill-typed "true"."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    given = [
        ox.Literal("5", datatype=ox.NamedNode(xsd + "positiveInteger")),
        ox.Literal("+0012", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("TRUE", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("2021-02-30", datatype=ox.NamedNode(xsd + "date")),
    ]
    store, _codec = build_store([ox.Triple(s, p, o) for o in given])
    read = sorted(str(decode(q.object)) for q in store)
    assert read == sorted(
        [
            f'"5"^^<{xsd}positiveInteger>',
            f'"12"^^<{xsd}integer>',
            f'"true"^^<{xsd}boolean>',
            f'"2021-02-30"^^<{xsd}date>',
        ]
    )


def test_cli_engine_option(tmp_path: Path) -> None:
    """``--engine fast`` conforms on conforming synthetic data and gives the report of
    ``--engine pyshacl``, byte for byte, on data that breaks a shape (where an engine that
    finds nothing would differ); an unknown engine is a usage error."""
    data = tmp_path / "data.ttl"
    with data.open("wb") as f:
        generate(1200, f, seed=2, fmt="turtle")
    world = FIXTURES / "valid" / "world.ttl"
    bad = FIXTURES / "invalid" / "ProjectShape--status-unknown.ttl"
    runner = CliRunner()

    def report(engine: str, *paths: Path) -> tuple[int, str]:
        args = ["validate", "--engine", engine, "-f", "json", *map(str, paths)]
        result = runner.invoke(cli, args)
        return result.exit_code, result.stdout

    clean = report("fast", data)
    assert clean[0] == 0 and json.loads(clean[1])["conforms"] is True
    broken = report("fast", world, bad)
    assert broken == report("pyshacl", world, bad)
    assert broken[0] == 1
    doc = json.loads(broken[1])
    assert (doc["conforms"], doc["violations"], doc["warnings"]) == (False, 1, 0)
    (resource,) = doc["resources"]
    assert resource["resource"] == "https://w3id.org/coekg/id/project/qualifier-status"
    assert [f["component"] for f in resource["findings"]] == ["InConstraintComponent"]
    result = runner.invoke(cli, ["validate", "--engine", "nope", "--data", str(data)])
    assert result.exit_code == 2, result.output
    assert "'nope' is not one of 'fast', 'pyshacl'" in result.stderr


NODE_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property [ sh:path ex:knows ; sh:node ex:NamedShape ] .
ex:NamedShape a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_results_nested_by_sh_node_are_not_findings(engine: str, tmp_path: Path) -> None:
    """In place of the bundled shapes: one sh:node constraint, whose pySHACL result nests
    the result of the node shape (sh:detail)."""
    shapes = tmp_path / "node.ttl"
    shapes.write_text(NODE_SHAPES, encoding="utf-8")
    data = tmp_path / "people.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> .\nex:a a ex:Person ; ex:knows ex:b .\n",
        encoding="utf-8",
    )
    report = validate(project.bundled().load([data]), [shapes], engine=engine)
    assert [(f.focus, f.component, f.value, f.file) for f in report.findings] == [
        ("http://example.org/a", "NodeConstraintComponent", "http://example.org/b", str(data))
    ]
