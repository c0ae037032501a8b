"""RDF terms turned into plain values the templates show: text, link, language, note.

Templates never see RDF terms: every IRI becomes a link only through :func:`Linker.value`,
which allows relative links to pages of the site and absolute ``http``/``https`` links, and
nothing else (no ``javascript:`` or ``data:`` links, whatever the data says). Jinja2's
autoescaping then escapes every text and attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg.publish.graphview import XSD, curie, local_name

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.publish.graphview import GraphView, Subject

_PLAIN_TYPES = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_MAX_NESTING = 4


@dataclass(frozen=True)
class Value:
    """One value as shown: ``text``, optionally a link, a language and a note."""

    text: str
    href: str | None = None
    lang: str | None = None
    note: str | None = None  # a literal's datatype, or an IRI shown beside its label
    kind: str = "literal"  # literal, resource, term, external, iri, blank
    nested: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Row:
    """One property and its values."""

    label: str
    iri: str
    href: str | None
    values: tuple[Value, ...]


def safe_external(iri: str) -> str | None:
    """The IRI if it may be a link target (absolute http or https), else ``None``."""
    lowered = iri.lower()
    return iri if lowered.startswith(("https://", "http://")) else None


class Linker:
    """Makes values and links for pages at a given depth below the site root."""

    def __init__(self, view: GraphView, root: str) -> None:
        self.view = view
        self.root = root  # relative path to the site root, such as "../../"

    def page(self, iri: str) -> str | None:
        path = self.view.resources.get(iri)
        return f"{self.root}{path}.html" if path else None

    def term_href(self, iri: str) -> str | None:
        """Where a class or property is documented: ``def.html#Name`` or the term itself."""
        if self.view.is_documented(iri):
            return f"{self.root}def.html#{local_name(iri)}"
        return safe_external(iri)

    def iri_value(self, iri: str) -> Value:
        page = self.page(iri)
        if page is not None:
            return Value(self.view.label(iri), page, self._lang(iri), kind="resource")
        if self.view.is_documented(iri):
            return Value(self.view.label(iri), self.term_href(iri), self._lang(iri), kind="term")
        label = self.view.label(iri)
        href = safe_external(iri)
        note = iri if label not in (iri, curie(iri)) else None
        return Value(label, href, self._lang(iri), note, "external" if href else "iri")

    def _lang(self, iri: str) -> str | None:
        lit = self.view.label_literal(iri)
        return lit.language if lit is not None and lit.language else None

    def value(self, term: object, depth: int = 0, ontology: bool = False) -> Value:
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode):
            return self.iri_value(term.value)
        if isinstance(term, ox.Literal):
            return literal_value(term)
        if isinstance(term, ox.BlankNode):
            nested = (
                ()
                if depth >= _MAX_NESTING
                else tuple(self.rows(term, depth=depth + 1, ontology=ontology))
            )
            return Value("(unnamed node)", kind="blank", nested=nested)
        return Value(str(term), kind="iri")

    def rows(
        self,
        subject: Subject,
        skip: frozenset[str] = frozenset(),
        depth: int = 0,
        ontology: bool = False,
    ) -> list[Row]:
        """The properties of ``subject`` (but ``skip``), sorted by label, values sorted too.

        ``ontology`` reads the ontology's triples instead of the data's.
        """
        source = self.view.onto_out if ontology else self.view.out
        grouped: dict[str, list[object]] = {}
        for t in source.get(subject, []):
            if t.predicate.value not in skip:
                grouped.setdefault(t.predicate.value, []).append(t.object)
        rows = []
        for p, objects in grouped.items():
            values = sorted(
                (self.value(o, depth, ontology) for o in objects),
                key=lambda v: (v.text.lower(), v.text, v.href or "", v.lang or ""),
            )
            rows.append(Row(self.view.label(p), p, self.term_href(p), tuple(values)))
        rows.sort(key=lambda r: (r.label.lower(), r.iri))
        return rows


def literal_value(lit: ox.Literal) -> Value:
    """A literal as text, with its language tag, or its datatype as a note."""
    datatype = lit.datatype.value
    note = None if lit.language or datatype in _PLAIN_TYPES else curie(datatype)
    return Value(lit.value, lang=lit.language or None, note=note, kind="literal")
