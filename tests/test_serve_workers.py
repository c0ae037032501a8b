"""The query workers of ``coekg serve``, forked from one process holding the store, and the
memory accounting the load benchmark checks its target with.

Linux only, as CI (``/proc``). The pool runs real processes on a small N-Quads file: a
worker stopped at the time limit is killed (its process gone) and replaced by a fork of the
store process (its parent), which still has one thread; closing the pool leaves no process
behind.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coekg.query.catalogue import CannedQuery
from coekg.serve.memory import descendants, tree_memory
from coekg.serve.query_workers import QueryPool
from coekg.serve.sparql import FirstRowsRequest, Limits, QueryRequest, Reply, RowsReply

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def threads_of(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[QueryPool]:
    data = tmp_path / "data.nq"
    data.write_text(
        "".join(
            f'<https://e.org/s{i}> <https://e.org/p> "{i}" <https://e.org/g> .\n' for i in range(60)
        )
    )
    pool = QueryPool(data, Limits(query_seconds=1.0, result_bytes=100_000, query_workers=1))
    data.unlink()  # the store has read it: the pool no longer needs the file
    yield pool
    pool.close()


def ask(pool: QueryPool, query: str) -> tuple[int, bytes]:
    reply = pool.run(QueryRequest(query, "text/csv"))
    return reply.status, reply.body


def test_the_workers_are_forks_of_the_store_process(pool: QueryPool) -> None:
    assert ask(pool, COUNT) == (200, b"n\r\n60\r\n")
    (worker,) = pool.pids()
    assert parent_of(worker) == pool.store.pid
    assert threads_of(pool.store.pid or 0) == 1  # what makes its forks safe
    assert parent_of(pool.store.pid or 0) == os.getpid()


def test_a_worker_over_the_time_limit_is_killed_and_replaced_by_a_fork(pool: QueryPool) -> None:
    (stopped,) = pool.pids()
    started = time.monotonic()
    status, body = ask(pool, SLOW)
    assert status == 503 and b"longer than 1 seconds" in body
    assert time.monotonic() - started < 3
    deadline = time.monotonic() + 10
    while alive(stopped) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(stopped)
    assert ask(pool, COUNT) == (200, b"n\r\n60\r\n")  # the data file is gone: a fork answers
    (fresh,) = pool.pids()
    assert fresh != stopped and parent_of(fresh) == pool.store.pid


def test_closing_the_pool_ends_the_store_process_and_its_workers(tmp_path: Path) -> None:
    data = tmp_path / "data.nq"
    data.write_text('<https://e.org/s> <https://e.org/p> "o" .\n')
    pool = QueryPool(data, Limits(query_workers=2))
    processes = [pool.store.pid or 0, *pool.pids()]
    assert len(processes) == 3 and all(alive(p) for p in processes)
    pool.close()
    deadline = time.monotonic() + 10
    while any(alive(p) for p in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(p) for p in processes)


def test_memory_counts_every_process_of_the_tree_and_shared_pages_once(pool: QueryPool) -> None:
    me = os.getpid()
    tree = descendants(me)
    assert tree[0] == me and pool.store.pid in tree and set(pool.pids()) <= set(tree)
    memory = tree_memory(me)
    alone = tree_memory(pool.pids()[0])
    assert memory.processes >= 3 and alone.processes == 1
    assert 0 < alone.pss <= alone.rss <= alone.peak_rss
    # a fork shares its pages with the store process: its PSS is well under its RSS
    assert alone.pss < alone.rss
    assert memory.pss < memory.rss <= memory.peak_rss


def test_memory_of_a_fake_proc_tree(tmp_path: Path) -> None:
    """The sums and the walk, on a ``/proc`` laid out by hand (a process gone is 0)."""
    for pid, children, rss, hwm, pss in ((1, "2 3", 100, 150, 60), (2, "4", 50, 50, 20)):
        task = tmp_path / str(pid) / "task" / str(pid)
        task.mkdir(parents=True)
        (task / "children").write_text(children)
        (tmp_path / str(pid) / "status").write_text(
            f"Name:\tx\nVmHWM:\t{hwm} kB\nVmRSS:\t{rss} kB\n"
        )
        (tmp_path / str(pid) / "smaps_rollup").write_text(f"Rss:\t{rss} kB\nPss:\t{pss} kB\n")
    assert descendants(1, tmp_path) == [1, 2, 3, 4]
    memory = tree_memory(1, tmp_path)
    assert (memory.processes, memory.rss, memory.pss, memory.peak_rss) == (
        2,
        150 * 1024,
        80 * 1024,
        200 * 1024,
    )


@pytest.mark.parametrize("chunk", [64, 4 * 1024 * 1024])
def test_the_store_file_holds_every_quad_of_the_graph_in_its_graph(
    tmp_path: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The N-Quads the store process reads, written from the parts' lines a few MB at a time
    (here also 64 bytes at a time: every line cut), are the quads of the graph, each in its
    named graph, no more, no fewer."""
    import pyoxigraph as ox

    from coekg.project import bundled
    from coekg.serve.query_workers import write_nquads

    monkeypatch.setattr("coekg.serve.query_workers._CHUNK", chunk)

    kg = bundled().load()
    path = write_nquads(kg, tmp_path / "store.nq")
    written = list(ox.parse(path=path, format=ox.RdfFormat.N_QUADS))
    expected = list(kg.quads())
    assert len(written) == len(expected) > 1000
    assert set(written) == set(expected)
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in written)


def canned(text: str) -> CannedQuery:
    return CannedQuery(name="q", title="q", description="", keywords=(), parameters=(), text=text)


def test_a_query_page_gets_its_first_rows_and_their_count_from_a_worker(pool: QueryPool) -> None:
    """What :func:`coekg.query.evaluate.first_rows` gives on the worker's store: the first
    rows as terms, and how many the answer has; a query that fails is a 500 reply."""
    query = canned("SELECT ?s ?v WHERE { GRAPH ?g { ?s ?p ?v } } ORDER BY DESC(?v)")
    reply = pool.rows(FirstRowsRequest(query, 3))
    assert isinstance(reply, RowsReply)
    assert reply.total == 60
    assert [str(row["v"]) for row in reply.results.rows] == ['"9"', '"8"', '"7"']
    broken = pool.rows(FirstRowsRequest(canned("SELECT ?x WHERE { BIND(<nope:> AS ?x) "), 3))
    assert isinstance(broken, Reply) and broken.status == 500
    assert b"'q'" in broken.body
