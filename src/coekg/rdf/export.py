"""Serialising the dataset deterministically, in every standard RDF format.

The same input always gives byte-identical output: quads are sorted, prefixes come from
:data:`coekg.namespaces.PREFIXES` in a fixed order, and blank nodes get canonical labels
(RDFC-1.0 where it is cheap, see :mod:`coekg.rdf.canonical`). Oxigraph does the serialising;
JSON-LD is compacted by :mod:`coekg.rdf.jsonld` and embeds its context, so an export is read
offline by any JSON-LD processor.

The quads come from :meth:`coekg.rdf.dataset.KnowledgeGraph.quads`, which keeps every literal
exactly as written (an Oxigraph ``Store`` would normalise some, changing the data).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from coekg import namespaces
from coekg.rdf import lines_export
from coekg.rdf.canonical import canonical_quads
from coekg.rdf.jsonld import jsonld_document

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.rdf.dataset import KnowledgeGraph

#: format name -> (media type, file suffix, keeps named graphs)
FORMATS: dict[str, tuple[str, str, bool]] = {
    "turtle": ("text/turtle", ".ttl", False),
    "nt": ("application/n-triples", ".nt", False),
    "nq": ("application/n-quads", ".nq", True),
    "trig": ("application/trig", ".trig", True),
    "jsonld": ("application/ld+json", ".jsonld", True),
    "xml": ("application/rdf+xml", ".rdf", False),
}


def as_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of all graphs as sorted, duplicate-free triples."""
    seen: set[ox.Triple] = set()
    out: list[ox.Triple] = []
    for q in quads:
        t = q.triple
        if t not in seen:
            seen.add(t)
            out.append(t)
    out.sort(key=str)  # "S P O": the order of (S, P, O), see canonical_quads
    return out


def serialize_quads(
    quads: Iterable[ox.Quad], fmt: str, output: IO[bytes], *, context: str | None = None
) -> None:
    """Write ``quads`` to ``output`` in format ``fmt`` (a key of :data:`FORMATS`).

    JSON-LD embeds its context, unless ``context`` gives the address to refer to instead.
    """
    import pyoxigraph as ox

    ordered = canonical_quads(quads)
    if fmt == "jsonld":
        output.write(jsonld_document(ordered, context))
        return
    oxfmt = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nq": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "xml": ox.RdfFormat.RDF_XML,
    }[fmt]
    items: list[ox.Quad] | list[ox.Triple] = ordered if FORMATS[fmt][2] else as_triples(ordered)
    prefixes = namespaces.PREFIXES if fmt in ("turtle", "trig", "xml") else None
    ox.serialize(items, output, oxfmt, prefixes=prefixes)


def export(kg: KnowledgeGraph, fmt: str, output: IO[bytes]) -> None:
    """Write the whole dataset (ontology, data, query catalogue) in format ``fmt``: the
    bytes :func:`serialize_quads` writes, made from the statements sorted as lines (fast at
    a million statements, see :mod:`coekg.rdf.lines_export`)."""
    lines_export.write(kg, fmt, output)
