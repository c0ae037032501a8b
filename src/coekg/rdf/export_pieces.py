"""The export of a dataset in pieces: the bytes of ``coekg export``, cut where a subject begins.

A published dump is compressed piece by piece (:mod:`coekg.publish.gzip_pieces`), so that
the next publish compresses only the pieces whose statements changed. A piece is a run of
the sorted statements (:mod:`coekg.rdf.lines_export`) that begins where a subject does whose
CRC-32 is a multiple of :data:`SUBJECTS` (a piece may hold the end of one graph and the
beginning of the next). The cuts depend on the subjects alone, not on positions, so an
added or removed statement changes one piece and leaves the cuts elsewhere where they were.

Each format's text of a run is what the whole export has at that place: for N-Triples and
N-Quads the lines themselves; for Turtle, TriG and RDF/XML Oxigraph's serialisation of the
run without what it writes around any document (the prefixes, the graph's braces, the XML
root), which goes with the first or last piece; for JSON-LD the run's node objects between
the document's separators (:mod:`coekg.rdf.jsonld_layout`). Joined, the pieces are the export
(tested for every format). Where a serialiser writes something else around a run than
expected, or the JSON-LD needs the reference writer, :class:`Unsplittable` says so, and the
format is written as one piece (:func:`whole`).
"""

from __future__ import annotations

import bisect
import hashlib
import io
import itertools
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.rdf import jsonld, jsonld_layout
from coekg.rdf.lines_export import (
    DEFAULT_GRAPH,
    KEEPS_GRAPHS,
    graph_lines,
    in_graph,
    merged_lines,
    sorted_lines,
    write_from,
)

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

#: a piece begins at a subject whose CRC-32 is a multiple of this: so many subjects a piece,
#: on average (about 1.4 MB of N-Triples for the synthetic graphs; a piece begins without
#: the previous one's dictionary, which made the dumps of the 1M graph 1-2 % larger, and
#: 4-7 % with a piece every 256 subjects)
SUBJECTS = 1024

#: a piece: its key (a digest of all its text is made from) and the function making the text
Piece = tuple[bytes, Callable[[], bytes]]


class Unsplittable(Exception):
    """The format's text cannot be cut here: it is written as one piece."""


@dataclass
class Run:
    """Sorted statements of one graph (N-Quads name, or ``DEFAULT``) as N-Triples lines."""

    graph: str
    lines: list[bytes]
    digest: bytes  # of the graph and the lines
    #: whether a piece begins with it (else it goes on the piece of the runs before)
    cut: bool
    _nquads: bytes | None = field(default=None, repr=False, compare=False)

    def ntriples(self) -> bytes:
        return b"".join(self.lines)

    def nquads(self) -> bytes:
        """Its N-Quads, made once for the three formats that keep graphs."""
        if self._nquads is None:
            self._nquads = in_graph(b"".join(self.lines), self.graph)
        return self._nquads


def runs_of(lines: list[bytes], graph: str, subjects: int) -> list[Run]:
    """``lines`` (sorted N-Triples of ``graph``) cut where a subject begins whose CRC-32 is
    a multiple of ``subjects``; the first run begins a piece only if its subject is one."""
    if not lines:
        return []
    crc32 = zlib.crc32
    starts = [0]
    first_cut = False
    at, end = 0, len(lines)
    while at < end:
        line = lines[at]
        # the subject's token: IRIs and blank node labels hold no space (the "<<" of a
        # triple term stands for all of them: they stay together); the lines are sorted,
        # so the subject's lines are those below its token and "!", the character after
        # the space
        subject = line[: line.index(b" ")]
        if crc32(subject) % subjects == 0:
            if at:
                starts.append(at)
            else:
                first_cut = True
        at = bisect.bisect_left(lines, subject + b"!", at + 1)
    starts.append(end)
    name = graph.encode() + b"\n"
    runs = []
    for begin, stop in itertools.pairwise(starts):
        part = lines[begin:stop]
        # SHA-256 (the processor's own instructions: twice BLAKE2b's speed over the whole
        # dataset), cut to 128 bits like the other keys
        digest = hashlib.sha256(name)
        digest.update(b"".join(part))
        runs.append(Run(graph, part, digest.digest()[:16], begin > 0 or first_cut))
    return runs


def triple_runs(kg: KnowledgeGraph) -> list[Run]:
    """The runs of the export's N-Triples (the formats without graphs)."""
    return runs_of(sorted_lines(kg), DEFAULT_GRAPH, SUBJECTS)


