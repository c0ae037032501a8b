"""Credentials: a password (from ``COEKG_PASSWORD`` or ``~/.netrc``) is never printed, logged
or written, in any form: not in messages, not with ``coekg --debug`` and its tracebacks,
not when a hostile endpoint quotes the request back (``Authorization: Basic ...`` is the
password in base64), not in files the command leaves.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.remote.http import Credentials
from coekg.remote.redact import redact

TESTS = Path(__file__).parent
WORLD = TESTS / "fixtures" / "valid" / "world.ttl"
USER = "alice"
PASSWORD = 'Pa55 "wörd"/&+:%'


def forms(user: str, password: str) -> list[str]:
    """Every spelling of the password a message could carry."""
    pair = base64.b64encode(f"{user}:{password}".encode()).decode()
    alone = base64.b64encode(password.encode()).decode()
    return [
        password,
        quote(password, safe=""),
        quote_plus(password),
        json.dumps(password)[1:-1],
        password.encode("unicode_escape").decode(),
        pair,
        pair.rstrip("="),
        alone.rstrip("="),
        repr(password)[1:-1],
    ]


FORMS = forms(USER, PASSWORD)


def assert_no_password(*texts: str) -> None:
    for text in texts:
        for form in FORMS:
            assert form not in text, f"the password ({form!r}) is in: {text[:500]!r}"


class EchoingEndpoint:
    """An endpoint that asks for credentials, then refuses them with ``status`` and an
    error page quoting the ``Authorization`` header it got, raw and decoded."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.authorized: list[str] = []
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def handle_one(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                auth = self.headers.get("Authorization")
                if auth is None:
                    self.reply(401, b"who are you?")
                    return
                endpoint.authorized.append(auth)
                decoded = base64.b64decode(auth.split()[-1]).decode("utf-8", "replace")
                page = f"<html><body><pre>refused {auth} ({decoded})</pre></body></html>"
                self.reply(endpoint.status, page.encode())

            def reply(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("WWW-Authenticate", 'Basic realm="coekg test"')
                if 300 <= status < 400:
                    self.send_header("Location", f"http://127.0.0.1:9/?echo={quote(body)}")
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = handle_one

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(params=[401, 403, 500, 302], ids=lambda s: f"HTTP {s}")
def echoing(request: pytest.FixtureRequest) -> Iterator[EchoingEndpoint]:
    server = EchoingEndpoint(request.param)
    yield server
    server.close()


@pytest.fixture(autouse=True)
def every_log_record(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture every log record of every logger, at every level; none may hold the password."""
    caplog.set_level(logging.DEBUG)
    yield caplog
    assert_no_password(caplog.text, *(str(r.args) for r in caplog.records))


def run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    workdir = cwd / "work"
    workdir.mkdir()
    with contextlib.chdir(workdir):
        result = CliRunner().invoke(cli, args, env=env)
    left = [p for p in workdir.rglob("*") if p.is_file()]
    assert_no_password(*(p.read_bytes().decode("utf-8", "replace") for p in left))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(repr(result.exception)) from result.exception
    output = result.stdout + result.stderr
    assert_no_password(output)
    return result.exit_code, output


def with_password() -> dict[str, str]:
    return {"COEKG_PASSWORD": PASSWORD, "NETRC": "/nonexistent/netrc"}


@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["", "debug"])
def test_query_never_shows_the_password(
    echoing: EchoingEndpoint, debug: list[str], tmp_path: Path
) -> None:
    args = [*debug, "query", "projects", "--endpoint", echoing.url + "/sparql", "--user", USER]
    code, output = run(args, with_password(), tmp_path)
    assert code == 3
    assert echoing.authorized, "the endpoint got the credentials (so it could quote them)"
    if debug:
        assert "Traceback" in output


@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["", "debug"])
def test_load_never_shows_the_password(
    echoing: EchoingEndpoint, debug: list[str], tmp_path: Path
) -> None:
    args = [
        *debug, "load", "--endpoint", echoing.url + "/sparql",
        "--store-endpoint", echoing.url + "/store", "--user", USER,
        "--retries", "1", "--timeout", "5", "--data", str(WORLD),
    ]  # fmt: skip
    code, output = run(args, with_password(), tmp_path)
    assert code == 3
    assert echoing.authorized
    assert echoing.url.split("//")[1] in output


@pytest.mark.parametrize("command", ["query", "load"])
def test_a_password_from_netrc(echoing: EchoingEndpoint, command: str, tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {quote(PASSWORD)}\n")
    netrc.chmod(0o600)
    secret = quote(PASSWORD)  # .netrc takes no spaces: the password is its quoted form here
    if command == "query":
        args = ["--debug", "query", "projects", "--endpoint", echoing.url + "/sparql"]
    else:
        args = [
            "--debug", "load", "--endpoint", echoing.url + "/sparql",
            "--store-endpoint", echoing.url + "/store", "--retries", "0", "--data", str(WORLD),
        ]  # fmt: skip
    code, output = run(args, {"NETRC": str(netrc)}, tmp_path)
    assert code == 3
    user, password = base64.b64decode(echoing.authorized[0].split()[-1]).decode().split(":", 1)
    assert (user, password) == (USER, secret)  # the .netrc entry, sent when the server asked
    for form in forms(USER, secret):
        assert form not in output


@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["", "debug"])
def test_dry_run_names_where_the_password_comes_from_never_the_password(
    debug: list[str], tmp_path: Path
) -> None:
    args = [
        *debug, "load", "--endpoint", "http://127.0.0.1:9/sparql",
        "--store-endpoint", "http://127.0.0.1:9/store", "--user", USER, "--dry-run",
        "--data", str(WORLD),
    ]  # fmt: skip
    code, output = run(args, with_password(), tmp_path)
    assert code == 0
    assert f"{USER} (password from COEKG_PASSWORD)" in output


@pytest.mark.parametrize("command", ["query", "load"])
def test_a_password_in_the_endpoint_url_is_never_shown(command: str, tmp_path: Path) -> None:
    url = f"http://{USER}:{quote(PASSWORD, safe='')}@127.0.0.1:9/sparql"
    if command == "query":
        args = ["--debug", "query", "projects", "--endpoint", url, "--timeout", "2"]
    else:
        args = ["--debug", "load", "--endpoint", url, "--store-endpoint", url, "--data", str(WORLD)]
    code, output = run(args, {}, tmp_path)  # run() finds no form of the password anywhere
    assert code == 2  # refused before anything is sent, by both commands alike
    assert "the password in COEKG_PASSWORD or ~/.netrc, not in the URL" in output


def test_credentials_hide_the_password_in_their_repr() -> None:
    creds = Credentials(USER, PASSWORD)
    assert_no_password(repr(creds), str(creds))


def test_redact_finds_every_form() -> None:
    text = " | ".join(FORMS)
    hidden = redact(text, USER, PASSWORD)
    assert_no_password(hidden)
    assert redact("nothing secret here", USER, PASSWORD) == "nothing secret here"
    assert redact("text", USER, None) == "text" and redact("text", USER, "") == "text"
