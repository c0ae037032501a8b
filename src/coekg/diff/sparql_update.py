"""One SPARQL 1.1 Update request that turns a graph holding the old edition into the new one.

``coekg diff --format sparql-update`` writes it and ``coekg load --since`` sends it. The
request is a sequence of operations, which a store applies as one (SPARQL 1.1 Update asks
each request to be atomic; Oxigraph runs it in one transaction):

1. ``DELETE DATA`` of the statements removed that hold no blank node;
2. for each removed blank-node structure, ``DELETE { pattern } WHERE { pattern }``, its blank
   nodes written as variables: a store names blank nodes its own way, so a structure is
   found by what it says (and the named resource it hangs from);
3. ``INSERT DATA`` of the statements added that hold no blank node and no typed literal;
4. one ``INSERT { ... } WHERE { ... }`` of the rest: blank nodes as in Turtle (each a fresh
   node), and every typed literal bound with ``STRDT(text, datatype)``, because Virtuoso 7
   keeps a literal written in an update by its value (``"9600000"^^xsd:decimal`` becomes an
   ``xsd:integer``) but keeps what ``STRDT`` makes as written, as it does with the Graph Store
   Protocol that ``coekg load`` uses.

A pattern cannot tell identical copies of a structure apart: where the old edition holds
several copies and the new one fewer (but some), the pattern deletes them all and the
insert puts back as many as the new edition holds. Terms are written in N-Triples syntax,
full IRIs, one statement a line, in sorted order, so the same editions give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from coekg.diff.blank_nodes import key_of, structure_of
from coekg.rdf.canonical import blank_nodes

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.diff.changes import EditionDiff, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def update(diff: EditionDiff, graph: str | None) -> str:
    """The update request turning ``diff``'s old edition into its new one in ``graph`` (the
    default graph when None); empty when there is no difference."""
    operations: list[str] = []
    ground_removed = [t for t in diff.removed if not has_blank_node(t)]
    if ground_removed:
        operations.append(f"DELETE DATA {_block(graph, [str(t) for t in ground_removed])}")
    put_back: list[ox.Triple] = []
    for structure, (_, remaining) in removed_structures(diff):
        where = _block(graph, [pattern(t) for t in structure])
        operations.append(f"DELETE {where}\nWHERE {where}")
        for copy in range(remaining):
            put_back.extend(_copy(t, copy) for t in structure)
    plain = [t for t in diff.added if not has_blank_node(t) and not _typed(t)]
    if plain:
        operations.append(f"INSERT DATA {_block(graph, [str(t) for t in plain])}")
    rest = [t for t in (*diff.added, *put_back) if has_blank_node(t) or _typed(t)]
    if rest:
        bindings: dict[str, str] = {}
        template = [_template(t, bindings) for t in rest]
        binds = "".join(f"  BIND({value} AS {name})\n" for value, name in bindings.items())
        operations.append(f"INSERT {_block(graph, template)}\nWHERE {{\n{binds}}}")
    return " ;\n".join(operations) + "\n" if operations else ""


def removed_structures(diff: EditionDiff) -> list[tuple[list[ox.Triple], tuple[int, int]]]:
    """Each blank-node structure removed, once however many copies go, with how many
    identical copies the old and the new edition hold (a pattern matches them all)."""
    found: dict[str, list[ox.Triple]] = {}
    for structure in structures([t for t in diff.removed if has_blank_node(t)]):
        key = key_of(_first_blank(structure[0]).value)
        found.setdefault(key, structure)
    return [(found[key], diff.copies[key]) for key in sorted(found)]


def structures(triples: Sequence[ox.Triple]) -> list[list[ox.Triple]]:
    """Statements with blank nodes, one list per structure (by the start of their labels,
    see :func:`coekg.diff.blank_nodes.structure_of`), in order of label."""
    groups: dict[str, list[ox.Triple]] = {}
    for t in triples:
        groups.setdefault(structure_of(_first_blank(t).value), []).append(t)
    return [groups[k] for k in sorted(groups)]


def has_blank_node(t: ox.Triple) -> bool:
    """Whether ``t`` mentions a blank node (inside a triple term too)."""
    return bool(blank_nodes(_quad(t)))


def pattern(t: ox.Triple) -> str:
    """``t`` with its blank nodes as variables (their labels are letters and digits)."""
    return " ".join(_as_variable(x) for x in (t.subject, t.predicate, t.object))


def _first_blank(t: ox.Triple) -> ox.BlankNode:
    return blank_nodes(_quad(t))[0]


def _quad(t: ox.Triple) -> ox.Quad:
    import pyoxigraph as ox

    return ox.Quad(t.subject, t.predicate, t.object)


def _block(graph: str | None, lines: Sequence[str]) -> str:
    """``{ GRAPH <graph> { line . ... } }``, or ``{ line . ... }`` for the default graph."""
    if graph is None:
        return "{\n" + "".join(f"  {line} .\n" for line in lines) + "}"
    body = "".join(f"    {line} .\n" for line in lines)
    return f"{{\n  GRAPH <{graph}> {{\n{body}  }}\n}}"


def _typed(t: ox.Triple) -> bool:
    """Whether ``t``'s object is a literal with a datatype other than ``xsd:string``."""
    import pyoxigraph as ox

    o = t.object
    return isinstance(o, ox.Literal) and not o.language and o.datatype.value != XSD_STRING


def _as_variable(x: Term) -> str:
    import pyoxigraph as ox

    if isinstance(x, ox.BlankNode):
        return f"?{x.value}"
    if isinstance(x, ox.Triple):
        return f"<<( {pattern(x)} )>>"
    return str(x)


def _copy(t: ox.Triple, number: int) -> ox.Triple:
    """``t`` with its blank nodes renamed for copy ``number`` of its structure."""
    import pyoxigraph as ox

    def rename(x: Term) -> Term:
        if isinstance(x, ox.BlankNode):
            return ox.BlankNode(f"{x.value}r{number}")
        if isinstance(x, ox.Triple):
            return ox.Triple(rename(x.subject), x.predicate, rename(x.object))  # type: ignore[arg-type]
        return x

    return ox.Triple(rename(t.subject), t.predicate, rename(t.object))  # type: ignore[arg-type]


def _template(t: ox.Triple, bindings: dict[str, str]) -> str:
    """``t`` for an INSERT template: a typed literal object becomes a variable bound to
    ``STRDT(text, datatype)`` (kept in ``bindings``, value -> variable)."""
    import pyoxigraph as ox

    o = t.object
    if isinstance(o, ox.Literal) and _typed(t):
        value = f"STRDT({ox.Literal(o.value)}, {o.datatype})"
        name = bindings.setdefault(value, f"?v{len(bindings)}")
        return f"{t.subject} {t.predicate} {name}"
    return str(t)
