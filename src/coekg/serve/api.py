"""The web API: every canned query at ``/api/queries/{name}``, described by an OpenAPI 3.1
document at ``/api/openapi.json``.

A query's parameters are URL query parameters (``?date=2021-06``); ``format`` (``json``,
``csv`` or ``tsv``) or else ``Accept`` chooses the answer's format. Parameters are checked by
the library ``coekg query`` uses (:func:`coekg.query.catalogue.bind`), and the answer is
made by it too (:func:`coekg.query.evaluate.answer_as`, in a query worker with the time
limit), so the API answers byte for byte as the command does and refuses what it refuses,
with the same words: a 400 with an RFC 9457 problem document. ``/api/queries`` lists the
catalogue as ``coekg queries --format json`` does.
"""

from __future__ import annotations

import difflib
import json
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from coekg.errors import CoekgError
from coekg.query.catalogue import as_json, bind
from coekg.serve import openapi
from coekg.serve.negotiation import negotiate
from coekg.serve.responses import Response, problem
from coekg.serve.sparql import CannedRequest, Reply

if TYPE_CHECKING:
    from coekg.query.catalogue import CannedQuery

PREFIX = "/api/"
#: media types a client may ask for -> API format
ACCEPTED = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
_CORS = [
    ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept"),
    ("Access-Control-Max-Age", "86400"),
]


def _json(value: object, content_type: str = "application/json") -> Response:
    body = (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode()
    return Response(200, [("Content-Type", content_type)], body)


class WebApi:
    """The API over the catalogue ``queries``; ``run`` answers a request in a worker."""

    def __init__(
        self,
        queries: Sequence[CannedQuery],
        run: Callable[[CannedRequest], Reply],
        title: str,
    ) -> None:
        self.queries = {q.name: q for q in queries}
        self.run = run
        self.title = title
        self._examples: dict[str, dict[str, Any]] | None = None
        self._lock = threading.Lock()

    def handle(
        self, method: str, path: str, query_string: str, accept: str | None, root_url: str
    ) -> Response:
        """The answer to ``method path?query_string``; ``root_url`` is the server's own
        address (for the OpenAPI ``servers``)."""
        if method == "OPTIONS":
            return Response(204, list(_CORS))
        if method not in ("GET", "HEAD"):
            refused = problem(405, "the web API answers GET", path)
            refused.set("Allow", "GET, HEAD, OPTIONS")
            return refused
        rest = path[len(PREFIX) :]
        if rest == "openapi.json":
            return _json(self.openapi(root_url), "application/vnd.oai.openapi+json")
        if rest in ("queries", "queries/"):
            return _json(as_json(list(self.queries.values())))
        if rest.startswith("queries/"):
            return self.answer(rest[len("queries/") :], query_string, accept, path)
        return problem(404, "no such API resource; see /api/openapi.json", path)

    def answer(self, name: str, query_string: str, accept: str | None, path: str) -> Response:
        """The answer to the canned query ``name`` with the parameters of ``query_string``."""
        instance = path + ("?" + query_string if query_string else "")
        query = self.queries.get(name)
        if query is None:
            close = difflib.get_close_matches(name, list(self.queries), n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            return problem(404, f"no query called {name!r}{hint}", instance)
        try:
            pairs = parse_qsl(
                query_string, keep_blank_values=True, strict_parsing=False, errors="strict"
            )
        except UnicodeDecodeError:
            return problem(400, "the URL's parameters are not UTF-8", instance)
        values: dict[str, str] = {}
        fmt: str | None = None
        for key, value in pairs:
            if key == "format":
                if fmt is not None:
                    return problem(400, "format: given twice", instance)
                if value not in CONTENT_TYPES:
                    return problem(
                        400, f"format must be one of {', '.join(CONTENT_TYPES)}", instance
                    )
                fmt = value
            elif key in values:
                return problem(400, f"parameter {key!r}: given twice", instance)
            else:
                values[key] = value
        if fmt is None:
            media = negotiate(accept, list(ACCEPTED))
            if media is None:
                refused = problem(
                    406,
                    "not acceptable; available: " + ", ".join(ACCEPTED),
                    instance,
                )
                refused.vary("Accept")
                return refused
            fmt = ACCEPTED[media]
        try:
            bind(query, values)
        except CoekgError as e:
            return problem(400, str(e), instance)
        reply = self.run(CannedRequest(query, tuple(sorted(values.items())), fmt))
        if reply.status != 200:
            return problem(reply.status, reply.body.decode("utf-8", "replace").strip(), instance)
        response = Response(200, [("Content-Type", CONTENT_TYPES[fmt])], reply.body)
        response.vary("Accept")
        return response

    def openapi(self, root_url: str) -> dict[str, Any]:
        """The OpenAPI document, with the example answers (made once, on first use)."""
        with self._lock:
            if self._examples is None:
                self._examples = {}
                for q in self.queries.values():
                    if any(p.required for p in q.parameters):
                        continue
                    reply = self.run(CannedRequest(q, (), "json"))
                    if reply.status == 200:
                        self._examples[q.name] = openapi.shorten(json.loads(reply.body))
            examples = self._examples
        return openapi.document(list(self.queries.values()), root_url, self.title, examples)
