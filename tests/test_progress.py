"""Progress of long steps: phase lines on standard error when it is a terminal (a
pseudo-terminal here), never on standard output, and nothing at all when standard error is
not a terminal or ``coekg --quiet`` is given."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.servers import OxigraphServer

ROOT = Path(__file__).resolve().parents[1]
COEKG = [sys.executable, "-m", "coekg"]
#: the escape that clears the rest of the terminal's line before a phase line is redrawn
CLEAR = b"\r\x1b[K"


def on_terminal(
    args: list[str], cwd: Path, until: bytes | None = None, seconds: float = 300
) -> tuple[int, bytes, bytes]:
    """Run ``coekg ARGS`` with standard error on a pseudo-terminal and standard output on a
    pipe; return the exit code, standard output and what the terminal showed. With
    ``until``, the process is sent SIGTERM once the terminal shows it (a server)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*COEKG, *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
    )
    os.close(follower)
    assert process.stdout is not None
    shown, out = bytearray(), bytearray()
    open_fds = {leader: shown, process.stdout.fileno(): out}
    deadline = time.monotonic() + seconds
    try:
        while open_fds:
            left = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select(list(open_fds), [], [], left)
            if not ready:
                pytest.fail(f"coekg {args} did not end; it showed {bytes(shown)!r}")
            for fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # every writer of the terminal is gone
                    chunk = b""
                if not chunk:
                    del open_fds[fd]
                    continue
                open_fds[fd] += chunk
            if until is not None and until in shown:
                process.send_signal(signal.SIGTERM)
                until = None
        return process.wait(timeout=60), bytes(out), bytes(shown)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)


