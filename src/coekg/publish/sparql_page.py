"""The SPARQL page: a query form, the canned queries as examples, and (when a server
answers it) the results as an HTML table.

The page is one template, ``sparql.html.j2``, whose main part is ``sparql-main.html.j2``.
``coekg publish`` writes it as ``sparql.html`` without results; ``coekg serve`` renders the
main part again with the results of a query and puts it in place of the published one
(between the :data:`BEGIN` and :data:`END` markers), so the served page keeps the site's
own header and footer whatever base URL the site was published for.

Every link and form of the main part is relative to the site root (``sparql``, ``id/...``),
so the page works wherever the site is served, and posts to the endpoint of its own origin
(which the pages' ``form-action 'self'`` policy requires). No script: it works without
JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from coekg.errors import CoekgError
from coekg.publish.pages import render, site_context
from coekg.query.catalogue import bound_text
from coekg.query.parameters import PARAMETER_TYPES

if TYPE_CHECKING:
    from coekg.publish.metadata import DatasetInfo
    from coekg.query.catalogue import CannedQuery

#: what the main part of the published page lies between
BEGIN = "<!-- coekg:sparql-main -->"
END = "<!-- /coekg:sparql-main -->"
#: the query the form holds when the page is opened without one
EXAMPLE_QUERY = """SELECT ?class (COUNT(?resource) AS ?resources)
WHERE { ?resource a ?class }
GROUP BY ?class
ORDER BY DESC(?resources)
LIMIT 20"""


@dataclass(frozen=True)
class Cell:
    """One value of a result, as a reader sees it."""

    text: str
    kind: str  # iri, literal, blank or none
    href: str | None = None
    title: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    media_type: str


@dataclass
class Result:
    """What a query answered: a table, a boolean, triples, or an error message."""

    kind: str  # table, boolean, graph or error
    permalink: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0
    boolean: bool | None = None
    message: str = ""
    downloads: list[Download] = field(default_factory=list)

    @property
    def shown(self) -> int:
        return len(self.rows)


def run_href(query_text: str, **extra: str) -> str:
    """The URL of the endpoint answering ``query_text``, relative to the site root."""
    return "sparql?" + urlencode({"query": query_text, **extra})


def examples(
    queries: Sequence[CannedQuery], values: dict[str, dict[str, str]] | None = None
) -> list[dict[str, Any]]:
    """The canned queries as the page's examples: each with its description, parameters
    (with the values given, else the defaults) and, where it runs as it is, a permalink to
    its answer (the standard protocol's ``sparql?query=...``, the defaults bound)."""
    out = []
    for q in queries:
        given = (values or {}).get(q.name, {})
        try:
            run = run_href(bound_text(q, {})) if all(not p.required for p in q.parameters) else None
        except CoekgError:
            run = None
        out.append(
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "text": q.text,
                "run": run,
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "expects": PARAMETER_TYPES[p.type],
                        "default": p.default,
                        "value": given.get(p.name, p.default),
                        "description": p.description,
                        "required": p.required,
                    }
                    for p in q.parameters
                ],
            }
        )
    return out


def main_context(
    queries: Sequence[CannedQuery],
    endpoint: str,
    *,
    query: str = EXAMPLE_QUERY,
    result: Result | None = None,
    served: bool = False,
    values: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    """What ``sparql-main.html.j2`` shows. ``served``: a ``coekg serve`` answers the page,
    so the forms of the examples with parameters and the web API are offered too."""
    return {
        "endpoint": endpoint,
        "query": query,
        "result": result,
        "served": served,
        "examples": examples(queries, values),
    }


def page(info: DatasetInfo, queries: Sequence[CannedQuery]) -> bytes:
    """The published ``sparql.html``."""
    context = main_context(queries, info.sparql_url)
    return render("sparql.html.j2", site=site_context(info), root="", sparql=context)


def main_part(context: dict[str, Any]) -> bytes:
    """The main part of the page alone, for a server to put in the published page."""
    return render("sparql-main.html.j2", sparql=context)
