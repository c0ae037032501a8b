"""Content negotiation of ``coekg serve``, without a server: in the quick loop.

``test_serve.py`` asks a running server (marked ``endpoint``); here the same decisions are
taken by :func:`coekg.serve.negotiate` and by the WSGI application itself, called in this
process with a request environment (PEP 3333) over a small site folder. A client that
accepts anything (``*/*``, or no ``Accept`` at all, as curl and crawlers send) gets the
HTML page, the first document the contract lists, not Turtle.
"""

from __future__ import annotations

from wsgiref.util import setup_testing_defaults

import pyoxigraph as ox
import pytest

from coekg import namespaces
from coekg.serve.app import SiteApp
from coekg.serve.negotiation import negotiate

RESOURCE = "/id/project/some-project"
IRI = namespaces.ID + "project/some-project"
TURTLE = f'<{IRI}> <http://www.w3.org/2000/01/rdf-schema#label> "Some project"@en .\n'
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
#: what a resource page offers, in the contract's order
OFFERED = ["text/html", "text/turtle", "application/ld+json"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("", "text/html"),
        ("*/*", "text/html"),
        ("*/*;q=0.5", "text/html"),
        (BROWSER, "text/html"),
        ("text/*", "text/html"),
        ("text/turtle", "text/turtle"),
        ("text/turtle, */*;q=0.1", "text/turtle"),
        ("*/*;q=0.1, application/ld+json", "application/ld+json"),
        ("text/turtle;q=0", None),
        ("*/*, text/html;q=0", "text/turtle"),
        ("application/ld+json, text/turtle;q=0.9", "application/ld+json"),
        ("text/*;q=0.3, text/turtle;q=0.8", "text/turtle"),
        ("TEXT/TURTLE", "text/turtle"),
        ("image/png", None),
        ("garbage", None),
        ("text/html;q=abc", None),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept, OFFERED) == expected


def test_ties_go_to_the_earlier_offer_whatever_it_is() -> None:
    assert negotiate("*/*", ["text/turtle", "text/html"]) == "text/turtle"
    assert negotiate("*/*", ["application/ld+json", "text/turtle"]) == "application/ld+json"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> SiteApp:
    """The application over a site holding one resource (page, Turtle, JSON-LD), the
    ontology's documents and the catalogue, as ``coekg publish`` lays them out."""
    site = tmp_path_factory.mktemp("site")
    files = {
        "index.html": "<!doctype html><title>coekg</title>\n",
        "catalog.ttl": TURTLE,
        "def.html": "<!doctype html><title>def</title>\n",
        "def.ttl": TURTLE,
        f"{RESOURCE[1:]}.html": "<!doctype html><title>Some project</title>\n",
        f"{RESOURCE[1:]}.ttl": TURTLE,
        f"{RESOURCE[1:]}.jsonld": "{}\n",
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return SiteApp(site, pool=None)


def get(app: SiteApp, path: str, accept: str | None) -> tuple[str, dict[str, str], bytes]:
    """``GET path`` with ``Accept: accept`` (none when None), answered by the application."""
    environ: dict[str, object] = {"REQUEST_METHOD": "GET", "PATH_INFO": path}
    if accept is not None:
        environ["HTTP_ACCEPT"] = accept
    setup_testing_defaults(environ)
    answer: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(app(environ, lambda status, headers: answer.append((status, headers))))
    status, headers = answer[0]
    return status, dict(headers), body


@pytest.mark.parametrize("accept", [None, "", "*/*", "*/*;q=0.8", BROWSER, "text/*"])
def test_a_client_that_takes_anything_is_sent_to_the_page(app: SiteApp, accept: str | None) -> None:
    status, headers, _body = get(app, RESOURCE, accept)
    assert status == "303 See Other"
    assert headers["Location"] == RESOURCE + ".html"
    assert headers["Vary"] == "Accept"
    assert get(app, "/def", accept)[1]["Location"] == "/def.html"
    assert get(app, "/dataset", accept)[1]["Location"] == "/index.html"


@pytest.mark.parametrize(
    ("accept", "document"),
    [
        ("text/turtle", ".ttl"),
        ("application/ld+json", ".jsonld"),
        ("application/xhtml+xml", ".html"),
        ("text/turtle;q=0.4, */*;q=0.2", ".ttl"),
    ],
)
def test_a_client_that_asks_gets_its_document(app: SiteApp, accept: str, document: str) -> None:
    status, headers, _body = get(app, RESOURCE, accept)
    assert (status, headers["Location"]) == ("303 See Other", RESOURCE + document)


@pytest.mark.parametrize(
    ("accept", "suffix", "syntax"),
    [
        ("application/n-triples", ".nt", ox.RdfFormat.N_TRIPLES),
        ("application/n-quads", ".nq", ox.RdfFormat.N_QUADS),
        ("application/trig", ".trig", ox.RdfFormat.TRIG),
        ("application/rdf+xml", ".rdf", ox.RdfFormat.RDF_XML),
    ],
)
def test_every_dump_format_is_made_from_the_turtle_document(
    app: SiteApp, accept: str, suffix: str, syntax: ox.RdfFormat
) -> None:
    """The formats the site writes dumps in, but holds no file of per resource: answered
    at once, from the Turtle document's triples, and at their own address too."""
    status, headers, body = get(app, RESOURCE, accept)
    assert status == "200 OK"
    assert headers["Content-Type"] == accept
    assert headers["Content-Location"] == RESOURCE + suffix
    assert "Accept" in headers["Vary"].split(", ")
    expected = {q.triple for q in ox.parse(TURTLE.encode(), ox.RdfFormat.TURTLE)}
    assert {q.triple for q in ox.parse(body, syntax)} == expected
    assert get(app, RESOURCE + suffix, None)[2] == body


def test_every_answer_about_a_resource_links_its_other_documents(app: SiteApp) -> None:
    suffixes = [".html", ".ttl", ".jsonld", ".nt", ".nq", ".trig", ".rdf"]
    _status, headers, _body = get(app, RESOURCE, "text/turtle")
    links = headers["Link"].split(", ")
    assert [link.split(">")[0] for link in links] == [f"<{RESOURCE}{s}" for s in suffixes]
    assert all('; rel="alternate"; type="' in link for link in links)
    assert f'<{RESOURCE}.ttl>; rel="alternate"; type="text/turtle"' in links
    for suffix in suffixes:
        _status, headers, _body = get(app, RESOURCE + suffix, None)
        listed = [link.split(">")[0][1:] for link in headers["Link"].split(", ")]
        assert listed == [RESOURCE + s for s in suffixes if s != suffix], suffix


def test_nothing_acceptable_is_406_and_unknown_is_404(app: SiteApp) -> None:
    status, headers, body = get(app, RESOURCE, "image/png")
    assert status == "406 Not Acceptable"
    assert headers["Vary"] == "Accept", "a 406 depends on Accept as much as a 303 does"
    assert body.startswith(b"not acceptable; available: text/html, ")
    assert get(app, "/def", "image/png")[1]["Vary"] == "Accept"
    status, headers, _body = get(app, "/id/project/no-such-project", "*/*")
    assert status == "404 Not Found" and headers["Vary"] == "Accept"
    assert get(app, "/id/project/no-such-project.nt", "*/*")[0] == "404 Not Found"
