"""Canonical blank-node labels, in bounded time whatever the data.

Output must be byte-identical for the same input, but a parser gives blank nodes random
labels, so they are relabelled canonically. RDFC-1.0 (Oxigraph's implementation) is the
standard way; its cost explodes when many blank nodes look alike: a collection nested a
thousand deep or a list of a thousand equal items (a 4 KB Turtle file) takes minutes, and a
few blank nodes all linked to each other take hours.

Blank nodes written in Turtle, TriG, JSON-LD or RDF/XML without explicit labels always form
trees (each is the object of at most one statement). Such trees get canonical labels here in
linear time, from a hash of each subtree and the place it hangs from. So
:func:`canonical_quads` uses

1. RDFC-1.0 when it is cheap, which keeps the standard labels (``_:c14n0``...) for all
   ordinary data;
2. otherwise tree labels (``_:t0``...) when the blank nodes form trees;
3. otherwise RDFC-1.0 in a child process with a time limit, and an
   :class:`~coekg.errors.InputError` when it runs out.

Blank nodes inside RDF 1.2 triple terms (``<<( _:b ex:p ex:o )>>``) count as blank nodes
of the statement too; they do not form trees, so RDFC-1.0 labels them.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from coekg.errors import InputError
from coekg.rdf.disjoint_sets import DisjointSets

if TYPE_CHECKING:
    import pyoxigraph as ox

#: estimated work (see :func:`_rdfc_cost`) below which RDFC-1.0 runs in this process
RDFC_BUDGET = 200_000
#: look-alike blank nodes in one non-tree component above which RDFC-1.0 may take hours
LOOKALIKE_LIMIT = 6
#: seconds RDFC-1.0 may take in the child process before the data is refused
RDFC_SECONDS = 60.0


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The distinct quads, sorted, with blank nodes relabelled canonically."""
    plain: list[ox.Quad] = []
    blank: list[ox.Quad] = []
    for q in dict.fromkeys(quads):
        if blank_nodes(q):
            blank.append(q)
        else:
            plain.append(q)
    if blank:
        plain.extend(_relabel(blank))
    # str(q) is "S P O G" in N-Quads syntax; its order is that of (S, P, O), since a term
    # that is a proper prefix of another is followed by a space, below any character the
    # other can continue with (see coekg.rdf.lines_export)
    plain.sort(key=lambda q: (str(q.graph_name), str(q)))
    return plain


def blank_nodes(q: ox.Quad) -> list[ox.BlankNode]:
    """The blank nodes of ``q``, with those inside triple terms (RDF 1.2)."""
    return _blank_nodes_of((q.subject, q.object, q.graph_name))


def _blank_nodes_of(terms: Iterable[object]) -> list[ox.BlankNode]:
    import pyoxigraph as ox

    found: list[ox.BlankNode] = []
    for t in terms:
        if isinstance(t, ox.BlankNode):
            found.append(t)
        elif isinstance(t, ox.Triple):
            found.extend(_blank_nodes_of((t.subject, t.object)))
    return found


def _nested(q: ox.Quad) -> bool:
    """Whether ``q`` has a blank node inside a triple term."""
    import pyoxigraph as ox

    return isinstance(q.object, ox.Triple) and bool(_blank_nodes_of((q.object,)))


def _masked(t: object, node: ox.BlankNode) -> str:
    """``t`` as text, ``node`` written ``_:a`` and any other blank node ``_:z``."""
    import pyoxigraph as ox

    if isinstance(t, ox.BlankNode):
        return "_:a" if t == node else "_:z"
    if isinstance(t, ox.Triple):
        inner = " ".join(_masked(x, node) for x in (t.subject, t.predicate, t.object))
        return f"<<( {inner} )>>"
    return str(t)


def _relabel(blank: list[ox.Quad]) -> list[ox.Quad]:
    cheap, forest = _assess(blank)
    if cheap:
        return _rdfc(blank)
    labels = _tree_labels(blank) if forest else None
    if labels is not None:
        return [_apply(q, labels) for q in blank]
    return _rdfc_in_child(blank)


def _rdfc(blank: list[ox.Quad]) -> list[ox.Quad]:
    import pyoxigraph as ox

    ds = ox.Dataset(blank)
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(ds)


