"""The SPARQL endpoint's answers: kept, evaluated once, and each within its size limit.

The data does not change while ``coekg serve`` runs, so the answer to a query is the same at
every asking: :class:`Answers` keeps every answer the query and the data decide (a result, a
result over the limit, a query refused), so a large canned query is evaluated once, not once
per client; the same query asked by many clients at once is evaluated once, the others
waiting for it; and queries never hold more than all but two of the server's threads.

The catalogue's own queries (by the web API, or sent to ``/sparql`` as the catalogue's text
of one that needs no parameter) are answered up to :attr:`Limits.canned_result_bytes`, any
other up to :attr:`Limits.result_bytes`: the dataset publishes its queries, so its endpoint
answers them in full at any size it is built for (at a million statements a few answer 17
to 34 MiB), and those answers are kept apart, not to push every other answer out.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coekg.query.catalogue import bound_text
from coekg.serve.byte_cache import ByteCache
from coekg.serve.http_cache import strong_etag
from coekg.serve.sparql import CannedRequest, Limits, QueryRequest, Reply, text_reply
from coekg.serve.sparql_html import ACCEPT as PAGE_ACCEPT

if TYPE_CHECKING:
    from coekg.query.catalogue import CannedQuery
    from coekg.serve.query_workers import QueryPool

#: bytes of query answers kept: the data does not change while the server runs
ANSWER_CACHE_BYTES = 64 * 1024 * 1024
#: bytes of canned queries' answers over the result limit kept
LARGE_ANSWER_CACHE_BYTES = 128 * 1024 * 1024
#: answers that the query and the data decide (a result, a result too large, a query refused):
#: kept like a result, so a refused query is not evaluated again; a stopped one (503) is not
_FIXED_STATUSES = frozenset({200, 400, 403})


class Answers:
    """The answers of the endpoint with ``limits`` and the catalogue ``queries``."""

    def __init__(self, limits: Limits, queries: Sequence[CannedQuery] = ()) -> None:
        self.limits = limits
        #: the text of each canned query that needs no parameter, as the catalogue gives it
        self.canned_texts = frozenset(
            bound_text(q) for q in queries if not any(p.required for p in q.parameters)
        )
        # any answer up to the result limit is kept: at a million statements a canned query
        # answers several MB, and one that is not kept is evaluated again by every client
        self.answers: ByteCache[Reply] = ByteCache(
            max(ANSWER_CACHE_BYTES, 4 * limits.result_bytes),
            lambda r: len(r.body),
            largest=limits.result_bytes,
        )
        self.large_answers: ByteCache[Reply] = ByteCache(
            LARGE_ANSWER_CACHE_BYTES, lambda r: len(r.body), largest=limits.canned_result_bytes
        )
        #: the queries being evaluated, each with the lock its other askers wait on
        self._asking: dict[object, threading.Lock] = {}
        self._asking_lock = threading.Lock()
        #: requests evaluating (or waiting to evaluate) a query: two threads are left for pages
        self._query_slots = threading.BoundedSemaphore(max(1, limits.threads - 2))

    def answer(self, request: QueryRequest | CannedRequest, pool: QueryPool) -> Reply:
        """The answer to ``request``: kept from an earlier identical request, else from the
        query workers of ``pool``."""
        request = self.limited(request)
        key = _answer_key(request)
        kept = self.kept(key)
        if kept is not None:
            return kept
        # queries never hold every thread: pages and kept answers are served meanwhile
        if not self._query_slots.acquire(blocking=False):
            return text_reply(503, "the server is busy; try again later")
        try:
            with self._asking_lock:
                lock = self._asking.setdefault(key, threading.Lock())
            # the same query asked at once is evaluated once; the others wait for it
            if not lock.acquire(timeout=self.limits.query_seconds):
                return text_reply(503, "the server is busy; try again later")
            try:
                kept = self.kept(key)
                if kept is None:
                    kept = pool.run(request)
                    if kept.status in _FIXED_STATUSES:
                        kept = dataclasses.replace(kept, etag=strong_etag(kept.body))
                        self.keep(key, kept)
            finally:
                lock.release()
            with self._asking_lock:
                if self._asking.get(key) is lock and not lock.locked():
                    del self._asking[key]
            return kept
        finally:
            self._query_slots.release()

    def kept(self, key: object) -> Reply | None:
        found = self.answers.get(key)
        return found if found is not None else self.large_answers.get(key)

    def keep(self, key: object, reply: Reply) -> None:
        if len(reply.body) <= self.limits.result_bytes:
            self.answers.put(key, reply)
        else:
            self.large_answers.put(key, reply)

    def limited(self, request: QueryRequest | CannedRequest) -> QueryRequest | CannedRequest:
        """``request`` with the limit of its answer: a canned query's (by the web API, or its
        text as the catalogue gives it, for results rather than the query page) is
        :attr:`Limits.canned_result_bytes`; any other query keeps the worker's."""
        canned = isinstance(request, CannedRequest) or (
            request.query in self.canned_texts and request.accept != PAGE_ACCEPT
        )
        if not canned:
            return request
        return dataclasses.replace(request, max_bytes=self.limits.canned_result_bytes)


def _answer_key(request: QueryRequest | CannedRequest) -> object:
    """What makes two requests the same query with the same answer."""
    if isinstance(request, CannedRequest):
        return ("canned", request.query.name, request.params, request.fmt)
    return request
