"""The page of one resource: what it is, its properties, what refers to it, where it comes
from, and its other formats.

A large site has a hundred thousand of these, and ``coekg serve`` renders them while a
reader waits, so the page is written here in Python (a Jinja2 template took a millisecond a
page; this takes a tenth of that). The site's layout stays in ``base.html.j2``: it is
rendered once per depth below the site root with markers where a page's title, head and
main parts go (:func:`frame`), and each page fills them in. The values are written by
:mod:`coekg.publish.markup`, as on every other page.

The page shows, in order: its classes, label and IRI, its descriptions; its properties
(sorted by label; provenance properties apart); the resources that refer to it, by the label
of the property that links them; its provenance (source properties and named graphs); links
to its Turtle and JSON-LD documents, whose JSON-LD is also in the head for search engines.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg.publish.graphview import DESCRIPTION, LABEL_PROPERTIES, RDF_TYPE
from coekg.publish.markup import esc, rows_html, show_html
from coekg.publish.pages import environment, site_context
from coekg.publish.statements import token
from coekg.publish.values import Row, Value, linker_for, literal_token_value, literal_value

if TYPE_CHECKING:
    from coekg.publish.graphview import GraphView
    from coekg.publish.metadata import DatasetInfo

_MARKS = ("\x00title\x00", "\x00head\x00", "\x00main\x00")
_FRAME = (
    '{% extends "base.html.j2" %}'
    "{% block title %}\x00title\x00{% endblock %}"
    "{% block head %}\x00head\x00{% endblock %}"
    "{% block main %}\x00main\x00{% endblock %}"
)
_SKIPPED = frozenset({RDF_TYPE, DESCRIPTION})
_SKIPPED_TOKENS = frozenset(token(p) for p in _SKIPPED)
_DESCRIPTION_TOKEN = token(DESCRIPTION)


@dataclass(frozen=True)
class Incoming:
    """A resource that refers to the page's resource, and the property it does so by."""

    subject: Value
    label: str
    href: str | None


def frame(info: DatasetInfo, root: str) -> tuple[str, str, str, str]:
    """The layout of a page at depth ``root`` (``"../../"``), cut where the title, the head
    and the main part go."""
    return _frame(site_context_key(info), root)


#: the last site's key (every page of a site has the same): its info, and the key
_last_key: tuple[DatasetInfo, tuple[tuple[str, object], ...]] | None = None


def site_context_key(info: DatasetInfo) -> tuple[tuple[str, object], ...]:
    global _last_key
    if _last_key is not None and _last_key[0] is info:
        return _last_key[1]
    context = site_context(info)
    key = tuple((k, _hashable(v)) for k, v in context.items())
    _last_key = (info, key)
    return key


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


@functools.lru_cache(maxsize=16)
def _frame(context: tuple[tuple[str, object], ...], root: str) -> tuple[str, str, str, str]:
    site = dict(context)
    text = environment().from_string(_FRAME).render(site=site, root=root)
    head, rest = text.split(_MARKS[0])
    title_end, rest = rest.split(_MARKS[1])
    head_end, rest = rest.split(_MARKS[2])
    return head, title_end, head_end, rest


@dataclass
class _Parts:
    """What a resource page shows, before it is written."""

    label: str
    label_lang: str | None
    classes: list[Value]
    descriptions: list[Value]
    rows: list[Row]
    provenance: list[Row]
    incoming: list[Incoming]
    graphs: list[str]


def render(view: GraphView, iri: str, path: str, info: DatasetInfo, jsonld_doc: bytes) -> bytes:
    """The HTML page of the resource ``iri`` at ``path`` (``id/{kind}/{slug}``), with its
    JSON-LD document ``jsonld_doc`` in the head.

    The page is gathered from the statements' text (:meth:`Linker.rows_of_lines`), or from
    the parsed statements where the text does not tell (blank nodes, escaped literals)."""
    root = "../" * path.count("/")
    parts = _from_lines(view, iri, root) or _from_terms(view, iri, root)
    return _write(parts, iri, path, info, root, jsonld_doc)


