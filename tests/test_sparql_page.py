"""The SPARQL page of ``coekg serve``: results as an HTML table made on the server, the
canned queries as examples, permalinks and downloads (issue 15, item 5).

Read here with an HTML parser; ``test_browser.py`` uses the page in Chromium.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox
import pytest

from coekg.errors import QueryParameterError
from coekg.project import bundled
from coekg.query.catalogue import bind, bound_text, catalogue
from coekg.serve.server import RunningServer, start
from coekg.serve.sparql import FORMAT_NAMES, Limits
from coekg.serve.sparql_html import MAX_ROWS
from tests.test_serve import Response, request

pytestmark = pytest.mark.endpoint

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CLASSES = (
    "SELECT ?s ?label WHERE { ?s a <https://w3id.org/coekg/def#Project> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s LIMIT 7"
)


class Page(HTMLParser):
    """The parts of the page a test reads: the results table, links, forms, errors."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.links: dict[str, str] = {}
        self.hrefs: list[str] = []
        self.caption = ""
        self.error = ""
        self.textarea = ""
        self.forms: list[dict[str, str]] = []
        self._in: list[str] = []
        self._text = ""
        self._href: str | None = None
        self._body = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("th", "td", "caption", "a", "textarea") or (
            tag == "p" and a.get("class") == "error"
        ):
            self._in.append(tag if tag != "p" else "error")
            self._text = ""
        if tag == "tbody":
            self._body = True
        if tag == "tr" and self._body:
            self.rows.append([])
        if tag == "a":
            self._href = a.get("href")
            self.hrefs.append(a.get("href", ""))
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "")})

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        if not self._in or (self._in[-1] != tag and not (tag == "p" and self._in[-1] == "error")):
            return
        kind = self._in.pop()
        text = self._text.strip()
        if kind == "th":
            self.header.append(text)
        elif kind == "td":
            self.rows[-1].append(text)
        elif kind == "caption":
            self.caption = text
        elif kind == "a" and self._href is not None:
            self.links[text] = self._href
        elif kind == "error":
            self.error = text
        elif kind == "textarea":
            self.textarea = self._text


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    srv = start(
        bundled().load(), bundled(), "127.0.0.1", 0, limits=Limits(query_workers=1, threads=4)
    )
    with srv.in_thread():
        yield srv


def page(srv: RunningServer, **params: str) -> tuple[Response, Page]:
    r = request(srv, "/sparql?" + urlencode(params), BROWSER)
    assert r.type == "text/html"
    return r, Page(r.body.decode())


def json_rows(srv: RunningServer, query: str) -> dict[str, object]:
    r = request(srv, "/sparql?" + urlencode({"query": query}), "application/sparql-results+json")
    return json.loads(r.body)  # type: ignore[no-any-return]


def test_results_are_an_html_table_made_on_the_server(server: RunningServer) -> None:
    r, p = page(server, query=CLASSES)
    assert r.status == 200 and b"<script" not in r.body, "no script: works without JavaScript"
    expected = json_rows(server, CLASSES)
    bindings = expected["results"]["bindings"]  # type: ignore[index]
    assert p.header == ["s", "label"] and len(p.rows) == len(bindings) == 7
    for row, binding in zip(p.rows, bindings, strict=True):
        assert row[0] == "project:" + binding["s"]["value"].rsplit("/", 1)[1]
        assert row[1] == binding["label"]["value"]
    assert p.caption == "7 rows"
    assert p.textarea.strip() == CLASSES, "the query stays in the form, to edit"
    first = bindings[0]["s"]["value"]
    assert "id/project/" + first.rsplit("/", 1)[1] + ".html" in p.hrefs, "rows link to pages"


def test_every_download_link_answers_its_format(server: RunningServer) -> None:
    _r, p = page(server, query=CLASSES)
    labels = ["JSON", "XML", "CSV", "TSV"]
    assert all(label in p.links for label in labels)
    for label in labels:
        href = p.links[label]
        fmt = parse_qs(urlsplit(href).query)["format"][0]
        answer = request(server, "/" + href)
        assert answer.status == 200 and answer.type == FORMAT_NAMES[fmt], label
        if label in ("CSV", "TSV"):
            assert len(answer.body.decode().splitlines()) == 1 + 7, label
        else:
            results = ox.parse_query_results(answer.body, getattr(ox.QueryResultsFormat, label))
            assert len(list(results)) == 7, label  # type: ignore[arg-type]


