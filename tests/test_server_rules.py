"""The web-server rules that ``coekg publish`` writes give the answers ``coekg serve``
gives, for the documents a static host holds (issue 13, item 7).

``nginx.conf`` runs in a real nginx (Debian's ``nginx-light``), started here on a free port
over a site published for a base path (``/coekg/``), and is asked the same as the WSGI
application of ``coekg serve`` mounted at the same path (marked ``endpoint``: a server
runs). ``.htaccess`` is read by a small interpreter of the mod_rewrite rules it uses (no
Apache here), asked the same questions, in the quick loop.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coekg.project import bundled
from coekg.publish import publish
from coekg.serve.app import SiteApp
from tests.requirements import need_tool
from tests.servers import free_port
from tests.test_serve_http import call

PROJECT = "id/project/anti-money-laundering-asset-recovery"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: Accept headers a static host can answer as the server does (it reads no q values)
ACCEPTS = [
    None,
    "*/*",
    BROWSER,
    "text/html",
    "text/turtle",
    "application/ld+json",
    "text/turtle, */*;q=0.1",
    "application/ld+json, text/html;q=0.5",
    "image/png",
    "application/sparql-results+json",
]
STORED = (".html", ".ttl", ".jsonld")


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None


@pytest.fixture(scope="module")
def port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, port: int) -> Path:
    folder = tmp_path_factory.mktemp("rules") / "site"
    publish(bundled().load(), folder, bundled(), f"http://127.0.0.1:{port}/coekg/")
    return folder


@pytest.fixture(scope="module")
def app(site: Path) -> SiteApp:
    return SiteApp(site, pool=None)


def served(
    app: SiteApp, path: str, accept: str | None, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """The answer of ``coekg serve`` mounted at /coekg to ``path`` (under /coekg/)."""
    extra = {"HTTP_ACCEPT": accept} if accept is not None else {}
    return call(app, "/" + path, SCRIPT_NAME="/coekg", **extra, **headers)


# --------------------------------------------------------------------------------------
# nginx
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nginx(site: Path, port: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    executable = need_tool("nginx")
    prefix = tmp_path_factory.mktemp("nginx")
    rules = (site / "nginx.conf").read_text(encoding="utf-8")
    assert "listen 80;" in rules and "alias /var/www/coekg/;" in rules
    rules = rules.replace("listen 80;", f"listen 127.0.0.1:{port};")
    rules = rules.replace("/var/www/coekg/", f"{site}/")
    (prefix / "site.conf").write_text(rules, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {prefix}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "main.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    access_log off;\n{temp}    include {prefix}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    check = subprocess.run(
        [executable, "-t", "-p", str(prefix), "-c", str(prefix / "main.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(
        [executable, "-p", str(prefix), "-c", str(prefix / "main.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                get(port, "/coekg/index.html")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(20)


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def nginx_answer(port: int, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    return get(port, "/coekg/" + path, **({"Accept": accept} if accept is not None else {}))


@pytest.mark.endpoint
@pytest.mark.parametrize("accept", ACCEPTS)
def test_nginx_negotiates_a_resource_as_serve_does(
    nginx: int, app: SiteApp, accept: str | None
) -> None:
    status, headers, _body = nginx_answer(nginx, PROJECT, accept)
    ours, our_headers, _ = served(app, PROJECT, accept)
    assert status == ours, accept
    assert "Accept" in headers["vary"]
    if status == 303:
        assert headers["location"] == our_headers["Location"], accept
    links = [link.split(">")[0][1:] for link in headers["link"].split(", ")]
    assert links == [f"/coekg/{PROJECT}{s}" for s in STORED]
    assert all(link in our_headers["Link"] for link in headers["link"].split(", "))


@pytest.mark.endpoint
@pytest.mark.parametrize(
    ("path", "accept"),
    [("def", "text/turtle"), ("def", None), ("dataset", "text/turtle"), ("dataset", BROWSER)],
)
def test_nginx_negotiates_the_ontology_and_the_dataset(
    nginx: int, app: SiteApp, path: str, accept: str | None
) -> None:
    status, headers, _body = nginx_answer(nginx, path, accept)
    ours, our_headers, _ = served(app, path, accept)
    assert (
        (status, headers["location"])
        == (ours, our_headers["Location"])
        == (303, headers["location"])
    )


@pytest.mark.endpoint
@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "catalog.ttl",
        ".well-known/void",
        f"{PROJECT}.ttl",
        f"{PROJECT}.jsonld",
        f"{PROJECT}.html",
        "downloads/coekg.ttl.gz",
        "sitemap.xml",
        "style.css",
    ],
)
def test_nginx_serves_files_as_serve_does(nginx: int, app: SiteApp, path: str) -> None:
    status, headers, body = nginx_answer(nginx, path, None)
    ours, our_headers, our_body = served(app, path, None)
    assert status == ours == 200
    media = headers["content-type"].split(";")[0].strip()
    assert media == our_headers["Content-Type"].split(";")[0].strip(), path
    assert body == our_body
    assert headers["etag"] and headers["last-modified"]
    again = get(nginx, "/coekg/" + path, **{"If-None-Match": headers["etag"]})
    assert again[0] == 304


@pytest.mark.endpoint
def test_nginx_compresses_text_as_serve_does(nginx: int, app: SiteApp) -> None:
    for path in ("index.html", f"{PROJECT}.ttl", "catalog.ttl"):
        status, headers, body = get(nginx, "/coekg/" + path, **{"Accept-Encoding": "gzip"})
        ours, our_headers, our_body = served(app, path, None, HTTP_ACCEPT_ENCODING="gzip")
        assert status == ours == 200
        assert headers.get("content-encoding") == our_headers.get("Content-Encoding") == "gzip"
        assert "Accept-Encoding" in headers["vary"] and "Accept-Encoding" in our_headers["Vary"]
        assert gzip.decompress(body) == gzip.decompress(our_body)


@pytest.mark.endpoint
def test_nginx_answers_a_missing_page_with_the_404_page(nginx: int, app: SiteApp) -> None:
    status, _headers, body = nginx_answer(nginx, "no/such/page.html", "text/html")
    assert status == 404 == served(app, "no/such/page.html", "text/html")[0]
    assert b"<h1>Not found</h1>" in body
    assert nginx_answer(nginx, "id/project/no-such-project.ttl", None)[0] == 404


# --------------------------------------------------------------------------------------
# Apache: .htaccess, read by an interpreter of its rewrite rules
# --------------------------------------------------------------------------------------

_RULE = re.compile(r"^RewriteRule\s+(\S+)\s+(\S+)(?:\s+\[([^\]]+)\])?$")
_COND = re.compile(r"^RewriteCond\s+(\S+)\s+(\S+)(?:\s+\[([^\]]+)\])?$")


@dataclass
class Rule:
    conditions: list[tuple[str, str, str]]
    pattern: str
    target: str
    flags: str


def rewrite_rules(htaccess: str) -> tuple[str, list[Rule]]:
    """``(RewriteBase, rules)`` of an ``.htaccess``: every line that is not a rewrite
    directive must be one this interpreter knows to leave alone."""
    base = ""
    rules: list[Rule] = []
    pending: list[tuple[str, str, str]] = []
    for raw in htaccess.splitlines():
        line = raw.strip()
        if line.startswith("RewriteBase "):
            base = line.split()[1]
        elif m := _COND.match(line):
            pending.append((m.group(1), m.group(2), m.group(3) or ""))
        elif m := _RULE.match(line):
            rules.append(Rule(pending, m.group(1), m.group(2), m.group(3) or ""))
            pending = []
        else:
            assert not line.startswith("Rewrite") or line == "RewriteEngine On", line
    assert pending == [], "a RewriteCond without its rule"
    return base, rules


def apache(htaccess: str, site: Path, path: str, accept: str | None) -> Answer | None:
    """What the rewrite rules answer to ``path`` (below RewriteBase): a redirect or a
    status, or None when they leave it to the file."""
    base, rules = rewrite_rules(htaccess)
    for rule in rules:
        found = re.fullmatch(rule.pattern.strip("^$"), path)
        if found is None:
            continue
        ok = True
        for test, pattern, flags in rule.conditions:
            if test == "%{HTTP_ACCEPT}":
                negate = pattern.startswith("!")
                hit = re.search(pattern.lstrip("!"), accept or "", re.I if "NC" in flags else 0)
                ok = (hit is None) if negate else (hit is not None)
            else:
                assert test.startswith("%{REQUEST_FILENAME}") and pattern == "-f", test
                ok = (site / (path + test.removeprefix("%{REQUEST_FILENAME}"))).is_file()
            if not ok:
                break
        if not ok:
            continue
        status = int(re.search(r"R=(\d+)", rule.flags).group(1))  # type: ignore[union-attr]
        if rule.target == "-":
            return Answer(status, None)
        return Answer(status, base + found.expand(rule.target.replace("$1", r"\1")))
    return None


@pytest.mark.parametrize("accept", ACCEPTS)
def test_htaccess_negotiates_a_resource_as_serve_does(
    site: Path, app: SiteApp, accept: str | None
) -> None:
    htaccess = (site / ".htaccess").read_text(encoding="utf-8")
    answer = apache(htaccess, site, PROJECT, accept)
    status, headers, _body = served(app, PROJECT, accept)
    assert answer is not None and answer.status == status, accept
    if status == 303:
        assert answer.location == headers["Location"]


@pytest.mark.parametrize(
    ("path", "accept"),
    [("def", "text/turtle"), ("def", BROWSER), ("dataset", "text/turtle"), ("dataset", None)],
)
def test_htaccess_negotiates_the_ontology_and_the_dataset(
    site: Path, app: SiteApp, path: str, accept: str | None
) -> None:
    answer = apache((site / ".htaccess").read_text(encoding="utf-8"), site, path, accept)
    status, headers, _body = served(app, path, accept)
    assert answer == Answer(status, headers["Location"])


def test_htaccess_sends_vary_link_and_compression(site: Path) -> None:
    htaccess = (site / ".htaccess").read_text(encoding="utf-8")
    assert 'Header always merge Vary "Accept"' in htaccess
    link = next(line for line in htaccess.splitlines() if "Header always set Link" in line)
    for suffix, media in (
        ("html", "text/html"),
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
    ):
        assert f'<%{{REQUEST_URI}}.{suffix}>; rel=\\"alternate\\"; type=\\"{media}\\"' in link
    deflate = next(
        line for line in htaccess.splitlines() if "AddOutputFilterByType DEFLATE" in line
    )
    for media in ("text/html", "text/turtle", "application/ld+json", "application/n-triples"):
        assert media in deflate.split()
    assert "ErrorDocument 404 /coekg/404.html" in htaccess