def render_from_terms(
    view: GraphView, iri: str, path: str, info: DatasetInfo, jsonld_doc: bytes
) -> bytes:
    """:func:`render`, gathering the page from the parsed statements whatever they are."""
    root = "../" * path.count("/")
    return _write(_from_terms(view, iri, root), iri, path, info, root, jsonld_doc)


def _split_rows(view: GraphView, all_rows: list[Row], label: str) -> tuple[list[Row], list[Row]]:
    """The rows shown as properties, and those shown as provenance. A label property whose
    one value is the page's title is not shown again."""
    rows: list[Row] = []
    provenance: list[Row] = []
    for row in all_rows:
        if row.iri in view.provenance_properties:
            provenance.append(row)
        elif not (
            row.iri in LABEL_PROPERTIES and len(row.values) == 1 and row.values[0].text == label
        ):
            rows.append(row)
    return rows, provenance


def _incoming_order(i: Incoming) -> tuple[str, str, str]:
    return (i.label.lower(), i.subject.text.lower(), i.subject.href or "")


def _description_order(v: Value) -> tuple[int, str]:
    """English first, then other English, then no language, then the rest (as
    :func:`coekg.publish.graphview.GraphView.literal_values` orders them)."""
    lang = (v.lang or "").lower()
    return (0 if lang == "en" else 1 if lang.startswith("en-") else 2 if not lang else 3, v.text)


def _from_lines(view: GraphView, iri: str, root: str) -> _Parts | None:
    """The page's parts from the statements' text; ``None`` if a term needs parsing."""
    linker = linker_for(view, root)
    subject = token(iri)
    lines = view.data.lines_of(subject)
    all_rows = linker.rows_of_lines(lines, _SKIPPED_TOKENS)
    if all_rows is None:
        return None
    incoming: list[Incoming] = []
    for line in view.data.incoming_lines(subject):
        s, p, _o = line.split(b" ", 2)
        value = linker.token_value(s)
        if value is None:
            return None
        label, _iri, href = linker.property_of(p)
        incoming.append(Incoming(value, label, href))
    descriptions: list[Value] = []
    for line in lines.splitlines():
        _s, p, o = line.split(b" ", 2)
        if p == _DESCRIPTION_TOKEN and o[:1] == b'"':
            value = literal_token_value(o[:-2])
            if value is None:
                return None
            descriptions.append(value)
    if not descriptions:
        descriptions = _descriptions(view, iri)
    label = view.label(iri)
    label_lit = view.label_literal(iri)
    rows, provenance = _split_rows(view, all_rows, label)
    return _Parts(
        label,
        label_lit.language if label_lit is not None and label_lit.language else None,
        [linker.iri_value(c) for c in view.types.get(iri, [])],
        sorted(descriptions, key=_description_order),
        rows,
        provenance,
        sorted(incoming, key=_incoming_order),
        sorted(view.graphs_of.get(iri, ())),
    )


def _descriptions(view: GraphView, iri: str) -> list[Value]:
    import pyoxigraph as ox

    return [literal_value(d) for d in view.literal_values(ox.NamedNode(iri), (DESCRIPTION,))]


def _from_terms(view: GraphView, iri: str, root: str) -> _Parts:
    """The page's parts from the parsed statements."""
    import pyoxigraph as ox

    linker = linker_for(view, root)
    label = view.label(iri)
    label_lit = view.label_literal(iri)
    rows, provenance = _split_rows(view, linker.rows(ox.NamedNode(iri), _SKIPPED), label)
    incoming = [
        Incoming(
            linker.value(t.subject),
            view.label(t.predicate.value),
            linker.term_href(t.predicate.value),
        )
        for t in view.incoming_triples(iri)
    ]
    return _Parts(
        label,
        label_lit.language if label_lit is not None and label_lit.language else None,
        [linker.iri_value(c) for c in view.types.get(iri, [])],
        _descriptions(view, iri),
        rows,
        provenance,
        sorted(incoming, key=_incoming_order),
        sorted(view.graphs_of.get(iri, ())),
    )


