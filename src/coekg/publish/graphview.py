"""A read-only view of the loaded graph, shaped for rendering pages.

One pass over the dataset's quads as written (:meth:`KnowledgeGraph.quads`: every literal
keeps its datatype and lexical form, which an Oxigraph store would normalise) builds what
every page needs: the triples about each resource, the triples pointing at it, labels,
classes and the ontology's terms. Pages, the VoID statistics and the ontology documentation
all read from this view, so they agree with each other. The query catalogue's triples count
in the statistics but are never a resource's incoming link ("Referenced by").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coekg import namespaces

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.rdf.dataset import KnowledgeGraph

    Subject = ox.NamedNode | ox.BlankNode | ox.Triple

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VANN = "http://purl.org/vocab/vann/"

RDF_TYPE = RDF + "type"
#: label properties, most preferred first
LABEL_PROPERTIES = (
    SKOS + "prefLabel",
    RDFS + "label",
    DCTERMS + "title",
    "https://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
)
#: definition properties, most preferred first
DEFINITION_PROPERTIES = (SKOS + "definition", RDFS + "comment", DCTERMS + "description")
DESCRIPTION = DCTERMS + "description"
#: properties whose sub-properties also count as provenance
PROVENANCE_ROOTS = (DCTERMS + "source", PROV + "wasDerivedFrom")

#: labels of common terms of other vocabularies, for those the ontology does not label
WELL_KNOWN_LABELS = {
    RDF_TYPE: "type",
    RDFS + "label": "label",
    RDFS + "comment": "comment",
    RDFS + "seeAlso": "see also",
    SKOS + "prefLabel": "preferred label",
    SKOS + "altLabel": "alternative label",
    SKOS + "definition": "definition",
    SKOS + "notation": "notation",
    DCTERMS + "title": "title",
    DCTERMS + "description": "description",
    DCTERMS + "source": "source",
    DCTERMS + "issued": "issued",
    DCTERMS + "publisher": "publisher",
    DCTERMS + "language": "language",
    DCTERMS + "license": "licence",
    DCTERMS + "creator": "creator",
    DCTERMS + "modified": "modified",
    OWL + "sameAs": "same as",
    OWL + "versionIRI": "version IRI",
    OWL + "versionInfo": "version",
    SKOS + "inScheme": "in scheme",
    SKOS + "hasTopConcept": "has top concept",
    VANN + "preferredNamespacePrefix": "preferred namespace prefix",
    VANN + "preferredNamespaceUri": "preferred namespace URI",
}

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_RESOURCE_PATH = re.compile(rf"{_SLUG}(?:/{_SLUG})+")


def resource_path(iri: str) -> str | None:
    """``id/{kind}/{slug}`` for a resource IRI that gets pages, else ``None``."""
    if not iri.startswith(namespaces.ID):
        return None
    rest = iri[len(namespaces.ID) :]
    return "id/" + rest if _RESOURCE_PATH.fullmatch(rest) else None


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :] if cut >= 0 else iri


def curie(iri: str) -> str:
    """``prefix:local`` for an IRI under one of the project prefixes (a name valid in SPARQL
    and Turtle, :func:`coekg.namespaces.short_name`), else the IRI."""
    name = namespaces.short_name(iri)
    return iri if name.startswith("<") else name


def vocabulary_of(iri: str) -> str:
    """The namespace an IRI belongs to (a known prefix, else up to the last ``#``/``/``)."""
    best_ns = ""
    for ns in namespaces.PREFIXES.values():
        if iri.startswith(ns) and len(ns) > len(best_ns):
            best_ns = ns
    if best_ns:
        return best_ns
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut >= 0 else iri


def _label_rank(lit: ox.Literal) -> tuple[int, str]:
    lang = (lit.language or "").lower()
    return (0 if lang == "en" else 1 if lang.startswith("en-") else 2 if not lang else 3, lit.value)


@dataclass
class Term:
    """An ontology term: a class or a property, with what the documentation shows."""

    iri: str
    kinds: set[str] = field(default_factory=set)  # local names of OWL/RDFS kinds
    parents: list[Subject] = field(default_factory=list)  # subClassOf / subPropertyOf
    domains: list[Subject] = field(default_factory=list)
    ranges: list[Subject] = field(default_factory=list)
    inverses: list[str] = field(default_factory=list)
    equivalents: list[Subject] = field(default_factory=list)

    @property
    def is_class(self) -> bool:
        return bool(self.kinds & {"Class"})

    @property
    def is_property(self) -> bool:
        return bool(
            self.kinds & {"ObjectProperty", "DatatypeProperty", "AnnotationProperty", "Property"}
        )


class GraphView:
    """Everything the site shows, indexed once from a :class:`KnowledgeGraph`."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        import pyoxigraph as ox

        self.kg = kg
        ontology_graphs = set(kg.graphs("ontology"))
        catalogue_graphs = set(kg.graphs("queries"))
        content: set[ox.Triple] = set()
        ontology: set[ox.Triple] = set()
        #: triples of the query catalogue: part of the dataset, never a resource's link
        catalogue: set[ox.Triple] = set()
        self.graphs_of: dict[str, set[str]] = defaultdict(set)
        for q in kg.quads():  # as written: a Store would retype and rewrite some literals
            graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
            if graph in ontology_graphs:
                ontology.add(q.triple)
                continue
            content.add(q.triple)
            if graph in catalogue_graphs:
                catalogue.add(q.triple)
            elif isinstance(q.subject, ox.NamedNode):
                self.graphs_of[q.subject.value].add(graph)
        self.all_triples: list[ox.Triple] = sorted(
            content | ontology, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))
        )
        self.data_triples = sorted(content, key=lambda t: (str(t.subject), t.predicate.value))
        self.out: dict[Subject, list[ox.Triple]] = defaultdict(list)
        self.incoming: dict[str, list[ox.Triple]] = defaultdict(list)
        self.types: dict[str, list[str]] = defaultdict(list)
        self.predicate_counts: dict[str, int] = defaultdict(int)
        self.class_counts: dict[str, int] = defaultdict(int)
        for t in self.data_triples:
            self.out[t.subject].append(t)
            self.predicate_counts[t.predicate.value] += 1
            if isinstance(t.object, ox.NamedNode):
                if t.predicate.value == RDF_TYPE:
                    if isinstance(t.subject, ox.NamedNode):
                        self.types[t.subject.value].append(t.object.value)
                    self.class_counts[t.object.value] += 1
                elif t not in catalogue:
                    self.incoming[t.object.value].append(t)
        self.onto_out: dict[Subject, list[ox.Triple]] = defaultdict(list)
        for t in sorted(ontology, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))):
            self.onto_out[t.subject].append(t)
        self._labels: dict[str, ox.Literal] = {}
        self._index_labels(content, ontology)
        self.terms = self._index_terms()
        self.schemes = self._index_schemes()
        self.controlled_values = {c for members in self.schemes.values() for c in members}
        self.resources: dict[str, str] = {}  # IRI -> id/{kind}/{slug}
        for subject in self.out:
            if isinstance(subject, ox.NamedNode):
                path = resource_path(subject.value)
                if path is not None:
                    self.resources[subject.value] = path
        for types in self.types.values():
            types.sort()
        self.provenance_properties = self._provenance_properties()

    # labels -------------------------------------------------------------------------

    def _index_labels(self, *triple_sets: Iterable[ox.Triple]) -> None:
        import pyoxigraph as ox

        rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
        best: dict[str, tuple[int, tuple[int, str], ox.Literal]] = {}
        for triples in triple_sets:
            for t in triples:
                r = rank.get(t.predicate.value)
                if r is None or not isinstance(t.object, ox.Literal):
                    continue
                if not isinstance(t.subject, ox.NamedNode):
                    continue
                key = (r, _label_rank(t.object), t.object)
                old = best.get(t.subject.value)
                if old is None or key[:2] < old[:2]:
                    best[t.subject.value] = key
        self._labels = {iri: v[2] for iri, v in best.items()}

    def label_literal(self, iri: str) -> ox.Literal | None:
        """The preferred label (English first) of an IRI, if it has one."""
        return self._labels.get(iri)

    def label(self, iri: str) -> str:
        """The preferred label, else a readable short name."""
        lit = self._labels.get(iri)
        if lit is not None:
            return lit.value
        path = resource_path(iri)
        if path is not None:
            return path.rsplit("/", 1)[-1]
        if iri in WELL_KNOWN_LABELS:
            return WELL_KNOWN_LABELS[iri]
        short = curie(iri)
        return short if short != iri else iri

    def literal_values(self, subject: Subject, predicates: Iterable[str]) -> list[ox.Literal]:
        """Literal values of the first of ``predicates`` that has any (data, then ontology)."""
        import pyoxigraph as ox

        for p in predicates:
            for source in (self.out, self.onto_out):
                found = [
                    t.object
                    for t in source.get(subject, [])
                    if t.predicate.value == p and isinstance(t.object, ox.Literal)
                ]
                if found:
                    return sorted(found, key=_label_rank)
        return []

    def definition(self, iri: str) -> ox.Literal | None:
        import pyoxigraph as ox

        values = self.literal_values(ox.NamedNode(iri), DEFINITION_PROPERTIES)
        return values[0] if values else None

    # ontology -----------------------------------------------------------------------

    def _index_terms(self) -> dict[str, Term]:
        import pyoxigraph as ox

        kinds = {
            OWL + "Class": "Class",
            RDFS + "Class": "Class",
            OWL + "ObjectProperty": "ObjectProperty",
            OWL + "DatatypeProperty": "DatatypeProperty",
            OWL + "AnnotationProperty": "AnnotationProperty",
            RDF + "Property": "Property",
            OWL + "FunctionalProperty": "FunctionalProperty",
            OWL + "InverseFunctionalProperty": "InverseFunctionalProperty",
            OWL + "TransitiveProperty": "TransitiveProperty",
            OWL + "SymmetricProperty": "SymmetricProperty",
            OWL + "AsymmetricProperty": "AsymmetricProperty",
            OWL + "ReflexiveProperty": "ReflexiveProperty",
            OWL + "IrreflexiveProperty": "IrreflexiveProperty",
        }
        slots = {
            RDFS + "subClassOf": "parents",
            RDFS + "subPropertyOf": "parents",
            RDFS + "domain": "domains",
            RDFS + "range": "ranges",
            OWL + "equivalentClass": "equivalents",
            OWL + "equivalentProperty": "equivalents",
        }
        terms: dict[str, Term] = {}
        for subject, triples in self.onto_out.items():
            if not isinstance(subject, ox.NamedNode):
                continue
            term = Term(subject.value)
            for t in triples:
                p = t.predicate.value
                if p == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                    kind = kinds.get(t.object.value)
                    if kind:
                        term.kinds.add(kind)
                elif p in slots and isinstance(t.object, ox.NamedNode | ox.BlankNode):
                    getattr(term, slots[p]).append(t.object)
                elif p == OWL + "inverseOf" and isinstance(t.object, ox.NamedNode):
                    term.inverses.append(t.object.value)
            if term.is_class or term.is_property:
                terms[subject.value] = term
        return terms

    def _index_schemes(self) -> dict[str, list[str]]:
        """The ontology's controlled values: the concepts of its own SKOS concept schemes,
        and the members of its enumerated classes (``owl:oneOf``, directly or through
        ``owl:equivalentClass``), keyed by the scheme or the class."""
        import pyoxigraph as ox

        schemes: dict[str, list[str]] = {}
        own = {
            s: triples
            for s, triples in self.onto_out.items()
            if isinstance(s, ox.NamedNode) and s.value.startswith(namespaces.DEF)
        }
        for subject, triples in own.items():
            for t in triples:
                if t.predicate.value == RDF_TYPE and t.object == ox.NamedNode(
                    SKOS + "ConceptScheme"
                ):
                    schemes.setdefault(subject.value, [])
        for subject, triples in own.items():
            for t in triples:
                if (
                    t.predicate.value == SKOS + "inScheme"
                    and isinstance(t.object, ox.NamedNode)
                    and t.object.value in schemes
                ):
                    schemes[t.object.value].append(subject.value)
        for subject, triples in own.items():
            expressions = [subject] + [
                t.object for t in triples if t.predicate.value == OWL + "equivalentClass"
            ]
            for expression in expressions:
                if isinstance(expression, ox.Literal):
                    continue
                for t in self.onto_out.get(expression, []):
                    if t.predicate.value == OWL + "oneOf":
                        members = self._list_items(t.object)
                        schemes.setdefault(subject.value, []).extend(
                            m.value for m in members if isinstance(m, ox.NamedNode)
                        )
        return {k: sorted(set(v)) for k, v in schemes.items()}

    def _list_items(self, head: object) -> list[object]:
        """The members of the RDF list at ``head`` in the ontology."""
        items: list[object] = []
        seen: set[object] = set()
        node = head
        while node not in seen and node in self.onto_out:
            seen.add(node)
            rest = None
            for t in self.onto_out[node]:  # type: ignore[index]
                if t.predicate.value == RDF + "first":
                    items.append(t.object)
                elif t.predicate.value == RDF + "rest":
                    rest = t.object
            if rest is None:
                break
            node = rest
        return items

    def _provenance_properties(self) -> set[str]:
        """``dcterms:source``, ``prov:wasDerivedFrom`` and their sub-properties."""
        import pyoxigraph as ox

        found = set(PROVENANCE_ROOTS)
        changed = True
        while changed:
            changed = False
            for iri, term in self.terms.items():
                if iri in found:
                    continue
                if any(isinstance(p, ox.NamedNode) and p.value in found for p in term.parents):
                    found.add(iri)
                    changed = True
        return found

    def ontology_iri(self) -> str | None:
        import pyoxigraph as ox

        for subject, triples in self.onto_out.items():
            if isinstance(subject, ox.NamedNode) and any(
                t.predicate.value == RDF_TYPE and t.object == ox.NamedNode(OWL + "Ontology")
                for t in triples
            ):
                return subject.value
        return None

    def is_documented(self, iri: str) -> bool:
        """Whether ``def.html`` has an entry (an anchor) for this term."""
        return iri.startswith(namespaces.DEF) and (
            iri in self.terms or iri in self.schemes or iri in self.controlled_values
        )

    # resources ----------------------------------------------------------------------

    def description_triples(self, iri: str) -> list[ox.Triple]:
        """The triples about a resource (with its blank nodes' triples) and those citing it."""
        import pyoxigraph as ox

        out: list[ox.Triple] = []
        seen: set[Subject] = set()
        todo: list[Subject] = [ox.NamedNode(iri)]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for t in self.out.get(node, []):
                out.append(t)
                if isinstance(t.object, ox.BlankNode):
                    todo.append(t.object)
        out.extend(self.incoming.get(iri, []))
        return out

    def classes_in_use(self) -> list[str]:
        """Classes that have instances in the data, in order of label."""
        return sorted(self.class_counts, key=lambda c: (self.label(c).lower(), c))

    def instances(self, class_iri: str) -> list[str]:
        """Resources (with pages) of a class, in order of label."""
        found = [r for r in self.resources if class_iri in self.types.get(r, [])]
        return sorted(found, key=lambda r: (self.label(r).lower(), r))
