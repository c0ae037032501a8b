"""Small RDF documents (per resource, catalogue, VoID, ontology) written deterministically.

Triples are sorted and blank nodes relabelled canonically by :mod:`coekg.rdf.export`; Turtle
declares only the prefixes it uses, so each document stays short and readable.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.rdf import export
from coekg.rdf.canonical import canonical_quads
from coekg.rdf.jsonld import jsonld_document, lines_document
from coekg.rdf.jsonld_layout import jsonld_context

if TYPE_CHECKING:
    import pyoxigraph as ox

#: prefixes of the vocabularies that the catalogue, VoID and service description use
EXTRA_PREFIXES: dict[str, str] = {
    "spdx": "http://spdx.org/rdf/terms#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "adms": "http://www.w3.org/ns/adms#",
    "locn": "http://www.w3.org/ns/locn#",
}
_KNOWN = {**namespaces.PREFIXES, **EXTRA_PREFIXES}


def _canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    import pyoxigraph as ox

    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    return export.as_triples(canonical_quads(quads))


def canonical_description(lines: bytes) -> list[ox.Quad]:
    """The statements of N-Triples ``lines`` as a resource's documents hold them: each once,
    sorted, blank nodes relabelled canonically (as :func:`turtle` and :func:`jsonld` would
    make them), as default-graph quads.

    Without blank nodes the sorted lines are already in that order (a line is the
    statement's text, see :mod:`coekg.rdf.lines_export`), so Oxigraph reads them once."""
    import pyoxigraph as ox

    if b"_:" not in lines:
        ordered = b"".join(sorted(set(lines.splitlines(keepends=True))))
        return list(ox.parse(ordered, ox.RdfFormat.N_TRIPLES, lenient=True))
    parsed = ox.parse(lines, ox.RdfFormat.N_TRIPLES, lenient=True)
    return [ox.Quad(t.subject, t.predicate, t.object) for t in _canonical_triples(parsed)]


_KNOWN_INDEX = namespaces.NamespaceIndex(_KNOWN)


@functools.lru_cache(maxsize=1 << 14)
def _known_prefixes_of(iri: str) -> tuple[str, ...]:
    """The prefixes of :data:`_KNOWN` whose namespace ``iri`` starts with."""
    return tuple(p for p, _ns in _KNOWN_INDEX.matches(iri))


def _used(triples: Iterable[ox.Triple | ox.Quad], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes (of ``prefixes``, in their order) whose namespace an IRI of ``triples``
    (or a literal's datatype) starts with."""
    import pyoxigraph as ox

    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    if prefixes is _KNOWN:
        found: set[str] = set()
        for iri in iris:
            found.update(_known_prefixes_of(iri))
        return {p: ns for p, ns in prefixes.items() if p in found}
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


@functools.lru_cache(maxsize=1 << 17)
def _known_prefixes_of_token(iri_token: bytes) -> tuple[str, ...]:
    """:func:`_known_prefixes_of` the IRI ``<iri>`` of a resource's documents (kept for every
    IRI of a large site: each is named in several resources' documents)."""
    return tuple(p for p, _ns in _KNOWN_INDEX.matches(iri_token[1:-1].decode()))


def canonical_turtle(quads: list[ox.Quad], iri_tokens: set[bytes] | None = None) -> bytes:
    """Turtle of statements already in canonical order (:func:`canonical_description`),
    with only the prefixes in use: the bytes :func:`turtle` writes for them. ``iri_tokens``
    are the IRIs the statements name, if known (:func:`coekg.publish.statements.iri_tokens`)."""
    import pyoxigraph as ox

    out = io.BytesIO()
    if iri_tokens is None:
        prefixes = _used(quads, _KNOWN)
    else:
        prefixes = _known_table(frozenset().union(*map(_known_prefixes_of_token, iri_tokens)))
    ox.serialize(quads, out, ox.RdfFormat.TURTLE, prefixes=prefixes)
    return out.getvalue()


@functools.lru_cache(maxsize=1 << 10)
def _known_table(found: frozenset[str]) -> dict[str, str]:
    """The prefixes ``found`` with their namespaces, in :data:`_KNOWN`'s order (a site's
    resources use a few dozen such sets). Shared by every call: read it, never change it."""
    return {p: ns for p, ns in _KNOWN.items() if p in found}


def canonical_jsonld(
    quads: list[ox.Quad] | None, context: str = namespaces.CONTEXT, lines: bytes | None = None
) -> bytes:
    """JSON-LD of statements already in canonical order: the bytes :func:`jsonld` writes.
    ``lines`` are the same statements as N-Triples, if known (then written from the text);
    with them, ``quads`` may be ``None``: the lines are parsed only where the text does not
    tell."""
    import pyoxigraph as ox

    if lines is not None:
        document = lines_document(lines, context)
        if document is not None:
            return document
        if quads is None:
            quads = list(ox.parse(lines, ox.RdfFormat.N_TRIPLES, lenient=True))
    if quads is None:
        raise ValueError("give the statements, as quads or as N-Triples lines")
    return jsonld_document(quads, context)


def turtle(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] | None = None) -> bytes:
    """Turtle with sorted triples, canonical blank nodes and only the prefixes in use."""
    import pyoxigraph as ox

    ordered = _canonical_triples(triples)
    known = {**_KNOWN, **prefixes} if prefixes else _KNOWN
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
