"""Load test of ``coekg serve``: concurrent clients on loopback for a bounded time.

Run by hand from the repository root:

    python benchmarks/serve_load.py                       # 50 clients, 20 s, bundled data
    python benchmarks/serve_load.py --clients 10 --seconds 5
    python benchmarks/serve_load.py --url http://127.0.0.1:8000/   # a server already running
    python benchmarks/serve_load.py --data /tmp/s1m.ttl --seconds 30  # at 1M statements

It starts ``coekg serve --port 0`` (unless ``--url`` is given), reads the resources from the
site's ``sitemap.xml``, and runs N clients, each a thread with its own keep-alive
connection, that cycle through the kinds of request below until the time is up: threads of
this process, or spread over ``--processes`` processes, so that no client waits for another's
hold of an interpreter lock (on the 2-core machine of the notes this changed nothing for the
better: ten client processes took more of the cores the server needs). It prints, per kind,
the number of requests, requests per second, the 50th and 99th percentile latency and the
errors (a status other than the one expected, or a failed connection), then stops the
server. Standard library only (threads and ``http.client``); the clients share the
machine with the server, so their own cost is part of the latency they measure: at a million
statements they read about 500 MB a second of canned answers (``organisations`` alone is 34
MiB of JSON), and the kernel's copying of it takes as much CPU as the server does.
``--only pages`` (or ``queries``) sends one group only, to see what each costs the other;
``--gzip`` makes the clients accept gzip, as browsers and most HTTP libraries do (they read
the compressed bytes and do not decompress them: a real client does that on its own machine).

Before the clients start, every kind of request is sent once (the server keeps the answers to
queries, the data being fixed, so the test measures a warm server). Besides the fixed SPARQL
queries, every canned query without a required parameter is sent
to ``/sparql`` as text (``canned NAME``). When it starts the server, it also measures the
start (:func:`start_server`: seconds from the process's start to the first resource page
answered, and to the first home page, which shows the dumps written in the background) and
the memory of all the server's processes (:class:`MemorySampler`, from its start): the
server, the process holding the SPARQL store, the query workers forked from it, and while
they run the children writing the dumps and validating. Two sums are printed, in two
phases (the start, with validation and dumps; the load): RSS, which counts a page shared
between processes once per process, and PSS (``/proc/PID/smaps_rollup``), which divides it
among them. The target is checked against PSS: the workers are forks sharing the store's
pages, and RSS would count each shared page two or three times over; PSS is what the
processes take from the machine together. The sum of each process's peak RSS is printed
too (an upper bound).

Targets (issue 17): zero errors; at 50 clients, pages p99 under 100 ms and canned queries
on ``/sparql`` p99 under 1 s; the server under 2 GB (PSS of all its processes); at 1M
statements, the first page within 20 s of the start.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from coekg.project import bundled
from coekg.query.catalogue import bound_text, catalogue
from coekg.serve.memory import tree_memory

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s LIMIT 50"
)
CLASSES = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"


@dataclass(frozen=True)
class Kind:
    """One kind of request: how to make it from a resource path, and the status expected."""

    name: str
    method: str
    target: Callable[[str], str]
    accept: str
    status: int


PAGE_KINDS = [
    Kind("page (HTML)", "GET", lambda r: r + ".html", "text/html", 200),
    Kind("index page", "GET", lambda r: "/index.html", "text/html", 200),
    Kind("negotiate text/html", "GET", lambda r: r, "text/html", 303),
    Kind("negotiate text/turtle", "GET", lambda r: r, "text/turtle", 303),
    Kind("negotiate application/ld+json", "GET", lambda r: r, "application/ld+json", 303),
    Kind("n-triples (200)", "GET", lambda r: r, "application/n-triples", 200),
    Kind("document .ttl", "GET", lambda r: r + ".ttl", "text/turtle", 200),
    Kind("document .jsonld", "GET", lambda r: r + ".jsonld", "application/ld+json", 200),
]
SPARQL_KINDS = [
    Kind(
        "sparql count (json)",
        "GET",
        lambda r: "/sparql?" + urlencode({"query": COUNT}),
        "application/sparql-results+json",
        200,
    ),
    Kind(
        "sparql labels (csv)",
        "GET",
        lambda r: "/sparql?" + urlencode({"query": LABELS}),
        "text/csv",
        200,
    ),
    Kind(
        "sparql classes (xml)",
        "GET",
        lambda r: "/sparql?" + urlencode({"query": CLASSES}),
        "application/sparql-results+xml",
        200,
    ),
    Kind(
        "sparql describe (turtle)",
        "GET",
        lambda r: "/sparql?" + urlencode({"query": f"DESCRIBE <https://w3id.org/coekg{r}>"}),
        "text/turtle",
        200,
    ),
]


def canned_kinds() -> list[Kind]:
    """Every canned query that needs no parameter, sent as text to ``/sparql``."""
    kinds = []
    for q in catalogue(bundled().queries):
        if any(p.required for p in q.parameters):
            continue
        target = "/sparql?" + urlencode({"query": bound_text(q)})
        kinds.append(
            Kind(f"canned {q.name}", "GET", lambda r, t=target: t, "application/json", 200)
        )
    return kinds


CANNED_KINDS = canned_kinds()
KINDS = PAGE_KINDS + SPARQL_KINDS + CANNED_KINDS
#: what ``--only`` may choose
GROUPS = {"all": KINDS, "pages": PAGE_KINDS, "queries": SPARQL_KINDS + CANNED_KINDS}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    examples: list[str] = field(default_factory=list)


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tallies: dict[str, Tally] = {k.name: Tally() for k in KINDS}

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            tally = self.tallies[kind]
            tally.latencies.append(seconds)
            if error is not None:
                tally.errors += 1
                if len(tally.examples) < 3:
                    tally.examples.append(
                        error if len(error) < 200 else error[:90] + "..." + error[-60:]
                    )


def client(
    url: str,
    resources: list[str],
    deadline: float,
    recorder: Recorder,
    seed: int,
    chosen: list[Kind],
    compressed: bool = False,
) -> None:
    parts = urlsplit(url)
    rng = random.Random(seed)
    kinds = itertools.cycle(rng.sample(chosen, len(chosen)))
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while time.monotonic() < deadline:
        kind = next(kinds)
        target = kind.target(rng.choice(resources))
        started = time.perf_counter()
        error = None
        try:
            headers = {"Accept": kind.accept}
            if compressed:
                headers["Accept-Encoding"] = "gzip"
            conn.request(kind.method, target, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != kind.status:
                error = f"{target}: HTTP {response.status}"
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as e:
            error = f"{target}: {type(e).__name__}: {e}"
            conn.close()
        recorder.record(kind.name, time.perf_counter() - started, error)
    conn.close()


def resources_of(url: str) -> list[str]:
    """The paths of the resource pages in the site's sitemap, without ``.html``."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", "/sitemap.xml")
    text = conn.getresponse().read().decode("utf-8")
    conn.close()
    found = [
        urlsplit(loc).path.removesuffix(".html")
        for loc in re.findall(r"<loc>([^<]+)</loc>", text)
        if "/id/" in loc
    ]
    if not found:
        raise SystemExit("no resource page in the sitemap")
    return found


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def group_p99(recorder: Recorder, kinds: list[Kind]) -> tuple[float, int]:
    """The 99th percentile latency (seconds) of the requests of ``kinds``, and their errors."""
    latencies = [t for k in kinds for t in recorder.tallies[k.name].latencies]
    errors = sum(recorder.tallies[k.name].errors for k in kinds)
    return (percentile(latencies, 99) if latencies else float("nan")), errors


