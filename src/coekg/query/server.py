"""The query server: large data held in memory between runs of ``coekg query``.

Reading a million triples into an Oxigraph store takes seconds; answering a canned query
on it takes a fraction of one, and an on-disk store is several times slower to answer than
one in memory. ``coekg query-server start`` runs this module in a background process,
which reads the data once and waits on a port of 127.0.0.1. While it runs, ``coekg query``
on the same files sends it the query and writes its answer: the bytes the command would
have computed itself, since both call :func:`coekg.query.evaluate.answer_as` on the same quads.

The server never answers from stale data. It is found by the same key as a kept store (the
files' paths, sizes, modification and change times, and the versions), and it checks the
files again before every answer: when one changed, it tells the client to answer by itself
and stops. It also stops after a time without queries (``--idle`` seconds, 0 for never),
when its connection file is removed, and on SIGTERM; it then removes its connection file.

Started as ``python -m coekg.query.server [--data PATH ...] [--idle SECONDS]``, it writes
exactly one line of JSON on standard output once ready (or failed), then detaches from it:
what it prints later goes to its log, ``<cache>/servers/<key>.log``.
"""

from __future__ import annotations

import argparse
import contextlib
import hmac
import json
import os
import resource
import secrets
import socket
import sys
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from coekg import project as projects
from coekg.errors import EXIT_CANNOT_RUN, CoekgError, InputError
from coekg.query import catalogue, evaluate
from coekg.query import server_files as files
from coekg.query.kept_store import SETTLE_SECONDS, identify
from coekg.termination import raise_on_sigterm

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.query.catalogue import CannedQuery

#: seconds between checks of the files, the idle time and the connection file
POLL_SECONDS = 1.0
#: seconds between checks for a request to stop
ACCEPT_SECONDS = 0.1
#: seconds given to the answers being computed when the server stops
FINISH_SECONDS = 30.0
#: seconds a client has to send its request
REQUEST_SECONDS = 10.0
#: default time without a query after which the server stops (seconds)
DEFAULT_IDLE = 3600.0


