"""The difference between two editions as JSON, for machines (``coekg diff --format json``).

The document holds the same as the text, with full IRIs::

    {"old": {"edition": "old/", "statements": 2917},
     "new": {"edition": "new/", "statements": 2921},
     "same": false,
     "statements": {"added": 6, "removed": 2},
     "resources": {"added": 1, "removed": 0, "changed": 1},
     "classes": [
       {"classes": ["https://w3id.org/coekg/def#Project"],
        "resources": [
          {"resource": {"type": "uri", "value": "https://w3id.org/coekg/id/project/..."},
           "status": "changed",
           "properties": [
             {"property": "https://w3id.org/coekg/def#status", "change": "changed",
              "old": [{"type": "uri", "value": "https://w3id.org/coekg/def#Ongoing"}],
              "new": [{"type": "uri", "value": "https://w3id.org/coekg/def#Completed"}]}]}]}]}

Terms are written as in SPARQL 1.1 JSON results (``uri``, ``literal`` with ``xml:lang`` or
``datatype``, ``bnode``, ``triple``). A blank node carries what it says as ``properties``
(each ``{"property": IRI, "values": [...]}``), or, heading an RDF list, its ``items``. A
change of one literal into another with the same text says ``"only": "datatype"`` or
``"only": "language"``. Keys and lists are in a fixed order: the same editions give the
same bytes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coekg.diff.changes import EditionDiff, PropertyChange, ResourceChange, Term, Value

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def render(diff: EditionDiff) -> str:
    """The JSON document of ``diff`` (indented, ending with a line break)."""
    doc = {
        "old": {"edition": diff.old_name, "statements": diff.old_size},
        "new": {"edition": diff.new_name, "statements": diff.new_size},
        "same": diff.same,
        "statements": {"added": len(diff.added), "removed": len(diff.removed)},
        "resources": {s: diff.count(s) for s in ("added", "removed", "changed")},
        "classes": [
            {
                "classes": [c.value for c in group.classes],
                "resources": [_resource(r) for r in group.resources],
            }
            for group in diff.groups
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _resource(r: ResourceChange) -> dict[str, Any]:
    return {
        "resource": value(r.resource) if r.status != "changed" else term(r.resource.term),
        "status": r.status,
        "properties": [_change(c) for c in r.changes],
    }


def _change(c: PropertyChange) -> dict[str, Any]:
    out: dict[str, Any] = {"property": c.predicate.value, "change": c.kind}
    if c.removed:
        out["old"] = [value(v) for v in c.removed]
    if c.added:
        out["new"] = [value(v) for v in c.added]
    if c.only:
        out["only"] = c.only
    return out


def value(v: Value) -> dict[str, Any]:
    """A value as a SPARQL JSON term; a blank node with its ``properties`` or ``items``."""
    out = term(v.term)
    if v.items is not None:
        out["items"] = [value(i) for i in v.items]
    elif v.statements:
        out["properties"] = [
            {"property": s.predicate.value, "values": [value(x) for x in s.values]}
            for s in v.statements
        ]
    return out


def term(t: Term) -> dict[str, Any]:
    """An RDF term as in SPARQL 1.1 JSON results."""
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": term(t.subject),
            "predicate": term(t.predicate),
            "object": term(t.object),
        },
    }
