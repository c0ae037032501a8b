"""N-Triples and Turtle export of big datasets, byte-identical to :mod:`coekg.export`.

:func:`coekg.export.serialize_quads` sorts Python quad objects on four ``str()`` keys,
twice; at a million triples that is most of the export. Here Oxigraph writes each file's
quads as N-Triples lines in one call, and the lines are sorted as bytes: a line is
``S P O .``, the subject and predicate hold no space, and a NUL sorts before any character,
so the key ``S NUL P NUL O .`` orders the lines exactly as the tuple
``(str(S), str(P), str(O))`` orders the triples (UTF-8 keeps code point order). Blank nodes
still get their canonical labels from :func:`coekg.export.canonical_quads`, over the same
quads as before, and duplicates still go: the same triple is the same line.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from coekg import namespaces

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.dataset import KnowledgeGraph


def _has_blank(q: ox.Quad) -> bool:
    import pyoxigraph as ox

    return (
        isinstance(q.subject, ox.BlankNode)
        or isinstance(q.object, ox.BlankNode)
        or isinstance(q.graph_name, ox.BlankNode)
    )


def sorted_lines(kg: KnowledgeGraph) -> list[bytes]:
    """The distinct triples of ``kg`` as N-Triples lines, in export order."""
    import pyoxigraph as ox

    from coekg.export import canonical_quads

    lines: set[bytes] = set()
    blank: list[ox.Quad] = []
    for part in kg.parts:
        if part.graph is not None:
            text = ox.serialize(part.quads, format=ox.RdfFormat.N_QUADS) or b""
            if b"_:" not in text:
                lines.update(text.splitlines(keepends=True))
                continue
        plain = []
        for q in part.quads:
            if part.graph is not None:
                q = ox.Quad(q.subject, q.predicate, q.object, part.graph)
            if _has_blank(q):
                blank.append(q)
            else:
                plain.append(q.triple)
        lines.update(
            (ox.serialize(plain, format=ox.RdfFormat.N_TRIPLES) or b"").splitlines(keepends=True)
        )
    if blank:
        relabelled = [q.triple for q in canonical_quads(blank)]
        text = ox.serialize(relabelled, format=ox.RdfFormat.N_TRIPLES) or b""
        lines.update(text.splitlines(keepends=True))
    return sorted(lines, key=lambda line: line.replace(b" ", b"\0", 2))


def write(kg: KnowledgeGraph, fmt: str, output: IO[bytes]) -> None:
    """Write ``kg`` as N-Triples (``fmt`` "nt") or Turtle (``fmt`` "turtle")."""
    import pyoxigraph as ox

    text = b"".join(sorted_lines(kg))
    if fmt == "nt":
        output.write(text)
        return
    triples = (q.triple for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    ox.serialize(triples, output, ox.RdfFormat.TURTLE, prefixes=namespaces.PREFIXES)
