"""`coekg export`: every format holds the same triples, an independent parser (Debian's
rapper) reads each of them, output is byte-identical from run to run, quad formats keep the
named graphs, JSON-LD uses the published context, and non-conforming data is refused."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg import namespaces, project
from coekg.cli import cli
from coekg.rdf.export import FORMATS, export
from coekg.rdf.jsonld_layout import jsonld_context
from tests.requirements import need_tool

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "tests" / "fixtures" / "valid" / "world.ttl"
INVALID = ROOT / "tests" / "fixtures" / "invalid" / "ProjectShape--status-unknown.ttl"
# rdflib's own parsers use its deprecated ConjunctiveGraph API internally
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(default_context|ConjunctiveGraph).*:DeprecationWarning"
)

#: our format name -> rapper's parser name (rapper has no JSON-LD parser)
RAPPER_PARSERS = {
    "turtle": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "trig": "trig",
    "xml": "rdfxml",
}
#: our format name -> rdflib's parser name
RDFLIB_PARSERS = {
    "turtle": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "xml": "xml",
    "jsonld": "json-ld",
}


def exported(fmt: str, paths: list[Path] | None = None) -> bytes:
    out = io.BytesIO()
    export(project.bundled().load(paths), fmt, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    kg = project.bundled().load()
    files = {}
    for fmt, (_media, suffix, _graphs) in FORMATS.items():
        files[fmt] = folder / f"dump{suffix}"
        with files[fmt].open("wb") as handle:
            export(kg, fmt, handle)
    return files


def inline_context(data: bytes) -> str:
    """The JSON-LD document as written: it embeds its context, so it needs nothing else."""
    doc = json.loads(data)
    assert doc["@context"] == jsonld_context()["@context"]
    return json.dumps(doc)


def parse(fmt: str, path: Path):  # type: ignore[no-untyped-def]
    import rdflib

    ds = rdflib.Dataset()
    if fmt == "jsonld":
        ds.parse(data=inline_context(path.read_bytes()), format="json-ld")
    else:
        ds.parse(path, format=RDFLIB_PARSERS[fmt])
    return ds


def union(ds):  # type: ignore[no-untyped-def]
    import rdflib

    g = rdflib.Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def named_graphs(ds):  # type: ignore[no-untyped-def]
    return {
        str(g.identifier): g
        for g in ds.graphs()
        if len(g) and str(g.identifier).startswith(namespaces.GRAPH)
    }


def test_every_contract_format_is_exported(exports: dict[str, Path]) -> None:
    assert set(exports) == {"turtle", "nt", "nq", "trig", "jsonld", "xml"}
    for path in exports.values():
        assert path.stat().st_size > 1000


@pytest.mark.parametrize("fmt", ["turtle", "nq", "trig", "jsonld", "xml"])
def test_every_format_holds_the_same_triples(fmt: str, exports: dict[str, Path]) -> None:
    from rdflib.compare import isomorphic

    reference = union(parse("nt", exports["nt"]))
    other = union(parse(fmt, exports[fmt]))
    assert len(other) == len(reference)
    assert isomorphic(other, reference)


@pytest.mark.parametrize("fmt", sorted(RAPPER_PARSERS))
def test_rapper_reads_every_format(fmt: str, exports: dict[str, Path]) -> None:
    """An independent parser (Raptor) reads the file without error and finds the same
    triples, and for N-Quads and TriG the same named graphs."""
    import rdflib
    from rdflib.compare import isomorphic

    rapper = need_tool("rapper")
    done = subprocess.run(
        [rapper, "-i", RAPPER_PARSERS[fmt], "-o", "nquads", str(exports[fmt])],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"Error" not in done.stderr and b"Warning" not in done.stderr, done.stderr.decode()
    theirs = rdflib.Dataset()
    theirs.parse(data=done.stdout, format="nquads")
    ours = parse("nq", exports["nq"])
    if FORMATS[fmt][2]:
        mine, read = named_graphs(ours), named_graphs(theirs)
        assert sorted(read) == sorted(mine)
        for name, graph in mine.items():
            assert isomorphic(read[name], graph), name
    else:
        assert isomorphic(union(theirs), union(ours))


def test_quad_formats_keep_the_named_graphs(exports: dict[str, Path]) -> None:
    data_graphs = {namespaces.graph_iri(p.stem) for p in (ROOT / "data").glob("*.ttl")}
    for fmt in ("nq", "trig", "jsonld"):
        graphs = set(named_graphs(parse(fmt, exports[fmt])))
        assert namespaces.ONTOLOGY_GRAPH in graphs, fmt
        assert data_graphs <= graphs, fmt


def test_the_export_holds_the_ontology_and_every_data_triple(exports: dict[str, Path]) -> None:
    import rdflib
    from rdflib.compare import isomorphic

    ds = parse("nq", exports["nq"])
    graphs = named_graphs(ds)
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "coekg.ttl")
    assert isomorphic(graphs[namespaces.ONTOLOGY_GRAPH], ontology)
    for path in sorted((ROOT / "data").glob("*.ttl")):
        assert isomorphic(graphs[namespaces.graph_iri(path.stem)], rdflib.Graph().parse(path)), path


def test_jsonld_embeds_the_context_and_round_trips(exports: dict[str, Path]) -> None:
    from rdflib.compare import isomorphic

    doc = json.loads(exports["jsonld"].read_bytes())
    assert doc["@context"] == jsonld_context()["@context"]
    assert jsonld_context()["@context"] == namespaces.PREFIXES
    ours = named_graphs(parse("nq", exports["nq"]))
    read = named_graphs(parse("jsonld", exports["jsonld"]))
    assert sorted(read) == sorted(ours)
    for name, graph in ours.items():
        assert isomorphic(read[name], graph), name


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_is_byte_identical_from_run_to_run(fmt: str, exports: dict[str, Path]) -> None:
    """Two runs give the same bytes; which bytes is pinned by ``test_export_golden.py``."""
    assert exported(fmt) == exports[fmt].read_bytes()


def test_literals_are_exported_as_written(tmp_path: Path) -> None:
    """Regression: Oxigraph's store normalises literals ("7"^^xsd:positiveInteger becomes
    "7"^^xsd:integer, "1.50" becomes "1.5"); the export keeps them as the files write them
    (the data itself writes counts as xsd:integer, which stores keep, but any file may not)."""
    written = tmp_path / "written.ttl"
    written.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://example.org/a> <http://example.org/p> "7"^^xsd:positiveInteger , '
        '"12"^^xsd:nonNegativeInteger , "1.50"^^xsd:decimal .\n',
        encoding="utf-8",
    )
    nt = exported("nt", [WORLD, written]).decode()
    assert '"7"^^<http://www.w3.org/2001/XMLSchema#positiveInteger>' in nt
    assert '"12"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in nt
    assert '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt
    assert '"9600000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt


# ---------------------------------------------------------------- the command


def test_export_to_stdout_and_to_a_file_are_the_same(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "world.nq"
    to_file = runner.invoke(cli, ["export", "--format", "nq", "--data", str(WORLD), "-o", str(out)])
    assert to_file.exit_code == 0, to_file.output
    to_stdout = runner.invoke(cli, ["export", "--format", "nq", "--data", str(WORLD)])
    assert to_stdout.exit_code == 0, to_stdout.output
    assert to_stdout.stdout_bytes == out.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["world.nq"]


def test_export_refuses_non_conforming_data_and_writes_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "dump.ttl"
    result = runner.invoke(
        cli, ["export", "--data", str(WORLD), "--data", str(INVALID), "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.stderr
    assert "coekg:status" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
    on_stdout = runner.invoke(cli, ["export", "--data", str(WORLD), "--data", str(INVALID)])
    assert on_stdout.exit_code == 1
    assert on_stdout.stdout_bytes == b""


def test_refused_export_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    out = tmp_path / "dump.ttl"
    out.write_text("old content\n")
    result = CliRunner().invoke(
        cli, ["export", "--data", str(WORLD), "--data", str(INVALID), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert out.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["dump.ttl"]


def test_no_validate_exports_non_conforming_data(tmp_path: Path) -> None:
    out = tmp_path / "dump.nt"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "--format",
            "nt",
            "--no-validate",
            "--data",
            str(WORLD),
            "--data",
            str(INVALID),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/coekg/id/project/qualifier-status" in out.read_text()


def test_export_of_a_malformed_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "open .\n')
    out = tmp_path / "dump.ttl"
    result = CliRunner().invoke(cli, ["export", "--data", str(bad), "-o", str(out)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"coekg: error: {bad}:2:")
    assert "Traceback" not in result.output
    assert not out.exists()


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "dump.n3"
    result = CliRunner().invoke(cli, ["export", "--format", "n3", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '-f' / '--format'" in result.stderr
    assert "'n3' is not one of 'turtle', 'nt', 'nq', 'trig', 'jsonld', 'xml'" in result.stderr
    assert not out.exists()
