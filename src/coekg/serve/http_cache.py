"""The finishing touches of every answer, as the best static hosts give them.

- Validators: a strong ``ETag`` made from the bytes of the body (so it is the same after a
  restart, and for every server holding the same site) and, for what comes from a file,
  ``Last-Modified``.
- Conditional requests (RFC 9110, section 13): ``If-None-Match`` (weak comparison, ``*``
  too) and, only without it, ``If-Modified-Since`` turn a 200 to GET or HEAD into a 304
  without a body.
- Compression: a body of a textual type is sent gzip-compressed when the client accepts
  ``gzip``, with ``Vary: Accept-Encoding`` on every answer whose encoding could differ (one
  of at least :data:`MIN_GZIP_BYTES`). The
  compressed variant is a different representation, so its ETag is marked ``-gzip``.
  Compression is deterministic (no time stamp in the gzip header).
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import threading
from collections import OrderedDict
from typing import Any

from coekg.serve.responses import Response

#: bodies shorter than this are not worth compressing
MIN_GZIP_BYTES = 256
#: compressed bodies kept, by ETag, so a page asked for again is not compressed again
CACHE_BYTES = 32 * 1024 * 1024
_TEXTUAL = (
    "application/json",
    "application/ld+json",
    "application/problem+json",
    "application/xml",
    "application/rdf+xml",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/xhtml+xml",
    "image/svg+xml",
)


def compressible(content_type: str | None) -> bool:
    """Whether a body of this media type gains from gzip (text, JSON, XML, RDF syntaxes)."""
    media = (content_type or "").split(";")[0].strip().lower()
    return media.startswith("text/") or media in _TEXTUAL


def strong_etag(body: bytes) -> str:
    """A strong entity tag: the first 128 bits of the body's SHA-256, in hex."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(seconds: float) -> str:
    """``seconds`` since the epoch as an HTTP date (``Sun, 06 Nov 1994 08:49:37 GMT``)."""
    return email.utils.formatdate(int(seconds), usegmt=True)


def _tokens(header: str) -> list[tuple[str, float]]:
    """``[(token, q)]`` of a header such as ``Accept-Encoding: gzip;q=0.5, br``."""
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        out.append((fields[0].lower(), q))
    return out


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (by name, or by ``*``)."""
    if not header:
        return False
    tokens = dict(_tokens(header))
    for name in ("gzip", "x-gzip"):
        if name in tokens:
            return tokens[name] > 0
    return tokens.get("*", 0.0) > 0


def _matches(if_none_match: str, etag: str) -> bool:
    """The weak comparison of ``If-None-Match`` with ``etag`` (RFC 9110, 13.1.2)."""
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in if_none_match.split(","))


def _not_modified_since(header: str, modified: float) -> bool:
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:  # an HTTP date is GMT; a date without a zone is not one
        return False
    return int(modified) <= since.timestamp()


class Finisher:
    """Applies validators, conditional requests and compression to answers; keeps the
    compressed bodies of recent answers (bounded)."""

    def __init__(self, cache_bytes: int = CACHE_BYTES) -> None:
        self.cache_bytes = cache_bytes
        self._compressed: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def _gzip(self, etag: str, body: bytes) -> bytes:
        with self._lock:
            found = self._compressed.get(etag)
            if found is not None:
                self._compressed.move_to_end(etag)
                return found
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(packed) <= self.cache_bytes // 8:
            with self._lock:
                if etag not in self._compressed:
                    self._compressed[etag] = packed
                    self._size += len(packed)
                while self._size > self.cache_bytes:
                    _old, dropped = self._compressed.popitem(last=False)
                    self._size -= len(dropped)
        return packed

    def finish(self, environ: dict[str, Any], response: Response) -> Response:
        """``response`` as it is sent for the request ``environ``."""
        method = environ.get("REQUEST_METHOD", "GET")
        textual = (
            compressible(response.header("Content-Type")) and len(response.body) >= MIN_GZIP_BYTES
        )
        if textual:
            response.vary("Accept-Encoding")
        if response.status != 200 or method not in ("GET", "HEAD"):
            if textual and response.body and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING")):
                self._encode(response, None)
            return response
        etag = response.etag or strong_etag(response.body)
        if response.modified is not None:
            response.set("Last-Modified", http_date(response.modified))
        use_gzip = textual and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING"))
        if use_gzip:
            etag = etag[:-1] + '-gzip"'
        response.set("ETag", etag)
        if self._not_modified(environ, etag, response.modified):
            keep = {"etag", "last-modified", "vary", "content-location", "link", "cache-control"}
            headers = [(k, v) for k, v in response.headers if k.lower() in keep]
            return Response(304, headers, b"")
        if use_gzip:
            self._encode(response, etag)
        return response

    def _encode(self, response: Response, etag: str | None) -> None:
        body = response.body
        response.body = self._gzip(etag, body) if etag else gzip.compress(body, mtime=0)
        response.set("Content-Encoding", "gzip")

    @staticmethod
    def _not_modified(environ: dict[str, Any], etag: str, modified: float | None) -> bool:
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            return _matches(if_none_match, etag)
        since = environ.get("HTTP_IF_MODIFIED_SINCE")
        return since is not None and modified is not None and _not_modified_since(since, modified)
