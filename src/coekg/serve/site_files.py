"""The files of a published site, as ``coekg serve`` may hand them out.

:meth:`SiteFiles.find` never leads out of the site folder (``..`` in any spelling, hidden
files and symbolic links leading outside are refused). :meth:`SiteFiles.not_found_page`
gives the site's 404 page with its links made to work where the server serves the site, at
whatever depth the missing path is: the page's links are relative to the site root, or (in
a site published by an earlier coekg, or for another base URL with ``coekg serve --site
DIR``) lead to the published base URL, which this server does not answer.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from pathlib import Path
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


class SiteFiles:
    """The site folder ``root``: which file answers a path, and as what."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        #: path -> (modification time, size, ETag): a large download is hashed once
        self._etags: dict[Path, tuple[int, int, str]] = {}

    def find(self, relative: str) -> Path | None:
        """The file of the site at ``relative`` (URL path, decoded), if it may be served."""
        parts = relative.split("/")
        for part in parts:
            if part in ("", ".", "..") or "\\" in part or "\x00" in part:
                return None
            if part.startswith(".") and part != ".well-known":
                return None
        path = (self.root / Path(*parts)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    @staticmethod
    def content_type(path: Path) -> str:
        name = path.name
        if path.parent.name == ".well-known" and name == "void":
            return _TYPES[".ttl"]
        if name == "SHA256SUMS":
            return _TYPES[".txt"]
        guessed = mimetypes.guess_type(name)[0]
        return _TYPES.get(path.suffix) or guessed or "application/octet-stream"

    def send(self, path: Path) -> Response:
        """The file ``path`` (found by :meth:`find`) with its type, modification time and
        entity tag."""
        ctype = self.content_type(path)
        stat = path.stat()
        body = path.read_bytes()
        response = html(200, body) if ctype.startswith("text/html") else None
        if response is None:
            response = Response(200, [("Content-Type", ctype)], body)
        response.modified = stat.st_mtime
        known = self._etags.get(path)
        if known is None or known[:2] != (stat.st_mtime_ns, len(body)):
            known = (stat.st_mtime_ns, len(body), strong_etag(body))
            self._etags[path] = known
        response.etag = known[2]
        return response

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
        (the path the server serves the site at, ending in ``/``): links relative to the
        site root, and links into the base URL the site was published for, lead from
        ``mount``; None when the site has none."""
        page = self.find("404.html")
        if page is None:
            return None
        base = self.base_url
        prefixes = sorted({base, urlsplit(base).path} if base else set(), key=len, reverse=True)

        def rebase(found: re.Match[str]) -> str:
            attribute, url = found.group(1), found.group(2)
            for prefix in prefixes:
                if url.startswith(prefix):
                    return attribute + mount + url[len(prefix) :]
            if url.startswith(("/", "#")) or _SCHEME.match(url):
                return attribute + url
            return attribute + mount + url

        body = _URL_ATTRIBUTE.sub(rebase, page.read_text(encoding="utf-8"))
        return body.encode("utf-8")