def quad_runs(kg: KnowledgeGraph) -> list[Run]:
    """The runs of the export's N-Quads (the formats with graphs), graph by graph."""
    return quad_runs_of(graph_lines(kg))


def quad_runs_of(graphs: list[tuple[str, list[bytes]]]) -> list[Run]:
    """:func:`quad_runs` of the dataset whose :func:`~coekg.rdf.lines_export.graph_lines`
    are ``graphs``."""
    runs: list[Run] = []
    for name, lines in graphs:
        runs += runs_of(lines, name, SUBJECTS)
    return runs


def triple_runs_of(graphs: list[tuple[str, list[bytes]]]) -> list[Run]:
    """:func:`triple_runs` of the dataset whose
    :func:`~coekg.rdf.lines_export.graph_lines` are ``graphs`` (without reading its parts
    again: :func:`~coekg.rdf.lines_export.merged_lines`)."""
    return runs_of(merged_lines(graphs), DEFAULT_GRAPH, SUBJECTS)


def whole(runs: list[Run], fmt: str) -> bytes:
    """The export in ``fmt`` of the statements of ``runs`` (those of :func:`triple_runs`
    for a format without graphs, else of :func:`quad_runs`), in one piece."""
    keeps_graphs = fmt in KEEPS_GRAPHS
    text = b"".join(r.nquads() if keeps_graphs else r.ntriples() for r in runs)
    out = io.BytesIO()
    write_from(text, fmt, out)
    return out.getvalue()


def pieces(runs: list[Run], fmt: str) -> list[Piece]:
    """The pieces of the export in ``fmt`` of the statements of ``runs`` (as for
    :func:`whole`): joined, they are its bytes. Making a piece's text may raise
    :class:`Unsplittable`."""
    layout = _LAYOUTS[fmt]()
    frame = hashlib.blake2b(fmt.encode() + b"\n" + layout.frame, digest_size=16).digest()
    if not runs:
        empty = layout.empty
        return [(frame + b"empty", lambda: empty)]
    # each run, with where it is: first of the document, of its graph; last of its graph,
    # of the document
    placed: list[tuple[Run, tuple[bool, bool, bool, bool]]] = []
    last = len(runs) - 1
    for i, run in enumerate(runs):
        opens = i == 0 or runs[i - 1].graph != run.graph
        closes = i == last or runs[i + 1].graph != run.graph
        placed.append((run, (i == 0, opens, closes, i == last)))
    groups: list[list[tuple[Run, tuple[bool, bool, bool, bool]]]] = []
    for item in placed:
        if not groups or item[0].cut:
            groups.append([])
        groups[-1].append(item)
    made: list[Piece] = []
    for group in groups:
        key = hashlib.blake2b(frame, digest_size=16)
        for run, where in group:
            key.update(bytes(where) + run.digest)

        def make(group: list[tuple[Run, tuple[bool, bool, bool, bool]]] = group) -> bytes:
            return b"".join(layout.text(run, *where) for run, where in group)

        made.append((key.digest(), make))
    return made


class _Layout:
    """How one format writes a run, and what it writes around the document."""

    #: what the text of every piece depends on besides the statements
    frame = b""
    #: the document of no statement
    empty = b""

    def text(self, run: Run, first: bool, opens: bool, closes: bool, last: bool) -> bytes:
        """The text of ``run``: the first, or the last, of the document; the first, or the
        last, of its graph."""
        raise NotImplementedError


class _NTriples(_Layout):
    def text(self, run: Run, first: bool, opens: bool, closes: bool, last: bool) -> bytes:
        return run.ntriples()


class _NQuads(_Layout):
    def text(self, run: Run, first: bool, opens: bool, closes: bool, last: bool) -> bytes:
        return run.nquads()


def _serialize(text: bytes, source: str, fmt: str) -> bytes:
    """Oxigraph's ``fmt`` of the statements of ``text`` (N-Triples or N-Quads)."""
    import pyoxigraph as ox

    formats = {
        "nt": ox.RdfFormat.N_TRIPLES,
        "nq": ox.RdfFormat.N_QUADS,
        "turtle": ox.RdfFormat.TURTLE,
        "xml": ox.RdfFormat.RDF_XML,
        "trig": ox.RdfFormat.TRIG,
    }
    statements = ox.parse(text, formats[source], lenient=True)
    return ox.serialize(statements, None, formats[fmt], prefixes=namespaces.PREFIXES) or b""


