"""Loading a new edition into a graph that holds the old one: only the difference, at once.

``coekg load --since OLD`` compares the edition the graph holds (OLD, read as ``--data``
reads it, with the project's ontology and query catalogue: exactly what ``coekg load`` sent
then) with the new one, and sends the difference as one SPARQL 1.1 Update request
(:mod:`coekg.diff.sparql_update`), which the store applies as one operation: readers see
the old edition or the new one.

The update is right only for a graph that holds OLD, so before sending it the graph is
checked through the query endpoint:

* it holds as many triples as OLD (the count ``coekg load`` verifies);
* it holds every statement the update removes; the pattern of each blank-node structure
  to remove matches as many times as OLD holds copies of it (a pattern that matched a
  larger structure too would delete part of it);
* it holds none of the statements without blank nodes that the update adds.

Otherwise nothing is sent, and the error says to load in full (exit 1). Afterwards the
graph must hold as many triples as the new edition, and every statement added, as after a
full load.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg.diff import sparql_update
from coekg.diff.changes import EditionDiff, compare
from coekg.diff.edition import of_graph
from coekg.errors import NonConformingError
from coekg.remote import endpoint
from coekg.remote.http import HttpClient, display_url
from coekg.remote.load import PROTOCOL_NAMES, UPDATE_TYPE, LoadSettings

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.rdf.dataset import KnowledgeGraph

#: statements per checking query (Virtuoso 7's SPARQL compiler has little parser memory)
CHECK_BATCH = 200
FULL_LOAD = "load it in full with --replace instead"


@dataclass(frozen=True)
class IncrementalReport:
    """What ``coekg load --since`` did, as verified through the query endpoint."""

    graph: str
    removed: int
    added: int
    requests: int
    before: int
    after: int

    def summary(self) -> str:
        if not self.requests:
            return (
                f"nothing sent: the new edition is the same as the one <{self.graph}> holds; "
                f"verified: the graph holds {self.after} triples"
            )
        return (
            f"updated <{self.graph}>: removed {self.removed} and added {self.added} triples "
            f"({PROTOCOL_NAMES['update']}, 1 request); verified: the graph holds "
            f"{self.after} triples (before: {self.before})"
        )


def difference(old: KnowledgeGraph, new: KnowledgeGraph) -> EditionDiff:
    """What a graph holding ``old`` lacks and has too many of, to hold ``new``."""
    return compare(of_graph(old, "--since"), of_graph(new, "the data"))


def describe(diff: EditionDiff, settings: LoadSettings) -> list[str]:
    """The plan of :func:`load_since`, one line per fact, without contacting any endpoint."""
    assert settings.update_url
    creds = settings.credentials
    user = f"{creds.user} (password from {creds.source})" if creds else "none"
    return [
        f"query endpoint:  {display_url(settings.query_url)} (checks and verification)",
        f"update endpoint: {display_url(settings.update_url)}",
        f"protocol:        {PROTOCOL_NAMES['update']}",
        f"graph:           <{settings.graph}>",
        "mode:            incremental: if the graph holds the edition of --since "
        f"({diff.old_size} triples), one update removes {len(diff.removed)} and adds "
        f"{len(diff.added)} triples",
        f"triples:         {diff.new_size}",
        f"requests:        {1 if not diff.same else 0} to load, queries to check before and after",
        f"user:            {user}",
    ]


def load_since(
    diff: EditionDiff, settings: LoadSettings, client: HttpClient | None = None
) -> IncrementalReport:
    """Turn ``settings.graph``, which must hold ``diff``'s old edition, into its new one.

    Raises :class:`NonConformingError` (exit 1) when the graph does not hold the old
    edition (nothing is sent) or when the result is not the new edition, and
    :class:`~coekg.errors.EndpointError` (exit 3) when an endpoint fails.
    """
    assert settings.update_url, "an incremental load needs an update endpoint"
    http = client or HttpClient(
        settings.credentials, timeout=settings.timeout, retries=settings.retries
    )
    query_url, graph = settings.query_url, settings.graph
    where = f"<{graph}> at {display_url(query_url)}"
    text = sparql_update.update(diff, graph)
    before = endpoint.count(http, query_url, graph)
    if before != diff.old_size:
        raise NonConformingError(
            f"{where} does not hold the edition given with --since: it holds {before} "
            f"triples, that edition {diff.old_size}; {FULL_LOAD}"
        )
    if not _holds_removed(http, query_url, graph, diff):
        raise NonConformingError(
            f"{where} does not hold the edition given with --since: statements of it that "
            f"the new edition drops are missing; {FULL_LOAD}"
        )
    if _holds_any(http, query_url, graph, diff.added):
        raise NonConformingError(
            f"{where} does not hold the edition given with --since: it already holds "
            f"statements that only the new edition has; {FULL_LOAD}"
        )
    requests = 0
    if text:
        http.request(
            "POST",
            settings.update_url,
            [text.encode()],
            {"Content-Type": UPDATE_TYPE},
            idempotent=False,
        )
        requests = 1
    after = endpoint.count(http, query_url, graph)
    if after != diff.new_size:
        raise NonConformingError(
            f"verification failed: {where} holds {after} triples, expected {diff.new_size}"
        )
    if not _holds_all(http, query_url, graph, diff.added):
        raise NonConformingError(
            f"verification failed: {where} lacks statements of the new edition"
        )
    return IncrementalReport(graph, len(diff.removed), len(diff.added), requests, before, after)


def _holds_all(http: HttpClient, url: str, graph: str, triples: Sequence[ox.Triple]) -> bool:
    """Whether the graph holds every statement of ``triples`` (blank nodes as variables)."""
    for chunk in _chunks(triples):
        patterns = " ".join(f"{sparql_update.pattern(t)} ." for t in chunk)
        if not endpoint.ask(http, url, f"ASK {{ GRAPH <{graph}> {{ {patterns} }} }}"):
            return False
    return True


def _holds_removed(http: HttpClient, url: str, graph: str, diff: EditionDiff) -> bool:
    """Whether the graph holds the statements to remove: those without blank nodes, and
    each structure exactly as many times as the old edition holds it."""
    ground = [t for t in diff.removed if not sparql_update.has_blank_node(t)]
    if not _holds_all(http, url, graph, ground):
        return False
    for structure, (copies, _) in sparql_update.removed_structures(diff):
        patterns = " ".join(f"{sparql_update.pattern(t)} ." for t in structure)
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ {patterns} }} }}"
        rows = endpoint.bindings(http, url, query)
        if not rows or rows[0].get("n", {}).get("value") != str(copies):
            return False
    return True


def _holds_any(http: HttpClient, url: str, graph: str, triples: Sequence[ox.Triple]) -> bool:
    """Whether the graph holds any statement of ``triples`` that has no blank node."""
    ground = [t for t in triples if not sparql_update.has_blank_node(t)]
    for chunk in _chunks(ground):
        union = " UNION ".join(f"{{ {t} }}" for t in chunk)
        if endpoint.ask(http, url, f"ASK {{ GRAPH <{graph}> {{ {union} }} }}"):
            return True
    return False


def _chunks(triples: Sequence[ox.Triple]) -> Iterator[Sequence[ox.Triple]]:
    """``triples`` in runs of :data:`CHECK_BATCH`, a blank-node structure never split."""
    ground = [t for t in triples if not sparql_update.has_blank_node(t)]
    for i in range(0, len(ground), CHECK_BATCH):
        yield ground[i : i + CHECK_BATCH]
    yield from sparql_update.structures([t for t in triples if sparql_update.has_blank_node(t)])
