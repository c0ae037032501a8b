"""Starting and stopping ``coekg serve``: waitress, the query workers, and the site."""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coekg.progress import SILENT, Progress
from coekg.publish import publish
from coekg.query.catalogue import catalogue
from coekg.serve.app import SiteApp
from coekg.serve.sparql import Limits, QueryPool

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.rdf.dataset import KnowledgeGraph

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


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
    project: Project,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    site: Path | None = None,
    limits: Limits = Limits(),
    progress: Progress = SILENT,
) -> RunningServer:
    """Bind ``host``:``port`` (0 picks a free port), publish the site, start the workers.

    Without ``site``, the site is published for the server's own address into a temporary
    folder that :meth:`RunningServer.stop` removes. ``progress`` hears of each phase.
    """
    import waitress

    # waitress warns "Task queue depth is N" for each request that waits for a thread: under
    # load, a thousand lines a second, and a server whose stderr pipe fills up stops dead
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    workdir: Path | None = None

    def cleanup() -> None:
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
    try:
        url = base_url_for(server.effective_host, server.effective_port)
        if site is None:
            workdir = Path(tempfile.mkdtemp(prefix="coekg-serve-"))
            site = publish(kg, workdir / "site", project, url, progress=progress).path
        app.site = site.resolve()
        progress.phase("reading the data into the SPARQL endpoint")
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
