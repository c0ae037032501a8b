"""``coekg serve``: content negotiation, static files, and the read-only SPARQL endpoint.

Servers run on free loopback ports, started and stopped by the fixtures. The negotiation
decisions themselves are also tested without a server, in the quick loop, in
``test_negotiation.py``.
"""

from __future__ import annotations

import csv
import gzip
import http.client
import io
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest

from coekg import namespaces
from coekg.project import bundled
from coekg.serve.server import RunningServer, start
from coekg.serve.sparql import Limits

pytestmark = pytest.mark.endpoint

PROJECT = "/id/project/anti-money-laundering-asset-recovery"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]


def request(
    srv: RunningServer,
    path: str,
    accept: str | None = None,
    method: str = "GET",
    body: bytes | None = None,
    content_type: str | None = None,
) -> Response:
    """One HTTP request, the path sent exactly as given, redirects not followed."""
    parts = urlsplit(srv.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {}
    if accept is not None:
        headers["Accept"] = accept
    if content_type is not None:
        headers["Content-Type"] = content_type
    try:
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def sparql(srv: RunningServer, query: str, accept: str | None = None) -> Response:
    return request(srv, "/sparql?" + urlencode({"query": query}), accept)


@pytest.fixture(scope="module")
def kg() -> object:
    return bundled().load()


@pytest.fixture(scope="module")
def server(kg: object) -> Iterator[RunningServer]:
    srv = start(kg, bundled(), "127.0.0.1", 0, limits=Limits(query_workers=1, threads=4))  # type: ignore[arg-type]
    with srv.in_thread():
        yield srv


@pytest.fixture(scope="module")
def published(kg: object, server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site ``coekg publish`` writes for the server's own address: what it serves."""
    from coekg.publish import publish

    folder = tmp_path_factory.mktemp("published") / "site"
    return publish(kg, folder, bundled(), server.url).path  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tight(kg: object) -> Iterator[RunningServer]:
    limits = Limits(query_seconds=1.5, result_bytes=4000, request_bytes=4096, query_workers=1)
    srv = start(kg, bundled(), "127.0.0.1", 0, limits=limits)  # type: ignore[arg-type]
    with srv.in_thread():
        yield srv


def local_count(kg: object) -> int:
    """COUNT(*) of all triples over the union default graph, answered in-process."""
    rows = kg.store.query(COUNT, use_default_graph_as_union=True)  # type: ignore[attr-defined]
    return int(next(iter(rows))["n"].value)


# --------------------------------------------------------------------------------------
# Content negotiation
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "suffix", "media"),
    [
        ("text/html", ".html", "text/html"),
        ("text/turtle", ".ttl", "text/turtle"),
        ("application/ld+json", ".jsonld", "application/ld+json"),
        ("text/turtle;q=0.5, text/html", ".html", "text/html"),
        ("application/ld+json;q=0.9, text/turtle;q=0.2", ".jsonld", "application/ld+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ".html", "text/html"),
        (None, ".html", "text/html"),
    ],
)
def test_resource_303_to_the_accepted_document(
    server: RunningServer, accept: str | None, suffix: str, media: str
) -> None:
    r = request(server, PROJECT, accept)
    assert r.status == 303
    assert r.headers["location"] == PROJECT + suffix
    assert r.headers["vary"] == "Accept"
    doc = request(server, r.headers["location"], accept)
    assert doc.status == 200
    assert doc.type == media


def test_resource_as_n_triples(server: RunningServer) -> None:
    r = request(server, PROJECT, "application/n-triples")
    assert r.status == 200 and r.type == "application/n-triples"
    triples = {q.triple for q in ox.parse(r.body, ox.RdfFormat.N_TRIPLES)}
    turtle = request(server, PROJECT + ".ttl")
    assert triples == {q.triple for q in ox.parse(turtle.body, ox.RdfFormat.TURTLE)}
    assert any(t.subject == ox.NamedNode(namespaces.BASE + PROJECT[1:]) for t in triples)


def test_unknown_resource_is_404_and_unacceptable_is_406(server: RunningServer) -> None:
    assert request(server, "/id/project/no-such-project", "text/turtle").status == 404
    page = request(server, "/id/project/no-such-project", "text/html")
    assert page.status == 404 and page.type == "text/html" and b"<h1>Not found</h1>" in page.body
    assert request(server, PROJECT, "image/png").status == 406
    assert request(server, "/no/such/file.html").status == 404


def test_ontology_and_dataset_iris_negotiate(server: RunningServer) -> None:
    assert request(server, "/def", "text/turtle").headers["location"] == "/def.ttl"
    assert request(server, "/def", "text/html").headers["location"] == "/def.html"
    assert request(server, "/dataset", "text/turtle").headers["location"] == "/catalog.ttl"
    assert request(server, "/dataset").headers["location"] == "/index.html"


def test_static_files_have_their_media_types(server: RunningServer) -> None:
    assert request(server, "/").type == "text/html"
    assert request(server, "/.well-known/void").type == "text/turtle"
    assert request(server, "/catalog.ttl").type == "text/turtle"
    assert request(server, "/context.jsonld").type == "application/ld+json"
    assert request(server, "/downloads/coekg.ttl.gz").type == "application/gzip"
    head = request(server, "/index.html", method="HEAD")
    assert head.status == 200 and head.body == b"" and int(head.headers["content-length"]) > 0
    assert request(server, "/index.html", method="POST", body=b"").status == 405


def test_site_links_point_at_the_server(server: RunningServer) -> None:
    sitemap = request(server, "/sitemap.xml").body.decode()
    assert f"<loc>{server.url}index.html</loc>" in sitemap


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/id/..%2f..%2f..%2f..%2fetc/passwd",
        "/id/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/..%5c..%5c..%5cetc%5cpasswd",
        "/.htaccess",
        "/nginx.conf/../.htaccess",
        "/index.html%00.ttl",
        "//etc/passwd",
    ],
)
def test_no_path_leads_outside_the_site(server: RunningServer, path: str) -> None:
    r = request(server, path)
    assert r.status in (400, 404), path
    assert b"root:" not in r.body and b"RewriteEngine" not in r.body


