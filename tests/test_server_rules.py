"""The web-server rules that ``coekg publish`` writes give the answers ``coekg serve``
gives, for the documents a static host holds (issue 13, item 7).

``nginx.conf`` runs in a real nginx (Debian's ``nginx-light``) and ``.htaccess`` in a real
Apache httpd (Debian's ``apache2``), each started here on a free port over a site published
for a base path (``/coekg/``), and each is asked the same as the WSGI application of
``coekg serve`` mounted at the same path (marked ``endpoint``: servers run). ``.htaccess``
is also read by a small interpreter of the mod_rewrite rules it uses, asked the same
questions, in the quick loop.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

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


def same_type(theirs: str, ours: str) -> bool:
    """The same media type and charset (JSON-LD has no charset parameter)."""
    return theirs.replace(" ", "").lower() == ours.replace(" ", "").lower()


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


def assert_links_resolve(port: int, path: str, body: bytes) -> None:
    """Every link of the 404 page answered at ``path`` (as a browser resolves it, with the
    page's ``<base>`` if it has one) leads to a file of the site."""
    page = body.decode("utf-8")
    url = f"http://127.0.0.1:{port}{path}"
    base = re.search(r'<base href="([^"]*)"', page)
    if base is not None:
        url = urljoin(url, base.group(1))
    links = [m for m in re.findall(r'\s(?:href|src)="([^"#]+)', page) if m != base_href(base)]
    inside = [urljoin(url, link) for link in links]
    inside = [u for u in inside if u.startswith(f"http://127.0.0.1:{port}/")]
    assert len(inside) >= 5, links
    for target in inside:
        assert get(port, urlsplit(target).path)[0] == 200, target


def base_href(found: re.Match[str] | None) -> str | None:
    return found.group(1) if found is not None else None


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
    assert same_type(headers["content-type"], our_headers["Content-Type"]), path
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
    assert_links_resolve(nginx, "/coekg/id/project/no-such/deeper.html", body)


# --------------------------------------------------------------------------------------
# Apache httpd, running the .htaccess
# --------------------------------------------------------------------------------------

APACHE_MODULES = Path("/usr/lib/apache2/modules")
#: the modules the .htaccess uses, and what they need
MODULES = (
    "mpm_event",
    "authz_core",
    "mime",
    "dir",
    "alias",
    "rewrite",
    "headers",
    "filter",
    "deflate",
    "substitute",
)


@pytest.fixture(scope="module")
def apache_site() -> Iterator[tuple[Path, int]]:
    """A site published for http://127.0.0.1:PORT/coekg/, in a folder Apache's own user
    may read (it never runs as root)."""
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="coekg-apache-"))
    try:
        folder.chmod(0o755)
        publish(bundled().load(), folder / "site", bundled(), f"http://127.0.0.1:{port}/coekg/")
        yield folder / "site", port
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def apache(
    apache_site: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[int]:
    executable = need_tool("apache2")
    site, port = apache_site
    prefix = tmp_path_factory.mktemp("apache")
    modules = "".join(
        f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so\n" for name in MODULES
    )
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    types = "TypesConfig /etc/mime.types\n" if Path("/etc/mime.types").is_file() else ""
    (prefix / "httpd.conf").write_text(
        f"ServerRoot {prefix}\n{modules}{user}{types}Listen 127.0.0.1:{port}\n"
        f"ServerName 127.0.0.1\nPidFile {prefix}/httpd.pid\nErrorLog {prefix}/error.log\n"
        f"DefaultRuntimeDir {prefix}\nMutex file:{prefix}\nLogLevel warn\n"
        f'Alias "/coekg/" "{site}/"\n'
        f'<Directory "{site}">\n  AllowOverride All\n  Require all granted\n</Directory>\n',
        encoding="utf-8",
    )
    command = [executable, "-f", str(prefix / "httpd.conf"), "-DFOREGROUND"]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                get(port, "/coekg/index.html")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "Apache did not start"
                time.sleep(0.1)
        yield port
        log = (prefix / "error.log").read_text(encoding="utf-8", errors="replace")
        assert "alert" not in log and ".htaccess:" not in log, log
    finally:
        process.terminate()
        process.wait(20)


@pytest.fixture(scope="module")
def apache_app(apache_site: tuple[Path, int]) -> SiteApp:
    return SiteApp(apache_site[0], pool=None)


def apache_answer(port: int, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    return get(port, "/coekg/" + path, **({"Accept": accept} if accept is not None else {}))


@pytest.mark.endpoint
@pytest.mark.parametrize("accept", ACCEPTS)
def test_apache_negotiates_a_resource_as_serve_does(
    apache: int, apache_app: SiteApp, accept: str | None
) -> None:
    status, headers, _body = apache_answer(apache, PROJECT, accept)
    ours, our_headers, _ = served(apache_app, PROJECT, accept)
    assert status == ours, accept
    assert "Accept" in headers["vary"]
    if status == 303:
        assert urlsplit(headers["location"]).path == our_headers["Location"], accept
    links = [link.split(">")[0][1:] for link in headers["link"].split(", ")]
    assert links == [f"/coekg/{PROJECT}{s}" for s in STORED]
    assert all(link in our_headers["Link"] for link in headers["link"].split(", "))


@pytest.mark.endpoint
@pytest.mark.parametrize(
    ("path", "accept"),
    [("def", "text/turtle"), ("def", None), ("dataset", "text/turtle"), ("dataset", BROWSER)],
)
def test_apache_negotiates_the_ontology_and_the_dataset(
    apache: int, apache_app: SiteApp, path: str, accept: str | None
) -> None:
    status, headers, _body = apache_answer(apache, path, accept)
    ours, our_headers, _ = served(apache_app, path, accept)
    assert status == ours == 303
    assert urlsplit(headers["location"]).path == our_headers["Location"]


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
        "downloads/SHA256SUMS",
        "style.css",
    ],
)
def test_apache_serves_files_as_serve_does(apache: int, apache_app: SiteApp, path: str) -> None:
    status, headers, body = apache_answer(apache, path, None)
    ours, our_headers, our_body = served(apache_app, path, None)
    assert status == ours == 200
    assert same_type(headers["content-type"], our_headers["Content-Type"]), path
    assert body == our_body
    assert headers["etag"] and headers["last-modified"]
    assert get(apache, "/coekg/" + path, **{"If-None-Match": headers["etag"]})[0] == 304


