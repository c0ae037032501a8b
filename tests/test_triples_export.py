"""The fast export (statements sorted as lines) writes the same bytes as the general
serialiser, in every format."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coekg import project
from coekg.rdf import dataset, export, jsonld, lines_export
from coekg.synth.generator import generate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "export-order"
ALL_FORMATS = sorted(export.FORMATS)


def _both(kg: dataset.KnowledgeGraph, fmt: str) -> tuple[bytes, bytes]:
    general, fast = io.BytesIO(), io.BytesIO()
    export.serialize_quads(kg.quads(), fmt, general)
    lines_export.write(kg, fmt, fast)
    return general.getvalue(), fast.getvalue()


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_tricky_terms_and_graphs(fmt: str) -> None:
    kg = project.bundled().load(sorted(FIXTURES.iterdir()))
    general, fast = _both(kg, fmt)
    assert general == fast
    assert general.count(b"_:") > 0


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_bundled_and_synthetic_data(fmt: str, tmp_path: Path) -> None:
    data = tmp_path / "synthetic.ttl"
    with data.open("wb") as f:
        generate(20_000, f, seed=4, fmt="turtle")
    for kg in (project.bundled().load(), project.bundled().load([data])):
        general, fast = _both(kg, fmt)
        assert general == fast


def _load(tmp_path: Path, name: str, text: str) -> dataset.KnowledgeGraph:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return project.bundled().load([path], ontology=False)


# more than ten blank nodes (so _:c14n1 and _:c14n10 both occur), subjects and objects that
# are prefixes of others, literals that differ only after a common start
PLAIN = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p "x" , "x y" , "x"@en , "x"@en-GB , "5"^^xsd:int , 5 , "x\\ny" , "a _: b ." .
ex:a ex:p ex:a , <http://example.org/a/b> , <http://example.org/ab> .
<http://example.org/a/b> ex:p ex:a .
ex:ab ex:p "é" , "z" , "𝄞" , "\ue000" , "line\\rends\\u000B\\u2028\\u0085 ." .
"""
PREFIXES = PLAIN + "".join(
    f"ex:a ex:q [ ex:n {i} ] .\n[ ex:m {i} ] ex:q ex:a .\n" for i in range(12)
)


def test_nt_lines_are_in_the_order_of_their_terms(tmp_path: Path) -> None:
    import pyoxigraph as ox

    kg = _load(tmp_path, "prefixes.ttl", PREFIXES)
    out = io.BytesIO()
    lines_export.write(kg, "nt", out)
    triples = [q.triple for q in ox.parse(out.getvalue(), ox.RdfFormat.N_TRIPLES)]
    keys = [(str(t.subject), str(t.predicate), str(t.object)) for t in triples]
    assert keys == sorted(set(keys))
    labels = {str(t.subject) for t in triples} | {str(t.object) for t in triples}
    assert {"_:c14n1", "_:c14n10"} <= labels
    for fmt in ("nt", "turtle"):
        general, fast = _both(kg, fmt)
        assert general == fast


def test_a_triple_in_two_graphs_is_written_once(tmp_path: Path) -> None:
    for name in ("one.ttl", "two.ttl"):
        (tmp_path / name).write_text(PLAIN + PLAIN, encoding="utf-8")
    both = project.bundled().load([tmp_path / "one.ttl", tmp_path / "two.ttl"], ontology=False)
    one = project.bundled().load([tmp_path / "one.ttl"], ontology=False)
    lines = lines_export.sorted_lines(both)
    assert lines == lines_export.sorted_lines(one)
    assert len(lines) == len(set(lines)) == 17  # the distinct triples of PLAIN


TRIPLE_TERMS = """@prefix ex: <http://example.org/> .
ex:a ex:p <<( _:b ex:q ex:r )>> , ex:a , <<( ex:s ex:q _:c )>> , "x" .
_:b ex:s "1" .
_:c ex:s "2" .
"""


@pytest.mark.parametrize("fmt", ["nt", "turtle", "nq", "trig"])
def test_blank_nodes_in_triple_terms_get_canonical_labels(fmt: str, tmp_path: Path) -> None:
    runs = []
    for _ in range(2):  # the parser gives the blank nodes new random labels each time
        kg = _load(tmp_path, "terms.ttl", TRIPLE_TERMS)
        out = io.BytesIO()
        export.export(kg, fmt, out)
        runs.append(out.getvalue())
    assert runs[0] == runs[1]
    if fmt in ("nt", "turtle"):
        general, fast = _both(kg, fmt)
        assert general == fast
    if fmt == "nt":
        text = runs[0].decode()
        assert "<<( _:c14n" in text
        for line in text.splitlines():
            if line.startswith("_:"):
                label = line.split()[0]
                assert f"<<( {label} " in text or f" {label} )>>" in text


def _from_lines(text: bytes) -> bytes | None:
    """The JSON-LD that the lines writer makes of the N-Quads ``text``, or None where it
    leaves the document to the general writer (having written nothing)."""
    out = io.BytesIO()
    if jsonld.write_nquads_jsonld(text, None, out):
        return out.getvalue()
    assert out.getvalue() == b""
    return None


