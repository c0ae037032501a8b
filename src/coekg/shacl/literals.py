"""Literals in the store exactly as pySHACL sees them.

Two readings of a literal differ from the file's: pySHACL reads the data with rdflib, which
rewrites the lexical form of literals it can convert (``"+12"^^xsd:integer`` becomes
``"12"``, ``"TRUE"^^xsd:boolean`` becomes ``"true"`` but stays ill-typed); and an Oxigraph
``Store`` rewrites literals it knows (``"5"^^xsd:positiveInteger`` comes back as
``"5"^^xsd:integer``). The engine must judge what pySHACL judges, so:

1. each literal is first rewritten as rdflib rewrites it (:func:`pyshacl_literal`); when
   rdflib found it ill-typed but its new form reads well-typed, it is marked with the
   datatype ``urn:x-coekg:ill-typed:`` + its datatype IRI, so ``sh:datatype`` still fails;
2. the literals a store would change get the datatype ``urn:x-coekg:literal:`` + their
   datatype IRI, which Oxigraph keeps as it is (:class:`Codec`).

:func:`decode` gives back the literal as pySHACL reports it, and :func:`reported` any term
as pySHACL reports it. Most literals (canonical dates, integers, strings) change in neither
step and are recognised without asking rdflib. :func:`to_rdflib` gives the rdflib term the
exact checks of the components compare, as pySHACL does.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from coekg.shacl.shapes import RDF, XSD, Term

PREFIX = "urn:x-coekg:literal:"
ILL_TYPED = "urn:x-coekg:ill-typed:"

#: datatypes rdflib converts to Python values (and so may rewrite), from rdflib.term
RDFLIB_CONVERTED = {
    XSD + n
    for n in [
        "time",
        "date",
        "dateTime",
        "duration",
        "dayTimeDuration",
        "yearMonthDuration",
        "hexBinary",
        "boolean",
        "decimal",
        "integer",
        "nonPositiveInteger",
        "long",
        "nonNegativeInteger",
        "negativeInteger",
        "int",
        "unsignedLong",
        "positiveInteger",
        "short",
        "unsignedInt",
        "byte",
        "unsignedShort",
        "unsignedByte",
        "float",
        "double",
        "base64Binary",
    ]
} | {RDF + "XMLLiteral", RDF + "HTML", XSD + "normalizedString", XSD + "token"}

_INTEGER = re.compile(r"0|-?[1-9][0-9]*")
#: lexical forms rdflib leaves as they are
_UNCHANGED = {
    XSD + "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    XSD + "dateTime": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"),
    XSD + "time": re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}"),
    XSD + "boolean": re.compile(r"true|false"),
    XSD + "decimal": re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?"),
    **{
        XSD + n: _INTEGER
        for n in [
            "integer",
            "nonPositiveInteger",
            "long",
            "nonNegativeInteger",
            "negativeInteger",
            "int",
            "unsignedLong",
            "positiveInteger",
            "short",
            "unsignedInt",
            "byte",
            "unsignedShort",
            "unsignedByte",
        ]
    },
}

#: datatypes whose literals an Oxigraph store never rewrites
_KEPT = {
    XSD + n
    for n in [
        "string",
        "date",
        "gYear",
        "gYearMonth",
        "gMonthDay",
        "gDay",
        "gMonth",
        "anyURI",
        "token",
        "normalizedString",
        "language",
        "Name",
        "NCName",
    ]
} | {RDF + "langString"}


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for every literal it cannot convert; keep it quiet."""
    logger = logging.getLogger("rdflib.term")
    before = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = before


def pyshacl_literal(lit: ox.Literal) -> ox.Literal:
    """The literal as rdflib reads it (marked if that hides that it is ill-typed)."""
    dt = lit.datatype.value
    if lit.language or dt not in RDFLIB_CONVERTED:
        return lit
    unchanged = _UNCHANGED.get(dt)
    if unchanged is not None and unchanged.fullmatch(lit.value):
        return lit
    import rdflib

    with quiet_rdflib():
        read = rdflib.Literal(lit.value, datatype=rdflib.URIRef(dt))
    lexical = str(read)
    if lexical == lit.value:
        return lit
    if read.ill_typed is True:
        return ox.Literal(lexical, datatype=ox.NamedNode(ILL_TYPED + dt))
    return ox.Literal(lexical, datatype=lit.datatype)


