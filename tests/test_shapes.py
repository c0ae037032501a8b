"""The SHACL shapes: every constraint rejects the fixture that names it, every constraint has
such a fixture, and the bundled data conforms.

Each file in ``tests/fixtures/invalid/`` starts with one or more lines

    # expect: shapes:ProjectShape sh:InConstraintComponent coekg:status

(node shape, constraint component, property or ``-``) and adds resources that break exactly
those constraints to the made-up world of ``tests/fixtures/valid/world.ttl``, which itself
conforms. All fixtures are validated in one run, together with the world and the ontology,
by each validation engine (pySHACL, the reference, and the fast compiled engine),
and each finding is traced to a fixture by the data file the report names for it (the
file describing the resource, or for dataset-wide checks the file using the offending
term). That is sound because each fixture only adds resources of its own, referring to
the world's or its own (checked below), so fixtures cannot affect each other's findings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from coekg import namespaces, project, resources
from coekg.project import bundled
from coekg.validation.findings import Finding, Report
from coekg.validation.graph import shapes_graph
from coekg.validation.report import compact
from coekg.validation.validate import ENGINES, validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
WORLD = FIXTURES / "valid" / "world.ttl"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
DATA = resources.rdf_files(resources.data_dir())

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = {**namespaces.PREFIXES, "shapes": namespaces.SHAPES}
#: constraint parameter -> the component it belongs to (those the shapes use)
COMPONENTS = {
    "minCount": "MinCount",
    "maxCount": "MaxCount",
    "datatype": "Datatype",
    "class": "Class",
    "nodeKind": "NodeKind",
    "pattern": "Pattern",
    "languageIn": "LanguageIn",
    "uniqueLang": "UniqueLang",
    "in": "In",
    "or": "Or",
    "minInclusive": "MinInclusive",
    "qualifiedMaxCount": "QualifiedMaxCount",
    "qualifiedMinCount": "QualifiedMinCount",
    "closed": "Closed",
    "sparql": "SPARQL",
}
#: parameters that are not constraints
NOT_CONSTRAINTS = {
    "path",
    "message",
    "severity",
    "property",
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "qualifiedValueShape",
    "ignoredProperties",
    "flags",
    "name",
    "description",
}

Constraint = tuple[str, str, "str | None"]  # node shape, component, property
#: components whose results name a property that the constraint itself does not
NODE_LEVEL = ("SPARQLConstraintComponent", "ClosedConstraintComponent")


def expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {name!r}")
    return PREFIXES[prefix] + local


def expectations(path: Path) -> set[Constraint]:
    found: set[Constraint] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"# expect: (\S+) (\S+) (\S+)\s*$", line)
        if m:
            shape, component, prop = m.groups()
            found.add(
                (
                    expand(shape),
                    expand(component).removeprefix(SH),
                    None if prop == "-" else expand(prop),
                )
            )
    return found


def observed(findings: list[Finding]) -> set[Constraint]:
    return {(f.node_shape or "", f.component or "", f.path) for f in findings}


def declared_constraints() -> set[Constraint]:
    """Every constraint in the shapes graph: (node shape, component, path or None).

    SPARQL-based constraints are counted once per node shape, without a path (the query,
    not the shape, decides which property a result names).
    """
    import rdflib

    g = shapes_graph(bundled().shape_files())
    sh = rdflib.Namespace(SH)
    out: set[Constraint] = set()
    for node_shape in set(g.subjects(rdflib.RDF.type, sh.NodeShape)):
        shapes = [(node_shape, None)] + [
            (ps, str(g.value(ps, sh.path))) for ps in g.objects(node_shape, sh.property)
        ]
        for shape, path in shapes:
            for p in set(g.predicates(shape, None)):
                if not str(p).startswith(SH):
                    continue
                local = str(p).removeprefix(SH)
                if local in NOT_CONSTRAINTS:
                    continue
                assert local in COMPONENTS, f"{shape}: no fixture convention for sh:{local}"
                component = COMPONENTS[local] + "ConstraintComponent"
                out.add((str(node_shape), component, None if local == "sparql" else path))
    return out


@pytest.fixture(scope="module", params=ENGINES)
def fixture_report(request: pytest.FixtureRequest) -> Report:
    return validate(
        project.bundled().load([WORLD, *INVALID]), bundled().shape_files(), engine=request.param
    )


@pytest.fixture(scope="module")
def by_file(fixture_report: Report) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in fixture_report.findings:  # files are shown relative to the current folder
        out[str(Path(f.file).resolve()) if f.file else ""].append(f)
    return out


def test_there_are_fixtures() -> None:
    assert WORLD.is_file()
    assert len(INVALID) > 100


def test_the_world_conforms_and_every_finding_has_its_fixture(
    by_file: dict[str, list[Finding]],
) -> None:
    assert by_file.get(str(WORLD), []) == []
    assert by_file.get("", []) == [], "findings that no fixture file explains"


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_fixture_is_rejected_by_the_constraints_it_names(
    fixture: Path, by_file: dict[str, list[Finding]]
) -> None:
    expected = expectations(fixture)
    assert expected, f"{fixture.name}: no '# expect:' line"
    got = by_file.get(str(fixture), [])
    assert observed(got) == expected, "\n".join(
        f"{f.node_shape} {f.component} {f.path}: {f.message}" for f in got
    )


def test_every_constraint_has_a_fixture() -> None:
    named: set[Constraint] = set()
    for fixture in INVALID:
        for shape, component, prop in expectations(fixture):
            named.add((shape, component, None if component in NODE_LEVEL else prop))
    missing = sorted(declared_constraints() - named, key=str)
    assert not missing, "constraints without a fixture:\n" + "\n".join(map(str, missing))


def test_every_expectation_names_a_constraint_of_the_shapes() -> None:
    declared = declared_constraints()
    for fixture in INVALID:
        for shape, component, prop in expectations(fixture):
            key = (shape, component, None if component in NODE_LEVEL else prop)
            assert key in declared, f"{fixture.name}: no such constraint {key}"


def test_fixture_names_start_with_the_shape_they_trip() -> None:
    for fixture in INVALID:
        shape = fixture.stem.split("--")[0]
        assert (namespaces.SHAPES + shape) in {s for s, _c, _p in expectations(fixture)}, fixture


def _subjects_and_objects(path: Path) -> tuple[set[str], set[str]]:
    import pyoxigraph as ox

    subjects: set[str] = set()
    objects: set[str] = set()
    for q in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE):
        subjects.add(str(q.subject))
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(namespaces.ID):
            objects.add(str(q.object))
    return subjects, objects


def test_fixtures_add_resources_of_their_own_and_refer_only_to_the_world() -> None:
    world, _ = _subjects_and_objects(WORLD)
    owner: dict[str, str] = {}
    untyped = {f"<{namespaces.ID}place/nowhere-described>"}  # the untyped-resource fixture
    for fixture in INVALID:
        subjects, objects = _subjects_and_objects(fixture)
        for s in subjects:
            assert s not in world, f"{fixture.name} adds to the world's {s}"
            assert s not in owner, f"{fixture.name} and {owner[s]} both describe {s}"
            owner[s] = fixture.name
        strays = objects - world - subjects - untyped
        assert not strays, f"{fixture.name} refers to {strays}"


def test_every_constraint_has_a_message_and_a_severity() -> None:
    import rdflib

    g = shapes_graph(bundled().shape_files())
    sh = rdflib.Namespace(SH)
    for node_shape in set(g.subjects(rdflib.RDF.type, sh.NodeShape)):
        own = {p for p in g.predicates(node_shape, None)} - {sh.property}
        if any(str(p).removeprefix(SH) in COMPONENTS for p in own):
            assert (node_shape, sh.severity, None) in g, node_shape
            if sh.sparql not in own:
                assert (node_shape, sh.message, None) in g, node_shape
        for c in g.objects(node_shape, sh.sparql):
            assert (c, sh.message, None) in g, c
        for ps in g.objects(node_shape, sh.property):
            assert (ps, sh.severity, None) in g, ps
            message = str(g.value(ps, sh.message) or "")
            assert message, ps
            assert compact(str(g.value(ps, sh.path))) in message, (ps, message)


def _classes_used_in(paths: list[Path]) -> set[str]:
    import pyoxigraph as ox

    used: set[str] = set()
    for path in paths:
        for q in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE):
            if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
                used.add(q.object.value)
    return used


def test_every_class_used_in_the_data_and_the_world_is_a_target() -> None:
    """A node shape names each class in sh:targetClass, and shapes:ResourceShape reaches it
    through its own targets and the ontology's subclass axioms."""
    import rdflib

    g = shapes_graph(bundled().shape_files())
    sh = rdflib.Namespace(SH)
    targets = {str(c) for c in g.objects(None, sh.targetClass)}
    roots = set(g.objects(rdflib.URIRef(namespaces.SHAPES + "ResourceShape"), sh.targetClass))
    ontology = rdflib.Graph()
    for path in resources.rdf_files(resources.ontology_dir()):
        ontology.parse(path)
    for cls in sorted(_classes_used_in([*DATA, WORLD])):
        assert cls in targets, f"no node shape has sh:targetClass <{cls}>"
        supers = set(ontology.transitive_objects(rdflib.URIRef(cls), rdflib.RDFS.subClassOf))
        assert supers & roots, f"shapes:ResourceShape does not reach <{cls}>"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_shapes_need_the_ontology(engine: str) -> None:
    """Without the ontology mixed in, sh:class sees no subclasses and the declared-term
    check finds none of the ontology's individuals declared: the world, which conforms with
    it, fails without it."""
    report = validate(
        project.bundled().load([WORLD], ontology=False), bundled().shape_files(), engine=engine
    )
    found = {(f.node_shape, f.component, f.path) for f in report.findings}
    participant = (
        namespaces.SHAPES + "EventShape",
        "ClassConstraintComponent",
        namespaces.DEF + "participant",
    )
    assert participant in found
    undeclared = {
        f.value for f in report.findings if f.node_shape == namespaces.SHAPES + "DeclaredTermShape"
    }
    assert {namespaces.DEF + "Completed", namespaces.DEF + "Exactly"} <= undeclared