def test_the_jsonld_dump_is_written_from_the_lines(tmp_path: Path) -> None:
    """The lines writer itself makes the JSON-LD of data with escaped literals, blank
    nodes, languages, datatypes and named graphs (the comparisons above then test it)."""
    import pyoxigraph as ox

    fixtures = project.bundled().load(sorted(FIXTURES.iterdir()))
    text = lines_export.nquads(fixtures)
    assert b"\\" in text and b"_:" in text and b"@en" in text and b"^^<" in text
    made = _from_lines(text)
    assert made is not None
    assert made == jsonld.jsonld_document(list(ox.parse(text, ox.RdfFormat.N_QUADS)))
    for reused in (1, 2):  # an object written twice is the same text in every graph
        data = tmp_path / f"graph{reused}.ttl"
        data.write_text(PLAIN, encoding="utf-8")
    kg = project.bundled().load([tmp_path / "graph1.ttl", tmp_path / "graph2.ttl"])
    text = lines_export.nquads(kg)
    assert _from_lines(text) == jsonld.jsonld_document(list(ox.parse(text, ox.RdfFormat.N_QUADS)))


TRIPLE_TERM_LINES = [
    b"<http://example.org/a> <http://example.org/p> <<( <http://example.org/s> "
    b"<http://example.org/p> <http://example.org/o> )>> .\n",
    b"<<( <http://example.org/s> <http://example.org/p> <http://example.org/o> )>> "
    b'<http://example.org/p> "x" .\n',
]
OTHER_UNKNOWN_LINES = [
    b'<http://example.org/a> <http://example.org/p> "x"@en--ltr .\n',
    # two properties that compact to one key: dcterms:title, and the IRI "dcterms:title"
    b'<http://example.org/a> <dcterms:title> "x" .\n'
    b'<http://example.org/a> <http://purl.org/dc/terms/title> "y" .\n',
]


@pytest.mark.parametrize("line", TRIPLE_TERM_LINES + OTHER_UNKNOWN_LINES)
def test_the_general_writer_takes_what_the_lines_writer_does_not_know(line: bytes) -> None:
    import pyoxigraph as ox

    text = b'<http://example.org/a> <http://example.org/q> "before" .\n' + line
    assert _from_lines(text) is None
    if line in TRIPLE_TERM_LINES:
        return  # Oxigraph's JSON-LD has no triple terms yet: the general writer refuses them
    out = io.BytesIO()
    lines_export.write_from(text, "jsonld", out)
    quads = list(ox.parse(text, ox.RdfFormat.N_QUADS))
    assert out.getvalue() == jsonld.reference_document(quads)


def test_statement_lines_are_the_lines_of_the_nquads(tmp_path: Path) -> None:
    """What an incremental publish compares with the earlier site's N-Quads dump: the same
    lines, blank nodes labelled canonically, each file's graph named, unsorted."""
    (tmp_path / "blank.ttl").write_text(PREFIXES, encoding="utf-8")
    for kg in (
        project.bundled().load(sorted(FIXTURES.iterdir())),
        project.bundled().load([tmp_path / "blank.ttl"]),
        project.bundled().load(),
    ):
        lines = [line for group in lines_export.statement_lines(kg) for line in group]
        assert sorted(set(lines)) == sorted(lines_export.nquads(kg).splitlines())
        assert any(b"_:c14n" in line for line in lines)


def test_the_graphs_lines_merged_are_the_sorted_lines(tmp_path: Path) -> None:
    """The dumps' formats without graphs take the graphs' lines merged
    (:func:`lines_export.merged_lines`) instead of reading the parts again: the same lines,
    whatever the dataset holds (blank nodes, triple terms, a triple in two graphs, graphs
    named by the file, one graph alone)."""
    for name, text in (("one.ttl", PLAIN + PLAIN), ("two.ttl", PREFIXES), ("t.ttl", TRIPLE_TERMS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    quads = tmp_path / "named.trig"
    quads.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "ex:g { ex:a ex:p [ ex:n 1 ] . ex:a ex:p ex:a . }\n"
        "ex:h { ex:a ex:p ex:a . [ ex:m 2 ] ex:q ex:a . }\n"
        "ex:a ex:p ex:b .\n",
        encoding="utf-8",
    )
    data = tmp_path / "synthetic.ttl"
    with data.open("wb") as f:
        generate(5_000, f, seed=4, fmt="turtle")
    files = sorted(tmp_path.glob("*.t*"))
    kgs = [
        project.bundled().load(),
        project.bundled().load([data]),
        project.bundled().load(sorted(FIXTURES.iterdir())),
        project.bundled().load(files),
        project.bundled().load([tmp_path / "one.ttl"], ontology=False),
        project.bundled().load([quads], ontology=False),
    ]
    for kg in kgs:
        graphs = lines_export.graph_lines(kg)
        assert lines_export.merged_lines(graphs) == lines_export.sorted_lines(kg)
    assert len(lines_export.graph_lines(kgs[4])) == 1  # one graph alone