def wait_for_validation(server: Server, timeout: float = 900) -> float:
    """Wait until the server says the data conforms; the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if any("conforms" in line for line in server.log):
            return time.perf_counter() - started
        if server.process is not None and server.process.poll() is not None:
            raise SystemExit("the server stopped: " + " / ".join(server.log[-3:]))
        time.sleep(0.2)
    raise SystemExit(f"the server did not finish validating within {timeout:.0f} s")


def report(recorder: Recorder, seconds: float, clients: int, processes: int = 1) -> str:
    rows = [("kind", "requests", "req/s", "p50 ms", "p99 ms", "errors")]
    everything: list[float] = []
    errors = 0
    for kind in KINDS:
        tally = recorder.tallies[kind.name]
        everything += tally.latencies
        errors += tally.errors
        if not tally.latencies and not tally.errors:
            continue
        if not tally.latencies:
            rows.append((kind.name, "0", "-", "-", "-", str(tally.errors)))
            continue
        rows.append(
            (
                kind.name,
                str(len(tally.latencies)),
                f"{len(tally.latencies) / seconds:.0f}",
                f"{percentile(tally.latencies, 50) * 1000:.1f}",
                f"{percentile(tally.latencies, 99) * 1000:.1f}",
                str(tally.errors),
            )
        )
    for label, group in (("all pages", PAGE_KINDS), ("all canned queries", CANNED_KINDS)):
        latencies = [t for k in group for t in recorder.tallies[k.name].latencies]
        if latencies:
            rows.append(
                (
                    label,
                    str(len(latencies)),
                    f"{len(latencies) / seconds:.0f}",
                    f"{percentile(latencies, 50) * 1000:.1f}",
                    f"{percentile(latencies, 99) * 1000:.1f}",
                    str(sum(recorder.tallies[k.name].errors for k in group)),
                )
            )
    if everything:
        rows.append(
            (
                "all",
                str(len(everything)),
                f"{len(everything) / seconds:.0f}",
                f"{percentile(everything, 50) * 1000:.1f}",
                f"{percentile(everything, 99) * 1000:.1f}",
                str(errors),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    spread = f" in {processes} processes" if processes > 1 else " (threads of one process)"
    lines = [f"{clients} clients{spread} for {seconds:.1f} s"]
    for i, row in enumerate(rows):
        numbers = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in numbers]
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for kind in KINDS:
        for example in recorder.tallies[kind.name].examples:
            lines.append(f"error ({kind.name}): {example}")
    return "\n".join(lines)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str] | None
    log: list[str] = field(default_factory=list)
    #: seconds from the process's start to the first resource page, and home page, answered
    first_page: float = 0.0
    first_index: float = 0.0
    #: the memory of its processes, sampled from its start (when this started it)
    memory: MemorySampler | None = None

    def read_log(self, stream: IO[str]) -> None:
        for line in stream:
            self.log.append(line.rstrip("\n"))


def wait_for(url: str, path: str, started: float, timeout: float = 600) -> float:
    """Seconds from ``started`` until ``path`` answers 200 (asked again every 50 ms)."""
    parts = urlsplit(url)
    while time.perf_counter() - started < timeout:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.05)
    raise SystemExit(f"{path} did not answer 200 within {timeout:.0f} s")


#: seconds between two samples of the server's memory (reading ``smaps_rollup`` makes the
#: kernel walk each process's pages: not free on a shared machine)
SAMPLE_SECONDS = 5.0


class MemorySampler:
    """The memory of the server's processes (:func:`coekg.serve.memory.tree_memory`),
    sampled every :data:`SAMPLE_SECONDS` while the benchmark runs: the largest sums seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        #: the largest sums seen in each phase: "start" (reading, indexing, the dumps and the
        #: validation in child processes), then "load" (from :meth:`load` on)
        self.largest: dict[str, dict[str, int]] = {}
        self.phase = "start"
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def load(self) -> None:
        """The load starts: what is sampled from now on is counted apart."""
        self.phase = "load"

    def _sample(self) -> None:
        while True:
            memory = tree_memory(self.pid)
            largest = self.largest.setdefault(self.phase, {})
            for name in ("processes", "rss", "pss", "peak_rss"):
                largest[name] = max(largest.get(name, 0), getattr(memory, name))
            if self.done.wait(SAMPLE_SECONDS):
                return

    def stop(self) -> str:
        self.done.set()
        self.thread.join(10)
        mb = 1024 * 1024
        lines = [f"server memory (largest sums, sampled every {SAMPLE_SECONDS:g} s):"]
        for phase, largest in self.largest.items():
            lines.append(
                f"  {phase}: {largest['processes']} processes, PSS {largest['pss'] / mb:,.0f} MB"
                f" (the target), RSS {largest['rss'] / mb:,.0f} MB, sum of each process's"
                f" peak RSS {largest['peak_rss'] / mb:,.0f} MB"
            )
        return "\n".join(lines)


