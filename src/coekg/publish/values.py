"""RDF terms turned into plain values the templates show: text, link, language, note.

Templates never see RDF terms: every IRI becomes a link only through :func:`Linker.value`,
which allows relative links to pages of the site and absolute ``http``/``https`` links, and
nothing else (no ``javascript:`` or ``data:`` links, whatever the data says). Jinja2's
autoescaping then escapes every text and attribute.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from coekg.publish.graphview import XSD, curie, local_name

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.publish.graphview import GraphView, Subject

_PLAIN_TYPES = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_MAX_NESTING = 4
#: IRI values a :class:`Linker` keeps: every IRI of a site of a million statements (the
#: caches of the IRIs' texts, here and in the documents' writers, are this size too: with a
#: sixteenth of it, the hubs' pages, which name tens of thousands of IRIs, emptied them)
_REMEMBERED = 1 << 17


class Value(NamedTuple):
    """One value as shown: ``text``, optionally a link, a language and a note. A named
    tuple: a site of a million statements makes millions of them, and a frozen dataclass
    took 2.7 µs each to make (a tuple 0.4 µs)."""

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
    """Makes values and links for pages at a given depth below the site root.

    The value of an IRI is the same on every page at that depth; a site shows each IRI on
    many pages, so the last :data:`_REMEMBERED` are kept."""

    def __init__(self, view: GraphView, root: str) -> None:
        self.view = view
        self.root = root  # relative path to the site root, such as "../../"
        self._iri_values: dict[str, Value] = {}
        self._token_values: dict[bytes, Value] = {}
        self._properties: dict[bytes, tuple[str, str, str | None]] = {}

    def page(self, iri: str) -> str | None:
        path = self.view.resources.get(iri)
        return f"{self.root}{path}.html" if path else None

    def term_href(self, iri: str) -> str | None:
        """Where a class or property is documented: ``def.html#Name`` or the term itself."""
        if self.view.is_documented(iri):
            return f"{self.root}def.html#{local_name(iri)}"
        return safe_external(iri)

    def iri_value(self, iri: str) -> Value:
        found = self._iri_values.get(iri)
        if found is None:
            if len(self._iri_values) >= _REMEMBERED:
                self._iri_values.clear()
            found = self._iri_values[iri] = self._make_iri_value(iri)
        return found

    def _make_iri_value(self, iri: str) -> Value:
        page = self.page(iri)
        if page is not None:
            return Value(self.view.label(iri), page, self._lang(iri), kind="resource")
        if self.view.is_documented(iri):
            return Value(self.view.label(iri), self.term_href(iri), self._lang(iri), kind="term")
        label = self.view.label(iri)
        href = safe_external(iri)
        note = iri if label not in (iri, curie(iri)) else None
        return Value(label, href, self._lang(iri), note, "external" if href else "iri")

    def token_value(self, term: bytes) -> Value | None:
        """:meth:`value` of a term given as N-Triples text (``<iri>`` or a literal);
        ``None`` for what only the parsed term tells (a blank node, a triple term, an
        escaped or directional literal)."""
        lead = term[:1]
        if lead == b"<":
            if term[:2] == b"<<":
                return None
            found = self._token_values.get(term)
            if found is None:
                if len(self._token_values) >= _REMEMBERED:
                    self._token_values.clear()
                found = self._token_values[term] = self.iri_value(term[1:-1].decode())
            return found
        if lead == b'"':
            return literal_token_value(term)
        return None

    def property_of(self, predicate: bytes) -> tuple[str, str, str | None]:
        """The label, IRI and documentation link of a property given as ``<iri>``."""
        found = self._properties.get(predicate)
        if found is None:
            iri = predicate[1:-1].decode()
            found = self._properties[predicate] = (self.view.label(iri), iri, self.term_href(iri))
        return found

    def rows_of_lines(self, lines: bytes, skip: frozenset[bytes]) -> list[Row] | None:
        """:meth:`rows` of the subject of N-Triples ``lines`` (its statements, in order),
        from their text; ``None`` where a value is one :meth:`token_value` leaves to the
        parsed terms."""
        grouped: dict[bytes, list[Value]] = {}
        for line in lines.splitlines():
            _s, p, o = line.split(b" ", 2)
            if p in skip:
                continue
            value = self.token_value(o[:-2])
            if value is None:
                return None
            if p in grouped:
                grouped[p].append(value)
            else:
                grouped[p] = [value]
        rows = []
        for p, values in grouped.items():
            values.sort(key=_value_order)
            label, iri, href = self.property_of(p)
            rows.append(Row(label, iri, href, tuple(values)))
        rows.sort(key=lambda r: (r.label.lower(), r.iri))
        return rows

    def _lang(self, iri: str) -> str | None:
        return self.view.label_language(iri) or None

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
        triples = self.view.onto_out.get(subject, []) if ontology else self.view.statements(subject)
        grouped: dict[str, list[object]] = {}
        for t in triples:
            if t.predicate.value not in skip:
                grouped.setdefault(t.predicate.value, []).append(t.object)
        rows = []
        for p, objects in grouped.items():
            values = sorted((self.value(o, depth, ontology) for o in objects), key=_value_order)
            rows.append(Row(self.view.label(p), p, self.term_href(p), tuple(values)))
        rows.sort(key=lambda r: (r.label.lower(), r.iri))
        return rows


_LINKERS: weakref.WeakKeyDictionary[GraphView, dict[str, Linker]] = weakref.WeakKeyDictionary()


def linker_for(view: GraphView, root: str) -> Linker:
    """The :class:`Linker` of ``view``'s pages at depth ``root``, kept as long as the view:
    it remembers the values of the IRIs it was asked for, which recur page after page."""
    linkers = _LINKERS.setdefault(view, {})
    found = linkers.get(root)
    if found is None:
        found = linkers[root] = Linker(view, root)
    return found


def _value_order(v: Value) -> tuple[str, str, str, str]:
    """The order of a property's values on a page."""
    return (v.text.lower(), v.text, v.href or "", v.lang or "")


def literal_value(lit: ox.Literal) -> Value:
    """A literal as text, with its language tag, or its datatype as a note."""
    datatype = lit.datatype.value
    note = None if lit.language or datatype in _PLAIN_TYPES else curie(datatype)
    return Value(lit.value, lang=lit.language or None, note=note, kind="literal")


def literal_token_value(literal: bytes) -> Value | None:
    """:func:`literal_value` of a literal given as N-Triples text; ``None`` if it is
    escaped (its text is then the parsed literal's) or directional."""
    close = literal.rindex(b'"')
    lexical = literal[1:close]
    if b"\\" in lexical:
        return None
    rest = literal[close + 1 :]
    if not rest:
        return Value(lexical.decode(), kind="literal")
    if rest[:1] == b"@":
        language = rest[1:].decode()
        if "--" in language:
            return None
        return Value(lexical.decode(), lang=language, kind="literal")
    datatype = rest[3:-1].decode()  # ^^<datatype>
    note = None if datatype in _PLAIN_TYPES else curie(datatype)
    return Value(lexical.decode(), note=note, kind="literal")