# --------------------------------------------------------------------------------------
# SPARQL endpoint
# --------------------------------------------------------------------------------------


def test_sparql_results_in_every_format(server: RunningServer, kg: object) -> None:
    j = sparql(server, COUNT, "application/sparql-results+json")
    assert j.status == 200 and j.type == "application/sparql-results+json"
    assert json.loads(j.body)["results"]["bindings"][0]["n"]["value"] == str(local_count(kg))
    x = sparql(server, COUNT, "application/sparql-results+xml")
    assert x.type == "application/sparql-results+xml"
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert ET.fromstring(x.body).find(f"{ns}results/{ns}result/{ns}binding/{ns}literal") is not None
    c = sparql(server, "SELECT ?s WHERE { ?s a ?c } LIMIT 3", "text/csv")
    assert c.type == "text/csv"
    rows = list(csv.reader(io.StringIO(c.body.decode())))
    assert rows[0] == ["s"] and len(rows) == 4
    t = sparql(server, "SELECT ?s WHERE { ?s a ?c } LIMIT 3", "text/tab-separated-values")
    assert t.type == "text/tab-separated-values"
    assert t.body.decode().splitlines()[0] == "?s"
    assert json.loads(sparql(server, "ASK { ?s ?p ?o }").body)["boolean"] is True


def test_sparql_union_default_graph_and_graph_parameters(server: RunningServer, kg: object) -> None:
    total = int(json.loads(sparql(server, COUNT).body)["results"]["bindings"][0]["n"]["value"])
    assert total == local_count(kg)
    graph = namespaces.ONTOLOGY_GRAPH
    q = urlencode({"query": COUNT, "default-graph-uri": graph})
    only = json.loads(request(server, "/sparql?" + q).body)
    expected = len(list(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))  # type: ignore[attr-defined]
    assert int(only["results"]["bindings"][0]["n"]["value"]) == expected


