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
from coekg.rdf.jsonld_layout import (
    DOCUMENT_END,
    GRAPH_OPEN,
    GRAPH_SEPARATOR,
    TOP_SEPARATOR,
    document_start,
    empty_document,
    graph_close,
    jsonld_context,
)

if TYPE_CHECKING:
    import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


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
    return _node_of(_token_id(subject), keys, "\n  ")


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
    _write_items(items, context, output)


def write_nquads_jsonld(text: bytes, context: str | None, output: IO[bytes]) -> bool:
    """Write :func:`write_jsonld` of the statements of the N-Quads ``text`` (Oxigraph's
    lines, in the order the document lists them) straight from the lines, with a Python
    object only for a line whose literal is escaped; ``False``, with nothing written, where
    the lines hold what only the reference writer knows (a triple term, a directional
    literal, two properties with one key)."""
    try:
        items = _nquads_top_level(text)
    except (_Unusual, ValueError):  # ValueError: a line this reader does not split
        return False
    _write_items(items, context, output)
    return True


def _write_items(items: list[str], context: str | None, output: IO[bytes]) -> None:
    if not items:
        output.write(empty_document(context).encode())
        return
    output.write(document_start(context).encode())
    for start in range(0, len(items), 1000):
        if start:
            output.write(TOP_SEPARATOR.encode())
        output.write(TOP_SEPARATOR.join(items[start : start + 1000]).encode())
    output.write(DOCUMENT_END.encode())


def nquads_node_texts(text: bytes, known: dict[bytes, tuple[bytes, str]]) -> list[str] | None:
    """The node objects, in order, of the N-Quads ``text`` whose statements are all in one
    graph; ``None`` where :func:`write_nquads_jsonld` would write nothing (the document
    is then the reference writer's). ``known`` keeps values across calls."""
    try:
        return [node for _graph, node in _nquads_nodes(text, known)]
    except (_Unusual, ValueError):
        return None


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
    return _node_of(json_text.quote(_id(subject)), keys, newline)


def _node_of(quoted_id: str, keys: dict[str, list[str]], newline: str) -> str:
    """A node object: its ``@id`` (a JSON string) and its keys' values, at ``newline``."""
    if "@id" in keys:
        raise _Unusual
    inner = newline + " "
    opening, between, closing = ": [" + inner + " ", "," + inner + " ", inner + "]"
    fields = [
        (key, _quoted_key(key) + opening + between.join(values) + closing)
        for key, values in keys.items()
    ]
    fields.append(("@id", '"@id": ' + quoted_id))
    fields.sort()
    return "{" + inner + ("," + inner).join([field for _key, field in fields]) + newline + "}"


@functools.lru_cache(maxsize=1 << 12)
def _quoted_key(key: str) -> str:
    return json_text.quote(key)


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


#: objects :func:`_nquads_top_level` keeps the value of (then it forgets them all)
_KNOWN = 1 << 19


def _nquads_top_level(text: bytes) -> list[str]:
    """:func:`_top_level` of the statements of the N-Quads ``text``, from its lines.

    :func:`lines_document` groups a resource's N-Triples lines the same way; it stays a loop
    of its own: going through this one (graphs, the objects' cache) made the resources'
    documents 30 % slower."""
    top: list[str] = []
    graph = b""  # the graph of the open group ("" for the default graph)
    nodes: list[str] = []
    for g, node in _nquads_nodes(text, {}):
        if g != graph:
            if graph:
                top.append(GRAPH_OPEN + GRAPH_SEPARATOR.join(nodes) + graph_close(term_id(graph)))
            nodes = []
            graph = g
        (nodes if g else top).append(node)
    if graph:
        top.append(GRAPH_OPEN + GRAPH_SEPARATOR.join(nodes) + graph_close(term_id(graph)))
    return top


def _nquads_nodes(text: bytes, known: dict[bytes, tuple[bytes, str]]) -> list[tuple[bytes, str]]:
    """Each node object of the N-Quads ``text``, in order, with its graph's token ("" for
    the default graph). ``known`` keeps what follows a predicate, by its text: its graph
    and value object (a million statements name a few hundred thousand objects)."""
    found_nodes: list[tuple[bytes, str]] = []
    graph = b""
    subject = b""
    keys: dict[str, list[str]] = {}
    predicate = b""
    values: list[str] = []

    def close_node() -> None:
        if subject:
            text = _node_of(term_id(subject), keys, "\n    " if graph else "\n  ")
            found_nodes.append((graph, text))

    for line in text.splitlines():
        # a triple term as subject splits wrongly here: term_id refuses it
        s, p, rest = line.split(b" ", 2)
        found = known.get(rest)
        if found is None:
            o, g = _object_and_graph(rest)
            found = (g, _object_value(o, line, "\n      " if g else "\n    "))
            if len(known) >= _KNOWN:
                known.clear()
            known[rest] = found
        g, value = found
        if g != graph or s != subject:
            close_node()
            graph = g
            subject, keys, predicate = s, {}, b""
        if p != predicate:
            key = _token_key(p)
            if key in keys:
                raise _Unusual
            values = keys[key] = []
            predicate = p
        values.append(value)
    close_node()
    return found_nodes


def _object_and_graph(rest: bytes) -> tuple[bytes, bytes]:
    """The object token of an N-Quads line and its graph token (empty for the default
    graph), from what follows the predicate; the object is empty for an escaped literal,
    which :func:`_object_value` reads from the whole line."""
    first = rest[:1]
    if first == b"<":
        if rest[:2] == b"<<":
            raise _Unusual
        end = rest.index(b">") + 1
    elif first == b"_":
        end = rest.index(b" ")
    elif b"\\" in rest:
        return b"", _graph_of(rest)
    else:  # a literal without escapes: its lexical form ends at the next quote
        end = rest.index(b'"', 1) + 1
        after = rest[end : end + 1]
        if after == b"@":
            end = rest.index(b" ", end)
        elif after == b"^":
            end = rest.index(b">", end) + 1
    tail = rest[end:]
    return rest[:end], (tail[1:-2] if tail != b" ." else b"")


def _graph_of(rest: bytes) -> bytes:
    """The graph token of an N-Quads line ending with ``rest``, parsed."""
    import pyoxigraph as ox

    (quad,) = ox.parse(b"<x:s> <x:p> " + rest, ox.RdfFormat.N_QUADS, lenient=True)
    graph = quad.graph_name
    return b"" if isinstance(graph, ox.DefaultGraph) else str(graph).encode()


def _object_value(o: bytes, line: bytes, newline: str) -> str:
    """The value object of the object token ``o`` of ``line`` at the depth of ``newline``."""
    first = o[:1]
    if first == b"<":
        return _iri_object(o[1:-1].decode(), newline)
    if first == b'"':
        literal = _literal_object(o, newline)
        if literal is None:
            raise _Unusual  # a directional literal
        return literal
    if first == b"_":
        return "{" + newline + ' "@id": ' + json_text.quote(o.decode()) + newline + "}"
    import pyoxigraph as ox

    (quad,) = ox.parse(line, ox.RdfFormat.N_QUADS, lenient=True)
    return _value(quad.object, newline)


def term_id(token: bytes) -> str:
    """The ``@id`` (a JSON string) of a subject or graph token, ``<iri>`` or ``_:label``."""
    if token[:1] == b"<" and token[:2] != b"<<":
        return _token_id(token)
    if token[:2] == b"_:":
        return json_text.quote(token.decode())
    raise _Unusual
