"""The query server (coekg.query.server): real background processes, started and stopped
by these tests, answering ``coekg query`` with the bytes the command computes alone."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled as bundled_project
from coekg.query import client, kept_store
from coekg.query import server_files as files
from coekg.query.kept_store import identify
from coekg.synth.generator import generate
from tests.test_queries import cases, param_args

SERVICE_QUERY = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n"


def run(*args: str, code: int = 0) -> bytes:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.stdout_bytes


def alone_and_served_agree(*args: str) -> bool:
    return run(*args) == run(*args, "--no-cache")


def stderr_of(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


class Servers:
    """Starts servers in a cache folder of its own, and ends every one it started."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pids: list[int] = []

    def start(self, *args: str) -> dict[str, object]:
        run("query-server", "start", *args)
        status = self.status(*args)
        assert status is not None
        self.pids.append(int(str(status["pid"])))
        return status

    def status(self, *args: str) -> dict[str, object] | None:
        data = [value for option, value in itertools.pairwise(args) if option == "--data"]
        return client.status_of(identify(bundled_project(), data or None)[0])

    def answered(self, *args: str) -> int:
        status = self.status(*args)
        return -1 if status is None else int(str(status["queries_answered"]))

    def end(self) -> None:
        for key in client.server_keys():
            client.stop(key)
        for pid in self.pids:
            if files.is_alive(pid):
                os.kill(pid, signal.SIGKILL)


def log_of(servers: Servers) -> str:
    (log,) = (servers.folder / "servers").glob("*.log")
    return log.read_text()


