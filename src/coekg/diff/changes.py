"""What changed between two editions, per resource and grouped by class: the structure that
the text and JSON renderings, the SPARQL Update and a release's changelog page all show.

:func:`compare` takes two :class:`~coekg.diff.edition.Edition`\\ s and gives an
:class:`EditionDiff`: the statements removed and added (with blank nodes labelled by content,
so an unchanged blank-node structure is no change), and the same difference for people:

* a resource (a subject IRI) is *added* when the old edition says nothing about it, *removed*
  when the new one says nothing about it, else *changed*;
* per resource, each property whose values differ, with the old values gone and the new
  values come (a property only added or only removed has one side empty);
* a blank node is shown as a value with what it says (``[ ex:amount 5 ]``), an RDF list as
  its items; blank-node structures that hang from no named resource (an OWL axiom) are
  resources of their own, added or removed whole;
* resources are grouped by their classes (``rdf:type``, in the new edition, or in the old
  one for a removed resource), then sorted by IRI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeAlias

from coekg.diff.blank_nodes import key_of
from coekg.rdf.canonical import blank_nodes

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.diff.edition import Edition

    Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

Status = Literal["added", "removed", "changed"]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"


@dataclass(frozen=True)
class Value:
    """The object of a statement. For a blank node, what it says (``statements``), or, when it
    heads a well-formed RDF list, the list's ``items``."""

    term: Term
    statements: tuple[Statement, ...] = ()
    items: tuple[Value, ...] | None = None


@dataclass(frozen=True)
class Statement:
    """A property of a blank node and its values."""

    predicate: ox.NamedNode
    values: tuple[Value, ...]


@dataclass(frozen=True)
class PropertyChange:
    """The values of one property of one resource that are gone, and those that came."""

    predicate: ox.NamedNode
    removed: tuple[Value, ...]
    added: tuple[Value, ...]

    @property
    def kind(self) -> Status:
        if not self.removed:
            return "added"
        if not self.added:
            return "removed"
        return "changed"

    @property
    def only(self) -> Literal["datatype", "language"] | None:
        """``"datatype"`` or ``"language"`` when one literal became another with the same
        text and only its datatype or language differs; else None."""
        import pyoxigraph as ox

        if len(self.removed) != 1 or len(self.added) != 1:
            return None
        old, new = self.removed[0].term, self.added[0].term
        if not isinstance(old, ox.Literal) or not isinstance(new, ox.Literal):
            return None
        if old.value != new.value:
            return None
        return "language" if old.language or new.language else "datatype"


@dataclass(frozen=True)
class ResourceChange:
    """One resource that was added, removed or changed, and how."""

    resource: Value  # an IRI; or a blank node that hangs from no named resource
    status: Status
    classes: tuple[ox.NamedNode, ...]
    changes: tuple[PropertyChange, ...]


@dataclass(frozen=True)
class ClassChanges:
    """The changed resources of one combination of classes (none: resources without class)."""

    classes: tuple[ox.NamedNode, ...]
    resources: tuple[ResourceChange, ...]

    def count(self, status: Status) -> int:
        return sum(1 for r in self.resources if r.status == status)


@dataclass(frozen=True)
class EditionDiff:
    """The difference between two editions: statements, and resources grouped by class."""

    old_name: str
    new_name: str
    old_size: int  # distinct statements
    new_size: int
    removed: tuple[ox.Triple, ...]  # sorted; blank nodes labelled by content
    added: tuple[ox.Triple, ...]
    groups: tuple[ClassChanges, ...]
    #: for the content hash of each blank-node structure removed: how many identical copies
    #: of it the old and the new edition hold (see :mod:`coekg.diff.sparql_update`)
    copies: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def same(self) -> bool:
        return not self.removed and not self.added

    def count(self, status: Status) -> int:
        """How many resources were added, removed or changed."""
        return sum(g.count(status) for g in self.groups)