def plain(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run ``coekg ARGS`` with standard output and error on pipes."""
    return subprocess.run([*COEKG, *args], cwd=cwd, capture_output=True, timeout=300, check=False)


def phases(shown: bytes) -> list[str]:
    """The finished phase lines the terminal showed (each ends with its duration)."""
    text = shown.decode().replace("\r\n", "\n")
    return [
        line.rsplit(CLEAR.decode(), 1)[-1]
        for line in text.split("\n")
        if re.search(r", \d+\.\d s$", line)
    ]


def test_publish_shows_each_phase_with_counts_on_a_terminal_and_nothing_on_stdout(
    tmp_path: Path,
) -> None:
    code, out, shown = on_terminal(["publish", "-o", str(tmp_path / "site")], tmp_path)
    assert code == 0, shown
    assert re.fullmatch(rb"published \d+ resources \(\d+ files\) to \S+\n", out)
    done = phases(shown)
    names = [re.sub(r" [\d,]+/[\d,]+.*| \(.*|, \d.*", "", line) for line in done]
    assert names[:3] == [
        "coekg: reading the data",
        "coekg: validating",
        "coekg: indexing the graph",
    ]
    assert "coekg: writing dumps" in names and "coekg: swapping the new site in" in names
    resources = int(out.split()[1])
    assert any(
        re.fullmatch(
            rf"coekg: rendering pages {resources:,}/{resources:,} \(100%\), \d+\.\d s", line
        )
        for line in done
    ), done


def test_publish_shows_nothing_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = plain(["publish", "-o", str(tmp_path / "site")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout.startswith(b"published ")


@pytest.mark.parametrize("quiet", ["--quiet", "-q"])
def test_quiet_shows_nothing_on_a_terminal(tmp_path: Path, quiet: str) -> None:
    code, out, shown = on_terminal([quiet, "publish", "-o", str(tmp_path / "site")], tmp_path)
    assert code == 0
    assert shown == b""
    assert out.startswith(b"published ")


def test_export_writes_the_same_bytes_with_progress_shown(tmp_path: Path) -> None:
    code, out, shown = on_terminal(["export", "--format", "nt"], tmp_path)
    assert code == 0, shown
    assert out == plain(["export", "--format", "nt"], tmp_path).stdout
    assert [re.sub(r", \d.*", "", line) for line in phases(shown)] == [
        "coekg: reading the data",
        "coekg: validating",
        "coekg: writing nt",
    ]


def test_validate_and_synth_show_their_phases(tmp_path: Path) -> None:
    data = tmp_path / "s.ttl"
    code, out, shown = on_terminal(["synth", "--triples", "2000", "-o", str(data)], tmp_path)
    assert code == 0 and out == b""
    assert [re.sub(r", \d.*", "", line) for line in phases(shown)] == [
        "coekg: writing about 2,000 synthetic triples"
    ]
    code, out, shown = on_terminal(["validate", "--data", str(data)], tmp_path)
    assert code == 0, out
    assert [re.sub(r", \d.*", "", line) for line in phases(shown)] == [
        "coekg: reading the data",
        "coekg: validating (fast)",
    ]
    assert out == plain(["validate", "--data", str(data)], tmp_path).stdout


def test_an_error_ends_the_phase_line_before_the_message(tmp_path: Path) -> None:
    missing = tmp_path / "missing.ttl"
    code, out, shown = on_terminal(["publish", "--data", str(missing), "-o", "site"], tmp_path)
    assert code == 3 and out == b""
    text = shown.decode()
    assert re.search(r"coekg: reading the data, \d+\.\d s\r\ncoekg: error: ", text), text


def test_serve_shows_its_start_then_the_address(tmp_path: Path) -> None:
    _code, _out, shown = on_terminal(
        ["serve", "--port", "0"], tmp_path, until=b"Ctrl-C stops", seconds=120
    )
    names = [re.sub(r" [\d,]+/.*|, \d.*", "", line) for line in phases(shown)]
    # nothing is published first: the data is validated while the server runs
    assert names == ["coekg: reading the data", "coekg: indexing the graph"]
    assert re.search(rb"\x1b\[Kcoekg: indexing the graph, [\d.]+ s\r\nserving ", shown)


def test_query_server_start_shows_a_phase_only_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COEKG_CACHE_DIR", str(tmp_path / "cache"))  # its own servers
    try:
        code, out, shown = on_terminal(["query-server", "start", "--idle", "1"], tmp_path)
        assert code == 0, shown
        assert out.startswith(b"query server started: ")
        assert [re.sub(r", \d.*", "", line) for line in phases(shown)] == [
            "coekg: reading the data into a query server"
        ]
        again = plain(["query-server", "start"], tmp_path)
        assert again.stderr == b"" and again.stdout.startswith(b"query server already running")
    finally:
        plain(["query-server", "stop", "--all"], tmp_path)


@pytest.mark.endpoint
def test_load_counts_the_statements_sent(tmp_path: Path, oxigraph_server: OxigraphServer) -> None:
    args = [
        "load",
        "--endpoint",
        oxigraph_server.query_url,
        "--store-endpoint",
        oxigraph_server.store_url,
    ]
    code, out, shown = on_terminal(args, tmp_path)
    assert code == 0, shown
    done = phases(shown)
    assert re.fullmatch(r"coekg: loading into the store ([\d,]+)/\1 \(100%\), \d+\.\d s", done[-1])
    assert b"\x1b" not in out
    quiet = on_terminal(["-q", *args, "--replace"], tmp_path)
    assert quiet[0] == 0 and quiet[2] == b""


def test_the_terminal_line_is_redrawn_in_place_and_ended_once() -> None:
    from coekg.cli.progress import TerminalProgress

    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress.phase("rendering pages", 3)
    progress.advance(3)
    progress.phase("writing")
    progress.finish()
    progress.finish()
    lines = stream.getvalue().split("\n")
    assert lines[-1] == ""
    assert re.fullmatch(r".*\r\x1b\[Kcoekg: rendering pages 3/3 \(100%\), \d+\.\d s", lines[0])
    assert re.fullmatch(r"\r\x1b\[Kcoekg: writing\r\x1b\[Kcoekg: writing, \d+\.\d s", lines[1])
    assert len(lines) == 3
