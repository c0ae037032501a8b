"""``coekg serve``: the published site and a read-only SPARQL endpoint, on one local server.

A WSGI application served by waitress (a production WSGI server, pure Python):

- static files of a site that :func:`coekg.publish.publish` wrote, with no way out of the
  site folder (``..`` in any spelling, hidden files and symbolic links leading outside are
  refused);
- content negotiation on ``/id/{kind}/{slug}``, ``/def`` and ``/dataset``: a 303 to the
  HTML, Turtle or JSON-LD document, N-Triples made from the Turtle document, 406 when the
  client accepts none of them, 404 for unknown resources;
- ``/sparql``: the SPARQL 1.1 Protocol (GET, POST form-encoded, POST
  ``application/sparql-query``), results as JSON, XML, CSV or TSV, graphs as Turtle,
  N-Triples, JSON-LD or RDF/XML, CORS allowed. Updates are refused (403). Queries run in
  worker processes, so a query over its time limit is stopped for good; results over the
  size limit are refused; ``SERVICE`` (which would make the server fetch other URLs) too.

Errors answer with a short message and never with a traceback or a file path.
"""

from __future__ import annotations

import contextlib
import io
import logging
import mimetypes
import queue
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast
from urllib.parse import parse_qs, quote

from coekg import namespaces
from coekg.publish.graphview import resource_path

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    import pyoxigraph as ox

    from coekg.dataset import KnowledgeGraph

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOG = logging.getLogger("coekg.serve")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Environ = dict[str, Any]


@dataclass(frozen=True)
class Limits:
    """What one request may cost."""

    query_seconds: float = 10.0
    result_bytes: int = 16 * 1024 * 1024
    request_bytes: int = 1024 * 1024
    query_workers: int = 2
    threads: int = 8


# --------------------------------------------------------------------------------------
# Content negotiation
# --------------------------------------------------------------------------------------


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q)]`` from an ``Accept`` header; ``*/*`` when there is none."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers (ties go to the earlier offer), or None."""
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    choice = None
    for position, media in enumerate(offered):
        kind = media.split("/")[0] + "/*"
        matches = [(3, q) for r, q in ranges if r == media]
        matches += [(2, q) for r, q in ranges if r == kind]
        matches += [(1, q) for r, q in ranges if r == "*/*"]
        if not matches:
            continue
        q = max(matches)[1]  # the most specific range decides
        if q > 0 and (best is None or (q, -position) > best):
            best, choice = (q, -position), media
    return choice


# --------------------------------------------------------------------------------------
# SPARQL: evaluation (in a worker process) and the pool of workers
# --------------------------------------------------------------------------------------

RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
#: ``format=`` request parameter (for HTML forms) -> media type
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
#: what may hide a keyword: comments, strings, IRIs, escapes in prefixed names, variables,
#: each exactly as SPARQL 1.1 spells it. (A looser pattern lets Oxigraph run a SERVICE
#: that the check missed: an IRI holding a no-break space, or ``ex:a\#b``, is one token
#: for Oxigraph, but the ``#`` in it would start a comment for the check.)
_STRIP = re.compile(
    r"\#[^\n\r]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|[?$][A-Za-z0-9_]+"
    r"|\\.",
    re.DOTALL,
)
_SERVICE = re.compile("service", re.IGNORECASE)
#: a prefixed name up to its local part, in which "service" is only part of a name
_LOCAL_PART = re.compile(r"[\w.%\u00b7-\uffff-]*:[\w.%:\u00b7-\uffff-]*$")
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*|BASE\s*)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode())


class _TooLarge(Exception):
    pass


class _CappedBuffer:
    """A write-only buffer that stops the serialiser once it holds more than ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the serialiser calls it when done."""

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _calls_service(stripped: str) -> bool:
    """Whether a query (its comments, strings, IRIs and variables taken out) may call SERVICE.

    Oxigraph finds the keyword even glued to what follows (``SERVICEx:y`` is SERVICE on
    ``x:y``), so every "service" counts but one in the local part of a prefixed name
    (``schema:serviceType``).
    """
    for m in _SERVICE.finditer(stripped):
        if not _LOCAL_PART.search(stripped, max(0, m.start() - 300), m.start()):
            return True
    return False


def execute(store: ox.Store, request: QueryRequest, max_bytes: int) -> Reply:
    """Evaluate a read-only query and serialise its results as the client asks."""
    import pyoxigraph as ox

    stripped = _STRIP.sub(" ", request.query)
    if _UPDATE.match(stripped):
        return _text(403, "this endpoint is read-only: SPARQL updates are not accepted")
    if _calls_service(stripped):
        return _text(400, "SERVICE (federated query) is not allowed on this endpoint")
    options: dict[str, Any] = {}
    try:
        if request.default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if request.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
        result = store.query(request.query, **options)
    except SyntaxError as e:
        message = " ".join(str(e).split())[:300]
        return _text(400, f"invalid SPARQL query: {message}")
    except ValueError:
        return _text(400, "invalid graph IRI in default-graph-uri or named-graph-uri")
    if isinstance(result, ox.QueryTriples):
        offered: dict[str, str] = GRAPH_TYPES
    else:
        offered = RESULT_TYPES
    media = negotiate(request.accept, list(offered))
    if media is None:
        return _text(
            406, "none of the accepted media types is available; offered: " + ", ".join(offered)
        )
    buffer = _CappedBuffer(max_bytes)
    output = cast("IO[bytes]", buffer)  # Oxigraph needs only write() and flush()
    try:
        if isinstance(result, ox.QueryTriples):
            result.serialize(output, getattr(ox.RdfFormat, offered[media]))
        else:
            result.serialize(output, getattr(ox.QueryResultsFormat, offered[media]))
    except _TooLarge:
        return _text(
            400, f"the result is larger than {max_bytes} bytes; narrow the query or add LIMIT"
        )
    except (OSError, RuntimeError, ValueError):
        return _text(400, "the query could not be evaluated")
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Reply(200, media + charset, buffer.getvalue())