def peak_rss_mb(pid: int) -> float:
    """The sum of the peak resident sets of process ``pid`` and of every process below it,
    in MB (an upper bound: shared pages count once per process)."""
    return tree_memory(pid).peak_rss / (1024 * 1024)


def pss_mb(pid: int) -> float:
    """The proportional set of process ``pid`` and of every process below it, in MB: what
    they take together now, each shared page once (the memory target's figure)."""
    return tree_memory(pid).pss / (1024 * 1024)


def start_server(data: list[str]) -> Server:
    """Start ``coekg serve``; time its first resource page and its first home page."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, "-m", "coekg", "serve", "--port", "0"]
    for path in data:
        args += ["--data", path]
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"serving (http://\S+)", line)
    if not found:
        process.kill()
        raise SystemExit(f"coekg serve did not start: {line}{process.stderr.read()}")
    server = Server(found.group(1), process, memory=MemorySampler(process.pid))
    # read what the server says while it runs: a full pipe would stop it
    threading.Thread(target=server.read_log, args=(process.stderr,), daemon=True).start()
    server.first_page = wait_for(server.url, resources_of(server.url)[0] + ".html", started)
    server.first_index = wait_for(server.url, "/index.html", started)
    return server


def stop_server(server: Server) -> None:
    if server.process is not None:
        server.process.terminate()
        try:
            server.process.wait(30)
        except subprocess.TimeoutExpired:
            server.process.kill()


def warm_up(url: str, resources: list[str]) -> None:
    """Every kind of request once, one at a time: the server keeps the answers to queries
    (the data does not change), so the load test measures it warm."""
    parts = urlsplit(url)
    for kind in KINDS:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        try:
            conn.request(kind.method, kind.target(resources[0]), headers={"Accept": kind.accept})
            conn.getresponse().read()
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()


def run(
    url: str,
    clients: int,
    seconds: float,
    warmup: float,
    memory: MemorySampler | None = None,
    chosen: list[Kind] = KINDS,
    compressed: bool = False,
    processes: int = 1,
) -> str:
    resources = resources_of(url)
    warm_up(url, resources)
    if memory is not None:
        memory.load()
    if warmup > 0:
        warm = Recorder()
        run_clients(url, resources, min(clients, 4), warmup, warm, chosen, compressed)
    recorder = Recorder()
    elapsed = run_clients(url, resources, clients, seconds, recorder, chosen, compressed, processes)
    return report(recorder, elapsed, clients, processes)


def run_clients(
    url: str,
    resources: list[str],
    clients: int,
    seconds: float,
    recorder: Recorder,
    chosen: list[Kind] = KINDS,
    compressed: bool = False,
    processes: int = 1,
) -> float:
    """Run ``clients`` clients for ``seconds``, spread over ``processes`` processes (threads
    within each); their latencies go into ``recorder``. The elapsed seconds."""
    processes = max(1, min(processes, clients))
    if processes == 1:
        started = time.monotonic()
        _client_threads(
            url, resources, range(clients), started + seconds, recorder, chosen, compressed
        )
        return time.monotonic() - started
    import multiprocessing

    # every process starts firing at the same moment (the monotonic clock is the system's),
    # once all of them have started: a fresh interpreter each (spawn), not a fork of this
    # process and its threads
    start_at = time.monotonic() + SPAWN_SECONDS
    shares = [range(i, clients, processes) for i in range(processes)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        args = [
            (url, resources, list(share), start_at, seconds, [k.name for k in chosen], compressed)
            for share in shares
        ]
        for tallies in pool.starmap(_process_clients, args):
            for name, tally in tallies.items():
                mine = recorder.tallies[name]
                mine.latencies += tally.latencies
                mine.errors += tally.errors
                mine.examples = (mine.examples + tally.examples)[:3]
    return seconds


#: seconds given to the client processes to start before they fire
SPAWN_SECONDS = 5.0


def _process_clients(
    url: str,
    resources: list[str],
    seeds: list[int],
    start_at: float,
    seconds: float,
    kinds: list[str],
    compressed: bool,
) -> dict[str, Tally]:
    """One client process: its clients' threads, from ``start_at`` for ``seconds``."""
    chosen = [k for k in KINDS if k.name in kinds]
    recorder = Recorder()
    time.sleep(max(0.0, start_at - time.monotonic()))
    _client_threads(url, resources, seeds, start_at + seconds, recorder, chosen, compressed)
    return recorder.tallies


