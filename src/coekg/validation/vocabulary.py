"""Closed vocabularies: what an unknown class or property in the data is, and the nearest
known term.

The shape ``shapes:KnownTermsShape`` closes the data's vocabulary: every property a
resource uses is one the ontology declares (its own, and the imported terms it declares
with their OWL kind) or a term of RDF, RDFS or OWL, and every class is one the ontology
declares or an RDF, RDFS or OWL class. pySHACL and pyrudof reach the same verdict from the
shapes file; this module words the findings for a steward, from the term lists of the
vocabularies the ontology uses (shipped in ``vocabularies/``, each saying where it comes
from):

* ``skos:altLable is not a SKOS term; did you mean skos:altLabel?``
* ``coekg:fundedby is not a term of the ontology; did you mean coekg:fundedBy?``
* ``schema:name is a schema.org term that the ontology does not use: declare it in the
  ontology to use it``
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, replace
from importlib import resources as package_files
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.validation.findings import Finding
from coekg.validation.wording import compact

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

#: the node shape whose findings are worded here
KNOWN_TERMS_SHAPE = namespaces.SHAPES + "KnownTermsShape"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_CLASS_KINDS = {_OWL + "Class", _RDFS + "Class"}
_PROPERTY_KINDS = {
    _OWL + "ObjectProperty",
    _OWL + "DatatypeProperty",
    _OWL + "AnnotationProperty",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
}


@dataclass(frozen=True)
class Vocabulary:
    """A vocabulary's term list: its title, namespace and local names."""

    title: str
    namespace: str
    terms: frozenset[str]


@functools.cache
def vocabularies() -> dict[str, Vocabulary]:
    """The shipped term lists, by namespace."""
    out: dict[str, Vocabulary] = {}
    folder = package_files.files("coekg.validation") / "vocabularies"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".txt"):
            continue
        lines = entry.read_text(encoding="utf-8").splitlines()
        title, _, namespace = lines[0].removeprefix("# ").partition(": the terms of ")
        terms = frozenset(line for line in lines if line and not line.startswith("#"))
        out[namespace] = Vocabulary(title, namespace, terms)
    return out


def _split(iri: str) -> tuple[str, str]:
    """(namespace, local name): the longest known namespace, else up to the last # or /."""
    known = [ns for ns in (*vocabularies(), namespaces.DEF) if iri.startswith(ns)]
    if known:
        ns = max(known, key=len)
        return ns, iri[len(ns) :]
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    return iri[:cut], iri[cut:]


def _is_class(local: str) -> bool:
    return local[:1].isupper()


def declared_terms(kg: KnowledgeGraph) -> tuple[set[str], set[str]]:
    """The classes and the properties the ontology of ``kg`` declares."""
    import pyoxigraph as ox

    classes: set[str] = set()
    properties: set[str] = set()
    for q in kg.quads("ontology"):
        if q.predicate.value != _RDF_TYPE or not isinstance(q.subject, ox.NamedNode):
            continue
        kind = getattr(q.object, "value", "")
        if kind in _CLASS_KINDS:
            classes.add(q.subject.value)
        elif kind in _PROPERTY_KINDS:
            properties.add(q.subject.value)
    return classes, properties


def nearest(local: str, candidates: set[str]) -> str | None:
    """The candidate closest to ``local``: one differing only in case, else the closest
    by :mod:`difflib`'s ratio (at least 0.75)."""
    folded = {c.lower(): c for c in sorted(candidates)}
    if local.lower() in folded:
        return folded[local.lower()]
    close = difflib.get_close_matches(local, sorted(candidates), n=1, cutoff=0.75)
    return close[0] if close else None


def explain(iri: str, as_class: bool, declared: set[str]) -> str:
    """Why ``iri``, used as a class (``as_class``) or a property, is not known, with the
    nearest known term."""
    ns, local = _split(iri)
    vocabulary = vocabularies().get(ns)
    kind = "class" if as_class else "property"
    same_kind = {d for d in declared if _is_class(_split(d)[1]) == as_class}
    in_ontology = {d[len(ns) :] for d in same_kind if d.startswith(ns)}
    article = "an" if vocabulary and vocabulary.title[:1] in "AEIOUR" else "a"
    if vocabulary is not None and local in vocabulary.terms:
        return (
            f"{compact(iri)} is {article} {vocabulary.title} {kind} that the ontology does "
            "not use: declare it in the ontology (with its OWL kind) to use it in the data"
        )
    pool = in_ontology | (
        {t for t in vocabulary.terms if _is_class(t) == as_class} if vocabulary else set()
    )
    guess = nearest(local, pool)
    if guess is None:  # another namespace: the ontology's own terms of that kind
        locals_ = {_split(d)[1]: d for d in same_kind}
        found = nearest(local, set(locals_))
        suggestion = locals_[found] if found else None
    else:
        suggestion = ns + guess
    if vocabulary is not None:
        what = f"{compact(iri)} is not {article} {vocabulary.title} term"
    elif ns == namespaces.DEF:
        what = f"{compact(iri)} is not a term of the ontology"
    else:
        what = f"{compact(iri)} is not a {kind} of the ontology or of a vocabulary it uses"
    return what + (f"; did you mean {compact(suggestion)}?" if suggestion else "")


def explained(kg: KnowledgeGraph, findings: list[Finding]) -> list[Finding]:
    """``findings`` with those of ``shapes:KnownTermsShape`` worded by :func:`explain`."""
    mine = [f for f in findings if f.node_shape == KNOWN_TERMS_SHAPE]
    if not mine:
        return findings
    classes, properties = declared_terms(kg)
    out = []
    for f in findings:
        if f.node_shape != KNOWN_TERMS_SHAPE:
            out.append(f)
        elif f.component == "ClosedConstraintComponent" and f.path:
            out.append(replace(f, message=explain(f.path, False, properties)))
        elif f.component == "InConstraintComponent" and f.value:
            out.append(replace(f, message=explain(f.value, True, classes)))
        else:
            out.append(f)
    return out
