"""Real SPARQL servers for the tests, started on free 127.0.0.1 ports and stopped again.

Fixtures (registered in ``tests/conftest.py``):

* ``oxigraph_server``: a fresh, empty Oxigraph server per test (starts in well under a
  second): ``oxigraph serve`` from the PyPI ``oxigraph`` package.
* ``virtuoso_server``: one Virtuoso 7 per session (``virtuoso-t`` from Debian's
  ``virtuoso-opensource``; ready in about 3 s), restarted if a test stopped it. Tests share
  it, so each takes its own graphs from :meth:`Server.new_graph`. When ``virtuoso-t`` is not
  installed its tests skip, saying why (and fail under CI: see ``tests/requirements.py``).

Both yield a :class:`Server`: ``query_url``, ``update_url``, ``store_url``, ``user`` and
``password`` (None for Oxigraph), ``stop(kill=...)``, ``start()``, ``restart()``, and helpers
to count and dump a graph. :class:`FaultProxy` stops a server in the middle of a request;
:class:`BasicAuthProxy` puts HTTP basic authentication in front of one. Nothing is mocked:
every byte goes through a real server.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import http.server
import itertools
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coekg.remote.http import Credentials, HttpClient
from tests.requirements import find_tool, need_tool

READY_TIMEOUT = 60.0
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
_graph_numbers = itertools.count(1)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A SPARQL server process with its endpoints; stop, start and restart it at will."""

    name = "server"

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.query_url = ""
        self.update_url = ""
        self.store_url = ""
        self.user: str | None = None
        self.password: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / f"{self.name}.log"

    # -- process ---------------------------------------------------------------------------
    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        if self.running:
            return
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready()

    def stop(self, kill: bool = False) -> None:
        """Stop the server: SIGTERM (SIGKILL with ``kill``, like a crash); wait for it."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                break
            if self._answers():
                return
            time.sleep(0.05)
        tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        self.stop(kill=True)
        raise RuntimeError(f"{self.name} did not get ready within {timeout:g} s:\n{tail}")

    def _answers(self) -> bool:
        path = urllib.parse.urlsplit(self.query_url).path
        path += "?" + urllib.parse.urlencode({"query": "ASK {}"})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            return conn.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()

    # -- helpers for tests -----------------------------------------------------------------
    def client(self) -> HttpClient:
        creds = Credentials(self.user, self.password) if self.user and self.password else None
        return HttpClient(creds, timeout=60, retries=0)

    def new_graph(self, label: str = "test") -> str:
        """A graph IRI no other test uses."""
        return f"http://example.org/coekg-test/{label}/{os.getpid()}-{next(_graph_numbers)}"

    def select(self, query: str) -> list[dict[str, Any]]:
        url = self.query_url + "?" + urllib.parse.urlencode({"query": query})
        response = self.client().request(
            "GET", url, headers={"Accept": "application/sparql-results+json"}
        )
        rows: list[dict[str, Any]] = json.loads(response.body)["results"]["bindings"]
        return rows

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"]["value"])

    def graphs(self, prefix: str) -> list[str]:
        """The named graphs whose IRI starts with ``prefix``."""
        rows = self.select(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
        )
        return sorted(r["g"]["value"] for r in rows)

    def dump(self, graph: str) -> bytes:
        """The graph as N-Triples, through the Graph Store Protocol."""
        url = f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"
        return self.client().request("GET", url, headers={"Accept": "application/n-triples"}).body


class OxigraphServer(Server):
    name = "oxigraph"

    def __init__(self, folder: Path, port: int, executable: str) -> None:
        super().__init__(folder, port)
        self.executable = executable
        self.query_url = f"{self.base_url}/query"
        self.update_url = f"{self.base_url}/update"
        self.store_url = f"{self.base_url}/store"

    def command(self) -> list[str]:
        return [
            self.executable,
            "serve",
            "--location",
            str(self.folder / "store"),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]


class VirtuosoServer(Server):
    """Virtuoso on a copy of the Debian package's ``virtuoso.ini``, all files in ``folder``.

    A fresh database has the user ``dba`` with the password ``dba``. The VAD packages
    (the Conductor web UI) are not installed, which halves the start-up time.
    """

    name = "virtuoso"

    def __init__(self, folder: Path, port: int, executable: str) -> None:
        super().__init__(folder, port)
        self.executable = executable
        self.sql_port = free_port()
        self.query_url = f"{self.base_url}/sparql"
        self.update_url = f"{self.base_url}/sparql-auth"
        self.store_url = f"{self.base_url}/sparql-graph-crud-auth"
        self.user = "dba"
        self.password = "dba"
        self.ini = folder / "virtuoso.ini"
        (folder / "vad").mkdir(exist_ok=True)
        self.ini.write_text(self._ini(VIRTUOSO_INI.read_text()))

    def _ini(self, original: str) -> str:
        db = self.folder
        values = {
            ("Database", "DatabaseFile"): db / "virtuoso.db",
            ("Database", "ErrorLogFile"): db / "virtuoso.log",
            ("Database", "LockFile"): db / "virtuoso.lck",
            ("Database", "TransactionFile"): db / "virtuoso.trx",
            ("Database", "xa_persistent_file"): db / "virtuoso.pxa",
            ("TempDatabase", "DatabaseFile"): db / "virtuoso-temp.db",
            ("TempDatabase", "TransactionFile"): db / "virtuoso-temp.trx",
            ("Parameters", "ServerPort"): f"127.0.0.1:{self.sql_port}",
            ("Parameters", "DirsAllowed"): f"., {db}",
            ("Parameters", "VADInstallDir"): f"{db / 'vad'}/",
            ("HTTPServer", "ServerPort"): f"127.0.0.1:{self.port}",
            ("URIQA", "DefaultHost"): f"127.0.0.1:{self.port}",
        }
        out: list[str] = []
        section = ""
        for line in original.splitlines():
            stripped = line.strip()
            if stripped.startswith("[") and stripped.endswith("]"):
                section = stripped[1:-1]
            elif "=" in stripped and not stripped.startswith(";"):
                key = stripped.split("=", 1)[0].strip()
                if (section, key) in values:
                    line = f"{key} = {values[(section, key)]}"
            out.append(line)
        return "\n".join(out) + "\n"

    def command(self) -> list[str]:
        return [self.executable, "+foreground", "+configfile", str(self.ini)]


@pytest.fixture
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A fresh, empty Oxigraph server for one test."""
    executable = find_tool("oxigraph")
    if executable is None:
        pytest.fail("the oxigraph server is not installed: pip install 'coekg[test]'")
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"), free_port(), executable)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    executable = need_tool("virtuoso-t")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), free_port(), executable)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def virtuoso_server(virtuoso_instance: VirtuosoServer) -> VirtuosoServer:
    """The session's Virtuoso, running (restarted if an earlier test stopped it)."""
    virtuoso_instance.start()
    return virtuoso_instance


