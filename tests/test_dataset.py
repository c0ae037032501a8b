"""Loading files into named graphs, and the errors a data steward sees for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from coekg import namespaces, project
from coekg.errors import InputError, ParseError
from coekg.rdf import dataset


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


GOOD = '@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\n'


def test_each_file_is_its_own_named_graph(tmp_path: Path) -> None:
    write(tmp_path / "one.ttl", GOOD)
    write(tmp_path / "two Things.ttl", GOOD.replace('"x"', '"y"'))
    kg = project.bundled().load([tmp_path], ontology=False)
    assert kg.graphs() == [namespaces.graph_iri("one"), namespaces.graph_iri("two-things")]
    assert len(kg) == 2


def test_ontology_is_its_own_graph(tmp_path: Path) -> None:
    kg = project.bundled().load([write(tmp_path / "one.ttl", GOOD)], ontology=True)
    assert namespaces.ONTOLOGY_GRAPH in kg.graphs("ontology")


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.ttl", GOOD + 'ex:b ex:p "unterminated .\n')
    with pytest.raises(ParseError) as err:
        project.bundled().load([bad], ontology=False)
    assert err.value.line == 3
    assert str(err.value).startswith(f"{bad}:3: ")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    f = write(tmp_path / "bom.ttl", b"\xef\xbb\xbf" + GOOD.encode())
    assert len(project.bundled().load([f], ontology=False)) == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        ("\ufeff".encode("utf-16") + GOOD.encode("utf-16-le"), "UTF-16"),
        (GOOD.replace('"x"', '"caf\xe9"').encode("latin-1"), "UTF-8"),
    ],
    ids=["empty", "utf-16", "latin-1"],
)
def test_unreadable_encodings(tmp_path: Path, content: bytes, expected: str) -> None:
    f = write(tmp_path / "f.ttl", content)
    with pytest.raises(ParseError, match=expected):
        project.bundled().load([f], ontology=False)


def test_missing_path_and_folder_without_rdf(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        project.bundled().load([tmp_path / "nope.ttl"], ontology=False)
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="holds no RDF"):
        project.bundled().load([tmp_path], ontology=False)
    with pytest.raises(InputError, match="not an RDF file"):
        project.bundled().load([tmp_path / "notes.txt"], ontology=False)


def test_two_files_with_the_same_graph_name_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a" / "x.ttl", GOOD)
    write(tmp_path / "b" / "x.ttl", GOOD)
    with pytest.raises(InputError, match="same graph name"):
        project.bundled().load([tmp_path / "a", tmp_path / "b"], ontology=False)


EXACT = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p "1.50"^^xsd:decimal , "043"^^xsd:integer , "a .\\nb ." , "ends with _:x ." ;
    ex:q [ ex:r "in a blank node" ] .
"""


def test_parts_keep_statements_as_written_in_their_graph(tmp_path: Path) -> None:
    import pyoxigraph as ox

    kg = project.bundled().load([write(tmp_path / "exact.ttl", EXACT)], ontology=False)
    (part,) = kg.parts
    graph = ox.NamedNode(namespaces.graph_iri("exact"))
    assert part.graph == graph
    assert part.quads == list(ox.parse(part.text, ox.RdfFormat.N_TRIPLES))
    assert b'"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>' in part.text
    assert b'"043"^^<http://www.w3.org/2001/XMLSchema#integer>' in part.text
    quads = list(kg.quads())
    assert {q.graph_name for q in quads} == {graph}
    assert [q.triple for q in quads] == [q.triple for q in part.quads]
    assert ox.Literal("a .\nb .") in {q.object for q in quads}
    blank = {q.object for q in quads if isinstance(q.object, ox.BlankNode)}
    assert len(blank) == 1
    assert blank == {q.subject for q in quads if isinstance(q.subject, ox.BlankNode)}


def test_a_part_made_from_quads_has_their_text(tmp_path: Path) -> None:
    import pyoxigraph as ox

    graph = ox.NamedNode("https://w3id.org/coekg/graph/made")
    source = dataset.Source(tmp_path / "made.ttl", graph.value)
    quads = [
        ox.Quad(
            ox.NamedNode("http://example.org/a"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal("x"),
            graph,
        )
    ]
    part = dataset.Part(source, quads, graph)
    assert part.text == b'<http://example.org/a> <http://example.org/p> "x" .\n'
    assert part.nquads() == (
        b'<http://example.org/a> <http://example.org/p> "x" <https://w3id.org/coekg/graph/made> .\n'
    )
    assert list(dataset.KnowledgeGraph([part]).quads()) == quads
    with pytest.raises(ValueError):
        dataset.Part(source, None, graph)


def test_dataset_files_keep_their_graphs_and_the_default_graph_is_the_files(
    tmp_path: Path,
) -> None:
    """TriG, N-Quads and JSON-LD keep the graphs they name; what they state in the default
    graph goes to the file's own graph, as a Turtle file's statements do (and is data)."""
    trig = write(
        tmp_path / "g.trig",
        "<http://e/a> <http://e/p> 1 .\n<http://e/g> { <http://e/a> <http://e/p> 2 . }\n",
    )
    jsonld = write(
        tmp_path / "j.jsonld",
        '{"@id": "http://e/g", "@graph": [{"@id": "http://e/a", "http://e/p": "x"}]}',
    )
    kg = project.bundled().load([trig, jsonld], ontology=False)
    graphs = sorted(str(q.graph_name) for q in kg.quads())
    assert graphs == sorted(["<http://e/g>", f"<{namespaces.graph_iri('g')}>", "<http://e/g>"])
    assert kg.graphs("data") == [namespaces.graph_iri("g"), "http://e/g"]


def test_gc_paused_restores_the_collector() -> None:
    import gc

    assert gc.isenabled()
    with dataset.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with dataset.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_file_without_statements_is_refused(tmp_path: Path) -> None:
    f = write(tmp_path / "none.ttl", "@prefix ex: <http://example.org/> .\n# nothing\n")
    with pytest.raises(ParseError, match="no RDF statement"):
        project.bundled().load([f], ontology=False)
