"""Writing the dumps in a process of their own, from the moment the data is read.

The six compressed dumps (:mod:`coekg.publish.downloads`) of a large dataset are a third of
a publish's work, and they need nothing but the statements as read. Written by the main
process, they started only once the graph was indexed, and one core stood idle while it was.
So :func:`dumping` forks a process that writes them as soon as the data is read (on Linux
and macOS it shares the statements already in memory, page for page); this process indexes
the graph and renders pages meanwhile, and :meth:`Dumps.result` gives the dumps' records
(sizes and sums, for the home page, the catalogue and VoID) when those pages are written.

A small dataset, or where processes cannot be forked, has its dumps written in this process
when they are first asked for, the same bytes either way.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.errors import OutputError
from coekg.progress import SILENT, Progress
from coekg.publish.downloads import FOLDER, Download, write_downloads
from coekg.publish.gzip_pieces import EarlierFile
from coekg.publish.settled import changed_in_pieces
from coekg.publish.workers import core_count
from coekg.termination import forking, leave_if_stopped, stop

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from coekg.rdf.dataset import KnowledgeGraph

#: statements' text (bytes) below which the dumps are written in this process
FORK_FROM = 1 << 22


class Dumps:
    """The dumps of ``kg`` in ``site``: being written by a forked process, or to be written
    in this one when :meth:`result` is first called; with the compressed pieces of the
    ``earlier`` site's dumps (by file name) where they are the same."""

    def __init__(
        self, kg: KnowledgeGraph, site: Path, earlier: dict[str, EarlierFile] | None = None
    ) -> None:
        self.kg = kg
        self.site = site
        self.earlier = earlier
        self.process: BaseProcess | None = None
        self.reader: Connection | None = None
        self.downloads: list[Download] | None = None
        #: what the process sent before it was asked for the dumps (its error)
        self._first: list[Download] | BaseException | None = None

    def start_if_worth(self) -> None:
        """Fork the process that writes the dumps, if the dataset is large enough to gain
        by it and this system forks."""
        if self.process is None and self.downloads is None and worth_forking(self.kg):
            self.start()

    @property
    def forked(self) -> bool:
        """Whether a forked process writes the dumps (the dataset is large)."""
        return self.process is not None

    def start(self) -> None:
        """Fork the process that writes the dumps (and, with an earlier site, tells which
        statements changed first: :meth:`changed_statements`)."""
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_write, args=(self.kg, self.site, self.earlier, writer)
        )
        with forking():
            self.process.start()
        writer.close()
        self.reader = reader

    def changed_statements(self) -> list[bytes] | None:
        """The statements added or removed since the earlier site's dumps, as the forked
        process found them writing the N-Quads dump
        (:func:`~coekg.publish.settled.changed_in_pieces`); ``None`` if it cannot tell.
        Call it once, before :meth:`result`."""
        if self.process is None or self.reader is None or self.earlier is None:
            return None
        try:
            message: _Changed | list[Download] | BaseException = self.reader.recv()
        except EOFError:  # the process ended: :meth:`result` says so
            return None
        if isinstance(message, _Changed):
            return message.lines
        self._first = message  # its error, sent first
        return None

    def result(self, progress: Progress = SILENT) -> list[Download]:
        """The dumps' records, once they are written."""
        if self.downloads is not None:
            return self.downloads
        if self.process is None or self.reader is None:
            self.downloads = write_downloads(self.kg, self.site, progress, self.earlier)
            return self.downloads
        progress.phase("writing dumps")
        try:
            outcome = self._first if self._first is not None else self.reader.recv()
            while isinstance(outcome, _Changed):  # not asked for
                outcome = self.reader.recv()
        except EOFError:
            self.process.join()
            raise OutputError(
                f"{self.site}: the process writing the dumps ended (exit code "
                f"{self.process.exitcode}) before it was done"
            ) from None
        finally:
            self.reader.close()
            self.reader = None
        self.process.join()
        if isinstance(outcome, BaseException):
            raise outcome
        self.downloads = outcome
        return outcome

    def discard(self) -> None:
        """Stop the process if it was started, and remove what it wrote: the dumps are not
        needed (an earlier site's are kept instead)."""
        self.close()
        shutil.rmtree(self.site / FOLDER, ignore_errors=True)

    def close(self) -> None:
        """Stop the process if it still runs (the publish failed elsewhere)."""
        if self.process is not None:
            stop(self.process)
            self.process = None
        if self.reader is not None:
            self.reader.close()
            self.reader = None


@contextlib.contextmanager
def dumping(
    kg: KnowledgeGraph, site: Path, earlier: dict[str, EarlierFile] | None = None
) -> Iterator[Dumps]:
    """The dumps of ``kg`` in ``site`` (reusing ``earlier``'s pieces), begun in a forked
    process now if the dataset is large enough to gain by it and this system forks
    (:meth:`Dumps.discard` stops them when they are not needed after all)."""
    dumps = Dumps(kg, site, earlier)
    try:
        dumps.start_if_worth()
        yield dumps
    finally:
        dumps.close()


def can_fork() -> bool:
    """Whether a publish may fork processes to work beside it: two cores or more, on a
    system that forks."""
    return core_count() >= 2 and "fork" in multiprocessing.get_all_start_methods()


def worth_forking(kg: KnowledgeGraph) -> bool:
    """Whether the dataset is large enough for a publish to gain by forking processes (for
    the dumps, and for the query pages' answers), on a system that forks."""
    if not can_fork():
        return False
    # reading each part's text here computes it once, before the fork, for both processes
    return sum(len(part.text) for part in kg.parts) >= FORK_FROM


@dataclass(frozen=True)
class _Changed:
    """The statements that changed since the earlier dumps (``None``: not told)."""

    lines: list[bytes] | None


def _write(
    kg: KnowledgeGraph, site: Path, earlier: dict[str, EarlierFile] | None, writer: Connection
) -> None:
    """Write the dumps (in the forked process) and send their records, or the error; with
    ``earlier`` dumps, first the statements that changed since."""
    outcome: list[Download] | BaseException
    leave_if_stopped()

    def tell_changes(nquads: Download, made: list[bytes]) -> None:
        assert earlier is not None
        writer.send(_Changed(changed_in_pieces(made, earlier.get(nquads.name), nquads.pieces)))

    try:
        outcome = write_downloads(
            kg, site, earlier=earlier, on_nquads=tell_changes if earlier is not None else None
        )
    except Exception as e:  # sent to the main process, which raises it
        outcome = e
    try:
        writer.send(outcome)
    except Exception as e:  # an error that cannot be sent as it is
        writer.send(OutputError(f"{site}: cannot write the dumps ({e})"))
    finally:
        writer.close()