class FaultProxy:
    """A TCP proxy to ``server`` that stops the server after ``after_bytes`` of requests.

    Once that many bytes went from clients to the server, the proxy stops the server
    (``kill``: SIGKILL, like a crash), drops the connections and stops listening, so that
    later connections are refused. Point a client at :attr:`base_url` instead of the
    server's own URL to make the server die in the middle of a chosen request.
    """

    def __init__(self, server: Server, after_bytes: int, kill: bool = True) -> None:
        self.server = server
        self.after_bytes = after_bytes
        self.kill = kill
        self.forwarded = 0
        self.tripped = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = int(self._listener.getsockname()[1])
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def url(self, server_url: str) -> str:
        """``server_url`` (one of the server's endpoints) rewritten to go through the proxy."""
        return server_url.replace(self.server.base_url, self.base_url, 1)

    def _accept(self) -> None:
        while not self.tripped.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                backend = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, backend]
            threading.Thread(target=self._pump, args=(client, backend, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(backend, client, False), daemon=True).start()
        self._listener.close()

    def _pump(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        try:
            while data := source.recv(65536):
                if upstream:
                    with self._lock:
                        allowed = max(0, self.after_bytes - self.forwarded)
                        self.forwarded += len(data)
                    if len(data) >= allowed and not self.tripped.is_set():
                        sink.sendall(data[:allowed])
                        self._trip()
                        return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def _trip(self) -> None:
        self.tripped.set()
        self.server.stop(kill=self.kill)
        with self._lock:
            for s in self._sockets:
                with contextlib.suppress(OSError):
                    s.close()
        self._listener.close()

    def close(self) -> None:
        self.tripped.set()
        self._listener.close()
        with self._lock:
            for s in self._sockets:
                s.close()


class BasicAuthProxy:
    """An HTTP reverse proxy to ``server`` that demands HTTP basic authentication.

    The way many operators protect an Oxigraph: a front server with a password file.
    """

    def __init__(self, server: Server, user: str, password: str) -> None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        expected = f"Basic {token}"
        backend_port = server.port

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="coekg test"')
                    self.send_header("Content-Type", "text/plain")
                    message = b"authentication required"
                    self.send_header("Content-Length", str(len(message)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(message)
                    return
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("authorization", "host", "connection")
                }
                conn = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=60)
                conn.request(self.command, self.path, body=body, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                self.send_response(answer.status, answer.reason)
                for k, v in answer.getheaders():
                    if k.lower() not in ("content-length", "connection", "transfer-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self._httpd.server_address[1])
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.server = server
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, server_url: str) -> str:
        return server_url.replace(self.server.base_url, self.base_url, 1)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def silent_listener() -> tuple[socket.socket, str]:
    """A socket that accepts connections (in the kernel's backlog) and never answers."""
    s = socket.create_server(("127.0.0.1", 0), backlog=16)
    return s, f"http://127.0.0.1:{s.getsockname()[1]}"


def temporary_folder() -> Path:
    """A fresh folder for servers started outside pytest (e.g. by the benchmarks)."""
    return Path(tempfile.mkdtemp(prefix="coekg-server-"))


def start_oxigraph(folder: Path | None = None) -> OxigraphServer:
    """Start an Oxigraph server outside pytest; the caller stops it."""
    executable = find_tool("oxigraph")
    if executable is None:
        raise RuntimeError("the oxigraph server is not installed: pip install 'coekg[test]'")
    folder = folder or temporary_folder()
    folder.mkdir(parents=True, exist_ok=True)
    server = OxigraphServer(folder, free_port(), executable)
    server.start()
    return server
