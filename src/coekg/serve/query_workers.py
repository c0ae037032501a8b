"""The query worker processes of ``coekg serve``: forked from one process holding the store.

A query over its time limit can only be stopped for good by stopping the process evaluating
it, so queries run in worker processes. The data is read once, into one pyoxigraph store,
by the *store process* (:class:`StoreProcess`); every worker is forked from it and shares the
store's pages with it, copy-on-write, instead of reading the data into a store of its own.
A worker stopped at the time limit is replaced by another fork, in milliseconds, and the
server keeps no copy of the data to start one (it hands the store process an N-Quads file,
which it reads once).

Forking is safe here because the store process has one thread when it forks: it is started
with ``spawn`` (a fresh interpreter, not a fork of the server and its threads), reads the
data with pyoxigraph's ``Store.load`` (which runs on the calling thread and starts none; an
in-memory store has no background thread), then only waits on its pipe for orders. Before
each fork it checks that it still has one thread, and refuses to fork otherwise. Its
objects are frozen out of the garbage collector's reach (:func:`gc.freeze`), so a worker's
collections do not write to the pages it shares.

The store process knows its workers and is the one that kills them (the server asks it), so
a process id is never signalled after it was reaped and reused. A worker dies with the
store process (``PR_SET_PDEATHSIG`` on Linux) and leaves when the server closes its pipe.
The workers need ``os.fork`` (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import queue
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.serve.sparql import (
    CannedRequest,
    FirstRowsRequest,
    Limits,
    QueryRequest,
    Reply,
    RowsReply,
    answer_canned,
    execute,
    first_rows,
    text_reply,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import pyoxigraph as ox

    from coekg.rdf.dataset import KnowledgeGraph

LOG = logging.getLogger("coekg.serve")

#: seconds to wait for the store process to read the data, and for a worker to start
START_SECONDS = 600.0
WORKER_START_SECONDS = 30.0
_PR_SET_PDEATHSIG = 1
#: bytes of N-Triples lines turned into N-Quads at a time
_CHUNK = 4 * 1024 * 1024


def _threads() -> int:
    """The threads of this process, as the kernel counts them (Rust's included)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the process that forked it ends."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def serve_queries(conn: Connection, store: ox.Store, max_bytes: int) -> None:
    """The loop of a query worker: answer each request from ``conn`` until it is closed."""
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        reply: Reply | RowsReply
        try:
            if isinstance(request, FirstRowsRequest):
                reply = first_rows(store, request)
            elif isinstance(request, CannedRequest):
                reply = answer_canned(store, request, request.max_bytes or max_bytes)
            else:
                reply = execute(store, request, request.max_bytes or max_bytes)
        except Exception:  # a bug must not kill the worker: answer 500, keep serving
            reply = text_reply(500, "internal error")
        conn.send(reply)


def _store_main(control: Connection, nquads: str, max_bytes: int) -> None:
    """The store process: read the data, then fork a worker on each order of the server."""
    from multiprocessing.connection import Connection
    from multiprocessing.reduction import recv_handle

    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops it on Ctrl-C
    store = ox.Store()
    store.load(path=nquads, format=ox.RdfFormat.N_QUADS)
    gc.collect()
    gc.freeze()
    control.send("ready")
    workers: set[int] = set()
    while True:
        try:
            order = control.recv()
        except (EOFError, OSError):
            break
        for pid in list(workers):  # reap the workers that ended on their own
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    workers.discard(pid)
        if order == "fork":
            fd = recv_handle(control)
            if _threads() != 1:
                os.close(fd)
                control.send(None)
                continue
            pid = os.fork()
            if pid == 0:
                _die_with_parent()
                control.close()
                code = 0
                try:
                    serve_queries(Connection(fd), store, max_bytes)
                except BaseException:
                    code = 1
                os._exit(code)
            os.close(fd)
            workers.add(pid)
            control.send(pid)
        elif isinstance(order, tuple) and order[0] == "kill":
            pid = order[1]
            if pid in workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
                workers.discard(pid)
            control.send(True)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


class StoreProcess:
    """The process holding the store (started here, from the N-Quads file ``nquads``, which
    it has read once :meth:`wait_ready` returns); :meth:`fork` makes a query worker."""

    def __init__(self, nquads: Path, max_bytes: int) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.control, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_store_main, args=(child, str(nquads), max_bytes), daemon=True
        )
        self.process.start()
        child.close()
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def wait_ready(self, timeout: float = START_SECONDS) -> None:
        if not self.control.poll(timeout) or self.control.recv() != "ready":
            raise RuntimeError("the SPARQL store did not start")

    def fork(self) -> Worker:
        """A new query worker, forked from this process, ready to answer."""
        import multiprocessing
        from multiprocessing.reduction import send_handle

        mine, theirs = multiprocessing.get_context("spawn").Pipe()
        try:
            with self._lock:
                self.control.send("fork")
                send_handle(self.control, theirs.fileno(), self.process.pid)
                pid = self.control.recv()
        finally:
            theirs.close()
        if pid is None:
            mine.close()
            raise RuntimeError("the SPARQL store has threads: it cannot fork safely")
        worker = Worker(self, mine, pid)
        if not mine.poll(WORKER_START_SECONDS) or mine.recv() != "ready":
            worker.stop()
            raise RuntimeError("a query worker did not start")
        return worker

    def kill(self, pid: int) -> None:
        """Kill the worker ``pid`` (and reap it)."""
        with self._lock, contextlib.suppress(OSError, EOFError):
            self.control.send(("kill", pid))
            self.control.recv()

    def stop(self) -> None:
        """End the store process and every worker (closing its pipe ends them)."""
        with contextlib.suppress(OSError):
            self.control.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