def test_sparql_post_form_and_direct(server: RunningServer, kg: object) -> None:
    form = request(
        server,
        "/sparql",
        "text/csv",
        "POST",
        urlencode({"query": COUNT}).encode(),
        "application/x-www-form-urlencoded",
    )
    assert form.status == 200 and form.body.decode().split() == ["n", str(local_count(kg))]
    direct = request(
        server, "/sparql", "text/csv", "POST", COUNT.encode(), "application/sparql-query"
    )
    assert direct.status == 200 and direct.body == form.body
    other = request(server, "/sparql", None, "POST", COUNT.encode(), "text/plain")
    assert other.status == 415


def test_sparql_construct_as_turtle_and_n_triples(server: RunningServer) -> None:
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"
    ttl = sparql(server, query, "text/turtle")
    assert ttl.status == 200 and ttl.type == "text/turtle"
    assert len(list(ox.parse(ttl.body, ox.RdfFormat.TURTLE))) == 5
    nt = sparql(server, query, "application/n-triples")
    assert nt.type == "application/n-triples"
    assert len(list(ox.parse(nt.body, ox.RdfFormat.N_TRIPLES))) == 5


def test_sparql_updates_are_refused(server: RunningServer, kg: object) -> None:
    before = json.loads(sparql(server, COUNT).body)
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    attempts = [
        request(
            server,
            "/sparql",
            None,
            "POST",
            urlencode({"update": insert}).encode(),
            "application/x-www-form-urlencoded",
        ),
        request(server, "/sparql", None, "POST", insert.encode(), "application/sparql-update"),
        sparql(server, insert),
        sparql(server, "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }"),
        request(server, "/sparql?" + urlencode({"update": "CLEAR ALL"})),
    ]
    for r in attempts:
        assert 400 <= r.status < 500, r
        assert b"read-only" in r.body
    assert json.loads(sparql(server, COUNT).body) == before


def test_sparql_refuses_service(server: RunningServer) -> None:
    r = sparql(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert r.status == 400 and b"SERVICE" in r.body
    ok = sparql(server, 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) }')
    assert ok.status == 200


def test_sparql_errors_say_what_without_internals(server: RunningServer) -> None:
    r = sparql(server, "SELECT ?s WHERE { ?s ?p }")
    assert r.status == 400 and r.body.startswith(b"invalid SPARQL query")
    graph = request(server, "/sparql?" + urlencode({"query": COUNT, "default-graph-uri": "no iri"}))
    assert graph.status == 400 and b"graph" in graph.body
    for bad in (
        r,
        graph,
        request(server, "/sparql?query=1&query=2"),
        sparql(server, COUNT, "image/png"),
    ):
        assert b"Traceback" not in bad.body and b".py" not in bad.body and b"/work" not in bad.body
        assert bad.status in (400, 406)


def test_sparql_cors(server: RunningServer) -> None:
    r = sparql(server, COUNT)
    assert r.headers["access-control-allow-origin"] == "*"
    pre = request(server, "/sparql", method="OPTIONS")
    assert pre.status == 204
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert pre.headers["access-control-allow-origin"] == "*"


def test_sparql_service_description_and_form(server: RunningServer) -> None:
    sd = request(server, "/sparql", "text/turtle")
    assert sd.status == 200
    triples = list(ox.parse(sd.body, ox.RdfFormat.TURTLE))
    assert any(
        t.object == ox.NamedNode("http://www.w3.org/ns/sparql-service-description#Service")
        for t in triples
    )
    form = request(server, "/sparql", "text/html")
    assert form.type == "text/html" and b'<textarea id="query" name="query"' in form.body