def compare(old: Edition, new: Edition) -> EditionDiff:
    """What changed from ``old`` to ``new``."""
    import pyoxigraph as ox

    removed = _triples(sorted(old.lines - new.lines))
    added = _triples(sorted(new.lines - old.lines))
    removed_side, added_side = _Side(removed), _Side(added)
    resources: list[ResourceChange] = []
    subjects = sorted(
        {t.subject for t in (*removed, *added) if isinstance(t.subject, ox.NamedNode)}, key=str
    )
    keys = {str(s).encode() for s in subjects}
    in_old, in_new = old.about(keys), new.about(keys)
    for subject in subjects:
        key = str(subject).encode()
        status: Status = (
            "added" if key not in in_old else "removed" if key not in in_new else "changed"
        )
        lines = in_old[key] if status == "removed" else in_new[key]
        resources.append(
            ResourceChange(
                Value(subject),
                status,
                _types(key, lines),
                _changes(subject, removed_side, added_side),
            )
        )
    sides: tuple[tuple[_Side, Status], ...] = ((removed_side, "removed"), (added_side, "added"))
    for side, status in sides:
        for root in side.roots():
            value = side.value(root)
            resources.append(
                ResourceChange(
                    value,
                    status,
                    side.classes(root),
                    tuple(
                        PropertyChange(s.predicate, (), s.values)
                        if status == "added"
                        else PropertyChange(s.predicate, s.values, ())
                        for s in value.statements
                    ),
                )
            )
    copies = {
        key: (old.keys.get(key, 0), new.keys.get(key, 0))
        for key in sorted({key_of(node.value) for t in removed for node in blank_nodes(_quad(t))})
    }
    return EditionDiff(
        old.name,
        new.name,
        len(old),
        len(new),
        tuple(removed),
        tuple(added),
        _grouped(resources),
        copies,
    )


def _quad(t: ox.Triple) -> ox.Quad:
    import pyoxigraph as ox

    return ox.Quad(t.subject, t.predicate, t.object)


def _types(subject: bytes, lines: Sequence[bytes]) -> tuple[ox.NamedNode, ...]:
    """The classes (``rdf:type`` IRIs) in the lines of ``subject``, sorted."""
    import pyoxigraph as ox

    start = subject + f" <{RDF_TYPE}> <".encode()
    types = {line[len(start) : -3] for line in lines if line.startswith(start)}  # "...> ."
    return tuple(ox.NamedNode(t.decode()) for t in sorted(types))


def _triples(lines: Sequence[bytes]) -> list[ox.Triple]:
    import pyoxigraph as ox

    if not lines:
        return []
    # lenient: the lines are Oxigraph's own, of checked terms
    return [q.triple for q in ox.parse(b"\n".join(lines), ox.RdfFormat.N_TRIPLES, lenient=True)]


def _grouped(resources: Iterable[ResourceChange]) -> tuple[ClassChanges, ...]:
    groups: dict[tuple[ox.NamedNode, ...], list[ResourceChange]] = {}
    for r in resources:
        groups.setdefault(r.classes, []).append(r)

    def order(classes: tuple[ox.NamedNode, ...]) -> tuple[bool, list[str]]:
        return (not classes, [c.value for c in classes])  # resources without class last

    return tuple(
        ClassChanges(classes, tuple(sorted(groups[classes], key=_resource_order)))
        for classes in sorted(groups, key=order)
    )


def _resource_order(r: ResourceChange) -> tuple[bool, str]:
    import pyoxigraph as ox

    return (isinstance(r.resource.term, ox.BlankNode), str(r.resource.term))


