"""Whatever ``coekg export`` writes reads back: validated as data it conforms, compressed
or not, and exported again it gives the same bytes.

An export holds the ontology and the query catalogue beside the data; read back as data,
those are set aside (:mod:`coekg.rdf.restated`), so the ontology is neither validated as
data nor counted twice. A format that names graphs (N-Quads, TriG, JSON-LD) gives back
every format byte for byte; a flat one (Turtle, N-Triples, RDF/XML) cannot carry the graph
names, so it gives back the flat formats byte for byte and the others with its data in one
graph, named after the file.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg.cli import cli
from coekg.publish.manifest import PATH as PUBLISH_STATE

FORMATS = {
    "turtle": ".ttl",
    "nt": ".nt",
    "nq": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "xml": ".rdf",
}
NAMED_GRAPHS = ("nq", "trig", "jsonld")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    out: dict[str, Path] = {}
    for fmt, suffix in FORMATS.items():
        path = folder / f"coekg{suffix}"
        result = run("export", "--format", fmt, "-o", str(path))
        assert result.exit_code == 0, result.output
        out[fmt] = path
        (folder / f"coekg{suffix}.gz").write_bytes(gzip.compress(path.read_bytes(), mtime=0))
    return out


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_validates_as_data(exports: dict[str, Path], fmt: str, compressed: bool) -> None:
    path = exports[fmt].with_name(exports[fmt].name + (".gz" if compressed else ""))
    result = run("validate", "-f", "json", str(path))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["conforms"] is True and doc["resources"] == []
    bundled = json.loads(run("validate", "-f", "json").stdout)["data"]
    # the same data as the bundled files: no statement of the ontology counted as data
    assert doc["data"]["triples"] == bundled["triples"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", FORMATS)
def test_export_of_an_export_is_the_same_bytes(
    exports: dict[str, Path], source: str, fmt: str, tmp_path: Path
) -> None:
    again = tmp_path / f"again{FORMATS[fmt]}"
    given = exports[source].with_name(exports[source].name + ".gz")
    result = run("export", "--format", fmt, "--data", str(given), "-o", str(again))
    assert result.exit_code == 0, result.output
    same = again.read_bytes() == exports[fmt].read_bytes()
    # a flat file has no graph names to give back
    assert same is (source in NAMED_GRAPHS or fmt not in NAMED_GRAPHS)


def test_a_data_file_with_a_stray_ontology_statement_keeps_it(tmp_path: Path) -> None:
    """Only a file restating the ontology's header is taken for an export: a steward's file
    that says something about an ontology term is data, and validated as such."""
    stray = tmp_path / "stray.ttl"
    stray.write_text(
        "@prefix coekg: <https://w3id.org/coekg/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'coekg:Projekt rdfs:label "typo"@en .\n',
        encoding="utf-8",
    )
    result = run("validate", "-f", "json", "data", str(stray))
    assert result.exit_code == 1, result.output
    assert "coekg#Projekt" in result.stdout or "def#Projekt" in result.stdout


def test_a_corrupt_gzip_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl.gz"
    bad.write_bytes(gzip.compress(b"<http://e/a> <http://e/p> <http://e/b> .\n")[:-6])
    result = run("validate", str(bad))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"coekg: error: {bad}: ")
    assert "gzip" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("fmt", NAMED_GRAPHS)
def test_publish_from_an_export_that_keeps_graphs_is_the_same_site(
    exports: dict[str, Path], fmt: str, tmp_path: Path
) -> None:
    """A format that names graphs carries everything the site shows (a flat one cannot
    carry the graph each statement came from, which the pages name)."""
    bundled, again = tmp_path / "bundled", tmp_path / "again"
    assert run("publish", "-o", str(bundled)).exit_code == 0
    given = exports[fmt].with_name(exports[fmt].name + ".gz")
    result = run("publish", "--data", str(given), "-o", str(again))
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(bundled) for p in bundled.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    different = [f for f in files if (bundled / f).read_bytes() != (again / f).read_bytes()]
    # but the publish state, which sums up the files the site was read from (for the next
    # publish into the same folder), not what the site shows
    assert [f for f in different if f.name != PUBLISH_STATE] == []