def _worker_main(conn: Connection, nquads: bytes, max_bytes: int) -> None:
    """The loop of a query worker process: load the data, then answer requests."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    del nquads
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, request, max_bytes)
        except Exception:  # a bug must not kill the worker: answer 500, keep serving
            reply = _text(500, "internal error")
        conn.send(reply)


class _Worker:
    def __init__(self, nquads: bytes, max_bytes: int) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_worker_main, args=(child, nquads, max_bytes), daemon=True
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout) or self.conn.recv() != "ready":
            raise RuntimeError("query worker did not start")

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class QueryPool:
    """Worker processes that evaluate queries; one over its time limit is killed."""

    def __init__(self, nquads: bytes, limits: Limits) -> None:
        self.nquads = nquads
        self.limits = limits
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: list[_Worker] = []
        self.lock = threading.Lock()
        self.closed = False
        started = [self._spawn() for _ in range(max(1, limits.query_workers))]
        for w in started:
            w.wait_ready(120)
            self.idle.put(w)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.nquads, self.limits.result_bytes)
        with self.lock:
            self.all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self.lock:
            if worker in self.all:
                self.all.remove(worker)
            if self.closed:
                return
        fresh = self._spawn()
        try:
            fresh.wait_ready(120)
        except (RuntimeError, OSError, EOFError):
            LOG.error("a query worker failed to start")
            fresh.stop()
            return
        self.idle.put(fresh)

    def run(self, request: QueryRequest) -> Reply:
        limit = self.limits.query_seconds
        deadline = time.monotonic() + limit
        try:
            worker = self.idle.get(timeout=limit)
        except queue.Empty:
            return _text(503, "the server is busy; try again later")
        try:
            worker.conn.send(request)
            remaining = max(0.0, deadline - time.monotonic())
            if not worker.conn.poll(remaining):
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
                return _text(503, f"the query took longer than {limit:g} seconds and was stopped")
            reply: Reply = worker.conn.recv()
        except (EOFError, OSError):
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            return _text(500, "the query stopped the worker evaluating it")
        self.idle.put(worker)
        return reply

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.stop()


# --------------------------------------------------------------------------------------
# The WSGI application
# --------------------------------------------------------------------------------------

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

            from coekg.publish.rdfdoc import ntriples

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


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


def base_url_for(host: str, port: int) -> str:
    """The address a browser uses for a server bound to ``host``:``port``."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


class RunningServer:
    """A started server: its URL, and :meth:`stop`. Serve with :meth:`run` or a thread."""

    def __init__(self, server: Any, app: SiteApp, pool: QueryPool, cleanup: Callable[[], None]):
        self.server = server
        self.app = app
        self.pool = pool
        self._cleanup = cleanup
        self.url = base_url_for(server.effective_host, server.effective_port)

    def run(self) -> None:
        """Serve until :meth:`stop` (from another thread) or an interrupt."""
        try:
            self.server.run()
        finally:
            self.stop()

    def stop(self) -> None:
        _close(self.server)
        self.pool.close()
        self._cleanup()

    @contextlib.contextmanager
    def in_thread(self) -> Iterator[RunningServer]:
        """Serve in a background thread for the duration of a ``with`` block."""
        thread = threading.Thread(target=self.server.run, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stop()
            thread.join(10)


def start(
    kg: KnowledgeGraph,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    site: Path | None = None,
    limits: Limits = Limits(),
) -> RunningServer:
    """Bind ``host``:``port`` (0 picks a free port), publish the site, start the workers.

    Without ``site``, the site is published for the server's own address into a temporary
    folder that :meth:`RunningServer.stop` removes.
    """
    import waitress

    from coekg.publish import publish

    # waitress warns "Task queue depth is N" for each request that waits for a thread: under
    # load, a thousand lines a second, and a server whose stderr pipe fills up stops dead
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    workdir: Path | None = None

    def cleanup() -> None:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    app = SiteApp(site or Path("."), None, limits)
    server = waitress.create_server(
        app,
        host=host,
        port=port,
        threads=limits.threads,
        max_request_body_size=limits.request_bytes,
        max_request_header_size=max(65536, limits.request_bytes // 4),
        channel_timeout=max(30, int(limits.query_seconds * 3)),
        ident="coekg",
        expose_tracebacks=False,
    )
    try:
        url = base_url_for(server.effective_host, server.effective_port)
        if site is None:
            workdir = Path(tempfile.mkdtemp(prefix="coekg-serve-"))
            site = publish(kg, workdir / "site", url).path
        app.site = site.resolve()
        app.pool = QueryPool(_nquads(kg), limits)
    except BaseException:
        _close(server)
        cleanup()
        raise
    return RunningServer(server, app, app.pool, cleanup)


def _close(server: Any) -> None:
    """Stop waitress: its worker threads, then its sockets (which ends its loop)."""
    import waitress.wasyncore as wasyncore

    with contextlib.suppress(Exception):
        server.task_dispatcher.shutdown(timeout=2)
    with contextlib.suppress(Exception):
        wasyncore.close_all(server._map)


def _nquads(kg: KnowledgeGraph) -> bytes:
    import pyoxigraph as ox

    out = io.BytesIO()
    ox.serialize(list(kg.quads()), out, ox.RdfFormat.N_QUADS)
    return out.getvalue()
