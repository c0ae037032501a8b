"""Loading files into named graphs, and the errors a data steward sees for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from coekg import dataset, namespaces
from coekg.errors import InputError, ParseError


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


GOOD = '@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\n'


def test_each_file_is_its_own_named_graph(tmp_path: Path) -> None:
    write(tmp_path / "one.ttl", GOOD)
    write(tmp_path / "two Things.ttl", GOOD.replace('"x"', '"y"'))
    kg = dataset.load([tmp_path], ontology=False)
    assert kg.graphs() == [namespaces.graph_iri("one"), namespaces.graph_iri("two-things")]
    assert len(kg) == 2


def test_ontology_is_its_own_graph(tmp_path: Path) -> None:
    kg = dataset.load([write(tmp_path / "one.ttl", GOOD)], ontology=True)
    assert namespaces.ONTOLOGY_GRAPH in kg.graphs("ontology")


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.ttl", GOOD + 'ex:b ex:p "unterminated .\n')
    with pytest.raises(ParseError) as err:
        dataset.load([bad], ontology=False)
    assert err.value.line == 3
    assert str(err.value).startswith(f"{bad}:3: ")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    f = write(tmp_path / "bom.ttl", b"\xef\xbb\xbf" + GOOD.encode())
    assert len(dataset.load([f], ontology=False)) == 1


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
        dataset.load([f], ontology=False)


def test_missing_path_and_folder_without_rdf(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        dataset.load([tmp_path / "nope.ttl"], ontology=False)
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="holds no RDF"):
        dataset.load([tmp_path], ontology=False)
    with pytest.raises(InputError, match="not an RDF file"):
        dataset.load([tmp_path / "notes.txt"], ontology=False)


def test_two_files_with_the_same_graph_name_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a" / "x.ttl", GOOD)
    write(tmp_path / "b" / "x.ttl", GOOD)
    with pytest.raises(InputError, match="same graph name"):
        dataset.load([tmp_path / "a", tmp_path / "b"], ontology=False)