def _client_threads(
    url: str,
    resources: list[str],
    seeds: Iterable[int],
    deadline: float,
    recorder: Recorder,
    chosen: list[Kind],
    compressed: bool,
) -> None:
    threads = [
        threading.Thread(
            target=client,
            args=(url, resources, deadline, recorder, seed, chosen, compressed),
            daemon=True,
        )
        for seed in seeds
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 60)


def main(argv: Iterator[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to fire (20)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up (2)")
    parser.add_argument("--url", help="a running coekg serve instead of starting one")
    parser.add_argument("--data", action="append", default=[], help="--data for coekg serve")
    parser.add_argument(
        "--only",
        choices=sorted(GROUPS),
        default="all",
        help="the kinds of request sent: all (the target), or only pages or only queries, to "
        "see what each costs the other",
    )
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="clients accept gzip (as browsers and most HTTP libraries do); they read the "
        "compressed bytes without decompressing them",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="processes the clients are spread over (1: threads of this process); the "
        "clients of one process share its interpreter lock",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    server = Server(args.url, None) if args.url else start_server(args.data)
    try:
        print(f"coekg serve at {server.url}", flush=True)
        if server.process is not None:
            print(
                f"first resource page after {server.first_page:.1f} s, "
                f"first home page after {server.first_index:.1f} s"
            )
        print(
            run(
                server.url,
                args.clients,
                args.seconds,
                args.warmup,
                server.memory,
                GROUPS[args.only],
                args.gzip,
                args.processes,
            )
        )
        if server.memory is not None:
            print(server.memory.stop())
    finally:
        stop_server(server)
    if server.log:
        print(f"the server wrote {len(server.log)} line(s) to stderr; the last ones:")
        print("\n".join(server.log[-5:]))


if __name__ == "__main__":
    main()