@pytest.mark.endpoint
def test_apache_compresses_text_as_serve_does(apache: int, apache_app: SiteApp) -> None:
    for path in ("index.html", f"{PROJECT}.ttl", "catalog.ttl"):
        status, headers, body = get(apache, "/coekg/" + path, **{"Accept-Encoding": "gzip"})
        ours, our_headers, our_body = served(apache_app, path, None, HTTP_ACCEPT_ENCODING="gzip")
        assert status == ours == 200
        assert headers.get("content-encoding") == our_headers.get("Content-Encoding") == "gzip"
        assert "Accept-Encoding" in headers["vary"]
        assert gzip.decompress(body) == gzip.decompress(our_body)


@pytest.mark.endpoint
def test_apache_answers_a_missing_page_with_the_404_page(apache: int, apache_app: SiteApp) -> None:
    status, _headers, body = apache_answer(apache, "no/such/page.html", "text/html")
    assert status == 404 == served(apache_app, "no/such/page.html", "text/html")[0]
    assert b"<h1>Not found</h1>" in body
    assert apache_answer(apache, "id/project/no-such-project", "text/turtle")[0] == 404
    assert_links_resolve(apache, "/coekg/id/project/no-such/deeper.html", body)


# --------------------------------------------------------------------------------------
# Apache: .htaccess, read by an interpreter of its rewrite rules (quick loop)
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


def rewritten(htaccess: str, site: Path, path: str, accept: str | None) -> Answer | None:
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
    answer = rewritten(htaccess, site, PROJECT, accept)
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
    answer = rewritten((site / ".htaccess").read_text(encoding="utf-8"), site, path, accept)
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
