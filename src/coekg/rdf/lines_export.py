"""Export of big datasets in every format, byte-identical to :mod:`coekg.rdf.export`.

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

The formats that keep the named graphs (N-Quads, TriG, JSON-LD) are written from the same
lines kept per graph: a statement of graph ``G`` is the line ``S P O G .``, and the general
serialiser's order (graph, then statement) is that of the graphs' names, then of the lines.
Turtle, TriG and RDF/XML are Oxigraph's serialisation of the sorted lines read back as a
stream; JSON-LD is :func:`coekg.rdf.jsonld.jsonld_document` of the same statements, written
from the lines themselves (:func:`coekg.rdf.jsonld.write_nquads_jsonld`).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, compress, islice
from operator import eq, ne
from typing import IO, TYPE_CHECKING

from coekg import namespaces
from coekg.rdf.canonical import blank_nodes, canonical_quads
from coekg.rdf.dataset import gc_paused
from coekg.rdf.jsonld import write_jsonld, write_nquads_jsonld

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.rdf.dataset import KnowledgeGraph, Part

#: lines written at a time (a few megabytes, not one buffer of the whole output)
_CHUNK = 50_000
#: the formats that keep the named graphs (written from the N-Quads)
KEEPS_GRAPHS = ("nq", "trig", "jsonld")
#: how N-Quads names the default graph (``str(DefaultGraph())``), where it sorts
DEFAULT_GRAPH = "DEFAULT"


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
    return _set_aside_blank(lines, blank, ox.RdfFormat.N_TRIPLES, part.graph)


def _set_aside_blank(
    lines: list[bytes], blank: list[ox.Quad], fmt: ox.RdfFormat, graph: ox.NamedNode | None = None
) -> list[bytes]:
    """``lines`` (N-Triples, or N-Quads) but those whose statement has a blank node: those
    statements go to ``blank`` (in ``graph``, if given)."""
    import pyoxigraph as ox

    maybe = [line for line in lines if b"_:" in line]  # "_:" may be in a literal, too
    kept = [line for line in lines if b"_:" not in line]
    # one statement a line (an empty line between is none); lenient: the lines are
    # Oxigraph's own, of checked terms
    parsed = ox.parse(b"\n".join(maybe), fmt, lenient=True)
    for line, q in zip(maybe, parsed, strict=True):
        if blank_nodes(q):
            blank.append(q if graph is None else ox.Quad(q.subject, q.predicate, q.object, graph))
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


def _distinct(lines: list[bytes]) -> list[bytes]:
    """``lines`` sorted, each once."""
    lines.sort()
    if not any(map(eq, lines, islice(lines, 1, None))):
        return lines
    # keep a line unless the next one is the same
    return list(compress(lines, chain(map(ne, lines, islice(lines, 1, None)), [True])))


def graph_lines(kg: KnowledgeGraph) -> list[tuple[str, list[bytes]]]:
    """The distinct statements of ``kg`` per graph, as N-Triples lines, in export order:
    the graphs by their N-Quads name (``<iri>``, the default graph ``DEFAULT``), each
    graph's lines sorted."""

    with gc_paused():
        graphs: dict[str, list[bytes]] = {}
        blank: list[ox.Quad] = []
        for part in kg.parts:
            if part.graph is not None:
                graphs.setdefault(str(part.graph), []).extend(_part_lines(part, blank))
                continue
            by_graph: dict[str, list[ox.Triple]] = {}
            for q in part.quads:
                if blank_nodes(q):
                    blank.append(q)
                else:
                    by_graph.setdefault(str(q.graph_name), []).append(q.triple)
            for name, triples in by_graph.items():
                graphs.setdefault(name, []).extend(_ntriples(triples))
        if blank:
            labelled: dict[str, list[ox.Triple]] = {}
            for q in canonical_quads(blank):
                labelled.setdefault(str(q.graph_name), []).append(q.triple)
            for name, triples in labelled.items():
                graphs.setdefault(name, []).extend(_ntriples(triples))
    return [(name, _distinct(graphs[name])) for name in sorted(graphs)]


def merged_lines(graphs: list[tuple[str, list[bytes]]]) -> list[bytes]:
    """:func:`sorted_lines` of the dataset whose :func:`graph_lines` are ``graphs``: every
    graph's lines, each statement once, in export order. The graphs' lines are the parts'
    lines and the same canonically labelled blank statements, so only their order differs,
    and each graph's is sorted already: the sort merges runs."""
    if len(graphs) == 1:
        return list(graphs[0][1])
    return _distinct(list(chain.from_iterable(lines for _name, lines in graphs)))


