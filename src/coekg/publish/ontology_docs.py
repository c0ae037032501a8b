"""What ``def.html`` shows: every class and property of the ontology, as pyLODE and Widoco do.

For each term: label, IRI, definition, kind, super- and sub-terms, domain and range (class
expressions such as unions and restrictions written out in words), inverse, further
annotations, and how often the data uses it. The ontology's controlled values (the concepts
of its SKOS concept schemes, such as project statuses) are documented too, each with its
anchor (``def.html#Ongoing``), and an A-Z index links every term and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.publish.graphview import (
    DEFINITION_PROPERTIES,
    LABEL_PROPERTIES,
    OWL,
    RDF,
    RDF_TYPE,
    RDFS,
    SKOS,
    local_name,
)
from coekg.publish.values import Linker, Row, Value, literal_value

if TYPE_CHECKING:
    from coekg.publish.graphview import GraphView, Subject, Term

_SHOWN = frozenset(
    {
        RDF_TYPE,
        RDFS + "subClassOf",
        RDFS + "subPropertyOf",
        RDFS + "domain",
        RDFS + "range",
        OWL + "equivalentClass",
        OWL + "equivalentProperty",
        OWL + "inverseOf",
        *LABEL_PROPERTIES,
        *DEFINITION_PROPERTIES,
    }
)
_SECTIONS = (
    ("classes", "Classes", "Class"),
    ("object-properties", "Object properties", "ObjectProperty"),
    ("datatype-properties", "Datatype properties", "DatatypeProperty"),
    ("annotation-properties", "Annotation properties", "AnnotationProperty"),
    ("other-properties", "Other properties", "Property"),
)
_MAIN_KINDS = {kind for _a, _t, kind in _SECTIONS}
_RESTRICTIONS = {
    OWL + "someValuesFrom": "some",
    OWL + "allValuesFrom": "only",
    OWL + "hasValue": "value",
    OWL + "minCardinality": "min",
    OWL + "maxCardinality": "max",
    OWL + "cardinality": "exactly",
    OWL + "minQualifiedCardinality": "min",
    OWL + "maxQualifiedCardinality": "max",
    OWL + "qualifiedCardinality": "exactly",
}
_SETS = {OWL + "unionOf": " or ", OWL + "intersectionOf": " and ", OWL + "oneOf": ", "}


@dataclass
class TermDoc:
    iri: str
    anchor: str
    label: str
    definition: Value | None
    kinds: list[str]
    usage: str
    parents: list[Value] = field(default_factory=list)
    children: list[Value] = field(default_factory=list)
    equivalents: list[Value] = field(default_factory=list)
    domains: list[Value] = field(default_factory=list)
    ranges: list[Value] = field(default_factory=list)
    inverses: list[Value] = field(default_factory=list)
    in_domain_of: list[Value] = field(default_factory=list)
    in_range_of: list[Value] = field(default_factory=list)
    notes: list[Row] = field(default_factory=list)


@dataclass
class Section:
    anchor: str
    title: str
    classes: bool
    terms: list[TermDoc]


@dataclass
class ExternalTerm:
    value: Value
    kind: str
    usage: int


@dataclass
class ValueDoc:
    """A controlled value: a concept of one of the ontology's concept schemes, or a member
    of one of its enumerated classes."""

    iri: str
    anchor: str
    label: str
    definition: Value | None
    classes: list[Value]
    usage: str
    notes: list[Row]


@dataclass
class SchemeDoc:
    iri: str
    anchor: str
    label: str
    definition: Value | None
    values: list[ValueDoc]


@dataclass
class IndexEntry:
    """One line of the A-Z index: a term or value, its kind, its anchor."""

    label: str
    anchor: str
    kind: str


@dataclass
class IndexLetter:
    letter: str
    anchor: str
    entries: list[IndexEntry]


@dataclass
class OntologyDoc:
    title: str
    description: str | None
    iri: str | None
    namespace: str
    version: str | None
    rows: list[Row]
    sections: list[Section]
    external: list[ExternalTerm]
    schemes: list[SchemeDoc] = field(default_factory=list)
    index: list[IndexLetter] = field(default_factory=list)

    @property
    def value_count(self) -> int:
        return sum(len(s.values) for s in self.schemes)


def _words(kind: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()


class _Expressions:
    """Class expressions in words: ``A or B``, ``p some C``, ``p min 1``."""

    def __init__(self, view: GraphView, linker: Linker) -> None:
        self.view = view
        self.linker = linker

    def _objects(self, node: Subject, predicate: str) -> list[object]:
        return [
            t.object for t in self.view.onto_out.get(node, []) if t.predicate.value == predicate
        ]

    def _list(self, node: object) -> list[object]:
        import pyoxigraph as ox

        items: list[object] = []
        seen: set[object] = set()
        while isinstance(node, ox.BlankNode) and node not in seen:
            seen.add(node)
            items.extend(self._objects(node, RDF + "first"))
            rest = self._objects(node, RDF + "rest")
            node = rest[0] if rest else None
        return items

    def text(self, node: object, depth: int = 0) -> str:
        import pyoxigraph as ox

        if isinstance(node, ox.NamedNode):
            return self.view.label(node.value)
        if isinstance(node, ox.Literal):
            return node.value
        if not isinstance(node, ox.BlankNode) or depth > 4:
            return "(class expression)"
        for predicate, joiner in _SETS.items():
            members = self._objects(node, predicate)
            if members:
                parts = [self.text(m, depth + 1) for m in self._list(members[0])]
                inner = joiner.join(sorted(parts))
                return "{" + inner + "}" if predicate == OWL + "oneOf" else f"({inner})"
        complement = self._objects(node, OWL + "complementOf")
        if complement:
            return f"not {self.text(complement[0], depth + 1)}"
        on = self._objects(node, OWL + "onProperty")
        if on:
            for predicate, word in _RESTRICTIONS.items():
                values = self._objects(node, predicate)
                if values:
                    text = f"{self.text(on[0], depth + 1)} {word} {self.text(values[0], depth + 1)}"
                    qualified = self._objects(node, OWL + "onClass")
                    if qualified:
                        text += f" {self.text(qualified[0], depth + 1)}"
                    return text
        return "(class expression)"

    def value(self, node: object) -> Value:
        import pyoxigraph as ox

        if isinstance(node, ox.NamedNode):
            return self.linker.iri_value(node.value)
        return Value(self.text(node), kind="literal")


def ontology_doc(view: GraphView) -> OntologyDoc:
    import pyoxigraph as ox

    linker = Linker(view, "")
    expr = _Expressions(view, linker)
    onto_iri = view.ontology_iri()
    onto_node = ox.NamedNode(onto_iri) if onto_iri else None

    def first_literal(predicates: tuple[str, ...]) -> str | None:
        if onto_node is None:
            return None
        found = view.literal_values(onto_node, predicates)
        return found[0].value if found else None

    own = {iri: t for iri, t in view.terms.items() if iri.startswith(namespaces.DEF)}
    children: dict[str, list[str]] = {}
    domain_of: dict[str, list[str]] = {}
    range_of: dict[str, list[str]] = {}
    for iri, term in view.terms.items():
        for parent in term.parents:
            if isinstance(parent, ox.NamedNode):
                children.setdefault(parent.value, []).append(iri)
        for slot, index in ((term.domains, domain_of), (term.ranges, range_of)):
            for cls in slot:
                for named in _named_in(view, cls, expr):
                    index.setdefault(named, []).append(iri)

    def values(iris: list[str]) -> list[Value]:
        return sorted((linker.iri_value(i) for i in set(iris)), key=lambda v: v.text.lower())

    def exprs(nodes: list[Subject]) -> list[Value]:
        return sorted((expr.value(n) for n in nodes), key=lambda v: v.text.lower())

    def doc(term: Term, main: str) -> TermDoc:
        definition = view.definition(term.iri)
        if term.is_class:
            n = view.class_counts.get(term.iri, 0)
            usage = f"{n} instance{'s' if n != 1 else ''}"
        else:
            n = view.predicate_counts.get(term.iri, 0)
            usage = f"{n} triple{'s' if n != 1 else ''}"
        notes = [r for r in linker.rows(ox.NamedNode(term.iri), _SHOWN, ontology=True) if r.values]
        return TermDoc(
            iri=term.iri,
            anchor=local_name(term.iri),
            label=view.label(term.iri),
            definition=literal_value(definition) if definition is not None else None,
            kinds=sorted(_words(k) for k in term.kinds - {main} - _MAIN_KINDS),
            usage=usage,
            parents=exprs(term.parents),
            children=values(children.get(term.iri, [])),
            equivalents=exprs(term.equivalents),
            domains=exprs(term.domains),
            ranges=exprs(term.ranges),
            inverses=values(term.inverses),
            in_domain_of=values(domain_of.get(term.iri, [])) if term.is_class else [],
            in_range_of=values(range_of.get(term.iri, [])) if term.is_class else [],
            notes=notes,
        )

    sections: list[Section] = []
    placed: set[str] = set()
    for anchor, title, kind in _SECTIONS:
        members = [t for i, t in own.items() if kind in t.kinds and i not in placed]
        if kind == "Property":
            members = [t for i, t in own.items() if t.is_property and i not in placed]
        placed.update(t.iri for t in members)
        if members:
            docs = sorted((doc(t, kind) for t in members), key=lambda d: (d.label.lower(), d.iri))
            sections.append(Section(anchor, title, kind == "Class", docs))

    external: list[ExternalTerm] = []
    used = set(view.predicate_counts) | set(view.class_counts)
    for iri in sorted((set(view.terms) | used) - set(own)):
        declared = view.terms.get(iri)
        if (declared is not None and declared.is_class) or iri in view.class_counts:
            kind, usage = "class", view.class_counts.get(iri, 0)
        else:
            kind, usage = "property", view.predicate_counts.get(iri, 0)
        external.append(ExternalTerm(linker.iri_value(iri), kind, usage))
    external.sort(key=lambda e: (e.value.text.lower(), e.value.href or ""))

    schemes = _schemes(view, linker)
    term_index = _index(sections, schemes)

    header_skip = frozenset(
        {RDF_TYPE, *LABEL_PROPERTIES, *DEFINITION_PROPERTIES, OWL + "versionInfo"}
    )
    rows = linker.rows(onto_node, header_skip, ontology=True) if onto_node else []
    return OntologyDoc(
        title=first_literal(LABEL_PROPERTIES[1:3] + LABEL_PROPERTIES[:1]) or "Ontology",
        description=first_literal(("http://purl.org/dc/terms/description", *DEFINITION_PROPERTIES)),
        iri=onto_iri,
        namespace=namespaces.DEF,
        version=first_literal((OWL + "versionInfo",)),
        rows=rows,
        sections=sections,
        external=external,
        schemes=schemes,
        index=term_index,
    )


_VALUE_SHOWN = frozenset(
    {RDF_TYPE, *LABEL_PROPERTIES, *DEFINITION_PROPERTIES, SKOS + "inScheme", SKOS + "topConceptOf"}
)


def _schemes(view: GraphView, linker: Linker) -> list[SchemeDoc]:
    """The ontology's concept schemes with their values, each value with its use in the data."""
    import pyoxigraph as ox

    uses = view.value_uses

    def definition(iri: str) -> Value | None:
        found = view.definition(iri)
        return literal_value(found) if found is not None else None

    out = []
    for scheme, members in view.schemes.items():
        values = []
        for iri in members:
            node = ox.NamedNode(iri)
            classes = [
                linker.iri_value(t.object.value)
                for t in view.onto_out.get(node, [])
                if t.predicate.value == RDF_TYPE
                and isinstance(t.object, ox.NamedNode)
                and t.object.value != OWL + "NamedIndividual"
            ]
            n = uses.get(iri, 0)
            values.append(
                ValueDoc(
                    iri=iri,
                    anchor=local_name(iri),
                    label=view.label(iri),
                    definition=definition(iri),
                    classes=sorted(classes, key=lambda v: v.text.lower()),
                    usage=f"{n} use{'s' if n != 1 else ''}",
                    notes=[r for r in linker.rows(node, _VALUE_SHOWN, ontology=True) if r.values],
                )
            )
        values.sort(key=lambda v: (v.label.lower(), v.iri))
        # an enumerated class is documented as a class too: its values get their own anchor
        enumeration = scheme in view.terms
        anchor = local_name(scheme) + ("-values" if enumeration else "")
        label = f"values of {view.label(scheme)}" if enumeration else view.label(scheme)
        out.append(SchemeDoc(scheme, anchor, label, definition(scheme), values))
    out.sort(key=lambda s: (s.label.lower(), s.iri))
    return out


def _index(sections: list[Section], schemes: list[SchemeDoc]) -> list[IndexLetter]:
    """Every documented term and value, by label, grouped by first letter."""
    entries = [
        IndexEntry(t.label, t.anchor, "class" if section.classes else "property")
        for section in sections
        for t in section.terms
    ]
    for scheme in schemes:
        entries.append(IndexEntry(scheme.label, scheme.anchor, "controlled values"))
        entries.extend(
            IndexEntry(v.label, v.anchor, f"value of {scheme.label}") for v in scheme.values
        )
    entries.sort(key=lambda e: (e.label.lower(), e.anchor))
    letters: dict[str, list[IndexEntry]] = {}
    for e in entries:
        first = e.label[:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(e)
    return [
        IndexLetter(letter, "index-" + (letter if letter.isalpha() else "other"), items)
        for letter, items in sorted(letters.items())
    ]


def _named_in(view: GraphView, node: object, expr: _Expressions) -> list[str]:
    """The named classes of a domain or range: the class itself, or a union's members."""
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return [node.value]
    if isinstance(node, ox.BlankNode):
        unions = expr._objects(node, OWL + "unionOf")
        if unions:
            return [m.value for m in expr._list(unions[0]) if isinstance(m, ox.NamedNode)]
    return []