def _write(
    parts: _Parts, iri: str, path: str, info: DatasetInfo, root: str, jsonld_doc: bytes
) -> bytes:
    slug = esc(path.rsplit("/", 1)[-1])
    head = (
        f'<link rel="canonical" href="{esc(info.url(path + ".html"))}">\n'
        f'<link rel="alternate" type="text/turtle" href="{slug}.ttl" title="Turtle">\n'
        f'<link rel="alternate" type="application/ld+json" href="{slug}.jsonld" '
        'title="JSON-LD">\n'
        f'<script type="application/ld+json">{script_text(jsonld_doc)}</script>\n'
    )
    classes = ", ".join(show_html(c) for c in parts.classes)
    lang = f' lang="{esc(parts.label_lang)}"' if parts.label_lang else ""
    main = [
        "<article>\n",
        f'<p class="kind">{classes}</p>\n',
        f"<h1{lang}>{esc(parts.label)}</h1>\n",
        f'<p class="iri">IRI: <code>{esc(iri)}</code></p>\n',
    ]
    for d in parts.descriptions:
        d_lang = f' lang="{esc(d.lang)}"' if d.lang else ""
        main.append(f'<p class="description"{d_lang}>{esc(d.text)}</p>\n')
    main.append(
        '\n<section aria-labelledby="properties">\n<h2 id="properties">Properties</h2>\n'
        + (rows_html(parts.rows) if parts.rows else "<p>No other properties.</p>")
        + "</section>\n"
        '\n<section aria-labelledby="referenced-by">\n<h2 id="referenced-by">Referenced by</h2>\n'
    )
    if parts.incoming:
        main.append('<ul class="incoming">\n')
        for item in parts.incoming:
            via = (
                f'<a href="{esc(item.href)}">{esc(item.label)}</a>'
                if item.href
                else esc(item.label)
            )
            main.append(f'<li>{show_html(item.subject)} <span class="via">({via})</span></li>\n')
        main.append("</ul>\n")
    else:
        main.append("<p>Nothing in the dataset refers to this resource.</p>\n")
    named = (
        "<p>Named graph: " + ", ".join(f"<code>{esc(g)}</code>" for g in parts.graphs) + "</p>"
        if parts.graphs
        else ""
    )
    main.append(
        "</section>\n"
        '\n<section aria-labelledby="provenance">\n<h2 id="provenance">Provenance</h2>\n'
        + (rows_html(parts.provenance) if parts.provenance else "<p>No source is given.</p>")
        + named
        + "</section>\n"
        '\n<section aria-labelledby="formats">\n<h2 id="formats">Other formats</h2>\n<ul>\n'
        f'<li><a href="{slug}.ttl" type="text/turtle">Turtle</a></li>\n'
        f'<li><a href="{slug}.jsonld" type="application/ld+json">JSON-LD</a></li>\n'
        "</ul>\n</section>\n</article>\n"
    )
    start, title_end, head_end, end = frame(info, root)
    title = f"{esc(parts.label)} \u2013 {esc(info.title)}"
    return (start + title + title_end + head + head_end + "".join(main) + end).encode("utf-8")


def script_text(jsonld_doc: bytes) -> str:
    """The JSON-LD document for a ``<script>`` block: the same JSON, with ``<``, ``>`` and
    ``&`` written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` (as
    :func:`coekg.publish.rdfdoc.script_json` writes them), so no literal can end the block.

    The document was written with the same settings as :func:`script_json` uses, so reading
    and writing it again would give the same text."""
    text = jsonld_doc.decode("utf-8").removesuffix("\n")
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