class Server:
    """A store in memory, a listening socket and the connection file that points to it."""

    def __init__(
        self,
        project: projects.Project,
        paths: Sequence[str] | None,
        idle: float,
        store: ox.Store,
        key: str,
        data_files: list[str],
        listener: socket.socket,
    ) -> None:
        self.project = project
        self.paths = paths
        self.idle = idle
        self.store = store
        self.key = key
        self.data_files = data_files
        self.listener = listener
        self.triples = len(store)
        self.started = time.time()
        self.last_used = time.monotonic()
        self.answered = 0
        self.busy = 0  # requests being answered
        self.running = 0  # queries being answered
        self.lock = threading.Lock()
        self.stop_reason: str | None = None
        self.canned: dict[str, CannedQuery] = {}
        self.connection = files.Connection(
            os.getpid(), listener.getsockname()[1], secrets.token_hex(32), key
        )

    # ----------------------------------------------------------------------------------
    # Starting

    @classmethod
    def start(cls, project: projects.Project, paths: Sequence[str] | None, idle: float) -> Server:
        """Read the data into memory and listen; raises :class:`CoekgError` on bad input."""
        key, newest, _ = identify(project, paths)
        settle = SETTLE_SECONDS - (time.time() - newest)
        if settle > 0:  # a file just written could change again within its clock tick
            time.sleep(settle)
            key, _, _ = identify(project, paths)
        kg = project.load(paths)
        store = kg.store
        del kg
        if identify(project, paths)[0] != key:
            raise InputError("the data changed while it was read; start the server again")
        data_files = [str(Path(p).resolve()) for p in paths or ()]  # none: the bundled data
        listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        return cls(project, paths, idle, store, key, data_files, listener)

    def publish(self) -> None:
        """Write the connection file, so clients find this server."""
        files.write_connection(self.connection)

    def summary(self) -> dict[str, Any]:
        """What ``coekg query-server status`` shows of this server."""
        return {
            "pid": self.connection.pid,
            "port": self.connection.port,
            "key": self.key,
            "data": self.data_files,
            "triples": self.triples,
            "started": datetime.fromtimestamp(self.started, UTC).isoformat(timespec="seconds"),
            "idle_seconds": round(time.monotonic() - self.last_used, 1),
            "stops_after_idle_seconds": self.idle,
            "queries_answered": self.answered,
            "queries_running": self.running,
            "peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        }

    # ----------------------------------------------------------------------------------
    # Serving

    def serve(self) -> str:
        """Answer requests, each in a thread of its own (Oxigraph lets go of the GIL while
        it evaluates), until a reason to stop; returns that reason once the answers being
        computed are sent."""
        self.listener.settimeout(ACCEPT_SECONDS)
        checked = time.monotonic()
        workers: list[threading.Thread] = []
        try:
            while self.stop_reason is None:
                try:
                    conn, _ = self.listener.accept()
                except TimeoutError:
                    if time.monotonic() - checked >= POLL_SECONDS:
                        checked = time.monotonic()
                        self.stop_reason = self._reason_to_stop()
                    continue
                worker = threading.Thread(target=self._serve_one, args=(conn,), daemon=True)
                worker.start()
                workers = [w for w in workers if w.is_alive()] + [worker]
        finally:
            files.remove_connection(self.connection)
            self.listener.close()
            deadline = time.monotonic() + FINISH_SECONDS
            for worker in workers:
                worker.join(max(0.0, deadline - time.monotonic()))
        return self.stop_reason

    def _serve_one(self, conn: socket.socket) -> None:
        with self.lock:
            self.busy += 1
        reason: str | None = None
        try:
            with conn:
                reason = self._handle(conn)
        finally:
            with self.lock:
                self.busy -= 1
                self.last_used = time.monotonic()
                if reason is not None and self.stop_reason is None:
                    self.stop_reason = reason

    def _current(self) -> bool:
        """Whether the files are still those the store was read from."""

        try:
            return identify(self.project, self.paths)[0] == self.key
        except (CoekgError, OSError):  # a file was removed or became unreadable
            return False

    def _reason_to_stop(self) -> str | None:
        with self.lock:
            idle = 0.0 if self.busy else time.monotonic() - self.last_used
        if self.idle > 0 and idle > self.idle:
            return f"no query for {self.idle:g} s"
        if not self._current():
            return "the files changed"
        if files.read_connection(files.connection_path(self.key)) != self.connection:
            return "its connection file was removed or replaced"
        return None

    def _handle(self, conn: socket.socket) -> str | None:
        """Answer one request; returns a reason to stop after it, if any."""
        conn.settimeout(REQUEST_SECONDS)
        try:
            with conn.makefile("rb") as stream:
                request = files.read_line(stream)
        except (OSError, ValueError):
            return None  # not a client of ours, or one that went away
        token = request.get("token")
        if not isinstance(token, str) or not hmac.compare_digest(
            token.encode(), self.connection.token.encode()
        ):
            self._send(conn, {"ok": False, "message": "refused: wrong token", "exit_code": 3})
            return None
        op = request.get("op")
        if op == "status":
            self._send(conn, {"ok": True, "status": self.summary()})
            return None
        if op == "stop":
            self._send(conn, {"ok": True})
            return "asked to stop"
        if op != "query":
            self._send(conn, {"ok": False, "message": f"unknown request {op!r}", "exit_code": 3})
            return None
        if not self._current():
            self._send(conn, {"ok": False, "stale": True})
            return "the files changed"
        self._send(conn, {"ok": True, "accepted": True})  # the client may now wait long
        started = time.perf_counter()
        with self.lock:
            self.running += 1
        try:
            body = self._answer(request)
        except CoekgError as e:
            self._send(conn, {"ok": False, "message": str(e), "exit_code": e.exit_code})
        except Exception as e:  # the server keeps serving; the client reports it
            message = f"the query server failed to answer: {type(e).__name__}: {e}"
            self._send(conn, {"ok": False, "message": message, "exit_code": EXIT_CANNOT_RUN})
        else:
            with self.lock:
                self.answered += 1
            conn.settimeout(None)
            self._send(conn, {"ok": True}, body)
            _log(
                f"answered {request.get('name') or 'a query file'} in "
                f"{time.perf_counter() - started:.2f} s ({len(body)} bytes)"
            )
        finally:
            with self.lock:
                self.running -= 1
        return None

    def _canned(self, name: str) -> CannedQuery:
        """The canned query ``name``, read once: the catalogue cannot change while the
        server runs (its files are part of the key)."""
        if name not in self.canned:
            self.canned[name] = catalogue.get(name, self.project.queries)
        return self.canned[name]

    def _answer(self, request: dict[str, Any]) -> bytes:

        name, path = request.get("name"), request.get("file")
        params = request.get("params") or {}
        fmt = request.get("format")
        if not isinstance(params, dict) or not isinstance(fmt, str):
            raise CoekgError("a query request needs params and format")
        if isinstance(name, str):
            query = self._canned(name)
        elif isinstance(path, str):
            query = catalogue.load_file(Path(path))
        else:
            raise CoekgError("a query request names a query or a file")
        width = request.get("width")
        return evaluate.answer_as(
            self.store,
            query,
            {str(k): str(v) for k, v in params.items()},
            fmt,
            width=width if isinstance(width, int) else None,
        )

    @staticmethod
    def _send(conn: socket.socket, header: dict[str, Any], body: bytes = b"") -> None:
        with contextlib.suppress(OSError):  # the client went away: nothing to tell it
            files.send(conn, header, body)


def _log(message: str) -> None:
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    print(f"{stamp} {message}", file=sys.stderr, flush=True)


def _report(stream: IO[str], doc: dict[str, Any]) -> None:
    stream.write(json.dumps(doc) + "\n")
    stream.flush()


def _detach(key: str) -> None:
    """Point standard input and output at /dev/null and standard error at the log."""
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    log = os.open(files.log_path(key), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 2)
    os.close(devnull)
    os.close(log)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coekg.query.server")
    parser.add_argument("--data", action="append", default=[])
    parser.add_argument("--idle", type=float, default=DEFAULT_IDLE)
    parser.add_argument("--project", default=None)
    args = parser.parse_args(argv)
    report = sys.stdout

    raise_on_sigterm()
    if os.fork() > 0:  # the starting command collects this process; the server lives on
        os._exit(0)
    try:
        project = projects.at(Path(args.project)) if args.project else projects.bundled()
        server = Server.start(project, args.data or None, args.idle)
        server.publish()
    except CoekgError as e:
        _report(report, {"ok": False, "message": str(e), "exit_code": e.exit_code})
        return e.exit_code
    except Exception as e:  # reported to the starting command, never a silent death
        message = f"the query server could not start: {type(e).__name__}: {e}"
        _report(report, {"ok": False, "message": message, "exit_code": EXIT_CANNOT_RUN})
        return EXIT_CANNOT_RUN
    try:
        _report(report, {"ok": True, "status": server.summary()})
        _detach(server.key)
        _log(f"started: pid {server.connection.pid}, {server.triples} triples")
        reason = server.serve()
    except SystemExit as e:
        files.remove_connection(server.connection)
        _log(f"stopped: signal {e.code}")
        raise
    _log(f"stopped: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