class Worker:
    """A query worker: the server's end of its pipe, and its process id."""

    def __init__(self, store: StoreProcess, conn: Connection, pid: int) -> None:
        self.store = store
        self.conn = conn
        self.pid = pid

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        self.store.kill(self.pid)


class QueryPool:
    """Query workers forked from one store of the data in the N-Quads file ``nquads`` (read
    before this returns; the file may then go); one over its time limit is killed and
    replaced by a fresh fork."""

    def __init__(self, nquads: Path, limits: Limits) -> None:
        self.limits = limits
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.all: list[Worker] = []
        self.lock = threading.Lock()
        self.closed = False
        self.store = StoreProcess(nquads, limits.result_bytes)
        try:
            self.store.wait_ready()
            for _ in range(max(1, limits.query_workers)):
                self._add(self.store.fork())
        except BaseException:
            self.close()
            raise

    def _add(self, worker: Worker) -> None:
        with self.lock:
            closed = self.closed
            if not closed:
                self.all.append(worker)
        if closed:
            worker.stop()
        else:
            self.idle.put(worker)

    def _replace(self, worker: Worker) -> None:
        worker.stop()
        with self.lock:
            if worker in self.all:
                self.all.remove(worker)
            if self.closed:
                return
        try:
            fresh = self.store.fork()
        except (RuntimeError, OSError, EOFError):
            LOG.error("a query worker failed to start")
            return
        self._add(fresh)

    def run(self, request: QueryRequest | CannedRequest) -> Reply:
        """The answer to ``request`` from an idle worker, or the error reply."""
        reply = self._ask(request)
        assert isinstance(reply, Reply), "a query's answer is a reply"
        return reply

    def rows(self, request: FirstRowsRequest) -> RowsReply | Reply:
        """The rows a canned query's page shows (or the error reply), from an idle worker."""
        return self._ask(request)

    def _ask(self, request: QueryRequest | CannedRequest | FirstRowsRequest) -> Reply | RowsReply:
        limit = self.limits.query_seconds
        deadline = time.monotonic() + limit
        try:
            worker = self.idle.get(timeout=limit)
        except queue.Empty:
            return text_reply(503, "the server is busy; try again later")
        try:
            worker.conn.send(request)
            remaining = max(0.0, deadline - time.monotonic())
            if not worker.conn.poll(remaining):
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
                return text_reply(
                    503, f"the query took longer than {limit:g} seconds and was stopped"
                )
            reply: Reply | RowsReply = worker.conn.recv()
        except (EOFError, OSError):
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            return text_reply(500, "the query stopped the worker evaluating it")
        self.idle.put(worker)
        return reply

    def pids(self) -> list[int]:
        """The process ids of the workers (for tests and measurements)."""
        with self.lock:
            return [w.pid for w in self.all]

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.stop()
        self.store.stop()


def write_nquads(kg: KnowledgeGraph, path: Path) -> Path:
    """Write every quad of ``kg`` to ``path`` as N-Quads, for the store process to read.

    A part of one graph holds its statements as N-Triples lines: each line gets the graph
    before its final `` .`` and is written as it is, a few MB at a time, with no Python object
    made per statement (at a million statements, seconds of the interpreter's lock taken from
    the requests being answered) and no copy of the whole text in memory."""
    import pyoxigraph as ox

    with path.open("wb") as out:
        for part in kg.parts:
            if part.graph is None:
                ox.serialize(part.quads, out, ox.RdfFormat.N_QUADS)
                continue
            text = part.text
            ending = f" {part.graph} .\n".encode()
            start = 0
            while start < len(text):
                # a raw line break only ends a line (a literal's is escaped)
                end = text.find(b"\n", start + _CHUNK)
                end = len(text) if end < 0 else end + 1
                out.write(text[start:end].replace(b" .\n", ending))
                start = end
    return path
