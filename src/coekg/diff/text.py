"""The difference between two editions in words, for people (``coekg diff``'s default).

::

    coekg:Project: 1 added, 1 changed
      changed project:support-execution-ecthr-judgments
        coekg:status: coekg:Ongoing -> coekg:Completed
        coekg:launchDate: "2022-10-21"^^xsd:date -> "2022-10-21" (only the datatype changed)
        added skos:altLabel: "Execution of judgments"@en
      added project:new-project
        rdf:type: coekg:Project
        rdfs:label: "New project"@en

    old/ -> new/: 1 resource added, 1 changed, 0 removed (4 statements added, 2 removed)

IRIs are written with the project's prefixes (``coekg:``, ``project:``...), literals as in
Turtle with their language or datatype, a blank node as ``[ property value ; ... ]`` and an
RDF list as ``( item ... )``. Nothing is written when the editions are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coekg.rdf.jsonld import compact_iri

if TYPE_CHECKING:
    from coekg.diff.changes import EditionDiff, PropertyChange, ResourceChange, Term, Value

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
INDENT = "  "


def render(diff: EditionDiff) -> str:
    """The text of ``diff``: a block per class, a summary line; empty when the same."""
    if diff.same:
        return ""
    lines: list[str] = []
    for group in diff.groups:
        counts = ", ".join(
            f"{group.count(s)} {s}" for s in ("added", "removed", "changed") if group.count(s)
        )
        names = ", ".join(iri(c.value) for c in group.classes) or "(no class)"
        lines.append(f"{names}: {counts}")
        for resource in group.resources:
            lines.extend(_resource(resource))
    lines.append("")
    lines.append(summary(diff))
    return "\n".join(lines) + "\n"


def summary(diff: EditionDiff) -> str:
    """One line: how many resources and statements were added, changed and removed."""
    resources = ", ".join(
        [f"{diff.count('added')} {_plural(diff.count('added'), 'resource')} added"]
        + [f"{diff.count(s)} {s}" for s in ("changed", "removed")]
    )
    statements = (
        f"{len(diff.added)} {_plural(len(diff.added), 'statement')} added, "
        f"{len(diff.removed)} removed"
    )
    return f"{diff.old_name} -> {diff.new_name}: {resources} ({statements})"


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _resource(r: ResourceChange) -> list[str]:
    import pyoxigraph as ox

    name = "[ ]" if isinstance(r.resource.term, ox.BlankNode) else term(r.resource.term)
    lines = [f"{INDENT}{r.status} {name}"]
    for change in r.changes:
        lines.append(INDENT * 2 + _change(change, r.status))
    return lines


def _change(c: PropertyChange, status: str) -> str:
    name = iri(c.predicate.value)
    if status != "changed":  # the whole resource came or went: its values, plainly
        return f"{name}: {_values(c.added or c.removed)}"
    if c.kind == "added":
        return f"added {name}: {_values(c.added)}"
    if c.kind == "removed":
        return f"removed {name}: {_values(c.removed)}"
    line = f"{name}: {_values(c.removed)} -> {_values(c.added)}"
    if c.only:
        line += f" (only the {c.only} changed)"
    return line


def _values(values: tuple[Value, ...]) -> str:
    return ", ".join(value(v) for v in values)


def value(v: Value) -> str:
    """A value as in Turtle: ``[ p o ; ... ]`` for a blank node, ``( ... )`` for a list."""
    if v.items is not None:
        return "( " + " ".join(value(i) for i in v.items) + " )" if v.items else "( )"
    if v.statements:
        inner = " ; ".join(f"{iri(s.predicate.value)} {_values(s.values)}" for s in v.statements)
        return f"[ {inner} ]"
    return term(v.term)


def term(t: Term) -> str:
    """An IRI in compact form, a literal with its language or compact datatype."""
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return iri(t.value)
    if isinstance(t, ox.Literal):
        text = str(ox.Literal(t.value))  # quoted and escaped as in N-Triples
        if t.language:
            return f"{text}@{t.language}"
        if t.datatype.value == XSD_STRING:
            return text
        return f"{text}^^{iri(t.datatype.value)}"
    if isinstance(t, ox.BlankNode):
        return "[ ]"
    return f"<< {term(t.subject)} {iri(t.predicate.value)} {term(t.object)} >>"


def iri(value: str) -> str:
    """``coekg:Project`` under a known prefix, else ``<value>``."""
    short = compact_iri(value)
    return f"<{value}>" if short == value else short
