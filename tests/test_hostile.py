"""Hostile input: query parameters, markup in the data, and requests to ``coekg serve``.

Property-based (Hypothesis) where the space of attacks is large:

- a parameter value never changes the structure of a query: rdflib, an independent SPARQL
  parser, reads the bound query as the template plus one ``VALUES`` row holding the value,
  and the embedded store and ``coekg serve`` (through ``coekg query --endpoint``) give the
  same answer;
- markup in labels, descriptions and IRIs reaches a page only as text: no element or
  attribute that the template does not make, the exact text back, and JSON-LD blocks that
  no literal can end;
- ``coekg serve`` never serves a file outside its site, never lets a query call another
  server (SERVICE), never changes its data, keeps to its size and time limits, binds the
  loopback address by default, and never shows its internals in an error.
"""

from __future__ import annotations

import functools
import http.client
import http.server
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coekg import errors, project
from coekg.cli import cli
from coekg.project import bundled
from coekg.publish import rdfdoc, resource_page
from coekg.publish.graphview import GraphView
from coekg.publish.metadata import dataset_info
from coekg.query import catalogue, evaluate
from coekg.query.results import render
from coekg.rdf import dataset
from coekg.serve.server import RunningServer, start
from coekg.serve.sparql import Limits

pytestmark = pytest.mark.endpoint

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE_DATA = FIXTURES / "publish" / "hostile.ttl"
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

MARKUP = [
    "<", ">", "&", '"', "'", "`", "\\", "</script>", "<script>alert(1)</script>", "<!--",
    "-->", "]]>", "<![CDATA[", "&amp;", "&#x3c;", "&lt;", "{{ 7*7 }}", "{% raw %}", "${x}",
    "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)', "javascript:alert(1)",
    "</SCRIPT >", "<svg/onload=alert(1)>", "\n", "\t", "\u2028", "é", "😀", "\u202e", " ",
]  # fmt: skip
#: printable text: control characters cannot reach an HTML page as text anyway
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
PAYLOAD = st.lists(
    st.sampled_from(MARKUP) | st.text(alphabet=PRINTABLE, max_size=6), min_size=1, max_size=8
).map("".join)
#: characters an IRI may hold after https://example.org/ (no <>"{}|^`\ or spaces)
IRI_TAIL = st.lists(
    st.sampled_from([*"abcXYZ019-._~!$&'()*+,;=:@/?é😀", "%3C", "%22", "%25"]), max_size=20
).map("".join)


# --------------------------------------------------------------------------------------
# Query parameters
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kg() -> dataset.KnowledgeGraph:
    return project.bundled().load()


@pytest.fixture(scope="module")
def server(kg: dataset.KnowledgeGraph) -> Iterator[RunningServer]:
    limits = Limits(
        query_seconds=2.0, result_bytes=200_000, request_bytes=64 * 1024, query_workers=1,
        threads=6,
    )  # fmt: skip
    srv = start(kg, bundled(), "127.0.0.1", 0, limits=limits)
    with srv.in_thread():
        yield srv


def parameters() -> list[tuple[str, str, str]]:
    """(query, parameter, type) of every parameter of every canned query."""
    return [
        (q.name, p.name, p.type)
        for q in catalogue.catalogue(bundled().queries)
        for p in q.parameters
    ]


@functools.cache
def template_tree(text: str) -> str:
    from rdflib.plugins.sparql.parser import parseQuery

    return str(parseQuery(text))


def values_row(bound: str, names: list[str], template: str) -> list[object]:
    """The one VALUES row that rdflib reads in ``bound``; the rest must be the template."""
    from rdflib.plugins.sparql.parser import parseQuery

    tree = parseQuery(bound)
    parts = tree[1]["where"]["part"]
    block = parts[0]
    assert block.name == "InlineData"
    assert [str(v) for v in block["var"]] == names
    (row,) = block["value"]
    del parts[0]
    assert str(tree) == template_tree(template), "the value changed the query's structure"
    return list(row)


def value_for(kind: str) -> st.SearchStrategy[str]:
    if kind == "string":
        return PAYLOAD | st.text(alphabet=PRINTABLE, max_size=30)
    if kind == "iri":
        return IRI_TAIL.map(lambda t: "https://example.org/" + t) | PAYLOAD
    return PAYLOAD | st.from_regex(r"\A[0-9+-]{1,6}(-[0-9]{1,3}){0,2}\Z")


