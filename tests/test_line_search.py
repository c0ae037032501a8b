"""Reading only the lines that matter gives what reading every line gives: the lines found
by a search of the bytes (coekg.rdf.line_search), the positions of an N-Triples file's
findings, and the validation store loaded from N-Triples lines."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from coekg.rdf.line_search import iri_needles, lines_with, term_needles
from coekg.rdf.positions import file_positions, positions
from coekg.shacl.literals import build_store, build_store_from_lines

XSD = "http://www.w3.org/2001/XMLSchema#"
#: N-Triples with the cases a search of the bytes could get wrong: escapes hiding a term,
#: a term inside a longer one or inside a literal, blank nodes, literals rdflib or a store
#: rewrite, canonical ones, a datatype spelled inside a literal, no final line break
TEXT = "\n".join(
    [
        '<http://ex/a> <http://ex/p> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        '<http://ex/a> <http://ex/p> "012"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        '<http://ex/ab> <http://ex/p> "x \\"12\\" y" .',
        '<http://ex/b> <http://ex/p> "caf\\u00E9" .',
        '<http://ex/b> <http://ex/q> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .',
        '<http://ex/b> <http://ex/q> "2020-1-1"^^<http://www.w3.org/2001/XMLSchema#date> .',
        '<http://ex/b> <http://ex/r> "TRUE"^^<http://www.w3.org/2001/XMLSchema#boolean> .',
        '<http://ex/b> <http://ex/r> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .',
        '<http://ex/c> <http://ex/p> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
        '<http://ex/c> <http://ex/p> "2001"^^<http://www.w3.org/2001/XMLSchema#gYear> .',
        '<http://ex/c> <http://ex/p> "5"^^<http://www.w3.org/2001/XMLSchema#positiveInteger> .',
        "<http://ex/c> <http://ex/s> _:n1 .",
        '_:n1 <http://ex/p> "in a blank node"@en .',
        '<http://ex/d> <http://ex/p> "a\\"^^<http://www.w3.org/2001/XMLSchema#string>"@en .',
        '<http://ex/d> <http://ex/p> "a\\"^^<http://www.w3.org/2001/XMLSchema#date>" .',
        "<http://ex/d> <http://ex/p> <http://ex/a> .",
    ]
)


def test_lines_with_finds_each_line_once_with_its_number() -> None:
    data = b"one two\nthree\ntwo two\nfour\nlast two"
    text, numbers = lines_with(data, [b"two", b"two", b"one", b"absent", b""])
    assert text == b"one two\ntwo two\nlast two\n"
    assert numbers == [1, 3, 5]
    assert lines_with(data, []) == (b"", [])


def test_lines_with_a_term_in_two_wrappings_finds_what_a_search_for_each_finds() -> None:
    """``<t>`` and ``"t"`` share one search for ``t``: its hits inside longer terms are
    passed over, and past the limit of such hits each needle is searched on its own."""
    lines = ["<t> <p> <o> .", '<s> <p> "t" .', "<tt> <p> <t2> .", '<s> <p> "a t b" .']
    for common in (3, 3000):  # hits of t outside the delimiters: few, or past the limit
        data = "\n".join(lines[2:] * common + lines + lines[2:] * common + lines[:1]).encode()
        needles = [b"<t>", b'"t"', b"<o>", b"absent"]
        expected = [
            n
            for n, line in enumerate(data.split(b"\n"), start=1)
            if any(needle in line for needle in needles)
        ]
        text, numbers = lines_with(data, needles)
        assert numbers == expected
        assert text == b"".join(data.split(b"\n")[n - 1] + b"\n" for n in expected)


def test_only_terms_with_a_scheme_are_searched_as_iris() -> None:
    """N-Triples writes absolute IRIs: a literal's text (a date, a number) is searched for
    as a literal only, each ``<text>`` a pass over the file saved."""
    terms = ["http://ex/a", "2021-02-30", "12", "_:n1", "urn:x:y"]
    assert iri_needles(terms) == [b"<http://ex/a>", b"<urn:x:y>"]
    assert term_needles(terms) == [
        b'"http://ex/a"',
        b"<http://ex/a>",
        b'"2021-02-30"',
        b'"12"',
        b"_:n1",
        b'"urn:x:y"',
        b"<urn:x:y>",
    ]


def test_positions_of_some_terms_are_those_read_from_every_line(tmp_path: Path) -> None:
    path = tmp_path / "data.nt"
    data = TEXT.encode()
    path.write_bytes(data)
    every = ["http://ex/a", "http://ex/ab", "http://ex/b", "http://ex/c", "http://ex/d"]
    values = ["12", "café", "2020-01-01", "TRUE", "5", "_:n1", "http://ex/q"]
    for wanted in [frozenset(every), frozenset(values), frozenset(["http://ex/a", "12"])]:
        fast = file_positions(path, "nt", data, wanted)
        full = positions(data.decode(), "nt", path.resolve().as_uri(), wanted)
        assert fast == full, wanted


def test_store_from_lines_holds_what_the_store_from_triples_holds() -> None:
    triples = [q.triple for q in ox.parse(TEXT.encode(), ox.RdfFormat.N_TRIPLES)]
    extra = [ox.Triple(ox.NamedNode("http://ex/e"), ox.NamedNode("http://ex/p"), ox.BlankNode())]
    from_lines, codec = build_store_from_lines([TEXT.encode()], extra)
    from_triples, _ = build_store(triples + extra)
    assert set(from_lines) == set(from_triples)
    assert len(from_lines) == len(from_triples) == len(triples)  # "012" is read as "12"
    altered = {lit.value for lit in codec.altered}
    assert {"5"} <= altered  # xsd:positiveInteger: a store would write it as an xsd:integer
