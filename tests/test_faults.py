"""Faults: endpoints that fail, and disks that refuse to be written.

Endpoints are small real HTTP servers on free 127.0.0.1 ports that answer 401, 403 or 500,
hang, drop the connection in the middle of a request, or answer rubbish; a port nothing
listens on refuses. ``coekg query --endpoint`` and ``coekg load`` must fail in bounded time
with one line naming the endpoint and the contract's exit code (3), retrying only where
that is safe.

Disks: an unwritable folder, and a full disk, simulated without root tricks by a file-size
limit (``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored so a write fails with ``EFBIG`` as it
would with ``ENOSPC``). A failing command leaves nothing behind, and an old site stays whole.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from tests.test_bad_input import is_root, without_root_file_access

TESTS = Path(__file__).parent
WORLD = TESTS / "fixtures" / "valid" / "world.ttl"


# --------------------------------------------------------------------------------------
# A faulty endpoint
# --------------------------------------------------------------------------------------


class FaultyEndpoint:
    """An HTTP server on a free loopback port that fails as :attr:`mode` says.

    Modes: ``401``, ``403``, ``500`` (with a body holding a server's internals), ``hang``
    (never answers), ``drop`` (closes the connection without an answer), ``garbage`` (200
    with a body that is not SPARQL results), ``slow-body`` (starts an answer, then stalls),
    ``truncated`` (starts an answer, then closes the connection),
    ``load-then-drop`` (answers the count queries at ``/sparql``, drops every upload).
    """

    def __init__(self) -> None:
        self.mode = "500"
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def handle_one(self) -> None:
                endpoint.requests.append((self.command, self.path))
                length = int(self.headers.get("Content-Length") or 0)
                mode = endpoint.mode
                if mode == "load-then-drop":
                    if self.path.startswith("/sparql"):
                        self.answer(200, COUNT_ZERO, "application/sparql-results+json")
                        return
                    mode = "drop"
                if mode == "drop":
                    self.rfile.read(min(length, 10))
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.rfile.read(length)
                if mode == "hang":
                    endpoint.release.wait(30)
                    return
                if mode == "slow-body":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b'{"head": {"vars": [')
                    self.wfile.flush()
                    endpoint.release.wait(30)
                    return
                if mode == "truncated":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b'{"head": {"vars": [')
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if mode == "garbage":
                    self.answer(200, b"<html>not results</html>", "application/sparql-results+json")
                    return
                status = int(mode)
                body = (
                    f"<html><body><h1>Error {status}</h1><pre>refused: /srv/secret/stack.py "
                    f"line 42</pre></body></html>"
                ).encode()
                self.answer(status, body, "text/html", status == 401)

            def answer(self, status: int, body: bytes, kind: str, challenge: bool = False) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if challenge:
                    self.send_header("WWW-Authenticate", 'Basic realm="coekg test"')
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = handle_one

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


COUNT_ZERO = json.dumps(
    {
        "head": {"vars": ["n"]},
        "results": {
            "bindings": [
                {
                    "n": {
                        "type": "literal",
                        "value": "0",
                        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                    }
                }
            ]
        },
    }
).encode()


@pytest.fixture
def endpoint() -> Iterator[FaultyEndpoint]:
    server = FaultyEndpoint()
    yield server
    server.close()


def refusing_url() -> str:
    """A loopback URL where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def invoke(args: list[str]) -> tuple[int, str, str, float]:
    started = time.monotonic()
    result = CliRunner().invoke(cli, args)
    took = time.monotonic() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr, took


def query_args(url: str) -> list[str]:
    return ["query", "projects", "--endpoint", url + "/sparql", "--timeout", "1"]


def load_args(url: str, retries: int = 1) -> list[str]:
    return [
        "load", "--endpoint", url + "/sparql", "--store-endpoint", url + "/store",
        "--timeout", "1", "--retries", str(retries), "--data", str(WORLD),
    ]  # fmt: skip


def assert_clear_failure(code: int, out: str, err: str, url: str) -> None:
    assert code == 3, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("coekg: error: "), err
    assert url.split("//")[1] in lines[0], "the message names the endpoint"
    assert "Traceback" not in err
    assert out == ""


# --------------------------------------------------------------------------------------
# Endpoint faults: coekg query --endpoint
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("401", "401"),
        ("403", "403"),
        ("500", "500"),
        ("hang", "within 1 s"),
        ("drop", ""),
        ("garbage", "not SPARQL JSON results"),
        ("slow-body", ""),
        ("truncated", ""),
    ],
)
def test_query_endpoint_faults(endpoint: FaultyEndpoint, mode: str, said: str) -> None:
    endpoint.mode = mode
    code, out, err, took = invoke(query_args(endpoint.url))
    assert_clear_failure(code, out, err, endpoint.url)
    assert said in err
    assert took < 15, f"took {took:.1f} s"


