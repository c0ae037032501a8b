"""The SPARQL 1.1 Protocol's query operation: evaluation in worker processes, with limits.

:func:`execute` answers one read-only query on a store, serialised as the client asks, and
:func:`answer_canned` a canned query as ``coekg query`` does; both run in the query workers
(:mod:`coekg.serve.query_workers`), so a query over its time limit is stopped for good by
stopping its worker.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, cast

from coekg.errors import EXIT_USAGE, CoekgError
from coekg.serve.negotiation import negotiate

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.query.catalogue import CannedQuery
    from coekg.query.results import Results

LOG = logging.getLogger("coekg.serve")


@dataclass(frozen=True)
class Limits:
    """What one request may cost. ``result_bytes`` bounds the answer to any query;
    ``canned_result_bytes`` the answer to one of the catalogue's own queries (by the web API,
    or sent to ``/sparql`` as the catalogue gives its text), which the dataset publishes and
    so must answer in full: at a million statements a few of them answer over 16 MiB."""

    query_seconds: float = 10.0
    result_bytes: int = 16 * 1024 * 1024
    canned_result_bytes: int = 128 * 1024 * 1024
    request_bytes: int = 1024 * 1024
    query_workers: int = 2
    threads: int = 8


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
    #: the largest answer, if not the worker's (:class:`Limits`)
    max_bytes: int | None = None


@dataclass(frozen=True)
class CannedRequest:
    """A canned query with the values of its parameters, answered in a ``coekg query``
    format (``json``, ``csv``, ``tsv``...)."""

    query: CannedQuery
    params: tuple[tuple[str, str], ...]
    fmt: str
    #: the largest answer, if not the worker's (:class:`Limits`)
    max_bytes: int | None = None


@dataclass(frozen=True)
class FirstRowsRequest:
    """The first ``limit`` rows of a canned query's answer with its default parameters, and
    how many rows it has: what its page shows (:func:`coekg.query.evaluate.first_rows`)."""

    query: CannedQuery
    limit: int


@dataclass(frozen=True)
class RowsReply:
    """The answer to a :class:`FirstRowsRequest`."""

    results: Results
    total: int


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    #: the body's entity tag, once known (an answer kept between requests has it, so a large
    #: answer is not hashed again at every request)
    etag: str | None = None


def text_reply(status: int, message: str) -> Reply:
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
        return text_reply(403, "this endpoint is read-only: SPARQL updates are not accepted")
    if _calls_service(stripped):
        return text_reply(400, "SERVICE (federated query) is not allowed on this endpoint")
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
        return text_reply(400, f"invalid SPARQL query: {message}")
    except ValueError:
        return text_reply(400, "invalid graph IRI in default-graph-uri or named-graph-uri")
    if isinstance(result, ox.QueryTriples):
        offered: dict[str, str] = GRAPH_TYPES
    else:
        offered = RESULT_TYPES
    media = negotiate(request.accept, list(offered))
    if media is None:
        return text_reply(
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
        return text_reply(
            400, f"the result is larger than {max_bytes} bytes; narrow the query or add LIMIT"
        )
    except (OSError, RuntimeError, ValueError):
        return text_reply(400, "the query could not be evaluated")
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Reply(200, media + charset, buffer.getvalue())


def first_rows(store: ox.Store, request: FirstRowsRequest) -> RowsReply | Reply:
    """The rows a canned query's page shows, or a 500 that names the query."""
    from coekg.query.evaluate import first_rows as rows_of

    try:
        results, total = rows_of(store, request.query, request.limit)
    except CoekgError as e:
        LOG.error("query %s failed: %s", request.query.name, e)
        return text_reply(500, f"the query {request.query.name!r} could not be answered")
    return RowsReply(results, total)


def answer_canned(store: ox.Store, request: CannedRequest, max_bytes: int) -> Reply:
    """The answer of ``coekg query NAME --format FMT`` to a canned query, or the error it
    gives: a usage error (a bad parameter value) is a 400 with the command's message; any
    other is a 500 that names the query, never a file."""
    from coekg.query.evaluate import answer_as

    query = request.query
    try:
        body = answer_as(store, query, dict(request.params), request.fmt)
    except CoekgError as e:
        if e.exit_code == EXIT_USAGE:
            message = str(e)
            if query.source is not None:
                message = message.replace(str(query.source), query.name)
            return text_reply(400, message)
        LOG.error("query %s failed: %s", query.name, e)
        return text_reply(500, f"the query {query.name!r} could not be answered")
    if len(body) > max_bytes:
        return text_reply(400, f"the result is larger than {max_bytes} bytes")
    return Reply(200, "application/octet-stream", body)