def _assess(blank: list[ox.Quad]) -> tuple[bool, bool]:
    """(RDFC-1.0 is cheap, the blank nodes may form trees)."""
    import pyoxigraph as ox

    lines: dict[ox.BlankNode, list[str]] = {}
    groups_of: DisjointSets[ox.BlankNode] = DisjointSets()
    referenced: dict[ox.BlankNode, int] = {}
    forest = True

    for q in blank:
        nodes = blank_nodes(q)
        if isinstance(q.graph_name, ox.BlankNode) or _nested(q):
            forest = False
        if isinstance(q.object, ox.BlankNode):
            referenced[q.object] = referenced.get(q.object, 0) + 1
            if referenced[q.object] > 1:
                forest = False
        for other in nodes[1:]:
            groups_of.join(nodes[0], other)
        terms = (q.subject, q.predicate, q.object, q.graph_name)
        for node in set(nodes):
            masked = " ".join(_masked(t, node) for t in terms)
            lines.setdefault(node, []).append(masked)
    signatures: dict[tuple[str, ...], int] = {}
    for ls in lines.values():
        key = tuple(sorted(ls))
        signatures[key] = signatures.get(key, 0) + 1
    sizes: dict[ox.BlankNode, int] = {}
    for node in lines:
        r = groups_of.find(node)
        sizes[r] = sizes.get(r, 0) + 1
    lookalikes: dict[ox.BlankNode, int] = {}
    cost = 0
    for node, ls in lines.items():
        if signatures[tuple(sorted(ls))] > 1:
            r = groups_of.find(node)
            lookalikes[r] = lookalikes.get(r, 0) + 1
            cost += sizes[r] ** 2
    cheap = cost <= RDFC_BUDGET and (
        forest or all(n <= LOOKALIKE_LIMIT for n in lookalikes.values())
    )
    return cheap, forest


def _tree_labels(blank: list[ox.Quad]) -> dict[ox.BlankNode, ox.BlankNode] | None:
    """Canonical labels for blank nodes that form trees, or None if they do not."""
    import pyoxigraph as ox

    children: dict[ox.BlankNode, list[ox.Quad]] = {}
    up: dict[ox.BlankNode, ox.Quad] = {}
    nodes: set[ox.BlankNode] = set()
    for q in blank:
        if isinstance(q.subject, ox.BlankNode):
            nodes.add(q.subject)
            children.setdefault(q.subject, []).append(q)
        if isinstance(q.object, ox.BlankNode):
            nodes.add(q.object)
            up[q.object] = q
    # top-down from the roots (no blank parent); a node never reached is in a cycle
    roots = [n for n in nodes if n not in up or not isinstance(up[n].subject, ox.BlankNode)]
    order = list(roots)
    at = 0
    while at < len(order):
        for q in children.get(order[at], []):
            if isinstance(q.object, ox.BlankNode):
                order.append(q.object)
        at += 1
    if len(order) != len(nodes):
        return None
    digest: dict[ox.BlankNode, str] = {}
    for node in reversed(order):
        entries = sorted(
            f"{q.predicate}\t{q.graph_name}\t"
            + ("_:" + digest[q.object] if isinstance(q.object, ox.BlankNode) else str(q.object))
            for q in children.get(node, [])
        )
        digest[node] = hashlib.sha256("\n".join(entries).encode()).hexdigest()

    def place(node: ox.BlankNode) -> tuple[str, str, str, str, str]:
        q = up.get(node)
        if q is None:
            return ("1", "", "", "", digest[node])
        return ("0", str(q.subject), str(q.predicate), str(q.graph_name), digest[node])

    # pre-order, children in a canonical order: look-alike siblings (equal subtrees at the
    # same place) may come in any order, since swapping them changes nothing
    labels: dict[ox.BlankNode, ox.BlankNode] = {}
    stack = sorted(roots, key=place, reverse=True)
    while stack:
        node = stack.pop()
        labels[node] = ox.BlankNode(f"t{len(labels)}")
        below = [
            (str(q.predicate), str(q.graph_name), digest[q.object], q.object)
            for q in children.get(node, [])
            if isinstance(q.object, ox.BlankNode)
        ]
        below.sort(key=lambda entry: entry[:3])
        stack.extend(entry[3] for entry in reversed(below))
    return labels


def _apply(q: ox.Quad, labels: dict[ox.BlankNode, ox.BlankNode]) -> ox.Quad:
    import pyoxigraph as ox

    subject = labels[q.subject] if isinstance(q.subject, ox.BlankNode) else q.subject
    obj = labels[q.object] if isinstance(q.object, ox.BlankNode) else q.object
    return ox.Quad(subject, q.predicate, obj, q.graph_name)


_CHILD = (
    "import sys, pyoxigraph as ox\n"
    "ds = ox.Dataset(ox.parse(sys.stdin.buffer.read(), ox.RdfFormat.N_QUADS))\n"
    "ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)\n"
    "ox.serialize(ds, sys.stdout.buffer, ox.RdfFormat.N_QUADS)\n"
)


def _rdfc_in_child(blank: list[ox.Quad]) -> list[ox.Quad]:
    """RDFC-1.0 in a child process that is stopped after :data:`RDFC_SECONDS`."""
    import pyoxigraph as ox

    data = ox.serialize(blank, format=ox.RdfFormat.N_QUADS)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=data,
            capture_output=True,
            timeout=RDFC_SECONDS,
            check=True,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"{len(blank)} statements with blank nodes that look alike and refer to each "
            f"other in cycles: labelling them deterministically takes more than "
            f"{RDFC_SECONDS:g} s; give those resources IRIs"
        ) from None
    except (OSError, subprocess.CalledProcessError) as e:
        raise InputError(f"cannot label the blank nodes deterministically ({e})") from None
    return list(ox.parse(done.stdout, ox.RdfFormat.N_QUADS))
