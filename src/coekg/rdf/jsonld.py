"""JSON-LD: the project's context, compact IRIs, and the compacted document of quads.

The context declares exactly the prefixes of :data:`coekg.namespaces.PREFIXES`. A document
either embeds it (``coekg export``: the file stands alone, any JSON-LD processor reads it
offline) or refers to it by an address (the published site's documents refer to the
``context.jsonld`` that the site itself serves).

The document is defined as Oxigraph's JSON-LD of the quads, every IRI compacted with the
prefixes, written with sorted keys and an indent of one (:func:`reference_document`). That
is slow for a million statements, or a hundred thousand small documents: three passes
through Python objects. :func:`jsonld_document` writes the same text in one pass over the
quads where it knows Oxigraph's layout (IRIs, blank nodes and literals with a datatype or a
language, in named graphs or not), and goes the reference way otherwise (RDF 1.2 triple
terms, directional language strings, two IRIs that compact to the same key).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from typing import IO, TYPE_CHECKING

from coekg import namespaces
from coekg.rdf import json_text

if TYPE_CHECKING:
    import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context: a site serves it as ``context.jsonld``; exports embed it."""
    return {"@context": dict(namespaces.PREFIXES)}


@functools.lru_cache(maxsize=1 << 17)
def compact_iri(iri: str) -> str:
    """``coekg:Project`` for a term under a known prefix (the longest), else the IRI."""
    best_prefix, best_ns = namespaces.longest_prefix(iri)
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


def reference_document(quads: Sequence[ox.Quad], context: str | None = None) -> bytes:
    """The document as defined: Oxigraph's JSON-LD of ``quads``, compacted, sorted keys."""
    import pyoxigraph as ox

    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
    header: object = context if context is not None else jsonld_context()["@context"]
    doc = {"@context": header, "@graph": _compact(expanded)}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def jsonld_document(
    quads: Iterable[ox.Quad],
    context: str | None = None,
    again: Callable[[], Sequence[ox.Quad]] | None = None,
) -> bytes:
    """The quads as one compacted JSON-LD document (sorted keys, deterministic).

    ``context`` is the address of the context to refer to; without it, the context is
    embedded and the document needs nothing else to be read. ``quads`` may be read only
    once (a stream from a parser) if ``again`` gives them again, should the reference
    writer be needed.
    """
    if again is None and not isinstance(quads, Sequence):
        quads = list(quads)
    text = _fast_document(quads, context)
    if text is not None:
        return text.encode()
    return reference_document(again() if again is not None else quads, context)  # type: ignore[arg-type]


def lines_document(lines: bytes, context: str | None = None) -> bytes | None:
    """:func:`jsonld_document` of the default-graph statements of sorted, distinct
    N-Triples ``lines``, straight from their text (no Python object per statement); ``None``
    where the lines hold a blank node, a triple term, an escaped or directional literal (then
    :func:`jsonld_document` over the parsed statements gives the document)."""
    if b"_:" in lines or b"<<" in lines:
        return None
    nodes: list[str] = []
    subject = b""
    keys: dict[str, list[str]] = {}
    predicate = b""
    values: list[str] = []
    for line in lines.splitlines():
        s, p, o = line.split(b" ", 2)
        o = o[:-2]  # " ."
        if s != subject:
            if subject:
                nodes.append(_node_text(subject, keys))
            subject, keys, predicate = s, {}, b""
        if p != predicate:
            key = _token_key(p)
            if key in keys:
                return None
            values = keys[key] = []
            predicate = p
        if o[:1] == b"<":
            values.append(_iri_token_object(o))
            continue
        literal = _literal_object(o, "\n    ")
        if literal is None:
            return None
        values.append(literal)
    if subject:
        nodes.append(_node_text(subject, keys))
    header = json_text.text(context if context is not None else jsonld_context()["@context"], "\n ")
    body = "[]" if not nodes else "[\n  " + ",\n  ".join(nodes) + "\n ]"
    return ('{\n "@context": ' + header + ',\n "@graph": ' + body + "\n}\n").encode()


@functools.lru_cache(maxsize=1 << 12)
def _token_key(predicate: bytes) -> str:
    """The key of a property given as ``<iri>``."""
    return compact_iri(predicate[1:-1].decode())


@functools.lru_cache(maxsize=1 << 17)
def _iri_token_object(iri_token: bytes) -> str:
    """:func:`_iri_object` of an object ``<iri>`` of a node: the same text in every
    document that names the IRI."""
    return _iri_object(iri_token[1:-1].decode(), "\n    ")


@functools.lru_cache(maxsize=1 << 17)
def _token_id(subject: bytes) -> str:
    """The ``@id`` of a node whose subject is ``<iri>``, quoted."""
    return json_text.quote(compact_iri(subject[1:-1].decode()))


def _node_text(subject: bytes, keys: dict[str, list[str]]) -> str:
    fields = {"@id": _token_id(subject)}
    for key, values in keys.items():
        fields[key] = "[\n    " + ",\n    ".join(values) + "\n   ]"
    items = [f"{json_text.quote(k)}: {fields[k]}" for k in sorted(fields)]
    return "{\n   " + ",\n   ".join(items) + "\n  }"


