"""The labels of the data are kept as the N-Triples text of their literals
(:mod:`coekg.publish.statements`): their value, language and text are the parsed literal's,
whatever the literal holds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from coekg.publish.statements import literal_language, literal_of, literal_value

LITERALS = [
    ox.Literal("plain"),
    ox.Literal("Baku", language="en"),
    ox.Literal("Bak\u0131", language="az"),
    ox.Literal("Strasbourg", language="en-GB"),
    ox.Literal('quote " and backslash \\ and tab \t and line\nbreak'),
    ox.Literal("\u0000\u0007\ue000 \U0001d11e é"),
    ox.Literal("label", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#token")),
    ox.Literal('"@en', language="fr"),
    ox.Literal("right to left", language="ar", direction=ox.BaseDirection.RTL),
]


@pytest.mark.parametrize("literal", LITERALS, ids=range(len(LITERALS)))
def test_a_literal_as_written_tells_what_the_parsed_one_does(literal: ox.Literal) -> None:
    line = ox.serialize(
        [ox.Triple(ox.NamedNode("x:s"), ox.NamedNode("x:p"), literal)],
        format=ox.RdfFormat.N_TRIPLES,
    )
    assert line is not None
    text = line[len(b"<x:s> <x:p> ") : -len(b" .\n")]
    assert text == str(literal).encode()  # what a page's digest takes
    assert literal_of(text) == literal
    assert literal_value(text) == literal.value
    assert literal_language(text) == literal.language
