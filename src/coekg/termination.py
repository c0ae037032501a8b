"""SIGTERM as an exception, so that a command stopped by ``kill``, a CI timeout or systemd
removes its temporary files and half-built sites as an error would; Python's default leaves
them behind.

The exception can be lost. Python runs a signal's handler at the next step of Python code,
and when the signal comes while the process forks, that step may be in a hook the fork runs
(``logging`` registers some), where Python prints the exception and goes on: the command
would run to its end. So the handler also records the signal, and the code that forks does
it inside :func:`forking`, which raises the exception again if the fork swallowed it; the
traceback Python would print for the swallowed one is left out.

A forked child can lose a SIGTERM too: in its own fork hooks (it calls
:func:`leave_if_stopped` first), or before them, where Python forgets the signals that came
since the fork. So its parent stops it with :func:`stop`, which kills it if it has not ended
after a few seconds.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

#: the signal whose exception may not have reached the code yet (see :func:`forking`)
_received: int | None = None


def raise_on_sigterm() -> None:
    """Make SIGTERM raise ``SystemExit(143)`` (128 + the signal's number, as a shell
    reports a process it ended). ``coekg serve`` sets its own handler."""

    def terminated(signum: int, frame: object) -> None:
        global _received
        _received = signum
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    sys.unraisablehook = _quiet_about_termination(sys.unraisablehook)


def _quiet_about_termination(hook: Any) -> Any:
    """``sys.unraisablehook`` that says nothing of the exception a fork's hook swallowed
    when it is the signal's (raised again by :func:`forking`), and passes the rest on."""

    def unraisable(unraisable: Any) -> None:
        if _received is not None and unraisable.exc_type is SystemExit:
            return
        hook(unraisable)

    return unraisable


@contextlib.contextmanager
def forking() -> Iterator[None]:
    """Around code that forks: a SIGTERM whose exception the fork's hooks swallowed is
    raised when the block ends. In the child, which never leaves the block, nothing
    changes."""
    global _received
    _received = None
    yield
    if _received is not None:
        signum, _received = _received, None
        raise SystemExit(128 + signum)


def leave_if_stopped() -> None:
    """First thing in a forked child: end it as SIGTERM would if the signal came while it
    was forked, where the fork's hooks swallowed the exception (the child would go on)."""
    if _received is not None:
        raise SystemExit(128 + _received)


def end_at_once_on_sigterm() -> None:
    """In a forked child that leaves nothing behind (it writes no file): SIGTERM ends it at
    once, as by default. The handler of :func:`raise_on_sigterm` would run only when a long
    call into Rust returns (reading a million statements into a store: seconds), and its
    parent, stopping it, would wait that long."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


#: seconds a stopped child has to end before it is killed
GRACE = 5.0


def stop(process: BaseProcess, grace: float = GRACE) -> None:
    """Stop the forked child ``process`` (if it was started) and wait for it: SIGTERM,
    then SIGKILL if it has not ended after ``grace`` seconds (the signal is lost if it came
    before the child's Python runs its fork hooks)."""
    if process.pid is None:
        return
    if process.is_alive():
        process.terminate()
        process.join(grace)
        if process.is_alive():
            process.kill()
    process.join()


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """SIGTERM held back inside the block, and delivered when it ends: around a step whose
    result the code that cleans up must know, such as making the folder it removes (a
    signal between making it and recording it would leave it behind)."""
    if not hasattr(signal, "pthread_sigmask"):  # not on this system
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
