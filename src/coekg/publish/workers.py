"""Writing every resource's files, on every core.

A large site is a hundred thousand resources of three files each; one process renders them
on one core. :func:`rendering` starts helper processes forked from this one (on Linux: they
share the graph view already built, page for page, instead of reading the data again), one
per core but one, each taking a chunk of resources at a time, while this process writes the
site-wide files (dumps, query pages, indexes). Then this process renders the chunks no
helper has taken yet, so every core works to the end and no more processes hold memory than
there are cores. Each process writes its files itself, straight into the new site, so only
the chunk and the digests pass between processes.

When an earlier site is given (incremental publishing), a resource's file whose digest is
unchanged is not rendered: the new site gets a hard link to the old file (a copy where the
file system has no hard links), so the unchanged files cost a directory entry each; when
the earlier site is changed in place (:mod:`coekg.publish.in_place`), not even that. The
resources the changed statements do not reach (:mod:`coekg.publish.settled`) keep their
earlier digests without computing them.

Where processes cannot be forked (not Linux or macOS), or for a small site, the work is done
in this process, the same way.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from coekg.progress import SILENT, Progress
from coekg.publish.resource_files import ResourceRenderer
from coekg.termination import forking

#: resources a worker takes at a time
CHUNK = 400
#: below this many resources the work is done in this process (forking costs more)
SERIAL_BELOW = 2000
SUFFIXES = (".ttl", ".jsonld", ".html")


@dataclass(frozen=True)
class Earlier:
    """The site published before into the same folder, and its digests."""

    folder: Path
    context: str
    #: resource path -> (description digest, page digest), hexadecimal
    resources: dict[str, tuple[str, str]]
    #: the paths of the resources known to be unchanged without computing their digests
    #: (:func:`coekg.publish.settled.settled_resources`)
    settled: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Job:
    """What every worker needs: inherited when it is forked, never sent."""

    renderer: ResourceRenderer
    folder: Path
    earlier: Earlier | None
    #: the earlier site is changed in place (:mod:`coekg.publish.in_place`): its files
    #: that stay the same are left there, not linked into ``folder``
    in_place: bool = False


@dataclass(frozen=True)
class Outcome:
    """What a chunk of resources came to: their digests, and how many files were written
    or kept (linked from the earlier site)."""

    digests: list[tuple[str, str, str]]  # path, description digest, page digest
    written: int
    kept: int


_JOB: Job | None = None


def core_count() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Pending:
    """Resources being written: :meth:`wait` gives the outcome."""

    def __init__(self, job: Job, chunks: list[list[tuple[str, str]]]) -> None:
        self.job = job
        self.chunks = chunks
        self.executor: ProcessPoolExecutor | None = None
        self.futures: list[Future[Outcome]] = []

    def start(self, helpers: int) -> None:
        """Fork ``helpers`` processes and offer them every chunk."""
        gc.collect()
        gc.freeze()  # the workers' collections leave the shared objects (and their pages) alone
        context = multiprocessing.get_context("fork")
        self.executor = ProcessPoolExecutor(helpers, mp_context=context)
        with forking():  # the first submit forks the helpers
            self.futures = [self.executor.submit(_run, chunk) for chunk in self.chunks]

    def wait(self, progress: Progress = SILENT) -> Outcome:
        """The outcome of every chunk: this process renders, from the last, those that no
        helper has started (all of them if there is no helper), then waits for the rest."""
        results: list[Outcome] = []

        def done(outcome: Outcome) -> None:
            results.append(outcome)
            progress.advance(len(outcome.digests))

        if self.executor is None:
            for chunk in self.chunks:
                done(_run(chunk))
        else:
            left = []
            for future, chunk in reversed(list(zip(self.futures, self.chunks, strict=True))):
                if future.cancel():
                    done(_run(chunk))
                else:
                    left.append(future)
            for future in reversed(left):
                done(future.result())
        digests = [d for outcome in results for d in outcome.digests]
        return Outcome(digests, sum(o.written for o in results), sum(o.kept for o in results))

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
            gc.unfreeze()


@contextlib.contextmanager
def rendering(job: Job, resources: list[tuple[str, str]], large: bool = False) -> Iterator[Pending]:
    """Start writing the files of ``resources`` (IRI, path pairs) into ``job.folder``, in
    worker processes where they can be forked (for many resources, or any of ``large``
    data, whose hubs' pages take long); the body of the ``with`` runs meanwhile."""
    global _JOB
    chunks = [resources[i : i + CHUNK] for i in range(0, len(resources), CHUNK)]
    pending = Pending(job, chunks)
    _JOB = job
    try:
        helpers = core_count() - 1
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if helpers > 0 and can_fork and resources and (large or len(resources) >= SERIAL_BELOW):
            pending.start(helpers)
        yield pending
    finally:
        pending.close()
        _JOB = None


def _run(chunk: list[tuple[str, str]]) -> Outcome:
    """Write the files of one chunk of resources (in a worker, or in this process)."""
    job = _JOB
    assert job is not None, "the job is set before the workers start"
    renderer, folder, earlier = job.renderer, job.folder, job.earlier
    context = renderer.info.context_url
    site = os.fspath(folder) + os.sep
    old_site = os.fspath(earlier.folder) + os.sep if earlier is not None else ""
    digests: list[tuple[str, str, str]] = []
    written = kept = 0
    for iri, path in chunk:
        old = earlier.resources.get(path) if earlier is not None else None
        described = None
        if old is not None and path in earlier.settled:  # type: ignore[union-attr]
            desc, page = old
            reuse = dict.fromkeys(SUFFIXES, True)
        else:
            described = renderer.describe(iri)
            d = renderer.digests(iri, described)
            desc, page = d.description.hex(), d.page.hex()
            reuse = {
                ".ttl": old is not None and old[0] == desc,
                ".jsonld": old is not None and old[0] == desc and earlier.context == context,  # type: ignore[union-attr]
                ".html": old is not None and old[1] == page,
            }
        digests.append((path, desc, page))
        for suffix in SUFFIXES:
            if reuse[suffix] and (
                job.in_place or _keep(old_site + path + suffix, site + path + suffix)
            ):
                kept += 1
            else:
                reuse[suffix] = False
        if all(reuse.values()):
            continue
        files = renderer.files(iri, path, described)
        made = {".ttl": files.ttl, ".jsonld": files.jsonld, ".html": files.html}
        for suffix in SUFFIXES:
            if not reuse[suffix]:
                write_new(site + path + suffix, made[suffix])
                written += 1
    return Outcome(digests, written, kept)


def _keep(source: str, target: str) -> bool:
    """Put the earlier site's file ``source`` at ``target`` in the new site (a hard link,
    else a copy); ``False`` if the earlier site does not have it. The paths are strings: a
    ``Path`` made per file took more CPU than the link itself (320,000 files at 1M, see
    benchmarks/README.md, "Sixth session of 2026-12-03")."""
    try:
        os.link(source, target)
        return True
    except FileNotFoundError:
        return False
    except OSError:  # no hard links here (another file system, too many links)
        pass
    try:
        shutil.copyfile(source, target)
    except FileNotFoundError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        return False
    return True


def write_new(path: str | Path, data: bytes) -> None:
    """Write the new file ``path`` (its folder exists)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        written = os.write(fd, data)
        if written < len(data):  # a short write: the rest, piece by piece
            view = memoryview(data)[written:]
            while view:
                view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