def test_sparqlwrapper_answers_through_the_endpoint(server: RunningServer, kg: object) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 3"
    )
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    expected = list(
        kg.store.query(  # type: ignore[attr-defined]
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 3",
            use_default_graph_as_union=True,
        )
    )
    assert [int(r["n"]["value"]) for r in rows] == [int(e["n"].value) for e in expected]
    client.setMethod("POST")
    assert client.query().convert()["results"]["bindings"] == rows  # type: ignore[index,call-overload]


# --------------------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------------------


def test_query_time_limit_stops_the_query(tight: RunningServer) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    r = sparql(tight, slow)
    assert r.status == 503 and b"longer than 1.5 seconds" in r.body
    assert time.monotonic() - started < 6
    again = sparql(tight, "ASK { ?s ?p ?o }")  # a fresh worker replaced the stopped one
    assert again.status == 200


def test_result_size_limit(tight: RunningServer) -> None:
    r = sparql(tight, "SELECT * WHERE { ?s ?p ?o }")
    assert r.status == 400 and b"larger than 4000 bytes" in r.body


def test_the_catalogues_own_queries_are_answered_over_the_result_limit(
    tight: RunningServer, kg: object
) -> None:
    """The dataset's endpoint answers its own canned queries in full (at a million
    statements a few answer over 16 MiB), up to ``canned_result_bytes``: sent as the text
    the catalogue gives, or by the web API; any other query keeps the result limit, and so
    does the query page."""
    from coekg.query.catalogue import bound_text, catalogue

    query = next(q for q in catalogue(bundled().queries) if q.name == "organisations")
    text = bound_text(query)
    expected = len(list(kg.store.query(text, use_default_graph_as_union=True)))  # type: ignore[attr-defined]
    r = sparql(tight, text, "application/sparql-results+json")
    assert r.status == 200 and len(r.body) > tight.app.limits.result_bytes
    assert len(json.loads(r.body)["results"]["bindings"]) == expected
    # kept apart from the other answers
    assert tight.app.answering.large_answers.held >= len(r.body)
    api = request(tight, "/api/queries/organisations?format=json")
    assert api.status == 200 and len(api.body) > tight.app.limits.result_bytes
    mine = sparql(tight, text + "\n# not the catalogue's text\n", "application/json")
    assert mine.status == 400 and b"larger than 4000 bytes" in mine.body
    page = request(tight, "/sparql?" + urlencode({"query": text, "format": "html"}))
    assert page.status == 400 and b"larger than 4000 bytes" in page.body


def test_an_answer_the_data_decides_is_kept_and_a_stopped_query_is_not(
    tight: RunningServer,
) -> None:
    """A result too large is the same at every asking (the data is fixed while serving), so
    it is kept like a result; a query stopped at the time limit may finish another time."""
    held = len(tight.app.answering.answers)
    large = "SELECT ?o ?p ?s WHERE { ?s ?p ?o }"
    first = sparql(tight, large)
    assert first.status == 400 and len(tight.app.answering.answers) == held + 1
    second = sparql(tight, large)
    assert (second.status, second.body) == (first.status, first.body)
    assert len(tight.app.answering.answers) == held + 1
    slow = "SELECT (COUNT(*) AS ?m) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    assert sparql(tight, slow).status == 503
    assert len(tight.app.answering.answers) == held + 1, "a stopped query is not kept"


def test_request_size_limit(tight: RunningServer) -> None:
    big = ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000).encode()
    r = request(tight, "/sparql", None, "POST", big, "application/sparql-query")
    assert r.status == 413


