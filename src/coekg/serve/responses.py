"""What every handler of ``coekg serve`` returns: one HTTP answer, before the finishing
touches of :mod:`coekg.serve.http_cache` (validators, 304, gzip) are applied."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

STATUS = {
    200: "200 OK",
    204: "204 No Content",
    303: "303 See Other",
    304: "304 Not Modified",
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    406: "406 Not Acceptable",
    413: "413 Content Too Large",
    415: "415 Unsupported Media Type",
    500: "500 Internal Server Error",
    501: "501 Not Implemented",
    503: "503 Service Unavailable",
}

#: a page's Content-Security-Policy: no script at all, styles and images of the site only,
#: forms post to the site's own origin
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
PROBLEM = "application/problem+json"


@dataclass
class Response:
    """One answer: status, headers and body; ``modified`` is the Unix time of what it was
    made from (a file), for ``Last-Modified``, when there is such a time; ``etag`` the
    entity tag of the body when it is known already (a file's, kept between requests)."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    modified: float | None = None
    etag: str | None = None

    def header(self, name: str) -> str | None:
        """The value of the header ``name`` (any case), if set."""
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    def set(self, name: str, value: str) -> None:
        """Set the header ``name`` to ``value``, replacing any value it had."""
        lowered = name.lower()
        self.headers = [(k, v) for k, v in self.headers if k.lower() != lowered]
        self.headers.append((name, value))

    def vary(self, *names: str) -> None:
        """Add ``names`` to the ``Vary`` header, once each, keeping the ones it has."""
        current = [v.strip() for v in (self.header("Vary") or "").split(",") if v.strip()]
        for name in names:
            if name.lower() not in (c.lower() for c in current):
                current.append(name)
        self.set("Vary", ", ".join(current))


def text(status: int, message: str, headers: list[tuple[str, str]] | None = None) -> Response:
    """A short plain-text answer (errors, redirects)."""
    return Response(status, [("Content-Type", TEXT), *(headers or [])], (message + "\n").encode())


def html(status: int, page: bytes) -> Response:
    """An HTML page, with the site's Content-Security-Policy."""
    return Response(status, [("Content-Type", HTML), ("Content-Security-Policy", CSP)], page)


def problem(status: int, detail: str, instance: str | None = None, **extra: Any) -> Response:
    """An RFC 9457 problem document (``application/problem+json``) for a web API client."""
    doc: dict[str, Any] = {
        "type": "about:blank",
        "title": STATUS[status].split(" ", 1)[1],
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        doc["instance"] = instance
    doc.update(extra)
    body = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
    return Response(status, [("Content-Type", PROBLEM)], body)


class BodyFile:
    """A body as a read-only file for ``wsgi.file_wrapper``, whose reads are views of the
    body, not copies. Waitress reads each piece it sends twice, to send it and then to step
    over what the socket took, and a 34 MB answer would be copied both times."""

    def __init__(self, body: bytes) -> None:
        self._view = memoryview(body)
        self._at = 0

    def read(self, size: int | None = -1) -> memoryview:
        end = len(self._view) if size is None or size < 0 else min(len(self._view), self._at + size)
        start, self._at = self._at, max(self._at, end)
        return self._view[start:end]

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._at, 2: len(self._view)}[whence]
        self._at = max(0, base + offset)
        return self._at

    def tell(self) -> int:
        return self._at

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        return None
