"""The HTML of values: a value, a list of values, a property list, a table cell.

Every page shows values the same way (:class:`coekg.publish.values.Value`: a link to a
page, a term of the ontology, an external link, a literal with its language or datatype, a
blank node with its own properties). These functions write that HTML; templates call them
(they are globals of the Jinja2 environment: ``{{ show(v) }}``) and so does the resource
page (:mod:`coekg.publish.resource_page`), a hundred thousand times in a large site, where a
Jinja2 macro call costs more than the rest of the page.

Every text and attribute is escaped as Jinja2's autoescaping escapes it (``& < > " '``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markupsafe import Markup

    from coekg.publish.values import Row, Value


_SPECIAL = re.compile("[&<>\"']")


def esc(text: str) -> str:
    """``text`` escaped for HTML text and attribute values, as Jinja2 autoescaping does."""
    if _SPECIAL.search(text) is None:
        return text
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def link_html(text: str, href: str, lang: str | None = None, external: bool = False) -> str:
    """A link: the value of an IRI that has a page or an address (:func:`show_html`)."""
    css = ' class="external"' if external else ""
    language = f' lang="{esc(lang)}"' if lang else ""
    return f'<a href="{esc(href)}"{css}{language}>{esc(text)}</a>'


def show_html(v: Value) -> str:
    """One value: a link, a text in its language, an IRI, or a blank node's properties."""
    if v.kind == "literal":
        return _show(v)
    if v.kind == "blank":
        nested = rows_html(v.nested) if v.nested else ""
        return f'<span class="blank">{esc(v.text)}</span>{nested}'
    return _show_iri(v)


@functools.lru_cache(maxsize=1 << 17)
def _show_iri(v: Value) -> str:
    """An IRI's value (shown on many pages alike)."""
    return _show(v)


def _show(v: Value) -> str:
    if v.kind == "blank":
        nested = rows_html(v.nested) if v.nested else ""
        return f'<span class="blank">{esc(v.text)}</span>{nested}'
    if v.href:
        out = link_html(v.text, v.href, v.lang, v.kind == "external")
    elif v.lang:
        out = f'<span lang="{esc(v.lang)}">{esc(v.text)}</span>'
    elif v.kind == "iri":
        out = f"<code>{esc(v.text)}</code>"
    else:
        out = esc(v.text)
    if v.note:
        out += f' <span class="note">({esc(v.note)})</span>'
    return out


def values_html(vs: Sequence[Value]) -> str:
    """One value as it is; several as a list."""
    if len(vs) == 1:
        return show_html(vs[0])
    return '<ul class="values">' + "".join(f"<li>{show_html(v)}</li>" for v in vs) + "</ul>"


def rows_html(rows: Sequence[Row]) -> str:
    """Properties and their values, as a description list."""
    out = ['<dl class="properties">']
    for row in rows:
        out.append(_term(row.iri, row.href, row.label))
        out.append(f"\n<dd>{values_html(row.values)}</dd>")
    out.append("</dl>")
    return "".join(out)


@functools.lru_cache(maxsize=1 << 12)
def _term(iri: str, href: str | None, label: str) -> str:
    """A property's name in a description list, linked to its documentation."""
    if href:
        return f'<dt><a href="{esc(href)}" title="{esc(iri)}">{esc(label)}</a></dt>'
    return f'<dt><span title="{esc(iri)}">{esc(label)}</span></dt>'


def cell_html(v: Value | None) -> str:
    """A table cell's value; a dash where there is none."""
    return '<span class="none">—</span>' if v is None else show_html(v)


def _safe(render: object) -> object:
    """``render`` with its result marked safe, for templates (it escaped what it wrote)."""
    from markupsafe import Markup

    def marked(*args: object) -> Markup:
        return Markup(render(*args))  # type: ignore[operator]

    return marked


def template_globals() -> dict[str, object]:
    """The functions templates call: ``show``, ``values``, ``rows_list`` and ``cell``."""
    return {
        "show": _safe(show_html),
        "values": _safe(values_html),
        "rows_list": _safe(rows_html),
        "cell": _safe(cell_html),
    }
