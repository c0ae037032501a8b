"""One edition of the data as a set of statements that can be compared with another.

An edition is what a command reads (files or folders of RDF in any format, as ``--data``
takes them, or a loaded :class:`~coekg.rdf.dataset.KnowledgeGraph`). It is compared as the
union of its graphs, the triples ``coekg export --format nt`` writes and ``coekg load``
sends: a statement that moves from one file to another is no change.

Each statement is held as its N-Triples line, exactly as written (``"1.50"^^xsd:decimal`` and
``"1.5"^^xsd:decimal`` differ), because at a million statements sets of lines are several
times faster to compare than sets of parsed triples. Only lines with blank nodes are parsed,
to give the blank nodes labels that depend on their content
(:mod:`coekg.diff.blank_nodes`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.diff.blank_nodes import structures
from coekg.rdf.dataset import KnowledgeGraph, expand, gc_paused, parse_source

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.rdf.dataset import Part

#: subjects looked for as line prefixes at most (beyond, by the subject of every line)
PREFIX_SEARCH_LIMIT = 200


@dataclass
class Edition:
    """The distinct statements of one edition, as N-Triples lines without the final ``\\n``.

    ``keys`` counts the blank-node structures of each content hash
    (:func:`coekg.diff.blank_nodes.structures`).
    """

    name: str
    lines: set[bytes]
    keys: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)

    def about(self, subjects: Collection[bytes]) -> dict[bytes, list[bytes]]:
        """The lines of each of ``subjects`` (written as in a line: ``<iri>``) that has any.

        A few subjects are looked for as line prefixes, in one pass that makes no Python
        object per line; many, by the subject of every line.
        """
        found: dict[bytes, list[bytes]] = {}
        if not subjects:
            return found
        if len(subjects) <= PREFIX_SEARCH_LIMIT:
            prefixes = tuple(s + b" " for s in subjects)
            for line in [line for line in self.lines if line.startswith(prefixes)]:
                found.setdefault(line[: line.index(b" ")], []).append(line)
            return found
        wanted = set(subjects)
        for line in self.lines:
            subject = line[: line.index(b" ")]
            if subject in wanted:
                found.setdefault(subject, []).append(line)
        return found


def read(paths: Sequence[str | Path], name: str | None = None) -> Edition:
    """The edition in ``paths`` (files, or folders of RDF files, as ``--data`` takes them).

    Raises :class:`~coekg.errors.InputError` or :class:`~coekg.errors.ParseError` naming
    the file (and line) that cannot be read.
    """
    kg = KnowledgeGraph([parse_source(s) for s in expand(paths)])
    return of_graph(kg, name or " ".join(str(p) for p in paths))


def of_graph(kg: KnowledgeGraph, name: str) -> Edition:
    """The edition holding the statements of ``kg`` (every graph of it)."""
    import pyoxigraph as ox

    lines: set[bytes] = set()
    maybe_blank: list[bytes] = []
    with gc_paused():
        for part in kg.parts:
            text = _text(part)
            if b"_:" not in text:
                lines.update(text.splitlines())
                continue
            # "_:" may be a blank node, or text in a literal
            split = text.splitlines()
            maybe_blank.extend(line for line in split if b"_:" in line)
            lines.update(line for line in split if b"_:" not in line)
        blank: list[ox.Triple] = []
        if maybe_blank:
            # lenient: the lines are Oxigraph's own, of checked terms
            parsed = ox.parse(b"\n".join(maybe_blank), ox.RdfFormat.N_TRIPLES, lenient=True)
            for q in parsed:
                if isinstance(q.subject, ox.BlankNode) or _has_blank_object(q.object):
                    blank.append(q.triple)
                else:
                    lines.add(_line(q.triple))
    keys: dict[str, int] = {}
    for structure in structures(blank):
        keys[structure.key] = keys.get(structure.key, 0) + 1
        lines.update(_line(t) for t in structure.triples)
    return Edition(name, lines, keys)


def _has_blank_object(term: object) -> bool:
    import pyoxigraph as ox

    if isinstance(term, ox.BlankNode):
        return True
    if isinstance(term, ox.Triple):
        return isinstance(term.subject, ox.BlankNode) or _has_blank_object(term.object)
    return False


def _line(t: ox.Triple) -> bytes:
    return f"{t} .".encode()


def _text(part: Part) -> bytes:
    """The part's statements as N-Triples (graphs dropped)."""
    import pyoxigraph as ox

    if part.graph is not None:  # the text is N-Triples already
        return part.text
    triples = (q.triple for q in part.quads)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