@pytest.mark.parametrize(("name", "param", "kind"), parameters())
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_parameter_never_changes_the_query(
    kg: dataset.KnowledgeGraph,
    server: RunningServer,
    name: str,
    param: str,
    kind: str,
    data: st.DataObject,
) -> None:
    value = data.draw(value_for(kind), label="value")
    query = catalogue.get(name, bundled().queries)
    try:
        bindings = catalogue.bind(query, {param: value})
    except errors.QueryParameterError:
        bindings = None
    runner = CliRunner()
    remote = runner.invoke(
        cli,
        ["query", name, "--param", f"{param}={value}", "-f", "csv",
         "--endpoint", server.url + "sparql"],
    )  # fmt: skip
    assert remote.exception is None or isinstance(remote.exception, SystemExit), remote.exception
    assert "Traceback" not in remote.output
    if bindings is None:  # refused as a usage error, naming the parameter
        assert remote.exit_code == 2, remote.output
        assert remote.stdout == ""
        assert remote.stderr.count("\n") == 1 and repr(param) in remote.stderr
        return
    if remote.exit_code == 2:  # a well-formed IRI of no resource of the expected class
        assert "in the data" in remote.stderr and remote.stderr.count("\n") == 1
        assert remote.stdout == ""
        with pytest.raises(errors.QueryParameterError, match="in the data"):
            evaluate.run(kg.store, query, {param: value})
        return
    assert remote.exit_code == 0, remote.stderr
    local = evaluate.run(kg.store, query, {param: value})
    assert remote.stdout_bytes == render(local, "csv")
    if param not in bindings:  # an empty value of an optional parameter: every value
        return
    term = bindings[param]
    bound = catalogue.bound_text(query, {param: value})
    (read,) = values_row(bound, list(bindings), query.text)
    if isinstance(term, ox.Literal):
        assert read["string"].value == term.value  # type: ignore[index]
    else:
        assert str(read) == term.value


# --------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------

ID = "https://w3id.org/coekg/id/"
COEKG = "https://w3id.org/coekg/def#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SUBJECT = ID + "project/payload"


class PageParser(HTMLParser):
    """Elements, attributes, the text of ``<h1>`` and the raw content of script blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[tuple[str, str]] = set()
        self.values: list[tuple[str, str, str]] = []
        self.h1 = ""
        self.scripts: list[tuple[str, str]] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for key, value in attrs:
            self.attributes.add((tag, key))
            self.values.append((tag, key, value or ""))
        if tag == "script":
            self.scripts.append((dict(attrs).get("type") or "", ""))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "h1" in self._in:
            self.h1 += data
        if self._in and self._in[-1] == "script":
            kind, body = self.scripts[-1]
            self.scripts[-1] = (kind, body + data)


def payload_page(base: dataset.KnowledgeGraph, label: str, note: str, link: str) -> str:
    """The page of a project whose label, alternative label, description, a linked IRI, a
    blank node and a resource referring to it carry the payloads."""
    iri, lit = ox.NamedNode, ox.Literal
    rdf_type = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    section = iri(ID + "section/test-section")
    blank = ox.BlankNode()
    other = iri(ID + "event/payload-event")
    triples = [
        (iri(SUBJECT), rdf_type, iri(COEKG + "Project")),
        (iri(SUBJECT), iri(RDFS + "label"), lit(label, language="en")),
        (iri(SUBJECT), iri("http://purl.org/dc/terms/description"), lit(note, language="en")),
        (iri(SUBJECT), iri("http://www.w3.org/2004/02/skos/core#altLabel"), lit(note)),
        (iri(SUBJECT), iri(RDFS + "seeAlso"), iri(link)),
        (iri(SUBJECT), iri(RDFS + "comment"), blank),
        (blank, iri(RDFS + "label"), lit(note, language="en")),
        (iri(SUBJECT), iri(COEKG + "sourceSection"), section),
        (other, rdf_type, iri(COEKG + "Event")),
        (other, iri(RDFS + "label"), lit(note, language="en")),
        (other, iri(COEKG + "relatedProject"), iri(SUBJECT)),
    ]
    graph = ox.NamedNode("https://w3id.org/coekg/graph/payload")
    source = dataset.Source(Path("payload.ttl"), graph.value)
    part = dataset.Part(source, [ox.Quad(s, p, o, graph) for s, p, o in triples], graph)
    kg = dataset.KnowledgeGraph([*base.parts, part])
    view = GraphView(kg)
    info = dataset_info(view, "https://example.org/site/")
    path = view.resources[SUBJECT]
    jsonld = rdfdoc.jsonld(view.description_triples(SUBJECT))
    return resource_page.render(view, SUBJECT, path, info, jsonld).decode("utf-8")


@pytest.fixture(scope="module")
def base_kg() -> dataset.KnowledgeGraph:
    return project.bundled().load([HOSTILE_DATA])


@pytest.fixture(scope="module")
def plain_page(base_kg: dataset.KnowledgeGraph) -> PageParser:
    parsed = PageParser()
    parsed.feed(payload_page(base_kg, "Plain label", "Plain note", "https://example.org/plain"))
    return parsed


def literal_values(doc: object) -> Iterator[str]:
    """Every ``@value`` (and plain string) in a JSON-LD document."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("@value"), str):
                yield node["@value"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            yield node


@SETTINGS
@given(label=PAYLOAD, note=PAYLOAD, tail=IRI_TAIL)
def test_markup_in_the_data_is_only_ever_text(
    base_kg: dataset.KnowledgeGraph, plain_page: PageParser, label: str, note: str, tail: str
) -> None:
    link = "https://example.org/" + tail
    html = payload_page(base_kg, label, note, link)
    page = PageParser()
    page.feed(html)
    page.close()
    assert page.tags <= plain_page.tags, "an element came from the data"
    assert page.attributes <= plain_page.attributes, "an attribute came from the data"
    assert page.h1 == label
    hrefs = [v for tag, key, v in page.values if key == "href"]
    assert link in hrefs
    assert not any(h.strip().lower().startswith(("javascript:", "data:")) for h in hrefs)
    (script,) = page.scripts
    assert script[0] == "application/ld+json"
    assert "<" not in script[1] and ">" not in script[1]
    found = set(literal_values(json.loads(script[1])))
    assert {label, note} <= found


@pytest.mark.parametrize(
    "iri",
    ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,%3Cb%3Ex%3C/b%3E"],
)
def test_a_script_iri_is_never_a_link(base_kg: dataset.KnowledgeGraph, iri: str) -> None:
    page = PageParser()
    page.feed(payload_page(base_kg, "label", "note", iri))
    hrefs = [v.strip().lower() for _tag, key, v in page.values if key in ("href", "src")]
    assert not any(h.startswith(("javascript:", "data:")) for h in hrefs)
    assert iri in html_text(payload_page(base_kg, "label", "note", iri))


def html_text(html: str) -> str:
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]*>", "", html))


