"""The files of a site, as ``coekg serve`` may hand them out.

:class:`Files` is what the server asks of a site: a folder published before
(:class:`SiteFiles`, ``coekg serve --site DIR``) or the site made on request from the graph
(:class:`coekg.serve.rendered_site.RenderedSite`). Neither leads out of the site: ``..`` in
any spelling and hidden files are refused (:func:`allowed`), and :meth:`SiteFiles.find`
follows no symbolic link leading outside the folder. ``not_found_page`` gives the site's 404
page with its links made to work where the server serves the site, at whatever depth the
missing path is: the page's links are relative to the site root, or (in a site published by
an earlier coekg, or for another base URL with ``coekg serve --site DIR``) lead to the
published base URL, which this server does not answer.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from coekg.serve.http_cache import strong_etag
from coekg.serve.responses import Response, html

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
    ".conf": "text/plain; charset=utf-8",
}
_LOC = re.compile(r"<loc>([^<]+)</loc>")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|action)=")([^"]*)')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class Files(Protocol):
    """A site as the server hands it out; ``relative`` is a URL path without its leading
    ``/``, decoded. A file that cannot be made yet raises :class:`NotReady`."""

    @property
    def root(self) -> Path:
        """The folder holding the site's files (or those of them kept as files)."""

    def has(self, relative: str) -> bool:
        """Whether the site has a file at ``relative`` (without making it)."""

    def read(self, relative: str) -> bytes | None:
        """The bytes of the file at ``relative``, if the site has it."""

    def modified(self, relative: str) -> float | None:
        """When the file at ``relative`` was made (Unix time), if the site has it."""

    def send(self, relative: str) -> Response | None:
        """The answer with the file at ``relative``, if the site has it."""

    def not_found_page(self, mount: str) -> bytes | None:
        """The site's 404 page with its links made to work from ``mount``."""


class NotReady(Exception):
    """A file that is still being made (the dumps, and the files showing them): answer
    503, and ``retry_after`` seconds later it may be there."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def allowed(relative: str) -> bool:
    """Whether a server may hand out the site's file at ``relative``: no empty, ``.`` or
    ``..`` part, no backslash or NUL, no hidden file (but ``.well-known``)."""
    for part in relative.split("/"):
        if part in ("", ".", "..") or "\\" in part or "\x00" in part:
            return False
        if part.startswith(".") and part != ".well-known":
            return False
    return True


def content_type(relative: str) -> str:
    """The media type of the site's file at ``relative``."""
    folder, _slash, name = relative.rpartition("/")
    if folder.rpartition("/")[2] == ".well-known" and name == "void":
        return _TYPES[".ttl"]
    if name == "SHA256SUMS":
        return _TYPES[".txt"]
    suffix = "." + name.rpartition(".")[2] if "." in name else ""
    guessed = mimetypes.guess_type(name)[0]
    return _TYPES.get(suffix) or guessed or "application/octet-stream"


def file_response(relative: str, body: bytes, modified: float, etag: str | None) -> Response:
    """The answer with ``body``, the file at ``relative``, made at ``modified``."""
    ctype = content_type(relative)
    response = html(200, body) if ctype.startswith("text/html") else None
    if response is None:
        response = Response(200, [("Content-Type", ctype)], body)
    response.modified = modified
    response.etag = etag
    return response


def rebase_links(page: str, base: str | None, mount: str) -> bytes:
    """The 404 page ``page`` of a site published for ``base`` with its links made to work
    at any depth of ``mount`` (the path the server serves the site at, ending in ``/``):
    links relative to the site root, and links into ``base``, lead from ``mount``."""
    prefixes = sorted({base, urlsplit(base).path} if base else set(), key=len, reverse=True)

    def rebase(found: re.Match[str]) -> str:
        attribute, url = found.group(1), found.group(2)
        for prefix in prefixes:
            if url.startswith(prefix):
                return attribute + mount + url[len(prefix) :]
        if url.startswith(("/", "#")) or _SCHEME.match(url):
            return attribute + url
        return attribute + mount + url

    return _URL_ATTRIBUTE.sub(rebase, page).encode("utf-8")


class SiteFiles:
    """The site folder ``root``: which file answers a path, and as what."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        #: path -> (modification time, size, ETag): a large download is hashed once
        self._etags: dict[Path, tuple[int, int, str]] = {}

    def find(self, relative: str) -> Path | None:
        """The file of the site at ``relative`` (URL path, decoded), if it may be served."""
        if not allowed(relative):
            return None
        path = (self.root / Path(*relative.split("/"))).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def has(self, relative: str) -> bool:
        return self.find(relative) is not None

    def read(self, relative: str) -> bytes | None:
        path = self.find(relative)
        return path.read_bytes() if path is not None else None

    def modified(self, relative: str) -> float | None:
        path = self.find(relative)
        return path.stat().st_mtime if path is not None else None

    def send(self, relative: str) -> Response | None:
        """The file at ``relative`` with its type, modification time and entity tag."""
        path = self.find(relative)
        if path is None:
            return None
        stat = path.stat()
        body = path.read_bytes()
        known = self._etags.get(path)
        if known is None or known[:2] != (stat.st_mtime_ns, len(body)):
            known = (stat.st_mtime_ns, len(body), strong_etag(body))
            self._etags[path] = known
        return file_response(relative, body, stat.st_mtime, known[2])

    @functools.cached_property
    def base_url(self) -> str | None:
        """The base URL the site was published for (its home page in ``sitemap.xml``)."""
        sitemap = self.find("sitemap.xml")
        if sitemap is None:
            return None
        homes = [
            url.removesuffix("index.html")
            for url in _LOC.findall(sitemap.read_text(encoding="utf-8", errors="replace"))
            if url.endswith("/index.html")
        ]
        return min(homes, key=len) if homes else None

    def not_found_page(self, mount: str) -> bytes | None:
        """The site's ``404.html`` with its links made to work at any depth of ``mount``
        (:func:`rebase_links`, for the base URL in its sitemap); None when it has none."""
        page = self.find("404.html")
        if page is None:
            return None
        return rebase_links(page.read_text(encoding="utf-8"), self.base_url, mount)
