"""JSON-LD: the project's context, compact IRIs, and the compacted document of quads.

The context declares exactly the prefixes of :data:`coekg.namespaces.PREFIXES`. A document
either embeds it (``coekg export``: the file stands alone, any JSON-LD processor reads it
offline) or refers to it by an address (the published site's documents refer to the
``context.jsonld`` that the site itself serves).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from coekg import namespaces

if TYPE_CHECKING:
    import pyoxigraph as ox


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context: a site serves it as ``context.jsonld``; exports embed it."""
    return {"@context": dict(namespaces.PREFIXES)}


def compact_iri(iri: str) -> str:
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
            out[key] = compact_iri(value)
        elif key == "@type" and isinstance(value, list):
            out[key] = [compact_iri(v) for v in value]
        elif key.startswith("@"):
            out[key] = _compact(value)
        else:
            out[compact_iri(key)] = _compact(value)
    return out


def jsonld_document(quads: list[ox.Quad], context: str | None = None) -> bytes:
    """The quads as one compacted JSON-LD document (sorted keys, deterministic).

    ``context`` is the address of the context to refer to; without it, the context is
    embedded and the document needs nothing else to be read.
    """
    import pyoxigraph as ox

    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
    header: object = context if context is not None else jsonld_context()["@context"]
    doc = {"@context": header, "@graph": _compact(expanded)}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