def test_the_permalink_gives_the_same_page(server: RunningServer) -> None:
    r, p = page(server, query=CLASSES)
    link = p.links["Permalink"]
    assert parse_qs(urlsplit(link).query) == {"query": [CLASSES]}
    again = request(server, "/" + link, BROWSER)
    assert again.body == r.body


def test_a_construct_query_shows_triples_and_offers_rdf(server: RunningServer) -> None:
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } ORDER BY ?s LIMIT 4"
    _r, p = page(server, query=query)
    assert p.header == ["subject", "predicate", "object"] and len(p.rows) == 4
    for label, media in (
        ("Turtle", "text/turtle"),
        ("N-Triples", "application/n-triples"),
        ("JSON-LD", "application/ld+json"),
        ("RDF/XML", "application/rdf+xml"),
    ):
        answer = request(server, "/" + p.links[label])
        assert answer.status == 200 and answer.type == media, label


def test_an_ask_query_says_yes_or_no(server: RunningServer) -> None:
    r, _p = page(server, query="ASK { ?s ?p ?o }")
    assert b"The answer is <strong>yes (true)</strong>" in r.body


def test_a_long_answer_shows_its_first_rows_and_downloads_all(server: RunningServer) -> None:
    _r, p = page(server, query="SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(p.rows) == MAX_ROWS
    assert p.caption.startswith(f"First {MAX_ROWS} of ") and p.caption.endswith(
        "download them all below"
    )


def test_a_bad_query_is_explained_on_the_page(server: RunningServer) -> None:
    r, p = page(server, query="SELECT ?s WHERE { ?s ?p }")
    assert r.status == 400
    assert p.error.startswith("invalid SPARQL query")
    assert p.textarea.strip() == "SELECT ?s WHERE { ?s ?p }"


def test_markup_and_script_iris_in_results_stay_text(server: RunningServer) -> None:
    query = (
        'SELECT ?x ?i WHERE { BIND("<script>alert(1)</script>" AS ?x) '
        'BIND(IRI("javascript:alert(2)") AS ?i) }'
    )
    r, p = page(server, query=query)
    assert b"<script>alert(1)" not in r.body and p.rows == [
        ["<script>alert(1)</script>", "<javascript:alert(2)>"]
    ]
    assert not any(h.startswith("javascript:") for h in p.hrefs)


def test_every_canned_query_is_an_example_with_a_permalink(server: RunningServer) -> None:
    r, p = page(server)
    body = r.body.decode()
    for q in catalogue(bundled().queries):
        assert f'id="query-{q.name}"' in body
        assert f'href="api/queries/{q.name}"' in body
        run = next(
            h
            for h in p.hrefs
            if h.startswith("sparql?")
            and parse_qs(urlsplit(h).query).get("query") == [bound_text(q, {})]
        )
        answer = request(server, "/" + run, "application/sparql-results+json")
        assert answer.status == 200, q.name
        for parameter in q.parameters:
            assert f'id="p-{q.name}-{parameter.name}"' in body


def test_an_example_runs_with_the_values_given(server: RunningServer) -> None:
    iri = "https://w3id.org/coekg/id/state/azerbaijan"
    r, p = page(server, example="describe", iri=iri)
    assert r.status == 200 and p.rows
    assert (
        p.textarea.strip()
        == bound_text(
            next(q for q in catalogue(bundled().queries) if q.name == "describe"), {"iri": iri}
        ).strip()
    )
    assert f'id="p-describe-iri" name="iri" value="{iri}"' in r.body.decode(), (
        "the form keeps the value"
    )


def test_an_example_with_a_bad_value_says_what_the_command_says(server: RunningServer) -> None:
    query = next(q for q in catalogue(bundled().queries) if q.name == "active-projects")
    with pytest.raises(QueryParameterError) as refused:
        bind(query, {"date": "2021-13"})
    r, p = page(server, example="active-projects", date="2021-13")
    assert r.status == 400
    assert p.error == str(refused.value)
    assert 'name="date" value="2021-13"' in r.body.decode(), "the value stays, to correct"
    unknown = request(server, "/sparql?example=no-such-query", BROWSER)
    assert unknown.status == 404