#: (start, end, whether the end is before the start) for dates of every precision
PERIODS = [
    ("2021-06", "2021", False),
    ("2021", "2021-06", False),
    ("2021-06-15", "2021-06", False),
    ("2021-06-30", "2021-06-30", False),
    ("2021-06", "2021-05-31", True),
    ("2022", "2021-12-31", True),
    ("2021-06-02", "2021-06-01", True),
    ("2021-07", "2021-06", True),
]


@pytest.mark.parametrize("engine", ENGINES)
def test_end_before_start_respects_precision(tmp_path: Path, engine: str) -> None:
    """A 2021 end is not before a 2021-06 start: dates compare as the days they span."""

    def literal(d: str) -> str:
        kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(d)]
        return f'"{d}"^^xsd:{kind}'

    lines = [WORLD.read_text(encoding="utf-8")]
    for i, (start, end, _before) in enumerate(PERIODS):
        lines.append(
            f"<activity/period-{i}> a coekg:Activity ;\n"
            f'    rdfs:label "Period {i}"@en ;\n'
            f'    dcterms:description "From {start} to {end}."@en ;\n'
            f"    coekg:startDate {literal(start)} ;\n"
            f"    coekg:endDate {literal(end)} ;\n"
            "    coekg:sourceSection <section/world> .\n"
        )
    world = tmp_path / "periods.ttl"
    world.write_text("\n".join(lines), encoding="utf-8")
    report = validate(project.bundled().load([world]), bundled().shape_files(), engine=engine)
    assert {f.node_shape for f in report.findings} <= {namespaces.SHAPES + "PeriodShape"}
    flagged = {f.focus for f in report.findings}
    for i, (start, end, before) in enumerate(PERIODS):
        assert (f"{namespaces.ID}activity/period-{i}" in flagged) is before, (start, end)


@pytest.fixture(scope="module", params=ENGINES)
def data_report(request: pytest.FixtureRequest) -> Report:
    return validate(project.bundled().load(), bundled().shape_files(), engine=request.param)


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_data_file_conforms(path: Path, data_report: Report) -> None:
    mine = [f for f in data_report.violations if f.file and Path(f.file).resolve() == path]
    assert not mine, "\n".join(f"<{f.focus}> {f.path}: {f.message} ({f.value})" for f in mine)


def test_bundled_data_has_no_violation_and_no_warning(data_report: Report) -> None:
    assert data_report.findings == [], "\n".join(
        f"{f.severity} {f.file} <{f.focus}> {f.path}: {f.message} ({f.value})"
        for f in data_report.findings
    )
