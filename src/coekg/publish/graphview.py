"""A read-only view of the loaded graph, shaped for rendering pages.

One pass over the dataset's quads as written (:meth:`KnowledgeGraph.quads`: every literal
keeps its datatype and lexical form, which an Oxigraph store would normalise) builds what
every page needs: the triples about each resource, the triples pointing at it, labels,
classes and the ontology's terms. Pages, the VoID statistics and the ontology documentation
all read from this view, so they agree with each other. The query catalogue's triples count
in the statistics but are never a resource's incoming link ("Referenced by").

Length: one class, the view every page reads; the ontology's terms, concept schemes and
enumerations are indexed in the same pass, beside the data's statements, so they agree.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.publish.statements import (
    Statements,
    VoidCounts,
    iri_of,
    literal_language,
    literal_of,
    literal_value,
    ontology_triples,
    split_graphs,
    token,
)
from coekg.rdf.canonical import canonical_quads

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

#: the folder of the resources' files; every other file of a site is site-wide
RESOURCES_FOLDER = "id"
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_RESOURCE_PATH = re.compile(rf"{_SLUG}(?:/{_SLUG})+")


def resource_path(iri: str) -> str | None:
    """``id/{kind}/{slug}`` for a resource IRI that gets pages, else ``None``."""
    if not iri.startswith(namespaces.ID):
        return None
    rest = iri[len(namespaces.ID) :]
    return f"{RESOURCES_FOLDER}/{rest}" if _RESOURCE_PATH.fullmatch(rest) else None


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :] if cut >= 0 else iri


@functools.lru_cache(maxsize=1 << 14)
def curie(iri: str) -> str:
    """``prefix:local`` for an IRI under one of the project prefixes (a name valid in SPARQL
    and Turtle, :func:`coekg.namespaces.short_name`), else the IRI."""
    name = namespaces.short_name(iri)
    return iri if name.startswith("<") else name


def vocabulary_of(iri: str) -> str:
    """The namespace an IRI belongs to (a known prefix, else up to the last ``#``/``/``)."""
    best_ns = namespaces.longest_prefix(iri)[1]
    if best_ns:
        return best_ns
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut >= 0 else iri


def _label_rank(label: ox.Literal | bytes) -> tuple[int, str]:
    """English first, then English of a region, then no language, then the others."""
    if isinstance(label, bytes):
        lang, value = (literal_language(label) or "").lower(), literal_value(label)
    else:
        lang, value = (label.language or "").lower(), label.value
    return (0 if lang == "en" else 1 if lang.startswith("en-") else 2 if not lang else 3, value)


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


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The distinct ``triples`` in the order the ontology's are kept (by their texts)."""
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def ontology_digest(ontology: list[ox.Triple]) -> bytes:
    """What the ``ontology`` (:func:`sorted_triples`) says, summed up; blank nodes labelled
    canonically (their labels as read change at every reading)."""
    import pyoxigraph as ox

    canonical = canonical_quads(ox.Quad(t.subject, t.predicate, t.object) for t in ontology)
    return hashlib.blake2b("\n".join(map(str, canonical)).encode(), digest_size=16).digest()


class GraphView:
    """Everything the site shows, indexed once from a :class:`KnowledgeGraph`.

    The data graphs' statements stay N-Triples lines (:class:`Statements`);
    :meth:`statements` and :meth:`incoming_triples` make Python objects of the few a page
    shows. The ontology is small and kept as triples (:attr:`onto_out`).
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        split = split_graphs(kg)
        ontology = sorted_triples(ontology_triples(kg))
        self.onto_out: dict[Subject, list[ox.Triple]] = defaultdict(list)
        for t in ontology:
            self.onto_out[t.subject].append(t)
        #: what the ontology says, summed up
        self.ontology_digest = ontology_digest(ontology)
        self.terms = self._index_terms()
        self.schemes = self._index_schemes()
        self.controlled_values = {c for members in self.schemes.values() for c in members}
        self.data = Statements(
            split.content,
            split.catalogue,
            split.graphs_of,
            tuple(token(p) for p in LABEL_PROPERTIES),
            frozenset(token(c) for c in self.controlled_values),
        )
        del split
        self.graphs_of = self.data.graphs_of
        self.predicate_counts = {iri_of(p): n for p, n in self.data.predicate_counts.items()}
        self.class_counts = {iri_of(c): n for c, n in self.data.class_counts.items()}
        #: uses of each controlled value as an object in the data
        self.value_uses = {iri_of(c): n for c, n in self.data.object_counts.items()}
        self.dates = sorted(self.data.dates)
        self.types: dict[str, list[str]] = {}
        for c, subjects in self.data.typed.items():
            class_iri = iri_of(c)
            for s in subjects:
                self.types.setdefault(iri_of(s), []).append(class_iri)
        for types in self.types.values():
            types.sort()
        self.resources: dict[str, str] = {}  # IRI -> id/{kind}/{slug}
        for subject in self.data.subjects:
            if subject[:1] == b"<":
                iri = iri_of(subject)
                path = resource_path(iri)
                if path is not None:
                    self.resources[iri] = path
        self._labels: dict[str, ox.Literal | bytes] = {}
        self._index_labels(ontology)
        self.void = self._void_counts(ontology)
        self.triple_count = self.void.triples
        self.provenance_properties = self._provenance_properties()
        self._instances: dict[str, list[str]] | None = None

    def _void_counts(self, ontology: list[ox.Triple]) -> VoidCounts:
        """The VoID statistics of the whole dataset: the data's lines and the ontology's
        triples, each distinct statement once."""
        import pyoxigraph as ox

        data = self.data
        own = [t for t in ontology if not self._in_data(t)]
        subjects = len(data.subjects) + len(
            {t.subject for t in own if _subject_token(t) not in data.subjects}
        )
        objects = len(data.distinct_objects) + len(
            {o for o in (_object_token(t) for t in own) if o not in data.distinct_objects}
        )
        classes = {iri_of(c): n for c, n in data.class_counts.items()}
        properties = {iri_of(p): n for p, n in data.predicate_counts.items()}
        for t in own:
            properties[t.predicate.value] = properties.get(t.predicate.value, 0) + 1
            if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                classes[t.object.value] = classes.get(t.object.value, 0) + 1
        data.distinct_objects = set()
        return VoidCounts(data.count + len(own), subjects, objects, classes, properties)

    def _in_data(self, t: ox.Triple) -> bool:
        """Whether the ontology's triple ``t`` is also a statement of the data graphs."""
        line = (str(t) + " .\n").encode()
        return line in self.data.lines_of(_subject_token(t)).splitlines(keepends=True)

    # labels -------------------------------------------------------------------------

    def _index_labels(self, ontology: list[ox.Triple]) -> None:
        """The preferred label of every IRI: the data's candidate lines in order, then the
        ontology's triples; the first of the best property and language wins."""
        import pyoxigraph as ox

        rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
        token_rank = {token(p): i for p, i in rank.items()}
        # IRI -> (rank of the property, label): a literal of the ontology, or the N-Triples
        # text of one in the data (made a literal only where a page needs one: a hundred
        # thousand took half a second); ranked only where an IRI has two (most have one)
        best: dict[str, tuple[int, ox.Literal | bytes]] = {}
        data = self.data
        for i in data.label_lines:  # an IRI subject, a label property, a literal
            s, p, o = data.line(i).split(b" ", 2)
            r, label, iri = token_rank[p], o[:-3], iri_of(s)  # o ends with " .\n"
            old = best.get(iri)
            if old is None or (r, _label_rank(label)) < (old[0], _label_rank(old[1])):
                best[iri] = (r, label)
        for t in ontology:
            found = rank.get(t.predicate.value)
            literal, subject = t.object, t.subject
            if found is None or not isinstance(literal, ox.Literal):
                continue
            if not isinstance(subject, ox.NamedNode):
                continue
            old = best.get(subject.value)
            if old is None or (found, _label_rank(literal)) < (old[0], _label_rank(old[1])):
                best[subject.value] = (found, literal)
        self._labels = {iri: v[1] for iri, v in best.items()}

    def label_literal(self, iri: str) -> ox.Literal | None:
        """The preferred label (English first) of an IRI, if it has one."""
        label = self._labels.get(iri)
        if isinstance(label, bytes):
            label = self._labels[iri] = literal_of(label)
        return label

    def label_language(self, iri: str) -> str | None:
        """The language of the preferred label of an IRI (``None``: none, or no label)."""
        label = self._labels.get(iri)
        if isinstance(label, bytes):
            return literal_language(label)
        return label.language if label is not None else None

    def label(self, iri: str) -> str:
        """The preferred label, else a readable short name."""
        label = self._labels.get(iri)
        if label is not None:
            return literal_value(label) if isinstance(label, bytes) else label.value
        path = resource_path(iri)
        if path is not None:
            return path.rsplit("/", 1)[-1]
        if iri in WELL_KNOWN_LABELS:
            return WELL_KNOWN_LABELS[iri]
        short = curie(iri)
        return short if short != iri else iri

    @functools.lru_cache(maxsize=1 << 17)  # noqa: B019 (one view per site; it lives as long)
    def fact(self, iri_token: bytes) -> bytes:
        """What a page shows of the IRI ``<iri>`` wherever it names it: its label (with its
        language) and whether it has a page; as a line, for digests."""
        iri = iri_of(iri_token)
        label = self._labels.get(iri)
        # a label of the data is the text Oxigraph writes for the literal, as str() is
        shown = b"" if label is None else label if isinstance(label, bytes) else str(label).encode()
        page = self.resources.get(iri, "").encode()
        return iri_token + b"\t" + shown + b"\t" + page + b"\n"

    def literal_values(self, subject: Subject, predicates: Iterable[str]) -> list[ox.Literal]:
        """Literal values of the first of ``predicates`` that has any (data, then ontology)."""
        import pyoxigraph as ox

        for p in predicates:
            for triples in (self.statements(subject), self.onto_out.get(subject, [])):
                found = [
                    t.object
                    for t in triples
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

    def statements(self, subject: Subject) -> list[ox.Triple]:
        """The data's triples whose subject is ``subject``, in statement order (the last
        few asked for are kept: a page asks for its resource's several times)."""
        return self._statements(str(subject).encode())

    @functools.lru_cache(maxsize=16)  # noqa: B019 (one view per site; it lives as long)
    def _statements(self, subject: bytes) -> list[ox.Triple]:
        return parse_lines(self.data.lines_of(subject))

    def incoming_triples(self, iri: str) -> list[ox.Triple]:
        """The triples pointing at ``iri`` ("Referenced by"): not ``rdf:type``, not the
        query catalogue's."""
        return parse_lines(b"".join(self.data.incoming_lines(token(iri))))

    def description_triples(self, iri: str) -> list[ox.Triple]:
        """The triples about a resource (with its blank nodes' triples) and those citing it."""
        return parse_lines(description_lines(self.data, iri))

    def classes_in_use(self) -> list[str]:
        """Classes that have instances in the data, in order of label."""
        return sorted(self.class_counts, key=lambda c: (self.label(c).lower(), c))

    def instances(self, class_iri: str) -> list[str]:
        """Resources (with pages) of a class, in order of label."""
        if self._instances is None:
            found: dict[str, list[str]] = {}
            for c, subjects in self.data.typed.items():
                members = [iri for iri in map(iri_of, subjects) if iri in self.resources]
                found[iri_of(c)] = sorted(members, key=lambda r: (self.label(r).lower(), r))
            self._instances = found
        return self._instances.get(class_iri, [])


def _subject_token(t: ox.Triple) -> bytes:
    return str(t.subject).encode()


def _object_token(t: ox.Triple) -> bytes:
    return str(t.object).encode()


def parse_lines(lines: bytes) -> list[ox.Triple]:
    """The triples of N-Triples ``lines`` (Oxigraph's own, of checked terms), in order."""
    import pyoxigraph as ox

    if not lines:
        return []
    return [q.triple for q in ox.parse(lines, ox.RdfFormat.N_TRIPLES, lenient=True)]


def blank_closure(data: Statements, subject: bytes) -> list[bytes]:
    """The lines of ``subject`` and of every blank node reachable from it, each subject's
    lines together, in the order they are reached."""
    out: list[bytes] = []
    seen = {subject}
    todo = [subject]
    while todo:
        lines = data.lines_of(todo.pop())
        out.append(lines)
        if b"_:" not in lines:
            continue
        for line in lines.splitlines(keepends=True):
            o = line.split(b" ", 2)[2][:-3]
            if o[:2] == b"_:" and o not in seen:
                seen.add(o)
                todo.append(o)
    return out


def description_lines(data: Statements, iri: str) -> bytes:
    """A resource's description as N-Triples lines: its statements, its blank nodes'
    statements, and the statements citing it (the subject of its Turtle and JSON-LD)."""
    subject = token(iri)
    return b"".join([*blank_closure(data, subject), *data.incoming_lines(subject)])
