"""``coekg serve`` without ``--site``: the site made on request from the graph.

Every file ``coekg publish`` writes for the server's own address is served with the same
bytes (the bundled data, and a synthetic graph); the answers made by content negotiation
equal those of the same site served as static files; files showing the dumps answer 503
with ``Retry-After`` until the dumps are written; the data validated after start marks its
answers until done, and data that does not conform stops the server (exit code 1 from the
command); the caches stay within their bounds.
"""

from __future__ import annotations

import http.client
import io
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from coekg import resources
from coekg.errors import CoekgError, NonConformingError
from coekg.project import bundled
from coekg.publish import publish
from coekg.publish.graphview import GraphView
from coekg.publish.metadata import dataset_info
from coekg.publish.pages import query_path
from coekg.publish.resource_files import ResourceRenderer
from coekg.query.catalogue import catalogue
from coekg.serve.app import PENDING_BANNER, SiteApp
from coekg.serve.byte_cache import ByteCache
from coekg.serve.forked import Forked
from coekg.serve.rendered_site import RenderedSite
from coekg.serve.server import RunningServer, start
from coekg.serve.site_files import allowed
from coekg.serve.sparql import Limits

pytestmark = pytest.mark.endpoint

LIMITS = Limits(query_workers=1, threads=4)
#: the formats made from the Turtle document, asked for by Accept
MADE = ["application/n-triples", "application/n-quads", "application/trig", "application/rdf+xml"]