# --------------------------------------------------------------------------------------
# Units and the command
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_cli_serve_binds_loopback_and_stops_cleanly(tmp_path: Path, stop: int) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coekg", "serve", "--port", "0", "--no-validate"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        url = line.split()[1]
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        deadline = time.monotonic() + 120
        while True:  # the home page shows the dumps: 503 with Retry-After until they exist
            conn.request("GET", "/" + quote("index.html"))
            response = conn.getresponse()
            response.read()
            if response.status != 503 or time.monotonic() > deadline:
                break
            assert response.getheader("Retry-After") is not None
            time.sleep(0.5)
        assert response.status == 200
        conn.close()
    finally:
        proc.send_signal(stop)
        _out, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [], "the temporary site is removed"


# --------------------------------------------------------------------------------------
# What a crawler and a browser app rely on (issue 13, items 4 and 7)
# --------------------------------------------------------------------------------------

MADE = {
    "application/n-triples": (".nt", ox.RdfFormat.N_TRIPLES),
    "application/n-quads": (".nq", ox.RdfFormat.N_QUADS),
    "application/trig": (".trig", ox.RdfFormat.TRIG),
    "application/rdf+xml": (".rdf", ox.RdfFormat.RDF_XML),
}


def test_every_conneg_answer_equals_the_published_documents(
    server: RunningServer, published: Path
) -> None:
    """For every resource: the stored documents are the published site's files, byte for
    byte; the other formats hold exactly the Turtle document's triples, every literal as
    written."""
    site = published
    stems = sorted(p.relative_to(site).as_posix()[:-4] for p in site.glob("id/*/*.ttl"))
    assert len(stems) > 100
    for stem in stems:
        written = {
            q.triple for q in ox.parse((site / f"{stem}.ttl").read_bytes(), ox.RdfFormat.TURTLE)
        }
        for accept, suffix in (("text/turtle", ".ttl"), ("application/ld+json", ".jsonld")):
            r = request(server, "/" + stem, accept)
            assert r.status == 303 and r.headers["location"] == f"/{stem}{suffix}"
            assert (
                request(server, r.headers["location"]).body == (site / (stem + suffix)).read_bytes()
            )
        for accept, (suffix, syntax) in MADE.items():
            r = request(server, "/" + stem, accept)
            assert r.status == 200 and r.headers["content-location"] == f"/{stem}{suffix}", stem
            assert {q.triple for q in ox.parse(r.body, syntax)} == written, (stem, accept)


def _literals_the_store_rewrites(kg: object) -> list[str]:
    """Literals of the data that Oxigraph keeps otherwise than written (it folds
    ``xsd:positiveInteger`` into ``xsd:integer``): no endpoint on it can answer them as
    written."""
    literals = sorted({q.object for q in kg.quads() if isinstance(q.object, ox.Literal)}, key=str)  # type: ignore[attr-defined]
    store = ox.Store()
    node = ox.NamedNode("urn:x:value")
    store.extend(ox.Quad(ox.NamedNode(f"urn:x:{i}"), node, o) for i, o in enumerate(literals))
    kept = {int(q.subject.value[6:]): q.object for q in store}
    return [str(o) for i, o in enumerate(literals) if kept[i] != o]


def _datatype_counts(srv: RunningServer) -> dict[str, int]:
    query = (
        "SELECT ?datatype (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(isLiteral(?o)) BIND(DATATYPE(?o) AS ?datatype) } GROUP BY ?datatype"
    )
    rows = json.loads(sparql(srv, query).body)["results"]["bindings"]
    return {r["datatype"]["value"]: int(r["n"]["value"]) for r in rows}


def test_sparql_answers_each_literal_of_the_data_as_written(
    server: RunningServer, kg: object, request: pytest.FixtureRequest
) -> None:
    rewritten = _literals_the_store_rewrites(kg)
    if rewritten:  # the data is being retyped to datatypes the store keeps
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason=f"the store rewrites {len(rewritten)} literals, {rewritten[0]}...",
            )
        )
    expected: dict[str, int] = {}
    for q in kg.quads():  # type: ignore[attr-defined]
        if isinstance(q.object, ox.Literal):
            expected[q.object.datatype.value] = expected.get(q.object.datatype.value, 0) + 1
    assert _datatype_counts(server) == expected
    query = "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isLiteral(?o)) }"
    answered = ox.parse_query_results(sparql(server, query).body, ox.QueryResultsFormat.JSON)
    literals = {q.object for q in kg.quads() if isinstance(q.object, ox.Literal)}  # type: ignore[attr-defined]
    assert {s["o"] for s in answered} == literals


