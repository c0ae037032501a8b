"""The end of the ``coekg`` process: what Python's exit does, without freeing every object.

When the interpreter exits it waits for the threads that are not daemons, runs the
``atexit`` functions (``multiprocessing`` stops its children there, ``weakref.finalize``
removes temporary folders, ``logging`` flushes) and flushes standard output and error; then
it frees every object one by one. A publish of a million statements holds tens of millions
of them: freeing them took 0.6 s of an 11 s command, work the operating system does at once
when the process ends.

So the console command (:func:`coekg.cli.main`) takes the first steps itself and then ends
the process with :func:`os._exit`. The exit status is Python's: ``None`` is 0, a number is
itself, anything else is printed on standard error and gives 1; a failure to flush standard
output gives 120, as Python's exit does. Every file the commands write is closed by a
``with`` block before this runs; nothing relies on an object being freed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn


def exit_now(code: object) -> NoReturn:
    """End the process with the status ``SystemExit(code)`` would give, once the threads
    are done, the ``atexit`` functions have run and standard output and error are flushed."""
    status = _status(code)
    shutdown = getattr(threading, "_shutdown", None)  # what the exit runs first
    if shutdown is not None:
        shutdown()
    else:  # pragma: no cover (every CPython has it)
        for thread in threading.enumerate():
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            status = status or 120
    os._exit(status)


def _status(code: object) -> int:
    """The exit status of ``SystemExit(code)``; a message is printed as Python prints it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    with contextlib.suppress(OSError, ValueError):
        print(code, file=sys.stderr)
    return 1
