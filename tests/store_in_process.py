"""An Oxigraph store answering the SPARQL protocols on a loopback port, in the test process.

``oxigraph serve`` (``tests/servers.py``) is a separate process, so the tests that use it
are marked ``endpoint`` and the quick loop leaves them out. :class:`StoreServer` puts the
same engine, pyoxigraph's :class:`~pyoxigraph.Store`, behind the three protocols ``coekg
load`` speaks, on a free 127.0.0.1 port in a thread of the test process:

* ``/query``: SPARQL 1.1 Protocol (GET ``?query=``, or POST), SELECT and ASK as SPARQL JSON
  results, CONSTRUCT and DESCRIBE as N-Triples;
* ``/update``: SPARQL 1.1 Update (POST ``application/sparql-update``, or a form);
* ``/store?graph=IRI``: SPARQL 1.1 Graph Store HTTP Protocol (GET, POST, PUT, DELETE) with
  N-Triples or Turtle bodies; a body that does not parse changes nothing (400).

Only the HTTP framing is written here: every query, update and load is evaluated by the
store, which keeps literals by value as the Oxigraph server does (``"1.50"^^xsd:decimal`` is
``"1.5"``), so what ``coekg load`` verifies is what a real store holds.
``test_load_verification.py`` runs its cases on ``oxigraph serve`` as well (marked
``endpoint``) to show that both give the same verdicts.
"""

from __future__ import annotations

import http.server
import threading
import urllib.parse
from typing import ClassVar

import pyoxigraph as ox

#: request media type -> the RDF format the store reads it in
RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
}


class StoreServer:
    """An in-memory store and its endpoints: ``query_url``, ``update_url``, ``store_url``."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.query_url = f"{base}/query"
        self.update_url = f"{base}/update"
        self.store_url = f"{base}/store"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)

    def count(self, graph: str) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def _handler(server: StoreServer) -> type[http.server.BaseHTTPRequestHandler]:
    store = server.store

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        error_content_type: ClassVar[str] = "text/plain"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        # -- framing ----------------------------------------------------------------
        def body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def answer(self, status: int, body: bytes = b"", ctype: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def route(self) -> None:
            server.requests.append((self.command, self.path))
            parts = urllib.parse.urlsplit(self.path)
            params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
            body = b"" if self.command in ("GET", "HEAD") else self.body()
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/x-www-form-urlencoded":
                for key, values in urllib.parse.parse_qs(body.decode()).items():
                    params.setdefault(key, []).extend(values)
                body = b""
            try:
                if parts.path == "/query":
                    self.query(params["query"][0] if "query" in params else body.decode())
                elif parts.path == "/update" and self.command == "POST":
                    store.update(params["update"][0] if "update" in params else body.decode())
                    self.answer(204)
                elif parts.path == "/store" and "graph" in params:
                    self.graph_store(params["graph"][0], body, ctype)
                else:
                    self.answer(404, b"no such endpoint\n")
            except SyntaxError as e:
                self.answer(400, f"{e}\n".encode())

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = route

        # -- the protocols, evaluated by the store -----------------------------------
        def query(self, text: str) -> None:
            result = store.query(text)
            if isinstance(result, ox.QueryTriples):
                data = result.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
                self.answer(200, data, "application/n-triples")
                return
            data = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
            self.answer(200, data, "application/sparql-results+json")

        def graph_store(self, iri: str, body: bytes, ctype: str) -> None:
            graph = ox.NamedNode(iri)
            if self.command in ("GET", "HEAD"):
                triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
                data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                self.answer(200, data, "application/n-triples")
                return
            if self.command == "DELETE":
                if not store.contains_named_graph(graph):
                    self.answer(404, b"no such graph\n")
                    return
                store.remove_graph(graph)
                self.answer(204)
                return
            if ctype not in RDF_TYPES:
                self.answer(415, f"cannot read {ctype!r}\n".encode())
                return
            parsed = [
                ox.Quad(q.subject, q.predicate, q.object, graph)
                for q in ox.parse(body, format=RDF_TYPES[ctype])
            ]
            if self.command == "PUT" and store.contains_named_graph(graph):
                store.remove_graph(graph)
            store.extend(parsed)
            self.answer(204)

    return Handler