def test_query_endpoint_refusing() -> None:
    url = refusing_url()
    code, out, err, took = invoke(query_args(url))
    assert_clear_failure(code, out, err, url)
    assert took < 5


# --------------------------------------------------------------------------------------
# Endpoint faults: coekg load
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "said", "tries"),
    [
        ("401", "401", 1),  # an answer: never retried
        ("403", "403", 1),
        ("500", "500", 2),  # a server error: retried (--retries 1)
        ("hang", "no answer within 1 s", 2),  # a read of the count: safe to retry
        ("garbage", "not SPARQL JSON results", 1),
        ("truncated", "", 2),
        ("drop", "", 2),
    ],
)
def test_load_endpoint_faults(endpoint: FaultyEndpoint, mode: str, said: str, tries: int) -> None:
    endpoint.mode = mode
    code, out, err, took = invoke(load_args(endpoint.url))
    assert_clear_failure(code, out, err, endpoint.url)
    assert said in err
    assert len(endpoint.requests) == tries, endpoint.requests
    # the first request, counting the graph, failed: nothing was uploaded
    assert all(path.startswith("/sparql") for _, path in endpoint.requests), endpoint.requests
    assert took < 15, f"took {took:.1f} s"


def test_load_endpoint_refusing_is_retried_then_reported() -> None:
    url = refusing_url()
    code, out, err, took = invoke(load_args(url, retries=2))
    assert_clear_failure(code, out, err, url)
    assert "refused" in err and "tried 3 times" in err
    assert took < 10


def test_load_connection_dropped_in_the_middle_of_an_upload(endpoint: FaultyEndpoint) -> None:
    """The count query works; each upload loses its connection half-way."""
    endpoint.mode = "load-then-drop"
    code, out, err, took = invoke(load_args(endpoint.url, retries=1))
    assert_clear_failure(code, out, err, endpoint.url)
    uploads = [path for _, path in endpoint.requests if path.startswith("/store")]
    assert 1 <= len(uploads) <= 2, endpoint.requests
    assert took < 15