def get(url: str, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept": accept} if accept else {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def run_coekg(args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "coekg", *args], check=True, capture_output=True)


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    if request.param == "bundled":
        return bundled().load()
    path = tmp_path_factory.mktemp("synth") / "synthetic.ttl"
    run_coekg(["synth", "--triples", "3000", "--seed", "5", "-o", str(path)])
    return bundled().load([path])


@pytest.fixture(scope="module")
def served(graph: Any) -> Iterator[RunningServer]:
    srv = start(graph, bundled(), "127.0.0.1", 0, limits=LIMITS)
    with srv.in_thread():
        yield srv


@pytest.fixture(scope="module")
def published(graph: Any, served: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published") / "site"
    return publish(graph, folder, bundled(), served.url).path


@pytest.fixture(scope="module")
def static(graph: Any, published: Path) -> Iterator[RunningServer]:
    srv = start(graph, bundled(), "127.0.0.1", 0, site=published, limits=LIMITS)
    with srv.in_thread():
        yield srv


def test_every_published_file_is_served_with_the_same_bytes(
    served: RunningServer, published: Path
) -> None:
    files = sorted(p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file())
    servable = [f for f in files if allowed(f)]
    assert len(servable) > 30 and "index.html" in servable and "downloads/SHA256SUMS" in servable
    for relative in servable:
        if relative == "sparql.html":  # the live query page, in both modes (compared below)
            continue
        status, headers, body = get(served.url, "/" + quote(relative))
        assert status == 200, relative
        assert body == (published / relative).read_bytes(), relative
        assert headers["etag"] and headers["last-modified"]
    hidden = [f for f in files if not allowed(f)]
    assert hidden and all(get(served.url, "/" + quote(f))[0] == 404 for f in hidden)


def test_conneg_answers_equal_the_static_sites(
    served: RunningServer, static: RunningServer, published: Path
) -> None:
    stems = sorted(p.relative_to(published).as_posix()[:-4] for p in published.glob("id/*/*.ttl"))
    assert len(stems) > 50
    for stem in stems[:: max(1, len(stems) // 60)]:
        for accept in ["text/html", "text/turtle", "application/ld+json", *MADE, "image/png"]:
            ours, theirs = get(served.url, "/" + stem, accept), get(static.url, "/" + stem, accept)
            assert ours[0] == theirs[0] and ours[2] == theirs[2], (stem, accept)
            for header in ("location", "content-location", "link", "content-type", "vary"):
                assert ours[1].get(header) == theirs[1].get(header), (stem, accept, header)
    others = [("/def", "text/turtle"), ("/dataset", "text/html"), ("/no/such", "text/html")]
    for path, accept in [*others, ("/no/such", None), ("/sparql.html", None)]:
        ours, theirs = get(served.url, path, accept), get(static.url, path, accept)
        assert ours[0] == theirs[0], path
        # the query page names the endpoint by the address it was asked at
        assert ours[2].replace(served.url.encode(), b"") == theirs[2].replace(
            static.url.encode(), b""
        ), path


def test_each_file_made_alone_is_the_bytes_of_the_three_made_together(graph: Any) -> None:
    """``coekg serve`` makes only the file asked for (:meth:`ResourceRenderer.file`); each
    is the bytes ``coekg publish`` writes (:meth:`ResourceRenderer.files`)."""
    view = GraphView(graph)
    renderer = ResourceRenderer(view, dataset_info(view, "http://127.0.0.1:9/"))
    for iri, path in sorted(view.resources.items()):
        files = renderer.files(iri, path)
        made = {s: renderer.file(iri, path, s) for s in (".ttl", ".jsonld", ".html")}
        assert made == {".ttl": files.ttl, ".jsonld": files.jsonld, ".html": files.html}, path
    with pytest.raises(ValueError, match=r"\.nt: a resource has no such file"):
        renderer.file(iri, path, ".nt")


def test_a_file_made_alone_from_statements_the_text_does_not_tell(tmp_path: Path) -> None:
    """A quoted, multi-line literal and a blank node: the JSON-LD comes from the parsed
    statements, also when the file is made alone."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/coekg/id/state/azerbaijan>\n"
        '    rdfs:comment "A \\"quoted\\"\\nline"@en ;\n'
        '    rdfs:seeAlso [ rdfs:label "a blank node"@en ] .\n'
    )
    kg = bundled().load([resources.data_dir(), extra])
    view = GraphView(kg)
    renderer = ResourceRenderer(view, dataset_info(view, "http://127.0.0.1:9/"))
    iri = "https://w3id.org/coekg/id/state/azerbaijan"
    files = renderer.files(iri, "id/state/azerbaijan")
    assert b"_:" in renderer.describe(iri).lines and b'\\"quoted' in files.ttl
    assert renderer.file(iri, "id/state/azerbaijan", ".jsonld") == files.jsonld
    assert renderer.file(iri, "id/state/azerbaijan", ".html") == files.html


def test_unknown_resources_are_404(served: RunningServer) -> None:
    for path in ["/id/project/no-such-project", "/id/project/no-such-project.ttl", "/id/x"]:
        assert get(served.url, path, "text/turtle")[0] == 404


def wsgi_get(app: SiteApp, path: str) -> tuple[str, dict[str, str], bytes]:
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = status, {k.lower(): v for k, v in headers}

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "wsgi.input": io.BytesIO()}
    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def test_files_showing_the_dumps_answer_503_until_they_are_written(tmp_path: Path) -> None:
    kg = bundled().load()
    site = RenderedSite(kg, bundled(), "http://127.0.0.1:9/", tmp_path / "dumps")
    site.dumps_wait = 0.01
    app = SiteApp(site, None)
    for path in ["/index.html", "/catalog.ttl", "/.well-known/void", "/downloads/SHA256SUMS"]:
        status, headers, _body = wsgi_get(app, path)
        assert status.startswith("503") and int(headers["retry-after"]) > 0, path
    assert wsgi_get(app, "/browse.html")[0].startswith("200"), "the others do not wait"
    site.start_dumps()
    site.dumps_wait = 60
    for path in ["/index.html", "/catalog.ttl", "/downloads/SHA256SUMS", "/downloads/coekg.nt.gz"]:
        assert wsgi_get(app, path)[0].startswith("200"), path


def test_query_pages_take_their_rows_from_the_query_workers(tmp_path: Path) -> None:
    """The server process reads no store of its own (at a million statements one takes 350
    MB and seconds): a query page's rows come from the query workers. Until they have
    started, or while all are busy, the page answers 503 with ``Retry-After``. (That the
    pages are the bytes ``coekg publish`` writes is tested above.)"""
    kg = bundled().load()
    waiting = SiteApp(Path("."), None, Limits(query_seconds=0.05))
    waiting.site = RenderedSite(
        kg, bundled(), "http://127.0.0.1:9/", tmp_path / "a", first_rows=waiting.first_rows
    )
    status, headers, _body = wsgi_get(waiting, "/" + query_path("organisations"))
    assert status.startswith("503") and int(headers["retry-after"]) > 0
    srv = start(kg, bundled(), "127.0.0.1", 0, limits=LIMITS)
    with srv.in_thread():
        for q in catalogue(bundled().queries):
            status_code, _headers, body = get(srv.url, "/" + query_path(q.name))
            assert status_code == 200, q.name
            if not any(p.required for p in q.parameters):
                assert b"<td" in body, f"{q.name}: no rows"
    assert kg._store is None, "the server read a store of its own"


def test_a_hub_resource_larger_than_an_eighth_of_the_cache_is_kept(tmp_path: Path) -> None:
    """At a million statements a hub's page is megabytes and takes a second to make: it is
    kept like any other, up to half the cache."""
    kg = bundled().load()
    probe = RenderedSite(kg, bundled(), "http://127.0.0.1:9/", tmp_path / "probe")
    page = "id/state/azerbaijan.html"
    probe.read(page)
    size = probe.resources.size(probe.resources.get(page))  # type: ignore[arg-type]
    site = RenderedSite(kg, bundled(), "http://127.0.0.1:9/", tmp_path / "site", 3 * size)
    first = site.read(page)
    assert site.resources.get(page) is not None, "kept though over an eighth of the cache"
    assert site.read(page) == first


def wait_for_file(path: Path) -> None:
    """Validation that lasts until ``path`` exists (it runs in a child process)."""
    for _ in range(600):
        if path.exists():
            return
        time.sleep(0.1)


def test_pages_are_marked_until_the_data_is_validated(tmp_path: Path) -> None:
    kg = bundled().load()
    srv = start(kg, bundled(), "127.0.0.1", 0, limits=LIMITS)
    release = tmp_path / "validated"
    with srv.in_thread():
        srv.validate_in_background(lambda: wait_for_file(release))
        status, headers, body = get(srv.url, "/browse.html")
        assert status == 200 and headers["coekg-validation"] == "pending"
        assert PENDING_BANNER.encode() in body and headers["cache-control"] == "no-store"
        status, headers, body = get(srv.url, "/id/state/azerbaijan.ttl")
        assert headers["coekg-validation"] == "pending" and PENDING_BANNER.encode() not in body
        release.touch()
        assert srv.validated.wait(60)
        status, headers, body = get(srv.url, "/browse.html")
        assert status == 200 and "coekg-validation" not in headers
        assert PENDING_BANNER.encode() not in body
        assert srv.failure is None and not srv.stopped.is_set()


def running(srv: RunningServer) -> tuple[threading.Thread, list[BaseException]]:
    """``srv.run()`` in a thread, as ``coekg serve`` runs it; the list gets what it raises."""
    raised: list[BaseException] = []

    def serve() -> None:
        try:
            srv.run()
        except BaseException as e:
            raised.append(e)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread, raised


def test_stopping_the_server_while_it_validates_is_a_clean_stop(tmp_path: Path) -> None:
    """A server stopped (Ctrl-C, SIGTERM) before its validation ends stops the validating
    child; that is no failure of the data, so :meth:`run` returns and the exit code is 0."""
    srv = start(bundled().load(), bundled(), "127.0.0.1", 0, limits=LIMITS)
    thread, raised = running(srv)
    srv.validate_in_background(lambda: wait_for_file(tmp_path / "never"))
    assert get(srv.url, "/browse.html")[0] == 200
    srv.stop()
    thread.join(30)
    assert srv.validated.wait(30)
    assert not thread.is_alive() and srv.failure is None and raised == []


def test_the_dumps_begin_when_the_validation_given_to_start_ends(tmp_path: Path) -> None:
    """Validation and dumps each take most of a gigabyte at a million statements: with a
    validation, the dumps' child is forked only once it has ended and the data conforms,
    never beside it. Until then the files showing the dumps answer 503."""
    release = tmp_path / "validated"
    srv = start(
        bundled().load(),
        bundled(),
        "127.0.0.1",
        0,
        limits=LIMITS,
        validate=lambda: wait_for_file(release),
    )
    site = srv.app.files
    assert isinstance(site, RenderedSite)
    site.dumps_wait = 0.5
    with srv.in_thread():
        assert get(srv.url, "/browse.html")[0] == 200
        assert get(srv.url, "/index.html")[0] == 503
        assert site._dumps is None, "no dumps while validating"
        release.touch()
        assert srv.validated.wait(60)
        site.dumps_wait = 60
        assert get(srv.url, "/index.html")[0] == 200
        assert get(srv.url, "/downloads/SHA256SUMS")[0] == 200


def test_a_server_stopped_before_it_serves_begins_no_validation(tmp_path: Path) -> None:
    """A signal between the start and the loop (Ctrl-C at once) stops the server: its
    validation is not begun then, which would leave a child running after the stop."""
    ran = tmp_path / "validated"
    srv = start(bundled().load(), bundled(), "127.0.0.1", 0, limits=LIMITS, validate=ran.touch)
    srv.stop()
    srv.run()
    assert not srv.validated.wait(1) and not ran.exists()


def test_data_that_does_not_conform_gets_no_dumps() -> None:
    def refuse() -> None:
        raise NonConformingError("the data does not conform: 1 violation(s)")

    srv = start(bundled().load(), bundled(), "127.0.0.1", 0, limits=LIMITS, validate=refuse)
    thread, raised = running(srv)
    assert srv.validated.wait(30) and srv.stopped.wait(30)
    thread.join(10)
    site = srv.app.files
    assert isinstance(site, RenderedSite) and site._dumps is None
    assert isinstance(srv.failure, NonConformingError) and raised == [srv.failure]


def test_data_found_not_to_conform_stops_the_server() -> None:
    kg = bundled().load()
    srv = start(kg, bundled(), "127.0.0.1", 0, limits=LIMITS)

    def refuse() -> None:
        raise NonConformingError("the data does not conform: 1 violation(s)")

    thread, raised = running(srv)
    srv.validate_in_background(refuse)
    assert srv.validated.wait(30) and srv.stopped.wait(30)
    thread.join(10)
    assert not thread.is_alive() and isinstance(srv.failure, NonConformingError)
    assert len(raised) == 1 and raised[0] is srv.failure, "run() raises the validation's error"


def test_cli_serve_exits_1_on_data_that_does_not_conform(tmp_path: Path) -> None:
    invalid = Path(__file__).parent / "fixtures" / "invalid"
    invalid /= "ActionPlanShape--end-date-missing.ttl"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "coekg", "serve", "--port", "0", "--data", str(invalid)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("serving http://127.0.0.1:")
    assert "does not conform" in lines[-1] and "coekg validate" in lines[-1]
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == [], "the temporary folder is removed"


def test_the_sparql_answers_are_kept(served: RunningServer) -> None:
    query = "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    first = get(served.url, query, "text/csv")
    held = len(served.app.answering.answers)
    second = get(served.url, query, "text/csv")
    assert first[0] == second[0] == 200 and first[2] == second[2]
    assert len(served.app.answering.answers) == held
    assert get(served.url, query, "application/sparql-results+json")[0] == 200
    assert len(served.app.answering.answers) == held + 1, "another media type, another answer"


def test_byte_cache_keeps_within_its_bound_least_recently_used_out() -> None:
    cache: ByteCache[bytes] = ByteCache(800, len)
    for i in range(10):
        cache.put(i, bytes(100))
    assert cache.held <= 800 and cache.get(0) is None and cache.get(9) is not None
    cache.get(2)
    cache.put("new", bytes(100))
    assert cache.get(2) is not None and cache.get(3) is None
    cache.put("huge", bytes(101))
    assert cache.get("huge") is None, "an entry over an eighth of the bound is not kept"
    wide: ByteCache[bytes] = ByteCache(800, len, largest=400)
    wide.put("large", bytes(400))
    wide.put("huge", bytes(401))
    assert wide.get("large") is not None and wide.get("huge") is None


def test_an_answer_up_to_the_result_limit_is_kept(served: RunningServer) -> None:
    """At a million statements canned queries answer several MB; an answer the endpoint gives
    must be kept, else every client asking for it has it evaluated again."""
    answers = served.app.answering.answers
    assert answers.largest == served.app.limits.result_bytes
    assert answers.limit >= 4 * served.app.limits.result_bytes


def test_forked_work_gives_its_value_or_its_error_without_a_traceback() -> None:
    assert Forked(lambda: [1, 2, 3]).result() == [1, 2, 3]
    with pytest.raises(NonConformingError, match="no"):
        Forked(refuse_data).result()
    with pytest.raises(CoekgError, match="ZeroDivisionError") as caught:
        Forked(lambda: 1 // 0).result()
    assert type(caught.value) is CoekgError


def refuse_data() -> None:
    raise NonConformingError("no")


def test_a_signal_at_any_moment_stops_the_server_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM or Ctrl-C may come at any point of the command's main thread, even where Python
    ignores exceptions: in a fork's hooks, as when the server forks its validation the moment
    it begins to serve (a script that waits for the address, then stops the server, sends it
    then). The handler, called here as the address is written with its exceptions ignored,
    still stops the server whole (its temporary site removed, its workers ended), and the
    command ends cleanly. It went on serving when the handler raised KeyboardInterrupt."""
    import contextlib
    import signal

    import click
    from click.testing import CliRunner, Result

    from coekg.cli import cli
    from coekg.serve import server as server_module

    started: list[RunningServer] = []
    real_start = server_module.start

    def recording_start(*args: Any, **kwargs: Any) -> RunningServer:
        started.append(real_start(*args, **kwargs))
        return started[-1]

    handlers: dict[int, Any] = {}
    echo = click.echo

    def echo_then_signal(message: Any = None, *args: Any, **kwargs: Any) -> None:
        echo(message, *args, **kwargs)
        if str(message).startswith("serving "):
            with contextlib.suppress(BaseException):  # as a fork's hooks do
                handlers[signal.SIGTERM](signal.SIGTERM, None)

    monkeypatch.setattr(server_module, "start", recording_start)
    monkeypatch.setattr(click, "echo", echo_then_signal)
    monkeypatch.setattr(
        signal, "signal", lambda signum, handler: handlers.update({signum: handler})
    )
    results: list[Result] = []
    command = threading.Thread(
        target=lambda: results.append(
            CliRunner().invoke(cli, ["serve", "--port", "0", "--no-validate"])
        ),
        daemon=True,
    )
    command.start()
    command.join(60)
    if command.is_alive():
        started[0].stop()
        command.join(30)
        pytest.fail("the server went on serving after the signal")
    assert results[0].exit_code == 0, results[0].output
    assert started[0].stopped.is_set()
    site = started[0].app.files
    assert isinstance(site, RenderedSite) and not site.root.exists(), "its site was left"
