"""N-Triples and Turtle export of big datasets, byte-identical to :mod:`coekg.rdf.export`.

:func:`coekg.rdf.export.serialize_quads` makes a Python object of every quad and sorts them on
their text; at a million triples that is most of the export. Here the work is on the
N-Triples lines each file was read into (:attr:`coekg.rdf.dataset.Part.text`), sorted as bytes.
A line is ``S P O .``, so the lines sort as the tuples ``(str(S), str(P), str(O))`` (and
as the ``str()`` of the triples, by which the general serialiser sorts): UTF-8 keeps code
point order, and where one term is a proper prefix of another (``_:c14n1`` and
``_:c14n10``; ``"x"`` and ``"x"@en``) the shorter is followed by a space or the line's end,
below any character the longer one can go on with (IRIs, blank node labels and what follows
a literal's closing quote hold no space or control character; a line holds no raw line
break). The same triple is the same line, so duplicates are neighbours once sorted. Only
lines with blank nodes become Python objects, to get the canonical labels of
:func:`coekg.rdf.canonical.canonical_quads`, over the same quads as the general serialiser.
"""

from __future__ import annotations

from itertools import chain, compress, islice
from operator import eq, ne
from typing import IO, TYPE_CHECKING

from coekg import namespaces
from coekg.rdf.canonical import blank_nodes, canonical_quads
from coekg.rdf.dataset import gc_paused

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.rdf.dataset import KnowledgeGraph, Part

#: lines written at a time (a few megabytes, not one buffer of the whole output)
_CHUNK = 50_000


def _ntriples(triples: list[ox.Triple]) -> list[bytes]:
    import pyoxigraph as ox

    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").splitlines(True)


def _part_lines(part: Part, blank: list[ox.Quad]) -> list[bytes]:
    """The part's lines without blank nodes; its quads with blank nodes go to ``blank``."""
    import pyoxigraph as ox

    if part.graph is None:  # quads naming their own graphs
        plain = []
        for q in part.quads:
            if blank_nodes(q):
                blank.append(q)
            else:
                plain.append(q.triple)
        return _ntriples(plain)
    lines = part.text.splitlines(keepends=True)
    if b"_:" not in part.text:
        return lines
    maybe = [line for line in lines if b"_:" in line]  # "_:" may be in a literal, too
    kept = [line for line in lines if b"_:" not in line]
    # one statement a line; lenient: the lines are Oxigraph's own, of checked terms
    parsed = ox.parse(b"".join(maybe), ox.RdfFormat.N_TRIPLES, lenient=True)
    for line, q in zip(maybe, parsed, strict=True):
        if blank_nodes(q):
            blank.append(ox.Quad(q.subject, q.predicate, q.object, part.graph))
        else:
            kept.append(line)
    return kept


def sorted_lines(kg: KnowledgeGraph) -> list[bytes]:
    """The distinct triples of ``kg`` as N-Triples lines, in export order."""

    with gc_paused():
        lines: list[bytes] = []
        blank: list[ox.Quad] = []
        for part in kg.parts:
            lines += _part_lines(part, blank)
        if blank:
            lines += _ntriples([q.triple for q in canonical_quads(blank)])
    # files are mostly written in order, so the sort finds long runs
    lines.sort()
    if not any(map(eq, lines, islice(lines, 1, None))):
        return lines
    # keep a line unless the next one is the same
    return list(compress(lines, chain(map(ne, lines, islice(lines, 1, None)), [True])))


def write(kg: KnowledgeGraph, fmt: str, output: IO[bytes]) -> None:
    """Write ``kg`` as N-Triples (``fmt`` "nt") or Turtle (``fmt`` "turtle")."""
    import pyoxigraph as ox

    lines = sorted_lines(kg)
    if fmt == "nt":
        for start in range(0, len(lines), _CHUNK):
            output.write(b"".join(lines[start : start + _CHUNK]))
        return
    text = b"".join(lines)
    del lines
    # Oxigraph reads the sorted lines as default-graph quads, which Turtle writes as triples
    with gc_paused():
        statements = ox.parse(text, ox.RdfFormat.N_TRIPLES, lenient=True)
        ox.serialize(statements, output, ox.RdfFormat.TURTLE, prefixes=namespaces.PREFIXES)
