"""The site of a graph, made on request: what ``coekg serve`` hands out without ``--site``.

Nothing is published before the server answers. A resource's page and documents
(``id/{kind}/{slug}.html``, ``.ttl``, ``.jsonld``) are made when asked for, each alone, by
:class:`~coekg.publish.resource_files.ResourceRenderer`, and a site-wide file (home page,
browse page, query pages, ontology, catalogue, VoID, sitemap...) by its function in
:func:`~coekg.publish.site.site_file_makers`: the code ``coekg publish`` runs, so the bytes
are those a publish for the same base URL writes. Resources' files are kept in a cache
bounded by bytes (least recently used out); site-wide files, a fixed few, are kept once made.
A query page's rows come from the query workers, which hold the store: the server reads no
store of its own (at a million statements one takes 350 MB and seconds to read).

The dumps (``downloads/``, six gzip files, and ``SHA256SUMS``) take long at a
large size: :meth:`RenderedSite.start_dumps` writes them in a child process
(:mod:`coekg.serve.forked`) into a private folder. The files that show them (the dumps
themselves, the home page, the catalogue, VoID) wait for them at most :data:`DUMPS_WAIT`
seconds; then the server answers 503 with ``Retry-After``
(:class:`~coekg.serve.site_files.NotReady`).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.errors import CoekgError
from coekg.publish.downloads import FOLDER as DOWNLOADS
from coekg.publish.downloads import Download, write_downloads
from coekg.publish.graphview import GraphView
from coekg.publish.in_place import SHOWS_DUMPS
from coekg.publish.metadata import dataset_info
from coekg.publish.resource_files import ResourceRenderer
from coekg.publish.site import site_file_makers
from coekg.serve.byte_cache import ByteCache
from coekg.serve.forked import Forked
from coekg.serve.http_cache import strong_etag
from coekg.serve.responses import Response
from coekg.serve.site_files import NotReady, SiteFiles, allowed, file_response, rebase_links

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.publish.pages import FirstRows
    from coekg.rdf.dataset import KnowledgeGraph


#: seconds a request for a file showing the dumps waits for them before the answer is 503
DUMPS_WAIT = 5.0
#: what ``Retry-After`` says then
DUMPS_RETRY_AFTER = 10
#: bytes of resources' files kept (see :class:`~coekg.serve.byte_cache.ByteCache`)
CACHE_BYTES = 128 * 1024 * 1024
_SUFFIXES = (".ttl", ".jsonld", ".html")


def _file_size(kept: tuple[bytes, str]) -> int:
    return len(kept[0]) + 150


class RenderedSite:
    """The site of ``kg``, the data of ``project``, for ``base_url``, made on request; the
    dumps go into ``folder`` (made by :meth:`make_dumps`)."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        project: Project,
        base_url: str,
        folder: Path,
        cache_bytes: int = CACHE_BYTES,
        first_rows: FirstRows | None = None,
    ) -> None:
        self.kg = kg
        view = GraphView(kg)
        self.info = dataset_info(view, base_url, project.identity)
        self.renderer = ResourceRenderer(view, self.info)
        #: resource path (``id/{kind}/{slug}``) -> IRI
        self.iris = {path: iri for iri, path in view.resources.items()}
        # the query pages' rows: from the query workers (:meth:`SiteApp.first_rows`), else
        # from a store of the graph read in this process
        self.makers = site_file_makers(
            kg, view, self.info, project, self._downloads, first_rows=first_rows
        )
        self.made: dict[str, tuple[bytes, str]] = {}
        self._locks = {path: threading.Lock() for path in self.makers}
        # a hub's files are large (at a million statements the page of the organisation that
        # funds everything is 10 MB, 0.9 s to make): kept up to half the cache, or every
        # request for it would make it again
        #: resource file (``id/{kind}/{slug}.html``...) -> its bytes and entity tag
        self.resources: ByteCache[tuple[bytes, str]] = ByteCache(
            cache_bytes, _file_size, largest=cache_bytes // 2
        )
        self.started = time.time()
        folder.mkdir(parents=True, exist_ok=True)
        self.dumps = SiteFiles(folder)
        self.dumps_wait = DUMPS_WAIT
        self._dumps: Forked | None = None

    @property
    def root(self) -> Path:
        """The folder of the dumps (in its ``downloads/``), the only files kept as files."""
        return self.dumps.root

    # the dumps ---------------------------------------------------------------------------

    def start_dumps(self) -> None:
        """Start writing the dumps and ``SHA256SUMS``, in a child process."""
        kg, folder = self.kg, self.dumps.root
        self._dumps = Forked(lambda: write_downloads(kg, folder))

    def stop(self) -> None:
        """Stop writing the dumps (the server stops)."""
        if self._dumps is not None:
            self._dumps.stop()

    def _downloads(self) -> list[Download]:
        """The dumps, once written: waits :attr:`dumps_wait` seconds at most for them."""
        if self._dumps is None or not self._dumps.wait(self.dumps_wait):
            raise NotReady("the dumps are being written; try again shortly", DUMPS_RETRY_AFTER)
        try:
            dumps: list[Download] = self._dumps.result()
        except CoekgError as e:
            raise RuntimeError(f"the dumps could not be written: {e}") from None
        return dumps

    # files -------------------------------------------------------------------------------

    def _resource(self, relative: str) -> tuple[str, str] | None:
        """``(resource path, suffix)`` when ``relative`` is a file of a resource."""
        for suffix in _SUFFIXES:
            if relative.endswith(suffix) and relative[: -len(suffix)] in self.iris:
                return relative[: -len(suffix)], suffix
        return None

    def has(self, relative: str) -> bool:
        if not allowed(relative):
            return False
        if relative.startswith(DOWNLOADS + "/"):
            return self.read(relative) is not None
        return relative in self.makers or self._resource(relative) is not None

    def _made(self, relative: str) -> tuple[bytes, str] | None:
        """The bytes of the file at ``relative``, and their entity tag, made if need be."""
        if not allowed(relative):
            return None
        found = self._resource(relative)
        if found is not None:
            path, suffix = found
            kept = self.resources.get(relative)
            if kept is None:
                body = self.renderer.file(self.iris[path], path, suffix)
                kept = (body, strong_etag(body))
                self.resources.put(relative, kept)
            return kept
        if relative in self.makers:
            if relative in SHOWS_DUMPS:
                self._downloads()  # wait for them before holding the file's lock
            with self._locks[relative]:
                if relative not in self.made:
                    body = self.makers[relative]()
                    self.made[relative] = (body, strong_etag(body))
            return self.made[relative]
        if relative.startswith(DOWNLOADS + "/"):
            self._downloads()
            dump = self.dumps.read(relative)
            return (dump, strong_etag(dump)) if dump is not None else None
        return None

    def read(self, relative: str) -> bytes | None:
        made = self._made(relative)
        return made[0] if made is not None else None

    def modified(self, relative: str) -> float | None:
        return self.started if self.has(relative) else None

    def send(self, relative: str) -> Response | None:
        if relative.startswith(DOWNLOADS + "/") and allowed(relative):
            self._downloads()
            return self.dumps.send(relative)
        made = self._made(relative)
        if made is None:
            return None
        return file_response(relative, made[0], self.started, made[1])

    def not_found_page(self, mount: str) -> bytes | None:
        page = self.read("404.html")
        if page is None:
            return None
        return rebase_links(page.decode("utf-8"), self.info.base_url, mount)
