"""Progress of a long command, shown on standard error when it is a terminal.

A command opens :func:`shown` and gives the :class:`coekg.progress.Progress` it yields to
the library. On a terminal it draws one line per phase, redrawn in place as the work
advances (``coekg: rendering pages 12,345/106,865 (11%)``), and leaves it finished, with
its duration, when the next phase starts. When standard error is not a terminal (a log, a
pipe, CI) or ``coekg --quiet`` is given, nothing is drawn. Standard output, where results
go, is never written.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import TextIO

import click

from coekg.progress import SILENT, Progress

#: seconds between two redraws of a phase's line
REDRAW_EVERY = 0.1


class TerminalProgress:
    """A :class:`coekg.progress.Progress` that draws phase lines on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.name: str | None = None
        self.total: int | None = None
        self.done = 0
        self.started = 0.0
        self.drawn_at = 0.0

    def phase(self, name: str, total: int | None = None) -> None:
        self._end_line()
        self.name, self.total, self.done = name, total, 0
        self.started = time.monotonic()
        self._draw("")

    def advance(self, done: int = 1) -> None:
        if self.name is None:
            return
        self.done += done
        if time.monotonic() - self.drawn_at >= REDRAW_EVERY:
            self._draw("")

    def finish(self) -> None:
        self._end_line()

    def _line(self) -> str:
        line = f"coekg: {self.name}"
        if self.total is not None:
            line += f" {self.done:,}/{self.total:,}"
            if self.total:
                line += f" ({100 * self.done // self.total}%)"
        elif self.done:
            line += f" {self.done:,}"
        return line

    def _draw(self, end: str) -> None:
        self.drawn_at = time.monotonic()
        self.stream.write("\r\x1b[K" + self._line() + end)
        self.stream.flush()

    def _end_line(self) -> None:
        """Draw the phase as finished, with its duration, and go to the next line."""
        if self.name is None:
            return
        if self.total is not None:
            self.done = max(self.done, self.total)
        self._draw(f", {time.monotonic() - self.started:.1f} s\n")
        self.name = None


def wanted() -> bool:
    """Whether progress is shown: standard error is a terminal and ``--quiet`` is not given."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().params.get("quiet"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


@contextlib.contextmanager
def shown() -> Iterator[Progress]:
    """The progress of the command: drawn on standard error when :func:`wanted`, else
    :data:`coekg.progress.SILENT`. The last line is ended before the command's results (or
    its error) are written."""
    if not wanted():
        yield SILENT
        return
    progress = TerminalProgress(sys.stderr)
    try:
        yield progress
    finally:
        progress.finish()