def _changes(subject: ox.NamedNode, removed: _Side, added: _Side) -> tuple[PropertyChange, ...]:
    gone = removed.properties(subject)
    come = added.properties(subject)

    def order(p: ox.NamedNode) -> tuple[bool, str]:
        return (p.value != RDF_TYPE, p.value)  # rdf:type first

    return tuple(
        PropertyChange(
            p,
            tuple(removed.value(o) for o in gone.get(p, ())),
            tuple(added.value(o) for o in come.get(p, ())),
        )
        for p in sorted({*gone, *come}, key=order)
    )


class _Side:
    """The statements removed (or added), indexed by subject, to describe blank nodes."""

    def __init__(self, triples: Sequence[ox.Triple]) -> None:
        import pyoxigraph as ox

        self.by_subject: dict[Term, dict[ox.NamedNode, list[Term]]] = {}
        self.referenced: set[ox.BlankNode] = set()
        for t in triples:
            values = self.by_subject.setdefault(t.subject, {}).setdefault(t.predicate, [])
            values.append(t.object)
            if isinstance(t.object, ox.BlankNode):
                self.referenced.add(t.object)

    def properties(self, subject: Term) -> dict[ox.NamedNode, list[Term]]:
        return self.by_subject.get(subject, {})

    def roots(self) -> list[ox.BlankNode]:
        """Blank subjects that no statement points to: structures of their own. In a cycle
        of blank nodes that no named resource leads to, the smallest label stands for it."""
        import pyoxigraph as ox

        reached: set[Term] = set()
        for subject, properties in self.by_subject.items():
            if not isinstance(subject, ox.BlankNode):
                for values in properties.values():
                    for v in values:
                        self._reach(v, reached)
        blank = sorted((s for s in self.by_subject if isinstance(s, ox.BlankNode)), key=str)
        roots = [s for s in blank if s not in self.referenced]
        for root in roots:
            self._reach(root, reached)
        for node in blank:
            if node not in reached:
                roots.append(node)
                self._reach(node, reached)
        return roots

    def _reach(self, node: Term, reached: set[Term]) -> None:
        import pyoxigraph as ox

        stack = [node]
        while stack:
            n = stack.pop()
            if n in reached or not isinstance(n, ox.BlankNode):
                continue
            reached.add(n)
            for values in self.properties(n).values():
                stack.extend(v for v in values if isinstance(v, ox.BlankNode))

    def classes(self, node: Term) -> tuple[ox.NamedNode, ...]:
        import pyoxigraph as ox

        types = self.properties(node).get(ox.NamedNode(RDF_TYPE), [])
        return tuple(sorted((t for t in types if isinstance(t, ox.NamedNode)), key=str))

    def value(self, term: Term, seen: frozenset[Term] = frozenset()) -> Value:
        """``term`` as a :class:`Value`; a blank node with what this side says about it."""
        import pyoxigraph as ox

        if not isinstance(term, ox.BlankNode) or term in seen:
            return Value(term)
        inside = seen | {term}
        items = self._list(term, inside)
        if items is not None:
            return Value(term, items=items)
        statements = tuple(
            Statement(p, tuple(self.value(o, inside) for o in sorted(objects, key=str)))
            for p, objects in sorted(
                self.properties(term).items(),
                key=lambda item: (item[0].value != RDF_TYPE, item[0].value),
            )
        )
        return Value(term, statements)

    def _list(self, head: ox.BlankNode, seen: frozenset[Term]) -> tuple[Value, ...] | None:
        """The items of the RDF list starting at ``head``, or None if it is no list."""
        import pyoxigraph as ox

        first, rest, nil = (ox.NamedNode(RDF + n) for n in ("first", "rest", "nil"))
        items: list[Value] = []
        node: Term = head
        visited: set[Term] = set()
        while node != nil:
            props = self.properties(node) if isinstance(node, ox.BlankNode) else {}
            if node in visited or set(props) != {first, rest}:
                return None
            if len(props[first]) != 1 or len(props[rest]) != 1:
                return None
            visited.add(node)
            items.append(self.value(props[first][0], seen | visited))
            node = props[rest][0]
        return tuple(items)
