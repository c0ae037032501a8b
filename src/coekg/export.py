"""Serialising the dataset deterministically, in every standard RDF format.

The same input always gives byte-identical output: quads are sorted, prefixes come from
:data:`coekg.namespaces.PREFIXES` in a fixed order, and blank nodes get canonical labels
(RDFC-1.0 where it is cheap, see :mod:`coekg.canonical`). Oxigraph does the serialising;
JSON-LD is compacted against the published context :data:`coekg.namespaces.CONTEXT`,
which declares exactly those prefixes.

The quads come from :meth:`coekg.dataset.KnowledgeGraph.quads`, which keeps every literal
exactly as written (an Oxigraph ``Store`` would normalise some, changing the data).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from coekg import namespaces

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.dataset import KnowledgeGraph

#: format name -> (media type, file suffix, keeps named graphs)
FORMATS: dict[str, tuple[str, str, bool]] = {
    "turtle": ("text/turtle", ".ttl", False),
    "nt": ("application/n-triples", ".nt", False),
    "nq": ("application/n-quads", ".nq", True),
    "trig": ("application/trig", ".trig", True),
    "jsonld": ("application/ld+json", ".jsonld", True),
    "xml": ("application/rdf+xml", ".rdf", False),
}


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads sorted, with blank nodes relabelled canonically, in bounded time (RDFC-1.0
    where it is cheap; see :mod:`coekg.canonical`)."""
    from coekg.canonical import canonical_quads as relabelled

    return relabelled(quads)


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


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context published at :data:`coekg.namespaces.CONTEXT`."""
    return {"@context": dict(namespaces.PREFIXES)}


def _compact_iri(iri: str) -> str:
    """``coekg:Project`` for a term under a known prefix (the longest), else the IRI."""
    best_prefix, best_ns = "", ""
    for prefix, ns in namespaces.PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best_ns):
            best_prefix, best_ns = prefix, ns
    local = iri[len(best_ns) :]
    if not best_ns or not local or local.startswith("//"):
        return iri
    return f"{best_prefix}:{local}"


def _compact(node: object) -> object:
    if isinstance(node, list):
        return [_compact(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, object] = {}
    for key, value in node.items():
        if key in ("@id", "@type") and isinstance(value, str) and not value.startswith("_:"):
            out[key] = _compact_iri(value)
        elif key == "@type" and isinstance(value, list):
            out[key] = [_compact_iri(v) for v in value]
        elif key.startswith("@"):
            out[key] = _compact(value)
        else:
            out[_compact_iri(key)] = _compact(value)
    return out


def _jsonld(quads: list[ox.Quad]) -> bytes:
    import pyoxigraph as ox

    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
    doc = {"@context": namespaces.CONTEXT, "@graph": _compact(expanded)}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def serialize_quads(quads: Iterable[ox.Quad], fmt: str, output: IO[bytes]) -> None:
    """Write ``quads`` to ``output`` in format ``fmt`` (a key of :data:`FORMATS`)."""
    import pyoxigraph as ox

    ordered = canonical_quads(quads)
    if fmt == "jsonld":
        output.write(_jsonld(ordered))
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
    """Write the whole dataset (ontology, data, query catalogue) in format ``fmt``."""
    if fmt in ("nt", "turtle"):  # the same bytes, sorted as lines (fast at a million triples)
        from coekg import triples_export

        triples_export.write(kg, fmt, output)
        return
    serialize_quads(kg.quads(), fmt, output)