def statement_lines(kg: KnowledgeGraph) -> Iterator[list[bytes]]:
    """The lines of :func:`nquads` (without their line breaks), unsorted, a few megabytes at
    a time, those with blank nodes (labelled canonically) last: each statement once per file
    that holds it."""
    import pyoxigraph as ox

    blank: list[ox.Quad] = []
    for part in kg.parts:
        graph = b"" if part.graph is None else b" " + str(part.graph).encode()
        for piece in _pieces(part.text):
            if graph:  # "S P O .\n" becomes "S P O G .\n": a raw line break only ends a line
                piece = piece.replace(b" .\n", graph + b" .\n")
            lines = piece.splitlines()
            if b"_:" in piece:
                lines = _set_aside_blank(lines, blank, ox.RdfFormat.N_QUADS)
            yield lines
    if blank:
        labelled = ox.serialize(canonical_quads(blank), format=ox.RdfFormat.N_QUADS) or b""
        yield labelled.splitlines()


def _pieces(text: bytes, size: int = _CHUNK * 128) -> Iterator[bytes]:
    """``text`` in pieces of about ``size`` bytes, each of whole lines."""
    start = 0
    while start < len(text):
        end = text.find(b"\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def in_graph(text: bytes, name: str) -> bytes:
    """The N-Triples ``text`` as N-Quads of the graph ``name`` (as :func:`graph_lines`
    names it)."""
    if name == DEFAULT_GRAPH:
        return text
    # "S P O .\n" becomes "S P O G .\n": a raw line break only ends a statement
    return text.replace(b" .\n", b" " + name.encode() + b" .\n")


def nquads(kg: KnowledgeGraph) -> bytes:
    """The dataset as N-Quads, in export order."""
    chunks: list[bytes] = []
    for name, lines in graph_lines(kg):
        text = b"".join(lines)
        del lines[:]
        chunks.append(in_graph(text, name))
    return b"".join(chunks)


def write(kg: KnowledgeGraph, fmt: str, output: IO[bytes]) -> None:
    """Write ``kg`` in the export format ``fmt`` (a key of
    :data:`coekg.rdf.export.FORMATS`)."""
    if fmt in KEEPS_GRAPHS:
        write_from(nquads(kg), fmt, output)
        return
    lines = sorted_lines(kg)
    if fmt == "nt":
        for start in range(0, len(lines), _CHUNK):
            output.write(b"".join(lines[start : start + _CHUNK]))
        return
    text = b"".join(lines)
    del lines
    write_from(text, fmt, output)


def ntriples(kg: KnowledgeGraph) -> bytes:
    """The dataset as N-Triples, in export order."""
    return b"".join(sorted_lines(kg))


def write_from(text: bytes, fmt: str, output: IO[bytes]) -> None:
    """Write in format ``fmt`` the dataset whose export is ``text``: its N-Quads
    (:func:`nquads`) for a format that keeps the graphs, else its N-Triples
    (:func:`ntriples`)."""
    import pyoxigraph as ox

    if fmt in ("nt", "nq"):
        output.write(text)
        return
    with gc_paused():
        if fmt == "jsonld":
            if write_nquads_jsonld(text, None, output):
                return
            quads = ox.parse(text, ox.RdfFormat.N_QUADS, lenient=True)
            write_jsonld(quads, None, output, again=lambda: _reparse(text))
            return
        # Oxigraph reads the sorted lines as a stream of statements, in order; Turtle and
        # RDF/XML write those of the default graph as triples
        oxfmt = {
            "turtle": ox.RdfFormat.TURTLE,
            "xml": ox.RdfFormat.RDF_XML,
            "trig": ox.RdfFormat.TRIG,
        }[fmt]
        source = ox.RdfFormat.N_QUADS if fmt in KEEPS_GRAPHS else ox.RdfFormat.N_TRIPLES
        statements = ox.parse(text, source, lenient=True)
        ox.serialize(statements, output, oxfmt, prefixes=namespaces.PREFIXES)


def _reparse(text: bytes) -> list[ox.Quad]:
    import pyoxigraph as ox

    return list(ox.parse(text, ox.RdfFormat.N_QUADS, lenient=True))