def is_ill_typed_mark(t: Term) -> bool:
    return isinstance(t, ox.Literal) and t.datatype.value.startswith(ILL_TYPED)


class Codec:
    """Maps literals to the form they take in the store, and finds which need a mark."""

    def __init__(self) -> None:
        self.altered: set[ox.Literal] = set()
        self._checked: set[ox.Literal] = set()
        self._lock = threading.Lock()  # engines on several threads share a codec

    def prepare(self, literals: Iterable[ox.Literal]) -> None:
        """Find which of ``literals`` (as rdflib reads them) a store would rewrite."""
        with self._lock:
            self._prepare(literals)

    def _prepare(self, literals: Iterable[ox.Literal]) -> None:
        todo = [
            lit
            for lit in dict.fromkeys(literals)
            if lit.datatype.value not in _KEPT
            and not lit.datatype.value.startswith(("urn:x-coekg:", RDF + "langString"))
            and lit not in self._checked
        ]
        if not todo:
            return
        self._checked.update(todo)
        scratch = ox.Store()
        p = ox.NamedNode("urn:x-coekg:p")
        scratch.extend(
            ox.Quad(ox.NamedNode(f"urn:x-coekg:{i}"), p, lit) for i, lit in enumerate(todo)
        )
        for q in scratch:
            i = int(q.subject.value.rsplit(":", 1)[1])
            if q.object != todo[i]:
                self.altered.add(todo[i])

    def _keep(self, lit: ox.Literal) -> ox.Literal:
        if lit in self.altered:
            return ox.Literal(lit.value, datatype=ox.NamedNode(PREFIX + lit.datatype.value))
        return lit

    def store_form(self, t: Term) -> Term:
        """A constant of the shapes as it would be stored as data."""
        if not isinstance(t, ox.Literal):
            return t
        read = pyshacl_literal(t)
        self.prepare([read])
        return self._keep(read)


def decode(t: Term) -> Term:
    """The literal as pySHACL reports it, for a literal in its store form."""
    if isinstance(t, ox.Literal) and not t.language:
        dt = t.datatype.value
        if dt.startswith(PREFIX):
            return ox.Literal(t.value, datatype=ox.NamedNode(dt[len(PREFIX) :]))
        if dt.startswith(ILL_TYPED):
            return ox.Literal(t.value, datatype=ox.NamedNode(dt[len(ILL_TYPED) :]))
    return t


def reported(t: Term | None) -> Term | None:
    """A term as pySHACL reports it: rdflib rewrites the lexical form of literals it can
    read (``"TRUE"^^xsd:boolean`` becomes ``"true"``)."""
    if not isinstance(t, ox.Literal):
        return t
    return decode(pyshacl_literal(t))


def to_rdflib(t: Term) -> Any:
    """``t`` as an rdflib term, read as rdflib reads it (quietly)."""
    import rdflib

    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    with quiet_rdflib():
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == XSD + "string":
            return rdflib.Literal(t.value)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))


def encoded_datatype(datatype: str) -> str:
    return PREFIX + datatype


