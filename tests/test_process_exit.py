"""The console command ends its process as Python's exit would, without freeing every
object (:mod:`coekg.cli.process_exit`): same exit status, threads waited for, ``atexit``
functions run, standard output and error complete."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli

COEKG = [sys.executable, "-c", "from coekg.cli import main; main()"]
#: standard output buffered, as it is by default when it is not a terminal
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _exit_now(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a Python process that ends with ``exit_now(code)`` after leaving work behind:
    buffered output, a thread still running, an ``atexit`` function, a temporary folder."""
    script = textwrap.dedent(
        f"""
        import atexit, sys, tempfile, threading, time, weakref
        from pathlib import Path
        from coekg.cli.process_exit import exit_now

        def late():
            time.sleep(0.3)
            Path({str(tmp_path / "thread")!r}).write_text("done")

        threading.Thread(target=late).start()
        atexit.register(lambda: print("atexit ran"))
        left = tempfile.TemporaryDirectory(dir={str(tmp_path)!r})
        Path({str(tmp_path / "folder")!r}).write_text(left.name)
        sys.stdout.write("buffered, no line end")
        sys.stderr.write("to stderr")
        exit_now({code})
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=BUFFERED,
    )


@pytest.mark.parametrize(
    ("code", "status"), [("None", 0), ("0", 0), ("3", 3), ("True", 1), ("258", 2)]
)
def test_the_status_is_pythons_and_the_exit_work_is_done(
    code: str, status: int, tmp_path: Path
) -> None:
    done = _exit_now(code, tmp_path)
    assert done.returncode == status
    assert done.stdout == "buffered, no line endatexit ran\n"
    assert done.stderr == "to stderr"
    assert (tmp_path / "thread").read_text() == "done"  # the thread was waited for
    left = Path((tmp_path / "folder").read_text())
    assert not left.exists()  # weakref.finalize removed the temporary folder


def test_a_message_is_printed_and_gives_1(tmp_path: Path) -> None:
    done = _exit_now("'coekg: stopped'", tmp_path)
    assert done.returncode == 1
    assert done.stderr == "to stderrcoekg: stopped\n"


@pytest.mark.parametrize("end", ["", "from coekg.cli.process_exit import exit_now; exit_now(0)"])
def test_stdout_that_cannot_be_flushed_gives_120(end: str) -> None:
    """Standard output is a pipe nobody reads: the buffered text cannot be written at the
    end, and the status is 120 with ``exit_now`` as with Python's own exit."""
    script = (
        "import os, sys; r, w = os.pipe(); os.close(r); os.dup2(w, 1); "
        f"sys.stdout.write('x' * 10); {end}"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=60, env=BUFFERED
    )
    assert done.returncode == 120


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["queries"], 0),
        (["publish", "--no-such-option"], 2),
        (["validate", "--data", "/no/such/file.ttl"], 3),
    ],
)
def test_the_console_command_exits_as_the_command_says(
    args: list[str], status: int, tmp_path: Path
) -> None:
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:
        done = subprocess.run(
            [*COEKG, *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=BUFFERED,
        )
    assert done.returncode == status, done.stderr
    expected = CliRunner().invoke(cli, args)
    assert expected.exit_code == status
    assert out.read_text() == expected.stdout  # written whole before the process ended