DATATYPES = Path(__file__).parent / "fixtures" / "serve" / "datatypes.ttl"


def test_sparql_keeps_every_datatype_the_store_keeps() -> None:
    """Data holding a literal of each datatype the site uses (and more): through /sparql,
    the same count of each datatype, and each literal with its lexical form."""
    kg = bundled().load([DATATYPES])
    srv = start(kg, bundled(), "127.0.0.1", 0, limits=Limits(query_workers=1, threads=2))
    with srv.in_thread():
        assert _literals_the_store_rewrites(kg) == []
        counts = _datatype_counts(srv)
        for q in ox.parse(DATATYPES.read_bytes(), ox.RdfFormat.TURTLE):
            if isinstance(q.object, ox.Literal):
                found = sparql(srv, f"ASK {{ GRAPH ?g {{ ?s ?p {q.object} }} }}")
                assert json.loads(found.body)["boolean"] is True, q.object
        expected: dict[str, int] = {}
        for q in kg.quads():
            if isinstance(q.object, ox.Literal):
                expected[q.object.datatype.value] = expected.get(q.object.datatype.value, 0) + 1
        assert counts == expected


def test_a_post_without_a_query_is_a_400(server: RunningServer) -> None:
    form = request(server, "/sparql", None, "POST", b"", "application/x-www-form-urlencoded")
    assert form.status == 400 and form.body.startswith(b"no query")
    direct = request(server, "/sparql", None, "POST", b"", "application/sparql-query")
    assert direct.status == 400, "an empty query is no query either"


def test_json_ld_without_a_query_is_a_json_ld_service_description(server: RunningServer) -> None:
    r = request(server, "/sparql", "application/ld+json")
    assert r.status == 200 and r.type == "application/ld+json"
    triples = list(ox.parse(r.body, ox.RdfFormat.JSON_LD))
    assert ox.NamedNode(server.url + "sparql") in {t.subject for t in triples}


def test_validators_and_gzip_over_the_wire(server: RunningServer, published: Path) -> None:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", "/index.html", headers={"Accept-Encoding": "gzip"})
        first = conn.getresponse()
        body = first.read()
        assert first.status == 200 and first.getheader("Content-Encoding") == "gzip"
        assert gzip.decompress(body) == (published / "index.html").read_bytes()
        etag = first.getheader("ETag")
        assert etag and first.getheader("Last-Modified")
        conn.request(
            "GET", "/index.html", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}
        )
        second = conn.getresponse()
        assert second.status == 304 and second.read() == b""
        q = "/sparql?" + urlencode({"query": COUNT})
        conn.request("GET", q, headers={"Accept": "text/csv"})
        answer = conn.getresponse()
        answer.read()
        conn.request(
            "GET", q, headers={"Accept": "text/csv", "If-None-Match": answer.getheader("ETag")}
        )
        assert conn.getresponse().status == 304, "the data does not change while served"
    finally:
        conn.close()


def test_an_answer_handed_to_waitress_as_a_file_arrives_whole(
    server: RunningServer, kg: object
) -> None:
    """A body over ``HANDED_AS_FILE`` goes to waitress as a file of views of the body
    (:class:`coekg.serve.responses.BodyFile`), offered to the socket in pieces of
    ``SEND_PIECE`` bytes of which it takes what fits: every byte arrives, in order."""
    from coekg.serve.app import HANDED_AS_FILE

    query = "SELECT * WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"
    r = sparql(server, query, "application/sparql-results+json")
    assert r.status == 200 and len(r.body) > 2 * HANDED_AS_FILE
    assert int(r.headers["content-length"]) == len(r.body)
    got = ox.parse_query_results(r.body, ox.QueryResultsFormat.JSON)
    store = kg.store  # type: ignore[attr-defined]
    expected = store.query(query, use_default_graph_as_union=True)
    assert [str(s) for s in got] == [str(s) for s in expected]