def build_store(triples: Iterable[ox.Triple]) -> tuple[ox.Store, Codec]:
    """An Oxigraph store whose default graph holds ``triples`` as pySHACL reads them."""
    triples = list(triples)
    codec = Codec()
    distinct = dict.fromkeys(t.object for t in triples if isinstance(t.object, ox.Literal))
    read = {lit: pyshacl_literal(lit) for lit in distinct}
    codec.prepare(read.values())
    forms = {lit: codec._keep(r) for lit, r in read.items()}
    forms = {lit: f for lit, f in forms.items() if f != lit}
    store = ox.Store()
    plain: list[ox.Triple] = []
    special: list[ox.Quad] = []
    blank = ox.BlankNode
    for t in triples:
        o = t.object
        if o in forms:
            special.append(ox.Quad(t.subject, t.predicate, forms[o]))  # type: ignore[index]
        elif isinstance(o, blank) or isinstance(t.subject, blank):
            special.append(ox.Quad(t.subject, t.predicate, o))
        else:
            plain.append(t)
    if plain:
        # one bulk load of N-Triples (a load renames blank nodes, so they go below)
        store.load(
            ox.serialize(plain, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES
        )
    store.extend(special)
    return store, codec


#: datatypes whose literals neither rdflib nor a store rewrites, as N-Triples writes them
_VERBATIM = {dt.encode() for dt in _KEPT - RDFLIB_CONVERTED if dt != RDF + "langString"}
#: a datatype in N-Triples
_TYPED = re.compile(rb'"\^\^<')
#: lexical forms that neither rdflib nor a store rewrites, of other datatypes: canonical
#: dates, booleans and integers (a store writes back each as it is)
_VERBATIM_FORMS = {
    (XSD + "date").encode(): re.compile(rb"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    (XSD + "boolean").encode(): re.compile(rb"true|false"),
    (XSD + "integer").encode(): re.compile(rb"0|-?[1-9][0-9]*"),
}


def build_store_from_lines(
    texts: Iterable[bytes], triples: Iterable[ox.Triple]
) -> tuple[ox.Store, Codec]:
    """The store of :func:`build_store` for ``triples`` and the N-Triples lines ``texts``.

    Only the lines that may need to change (a literal that rdflib or a store may rewrite,
    a blank node, whose label a load would change) become Python objects; the others, most
    of them, are loaded as they are.
    """
    others = list(triples)
    verbatim: list[bytes] = []
    for text in texts:
        kept, odd = _split_lines(text)
        verbatim.append(kept)
        if odd:
            others.extend(q.triple for q in ox.parse(odd, ox.RdfFormat.N_TRIPLES, lenient=True))
    store, codec = build_store(others)
    for chunk in verbatim:
        if chunk:
            store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
    return store, codec


def _split_lines(text: bytes) -> tuple[bytes, bytes]:
    """(lines to load as they are, lines to read as objects) of N-Triples ``text``, each in
    file order. Only the lines with a datatype or a blank node are looked at (found by a
    search of the bytes): the last ``"^^<`` of a line is its object's datatype, as a ``"``
    inside a literal is escaped."""
    odd: set[int] = set()  # the starts of the odd lines
    for found in _TYPED.finditer(text):
        start = text.rfind(b"\n", 0, found.start()) + 1
        end = text.find(b"\n", found.start())
        line = text[start : len(text) if end == -1 else end + 1]
        at = line.rfind(b'"^^<')
        if not _verbatim(line, at):
            odd.add(start)
    at = text.find(b"_:")
    while at != -1:
        odd.add(text.rfind(b"\n", 0, at) + 1)
        at = text.find(b"_:", at + 2)
    kept: list[bytes] = []
    odd_lines: list[bytes] = []
    done = 0
    for start in sorted(odd):
        end = text.find(b"\n", start)
        end = len(text) if end == -1 else end + 1
        kept.append(text[done:start])
        odd_lines.append(text[start:end])
        done = end
    kept.append(text[done:])
    return b"".join(kept), b"".join(odd_lines)


def _verbatim(line: bytes, at: int) -> bool:
    """Whether the literal whose datatype starts at ``at`` is kept as it is written."""
    datatype = line[at + 4 : line.rfind(b">")]
    if datatype in _VERBATIM:
        return True
    form = _VERBATIM_FORMS.get(datatype)
    if form is None or b"\\" in line:  # an escaped quote would hide where the literal starts
        return False
    return form.fullmatch(line, line.rfind(b'"', 0, at) + 1, at) is not None
