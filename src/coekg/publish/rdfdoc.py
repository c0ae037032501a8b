"""Small RDF documents (per resource, catalogue, VoID, ontology) written deterministically.

Triples are sorted and blank nodes relabelled canonically by :mod:`coekg.rdf.export`; Turtle
declares only the prefixes it uses, so each document stays short and readable.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.rdf import export
from coekg.rdf.canonical import canonical_quads
from coekg.rdf.jsonld import jsonld_context

if TYPE_CHECKING:
    import pyoxigraph as ox

#: prefixes of the vocabularies that the catalogue, VoID and service description use
EXTRA_PREFIXES: dict[str, str] = {
    "spdx": "http://spdx.org/rdf/terms#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "adms": "http://www.w3.org/ns/adms#",
    "locn": "http://www.w3.org/ns/locn#",
}


def _canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    import pyoxigraph as ox

    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    return export.as_triples(canonical_quads(quads))


def _used(triples: list[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, str]:
    import pyoxigraph as ox

    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def turtle(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] | None = None) -> bytes:
    """Turtle with sorted triples, canonical blank nodes and only the prefixes in use."""
    import pyoxigraph as ox

    ordered = _canonical_triples(triples)
    known = {**namespaces.PREFIXES, **EXTRA_PREFIXES, **(prefixes or {})}
    out = io.BytesIO()
    ox.serialize(ordered, out, ox.RdfFormat.TURTLE, prefixes=_used(ordered, known))
    return out.getvalue()


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    import pyoxigraph as ox

    out = io.BytesIO()
    ox.serialize(_canonical_triples(triples), out, ox.RdfFormat.N_TRIPLES)
    return out.getvalue()


def jsonld(triples: Iterable[ox.Triple], context: str = namespaces.CONTEXT) -> bytes:
    """JSON-LD compacted as ``coekg export`` writes it, referring to the context at the
    address ``context`` (a site's own ``context.jsonld``)."""
    import pyoxigraph as ox

    out = io.BytesIO()
    export.serialize_quads(
        (ox.Quad(t.subject, t.predicate, t.object) for t in triples), "jsonld", out, context=context
    )
    return out.getvalue()


def context_document() -> bytes:
    """The JSON-LD context published at the site root as ``context.jsonld``."""
    return (json.dumps(jsonld_context(), indent=2, ensure_ascii=False) + "\n").encode()


def script_json(value: object) -> str:
    """JSON for a ``<script type="application/ld+json">`` block.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` so no
    literal (``</script>``, ``<!--``) can end the block or start markup; the JSON is the same.
    """
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
