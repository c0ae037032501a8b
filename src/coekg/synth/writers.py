"""Writing the blocks of :mod:`coekg.synth.generator` as N-Triples or Turtle, streaming.

A block is one resource: its subject, its class and its (predicate, object) pairs, in the
order they are written. Plain strings stand for the terms, so that writing a million
triples needs no RDF library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from coekg import namespaces

PREFIXES = {
    "coekg": namespaces.DEF,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
}

#: An object: ("id", "kind/slug") for a resource of the data; (prefix, local name) for an
#: IRI in one of :data:`PREFIXES`; or a literal: ("en", text), ("str", text), or (local
#: name of an xsd datatype, lexical form).
Obj = tuple[str, str]
#: A predicate, written "prefix:local", and its object.
Pair = tuple[str, Obj]
#: A subject "kind/slug", the local name of its class in coekg ("" for none), its pairs.
Block = tuple[str, str, list[Pair]]

FORMATS = ("nt", "turtle")

#: Text is written to the stream in chunks of about this many characters.
CHUNK = 1 << 20


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _typed(block: Block) -> tuple[str, list[Pair]]:
    subject, cls, pairs = block
    return subject, ([("rdf:type", ("coekg", cls))] if cls else []) + pairs


def _object_writer(iri: Callable[[str, str], str], ids: str) -> Callable[[Obj], str]:
    """Objects as terms, with ``iri(prefix, local)`` for IRIs in a namespace and ``ids``
    before the "kind/slug" of a resource."""

    def obj(o: Obj) -> str:
        kind, text = o
        if kind == "id":
            return f"<{ids}{text}>"
        if kind in PREFIXES:
            return iri(kind, text)
        if kind == "en":
            return f'"{_escape(text)}"@en'
        if kind == "str":
            return f'"{_escape(text)}"'
        return f'"{text}"^^{iri("xsd", kind)}'

    return obj


def _nt_writer() -> Callable[[Block], tuple[str, int]]:
    def iri(prefix: str, local: str) -> str:
        return f"<{PREFIXES[prefix]}{local}>"

    obj = _object_writer(iri, namespaces.ID)
    predicates: dict[str, str] = {}

    def pred(p: str) -> str:
        if p not in predicates:
            prefix, local = p.split(":", 1)
            predicates[p] = iri(prefix, local)
        return predicates[p]

    def write(block: Block) -> tuple[str, int]:
        subject, pairs = _typed(block)
        s = f"<{namespaces.ID}{subject}>"
        return "".join(f"{s} {pred(p)} {obj(o)} .\n" for p, o in pairs), len(pairs)

    return write


def _turtle_header() -> str:
    lines = ["# Synthetic data for benchmarks and tests (coekg synth); it states no real facts.\n"]
    lines.append(f"@base <{namespaces.ID}> .\n")
    lines += [f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()]
    return "".join(lines) + "\n"


def _turtle_writer() -> Callable[[Block], tuple[str, int]]:
    obj = _object_writer(lambda prefix, local: f"{prefix}:{local}", "")

    def write(block: Block) -> tuple[str, int]:
        subject, pairs = _typed(block)
        text = " ;\n    ".join(f"{'a' if p == 'rdf:type' else p} {obj(o)}" for p, o in pairs)
        return f"<{subject}> {text} .\n\n", len(pairs)

    return write


class BlockWriter:
    """Writes blocks to a binary stream as N-Triples (``fmt`` "nt") or Turtle ("turtle"),
    counting the triples; :meth:`flush` writes what is still held."""

    def __init__(self, output: IO[bytes], fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown synthetic format {fmt!r}")
        self.output = output
        self.triples = 0
        self._write = _nt_writer() if fmt == "nt" else _turtle_writer()
        self._chunk = [_turtle_header()] if fmt == "turtle" else []
        self._size = 0

    def write(self, block: Block) -> None:
        text, triples = self._write(block)
        self._chunk.append(text)
        self.triples += triples
        self._size += len(text)
        if self._size > CHUNK:
            self.flush()

    def flush(self) -> None:
        self.output.write("".join(self._chunk).encode("utf-8"))
        self._chunk.clear()
        self._size = 0
