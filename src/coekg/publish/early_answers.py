"""The query pages' answers, begun while ``coekg publish`` reads the data.

Reading a million statements takes the publishing process about 1.7 s, during which the
second core is idle; the process that answers the query pages' queries
(:mod:`coekg.publish.query_rows`) then spends about 2 s of CPU filling its SPARQL store
before the first query. So :func:`answers_while_reading` gives the reading a
:class:`~coekg.rdf.dataset.StatementFeed`: once the statements read reach the size from
which a publish forks (:data:`~coekg.publish.dump_process.FORK_FROM`), it forks the
answering process and sends it every batch of N-Triples lines as it is parsed; the process
fills its store with them meanwhile and answers the queries once the last is sent. Its store
holds the text the parts hold, so the answers are those of a store filled after the reading.

Only the parts read whole (files that name their graphs, the query catalogue) and files that
restate the ontology (whose statements are set aside once the file is read: the process
then forgets what it was sent and is sent every part whole) wait for the end. Smaller data
forks nothing here, and :func:`coekg.publish.query_rows.answering` decides after the
reading, as for any other publish.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from coekg.publish import dump_process
from coekg.publish.query_rows import Answers

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.rdf.dataset import Part


class AnswersWhileReading:
    """A statement feed that forks :attr:`answers`' process once the statements read are
    large enough, and sends it the statements from then on."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        #: what is to be sent once the process is forked: (graph, text)
        self._waiting: list[tuple[str | None, bytes]] = []
        self._size = 0
        #: the parts whose statements were all sent as they were read (by identity)
        self._streamed: set[int] = set()

    def lines(self, text: bytes, graph: str) -> None:
        self._send(graph, text)

    def streamed(self, part: Part) -> None:
        self._streamed.add(id(part))

    def restart(self) -> None:
        self._streamed.clear()
        self._waiting.clear()
        self._size = 0
        if self.answers.feed is not None:
            self.answers.feed.restart()

    def read(self, parts: Sequence[Part]) -> None:
        """Send the parts not streamed whole, then the end; close the pipe."""
        for part in parts:
            if id(part) in self._streamed:
                continue
            self._send(None if part.graph is None else part.graph.value, part.text)
        self._streamed.clear()
        self._waiting.clear()
        feed, self.answers.feed = self.answers.feed, None
        if feed is not None:
            feed.end()

    def _send(self, graph: str | None, text: bytes) -> None:
        feed = self.answers.feed
        if feed is not None:
            feed.send(graph, text)
            return
        if self.answers.process is not None:  # forked and told the end (or stopped)
            raise ValueError("every statement was sent already")
        self._waiting.append((graph, text))
        self._size += len(text)
        if self._size >= dump_process.FORK_FROM and dump_process.can_fork():
            self.answers.start(fed=True)
            feed = self.answers.feed
            assert feed is not None
            for waiting in self._waiting:
                feed.send(*waiting)
            self._waiting.clear()


@contextlib.contextmanager
def answers_while_reading(project: Project, limit: int) -> Iterator[AnswersWhileReading]:
    """A feed for reading ``project``'s data that answers its canned queries (the first
    ``limit`` rows) in a process forked as large data is read; the process is stopped when
    the block ends (if publishing did not use it, or failed)."""
    from coekg.query.catalogue import catalogue

    answers = Answers(None, catalogue(project.queries), limit)
    try:
        yield AnswersWhileReading(answers)
    finally:
        answers.close()
