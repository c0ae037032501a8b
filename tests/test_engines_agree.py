"""Anyone can reproduce coekg's verdict with the published files and SHACL engines we did
not write: pySHACL's command line and pyrudof (a SHACL engine in Rust), given the shapes,
the ontology and the data (or any export), conform; and every invalid fixture that
``coekg validate`` rejects, they reject too.

The recipe, as the README gives it::

    pyshacl -s shapes/coekg-shapes.ttl -e ontology/coekg.ttl coekg.ttl

pyrudof validates only the default graph of an N-Quads or TriG file, so it is given the
flat exports (Turtle, N-Triples, RDF/XML); pySHACL reads every format, JSON-LD included
(the export embeds its context, so it is read offline).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from coekg import namespaces
from coekg.cli import cli
from tests.requirements import need_module

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "shapes" / "coekg-shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "coekg.ttl"
WORLD = ROOT / "tests" / "fixtures" / "valid" / "world.ttl"
INVALID = sorted((ROOT / "tests" / "fixtures" / "invalid").glob("*.ttl"))
FORMATS = {
    "turtle": ".ttl",
    "nt": ".nt",
    "nq": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "xml": ".rdf",
}
FLAT = ("turtle", "nt", "xml")
SH = "http://www.w3.org/ns/shacl#"


def pyshacl_report(data: Path) -> ox.Store:
    """The SHACL report of pySHACL's command line on ``data`` (exit 0 or 1), as a store."""
    cli_path = Path(sys.executable).with_name("pyshacl")
    # pySHACL guesses a data file's format from its suffix, but not .jsonld's
    given = ["-df", "json-ld"] if data.suffix == ".jsonld" else []
    done = subprocess.run(
        [str(cli_path), "-s", str(SHAPES), "-e", str(ONTOLOGY), *given, "-f", "turtle", str(data)],
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode()
    store = ox.Store()
    store.load(done.stdout, format=ox.RdfFormat.TURTLE)
    return store


def pyshacl_conforms(report: ox.Store) -> bool:
    (row,) = report.query(f"SELECT ?c WHERE {{ ?r <{SH}conforms> ?c }}")
    return row[0].value == "true"


def pyrudof_results(*data: Path) -> tuple[bool, list[tuple[str, str | None]]]:
    """pyrudof's verdict on the ontology and ``data``, and its results' (focus, value)."""
    pyrudof = need_module("pyrudof")
    formats = {".ttl": "Turtle", ".nt": "NTriples", ".rdf": "RdfXml"}
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    strict = pyrudof.ReaderMode.Strict
    rudof.read_data(str(ONTOLOGY), format=pyrudof.RDFFormat.Turtle, reader_mode=strict)
    for path in data:
        fmt = getattr(pyrudof.RDFFormat, formats[path.suffix])
        rudof.read_data(str(path), format=fmt, merge=True, reader_mode=strict)
    rudof.read_shacl(str(SHAPES))
    report = rudof.validate_shacl()
    found = [(str(v.focus_node), None if v.value is None else str(v.value)) for v in report]
    return bool(report.conforms), found


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    out = {}
    for fmt, suffix in FORMATS.items():
        path = folder / f"coekg{suffix}"
        result = CliRunner().invoke(cli, ["export", "--format", fmt, "-o", str(path)])
        assert result.exit_code == 0, result.output
        out[fmt] = path
    data = folder / "data.ttl"  # data/*.ttl, as one file (Turtle allows prefixes again)
    data.write_text(
        "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.ttl"))),
        encoding="utf-8",
    )
    out["data"] = data
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", ["data", *FORMATS])
def test_pyshacl_cli_conforms_on_the_data_and_every_export(
    exports: dict[str, Path], name: str
) -> None:
    assert CliRunner().invoke(cli, ["validate", str(exports[name])]).exit_code == 0
    assert pyshacl_conforms(pyshacl_report(exports[name]))


@pytest.mark.parametrize("name", ["data", *FLAT])
def test_pyrudof_conforms_on_the_data_and_the_flat_exports(
    exports: dict[str, Path], name: str
) -> None:
    conforms, found = pyrudof_results(exports[name])
    assert conforms, found[:5]


def _subjects_and_terms(path: Path) -> tuple[set[str], set[str]]:
    """The resources a fixture describes (its own: no two fixtures share one), and every
    IRI it uses that the world does not describe."""
    subjects: set[str] = set()
    terms: set[str] = set()
    for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        if isinstance(q.subject, ox.NamedNode):
            subjects.add(q.subject.value)
        terms.add(q.predicate.value)
        if isinstance(q.object, ox.NamedNode):
            terms.add(q.object.value)
    world = {q.subject.value for q in ox.parse(path=WORLD, format=ox.RdfFormat.TURTLE)}
    return subjects, terms - world


def _rejected(found: list[tuple[str, str | None]]) -> list[str]:
    """The invalid fixtures that have a result: on a resource of theirs, or, for a check of
    the whole dataset, on a term they use."""
    focus_nodes = {focus.strip("<>") for focus, _ in found}
    dataset_values = {
        (value or "").strip("<>")
        for focus, value in found
        if focus.strip("<>") == namespaces.DATASET
    }
    rejected = []
    for fixture in INVALID:
        subjects, terms = _subjects_and_terms(fixture)
        if subjects & focus_nodes or terms & dataset_values:
            rejected.append(fixture.name)
    return rejected


@pytest.fixture(scope="module")
def all_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fixtures") / "fixtures.ttl"
    path.write_text(
        "\n".join(p.read_text(encoding="utf-8") for p in [WORLD, *INVALID]), encoding="utf-8"
    )
    return path


def test_coekg_rejects_every_invalid_fixture() -> None:
    result = CliRunner().invoke(cli, ["validate", "-f", "json", str(WORLD), *map(str, INVALID)])
    assert result.exit_code == 1
    assert CliRunner().invoke(cli, ["validate", str(WORLD)]).exit_code == 0


def test_pyrudof_rejects_every_invalid_fixture_coekg_rejects(all_fixtures: Path) -> None:
    conforms, found = pyrudof_results(all_fixtures)
    assert not conforms
    assert sorted(set(f.name for f in INVALID) - set(_rejected(found))) == []


@pytest.mark.slow
def test_pyshacl_cli_rejects_every_invalid_fixture_coekg_rejects(all_fixtures: Path) -> None:
    report = pyshacl_report(all_fixtures)
    assert not pyshacl_conforms(report)
    found = [
        (row[0].value, None if row[1] is None else str(row[1]).strip('"'))
        for row in report.query(
            f"SELECT ?f ?v WHERE {{ ?r <{SH}focusNode> ?f OPTIONAL {{ ?r <{SH}value> ?v }} }}"
        )
    ]
    assert sorted(set(f.name for f in INVALID) - set(_rejected(found))) == []