# --------------------------------------------------------------------------------------
# Disk faults
# --------------------------------------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def file_size_limit(limit: int) -> Callable[[], None]:
    """For a child process: writing past ``limit`` bytes fails with EFBIG (a full disk)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def coekg(
    args: list[str], cwd: Path, preexec: Callable[[], None], stdout: int | object = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "coekg", *args],
        cwd=cwd,
        env=env,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
        timeout=180,
        check=False,
    )


def assert_one_line(stderr: str, *fragments: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("coekg: error: "), stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.fixture(scope="module")
def old_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("old") / "site"
    result = CliRunner().invoke(cli, ["publish", "-o", str(site), "--data", str(WORLD)])
    assert result.exit_code == 0, result.output
    return site


FULL_DISK = [
    ["export", "-f", "turtle", "-o", "out/export.ttl"],
    ["export", "-f", "nt", "-o", "out/export.nt"],
    ["export", "-f", "jsonld", "-o", "out/export.jsonld"],
    ["query", "projects", "-f", "json", "-o", "out/projects.json"],
    ["publish", "-o", "out/site"],
]


@pytest.mark.parametrize("args", FULL_DISK, ids=lambda a: " ".join(a[:3]))
def test_full_disk_leaves_nothing_behind(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    done = coekg([*args, "--data", str(WORLD)], tmp_path, file_size_limit(600))
    assert done.returncode == 3, done.stderr
    assert_one_line(done.stderr, "out/", "File too large")
    assert list((tmp_path / "out").iterdir()) == []


def test_full_disk_while_publishing_over_a_site_keeps_the_old_one(
    tmp_path: Path, old_site: Path
) -> None:
    import shutil

    shutil.copytree(old_site, tmp_path / "out" / "site")
    done = coekg(["publish", "-o", "out/site"], tmp_path, file_size_limit(4096))
    assert done.returncode == 3, done.stderr
    assert_one_line(done.stderr, "out/site", "File too large")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["site"]
    assert digest(tmp_path / "out" / "site") == digest(old_site)


STDOUT_COMMANDS = [
    ["export", "-f", "nt"],
    ["export", "-f", "turtle"],
    ["query", "projects", "-f", "json"],
    [
        "validate",
        "-f",
        "turtle",
        "--data",
        str(TESTS / "fixtures" / "bad" / "untyped-resource.ttl"),
    ],
    ["queries"],
]


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_full_disk_behind_standard_output_is_an_error(args: list[str], tmp_path: Path) -> None:
    """``coekg export > file`` on a full disk: exit 3 and a message, not a cut-off file and
    exit 0 (Python's buffered output used to return a short count without raising)."""
    with (tmp_path / "stdout").open("wb") as out:
        done = coekg(args, tmp_path, file_size_limit(700), stdout=out)
    assert done.returncode == 3, done.stderr
    assert_one_line(done.stderr, "standard output", "File too large")


def unwritable(folder: Path) -> Callable[[], None]:
    folder.chmod(0o555)
    return without_root_file_access if is_root() else (lambda: None)


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o", "ro/export.ttl"],
        ["query", "projects", "-o", "ro/projects.txt"],
        ["publish", "-o", "ro/site"],
    ],
    ids=lambda a: a[0],
)
def test_unwritable_folder(args: list[str], tmp_path: Path) -> None:
    if sys.platform != "linux" and is_root():
        pytest.skip("as root, only Linux capabilities make chmod 555 stop writing")
    folder = tmp_path / "ro"
    folder.mkdir()
    try:
        done = coekg([*args, "--data", str(WORLD)], tmp_path, unwritable(folder))
    finally:
        folder.chmod(0o755)
    assert done.returncode == 3, done.stderr
    assert_one_line(done.stderr, "ro/", "ermission denied")
    assert list(folder.iterdir()) == []


def test_unwritable_site_folder_keeps_the_old_site(tmp_path: Path, old_site: Path) -> None:
    """The site's folder can be read but not replaced, and other data is published into
    it: nothing changes."""
    import shutil

    parent = tmp_path / "ro"
    parent.mkdir()
    shutil.copytree(old_site, parent / "site")
    try:  # the bundled data, not the old site's
        done = coekg(["publish", "-o", "ro/site"], tmp_path, unwritable(parent))
    finally:
        parent.chmod(0o755)
    assert done.returncode == 3, done.stderr
    assert_one_line(done.stderr, "ro/site")
    assert sorted(p.name for p in parent.iterdir()) == ["site"]
    assert digest(parent / "site") == digest(old_site)