def _literal_object(literal: bytes, newline: str) -> str | None:
    """The value object of the N-Triples literal ``literal``; ``None`` if it is escaped
    or directional."""
    close = literal.rindex(b'"')
    lexical = literal[1:close]
    if b"\\" in lexical:
        return None
    inner = newline + " "
    value = '"@value": ' + json_text.quote(lexical.decode())
    rest = literal[close + 1 :]
    if not rest:
        return "{" + inner + value + newline + "}"
    if rest[:1] == b"@":
        language = rest[1:].decode()
        if "--" in language:
            return None
        first = '"@language": ' + json_text.quote(language)
    else:  # ^^<datatype>
        first = '"@type": ' + json_text.quote(compact_iri(rest[3:-1].decode()))
    return "{" + inner + first + "," + inner + value + newline + "}"


def write_jsonld(
    quads: Iterable[ox.Quad],
    context: str | None,
    output: IO[bytes],
    again: Callable[[], Sequence[ox.Quad]] | None = None,
) -> None:
    """Write :func:`jsonld_document` of ``quads`` to ``output`` piece by piece (a dump of a
    million statements is never one string)."""
    if again is None and not isinstance(quads, Sequence):
        quads = list(quads)
    try:
        items = _top_level(quads)
    except _Unusual:
        output.write(reference_document(again() if again is not None else quads, context))  # type: ignore[arg-type]
        return
    header = json_text.text(context if context is not None else jsonld_context()["@context"], "\n ")
    if not items:
        output.write(('{\n "@context": ' + header + ',\n "@graph": []\n}\n').encode())
        return
    output.write(('{\n "@context": ' + header + ',\n "@graph": [\n  ').encode())
    for start in range(0, len(items), 1000):
        if start:
            output.write(b",\n  ")
        output.write(",\n  ".join(items[start : start + 1000]).encode())
    output.write(b"\n ]\n}\n")


class _Unusual(Exception):
    """The quads hold something the fast writer leaves to the reference one."""


def _fast_document(quads: Iterable[ox.Quad], context: str | None) -> str | None:
    header = json_text.text(context if context is not None else jsonld_context()["@context"], "\n ")
    try:
        items = _top_level(quads)
    except _Unusual:
        return None
    body = "[]" if not items else "[\n  " + ",\n  ".join(items) + "\n ]"
    return '{\n "@context": ' + header + ',\n "@graph": ' + body + "\n}\n"


def _top_level(quads: Iterable[ox.Quad]) -> list[str]:
    """The texts of the top-level objects: nodes of the default graph, and named graphs
    with their nodes, in the order Oxigraph writes them (that of the quads)."""
    import pyoxigraph as ox

    top: list[str] = []
    graph: object = None  # the graph of the open group
    nodes: list[str] = []
    subject: object = None
    keys: dict[str, list[str]] = {}
    predicate: object = None
    values: list[str] = []
    in_named = False

    def close_node() -> None:
        if subject is not None:
            text = _node(subject, keys, "\n    " if in_named else "\n  ")
            (nodes if in_named else top).append(text)

    def close_graph() -> None:
        if in_named:
            inner = ",\n    ".join(nodes)
            name = json_text.quote(_id(graph))
            top.append('{\n   "@graph": [\n    ' + inner + '\n   ],\n   "@id": ' + name + "\n  }")

    for q in quads:
        g = getattr(q, "graph_name", None)
        if isinstance(g, ox.DefaultGraph):
            g = None
        s, p = q.subject, q.predicate
        if subject is None or g != graph or s != subject:
            close_node()
            if subject is None or g != graph:
                close_graph()
                nodes = []
                graph, in_named = g, g is not None
            subject, keys, predicate = s, {}, None
        if p != predicate:
            key = compact_iri(p.value)
            if key in keys:
                raise _Unusual
            values = keys[key] = []
            predicate = p
        values.append(_value(q.object, "\n      " if in_named else "\n    "))
    close_node()
    close_graph()
    return top


def _id(term: object) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    raise _Unusual


def _node(subject: object, keys: dict[str, list[str]], newline: str) -> str:
    inner = newline + " "
    fields = {"@id": json_text.quote(_id(subject))}
    for key, values in keys.items():
        fields[key] = "[" + inner + " " + ("," + inner + " ").join(values) + inner + "]"
    if len(fields) != len(keys) + 1:
        raise _Unusual
    items = [f"{json_text.quote(k)}: {fields[k]}" for k in sorted(fields)]
    return "{" + inner + ("," + inner).join(items) + newline + "}"


def _value(term: object, newline: str) -> str:
    """The value object of ``term`` at the depth of ``newline``."""
    import pyoxigraph as ox

    inner = newline + " "
    if isinstance(term, ox.Literal):
        if term.language:
            if getattr(term, "direction", None):
                raise _Unusual
            first = '"@language": ' + json_text.quote(term.language)
        else:
            datatype = term.datatype.value
            if datatype == XSD_STRING:
                return "{" + inner + '"@value": ' + json_text.quote(term.value) + newline + "}"
            if datatype == LANG_STRING:
                raise _Unusual
            first = '"@type": ' + json_text.quote(compact_iri(datatype))
        value = '"@value": ' + json_text.quote(term.value)
        return "{" + inner + first + "," + inner + value + newline + "}"
    if isinstance(term, ox.NamedNode):
        return _iri_object(term.value, newline)
    return "{" + inner + '"@id": ' + json_text.quote(_id(term)) + newline + "}"


@functools.lru_cache(maxsize=1 << 17)
def _iri_object(iri: str, newline: str) -> str:
    """The value object of the IRI ``iri`` (the same wherever it is a value)."""
    return "{" + newline + ' "@id": ' + json_text.quote(compact_iri(iri)) + newline + "}"
