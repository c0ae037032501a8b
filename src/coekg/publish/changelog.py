"""The pages of the editions: each edition's page with what changed, and the list of them.

``releases/V/index.html`` is the page of edition V: its version, dates and notes, its
downloads with their checksums, and what changed since the edition before it, in words,
rendered from the same structure as ``coekg diff`` (:class:`coekg.diff.changes.EditionDiff`):
per class, each resource added, removed or changed, and for a changed one each property
(*status: Ongoing → Completed*; *added alternative label: …*). Names are the labels the
site shows, linked to the resource's page and to the term's entry in ``def.html``; a removed
resource keeps the label it had. A class with very many changes shows the first
:data:`MAX_RESOURCES` (the edition's ``changes.json`` holds them all).

``releases/index.html`` lists every edition, newest first, with its date, notes and how
much it changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coekg.diff import text
from coekg.publish import pages
from coekg.publish.values import Linker, Value, literal_value

if TYPE_CHECKING:
    from coekg.diff.changes import ClassChanges, EditionDiff, PropertyChange, ResourceChange, Status
    from coekg.diff.changes import Value as Changed
    from coekg.publish.downloads import Download
    from coekg.publish.graphview import GraphView
    from coekg.publish.metadata import DatasetInfo

#: resources shown per class on an edition's page
MAX_RESOURCES = 200
LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
)
STATUSES: tuple[Status, ...] = ("added", "changed", "removed")


@dataclass(frozen=True)
class EditionSummary:
    """One edition as the list of editions shows it."""

    version: str
    issued: str | None
    notes: str | None
    #: resources added, changed and removed since the previous edition; None for the first
    counts: Mapping[str, int] | None
    previous: str | None


def counts_in_words(counts: Mapping[str, int] | None, previous: str | None) -> str:
    """``2 resources added, 1 changed, 0 removed since 0.1.0``; the first edition says so."""
    if counts is None or previous is None:
        return "the first edition"
    if not any(counts.get(s, 0) for s in STATUSES):
        return f"the same data as {previous}"
    added = counts.get("added", 0)
    words = f"{added} {'resource' if added == 1 else 'resources'} added, "
    return words + f"{counts.get('changed', 0)} changed, {counts.get('removed', 0)} removed"


def editions_page(info: DatasetInfo, editions: Sequence[EditionSummary]) -> bytes:
    """``releases/index.html``: every edition, newest first (``editions`` is in order)."""
    rows = [
        {
            "version": e.version,
            "href": f"{e.version}/index.html",
            "issued": e.issued,
            "notes": e.notes,
            "changes": counts_in_words(e.counts, e.previous),
            "previous": e.previous,
        }
        for e in reversed(editions)
    ]
    return pages.render(
        "releases.html.j2", site=pages.site_context(info), root="../", editions=rows
    )


def edition_page(
    view: GraphView,
    info: DatasetInfo,
    edition: EditionSummary,
    modified: str | None,
    downloads: Sequence[Download],
    diff: EditionDiff | None,
    version_iri: str,
) -> bytes:
    """``releases/V/index.html``: the edition and what changed since the previous one."""
    linker = Linker(view, "../../")
    page: dict[str, Any] = {
        "version": edition.version,
        "issued": edition.issued,
        "modified": modified,
        "notes": edition.notes,
        "previous": edition.previous,
        "version_iri": version_iri,
        "downloads": downloads,
        "summary": _summary(diff, edition.previous),
        "groups": [_group(g, linker) for g in diff.groups] if diff is not None else [],
        "max_resources": MAX_RESOURCES,
    }
    return pages.render("release.html.j2", site=pages.site_context(info), root="../../", page=page)


def _summary(diff: EditionDiff | None, previous: str | None) -> str:
    if diff is None or previous is None:
        return "This is the first edition of the dataset."
    if diff.same:
        return f"The data is the same as in edition {previous}."
    counts: dict[str, int] = {s: diff.count(s) for s in STATUSES}
    statements = (
        f"{len(diff.added)} {'statement' if len(diff.added) == 1 else 'statements'} added, "
        f"{len(diff.removed)} removed"
    )
    return f"Since edition {previous}: {counts_in_words(counts, previous)} ({statements})."


def _group(group: ClassChanges, linker: Linker) -> dict[str, Any]:
    counts = ", ".join(f"{group.count(s)} {s}" for s in STATUSES if group.count(s))
    shown = group.resources[:MAX_RESOURCES]
    return {
        "classes": [linker.iri_value(c.value) for c in group.classes],
        "anchor": _anchor(" ".join(text.iri(c.value) for c in group.classes)) or "no-class",
        "counts": counts,
        "resources": [_resource(r, linker) for r in shown],
        "more": len(group.resources) - len(shown),
    }


def _anchor(names: str) -> str:
    """An HTML id from class names: ``coekg-Project``."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", names).strip("-")


def _resource(r: ResourceChange, linker: Linker) -> dict[str, Any]:
    import pyoxigraph as ox

    term = r.resource.term
    if isinstance(term, ox.NamedNode):
        name = linker.iri_value(term.value)
        if r.status == "removed":  # its page is gone: the label it had, without a link
            name = _own_label(r, None) or Value(name.text, None, name.lang, kind="resource")
        elif name.text in (term.value, text.iri(term.value)):
            name = _own_label(r, name.href) or name
        code = text.iri(term.value)
    else:
        name, code = Value("an unnamed node", kind="blank"), None
    return {
        "name": name,
        # the IRI in prefixed form, unless the name shows it already
        "code": code if code not in (name.text, f"<{name.note}>") else None,
        "status": r.status,
        "changes": [_change(c, r.status, linker) for c in r.changes],
    }


def _own_label(r: ResourceChange, href: str | None) -> Value | None:
    """The label the resource's own statements in the change give it, English first."""
    import pyoxigraph as ox

    found: list[ox.Literal] = []
    for c in r.changes:
        if c.predicate.value in LABELS:
            found += [v.term for v in (*c.removed, *c.added) if isinstance(v.term, ox.Literal)]
    if not found:
        return None
    best = sorted(found, key=lambda lit: (lit.language != "en", lit.language or "", lit.value))[0]
    return Value(best.value, href, best.language or None, kind="resource")


def _change(c: PropertyChange, status: str, linker: Linker) -> dict[str, Any]:
    p = c.predicate.value
    return {
        "property": linker.view.label(p),
        "href": linker.term_href(p),
        "iri": p,
        # a whole resource added or removed: its values plainly; else what became of them
        "kind": c.kind if status == "changed" else "whole",
        "old": [_value(v, linker) for v in c.removed],
        "new": [_value(v, linker) for v in c.added],
        "only": c.only,
    }


def _value(v: Changed, linker: Linker) -> Value:
    import pyoxigraph as ox

    if isinstance(v.term, ox.NamedNode):
        return linker.iri_value(v.term.value)
    if isinstance(v.term, ox.Literal):
        return literal_value(v.term)
    return Value(text.value(v), kind="iri")  # a blank node or list, written as in Turtle
