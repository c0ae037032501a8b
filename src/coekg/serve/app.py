"""The WSGI application of ``coekg serve``: the site's files, content negotiation on
resource IRIs, and the SPARQL endpoint's HTTP side."""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from coekg import namespaces
from coekg.publish.graphview import resource_path
from coekg.publish.rdfdoc import ntriples
from coekg.serve.negotiation import negotiate
from coekg.serve.sparql import FORMAT_NAMES, Limits, QueryPool, QueryRequest

LOG = logging.getLogger("coekg.serve")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Environ = dict[str, Any]

_STATUS = {
    200: "200 OK",
    204: "204 No Content",
    303: "303 See Other",
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    406: "406 Not Acceptable",
    413: "413 Content Too Large",
    415: "415 Unsupported Media Type",
    500: "500 Internal Server Error",
    503: "503 Service Unavailable",
}
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".xml": "application/xml; charset=utf-8",
    ".gz": "application/gzip",
    ".conf": "text/plain; charset=utf-8",
}
_DOCUMENTS = {
    # media type -> suffix of the document of a resource
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
}
_CORS = [
    ("Access-Control-Allow-Origin", "*"),
    ("X-Content-Type-Options", "nosniff"),
]
_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


class SiteApp:
    """The WSGI application: the site in ``site`` and the SPARQL endpoint of ``pool``."""

    def __init__(self, site: Path, pool: QueryPool | None, limits: Limits = Limits()) -> None:
        self.site = site.resolve()
        self.pool = pool
        self.limits = limits

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, headers, body = self.handle(environ)
        except Exception:
            LOG.exception("error answering %s", environ.get("PATH_INFO", "?")[:200])
            status, headers, body = self.error(500, "internal error")
        headers = headers + _CORS
        if not any(h[0] == "Content-Length" for h in headers):
            headers.append(("Content-Length", str(len(body))))
        start_response(_STATUS[status], headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    # helpers ------------------------------------------------------------------------

    def error(
        self, status: int, message: str, extra: list[tuple[str, str]] | None = None
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        headers = [("Content-Type", "text/plain; charset=utf-8"), *(extra or [])]
        return status, headers, (message + "\n").encode()

    def not_found(self, environ: Environ) -> tuple[int, list[tuple[str, str]], bytes]:
        page = self.site / "404.html"
        accepts_html = negotiate(environ.get("HTTP_ACCEPT"), ["text/html", "text/plain"])
        if accepts_html == "text/html" and page.is_file():
            headers = [("Content-Type", _TYPES[".html"]), ("Content-Security-Policy", _CSP)]
            return 404, headers, page.read_bytes()
        return self.error(404, "not found")

    def file(self, relative: str) -> Path | None:
        """The file of the site at ``relative`` (URL path, decoded), if it may be served."""
        parts = relative.split("/")
        for part in parts:
            if part in ("", ".", "..") or "\\" in part or "\x00" in part:
                return None
            if part.startswith(".") and part != ".well-known":
                return None
        path = (self.site / Path(*parts)).resolve()
        if not path.is_relative_to(self.site) or not path.is_file():
            return None
        return path

    def send_file(self, path: Path) -> tuple[int, list[tuple[str, str]], bytes]:
        name = path.name
        if path.parent.name == ".well-known" and name == "void":
            ctype = _TYPES[".ttl"]
        elif name == "SHA256SUMS":
            ctype = "text/plain; charset=utf-8"
        else:
            ctype = _TYPES.get(path.suffix) or (
                mimetypes.guess_type(name)[0] or "application/octet-stream"
            )
        headers = [("Content-Type", ctype)]
        if ctype.startswith("text/html"):
            headers.append(("Content-Security-Policy", _CSP))
        return 200, headers, path.read_bytes()

    # routing ------------------------------------------------------------------------

    def handle(self, environ: Environ) -> tuple[int, list[tuple[str, str]], bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        if path == "/sparql":
            return self.sparql(environ, method)
        if method not in ("GET", "HEAD"):
            return self.error(405, "method not allowed", [("Allow", "GET, HEAD")])
        if path == "/":
            path = "/index.html"
        if path.startswith("/id/") and resource_path(namespaces.ID + path[4:]):
            return self.negotiate_resource(environ, path[1:])
        if path == "/def":
            return self.see_other(environ, "def", {"text/html": ".html", "text/turtle": ".ttl"})
        if path == "/dataset":
            return self.see_other(
                environ, "", {"text/html": "index.html", "text/turtle": "catalog.ttl"}
            )
        target = self.file(path.lstrip("/")) if path.startswith("/") else None
        if target is None:
            return self.not_found(environ)
        return self.send_file(target)

    def see_other(
        self, environ: Environ, stem: str, documents: dict[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        media = negotiate(environ.get("HTTP_ACCEPT"), list(documents))
        if media is None:
            return self.error(406, "not acceptable; available: " + ", ".join(documents))
        location = environ.get("SCRIPT_NAME", "") + "/" + quote(stem + documents[media])
        headers = [("Location", location), ("Vary", "Accept"), ("Content-Type", "text/plain")]
        return 303, headers, f"See {location}\n".encode()

    def negotiate_resource(
        self, environ: Environ, stem: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        turtle = self.file(stem + ".ttl")
        if turtle is None or self.file(stem + ".html") is None:
            return self.not_found(environ)
        media = negotiate(environ.get("HTTP_ACCEPT"), list(_DOCUMENTS))
        if media is None:
            return self.error(406, "not acceptable; available: " + ", ".join(_DOCUMENTS))
        if media == "application/n-triples":
            import pyoxigraph as ox

            triples = [q.triple for q in ox.parse(turtle.read_bytes(), ox.RdfFormat.TURTLE)]
            headers = [
                ("Content-Type", "application/n-triples"),
                ("Vary", "Accept"),
                ("Content-Location", environ.get("SCRIPT_NAME", "") + "/" + stem + ".ttl"),
            ]
            return 200, headers, ntriples(triples)
        return self.see_other(environ, stem, {media: _DOCUMENTS[media]})

    # SPARQL -------------------------------------------------------------------------

    def sparql(self, environ: Environ, method: str) -> tuple[int, list[tuple[str, str]], bytes]:
        if method == "OPTIONS":
            headers = [
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                ("Access-Control-Max-Age", "86400"),
            ]
            return 204, headers, b""
        if method not in ("GET", "HEAD", "POST"):
            return self.error(405, "method not allowed", [("Allow", "GET, HEAD, POST, OPTIONS")])
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if len(environ.get("QUERY_STRING", "")) > self.limits.request_bytes:
            return self.error(413, "the request is too large")
        if method == "POST":
            ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
            body = self.read_body(environ)
            if body is None:
                return self.error(
                    413, f"the request is larger than {self.limits.request_bytes} bytes"
                )
            if ctype == "application/sparql-update":
                return self.error(
                    403, "this endpoint is read-only: SPARQL updates are not accepted"
                )
            if ctype == "application/sparql-query":
                try:
                    params.setdefault("query", []).append(body.decode("utf-8"))
                except UnicodeDecodeError:
                    return self.error(400, "the query is not UTF-8")
            elif ctype == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
                except UnicodeDecodeError:
                    return self.error(400, "the form is not UTF-8")
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            else:
                return self.error(
                    415,
                    "send the query as application/sparql-query or "
                    "application/x-www-form-urlencoded",
                )
        if "update" in params:
            return self.error(403, "this endpoint is read-only: SPARQL updates are not accepted")
        queries = params.get("query", [])
        if not queries:
            return self.describe_service(environ)
        if len(queries) > 1:
            return self.error(400, "give exactly one query")
        accept = environ.get("HTTP_ACCEPT")
        formats = params.get("format", [])
        if formats:
            if formats[0] not in FORMAT_NAMES:
                return self.error(400, "format must be one of " + ", ".join(FORMAT_NAMES))
            accept = FORMAT_NAMES[formats[0]]
        if self.pool is None:
            return self.error(503, "no SPARQL endpoint is running")
        request = QueryRequest(
            query=queries[0],
            accept=accept,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )
        reply = self.pool.run(request)
        return reply.status, [("Content-Type", reply.content_type), ("Vary", "Accept")], reply.body

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

    def describe_service(self, environ: Environ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Without a query: the query form for browsers, a service description for others."""
        media = negotiate(environ.get("HTTP_ACCEPT"), ["text/turtle", "text/html"])
        form = self.site / "sparql.html"
        if media == "text/html" and form.is_file():
            return self.send_file(form)
        endpoint = _request_url(environ)
        sd = "http://www.w3.org/ns/sparql-service-description#"
        lines = [
            f"@prefix sd: <{sd}> .",
            "",
            f"<{endpoint}> a sd:Service ;",
            f"    sd:endpoint <{endpoint}> ;",
            "    sd:supportedLanguage sd:SPARQL11Query ;",
            "    sd:feature sd:UnionDefaultGraph ;",
            "    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ,",
            "        <http://www.w3.org/ns/formats/SPARQL_Results_XML> ,",
            "        <http://www.w3.org/ns/formats/SPARQL_Results_CSV> ,",
            "        <http://www.w3.org/ns/formats/SPARQL_Results_TSV> ,",
            "        <http://www.w3.org/ns/formats/Turtle> ,",
            "        <http://www.w3.org/ns/formats/N-Triples> ,",
            "        <http://www.w3.org/ns/formats/JSON-LD> ,",
            "        <http://www.w3.org/ns/formats/RDF_XML> .",
        ]
        body = ("\n".join(lines) + "\n").encode()
        return 200, [("Content-Type", _TYPES[".ttl"]), ("Vary", "Accept")], body


def _request_url(environ: Environ) -> str:
    """The URL of the request, without its query, built from the WSGI environ (PEP 3333)."""
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "localhost")
    if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", host):
        host = environ.get("SERVER_NAME", "localhost")
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
    return f"{scheme}://{host}{path}"
