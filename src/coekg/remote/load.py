"""Loading the dataset into a remote triple store, atomically, and checking the result.

What lands in the target graph is exactly the triples of ``coekg export --format nt``:
the union of every named graph of the dataset (ontology, data, query catalogue), without
duplicates. Blank-node labels are the only thing not carried over, as no store keeps them.

Two standard protocols:

* with a store endpoint, the SPARQL 1.1 Graph Store HTTP Protocol: each batch is one
  ``POST`` of N-Triples to ``STORE?graph=IRI``; few, large requests, the fast way in;
* with only an update endpoint, SPARQL 1.1 Update: each batch is one ``INSERT DATA``, or
  ``INSERT { ... } WHERE {}`` when it holds blank nodes (Virtuoso refuses blank nodes in
  ``INSERT DATA``; both forms mean the same).

Batches keep every triple that mentions a blank node together with all the other triples
of that blank node, so blank nodes are not split across requests (each request is its own
document, so a split blank node would become two).

``replace=True`` never shows a half-loaded graph. With an update endpoint, the batches go
into a temporary graph (the target IRI plus a random suffix) which one update request then
``MOVE``\\ s onto the target: SPARQL 1.1 Update runs one request as one operation, so
readers see the old graph or the new one. If the load fails, the temporary graph is
dropped when the server can still be reached (and named in the error when it cannot); the
target graph is untouched. With only a store endpoint, the whole dataset is sent in one
streamed ``PUT`` to the target graph: that is as atomic as the server makes a single
``PUT``. Oxigraph (0.5) applies a ``PUT`` in one transaction (readers keep seeing the old
graph until it commits, and a failed ``PUT`` leaves it unchanged); for other stores give
an update endpoint.

After loading, the number of triples in the target graph is counted through the query
endpoint and compared with the local count, and a smoke query must return a row. Stores
may normalise literals (Oxigraph keeps ``"1.50"^^xsd:decimal`` as ``"1.5"``); should that
merge two triples of the data, the count check reports it.
"""

from __future__ import annotations

import re
import secrets
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.errors import EndpointError, InputError, NonConformingError
from coekg.rdf.disjoint_sets import DisjointSets
from coekg.remote import endpoint
from coekg.remote.http import Credentials, HttpClient, display_url

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.rdf.dataset import KnowledgeGraph

#: the graph loaded into when none is given: the dataset's IRI
DEFAULT_GRAPH = namespaces.DATASET
#: triples per request, by protocol. Virtuoso 7's SPARQL compiler runs out of parser
#: memory on an ``INSERT DATA`` of about 5,000 triples, hence the small update batches.
DEFAULT_BATCH_SIZE = {"gsp": 100_000, "update": 1_000}
NTRIPLES = "application/n-triples"
UPDATE_TYPE = "application/sparql-update; charset=utf-8"
BATCH_HINT = "if the endpoint cannot take batches this large, lower --batch-size"
PROTOCOL_NAMES = {
    "gsp": "SPARQL 1.1 Graph Store HTTP Protocol",
    "update": "SPARQL 1.1 Update",
}

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")

Progress = Callable[[int, int], None]


def check_iri(value: str) -> str | None:
    """Why ``value`` cannot be a graph IRI, or None when it can."""
    if not _IRI.fullmatch(value):
        return f"{value!r} is not an absolute IRI"
    return None


@dataclass(frozen=True)
class LoadSettings:
    """Where and how to load. ``query_url`` is used to verify the result."""

    query_url: str
    update_url: str | None = None
    store_url: str | None = None
    graph: str = DEFAULT_GRAPH
    replace: bool = False
    batch_size: int | None = None
    timeout: float = 300.0
    retries: int = 3
    credentials: Credentials | None = None

    def __post_init__(self) -> None:
        if self.update_url is None and self.store_url is None:
            raise ValueError("a store endpoint or an update endpoint is needed")
        problem = check_iri(self.graph)
        if problem:
            raise ValueError(problem)
        if self.batch_size is not None and self.batch_size < 1:
            raise ValueError("the batch size must be at least 1")

    @property
    def protocol(self) -> str:
        """``"gsp"`` with a store endpoint, else ``"update"``."""
        return "gsp" if self.store_url else "update"

    @property
    def size(self) -> int:
        return self.batch_size or DEFAULT_BATCH_SIZE[self.protocol]

    @property
    def single_put(self) -> bool:
        """Replacing with only a store endpoint: one PUT of everything."""
        return self.replace and self.update_url is None


@dataclass(frozen=True)
class LoadReport:
    """What a load did, as verified through the query endpoint."""

    graph: str
    protocol: str
    triples: int
    requests: int
    before: int
    after: int
    replaced: bool

    def summary(self) -> str:
        how = "replaced" if self.replaced else "added"
        return (
            f"{how} {self.triples} triples in <{self.graph}> "
            f"({PROTOCOL_NAMES[self.protocol]}, {self.requests} request(s)); "
            f"verified: the graph holds {self.after} triples (before: {self.before})"
        )