def test_an_unwritable_site_that_is_up_to_date_is_published(tmp_path: Path, old_site: Path) -> None:
    """The same data again needs no file written (the site is up to date), so a folder
    that cannot be written is no failure."""
    import shutil

    parent = tmp_path / "ro"
    parent.mkdir()
    shutil.copytree(old_site, parent / "site")
    try:
        done = coekg(
            ["publish", "-o", "ro/site", "--data", str(WORLD)], tmp_path, unwritable(parent)
        )
    finally:
        parent.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("published "), done.stdout
    assert sorted(p.name for p in parent.iterdir()) == ["site"]
    assert digest(parent / "site") == digest(old_site)


#: ``coekg publish`` of the bundled data with its three forks (the process answering the
#: query pages' queries, the dumps' process, then the rendering helper), and SIGTERM sent
#: from inside the hooks of fork number ``argv[1]``, as
#: when the signal comes while the process forks: Python then runs the handler inside the
#: hook, where an exception is printed and ignored
FORK_SIGNALLED = """
import os, signal, sys

import coekg.publish.dump_process, coekg.publish.workers
from coekg.cli import main

coekg.publish.dump_process.FORK_FROM = 0  # fork at any size, on any number of cores
coekg.publish.workers.SERIAL_BELOW = 1
coekg.publish.dump_process.core_count = coekg.publish.workers.core_count = lambda: 2
signalled = int(sys.argv[1])
forks = []

def signal_in_the_hook():
    forks.append(1)
    if len(forks) == signalled:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):  # the handler runs here, inside the hook
            pass

os.register_at_fork(after_in_parent=signal_in_the_hook)
sys.argv = ["coekg", "-q", "publish", "--no-validate", "-o", "site"]
main()
"""


@pytest.mark.parametrize("fork", [1, 2, 3], ids=["query answers", "dumps", "helper"])
def test_sigterm_while_publish_forks_is_not_lost(tmp_path: Path, fork: int) -> None:
    """SIGTERM that comes while ``coekg publish`` forks still stops it (exit 143, nothing
    left behind): without :func:`coekg.termination.forking` the fork swallowed the exception
    and the command ran to its end."""
    done = subprocess.run(
        [sys.executable, "-c", FORK_SIGNALLED, str(fork)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_sigterm_during_publish_leaves_nothing_behind(tmp_path: Path) -> None:
    """Killed (SIGTERM) while the new site is being built: the build folder goes too."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "coekg", "publish", "-o", "site", "--no-validate"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(tmp_path.glob(".site.*")) and proc.poll() is None:
        assert time.monotonic() < deadline, "the build never started"
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the site was finished before the signal arrived")
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def _deaf() -> None:
    """A child that ignores SIGTERM, as one does that lost the signal."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(60)


def test_a_forked_child_that_does_not_end_is_killed() -> None:
    """``termination.stop`` waits for a stopped child, and kills it if it does not end:
    a SIGTERM that comes before the child's Python runs its fork hooks is lost there."""
    import multiprocessing

    from coekg import termination

    child = multiprocessing.get_context("fork").Process(target=_deaf)
    child.start()
    time.sleep(0.5)  # its handler is set
    started = time.monotonic()
    termination.stop(child, grace=0.5)
    assert child.exitcode == -signal.SIGKILL
    assert time.monotonic() - started < 30
    never_started = multiprocessing.get_context("fork").Process(target=_deaf)
    termination.stop(never_started)  # nothing to stop


DEFERRED = """
import os, signal
from coekg import termination

termination.raise_on_sigterm()
try:
    with termination.deferred():
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(100_000):  # the handler would run here, were the signal not held
            pass
        print("the block ended", flush=True)
    print("after the block", flush=True)
except SystemExit as e:
    print("stopped with", e.code, flush=True)
"""


def test_a_sigterm_held_back_arrives_when_the_block_ends() -> None:
    """``coekg publish`` makes its build folder inside ``termination.deferred()``: a signal
    that comes meanwhile is raised once the folder is known, and the folder removed (the
    signal could come between making it and recording it, which left it behind)."""
    done = subprocess.run(
        [sys.executable, "-c", DEFERRED], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.splitlines() == ["the block ended", "stopped with 143"], done.stderr