class _Taker:
    """A socket that takes every byte offered, and counts the sends."""

    def __init__(self) -> None:
        self.received = bytearray()
        self.sends: list[int] = []

    def send(self, data: bytes | memoryview) -> int:
        self.received += data
        self.sends.append(len(data))
        return len(data)


def test_a_large_answer_goes_out_a_share_at_a_time() -> None:
    """A connection sends at most ``FLUSH_SHARE`` bytes each time it flushes, even to a
    client that takes everything at once: the thread that made a large answer hands it over
    and is free, and the loop sends the rest a share per turn, so that a small page on
    another connection does not wait for the whole answer. Every byte arrives, in order."""
    import socket

    from waitress.adjustments import Adjustments
    from waitress.buffers import ReadOnlyFileBasedBuffer

    from coekg.serve.responses import BodyFile
    from coekg.serve.server import FLUSH_SHARE, _channel_class

    class Server:  # what a connection asks of waitress's server
        triggered = 0

        def __init__(self) -> None:
            self.active_channels: dict[int, object] = {}

        def pull_trigger(self) -> None:
            self.triggered += 1

    ours, theirs = socket.socketpair()
    try:
        server = Server()
        channel = _channel_class()(server, ours, ("127.0.0.1", 0), Adjustments(), {})
        taker = _Taker()
        channel.socket = taker
        size = 3 * FLUSH_SHARE + 12345
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n".encode()
        body = bytes(range(251)) * (size // 251) + b"x" * (size % 251)
        buffer = ReadOnlyFileBasedBuffer(BodyFile(body))
        buffer.prepare()
        # what the thread serving the request does (waitress's task: headers, then the file)
        channel.write_soon(head)
        before = sum(taker.sends)
        channel.write_soon(buffer)
        assert 0 < sum(taker.sends) - before <= FLUSH_SHARE, "the thread sent more than a share"
        assert server.triggered, "the loop was not told that output is waiting"
        turns = 0
        while channel.total_outbufs_len:  # what the loop does, a turn at a time
            before = sum(taker.sends)
            channel.handle_write()
            assert 0 < sum(taker.sends) - before <= FLUSH_SHARE
            turns += 1
        assert bytes(taker.received) == head + body
        assert turns >= 3
        assert channel.share is None, "a send outside a flush is not limited"
    finally:
        ours.close()
        theirs.close()


def test_a_body_file_reads_views_and_steps_as_waitress_asks() -> None:
    """What waitress does with ``wsgi.file_wrapper``: read a piece without moving, then
    step over what the socket took, until nothing remains."""
    from waitress.buffers import ReadOnlyFileBasedBuffer

    from coekg.serve.responses import BodyFile

    body = bytes(range(256)) * 40
    buffer = ReadOnlyFileBasedBuffer(BodyFile(body), 4096)
    assert buffer.prepare() == len(body)
    sent = bytearray()
    while buffer.remain:
        piece = buffer.get(3000)
        assert bytes(piece) == bytes(buffer.get(3000))  # reading does not move
        taken = min(len(piece), 1234)  # the socket takes part of it
        sent += piece[:taken]
        assert bytes(buffer.get(taken, skip=True)) == bytes(piece[:taken])
    assert bytes(sent) == body
    whole = BodyFile(body)
    assert whole.seek(0, 2) == len(body) and whole.tell() == len(body)
    assert whole.seek(-10, 1) == len(body) - 10 and bytes(whole.read()) == body[-10:]
    assert bytes(whole.read(5)) == b"" and whole.seekable()
