"""Work run in a child process forked from the server, its outcome sent back.

Validating a million statements and writing their dumps are long and CPU-bound; in a thread
of the server they would hold the interpreter's lock against every request, and their memory
would stay in the server's heap. Forked, they run on another core, from the graph already in
memory (shared page for page, not read again), and their memory goes when they end. Only the
outcome comes back: the function's value, or the error it raised (:class:`CoekgError` kept as
it is, any other turned into one, so the server never shows a traceback).

Where processes cannot be forked (not Linux or macOS), the work runs in a thread instead.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable
from typing import Any

from coekg.errors import CoekgError


class Forked:
    """``work()`` started in a child process (or a thread); :meth:`result` waits for it."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._done = threading.Event()
        self._value: Any = None
        self._error: CoekgError | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            self.process: Any = context.Process(target=_child, args=(work, send), daemon=True)
            self.process.start()
            send.close()
            threading.Thread(target=self._wait, args=(receive,), daemon=True).start()
        else:
            self.process = None
            threading.Thread(target=self._in_thread, args=(work,), daemon=True).start()

    def _wait(self, receive: Any) -> None:
        try:
            ok, outcome = receive.recv()
        except (EOFError, OSError):
            ok, outcome = False, CoekgError("the work stopped before it ended")
        finally:
            receive.close()
        if ok:
            self._value = outcome
        else:
            self._error = outcome
        self.process.join()
        self._done.set()

    def _in_thread(self, work: Callable[[], Any]) -> None:
        ok, outcome = _outcome(work)
        if ok:
            self._value = outcome
        else:
            self._error = outcome
        self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the work has ended (waiting ``timeout`` seconds at most)."""
        return self._done.wait(timeout)

    def result(self) -> Any:
        """The work's value, once it has ended; raises the error it raised."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value

    def stop(self) -> None:
        """Stop the child process, if it runs, and wait for it to end."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(10)


def _outcome(work: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, work()
    except CoekgError as e:
        return False, e
    except Exception as e:
        return False, CoekgError(f"{type(e).__name__}: {e}")


def _child(work: Callable[[], Any], send: Any) -> None:
    # Ctrl-C reaches every process of the terminal's group: the server stops this one
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    outcome = _outcome(work)
    try:
        send.send(outcome)
    except Exception as e:  # the value or error does not pickle
        send.send((False, CoekgError(f"{type(e).__name__}: {e}")))
    finally:
        send.close()
