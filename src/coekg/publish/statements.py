"""The data's statements as sorted N-Triples lines, indexed once for the site.

A million statements as Python objects take seconds to make and gigabytes to hold; every
page needs a few dozen of them. So the statements of the data graphs (every graph but the
ontology's) are kept as they were read, N-Triples lines with every literal as written, sorted
and without duplicates, in one buffer: the lines of one subject are neighbours, and
:meth:`Statements.lines_of` gives them as one slice that Oxigraph parses in microseconds.

One pass over the lines finds what the pages and the dataset's description need of the
whole graph: where each subject's lines are, the lines pointing at each IRI ("Referenced
by": not ``rdf:type``, not the query catalogue's), the classes of each resource, the named
graphs it is described in, the candidate labels, how often each property and class is
used, the dates, and the VoID statistics.

A line is ``S P O .``: the subject and the predicate hold no space (IRIs and blank node
labels cannot), so splitting at the first two spaces gives the three terms as written.
Sorting the lines sorts the statements by subject, then predicate, then object (see
:mod:`coekg.rdf.lines_export`); ties that the page renderer breaks by statement order are
broken by this text, whatever order the files were read in.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, compress, islice
from operator import ne
from typing import TYPE_CHECKING

from coekg.rdf.dataset import gc_paused

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pyoxigraph as ox

    from coekg.rdf.dataset import KnowledgeGraph

RDF_TYPE_TOKEN = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DATE_END = b'"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
_XSD_STRING = b"<http://www.w3.org/2001/XMLSchema#string>"
_LANG_STRING = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>"


def token(iri: str) -> bytes:
    """The N-Triples text of an IRI: ``<iri>``."""
    return b"<" + iri.encode() + b">"


def iri_of(term: bytes) -> str:
    """The IRI of an N-Triples IRI token ``<iri>``."""
    return term[1:-1].decode()


@dataclass
class VoidCounts:
    """What the VoID description counts over the distinct statements of the whole dataset
    (ontology and data): statements, distinct subjects and objects, the instances of each
    class and the statements of each property."""

    triples: int = 0
    subjects: int = 0
    objects: int = 0
    class_entities: dict[str, int] = field(default_factory=dict)
    property_triples: dict[str, int] = field(default_factory=dict)


class Statements:
    """The sorted, distinct N-Triples lines of the data graphs and their indexes."""

    def __init__(
        self,
        lines: list[bytes],
        catalogue: set[bytes],
        graphs_of: dict[str, tuple[str, ...]],
        label_tokens: tuple[bytes, ...],
        counted_objects: frozenset[bytes] = frozenset(),
    ) -> None:
        """Index ``lines`` (sorted, distinct); ``catalogue`` holds the lines of the query
        catalogue (never a resource's incoming link); ``label_tokens`` are the label
        properties; ``counted_objects`` the IRI tokens whose uses as objects are counted."""
        self.graphs_of = graphs_of
        self.count = len(lines)
        offsets = array("Q", [0])
        total = 0
        #: subject token -> (first line, line after the last)
        self.subjects: dict[bytes, tuple[int, int]] = {}
        #: object IRI token -> its incoming lines (not rdf:type, not the catalogue's)
        self.incoming: dict[bytes, list[int]] = {}
        #: class IRI token -> the IRI subjects typed with it, in order
        self.typed: dict[bytes, list[bytes]] = {}
        self.class_counts: Counter[bytes] = Counter()
        self.predicate_counts: Counter[bytes] = Counter()
        self.object_counts: Counter[bytes] = Counter()
        #: lines that may give a subject its label (label property, literal object)
        self.label_lines: list[int] = []
        self.dates: list[str] = []
        label_set = frozenset(label_tokens)
        subjects = self.subjects
        incoming = self.incoming
        predicate_counts = self.predicate_counts
        current = b""
        first = 0
        objects: set[bytes] = set()
        with gc_paused():
            for i, line in enumerate(lines):
                total += len(line)
                offsets.append(total)
                s, p, o = line.split(b" ", 2)
                if s != current:
                    if current:
                        subjects[current] = (first, i)
                    current, first = s, i
                predicate_counts[p] += 1
                o = o[:-3]  # " .\n"
                objects.add(o)
                lead = o[:1]
                if lead == b"<":
                    if p == RDF_TYPE_TOKEN:
                        self.class_counts[o] += 1
                        if s[:1] == b"<":
                            self.typed.setdefault(o, []).append(s)
                    elif line not in catalogue:
                        if o in incoming:
                            incoming[o].append(i)
                        else:
                            incoming[o] = [i]
                    if o in counted_objects:
                        self.object_counts[o] += 1
                elif lead == b'"':
                    if p in label_set and s[:1] == b"<":
                        self.label_lines.append(i)
                    if line.endswith(_DATE_END) and p != RDF_TYPE_TOKEN:
                        self.dates.append(literal_value(o))
            if current:
                subjects[current] = (first, len(lines))
        self.offsets = offsets
        self.distinct_objects = objects
        self.blob = b"".join(lines)
        self._last_incoming: tuple[bytes, Sequence[bytes]] = (b"", ())

    def line(self, i: int) -> bytes:
        return self.blob[self.offsets[i] : self.offsets[i + 1]]

    def lines_of(self, subject: bytes) -> bytes:
        """The lines whose subject is the token ``subject`` (``<iri>`` or ``_:label``)."""
        found = self.subjects.get(subject)
        if found is None:
            return b""
        return self.blob[self.offsets[found[0]] : self.offsets[found[1]]]

    def incoming_lines(self, iri_token: bytes) -> Sequence[bytes]:
        """The lines whose object is the IRI ``iri_token`` (not ``rdf:type``, not the
        catalogue's). The last answer is kept, to be read, not changed: a resource's
        description, digests and page ask for it in turn, and a hub has tens of thousands."""
        last = self._last_incoming
        if last[0] == iri_token:
            return last[1]
        blob, offsets = self.blob, self.offsets
        found = [blob[offsets[i] : offsets[i + 1]] for i in self.incoming.get(iri_token, ())]
        self._last_incoming = (iri_token, found)
        return found


def iri_tokens(lines: bytes) -> set[bytes] | None:
    """The IRIs (as ``<iri>``) that N-Triples ``lines`` name: subjects, predicates,
    objects and literals' datatypes (``xsd:string`` and ``rdf:langString`` too, which the
    text leaves out); ``None`` if the lines hold a triple term or a directional literal
    (whose IRIs only the parsed statement tells)."""
    if b"<<" in lines:
        return None
    found: set[bytes] = set()
    for line in lines.splitlines():
        s, p, o = line.split(b" ", 2)
        if s[:1] == b"<":
            found.add(s)
        found.add(p)
        lead = o[:1]
        if lead == b"<":
            found.add(o[:-2])  # "<o> ."
        elif lead == b'"':
            rest = o[o.rindex(b'"') + 1 : -2]
            if rest[:3] == b"^^<":  # "lexical"^^<datatype>
                found.add(rest[2:])
            elif not rest:
                found.add(_XSD_STRING)
            elif b"--" in rest:  # "lexical"@lang--dir
                return None
            else:
                found.add(_LANG_STRING)
    return found


def literal_of(literal: bytes) -> ox.Literal:
    """The literal whose N-Triples text is ``literal``."""
    import pyoxigraph as ox

    (q,) = ox.parse(b"<x:s> <x:p> " + literal + b" .\n", ox.RdfFormat.N_TRIPLES, lenient=True)
    assert isinstance(q.object, ox.Literal)
    return q.object


def literal_value(literal: bytes) -> str:
    """The lexical form of the literal whose N-Triples text is ``literal``."""
    if b"\\" not in literal:
        return literal[1 : literal.rindex(b'"')].decode()
    return literal_of(literal).value


def literal_language(literal: bytes) -> str | None:
    """The language tag of the literal whose N-Triples text is ``literal`` (``None``
    without one)."""
    rest = literal[literal.rindex(b'"') + 1 :]
    if rest[:1] != b"@":
        return None
    if b"--" in rest:  # a base direction after the tag
        return literal_of(literal).language
    return rest[1:].decode()


def distinct_sorted(lines: list[bytes]) -> list[bytes]:
    """``lines`` sorted, each once."""
    lines.sort()
    if not lines:
        return lines
    keep = chain(map(ne, lines, islice(lines, 1, None)), [True])
    return list(compress(lines, keep))


def _triples_as_lines(triples: list[ox.Triple]) -> list[bytes]:
    import pyoxigraph as ox

    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").splitlines(True)


@dataclass
class GraphLines:
    """The dataset's statements split as the site needs them: the data graphs' lines
    (sorted, distinct), the query catalogue's lines, and the named graphs each IRI subject
    is described in (outside the ontology and the catalogue); the ontology's triples are
    :func:`ontology_triples`."""

    content: list[bytes]
    catalogue: set[bytes]
    graphs_of: dict[str, tuple[str, ...]]


def ontology_triples(kg: KnowledgeGraph) -> list[ox.Triple]:
    """The triples of ``kg``'s ontology graphs (which :func:`split_graphs` leaves out), without
    reading the data's files."""
    import pyoxigraph as ox

    ontology_graphs = set(kg.graphs("ontology"))
    ontology: list[ox.Triple] = []
    for part in kg.parts:
        if ontology_graphs.isdisjoint(part.graph_names):
            continue
        if part.graph is not None:
            ontology.extend(q.triple for q in part.quads)
            continue
        for q in part.quads:
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in ontology_graphs:
                ontology.append(q.triple)
    return ontology


def split_graphs(kg: KnowledgeGraph) -> GraphLines:
    """Read ``kg``'s parts into :class:`GraphLines`, without a Python object per statement
    of a file of one graph (the usual case); files naming their own graphs go statement by
    statement."""
    import pyoxigraph as ox

    ontology_graphs = set(kg.graphs("ontology"))
    catalogue_graphs = set(kg.graphs("queries"))
    content: list[bytes] = []
    catalogue: set[bytes] = set()
    graph_sets: dict[str, set[str]] = {}

    def add(graph: str, lines: list[bytes]) -> None:
        content.extend(lines)
        if graph in catalogue_graphs:
            catalogue.update(lines)
            return
        for s in {line[: line.index(b" ")] for line in lines}:
            if s[:1] == b"<":
                graph_sets.setdefault(iri_of(s), set()).add(graph)

    with gc_paused():
        for part in kg.parts:
            if part.graph is not None:
                graph = part.graph.value
                if graph not in ontology_graphs:
                    add(graph, part.text.splitlines(keepends=True))
                continue
            by_graph: dict[str, list[ox.Triple]] = {}
            for q in part.quads:
                name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
                by_graph.setdefault(name, []).append(q.triple)
            for graph, triples in by_graph.items():
                if graph not in ontology_graphs:
                    add(graph, _triples_as_lines(triples))
        lines = distinct_sorted(content)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    graphs_of = {}
    for iri, graphs in graph_sets.items():
        key = tuple(sorted(graphs))
        graphs_of[iri] = shared.setdefault(key, key)
    return GraphLines(lines, catalogue, graphs_of)
