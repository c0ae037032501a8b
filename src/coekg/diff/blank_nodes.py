"""Blank nodes that keep their names from one edition to the next, when they are unchanged.

A blank node has no name outside its file, so two editions can only be compared if each
blank node gets a label from what it is. The canonical labels of :mod:`coekg.rdf.canonical`
do that for a whole dataset, but they number the blank nodes of the dataset in one sequence:
a blank node added at one place shifts the labels of unrelated ones elsewhere. So here each
*structure* is labelled on its own: the statements connected through blank nodes (with the
named resources they hang from, so the same ``[ ... ]`` under two resources is two
structures) are canonicalised alone by :func:`coekg.rdf.canonical.canonical_quads`, and each
blank node's label is a hash of its whole structure followed by its canonical label within
it. The same structure in two editions gets the same labels; a structure with any statement
changed gets new labels for all its blank nodes, so it is removed and added whole.

Identical structures within one edition (``ex:a ex:p [ ex:q 1 ], [ ex:q 1 ]``) are still
distinct nodes: they get the same hash with a running number after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg.rdf.canonical import blank_nodes, canonical_quads
from coekg.rdf.disjoint_sets import DisjointSets

if TYPE_CHECKING:
    import pyoxigraph as ox

#: hexadecimal digits of the structure's hash kept in a label
HASH_DIGITS = 16


@dataclass(frozen=True)
class Structure:
    """One blank-node structure: its statements (with content labels) and its hash."""

    key: str
    number: int  # 0 for the first structure with this key, 1 for an identical second...
    triples: tuple[ox.Triple, ...]


def structures(triples: Iterable[ox.Triple]) -> list[Structure]:
    """The statements of ``triples`` that mention blank nodes, one :class:`Structure` per
    group connected through blank nodes, relabelled by content; sorted by label."""
    import pyoxigraph as ox

    groups_of: DisjointSets[ox.BlankNode] = DisjointSets()
    linked: list[tuple[ox.Triple, ox.BlankNode]] = []
    for t in triples:
        nodes = blank_nodes(ox.Quad(t.subject, t.predicate, t.object))
        for other in nodes[1:]:
            groups_of.join(nodes[0], other)
        if nodes:
            linked.append((t, nodes[0]))
    groups: dict[ox.BlankNode, list[ox.Triple]] = {}
    for t, node in linked:
        groups.setdefault(groups_of.find(node), []).append(t)
    found: list[tuple[str, list[ox.Quad]]] = []
    for group in groups.values():
        canonical = canonical_quads(ox.Quad(t.subject, t.predicate, t.object) for t in group)
        text = "\n".join(str(q) for q in canonical).encode()
        found.append((hashlib.sha256(text).hexdigest()[:HASH_DIGITS], canonical))
    found.sort(key=lambda item: item[0])  # identical structures are interchangeable
    numbers: dict[str, int] = {}
    out: list[Structure] = []
    for key, canonical in found:
        number = numbers.get(key, 0)
        numbers[key] = number + 1
        prefix = label_prefix(key, number)
        relabelled = tuple(_relabel(q, prefix).triple for q in canonical)
        out.append(Structure(key, number, relabelled))
    return out


def label_prefix(key: str, number: int) -> str:
    """The start of the labels of the blank nodes of structure ``key`` number ``number``:
    letters and digits only, so a label is also a valid SPARQL variable name."""
    return f"b{key}x{number}"


def key_of(label: str) -> str:
    """The structure hash in a label made by :func:`structures`."""
    return label[1 : 1 + HASH_DIGITS]


def structure_of(label: str) -> str:
    """The :func:`label_prefix` of a label made by :func:`structures`: the same for every
    blank node of one structure."""
    start = 2 + HASH_DIGITS  # "b", the hash, "x"
    end = start
    while end < len(label) and label[end].isdigit():
        end += 1
    return label[:end]


def _relabel(q: ox.Quad, prefix: str) -> ox.Quad:
    import pyoxigraph as ox

    def term(t: object) -> object:
        if isinstance(t, ox.BlankNode):
            return ox.BlankNode(prefix + t.value)
        if isinstance(t, ox.Triple):
            return ox.Triple(term(t.subject), t.predicate, term(t.object))  # type: ignore[arg-type]
        return t

    return ox.Quad(term(q.subject), q.predicate, term(q.object))  # type: ignore[arg-type]
