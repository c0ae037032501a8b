"""Progress of long work, reported by the library and shown (or not) by the command line.

Long steps (reading a million statements, validating them, rendering a hundred thousand
pages, writing the dumps) take a :class:`Progress` and say what they are doing: a phase with
a name and, where it is known, how many items it has; then how many are done. The library
never prints: :data:`SILENT` ignores everything (the default), and the command line gives a
:class:`Progress` that draws a line on a terminal (``coekg.cli.progress``).

A phase ends when the next one starts or :meth:`Progress.finish` is called.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def phase(self, name: str, total: int | None = None) -> None:
        """Start the phase ``name`` (``reading``, ``rendering pages``...) of ``total`` items
        (``None``: a count is not known)."""

    def advance(self, done: int = 1) -> None:
        """``done`` more items of the current phase are done."""

    def finish(self) -> None:
        """The work is over (the last phase ends)."""


class _Silent:
    """A :class:`Progress` that shows nothing."""

    def phase(self, name: str, total: int | None = None) -> None:
        return None

    def advance(self, done: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


#: the progress of work nobody watches
SILENT: Progress = _Silent()
