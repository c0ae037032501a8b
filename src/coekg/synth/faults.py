"""Deliberate faults in a synthetic graph (:mod:`coekg.synth.generator`), for tests and benchmarks.

:func:`inject` breaks chosen resources of the graph in ways the shapes must catch: a
required property removed, a wrong datatype, an ill-typed date, a bad IRI, an end before the
start, an undeclared ``coekg:`` term, a reference to a resource that does not exist... and one
change that must *not* be caught (an integer written ``+12``, which is still well-formed).
The same triples, count and seed always give the same faults.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from coekg import namespaces

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DEF = namespaces.DEF


@dataclass(frozen=True)
class Fault:
    kind: str
    subject: str  # the IRI of the resource that was changed (after any renaming)
    evidence: str  # an IRI a finding names as its focus node or value


Triples = list[ox.Triple]
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _p(local: str) -> ox.NamedNode:
    return ox.NamedNode(_DEF + local)


def _replace_objects(triples: Triples, s: ox.NamedNode, p: str, new: Term) -> Triples:
    return [
        ox.Triple(t.subject, t.predicate, new) if t.subject == s and t.predicate.value == p else t
        for t in triples
    ]


def _drop(triples: Triples, s: ox.NamedNode, p: str) -> Triples:
    return [t for t in triples if not (t.subject == s and t.predicate.value == p)]


def _missing_label(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    return _drop(triples, s, _LABEL)


def _two_labels(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    return [
        *triples,
        ox.Triple(s, ox.NamedNode(_LABEL), ox.Literal(f"Another label {n}", language="en")),
    ]


def _label_language(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    return _replace_objects(triples, s, _LABEL, ox.Literal(f"Libellé {n}", language="fr"))


def _count_as_string(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    return _replace_objects(triples, s, _DEF + "count", ox.Literal("12"))


def _negative_count(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    dt = ox.NamedNode(_XSD + "integer")
    return _replace_objects(triples, s, _DEF + "count", ox.Literal("-3", datatype=dt))


def _signed_count(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    dt = ox.NamedNode(_XSD + "integer")
    return _replace_objects(triples, s, _DEF + "count", ox.Literal("+12", datatype=dt))


def _ill_typed_date(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    dt = ox.NamedNode(_XSD + "date")
    return _replace_objects(triples, s, _DEF + "date", ox.Literal("2021-02-30", datatype=dt))


def _end_before_start(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    start = next(
        t.object for t in triples if t.subject == s and t.predicate.value == _DEF + "startDate"
    )
    end = next(
        t.object for t in triples if t.subject == s and t.predicate.value == _DEF + "endDate"
    )
    out = _replace_objects(triples, s, _DEF + "startDate", end)
    return [
        ox.Triple(s, t.predicate, start)
        if t.subject == s and t.predicate.value == _DEF + "endDate"
        else t
        for t in out
    ]


def _undeclared_term(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    return [*triples, ox.Triple(s, _p("undeclaredProperty"), ox.Literal(f"value {n}"))]


def _missing_resource(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    missing = ox.NamedNode(namespaces.ID + f"organisation/synthetic-missing-{n}")
    return [*triples, ox.Triple(s, _p("partner"), missing)]


def _theme_a_state(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    state = ox.NamedNode(namespaces.ID + "state/synthetic-state-1")
    return [*triples, ox.Triple(s, _p("theme"), state)]


def _status_not_listed(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    return _replace_objects(triples, s, _DEF + "status", ox.NamedNode(_DEF + "Exactly"))


def _missing_section(triples: Triples, s: ox.NamedNode, n: int) -> Triples:
    return _drop(triples, s, _DEF + "sourceSection")


#: kind -> (class of the resources it applies to, the change)
KINDS: dict[str, tuple[str, Callable[[Triples, ox.NamedNode, int], Triples]]] = {
    "missing-label": ("Project", _missing_label),
    "two-labels": ("Treaty", _two_labels),
    "label-language": ("Person", _label_language),
    "count-as-string": ("QuantifiedOutcome", _count_as_string),
    "negative-count": ("QuantifiedOutcome", _negative_count),
    "signed-count": ("QuantifiedOutcome", _signed_count),
    "ill-typed-date": ("Training", _ill_typed_date),
    "bad-iri": ("Project", lambda triples, s, n: triples),
    "end-before-start": ("Project", _end_before_start),
    "undeclared-term": ("Programme", _undeclared_term),
    "missing-resource": ("Project", _missing_resource),
    "theme-a-state": ("Project", _theme_a_state),
    "status-not-listed": ("Project", _status_not_listed),
    "missing-section": ("Outcome", _missing_section),
}

#: kinds that do not break any shape
HARMLESS = {"signed-count"}


def _rename(triples: Triples, renames: dict[ox.NamedNode, ox.NamedNode]) -> Triples:
    out: Triples = []
    for t in triples:
        s, o = renames.get(t.subject, t.subject), renames.get(t.object, t.object)  # type: ignore[arg-type]
        out.append(t if (s is t.subject and o is t.object) else ox.Triple(s, t.predicate, o))
    return out


def inject(
    triples: Sequence[ox.Triple], count: int, *, seed: int = 0, kinds: Sequence[str] | None = None
) -> tuple[Triples, list[Fault]]:
    """``count`` faults, cycling through ``kinds`` (all by default), each on its own resource."""
    rng = random.Random(seed)
    by_subject: dict[ox.NamedNode | ox.BlankNode | ox.Triple, Triples] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    by_class: dict[str, list[ox.NamedNode]] = {}
    for subject, about in by_subject.items():
        for t in about:
            kind_of = t.object
            typed = t.predicate.value == _RDF_TYPE and isinstance(kind_of, ox.NamedNode)
            if typed and isinstance(subject, ox.NamedNode):
                by_class.setdefault(kind_of.value.removeprefix(_DEF), []).append(subject)  # type: ignore[union-attr]
    for members in by_class.values():
        members.sort(key=str)
        rng.shuffle(members)
    needs = {"count-as-string": "count", "negative-count": "count", "signed-count": "count"}
    needs["ill-typed-date"] = "date"
    order = list(kinds or KINDS)
    used: set[ox.NamedNode] = set()
    faults: list[Fault] = []
    renames: dict[ox.NamedNode, ox.NamedNode] = {}
    for n in range(count):
        kind = order[n % len(order)]
        cls, change = KINDS[kind]
        candidates = [m for m in by_class.get(cls, []) if m not in used]
        if kind in needs:
            p = _DEF + needs[kind]
            candidates = [
                m for m in candidates if any(t.predicate.value == p for t in by_subject[m])
            ]
        if not candidates:
            continue
        s = candidates[0]
        used.add(s)
        if kind == "bad-iri":
            renames[s] = ox.NamedNode(s.value.rsplit("/", 1)[0] + f"/Bad_Slug_{n}")
            faults.append(Fault(kind, renames[s].value, renames[s].value))
            continue
        by_subject[s] = change(by_subject[s], s, n)
        # every fault is found on the resource it breaks (an undeclared property too: the
        # closed vocabulary, shapes:KnownTermsShape, files it under the resource using it)
        faults.append(Fault(kind, s.value, s.value))
    out = [t for about in by_subject.values() for t in about]
    if renames:
        out = _rename(out, renames)
    return out, faults
