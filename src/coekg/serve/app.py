"""The WSGI application of ``coekg serve``: the site's files, content negotiation on
resource IRIs, the SPARQL endpoint's HTTP side and its page, and the web API.

Every answer goes through :class:`~coekg.serve.http_cache.Finisher` (``ETag``,
``Last-Modified``, 304, gzip) and gets the headers every answer has (CORS, ``nosniff``).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote

from coekg import namespaces
from coekg.errors import CoekgError
from coekg.publish.graphview import resource_path
from coekg.publish.sparql_page import Result
from coekg.query.catalogue import bound_text
from coekg.serve import documents, service_description
from coekg.serve.answers import Answers
from coekg.serve.api import PREFIX as API_PREFIX
from coekg.serve.api import WebApi
from coekg.serve.http_cache import Finisher
from coekg.serve.negotiation import negotiate
from coekg.serve.responses import STATUS, BodyFile, Response, html, text
from coekg.serve.site_files import Files, NotReady, SiteFiles
from coekg.serve.sparql import (
    FORMAT_NAMES,
    GRAPH_TYPES,
    RESULT_TYPES,
    CannedRequest,
    FirstRowsRequest,
    Limits,
    QueryRequest,
    Reply,
    RowsReply,
    text_reply,
)
from coekg.serve.sparql_html import ACCEPT as PAGE_ACCEPT
from coekg.serve.sparql_html import SparqlPages, permalink, result_of

if TYPE_CHECKING:
    from coekg.query.catalogue import CannedQuery
    from coekg.query.results import Results
    from coekg.serve.query_workers import QueryPool

LOG = logging.getLogger("coekg.serve")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Environ = dict[str, Any]

_COMMON = [
    ("Access-Control-Allow-Origin", "*"),
    ("X-Content-Type-Options", "nosniff"),
]
#: what a client that asks for RDF of ``/sparql`` without a query gets; the page for HTML
_SERVICE_OFFERS = ["text/turtle", "text/html", *service_description.MEDIA_TYPES]
#: every answer ``/sparql`` gives to a query, the page last (``*/*`` means the results)
_QUERY_OFFERS = [*RESULT_TYPES, *GRAPH_TYPES, "text/html"]
_NO_QUERY = "no query: give one as query=... (SPARQL 1.1 Protocol)"
#: request parameters of /sparql that are not parameters of an example query
_PROTOCOL_KEYS = {"example", "format", "default-graph-uri", "named-graph-uri"}
_GRAPH_KEYS = ("default-graph-uri", "named-graph-uri")
#: what a page says, and the header every answer has, while the data is being validated
PENDING_BANNER = (
    '<p class="validation-pending" role="status"><strong>Not yet validated:</strong> '
    "the data is being checked against its shapes; the server stops if it does not "
    "conform.</p>"
)
VALIDATION_HEADER = "Coekg-Validation"
#: bodies larger than this are handed to the WSGI server as a file (``wsgi.file_wrapper``)
HANDED_AS_FILE = 256 * 1024
_SEND_BLOCK = 256 * 1024
#: ``Retry-After`` of a query page asked for while the query workers start, or are all busy
ROWS_RETRY_AFTER = 5


@dataclass(frozen=True)
class Example:
    """An example query asked for by ``example=NAME``: its text with the parameters bound,
    or the refusal (``status`` and ``error``)."""

    status: int
    error: str | None
    text: str = ""
    values: dict[str, dict[str, str]] | None = None


class SiteApp:
    """The WSGI application: the site in ``site``, the SPARQL endpoint of ``pool``, and the
    web API and examples of the catalogue ``queries``."""

    def __init__(
        self,
        site: Path | Files,
        pool: QueryPool | None,
        limits: Limits = Limits(),
        queries: Sequence[CannedQuery] = (),
        title: str = "coekg",
    ) -> None:
        self.pool = pool
        #: set once :attr:`pool` is started (or failed to): queries wait for it
        self.pool_ready = threading.Event()
        if pool is not None:
            self.pool_ready.set()
        self.limits = limits
        self.queries = {q.name: q for q in queries}
        self.files: Files = SiteFiles(site) if isinstance(site, Path) else site
        self.pages = SparqlPages(self.files, list(queries))
        self.api = WebApi(list(queries), self._run, title)
        self.finisher = Finisher()
        #: the query answers, kept (see :class:`~coekg.serve.answers.Answers`)
        self.answering = Answers(limits, queries)
        #: while the data is validated after start: pages say so, answers have a header
        self.validation_pending = False

    @property
    def site(self) -> Path:
        return self.files.root

    @site.setter
    def site(self, site: Path | Files) -> None:
        self.files = SiteFiles(site) if isinstance(site, Path) else site
        self.pages.files = self.files

    def first_rows(self, query: CannedQuery, limit: int) -> tuple[Results, int]:
        """The rows of the answer to ``query`` its page shows, and how many it has, from the
        query workers (:func:`coekg.query.evaluate.first_rows` on their store)."""
        if not self.pool_ready.wait(self.limits.query_seconds):
            raise NotReady("the SPARQL endpoint is starting; try again shortly", ROWS_RETRY_AFTER)
        if self.pool is None:  # it could not start (logged), or the server stops
            raise NotReady("the SPARQL endpoint is not running; try again later", ROWS_RETRY_AFTER)
        reply = self.pool.rows(FirstRowsRequest(query, limit))
        if isinstance(reply, RowsReply):
            return reply.results, reply.total
        if reply.status == 503:  # the workers are busy, or the query was stopped
            raise NotReady(reply.body.decode("utf-8", "replace").strip(), ROWS_RETRY_AFTER)
        raise RuntimeError(f"the page of the query {query.name!r} could not be made")

    def _run(self, request: QueryRequest | CannedRequest) -> Reply:
        """The answer to ``request``, once the query workers have started."""
        if not self.pool_ready.wait(self.limits.query_seconds) or self.pool is None:
            return text_reply(503, "the SPARQL endpoint is not running; try again later")
        return self.answering.answer(request, self.pool)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.handle(environ)
        except NotReady as e:
            response = text(503, str(e), [("Retry-After", str(e.retry_after))])
        except Exception:
            LOG.exception("error answering %s", environ.get("PATH_INFO", "?")[:200])
            response = text(500, "internal error")
        if self.validation_pending:
            _mark_pending(response)
        response = self.finisher.finish(environ, response)
        headers = response.headers + _COMMON
        if response.status not in (204, 304) and response.header("Content-Length") is None:
            headers.append(("Content-Length", str(len(response.body))))
        start_response(STATUS[response.status], headers)
        quiet = environ.get("REQUEST_METHOD") == "HEAD" or response.status in (204, 304)
        body = b"" if quiet else response.body
        wrapper = environ.get("wsgi.file_wrapper")
        if wrapper is not None and len(body) > HANDED_AS_FILE:
            # waitress copies a body it is given into its output buffer, and one over 1 MB
            # into a temporary file on disk first (at a million statements, a canned query's
            # answer of several MB at every request); a file it sends from where it is
            return wrapper(BodyFile(body), _SEND_BLOCK)  # type: ignore[no-any-return]
        return [body]

    # routing ------------------------------------------------------------------------

    def handle(self, environ: Environ) -> Response:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        if path == "/sparql":
            return self.sparql(environ, method)
        if path.startswith(API_PREFIX):
            return self.api.handle(
                method,
                path,
                environ.get("QUERY_STRING", ""),
                environ.get("HTTP_ACCEPT"),
                _root_url(environ),
            )
        if method not in ("GET", "HEAD"):
            return text(405, "method not allowed", [("Allow", "GET, HEAD")])
        if path == "/":
            path = "/index.html"
        if path == "/sparql.html":
            return self.pages.page(200, _root_url(environ) + "sparql")
        if path.startswith("/id/"):
            stem = path[1:]
            if _is_resource(stem):
                return self.negotiate_resource(environ, stem)
            made = documents.split_document(stem)
            if made is not None and _is_resource(made[0]):
                return self.made_document(environ, *made)
        if path == "/def":
            return self.see_other(environ, "def", {"text/html": ".html", "text/turtle": ".ttl"})
        if path == "/dataset":
            return self.see_other(
                environ, "", {"text/html": "index.html", "text/turtle": "catalog.ttl"}
            )
        response = self.files.send(path[1:]) if path.startswith("/") else None
        if response is None:
            return self.not_found(environ)
        stem, dot, suffix = path[1:].rpartition(".")
        if dot and path.startswith("/id/") and _is_resource(stem):
            response.set("Link", documents.alternates(_mount(environ), stem, "." + suffix))
        return response

    def not_found(self, environ: Environ) -> Response:
        """The site's 404 page for a browser (its links made to work here), else text."""
        accepts_html = negotiate(environ.get("HTTP_ACCEPT"), ["text/html", "text/plain"])
        page = self.files.not_found_page(_mount(environ)) if accepts_html == "text/html" else None
        response = html(404, page) if page is not None else text(404, "not found")
        response.vary("Accept")
        return response

    def see_other(self, environ: Environ, stem: str, targets: dict[str, str]) -> Response:
        media = negotiate(environ.get("HTTP_ACCEPT"), list(targets))
        if media is None:
            response = text(406, "not acceptable; available: " + ", ".join(targets))
        else:
            location = _mount(environ) + quote(stem + targets[media])
            response = text(303, f"See {location}", [("Location", location)])
        response.vary("Accept")
        return response

    # resources ------------------------------------------------------------------------

    def negotiate_resource(self, environ: Environ, stem: str) -> Response:
        """``/id/{kind}/{slug}``: a 303 to the document the client prefers; the formats
        the site holds no file of are answered here, made from the Turtle document."""
        if not (self.files.has(stem + ".ttl") and self.files.has(stem + ".html")):
            return self.not_found(environ)
        mount = _mount(environ)
        media = negotiate(environ.get("HTTP_ACCEPT"), list(documents.OFFERED))
        if media is None:
            response = text(406, "not acceptable; available: " + ", ".join(documents.OFFERED))
        else:
            fmt = documents.OFFERED[media]
            if fmt.stored:
                location = mount + quote(stem + fmt.suffix)
                response = text(303, f"See {location}", [("Location", location)])
            else:
                response = self.made_document(environ, stem, fmt)
                response.set("Content-Location", mount + quote(stem + fmt.suffix))
        response.set("Link", documents.alternates(mount, stem))
        response.vary("Accept")
        return response

    def made_document(self, environ: Environ, stem: str, fmt: documents.Format) -> Response:
        """A document of a resource in a format the site holds no file of."""
        turtle = self.files.read(stem + ".ttl")
        if turtle is None:
            return self.not_found(environ)
        body = documents.convert(turtle, fmt)
        content_type = documents.CONTENT_TYPES[fmt.suffix]
        modified = self.files.modified(stem + ".ttl")
        response = Response(200, [("Content-Type", content_type)], body, modified)
        response.set("Link", documents.alternates(_mount(environ), stem, fmt.suffix))
        return response

    # SPARQL -------------------------------------------------------------------------

    def sparql(self, environ: Environ, method: str) -> Response:
        """``/sparql``: the SPARQL 1.1 Protocol's query operation, and its page."""
        if method == "OPTIONS":
            headers = [
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                ("Access-Control-Max-Age", "86400"),
            ]
            return Response(204, headers)
        if method not in ("GET", "HEAD", "POST"):
            return text(405, "method not allowed", [("Allow", "GET, HEAD, POST, OPTIONS")])
        if len(environ.get("QUERY_STRING", "")) > self.limits.request_bytes:
            return text(413, "the request is too large")
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if method == "POST":
            refused = self.read_form(environ, params)
            if refused is not None:
                return refused
        if "update" in params:
            return text(403, "this endpoint is read-only: SPARQL updates are not accepted")
        formats = params.get("format", [])
        if formats and formats[0] != "html" and formats[0] not in FORMAT_NAMES:
            return text(400, "format must be one of html, " + ", ".join(FORMAT_NAMES))
        accept = environ.get("HTTP_ACCEPT")
        page = (formats[:1] == ["html"]) or (
            not formats and negotiate(accept, _QUERY_OFFERS) == "text/html"
        )
        queries = [q for q in params.get("query", []) if q.strip()]
        values: dict[str, dict[str, str]] | None = None
        if "example" in params:
            example = self.example(params)
            if example.error is not None:
                return self.page_or_text(environ, page, example, queries)
            queries, values = [example.text], example.values
        if not queries:
            if method == "POST":
                return text(400, _NO_QUERY)
            return self.describe_service(environ)
        if len(queries) > 1:
            return text(400, "give exactly one query")
        accept = PAGE_ACCEPT if page else (FORMAT_NAMES[formats[0]] if formats else accept)
        response = self.answer(environ, queries[0], params, accept, values if page else None)
        response.vary("Accept")
        return response

    def answer(
        self,
        environ: Environ,
        query: str,
        params: dict[str, list[str]],
        accept: str | None,
        values: dict[str, dict[str, str]] | None,
    ) -> Response:
        """The endpoint's answer to ``query``; the page showing it when ``accept`` is the
        page's (``values``: those the examples' forms were given)."""
        request = QueryRequest(
            query=query,
            accept=accept,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )
        reply = self._run(request)
        if accept != PAGE_ACCEPT:
            headers = [("Content-Type", reply.content_type)]
            return Response(reply.status, headers, reply.body, etag=reply.etag)
        graphs = [(key, g) for key in _GRAPH_KEYS for g in params.get(key, [])]
        result = result_of(reply, query, graphs)
        endpoint = _root_url(environ) + "sparql"
        return self.pages.page(reply.status, endpoint, query=query, result=result, values=values)

    def example(self, params: dict[str, list[str]]) -> Example:
        """The example query ``example=NAME`` with the parameters given bound, or why not."""
        names = params["example"]
        query = self.queries.get(names[0]) if len(names) == 1 else None
        if "query" in params:
            return Example(400, "give either query or example, not both")
        if query is None:
            return Example(404, f"no example query called {names[0]!r}")
        given = {k: v for k, v in params.items() if k not in _PROTOCOL_KEYS}
        values = {query.name: {k: v[0] for k, v in given.items()}}
        twice = sorted(k for k, v in given.items() if len(v) > 1)
        if twice:
            return Example(400, f"parameter {twice[0]!r}: given twice", values=values)
        try:
            return Example(200, None, bound_text(query, values[query.name]), values)
        except CoekgError as e:
            return Example(400, str(e), values=values)

    def page_or_text(
        self, environ: Environ, page: bool, example: Example, queries: list[str]
    ) -> Response:
        """The refusal of an example query: on the page for a browser, else as text."""
        message = example.error or ""
        if not page:
            return text(example.status, message)
        result = Result("error", permalink(queries[0] if queries else "", []), message=message)
        endpoint = _root_url(environ) + "sparql"
        response = self.pages.page(example.status, endpoint, result=result, values=example.values)
        response.vary("Accept")
        return response

    def read_form(self, environ: Environ, params: dict[str, list[str]]) -> Response | None:
        """Add the parameters of a POST body to ``params``; an answer if it is refused."""
        ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        body = self.read_body(environ)
        if body is None:
            return text(413, f"the request is larger than {self.limits.request_bytes} bytes")
        if ctype == "application/sparql-update":
            return text(403, "this endpoint is read-only: SPARQL updates are not accepted")
        if ctype == "application/sparql-query":
            try:
                params.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError:
                return text(400, "the query is not UTF-8")
            return None
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return text(400, "the form is not UTF-8")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            return None
        return text(
            415,
            "send the query as application/sparql-query or application/x-www-form-urlencoded",
        )

    def read_body(self, environ: Environ) -> bytes | None:
        """The request body, or None when it is over the size limit."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = self.limits.request_bytes
        if length > limit:
            return None
        body: bytes = environ["wsgi.input"].read(length if length > 0 else limit + 1)
        return None if len(body) > limit else body

    def describe_service(self, environ: Environ) -> Response:
        """``GET /sparql`` without a query: the query page for browsers, the service
        description for RDF clients, 400 (no query) for any other."""
        endpoint = _root_url(environ) + "sparql"
        media = negotiate(environ.get("HTTP_ACCEPT"), _SERVICE_OFFERS)
        if media == "text/html":
            response = self.pages.page(200, endpoint)
        elif media is None:
            response = text(400, _NO_QUERY)
        else:
            content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
            body = service_description.describe(endpoint, media)
            response = Response(200, [("Content-Type", content_type)], body)
        response.vary("Accept")
        return response


def _mark_pending(response: Response) -> None:
    """Say on ``response`` that the data is not yet validated: a header, and on a page a
    banner at the top (a page that differs from the validated one, so its own ETag)."""
    response.set(VALIDATION_HEADER, "pending")
    response.set("Cache-Control", "no-store")
    if response.status != 200 or not (response.header("Content-Type") or "").startswith(
        "text/html"
    ):
        return
    body = response.body
    start = body.find(b"<body")
    end = body.find(b">", start) + 1 if start >= 0 else 0
    if end > 0:
        response.body = body[:end] + PENDING_BANNER.encode() + body[end:]
        response.etag = None


def _is_resource(stem: str) -> bool:
    """Whether ``id/{kind}/{slug}`` names a resource that gets documents."""
    return stem.startswith("id/") and resource_path(namespaces.ID + stem[3:]) == stem


def _mount(environ: Environ) -> str:
    """The path the site is served at, ending in ``/``."""
    return quote(environ.get("SCRIPT_NAME", "")) + "/"


def _root_url(environ: Environ) -> str:
    """The URL of the site root, built from the WSGI environ (PEP 3333)."""
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "localhost")
    if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", host):
        host = environ.get("SERVER_NAME", "localhost")
    return f"{scheme}://{host}{_mount(environ)}"
