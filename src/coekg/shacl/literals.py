"""Keeping literals exactly as written inside an Oxigraph store.

An Oxigraph ``Store`` normalises the literals it knows how to read: ``"5"^^xsd:positiveInteger``
comes back as ``"5"^^xsd:integer``, ``"1.50"^^xsd:decimal`` as ``"1.5"``. SHACL must see the
literals as the data writes them (``sh:datatype xsd:positiveInteger`` fails on an
``xsd:integer``), so before they go into the store, the literals the store would change get
a datatype of their own, ``urn:x-coekg:literal:`` followed by their real datatype IRI, which
Oxigraph keeps as it is; :meth:`Codec.decode` gives the literal back.

Which literals would change is found by asking a scratch store: each distinct literal of a
datatype Oxigraph reads is put in and read back. Dates, years and strings never change, so
they are not asked about.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from coekg.shacl.shapes import RDF, XSD, Term

PREFIX = "urn:x-coekg:literal:"

#: datatypes whose literals an Oxigraph store never rewrites
_KEPT = {
    XSD + n
    for n in "string date gYear gYearMonth gMonthDay gDay gMonth anyURI token normalizedString language Name NCName".split()
} | {RDF + "langString"}


class Codec:
    def __init__(self) -> None:
        self.altered: set[ox.Literal] = set()
        self._checked: set[ox.Literal] = set()

    def prepare(self, literals: Iterable[ox.Literal]) -> None:
        """Find which of ``literals`` a store would rewrite."""
        todo = [
            lit
            for lit in dict.fromkeys(literals)
            if lit.datatype.value not in _KEPT
            and not lit.datatype.value.startswith(PREFIX)
            and lit not in self._checked
        ]
        if not todo:
            return
        self._checked.update(todo)
        scratch = ox.Store()
        p = ox.NamedNode("urn:x-coekg:p")
        scratch.extend(ox.Quad(ox.NamedNode(f"urn:x-coekg:{i}"), p, lit) for i, lit in enumerate(todo))
        for q in scratch:
            i = int(q.subject.value.rsplit(":", 1)[1])
            if q.object != todo[i]:
                self.altered.add(todo[i])

    def encode(self, t: Term) -> Term:
        if isinstance(t, ox.Literal) and t in self.altered:
            return ox.Literal(t.value, datatype=ox.NamedNode(PREFIX + t.datatype.value))
        return t

    def variants(self, t: Term) -> list[Term]:
        """The forms a constant of the shapes may take in the store."""
        if isinstance(t, ox.Literal):
            self.prepare([t])
            encoded = self.encode(t)
            return [t] if encoded == t else [t, encoded]
        return [t]


def decode(t: Term) -> Term:
    """The literal as written, for a literal that :class:`Codec` encoded."""
    if isinstance(t, ox.Literal) and not t.language and t.datatype.value.startswith(PREFIX):
        return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype.value[len(PREFIX) :]))
    return t


def encoded_datatype(datatype: str) -> str:
    return PREFIX + datatype


def build_store(triples: Iterable[ox.Triple]) -> tuple[ox.Store, Codec]:
    """An Oxigraph store whose default graph holds ``triples`` with their literals intact."""
    triples = list(triples)
    codec = Codec()
    codec.prepare(t.object for t in triples if isinstance(t.object, ox.Literal))
    store = ox.Store()
    altered = codec.altered
    plain: list[ox.Triple] = []
    special: list[ox.Quad] = []
    blank = ox.BlankNode
    for t in triples:
        o = t.object
        if o in altered or isinstance(o, blank) or isinstance(t.subject, blank):
            special.append(ox.Quad(t.subject, t.predicate, codec.encode(o)))
        else:
            plain.append(t)
    if plain:
        # one bulk load of N-Triples (a load renames blank nodes, so they go below)
        store.load(ox.serialize(plain, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
    store.extend(special)
    return store, codec
