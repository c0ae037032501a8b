"""Starting and stopping ``coekg serve``: waitress, the query workers, the site, and the
validation of the data while serving."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coekg.errors import CoekgError
from coekg.progress import SILENT, Progress
from coekg.query.catalogue import catalogue
from coekg.serve.app import SiteApp
from coekg.serve.forked import Forked
from coekg.serve.query_workers import QueryPool, write_nquads
from coekg.serve.rendered_site import CACHE_BYTES, RenderedSite
from coekg.serve.sparql import Limits

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.rdf.dataset import KnowledgeGraph

LOG = logging.getLogger("coekg.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: seconds :meth:`RunningServer.stop` waits for the query workers being started
STARTING_WAIT = 120.0
#: bytes waitress offers the socket at each send. It offers as many as the socket's send
#: buffer held when the connection was accepted (16 KiB): a canned query's answer of 34 MB
#: took 2,000 rounds of its Python loop, with the interpreter's lock, and the pages waited
#: for them. The kernel takes what fits and still sizes the buffer itself. At a million
#: statements under load (benchmarks/README.md, "Quiet machine, fourth session of
#: 2026-12-03"), 64 KiB and 256 KiB did about as well; 1 MiB made the largest answers wait
#: longer.
SEND_PIECE = 1 << 18
#: bytes one flush of a connection's output may send (see :func:`_channel_class`). At a
#: million statements under load (benchmarks/README.md, "Seventh session of 2026-12-03"),
#: 256 KiB and 1 MiB made the largest answers too slow, as their pieces went out one turn
#: of the loop at a time; 2 MiB kept pages and canned queries within their targets.
FLUSH_SHARE = 1 << 21


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
    """A started server: its URL, and :meth:`stop`. Serve with :meth:`run` or a thread.

    Work started with the server goes on in background threads: the query workers, the
    dumps of a site made on request, the validation of the data. A validation that finds
    the data does not conform stops the server; :attr:`failure` then holds the error, and
    :meth:`run` raises it."""

    def __init__(self, server: Any, app: SiteApp, cleanup: Callable[[], None]):
        self.server = server
        self.app = app
        self._cleanup = cleanup
        self.url = base_url_for(server.effective_host, server.effective_port)
        self.failure: CoekgError | None = None
        self.stopped = threading.Event()
        #: set when the validation after start is over (whatever its outcome)
        self.validated = threading.Event()
        self._stop_lock = threading.Lock()
        self._children: list[Forked] = []
        #: the thread starting the query workers, which :meth:`stop` lets finish: a worker
        #: stopped while it is handed the data would print a traceback of its own
        self.starting: threading.Thread | None = None
        #: the validation to begin when serving begins, and what follows it if the data
        #: conforms (see :func:`start`)
        self._validation: tuple[Callable[[], None], Callable[[], None] | None] | None = None

    @property
    def pool(self) -> QueryPool | None:
        return self.app.pool

    def run(self) -> None:
        """Serve until :meth:`stop` (from another thread), an interrupt, or data found not
        to conform (then raise the validation's error)."""
        try:
            self._serve()
        finally:
            self.stop()
        if self.failure is not None:
            raise self.failure

    def _serve(self) -> None:
        """Waitress's loop, until the sockets are closed (by :meth:`stop`, which may come
        from another thread while the loop waits on them); the validation given to
        :func:`start` begins first."""
        with self._stop_lock:  # stopped already (a signal at start): nothing to validate
            if self._validation is not None and not self.stopped.is_set():
                self.validate_in_background(*self._validation)
            self._validation = None
        try:
            self.server.run()
        except OSError:
            if not self.stopped.is_set():
                raise

    def stop(self) -> None:
        with self._stop_lock:  # a second caller returns once the first has stopped it all
            if self.stopped.is_set():
                return
            self.stopped.set()
            _close(self.server)
            for child in self._children:
                child.stop()
            if self.starting is not None and self.starting is not threading.current_thread():
                self.starting.join(STARTING_WAIT)  # then it closes the pool it started
            if self.app.pool is not None:
                self.app.pool.close()
            self.app.pool_ready.set()
            self._cleanup()

    def validate_in_background(
        self, validate: Callable[[], None], then: Callable[[], None] | None = None
    ) -> None:
        """Run ``validate`` in a child process while serving (:mod:`coekg.serve.forked`),
        every answer marked "not yet validated"; if it raises, keep the error in
        :attr:`failure` and stop the server; else run ``then`` (unless the server stopped)."""
        self.app.validation_pending = True
        child = Forked(validate)
        self._children.append(child)

        def work() -> None:
            try:
                child.result()
            except CoekgError as e:
                if not self.stopped.is_set():  # else the stop ended the child: no finding
                    self.failure = e
                    self.stop()
            else:
                if then is not None:
                    with self._stop_lock:  # a stop under way finishes first
                        if not self.stopped.is_set():
                            then()
            finally:
                self.app.validation_pending = False
                self.validated.set()

        threading.Thread(target=work, name="coekg-validate", daemon=True).start()

    @contextlib.contextmanager
    def in_thread(self) -> Iterator[RunningServer]:
        """Serve in a background thread for the duration of a ``with`` block."""
        thread = threading.Thread(target=self._serve, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stop()
            thread.join(10)


def start(
    kg: KnowledgeGraph,
    project: Project,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    site: Path | None = None,
    limits: Limits = Limits(),
    progress: Progress = SILENT,
    cache_bytes: int = CACHE_BYTES,
    validate: Callable[[], None] | None = None,
) -> RunningServer:
    """Bind ``host``:``port`` (0 picks a free port) and serve the site and the endpoint.

    Without ``site``, the site is made on request for the server's own address
    (:class:`~coekg.serve.rendered_site.RenderedSite`, keeping up to ``cache_bytes`` of
    resources' files), its dumps written in the background into a temporary folder that
    :meth:`RunningServer.stop` removes, and the query workers start in the background
    (``/sparql`` waits for them). With ``site``, that folder is served as it is, and the
    query workers are started before this returns. ``progress`` hears of each phase.

    With ``validate``, the data is validated from the moment the server serves
    (:meth:`RunningServer.validate_in_background`), and the dumps are begun only when it
    conforms: both run in children forked from the server, and at a million statements
    each takes most of a gigabyte while it runs, so one after the other they keep the
    server under 2 GB.
    """
    import waitress

    # waitress warns "Task queue depth is N" for each request that waits for a thread: under
    # load, a thousand lines a second, and a server whose stderr pipe fills up stops dead
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    workdir: Path | None = None

    def cleanup() -> None:
        if isinstance(app.files, RenderedSite):
            app.files.stop()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    queries = catalogue(project.queries)
    title = next(iter(project.identity.title.values()), "coekg")
    app = SiteApp(site or Path("."), None, limits, queries, title)
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
    server.channel_class = _channel_class()  # one listening socket (see RunningServer.url)
    running = RunningServer(server, app, cleanup)
    try:
        if site is not None:
            app.site = site.resolve()
            progress.phase("reading the data into the SPARQL endpoint")
            app.pool = _start_pool(kg, limits, None)
            app.pool_ready.set()
            _freeze_heap()
            if validate is not None:
                running._validation = (validate, None)
            return running
        workdir = Path(tempfile.mkdtemp(prefix="coekg-serve-"))
        progress.phase("indexing the graph")
        rendered = RenderedSite(
            kg, project, running.url, workdir / "site", cache_bytes, first_rows=app.first_rows
        )
        app.site = rendered
        _freeze_heap()
    except BaseException:
        _close(server)
        cleanup()
        raise

    def start_pool() -> None:
        try:
            pool = _start_pool(kg, limits, workdir)
        except Exception:
            if not running.stopped.is_set():  # else it was stopped while starting
                LOG.exception("the SPARQL endpoint could not start")
            app.pool_ready.set()
            return
        if running.stopped.is_set():
            pool.close()
        else:
            app.pool = pool
        app.pool_ready.set()

    if validate is None:
        rendered.start_dumps()  # forked before the threads start
    running.starting = threading.Thread(target=start_pool, name="coekg-query-pool", daemon=True)
    running.starting.start()
    if validate is not None:
        running._validation = (validate, rendered.start_dumps)
    progress.finish()
    return running


def _freeze_heap() -> None:
    """Put the objects made so far (the graph and its index: millions at a million
    statements, kept as long as the server runs) out of the garbage collector's reach: a
    full collection would walk them all, a pause of a tenth of a second in the middle of
    whichever request triggered it. Forked children share their pages untouched, too."""
    gc.collect()
    gc.freeze()


def _close(server: Any) -> None:
    """Stop waitress: its worker threads, then its sockets (which ends its loop)."""
    import waitress.wasyncore as wasyncore

    with contextlib.suppress(Exception):
        server.task_dispatcher.shutdown(timeout=2)
    with contextlib.suppress(Exception):
        wasyncore.close_all(server._map)


def _start_pool(kg: KnowledgeGraph, limits: Limits, folder: Path | None) -> QueryPool:
    """The query workers, their store read from an N-Quads file written for it in
    ``folder`` (a temporary one if None) and removed once read: the server keeps no copy."""
    own = folder is None
    where = Path(tempfile.mkdtemp(prefix="coekg-serve-")) if folder is None else folder
    path = where / "store.nq"
    try:
        return QueryPool(write_nquads(kg, path), limits)
    finally:
        path.unlink(missing_ok=True)
        if own:
            shutil.rmtree(where, ignore_errors=True)


@functools.cache
def _channel_class() -> type:
    """Waitress's connection, offering :data:`SEND_PIECE` bytes to each send, and sending
    at most :data:`FLUSH_SHARE` bytes each time it flushes its output.

    Waitress flushes a connection until the socket would block. On loopback, where the
    client reads as fast as the server writes, one flush of a 34 MB answer sent all of it:
    from the thread that made the answer, which no other request could then use, or from
    the loop that sends every connection's output, which the other connections (a page of a
    few kilobytes) waited on. With a share per flush, the loop sends the rest of a large
    answer a share at a time, each connection in turn, and the thread is free at once."""
    from waitress.channel import HTTPChannel

    class Channel(HTTPChannel):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sendbuf_len = max(getattr(self, "sendbuf_len", 0), SEND_PIECE)
            #: bytes the flush under way may still send (None: no flush under way)
            self.share: int | None = None

        def _flush_some(self, do_close: bool = True) -> bool:
            self.share = FLUSH_SHARE
            try:
                return bool(super()._flush_some(do_close=do_close))
            finally:
                self.share = None

        def send(self, data: bytes | memoryview, do_close: bool = True) -> int:
            share = self.share
            if share is None:
                return int(super().send(data, do_close=do_close))
            if share <= 0:
                return 0  # as if the socket were full: the loop comes back to it
            if len(data) > share:
                data = memoryview(data)[:share]
            sent = int(super().send(data, do_close=do_close))
            self.share = share - sent
            return sent

    return Channel