def _between(text: bytes, before: bytes, after: bytes) -> bytes:
    """``text`` without ``before`` and ``after``, which must be there."""
    if not text.startswith(before) or not text.endswith(after):
        raise Unsplittable
    return text[len(before) : len(text) - len(after)]


_PROBE = b"<x:s> <x:p> <x:o>"


class _Turtle(_Layout):
    """Oxigraph writes the prefixes before the first statement, and ends each subject's
    statements when the next subject begins or the document ends."""

    def __init__(self) -> None:
        probe = _serialize(_PROBE + b" .\n", "nt", "turtle")
        self.head = probe[: probe.rindex(_PROBE)]
        self.frame = self.head

    def text(self, run: Run, first: bool, opens: bool, closes: bool, last: bool) -> bytes:
        body = _between(_serialize(run.ntriples(), "nt", "turtle"), self.head, b"")
        return (self.head if first else b"") + body


class _RdfXml(_Layout):
    """Oxigraph writes the XML declaration and the ``rdf:RDF`` element around the
    descriptions."""

    def __init__(self) -> None:
        self.empty = _serialize(b"", "nt", "xml")
        end = self.empty.rfind(b"</rdf:RDF>")
        if end < 0:
            raise Unsplittable
        self.head, self.foot = self.empty[:end], self.empty[end:]
        self.frame = self.empty

    def text(self, run: Run, first: bool, opens: bool, closes: bool, last: bool) -> bytes:
        body = _between(_serialize(run.ntriples(), "nt", "xml"), self.head, self.foot)
        return (self.head if first else b"") + body + (self.foot if last else b"")


class _TriG(_Layout):
    """As Turtle, and a named graph's statements between ``<graph> {`` and ``}``."""

    def __init__(self) -> None:
        probe = _serialize(_PROBE + b" .\n", "nq", "trig")
        self.head = probe[: probe.rindex(_PROBE)]
        self.frame = self.head
        self.braces: dict[str, tuple[bytes, bytes]] = {DEFAULT_GRAPH: (b"", b"")}

    def _braces(self, graph: str) -> tuple[bytes, bytes]:
        found = self.braces.get(graph)
        if found is None:
            probe = _serialize(_PROBE + b" " + graph.encode() + b" .\n", "nq", "trig")
            start = probe.rindex(_PROBE)
            end = probe.index(b"\n", start) + 1
            # the statements' indent belongs to each subject, not to the opening
            opening = _between(probe[:start].rstrip(b"\t "), self.head, b"")
            found = self.braces[graph] = (opening, probe[end:])
        return found

    def text(self, run: Run, first: bool, opens: bool, closes: bool, last: bool) -> bytes:
        opening, closing = self._braces(run.graph)
        body = _between(_serialize(run.nquads(), "nq", "trig"), self.head + opening, closing)
        head = self.head if first else b""
        return head + (opening if opens else b"") + body + (closing if closes else b"")


class _JsonLd(_Layout):
    """:mod:`coekg.rdf.jsonld`'s document: the default graph's nodes at the top level, a
    named graph's inside its object."""

    def __init__(self) -> None:
        self.start = jsonld_layout.document_start(None)
        self.empty = jsonld_layout.empty_document(None).encode()
        self.frame = self.start.encode()
        self.known: dict[bytes, tuple[bytes, str]] = {}

    def text(self, run: Run, first: bool, opens: bool, closes: bool, last: bool) -> bytes:
        nodes = jsonld.nquads_node_texts(run.nquads(), self.known)
        if nodes is None:
            raise Unsplittable
        named = run.graph != DEFAULT_GRAPH
        between = jsonld_layout.GRAPH_SEPARATOR if named else jsonld_layout.TOP_SEPARATOR
        parts = [self.start if first else ""]
        if opens:
            if not first:
                parts.append(jsonld_layout.TOP_SEPARATOR)
            if named:
                parts.append(jsonld_layout.GRAPH_OPEN)
        else:
            parts.append(between)
        parts.append(between.join(nodes))
        if closes and named:
            parts.append(jsonld_layout.graph_close(jsonld.term_id(run.graph.encode())))
        if last:
            parts.append(jsonld_layout.DOCUMENT_END)
        return "".join(parts).encode()


_LAYOUTS: dict[str, Callable[[], _Layout]] = {
    "nt": _NTriples,
    "nq": _NQuads,
    "turtle": _Turtle,
    "xml": _RdfXml,
    "trig": _TriG,
    "jsonld": _JsonLd,
}