# --------------------------------------------------------------------------------------
# serve: paths
# --------------------------------------------------------------------------------------


def http_request(
    srv: RunningServer,
    path: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(srv.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def canary(server: RunningServer) -> bytes:
    """A secret in a file right beside the site folder: no request may ever read it."""
    secret = secrets.token_hex(16).encode()
    (server.app.site.parent / "secret.txt").write_bytes(secret)
    return secret


@pytest.fixture(scope="module")
def site_files(server: RunningServer) -> set[bytes]:
    return {p.read_bytes() for p in server.app.site.rglob("*") if p.is_file()}


DOTS = ["..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "%c0%ae%c0%ae", "..%00", "...."]
SEPARATORS = ["/", "%2f", "%2F", "\\", "%5c", "//", "/./", "%252f"]
TARGETS = ["secret.txt", "etc/passwd", "site/index.html", "index.html", ".htaccess"]


@SETTINGS
@given(
    prefix=st.sampled_from(["", "/id", "/id/project", "/downloads", "/.well-known", "/sparql"]),
    steps=st.lists(
        st.tuples(st.sampled_from(DOTS), st.sampled_from(SEPARATORS)), min_size=1, max_size=5
    ),
    target=st.sampled_from(TARGETS),
)
def test_no_path_leaves_the_site(
    server: RunningServer,
    canary: bytes,
    site_files: set[bytes],
    prefix: str,
    steps: list[tuple[str, str]],
    target: str,
) -> None:
    path = prefix + "/" + "".join(d + s for d, s in steps) + target
    status, _headers, body = http_request(server, path)
    assert canary not in body and b"root:" not in body
    assert status in (200, 303, 400, 404), (path, status)
    if status == 200:
        assert body in site_files or path.startswith("/sparql"), path


# --------------------------------------------------------------------------------------
# serve: SPARQL endpoint
# --------------------------------------------------------------------------------------


class Canary:
    """An HTTP server that records every request: SERVICE must never reach it."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(500)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        self.hits = hits
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Canary]:
    c = Canary()
    yield c
    c.close()


def sparql(
    srv: RunningServer, query: str, accept: str = "application/sparql-results+json"
) -> tuple[int, bytes]:
    status, _h, body = http_request(
        srv, "/sparql?" + urlencode({"query": query}), headers={"Accept": accept}
    )
    return status, body


# Known ways past a looser check, each once made the endpoint call another server.
SERVICE_BYPASSES = [
    "SELECT * WHERE {{ OPTIONAL {{ ?s ?p <http://x/\u00a0#> }} SERVICE <{url}nbsp> {{ ?a ?b ?c }} }}",  # noqa: E501
    "PREFIX ex: <http://e/> SELECT * WHERE {{ OPTIONAL {{ ?s ?p ex:a\\#b }} SERVICE <{url}esc> {{ ?a ?b ?c }} }}",  # noqa: E501
    "PREFIX x: <{url}> SELECT * WHERE {{ SERVICEx:glued {{ ?a ?b ?c }} }}",
    'SELECT * WHERE {{ BIND("""x""" AS ?q) SERVICE <{url}long> {{ ?a ?b ?c }} FILTER(?q != "y") }}',
    "SELECT * WHERE {{ ?s ?p ?o.SERVICE <{url}dot> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ service silent <{url}lower> {{ ?a ?b ?c }} }}",
]


@pytest.mark.parametrize("template", SERVICE_BYPASSES)
def test_service_bypasses_of_a_looser_check_are_refused(
    server: RunningServer, listener: Canary, template: str
) -> None:
    status, body = sparql(server, template.format(url=listener.url))
    assert status == 400 and b"SERVICE" in body, body
    assert listener.hits == []


HIDERS = [
    "", " ", "\n", "# comment\n", "<http://x/\u00a0#> ", "<http://x/\u3000#> ", "ex:a\\#b ",
    '"""x""" ', "'''x''' ", '"x" ', "'x' ", "?v ", "$v ", "ex:a.", "_:b ", "(1<2)", "OPTIONAL{}",
    "\u2028", "\t",
]  # fmt: skip
SPELLINGS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "SERVICEx:", "SERVICE/**/"]


@SETTINGS
@given(
    before=st.lists(st.sampled_from(HIDERS), max_size=4).map("".join),
    spelling=st.sampled_from(SPELLINGS),
)
def test_no_query_calls_another_server(
    server: RunningServer, listener: Canary, before: str, spelling: str
) -> None:
    target = "glued" if spelling.endswith(":") else f"<{listener.url}fuzz>"
    query = (
        f"PREFIX ex: <http://e/> PREFIX x: <{listener.url}> "
        f"SELECT * WHERE {{ OPTIONAL {{ ?s ?p ?o }} {before}{spelling}{target} {{ ?a ?b ?c }} }}"
    )
    status, _body = sparql(server, query)
    assert listener.hits == [], query
    assert status in (200, 400), query  # 200: what Oxigraph read was no SERVICE at all


UPDATES = [
    "INSERT DATA {{ <urn:x> <urn:p> {v} }}",
    "DELETE WHERE {{ ?s ?p ?o }}",
    "PREFIX ex: <http://e/> INSERT {{ ?s ex:p {v} }} WHERE {{ ?s ?p ?o }}",
    "# comment\nDROP ALL",
    "CLEAR DEFAULT",
    "LOAD <http://127.0.0.1:9/x>",
    "WITH <urn:g> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "SELECT * WHERE {{ ?s ?p ?o }} ; INSERT DATA {{ <urn:x> <urn:p> {v} }}",
]


@pytest.fixture(scope="module")
def triple_count(server: RunningServer) -> int:
    status, body = sparql(server, COUNT)
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@SETTINGS
@given(
    template=st.sampled_from(UPDATES),
    value=st.sampled_from(['"x"', "1", "<urn:o>"]),
    how=st.sampled_from(["get", "form", "update-form", "direct", "sparql-update"]),
)
def test_the_endpoint_is_read_only(
    server: RunningServer, triple_count: int, template: str, value: str, how: str
) -> None:
    text = template.format(v=value)
    if how == "get":
        status, _h, body = http_request(server, "/sparql?" + urlencode({"query": text}))
    elif how in ("form", "update-form"):
        key = "query" if how == "form" else "update"
        status, _h, body = http_request(
            server, "/sparql", "POST", urlencode({key: text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
    else:
        kind = "application/sparql-query" if how == "direct" else "application/sparql-update"
        status, _h, body = http_request(
            server, "/sparql", "POST", text.encode(), {"Content-Type": kind}
        )
    assert 400 <= status < 500, (status, body)
    status, body = sparql(server, COUNT)
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == triple_count


# --------------------------------------------------------------------------------------
# serve: limits
# --------------------------------------------------------------------------------------


def test_request_size_limits(server: RunningServer) -> None:
    limit = server.app.limits.request_bytes
    big = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * limit
    status, _h, _b = http_request(
        server, "/sparql", "POST", big, {"Content-Type": "application/sparql-query"}
    )
    assert status == 413
    form = urlencode({"query": "ASK {}", "pad": "x" * limit}).encode()
    status, _h, _b = http_request(
        server, "/sparql", "POST", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 413
    status, _h, _b = http_request(server, "/sparql?" + urlencode({"query": "#" + "x" * limit}))
    assert status in (413, 414, 431, 400)
    status, _h, _b = http_request(server, "/index.html", headers={"X-Pad": "x" * 300_000})
    assert status in (400, 413, 431)
    # the server still answers
    assert http_request(server, "/index.html")[0] == 200


def test_a_lying_content_length_does_not_hang_the_server(server: RunningServer) -> None:
    """A client announcing a huge body and sending none gets 413 at once."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 999999999\r\n\r\n"
        )
        started = time.monotonic()
        answer = s.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_result_size_limit_in_every_format(server: RunningServer, accept: str) -> None:
    limit = server.app.limits.result_bytes
    status, body = sparql(server, "SELECT * WHERE { ?s ?p ?o }", accept)
    assert status == 400 and f"larger than {limit} bytes".encode() in body
    status, body = sparql(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", accept)
    assert status == 200 and len(body) < limit


def test_result_size_limit_for_graphs(server: RunningServer) -> None:
    status, body = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 400 and b"larger than" in body


def test_slow_queries_are_stopped_and_pages_keep_coming(server: RunningServer) -> None:
    """Three queries over the time limit at once, with one query worker: each is stopped
    in bounded time, and pages are served meanwhile."""
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    limit = server.app.limits.query_seconds
    answers: list[int] = []
    threads = [
        threading.Thread(target=lambda: answers.append(sparql(server, slow)[0])) for _ in range(3)
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(0.3)
    page_started = time.monotonic()
    assert http_request(server, "/index.html")[0] == 200
    assert time.monotonic() - page_started < 1.0, "a page waited for the slow queries"
    for t in threads:
        t.join(60)
    assert sorted(answers) == [503, 503, 503]
    assert time.monotonic() - started < 3 * limit + 30
    assert sparql(server, "ASK { ?s ?p ?o }")[0] == 200  # the endpoint recovered


# --------------------------------------------------------------------------------------
# serve: errors and binding
# --------------------------------------------------------------------------------------


@SETTINGS
@given(
    path=st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40),
    query=st.text(alphabet=PRINTABLE, max_size=60),
    accept=st.sampled_from(["", "*/*", "text/html", "x/y;q=abc", "garbage", "text/turtle;q=0"]),
)
def test_errors_never_show_internals(
    server: RunningServer, path: str, query: str, accept: str
) -> None:
    site = str(server.app.site)
    for target in ("/" + quote(path, safe="/%?=&"), "/sparql?" + urlencode({"query": query})):
        status, _h, body = http_request(server, target, headers={"Accept": accept})
        text = body.decode("utf-8", "replace")
        if status >= 400:
            for secret in (site, "Traceback", 'File "', "coekg-serve-", "site-packages", ".py"):
                assert secret not in text, (target, text)


def test_binds_the_loopback_address_by_default(tmp_path: Path) -> None:
    """The default address is 127.0.0.1: another address of this machine is refused."""
    outward = outward_address()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coekg", "serve", "--port", "0", "--no-validate"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        found = re.match(r"serving http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        port = int(found.group(1))
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            pass
        if outward is None:
            pytest.skip("this machine has no address but loopback to try")
        with pytest.raises(OSError), socket.create_connection((outward, port), timeout=5):
            pass
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def outward_address() -> str | None:
    """An address of this machine other than loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent for a UDP connect
        except OSError:
            return None
        address = str(s.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_a_burst_of_requests_writes_nothing_to_stderr(tmp_path: Path) -> None:
    """waitress warned "Task queue depth is N" for each request that had to wait: a thousand
    lines a second under load, and a server whose stderr pipe was not read stopped dead."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coekg", "serve", "--port", "0", "--no-validate"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stderr is not None
        found = re.match(r"serving (http://\S+)", proc.stderr.readline())
        assert found
        parts = urlsplit(found.group(1))
        statuses: list[int] = []

        def fire() -> None:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            for _ in range(20):
                conn.request("GET", "/index.html")
                response = conn.getresponse()
                response.read()
                statuses.append(response.status)
            conn.close()

        threads = [threading.Thread(target=fire) for _ in range(30)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert statuses == [200] * 600
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert err.strip() == "", err[:500]
