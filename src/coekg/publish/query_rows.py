"""The query pages' rows, answered in a process of their own beside the other pages.

A query page shows the first rows of its canned query's answer on the whole graph. At a
million statements the queries take seconds of Oxigraph's evaluation, which holds the
interpreter's lock, so a thread would not run beside the publishing process; and a publish
into an earlier site has little else for the second core to do once the dumps are written.
So for large data :func:`answering` forks a process as soon as the data is read, while the
publishing process checks the earlier site (a core is idle meanwhile; the process is stopped
if that site is up to date): it reads the graph's SPARQL store (seconds at a million
statements, beside the indexing of the graph here), then answers every query a
page shows (those without a required parameter, in the order of the pages) and sends each
answer back as it is ready, while this process writes the other pages and forks the
rendering helpers; a query page takes its rows when it is written.

The forked process queries a store of the same quads, so the rows are the same objects as
answered here (small data is answered here, the same way). An error of a query is raised
when its page is written, as it would be here.

``coekg publish`` forks the process earlier still, while the data is read
(:mod:`coekg.publish.early_answers`): it is sent the statements as they are read and
fills its store meanwhile, on the core that reading leaves idle.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import queue
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from coekg.errors import OutputError
from coekg.publish.statement_pipe import StatementPipe
from coekg.query import evaluate
from coekg.termination import end_at_once_on_sigterm, forking, leave_if_stopped, stop

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from coekg.query.catalogue import CannedQuery
    from coekg.query.results import Results
    from coekg.rdf.dataset import KnowledgeGraph

#: an answer as it is sent: the first rows and how many there are, or the query's error
_Outcome = tuple["Results", int] | BaseException


class Answers:
    """The first ``limit`` rows of the answers of ``queries`` on ``kg``'s store: from a
    forked process once :meth:`start` is called, else answered when asked for."""

    def __init__(self, kg: KnowledgeGraph | None, queries: list[CannedQuery], limit: int) -> None:
        #: the graph (set when it is read, for an answering process started before)
        self.kg = kg
        self.limit = limit
        self.queries = sorted(
            (q for q in queries if not any(p.required for p in q.parameters)),
            key=lambda q: q.name,
        )
        self.names = {q.name for q in self.queries}
        self.process: BaseProcess | None = None
        self.reader: Connection | None = None
        #: where the statements are sent, for a process started with ``fed``
        self.feed: StatementPipe | None = None
        self.received: dict[str, _Outcome] = {}

    def start(self, *, fed: bool = False) -> None:
        """Fork the process that answers the queries; it reads the store itself (this
        process needs none), or with ``fed`` fills one with the statements sent to
        :attr:`feed` (:mod:`coekg.publish.statement_pipe`)."""
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        if fed:
            self.feed = StatementPipe(*context.Pipe(duplex=False))
        # a daemon: stopped, not waited for, if this process ends without closing it
        process = context.Process(target=self._answer_all, args=(writer,), daemon=True)
        self.process, self.reader = process, reader  # closed even if the fork is stopped
        try:
            with forking():
                process.start()
        finally:
            writer.close()
            if self.feed is not None:
                self.feed.for_sender()

    def rows(self, query: CannedQuery, limit: int) -> tuple[Results, int]:
        """The first ``limit`` rows of ``query``'s answer and how many rows it has."""
        if self.reader is None or limit != self.limit or query.name not in self.names:
            if self.kg is None:
                raise ValueError("the graph is not read yet")
            return evaluate.first_rows(self.kg.store, query, limit)
        while query.name not in self.received:
            try:
                name, outcome = self.reader.recv()
            except EOFError:
                self.close()
                raise OutputError(
                    "the process answering the canned queries for their pages ended "
                    "before it was done"
                ) from None
            self.received[name] = outcome
        outcome = self.received[query.name]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def close(self) -> None:
        """Stop the process if it still runs (a page failed, or the publish did). The pipe
        is closed first: a process waiting to send an answer then ends at once."""
        if self.feed is not None:
            self.feed.close()
            self.feed = None
        if self.reader is not None:
            self.reader.close()
            self.reader = None
        if self.process is not None:
            stop(self.process)
            self.process = None

    def _answer_all(self, writer: Connection) -> None:
        """Answer every query and send each answer (in the forked process). A thread sends
        them: a large answer fills the pipe until the publishing process reads it, when it
        writes the query pages; the next queries are answered meanwhile."""
        if self.reader is not None:  # this process's copy: the pipe ends with the parent's
            self.reader.close()
        fed_from = self.feed
        if fed_from is not None:
            fed_from.for_receiver()
        outbox: queue.SimpleQueue[tuple[str, _Outcome] | None] = queue.SimpleQueue()
        sender = threading.Thread(target=_send_all, args=(writer, outbox), daemon=True)
        try:
            leave_if_stopped()
            end_at_once_on_sigterm()  # stopped while it reads the store: the site is up to date
            if fed_from is None:
                assert self.kg is not None
                store = self.kg.store
            else:
                gc.enable()  # forked while the data is read, with collection paused
                received = fed_from.received_store()
                if received is None:  # the publishing process stopped sending: it failed
                    return
                store = received
            sender.start()
            for query in self.queries:
                outcome: _Outcome
                try:
                    outcome = evaluate.first_rows(store, query, self.limit)
                except Exception as e:  # raised when its page is written
                    outcome = e
                outbox.put((query.name, outcome))
                if not sender.is_alive():  # the publishing process no longer listens
                    return
        finally:
            outbox.put(None)
            if sender.is_alive():
                sender.join()
            writer.close()


def _send_all(writer: Connection, outbox: queue.SimpleQueue[tuple[str, _Outcome] | None]) -> None:
    """Send the answers put in ``outbox`` until ``None``, or until the publishing process no
    longer listens."""
    while (answer := outbox.get()) is not None:
        if not _send(writer, answer):
            return


def _send(writer: Connection, answer: tuple[str, _Outcome]) -> bool:
    """Send ``answer``; ``False`` if the publishing process no longer listens (it stopped
    and closed the pipe: this process then ends quietly)."""
    name, _outcome = answer
    try:
        writer.send(answer)
    except OSError:
        return False
    except Exception as e:  # an error that cannot be sent as it is
        try:
            writer.send((name, OutputError(f"the answer to query {name} cannot be sent: {e}")))
        except OSError:
            return False
    return True


@contextlib.contextmanager
def answering(
    kg: KnowledgeGraph,
    queries: list[CannedQuery],
    limit: int,
    fork: bool,
    early: Answers | None = None,
) -> Iterator[Answers]:
    """The answers of ``queries`` for their pages: those of the process ``early`` if it
    was forked while ``kg`` was read (for the same queries and limit), else from a forked
    process if ``fork`` (large data, on a system that forks), else answered here when
    asked for."""
    answers = Answers(kg, queries, limit)
    if early is not None and early.process is not None:
        if (early.names, early.limit) != (answers.names, answers.limit):
            raise ValueError("the answers begun early are for other queries")
        early.kg, answers = kg, early
        fork = False  # forked already
    try:
        if fork:
            answers.start()
        yield answers
    finally:
        answers.close()
