"""HTTP as the best static hosts give it, from the WSGI application of ``coekg serve``,
called in this process (quick loop): validators and 304s, gzip, the 404 page of a site
published for another address, and the SPARQL protocol's answers to requests without a
query. ``test_serve.py`` asks a running server the same over sockets.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pyoxigraph as ox
import pytest

from coekg.serve.app import SiteApp
from coekg.serve.http_cache import accepts_gzip, http_date

PAGE = "<!doctype html><title>coekg</title>\n" + "<p>Council of Europe co-operation.</p>\n" * 40
#: a site published for https://example.org/coekg/: its 404 page links under /coekg/
NOT_FOUND = (
    '<!doctype html><html><head><link rel="stylesheet" href="/coekg/style.css"></head>'
    '<body><a href="/coekg/index.html">home</a> <a href="https://example.org/coekg/def.html">'
    'def</a> <a href="https://creativecommons.org/licenses/by/4.0/">licence</a></body></html>\n'
)
MTIME = 1_700_000_000


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> SiteApp:
    site = tmp_path_factory.mktemp("site")
    files = {
        "index.html": PAGE,
        "style.css": "body { color: #111; }\n" * 20,
        "404.html": NOT_FOUND,
        "robots.txt": "User-agent: *\nAllow: /\nSitemap: https://example.org/coekg/sitemap.xml\n",
        "sitemap.xml": "<urlset><url><loc>https://example.org/coekg/def.html</loc></url>"
        "<url><loc>https://example.org/coekg/index.html</loc></url></urlset>\n",
    }
    for name, content in files.items():
        (site / name).write_text(content, encoding="utf-8")
        os.utime(site / name, (MTIME, MTIME))
    (site / "downloads").mkdir()
    (site / "downloads" / "coekg.ttl.gz").write_bytes(gzip.compress(PAGE.encode(), mtime=0))
    return SiteApp(site, pool=None)


def call(
    app: SiteApp, path: str, method: str = "GET", body: bytes = b"", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """One request (headers as WSGI keys: ``HTTP_ACCEPT=...``), answered in this process."""
    path, _, query = path.partition("?")
    environ: dict[str, object] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        **headers,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["CONTENT_TYPE"] = headers.get("CONTENT_TYPE", "application/sparql-query")
    setup_testing_defaults(environ)
    if body:
        import io

        environ["wsgi.input"] = io.BytesIO(body)
    answer: list[tuple[str, list[tuple[str, str]]]] = []
    out = b"".join(app(environ, lambda status, hs: answer.append((status, hs))))
    status, hs = answer[0]
    return int(status.split()[0]), dict(hs), out


# --------------------------------------------------------------------------------------
# Validators and conditional requests
# --------------------------------------------------------------------------------------


def test_files_have_a_strong_etag_and_their_modification_time(app: SiteApp) -> None:
    status, headers, body = call(app, "/index.html")
    assert status == 200 and body == PAGE.encode()
    etag = headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert headers["Last-Modified"] == http_date(MTIME) == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert call(app, "/index.html")[1]["ETag"] == etag, "the same bytes, the same tag"
    assert call(app, "/style.css")[1]["ETag"] != etag


@pytest.mark.parametrize(
    "header",
    ["{etag}", "W/{etag}", '"other", {etag}', "*"],
)
def test_if_none_match_gives_304_without_a_body(app: SiteApp, header: str) -> None:
    etag = call(app, "/index.html")[1]["ETag"]
    for method in ("GET", "HEAD"):
        status, headers, body = call(
            app, "/index.html", method, HTTP_IF_NONE_MATCH=header.format(etag=etag)
        )
        assert (status, body) == (304, b"")
        assert headers["ETag"] == etag
        assert "Content-Type" not in headers and "Content-Length" not in headers


def test_a_changed_tag_gives_the_whole_file(app: SiteApp) -> None:
    status, _headers, body = call(
        app,
        "/index.html",
        HTTP_IF_NONE_MATCH='"something-else"',
        HTTP_IF_MODIFIED_SINCE=http_date(MTIME + 60),
    )
    assert status == 200 and body == PAGE.encode(), "If-None-Match wins over the date"


@pytest.mark.parametrize(("offset", "status"), [(0, 304), (3600, 304), (-1, 200)])
def test_if_modified_since(app: SiteApp, offset: int, status: int) -> None:
    answer = call(app, "/index.html", HTTP_IF_MODIFIED_SINCE=http_date(MTIME + offset))
    assert answer[0] == status
    assert call(app, "/index.html", HTTP_IF_MODIFIED_SINCE="yesterday")[0] == 200


def test_a_304_is_only_for_a_200(app: SiteApp) -> None:
    assert call(app, "/no-such-page", HTTP_IF_NONE_MATCH="*")[0] == 404


# --------------------------------------------------------------------------------------
# Compression
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("gzip;q=0", False),
        ("*;q=0", False),
        ("identity", False),
        ("deflate, *;q=0.5, gzip;q=0", False),
        ("", False),
        (None, False),
    ],
)
def test_accepts_gzip(header: str | None, expected: bool) -> None:
    assert accepts_gzip(header) is expected


def test_gzip_when_accepted(app: SiteApp) -> None:
    plain = call(app, "/index.html")
    status, headers, body = call(app, "/index.html", HTTP_ACCEPT_ENCODING="gzip, br")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain[2]
    assert len(body) < len(plain[2]) and int(headers["Content-Length"]) == len(body)
    assert headers["Vary"] == plain[1]["Vary"] == "Accept-Encoding"
    assert headers["ETag"] == plain[1]["ETag"][:-1] + '-gzip"', "another representation"
    again = call(app, "/index.html", HTTP_ACCEPT_ENCODING="gzip")
    assert again[2] == body, "compression is deterministic"
    status, _h, empty = call(
        app, "/index.html", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=headers["ETag"]
    )
    assert (status, empty) == (304, b"")
    assert "Content-Encoding" not in call(app, "/index.html", HTTP_ACCEPT_ENCODING="gzip;q=0")[1]


def test_robots_txt_is_plain_text(app: SiteApp) -> None:
    status, headers, body = call(app, "/robots.txt")
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body.startswith(b"User-agent: *")


def test_a_compressed_download_is_sent_as_it_is(app: SiteApp) -> None:
    status, headers, body = call(app, "/downloads/coekg.ttl.gz", HTTP_ACCEPT_ENCODING="gzip")
    assert status == 200 and headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in headers and "Vary" not in headers
    assert gzip.decompress(body) == PAGE.encode()


# --------------------------------------------------------------------------------------
# A site published for another address
# --------------------------------------------------------------------------------------


def test_the_404_page_links_to_the_site_where_it_is_served(app: SiteApp) -> None:
    status, headers, body = call(app, "/no/such/page", HTTP_ACCEPT="text/html")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert 'href="/style.css"' in page and 'href="/index.html"' in page
    assert 'href="/def.html"' in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page, "others untouched"
    assert "/coekg/" not in page
    assert call(app, "/style.css")[0] == 200
    mounted = call(app, "/x", HTTP_ACCEPT="text/html", SCRIPT_NAME="/mirror")[2].decode()
    assert 'href="/mirror/style.css"' in mounted


def test_a_404_page_linking_from_the_site_root_works_at_any_depth(tmp_path: Path) -> None:
    (tmp_path / "404.html").write_text(
        '<link rel="stylesheet" href="style.css"><a class="skip" href="#main">skip</a>'
        '<a href="index.html">home</a> <a href="def.html#Project">a term</a> '
        '<a href="https://creativecommons.org/licenses/by/4.0/">licence</a> '
        '<a href="mailto:someone@example.org">mail</a>\n',
        encoding="utf-8",
    )
    page = call(SiteApp(tmp_path, None), "/id/project/gone", HTTP_ACCEPT="text/html")[2].decode()
    assert page == (
        '<link rel="stylesheet" href="/style.css"><a class="skip" href="#main">skip</a>'
        '<a href="/index.html">home</a> <a href="/def.html#Project">a term</a> '
        '<a href="https://creativecommons.org/licenses/by/4.0/">licence</a> '
        '<a href="mailto:someone@example.org">mail</a>\n'
    )


# --------------------------------------------------------------------------------------
# SPARQL 1.1 Protocol: requests without a query
# --------------------------------------------------------------------------------------


def test_a_post_without_a_query_is_400(app: SiteApp) -> None:
    status, headers, body = call(
        app, "/sparql", "POST", b"x=1", CONTENT_TYPE="application/x-www-form-urlencoded"
    )
    assert status == 400 and body.startswith(b"no query")
    assert headers["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("accept", "syntax"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("*/*", ox.RdfFormat.TURTLE),
    ],
)
def test_a_get_without_a_query_describes_the_service(
    app: SiteApp, accept: str, syntax: ox.RdfFormat
) -> None:
    status, headers, body = call(app, "/sparql", HTTP_ACCEPT=accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == ("text/turtle" if accept == "*/*" else accept)
    assert headers["Vary"].startswith("Accept")
    service = ox.NamedNode("http://127.0.0.1/sparql")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    triples = {q.triple for q in ox.parse(body, syntax)}
    assert ox.Triple(service, ox.NamedNode(sd + "endpoint"), service) in triples
    assert ox.NamedNode(sd + "Service") in {t.object for t in triples}
    if accept == "application/ld+json":
        assert isinstance(json.loads(body), list | dict)


def test_a_get_without_a_query_asking_for_results_is_400(app: SiteApp) -> None:
    for accept in ("application/sparql-results+json", "text/csv", "image/png"):
        status, headers, body = call(app, "/sparql", HTTP_ACCEPT=accept)
        assert status == 400 and body.startswith(b"no query"), accept
        assert headers["Vary"] == "Accept"


def test_a_browser_without_a_query_gets_the_form(app: SiteApp) -> None:
    status, headers, body = call(app, "/sparql", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'<form action="sparql" method="get">' in body
    assert "form-action 'self'" in headers["Content-Security-Policy"]


def test_the_page_answers_at_the_published_page_address_too(app: SiteApp) -> None:
    assert call(app, "/sparql.html")[2] == call(app, "/sparql", HTTP_ACCEPT="text/html")[2]