@pytest.fixture
def servers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Servers]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COEKG_CACHE_DIR", str(folder))
    started = Servers(folder)
    yield started
    started.end()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic data file, settled (changed more than two seconds ago) once used."""
    path = tmp_path_factory.mktemp("served") / "world.nt"
    with path.open("wb") as out:
        generate(3000, out, seed=3)
    return path


def wait_until(check: object, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(check) and check():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("fmt", ["csv", "table", "json"])
def test_every_canned_query_gets_the_bytes_of_the_command_alone(servers: Servers, fmt: str) -> None:
    servers.start()
    asked = 0
    for _stem, name, params in cases():
        args = ["query", name, *param_args(params), "--format", fmt]
        assert alone_and_served_agree(*args), name
        asked += 1
    assert servers.answered() == asked


def test_a_table_fits_the_width_of_the_terminal_that_asks(
    servers: Servers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server lays out a table for the width of the command's terminal (COLUMNS)."""
    servers.start()
    for columns in ("80", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        assert alone_and_served_agree("query", "treaties")
    assert run("query", "treaties").startswith(b"state  ")
    monkeypatch.setenv("COLUMNS", "80")
    assert run("query", "treaties").startswith(b"-[ 1 ]-")
    assert servers.answered() == 4


def test_large_data_is_answered_from_memory_not_from_the_kept_store(
    servers: Servers, world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_store, "MIN_BYTES", 0)  # without the server, a store is kept
    servers.start("--data", str(world))
    for name in ("organisations", "people", "summary"):
        args = ["query", name, "--data", str(world), "-f", "tsv"]
        assert alone_and_served_agree(*args)
    assert servers.answered("--data", str(world)) == 3
    assert not any(p.name != "servers" for p in servers.folder.iterdir())  # no store kept


def test_a_query_file_is_answered_by_the_server(
    servers: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    servers.start()
    (tmp_path / "mine.rq").write_text(
        "PREFIX coekg: <https://w3id.org/coekg/def#>\n"
        "SELECT (COUNT(?p) AS ?projects) WHERE { ?p a coekg:Project }\n"
    )
    monkeypatch.chdir(tmp_path)  # a relative path: the server runs elsewhere
    assert alone_and_served_agree("query", "mine.rq", "-f", "csv")
    assert servers.answered() == 1


def test_a_failing_query_fails_as_it_does_without_the_server(
    servers: Servers, tmp_path: Path
) -> None:
    servers.start()
    path = tmp_path / "service.rq"
    path.write_text(SERVICE_QUERY)
    alone = stderr_of("query", str(path), "--no-cache")
    served = stderr_of("query", str(path))
    assert served == alone
    assert alone[0] == 3 and "service.rq: cannot run the query" in alone[1]
    assert servers.status() is not None  # still serving


def test_a_parameter_error_is_a_usage_error_before_anything_is_sent(servers: Servers) -> None:
    servers.start()
    code, err = stderr_of("query", "active-projects", "--param", "date=yesterday")
    assert code == 2 and "date" in err
    assert servers.answered() == 0


def test_a_changed_file_is_never_answered_from_memory(
    servers: Servers, world: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data.nt"
    data.write_bytes(world.read_bytes())
    time.sleep(0.1)
    servers.start("--data", str(data))  # waits for the file to settle
    before = run("query", "summary", "--data", str(data), "-f", "csv")
    pid = servers.pids[-1]
    with data.open("ab") as out:
        out.write(
            b"<https://w3id.org/coekg/id/project/added> "
            b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            b"<https://w3id.org/coekg/def#Project> .\n"
        )
    after = run("query", "summary", "--data", str(data), "-f", "csv")
    assert after != before
    assert after == run("query", "summary", "--data", str(data), "-f", "csv", "--no-cache")
    # the server sees the change by itself and stops, removing its connection file
    assert wait_until(lambda: not files.is_alive(pid))
    assert not list((servers.folder / "servers").glob("*.json"))
    assert "stopped: the files changed" in log_of(servers)


def test_start_twice_keeps_the_running_server(servers: Servers) -> None:
    first = servers.start()
    out = run("query-server", "start").decode()
    assert out.startswith("query server already running: pid ") and str(first["pid"]) in out


def test_status_and_stop(servers: Servers, world: Path) -> None:
    assert run("query-server", "status").decode() == "no query server is running\n"
    bundled = servers.start()
    large = servers.start("--data", str(world))
    listed = json.loads(run("query-server", "status", "--format", "json"))
    assert sorted(s["pid"] for s in listed) == sorted([bundled["pid"], large["pid"]])
    text = run("query-server", "status").decode()
    assert "of the bundled data" in text and f"of {world}" in text
    out = run("query-server", "stop", "--data", str(world)).decode()
    assert out == f"stopped query server pid {large['pid']}\n"
    assert not files.is_alive(int(str(large["pid"])))
    assert run("query-server", "stop", "--data", str(world)).decode() == (
        "no query server is running for these files\n"
    )
    assert (
        run("query-server", "stop", "--all").decode()
        == f"stopped query server pid {bundled['pid']}\n"
    )
    assert run("query-server", "status").decode() == "no query server is running\n"


def test_all_and_data_exclude_each_other(servers: Servers, world: Path) -> None:
    code, err = stderr_of("query-server", "stop", "--all", "--data", str(world))
    assert code == 2 and "exclude" in err


def test_bad_data_fails_to_start_naming_file_and_line(servers: Servers, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n")
    code, err = stderr_of("query-server", "start", "--data", str(bad))
    assert code == 3
    assert err.count("\n") == 1 and f"{bad}:3" in err  # the error alone: stderr is no terminal
    assert not list((servers.folder / "servers").glob("*.json"))
    assert client.running() == []


def test_a_dead_server_is_ignored_and_forgotten(servers: Servers) -> None:
    status = servers.start()
    os.kill(int(str(status["pid"])), signal.SIGKILL)
    assert wait_until(lambda: not files.is_alive(int(str(status["pid"]))))
    assert alone_and_served_agree("query", "treaties", "-f", "csv")
    assert not list((servers.folder / "servers").glob("*.json"))


def test_sigterm_stops_it_cleanly(servers: Servers) -> None:
    status = servers.start()
    os.kill(int(str(status["pid"])), signal.SIGTERM)
    assert wait_until(lambda: not files.is_alive(int(str(status["pid"]))))
    assert not list((servers.folder / "servers").glob("*.json"))


def test_an_idle_server_stops_by_itself(servers: Servers) -> None:
    status = servers.start("--idle", "0.02")  # minutes: 1.2 s
    assert wait_until(lambda: not files.is_alive(int(str(status["pid"]))))
    assert not list((servers.folder / "servers").glob("*.json"))
    assert "stopped: no query for 1.2 s" in log_of(servers)


def test_a_removed_connection_file_stops_it(servers: Servers) -> None:
    status = servers.start()
    for path in (servers.folder / "servers").glob("*.json"):
        path.unlink()
    assert wait_until(lambda: not files.is_alive(int(str(status["pid"]))))


def test_the_connection_file_is_private_and_the_token_stays_in_it(servers: Servers) -> None:
    servers.start()
    folder = servers.folder / "servers"
    (path,) = folder.glob("*.json")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    token = json.loads(path.read_text())["token"]
    assert len(token) == 64
    shown = run("query-server", "status", "--format", "json").decode()
    run("query", "summary")
    log = next(folder.glob("*.log")).read_text()
    assert token not in shown and token not in log


def test_a_request_without_the_token_is_refused(servers: Servers) -> None:
    servers.start()
    (path,) = (servers.folder / "servers").glob("*.json")
    connection = files.read_connection(path)
    assert connection is not None
    for token in ("", "0" * 64, "é" * 64, None):
        with socket.create_connection(("127.0.0.1", connection.port), timeout=5) as sock:
            request = {"op": "query", "name": "summary", "params": {}, "format": "csv"}
            sock.sendall(json.dumps({**request, "token": token}).encode() + b"\n")
            with sock.makefile("rb") as stream:
                header = files.read_line(stream)
        assert header == {
            "ok": False,
            "message": "refused: wrong token",
            "exit_code": 3,
            "length": 0,
        }
    # garbage is dropped without an answer, and the server goes on
    with socket.create_connection(("127.0.0.1", connection.port), timeout=5) as sock:
        sock.sendall(b"\x00not json\n")
        assert sock.recv(10) == b""
    assert servers.answered() == 0


def test_clients_at_once_all_get_their_answer(servers: Servers, world: Path) -> None:
    servers.start("--data", str(world))
    names = ["organisations", "people", "projects", "summary", "timeline", "funding"]
    expected = {n: run("query", n, "--data", str(world), "-f", "tsv", "--no-cache") for n in names}
    got: dict[str, bytes | None] = {}

    def ask(name: str) -> None:
        got[name] = client.ask(
            bundled_project(), [world], name=name, file=None, params={}, fmt="tsv"
        )

    threads = [threading.Thread(target=ask, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert got == expected


#: a query that keeps the server busy for seconds on the bundled data
LONG_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?k { 1 2 3 4 } }\n"


def test_other_requests_are_answered_while_a_long_query_runs(
    servers: Servers, tmp_path: Path
) -> None:
    servers.start()
    path = tmp_path / "long.rq"
    path.write_text(LONG_QUERY)
    got: dict[str, bytes | None] = {}

    def long() -> None:
        got["long"] = client.ask(
            bundled_project(), None, name=None, file=path, params={}, fmt="csv"
        )

    thread = threading.Thread(target=long)
    thread.start()
    assert wait_until(lambda: (servers.status() or {}).get("queries_running") == 1)
    assert alone_and_served_agree("query", "treaties", "-f", "csv")
    assert thread.is_alive() and servers.answered() == 1  # treaties, from the server
    thread.join(300)
    assert got["long"] == run("query", str(path), "-f", "csv", "--no-cache")
    assert servers.answered() == 2


def test_a_server_that_refuses_is_passed_over(servers: Servers) -> None:
    """A connection file whose token the server at its port refuses (a stale file naming a
    port now used by another server) makes ``coekg query`` answer by itself."""
    servers.start()
    (path,) = (servers.folder / "servers").glob("*.json")
    doc = json.loads(path.read_text())
    path.write_text(json.dumps({**doc, "token": "0" * 64}))
    assert alone_and_served_agree("query", "treaties", "-f", "csv")
    assert "answered" not in log_of(servers)


def test_a_slow_local_answer_suggests_the_query_server(
    servers: Servers, world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coekg.cli import query as query_cli

    monkeypatch.setattr(query_cli, "HINT_SECONDS", 0.0)
    code, err = stderr_of("query", "summary", "--data", str(world))
    assert code == 0
    assert err == (
        f"hint: 'coekg query-server start --data {world}' keeps the data in memory "
        "for faster answers\n"
    )
    assert stderr_of("query", "summary", "--data", str(world), "--no-cache") == (0, "")
    servers.start("--data", str(world))
    assert stderr_of("query", "summary", "--data", str(world)) == (0, "")
