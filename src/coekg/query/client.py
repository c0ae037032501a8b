"""Starting, asking, listing and stopping query servers (:mod:`coekg.query.server`).

:func:`ask` is what ``coekg query`` calls first: it finds the server holding exactly the
files of the query (by the key of :func:`coekg.query.kept_store.identify`) and has it answer.
It gives ``None`` whenever there is no such server, the server is gone, or the files
changed since it read them; the command then answers by itself, so a server can only make
a query faster, never change its answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coekg.errors import EXIT_CANNOT_RUN, CoekgError
from coekg.query import server_files as files
from coekg.query.kept_store import identify

if TYPE_CHECKING:
    from coekg.project import Project

#: seconds to wait for a server to take a request
CONNECT_SECONDS = 2.0


class ServerError(CoekgError):
    """A query server refused or failed a request; carries the exit code it gave."""

    def __init__(self, message: str, exit_code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _Gone(Exception):
    """The server is not there (any more), or no longer holds the files."""


def _request(connection: files.Connection, doc: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Send ``doc`` to the server; its last header and body. Raises :class:`_Gone`."""
    try:
        sock = socket.create_connection(("127.0.0.1", connection.port), timeout=CONNECT_SECONDS)
    except OSError as e:
        raise _Gone from e
    with sock:
        try:
            sock.sendall(json.dumps({**doc, "token": connection.token}).encode() + b"\n")
            with sock.makefile("rb") as stream:
                header = files.read_line(stream)
                accepted = bool(header.get("accepted"))
                if accepted:  # the answer is being computed: no time limit
                    sock.settimeout(None)
                    header = files.read_line(stream)
                length = header.get("length", 0)
                body = stream.read(length) if isinstance(length, int) and length > 0 else b""
        except (OSError, ValueError) as e:
            raise _Gone from e
    if isinstance(header.get("length"), int) and len(body) != header["length"]:
        raise _Gone("the answer was cut short")
    if header.get("stale"):
        raise _Gone("the files changed")
    if not header.get("ok") and doc["op"] == "query" and not accepted:
        raise _Gone("refused")  # not the server it seemed (a stale connection file)
    if not header.get("ok"):
        code = header.get("exit_code")
        raise ServerError(
            str(header.get("message", "the query server refused the request")),
            code if isinstance(code, int) else EXIT_CANNOT_RUN,
        )
    return header, body


def _found(key: str) -> files.Connection | None:
    """The live server of ``key``; a connection file left by a dead one is removed."""
    connection = files.read_connection(files.connection_path(key))
    if connection is None or connection.key != key:
        return None
    if not files.is_alive(connection.pid):
        files.remove_connection(connection)
        return None
    return connection


def ask(
    project: Project,
    paths: Sequence[str | Path] | None,
    *,
    name: str | None,
    file: Path | None,
    params: Mapping[str, str],
    fmt: str,
    width: int | None = None,
) -> bytes | None:
    """The answer of the server holding ``paths`` (or the project's data) to the canned query
    ``name`` or the query in ``file``, in format ``fmt`` (a table ``width`` columns wide);
    ``None`` when no server can give it.

    Raises :class:`ServerError` when the server ran the query and it failed.
    """
    key, _, _ = identify(project, paths)
    connection = _found(key)
    if connection is None:
        return None
    doc: dict[str, Any] = {"op": "query", "params": dict(params), "format": fmt}
    if width is not None:
        doc["width"] = width
    if file is not None:
        doc["file"] = str(file.resolve())
    else:
        doc["name"] = name
    try:
        _, body = _request(connection, doc)
    except _Gone:
        return None
    return body


def start(
    project: Project, paths: Sequence[str | Path] | None, idle: float
) -> tuple[dict[str, Any], bool]:
    """Start a server for ``paths`` (or the project's data) and wait until it is ready.

    Returns its status and whether it was started now (``False``: one was running).
    Bad input raises the error the server met, with its exit code.
    """
    key, _, _ = identify(project, paths)
    running = status_of(key)
    if running is not None:
        return running, False
    command = [sys.executable, "-m", "coekg.query.server", "--idle", repr(idle)]
    if not project.bundled:
        command += ["--project", str(project.root.resolve())]
    for path in paths or ():
        command += ["--data", str(Path(path).resolve())]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd="/",
        start_new_session=True,
    )
    assert process.stdout is not None and process.stderr is not None
    with process.stdout, process.stderr:
        # the process forks the server and ends; the server reports on the same pipe
        line = process.stdout.readline()
        if not line:
            last = process.stderr.read().decode(errors="replace").strip().splitlines()
            why = f": {last[-1]}" if last else ""
            process.wait()
            raise ServerError(f"the query server stopped while starting{why}")
    process.wait()
    report = json.loads(line)
    if not report.get("ok"):
        code = report.get("exit_code")
        raise ServerError(str(report.get("message")), code if isinstance(code, int) else 3)
    return report["status"], True


def status_of(key: str) -> dict[str, Any] | None:
    """The status of the live server of ``key``, or ``None``."""
    connection = _found(key)
    if connection is None:
        return None
    try:
        header, _ = _request(connection, {"op": "status"})
    except (_Gone, ServerError):
        return None
    status = header.get("status")
    return status if isinstance(status, dict) else None


def server_keys() -> list[str]:
    """The keys of every connection file, sorted."""
    try:
        return sorted(p.stem for p in files.servers_dir().glob("*.json"))
    except OSError:
        return []


def running() -> list[dict[str, Any]]:
    """The status of every live server (the files of dead ones are removed)."""
    found = (status_of(key) for key in server_keys())
    return [s for s in found if s is not None]


def stop(key: str, *, wait: float = 10.0) -> dict[str, Any] | None:
    """Stop the server of ``key`` and wait for its process to end; its last status, or
    ``None`` when none was running."""
    connection = _found(key)
    if connection is None:
        return None
    last = status_of(key)
    with contextlib.suppress(_Gone, ServerError):
        _request(connection, {"op": "stop"})
    deadline = time.monotonic() + wait
    while files.is_alive(connection.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    if files.is_alive(connection.pid):
        os.kill(connection.pid, 15)
    files.remove_connection(connection)
    return last or {"pid": connection.pid}
