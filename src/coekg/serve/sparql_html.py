"""The SPARQL page as ``coekg serve`` answers it: the published page with the results of
a query in it, as an HTML table made on the server (no script).

The endpoint's own answer (SPARQL JSON results, or N-Triples for CONSTRUCT and DESCRIBE)
is read back and shown: at most :data:`MAX_ROWS` rows, every value as a reader sees it
(``state:azerbaijan``, the literal's text with its language and datatype), resources of
the site linked to their pages. The page links to the same answer in every format, and to
itself (a permalink: the protocol's own ``sparql?query=...``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from coekg import namespaces
from coekg.publish.graphview import resource_path
from coekg.publish.sparql_page import (
    BEGIN,
    END,
    Cell,
    Download,
    Result,
    main_context,
    main_part,
)
from coekg.query.results import display
from coekg.serve.responses import Response, html

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.query.catalogue import CannedQuery
    from coekg.serve.site_files import Files
    from coekg.serve.sparql import Reply

#: rows shown on the page; the downloads hold them all
MAX_ROWS = 500
#: what the page asks the endpoint for: results as JSON, graphs as N-Triples
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
TABLE_DOWNLOADS = (("JSON", "json"), ("XML", "xml"), ("CSV", "csv"), ("TSV", "tsv"))
GRAPH_DOWNLOADS = (
    ("Turtle", "turtle"),
    ("N-Triples", "nt"),
    ("JSON-LD", "jsonld"),
    ("RDF/XML", "rdfxml"),
)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PLAIN = (_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
#: the page when the site's own sparql.html cannot hold the results (a site without one)
_BARE = (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<title>SPARQL endpoint</title>\n<link rel="stylesheet" href="style.css">\n</head>\n'
    '<body>\n<main id="main">\n',
    "</main>\n</body>\n</html>\n",
)


def cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Cell:
    """A value as the table shows it; resources of the site link to their pages, other
    http(s) IRIs to themselves (no other scheme is ever a link)."""
    import pyoxigraph as ox

    if term is None:
        return Cell("", "none")
    if isinstance(term, ox.NamedNode):
        iri = term.value
        path = resource_path(iri) if iri.startswith(namespaces.ID) else None
        if path is not None:
            href: str | None = path + ".html"
        else:
            href = iri if iri.lower().startswith(("http://", "https://")) else None
        return Cell(display(term), "iri", href, iri)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        title = None if datatype in _PLAIN else display(ox.NamedNode(datatype))
        return Cell(term.value, "literal", None, title, term.language)
    return Cell(display(term), "blank")


def permalink(query: str, graphs: Sequence[tuple[str, str]], fmt: str | None = None) -> str:
    """``sparql?query=...`` with the graph parameters (and a format), relative to the root."""
    pairs = [("query", query), *graphs]
    if fmt is not None:
        pairs.append(("format", fmt))
    return "sparql?" + urlencode(pairs)


def result_of(reply: Reply, query: str, graphs: Sequence[tuple[str, str]]) -> Result:
    """What the endpoint's ``reply`` shows on the page."""
    import pyoxigraph as ox

    link = permalink(query, graphs)
    if reply.status != 200:
        return Result("error", link, message=reply.body.decode("utf-8", "replace").strip())
    if reply.content_type.startswith("application/n-triples"):
        triples = [q.triple for q in ox.parse(reply.body, ox.RdfFormat.N_TRIPLES)]
        return Result(
            "graph",
            link,
            ["subject", "predicate", "object"],
            [[cell(t.subject), cell(t.predicate), cell(t.object)] for t in triples[:MAX_ROWS]],
            len(triples),
            downloads=_downloads(query, graphs, GRAPH_DOWNLOADS),
        )
    answer = ox.parse_query_results(reply.body, ox.QueryResultsFormat.JSON)
    if isinstance(answer, ox.QueryBoolean):
        downloads = _downloads(query, graphs, TABLE_DOWNLOADS[:2])
        return Result("boolean", link, boolean=bool(answer), downloads=downloads)
    variables = [v.value for v in answer.variables]
    rows = []
    total = 0
    for solution in answer:
        total += 1
        if total <= MAX_ROWS:
            rows.append([cell(solution[v]) for v in variables])
    downloads = _downloads(query, graphs, TABLE_DOWNLOADS)
    return Result("table", link, variables, rows, total, downloads=downloads)


def _downloads(
    query: str, graphs: Sequence[tuple[str, str]], formats: Sequence[tuple[str, str]]
) -> list[Download]:
    from coekg.serve.sparql import FORMAT_NAMES

    return [Download(label, permalink(query, graphs, f), FORMAT_NAMES[f]) for label, f in formats]


class SparqlPages:
    """Renders the served SPARQL page inside the site's own ``sparql.html``."""

    def __init__(self, files: Files, queries: Sequence[CannedQuery]) -> None:
        self.files = files
        self.queries = list(queries)

    def _frame(self) -> tuple[str, str]:
        published = self.files.read("sparql.html")
        if published is not None:
            text = published.decode("utf-8")
            start, end = text.find(BEGIN), text.rfind(END)
            if 0 <= start < end:
                return text[: start + len(BEGIN)] + "\n", text[end:]
        return _BARE

    def page(
        self,
        status: int,
        endpoint: str,
        *,
        query: str | None = None,
        result: Result | None = None,
        values: dict[str, dict[str, str]] | None = None,
    ) -> Response:
        """The page with ``query`` in the form and ``result`` under it."""
        context = main_context(self.queries, endpoint, result=result, served=True, values=values)
        if query is not None:
            context["query"] = query
        before, after = self._frame()
        body = before.encode() + main_part(context) + after.encode()
        return html(status, body)