def triples_of(kg: KnowledgeGraph) -> list[ox.Triple]:
    """The triples ``coekg export --format nt`` writes: the union of all graphs of ``kg``
    with literals as written (:meth:`coekg.rdf.dataset.KnowledgeGraph.quads`), without
    duplicates."""
    return list(dict.fromkeys(q.triple for q in kg.quads()))


def batches(triples: Sequence[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """``triples`` cut into batches of at most ``size``, keeping blank nodes together.

    All triples that are connected through blank nodes go in the same batch, even when
    that makes the batch larger than ``size``.
    """
    import pyoxigraph as ox

    plain: list[ox.Triple] = []
    linked: list[ox.Triple] = []
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            linked.append(t)
        else:
            plain.append(t)
    out = [plain[i : i + size] for i in range(0, len(plain), size)]
    if not linked:
        return out
    groups_of: DisjointSets[ox.BlankNode] = DisjointSets()

    for t in linked:
        nodes = [n for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        for other in nodes[1:]:
            groups_of.join(nodes[0], other)
    groups: dict[ox.BlankNode, list[ox.Triple]] = {}
    for t in linked:
        node = t.subject if isinstance(t.subject, ox.BlankNode) else t.object
        assert isinstance(node, ox.BlankNode)
        groups.setdefault(groups_of.find(node), []).append(t)
    current: list[ox.Triple] = out.pop() if out and len(out[-1]) < size else []
    for group in groups.values():
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current.extend(group)
    out.append(current)
    return out


def ntriples(triples: Sequence[ox.Triple]) -> bytes:
    import pyoxigraph as ox

    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # serialize returns bytes when given no output
    return data


def insert(graph: str, triples: Sequence[ox.Triple], body: bytes) -> bytes:
    """The update adding ``triples`` (serialised as ``body``) to ``graph``.

    ``INSERT DATA`` for ground triples; with blank nodes ``INSERT { ... } WHERE {}``, which
    means the same (one fresh blank node per label) and which Virtuoso accepts, whereas it
    refuses blank nodes in ``INSERT DATA``.
    """
    import pyoxigraph as ox

    quads = b"GRAPH <" + graph.encode() + b"> {\n" + body + b"}"
    blank = any(
        isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
    )
    if blank:
        return b"INSERT { " + quads + b" } WHERE {}"
    return b"INSERT DATA { " + quads + b" }"


def temporary_graph(graph: str) -> str:
    """A fresh graph IRI derived from ``graph``, for loading before the move into place."""
    return f"{graph}-coekg-load-{secrets.token_hex(8)}"


def graph_url(store_url: str, graph: str) -> str:
    """The Graph Store Protocol URL of ``graph`` (indirect identification)."""
    sep = "&" if urllib.parse.urlsplit(store_url).query else "?"
    return f"{store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def describe(kg: KnowledgeGraph, settings: LoadSettings) -> list[str]:
    """The plan of :func:`load`, one line per fact, without contacting any endpoint."""
    triples = triples_of(kg)
    groups = batches(triples, settings.size)
    lines = [f"query endpoint:  {display_url(settings.query_url)} (verification)"]
    if settings.store_url:
        lines.append(f"store endpoint:  {display_url(settings.store_url)}")
    if settings.update_url:
        lines.append(f"update endpoint: {display_url(settings.update_url)}")
    lines.append(f"protocol:        {PROTOCOL_NAMES[settings.protocol]}")
    lines.append(f"graph:           <{settings.graph}>")
    if settings.single_put:
        mode = (
            "replace: one PUT of all triples to the graph "
            "(atomic where the store applies a PUT in one transaction, as Oxigraph does)"
        )
        requests = 1
    elif settings.replace:
        mode = (
            f"replace: load into <{settings.graph}-coekg-load-RANDOM>, then MOVE it onto "
            "the graph in one update request"
        )
        requests = len(groups) + 1
    else:
        mode = "add to the triples already in the graph"
        requests = len(groups)
    lines.append(f"mode:            {mode}")
    lines.append(f"triples:         {len(triples)}")
    lines.append(f"batches:         {len(groups)} of at most {settings.size} triples")
    lines.append(f"requests:        {requests} to load, 3 queries to verify (counts, smoke)")
    creds = settings.credentials
    user = f"{creds.user} (password from {creds.source})" if creds else "none"
    lines.append(f"user:            {user}")
    return lines


def load(
    kg: KnowledgeGraph,
    settings: LoadSettings,
    progress: Progress | None = None,
    client: HttpClient | None = None,
) -> LoadReport:
    """Load the triples of ``kg`` into ``settings.graph`` and verify the result.

    ``progress(sent, total)`` is called as triples go out. Raises
    :class:`EndpointError` when an endpoint fails (exit 3) and
    :class:`NonConformingError` when the verification finds a difference (exit 1).
    """
    triples = triples_of(kg)
    if not triples:
        raise InputError("nothing to load: the data holds no triple")
    groups = batches(triples, settings.size)
    http = client or HttpClient(
        settings.credentials, timeout=settings.timeout, retries=settings.retries
    )
    run = _Run(http, settings, progress, len(triples))
    before = run.count(settings.graph)
    if settings.single_put:
        run.put([ntriples(g) for g in groups], [len(g) for g in groups])
    elif settings.replace:
        run.replace(groups)
    else:
        run.upload(groups, settings.graph)
    after = run.count(settings.graph)
    _verify(settings, len(triples), before, after)
    if not run.has_rows(settings.graph):
        raise NonConformingError(
            f"verification failed: the smoke query on {display_url(settings.query_url)} "
            f"returned no row from <{settings.graph}>"
        )
    return LoadReport(
        settings.graph,
        settings.protocol,
        len(triples),
        run.requests,
        before,
        after,
        settings.replace,
    )


def _verify(settings: LoadSettings, local: int, before: int, after: int) -> None:
    where = f"<{settings.graph}> at {display_url(settings.query_url)}"
    if settings.replace or before == 0:
        if after != local:
            raise NonConformingError(
                f"verification failed: {where} holds {after} triples, expected {local}"
            )
    elif not local <= after <= before + local:
        raise NonConformingError(
            f"verification failed: {where} holds {after} triples, expected between "
            f"{max(local, before)} and {before + local} ({before} before + {local} added)"
        )


class _Run:
    """The requests of one load."""

    def __init__(
        self, http: HttpClient, settings: LoadSettings, progress: Progress | None, total: int
    ) -> None:
        self.http = http
        self.settings = settings
        self.progress = progress
        self.total = total
        self.requests = 0
        self.sent = 0

    def _advance(self, n: int) -> None:
        self.sent += n
        if self.progress is not None:
            self.progress(min(self.sent, self.total), self.total)

    def upload(self, groups: Sequence[Sequence[ox.Triple]], graph: str) -> None:
        for group in groups:
            body = ntriples(group)
            if self.settings.store_url:
                self.requests += 1
                self.http.request(
                    "POST",
                    graph_url(self.settings.store_url, graph),
                    [body],
                    {"Content-Type": NTRIPLES},
                )
            else:
                self.update(insert(graph, group, body), hint=BATCH_HINT)
            self._advance(len(group))

    def put(self, chunks: list[bytes], sizes: list[int]) -> None:
        assert self.settings.store_url
        self.requests += 1
        self.http.request(
            "PUT",
            graph_url(self.settings.store_url, self.settings.graph),
            chunks,
            {"Content-Type": NTRIPLES},
            on_sent=lambda i: self._advance(sizes[i]),
        )

    def replace(self, groups: Sequence[Sequence[ox.Triple]]) -> None:
        target = self.settings.graph
        temp = temporary_graph(target)
        moving = False
        try:
            self.upload(groups, temp)
            moving = True
            self.update(f"MOVE <{temp}> TO <{target}>".encode(), idempotent=False)
        except BaseException as e:
            cleanup = self._drop(temp)
            if not isinstance(e, EndpointError):
                raise
            state = "" if moving else f"; <{target}> is unchanged"
            raise EndpointError(f"{e}{state}; {cleanup}") from None

    def update(self, text: bytes, idempotent: bool = True, hint: str = "") -> None:
        assert self.settings.update_url
        self.requests += 1
        self.http.request(
            "POST",
            self.settings.update_url,
            [text],
            {"Content-Type": UPDATE_TYPE},
            idempotent=idempotent,
            hint=hint,
        )

    def _drop(self, temp: str) -> str:
        """Drop the temporary graph, once, without retrying; say what happened."""
        s = self.settings
        try:
            if s.update_url:
                self.http.request(
                    "POST",
                    s.update_url,
                    [f"DROP SILENT GRAPH <{temp}>".encode()],
                    {"Content-Type": UPDATE_TYPE},
                    retries=0,
                )
            else:
                assert s.store_url
                self.http.request("DELETE", graph_url(s.store_url, temp), retries=0)
        except EndpointError:
            return (
                f"the temporary graph <{temp}> may remain: drop it with "
                f"'DROP SILENT GRAPH <{temp}>'"
            )
        return "the temporary graph was dropped"

    def count(self, graph: str) -> int:
        return endpoint.count(self.http, self.settings.query_url, graph)

    def has_rows(self, graph: str) -> bool:
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT 1"
        return len(endpoint.bindings(self.http, self.settings.query_url, query)) == 1
