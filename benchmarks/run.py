"""Benchmark: coekg against its baselines, whole processes, measured in the same run.

Run by hand from the repository root (the full run takes one to two hours,
most of it waiting for the baselines):

    python benchmarks/run.py                        # 10k, 100k, 200k and 1M triples
    python benchmarks/run.py --sizes 10000,100000   # chosen sizes
    python benchmarks/run.py --quick                # 10k and 100k, short baseline timeouts

It prints ONE markdown table: operation, size, our time and peak memory, the baseline's,
and the ratio (baseline time / our time: above 1 we are faster). Every time is a whole
process (start-up included), its peak memory the maximum resident set size the kernel
reports for it (``os.wait4``). A baseline that runs past its timeout is stopped and shown
as "> T s"; its ratio is then a lower bound.

The data is ``coekg synth`` output (Turtle, seed 1). Validation runs on that data with 14
injected faults (coekg.synth.faults), so both engines have findings to report, and the table
says whether the findings are the same. pySHACL, given the whole ontology with ``-e``,
also validates the ontology's own individuals (such as coekg:qualifiers), which
``coekg validate`` declares but does not describe; those findings are left out of the
comparison. The operations:

* ``validate``: ``coekg validate -f json`` against the plain ``pyshacl`` CLI with our shapes
  and ontology (``-i none``), and against pyrudof (a SHACL engine in Rust) given the same
  files: its verdict and its results' (focus node, value, source shape) are compared with
  our SHACL findings (``--peers`` chooses the baselines, ``--validate-runs`` takes the median
  of several runs of ours);
* ``export nt`` / ``export turtle``: ``coekg export --no-validate`` against rdflib parse +
  serialize, and against Oxigraph's raw load + dump (no sorting, no exactness);
* ``query NAME``: every canned query (``coekg query NAME -f csv``) against rdflib's own SPARQL
  engine on the same data and ontology, answered by a query server (``coekg query-server
  start``, its own row) holding the data in memory: the median of three runs. Each note
  gives the fastest and slowest of the three, the time of the same query with the store
  kept on disk (coekg.query.kept_store, in a cache folder that starts empty, after a first run
  that keeps it: its own row) and with ``--no-cache``, and whether the server's answer is
  the same bytes as the command's alone;
* ``publish``: ``coekg publish --no-validate`` of the whole site into a new folder, against
  the floor: copying the site it wrote with ``cp -r``; then publishing into that site again,
  unchanged, and after one label changed (only what changed is written): medians of three;
* ``serve``: ``coekg serve --data`` (:mod:`serve_load`): ``serve start``, seconds from the
  process's start to the first resource page answered (the note: to the first home page,
  which waits for the dumps written in the background) and the peak memory then; ``serve
  load``, once the data is validated, 50 clients for ``--serve-seconds``: pages p99, canned
  queries on /sparql p99, errors, and the server's peak memory with its query workers;
* ``--help``: ``coekg --help`` against ``python -c "import click"``.

coekg's modules are compiled to bytecode first, as pip does when it installs a package.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PY = sys.executable
COEKG = [PY, "-m", "coekg"]
SIZES = [10_000, 100_000, 200_000, 1_000_000]
QUICK_SIZES = [10_000, 100_000]
QUERY_RUNS = 3  # each query through the server: the median of this many runs


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int | None  # None: stopped at the timeout
    output: str = ""

    @property
    def timed_out(self) -> bool:
        return self.code is None


#: starts a command and reports its wall time and peak memory. A child's peak memory counts
#: the memory of the process that forked it, so commands are started by this small process
#: rather than by the benchmark, which holds large graphs of its own. With
#: COEKG_BENCH_MEMORY_LIMIT (bytes) the command gets no more address space than that, so a
#: baseline that would exhaust the machine (shared with others) fails instead.
LAUNCHER = """
import os, resource, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    limit = os.environ.get("COEKG_BENCH_MEMORY_LIMIT")
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))
    os.execvp(sys.argv[2], sys.argv[2:])
_pid, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as report:
    report.write(f"{seconds} {usage.ru_maxrss}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run(
    cmd: list[str], timeout: float, stdout: Path | None = None, memory_gb: float | None = None
) -> Run:
    """Run ``cmd`` as a whole process; its wall time and peak resident memory (with
    ``memory_gb``, at most that much address space)."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    env = dict(os.environ)
    if memory_gb:
        env["COEKG_BENCH_MEMORY_LIMIT"] = str(int(memory_gb * 1024**3))
    fd, report_name = tempfile.mkstemp(prefix="coekg-bench-run-")
    os.close(fd)
    report = Path(report_name)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [PY, "-c", LAUNCHER, report_name, *cmd],
        stdout=out,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    try:
        while True:
            if proc.poll() is not None:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return Run(timeout, 0.0, None)
            time.sleep(0.02)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        seconds_text, maxrss_text = report.read_text().split()
    finally:
        report.unlink(missing_ok=True)
        if stdout:
            out.close()  # type: ignore[union-attr]
    return Run(float(seconds_text), int(maxrss_text) / 1024, proc.returncode, err)


@dataclass
class Row:
    operation: str
    size: int | None
    ours: Run
    baseline_name: str
    baseline: Run | None
    note: str = ""

    def ratio(self) -> str:
        if self.baseline is None:
            return ""
        r = self.baseline.seconds / self.ours.seconds
        return f"{'>= ' if self.baseline.timed_out else ''}{r:.2f}x"


def _seconds(r: Run | None) -> str:
    if r is None:
        return ""
    return f"> {r.seconds:.0f}" if r.timed_out else f"{r.seconds:.2f}"


def _mb(r: Run | None) -> str:
    return "" if r is None or r.timed_out else f"{r.peak_mb:.0f}"


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


def table(rows: list[Row]) -> str:
    head = ["operation", "size", "ours (s)", "ours peak (MB)", "baseline", "baseline (s)"]
    head += ["baseline peak (MB)", "ratio", "note"]
    lines = [
        "| " + " | ".join(head) + " |",
        "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        cells = [r.operation, _size(r.size), _seconds(r.ours), _mb(r.ours), r.baseline_name]
        cells += [_seconds(r.baseline), _mb(r.baseline), r.ratio(), r.note]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- data --------------------------------------------------------------------------------


@dataclass
class Data:
    size: int
    turtle: Path
    faulted: Path  # N-Triples of the data with injected faults
    faults: list[object] = field(default_factory=list)


def make_data(size: int, folder: Path) -> tuple[Data, Run]:
    turtle = folder / f"synth-{size}.ttl"
    synth = run([*COEKG, "synth", "--triples", str(size), "--seed", "1", "-o", str(turtle)], 600)
    import pyoxigraph as ox

    from coekg.synth.faults import inject

    triples = [q.triple for q in ox.parse(path=turtle, format=ox.RdfFormat.TURTLE)]
    faulted_triples, faults = inject(triples, 14, seed=1)
    faulted = folder / f"synth-{size}-faulted.nt"
    with faulted.open("wb") as f:
        ox.serialize(faulted_triples, f, ox.RdfFormat.N_TRIPLES)
    return Data(size, turtle, faulted, list(faults)), synth


# --- validation ----------------------------------------------------------------------------


def _our_findings(path: Path) -> set[tuple[str, ...]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {
        (
            resource["resource"],
            f["property"] or "",
            f["value"] or "",
            f["source_shape"] or "",
            f["component"],
            f["severity"],
        )
        for resource in doc["resources"]
        for f in resource["findings"]
    }


def _pyshacl_findings(path: Path, shapes: list[Path]) -> set[tuple[str, ...]]:
    import rdflib
    from rdflib.namespace import SH

    from coekg import namespaces

    sys.path.insert(0, str(ROOT))  # the comparison of the tests writes paths as coekg does
    from tests.shacl_compare import path_text as written_path

    report = rdflib.Graph().parse(path, format="turtle")
    shapes_graph = rdflib.Graph()
    for s in shapes:
        shapes_graph.parse(s, format="turtle")
    out = set()
    for r in report.objects(None, SH.result):
        focus = str(report.value(r, SH.focusNode))
        if focus.startswith(namespaces.DEF):
            continue  # the ontology's own individuals: see the module docstring
        path = report.value(r, SH.resultPath)
        path_text = (
            written_path(shapes_graph, path) if isinstance(path, rdflib.BNode) else str(path or "")
        )
        value = report.value(r, SH.value)
        out.add(
            (
                focus,
                path_text,
                "" if value is None else str(value),
                str(report.value(r, SH.sourceShape)),
                str(report.value(r, SH.sourceConstraintComponent)).removeprefix(str(SH)),
                str(report.value(r, SH.resultSeverity)).removeprefix(str(SH)),
            )
        )
    return out


#: pyrudof (a SHACL engine in Rust) on the ontology and the data; writes its verdict and its
#: results' (focus node, value, source shape) as JSON
PYRUDOF_VALIDATE = """
import json, sys, pyrudof
ontology, shapes, data, out = sys.argv[1:5]
rudof = pyrudof.Rudof(pyrudof.RudofConfig())
lax = pyrudof.ReaderMode.Lax
rudof.read_data(ontology, format=pyrudof.RDFFormat.Turtle, reader_mode=lax)
rudof.read_data(data, format=pyrudof.RDFFormat.NTriples, merge=True, reader_mode=lax)
rudof.read_shacl(shapes)
report = rudof.validate_shacl()
results = [
    [str(r.focus_node), "" if r.value is None else str(r.value), str(r.source_shape or "")]
    for r in report
]
with open(out, "w") as f:
    json.dump({"conforms": bool(report.conforms), "results": results}, f)
"""


def _our_results(path: Path) -> tuple[bool, list[tuple[str, str, str]]]:
    """Our SHACL verdict and results as (focus, value, source shape): the shapes' findings,
    not coekg's own checks, and not about the ontology's own individuals."""
    from coekg import namespaces

    doc = json.loads(path.read_text(encoding="utf-8"))
    results = [
        (resource["resource"], f["value"] or "", f["source_shape"] or "")
        for resource in doc["resources"]
        for f in resource["findings"]
        if f["source_shape"] and not resource["resource"].startswith(namespaces.DEF)
    ]
    return doc["sh_conforms"], results


#: the address space pyrudof may take (it took 2 GB at 100k and grows with the data)
PYRUDOF_MEMORY_GB = 12.0


def bench_pyrudof(data: Data, folder: Path, ours: Run, ours_out: Path, timeout: float) -> Row:
    """pyrudof as a peer: its time, and whether its verdict and results are ours; a run
    stopped at the timeout or at the memory limit says so in the note."""
    from coekg import resources

    shapes = resources.rdf_files(resources.shapes_dir())
    ontology = resources.rdf_files(resources.ontology_dir())
    out = folder / f"pyrudof-{data.size}.json"
    args = [str(ontology[0]), str(shapes[0]), str(data.faulted), str(out)]
    peer = run([PY, "-c", PYRUDOF_VALIDATE, *args], timeout, memory_gb=PYRUDOF_MEMORY_GB)
    note = ""
    if peer.timed_out:
        note = f"stopped at the {timeout:.0f} s timeout"
    elif peer.code != 0:
        said_lines = peer.output.strip().splitlines() or [""]
        memory_lines = [line for line in said_lines if "memory" in line.lower()]
        said = (memory_lines or said_lines)[-1][:80]
        memory = bool(memory_lines) or peer.code in (134, 137)
        note = f"exit {peer.code} at peak {peer.peak_mb:.0f} MB" + (
            f", out of memory at the {PYRUDOF_MEMORY_GB:.0f} GB limit" if memory else ""
        )
        note += f": {said}" if said else ""
    else:
        theirs = json.loads(out.read_text(encoding="utf-8"))
        found = [
            (focus, _lexical(value), shape)
            for focus, value, shape in theirs["results"]
            if not focus.startswith(_def())
        ]
        conforms, mine = _our_results(ours_out)
        verdict = "same verdict" if theirs["conforms"] == conforms else "DIFFERENT verdict"
        same = set(found) == set(mine)
        note = f"{verdict}; {len(found)} results against our {len(mine)}; " + (
            "the same (focus, value, shape)" if same else _difference(set(mine), set(found))
        )
    return Row("validate", data.size, ours, "pyrudof (Rust)", peer, note)


def _lexical(value: str) -> str:
    """A value as our report writes it: a literal's lexical form (pyrudof writes it quoted,
    with its datatype or language)."""
    found = re.fullmatch(r'"(.*)"(?:\^\^\S+|@[A-Za-z0-9-]+)?', value, re.DOTALL)
    return found.group(1) if found else value


def _def() -> str:
    from coekg import namespaces

    return namespaces.DEF


def _difference(ours: set[tuple[str, ...]], theirs: set[tuple[str, ...]]) -> str:
    only_ours, only_theirs = sorted(ours - theirs), sorted(theirs - ours)
    first = (only_ours or only_theirs)[0]
    return (
        f"DIFFERENT: {len(only_ours)} only ours, {len(only_theirs)} only pyrudof's "
        f"(first: {' '.join(first)})"
    )


def bench_validate(
    data: Data, folder: Path, timeout: float, peers: set[str], runs: int = 1
) -> list[Row]:
    """``coekg validate`` (the median of ``runs``) against pySHACL and pyrudof."""
    from coekg import resources

    shapes = resources.rdf_files(resources.shapes_dir())
    ontology = resources.rdf_files(resources.ontology_dir())
    ours_out = folder / f"validate-{data.size}.json"
    cmd = [*COEKG, "validate", "-f", "json", "--data", str(data.faulted)]
    ours_runs = [run(cmd, 3600, ours_out) for _ in range(runs)]
    ours = median(ours_runs) if runs > 1 else ours_runs[0]
    spread = [r.seconds for r in ours_runs]
    ours_note = f"{runs} runs {min(spread):.2f}-{max(spread):.2f} s; " if runs > 1 else ""
    rows = []
    if "pyshacl" in peers:
        shapes_file = shapes[0]
        if len(shapes) > 1:
            shapes_file = folder / "shapes.ttl"
            import rdflib

            g = rdflib.Graph()
            for s in shapes:
                g.parse(s)
            g.serialize(shapes_file, format="turtle")
        ontology_file = ontology[0]
        base_out = folder / f"pyshacl-{data.size}.ttl"
        cmd = [PY, "-m", "pyshacl", "-s", str(shapes_file), "-e", str(ontology_file), "-i", "none"]
        baseline = run([*cmd, "-f", "turtle", "-o", str(base_out), str(data.faulted)], timeout)
        note = f"{ours_note}{len(_our_findings(ours_out))} findings"
        if not baseline.timed_out:
            same = _our_findings(ours_out) == _pyshacl_findings(base_out, shapes)
            note += "; same as pySHACL's" if same else "; DIFFERENT from pySHACL's"
        rows.append(Row("validate", data.size, ours, "pyshacl CLI -i none", baseline, note))
    if "pyrudof" in peers:
        rows.append(bench_pyrudof(data, folder, ours, ours_out, timeout))
    if not rows:
        rows.append(Row("validate", data.size, ours, "", None, ours_note.rstrip("; ")))
    return rows


# --- export --------------------------------------------------------------------------------

RDFLIB_EXPORT = """
import sys, rdflib
g = rdflib.Graph()
for f in sys.argv[3:]:
    g.parse(f)
g.serialize(sys.argv[2], format=sys.argv[1])
"""

OXIGRAPH_EXPORT = """
import sys, pyoxigraph as ox
s = ox.Store()
for f in sys.argv[3:]:
    s.load(path=f, format=ox.RdfFormat.from_extension(f.rsplit(".", 1)[1]))
fmt = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE}[sys.argv[1]]
with open(sys.argv[2], "wb") as out:
    s.dump(out, format=fmt, from_graph=ox.DefaultGraph())
"""


def bench_export(data: Data, folder: Path, timeout: float) -> list[Row]:
    from coekg import resources

    ontology = [str(p) for p in resources.rdf_files(resources.ontology_dir())]
    rows = []
    for fmt, suffix in (("nt", "nt"), ("turtle", "ttl")):
        target = folder / f"export-{data.size}.{suffix}"
        ours = run(
            [
                *COEKG,
                "export",
                "--format",
                fmt,
                "--no-validate",
                "--data",
                str(data.turtle),
                "-o",
                str(target),
            ],
            3600,
        )
        args = [str(folder / f"baseline-{data.size}.{suffix}"), *ontology, str(data.turtle)]
        rdflib_run = run([PY, "-c", RDFLIB_EXPORT, fmt, *args], timeout)
        ox_run = run([PY, "-c", OXIGRAPH_EXPORT, fmt, *args], timeout)
        rows.append(Row(f"export {fmt}", data.size, ours, "rdflib parse + serialize", rdflib_run))
        rows.append(Row(f"export {fmt}", data.size, ours, "pyoxigraph raw load + dump", ox_run))
    return rows


# --- queries -------------------------------------------------------------------------------

RDFLIB_QUERY = """
import sys, rdflib
g = rdflib.Graph()
for f in sys.argv[2:]:
    g.parse(f)
rows = list(g.query(open(sys.argv[1], encoding="utf-8").read()))
print(len(rows))
"""


def bench_queries(data: Data, folder: Path, timeout: float) -> list[Row]:
    """Every canned query answered by a query server holding the data in memory; the note
    gives the time of the same query with the store kept on disk (after one first run that
    keeps it) and with ``--no-cache``, and whether the server's answer is the same bytes."""
    from coekg import resources
    from coekg.project import bundled
    from coekg.query import catalogue, client

    ontology = [str(p) for p in resources.rdf_files(resources.ontology_dir())]
    settled = data.turtle.stat().st_mtime + 2.5  # a file changed just now is not cached
    time.sleep(max(0.0, settled - time.time()))
    args = ["-f", "csv", "--data", str(data.turtle)]
    first = run([*COEKG, "query", "summary", *args], 900)
    rows = [Row("query, first run (keeps the store on disk)", data.size, first, "", None)]
    names = [q.name for q in catalogue.catalogue(bundled().queries) if q.form in ("select", "ask")]
    kept = {name: run([*COEKG, "query", name, *args], 900) for name in names}
    alone = folder / "alone.csv"
    served = folder / "served.csv"
    start = run([*COEKG, "query-server", "start", "--data", str(data.turtle)], 900)
    (status,) = client.running()
    memory = int(str(status["peak_memory_bytes"])) / 1024**2
    rows.append(
        Row(
            "query-server start (reads the data into memory)",
            data.size,
            start,
            "",
            None,
            f"the server's peak memory {memory:,.0f} MB",
        )
    )
    for q in catalogue.catalogue(bundled().queries):
        if q.name not in names:
            continue
        text = folder / f"{q.name}.rq"
        text.write_text(catalogue.bound_text(q, {}), encoding="utf-8")
        served_runs = [
            run([*COEKG, "query", q.name, *args], 900, stdout=served) for _ in range(QUERY_RUNS)
        ]
        ours = median(served_runs)
        fresh = run([*COEKG, "query", q.name, "--no-cache", *args], 900, stdout=alone)
        baseline = run([PY, "-c", RDFLIB_QUERY, str(text), *ontology, str(data.turtle)], timeout)
        same = "same bytes" if served.read_bytes() == alone.read_bytes() else "DIFFERENT BYTES"
        times = [r.seconds for r in served_runs]
        spread = f"{min(times):.2f}-{max(times):.2f}"
        note = (
            f"{QUERY_RUNS} runs {spread} s; kept store {kept[q.name].seconds:.2f} s; "
            f"--no-cache {fresh.seconds:.2f} s; {same}"
        )
        if ours.code != 0:
            note = f"exit {ours.code}: {ours.output.strip()[:80]}"
        rows.append(Row(f"query {q.name}", data.size, ours, "rdflib SPARQL", baseline, note))
    client.stop(str(status["key"]))
    return rows


# --- publish -------------------------------------------------------------------------------

#: full publishes, copies and incremental publishes of each size: the median of this many
PUBLISH_RUNS = 3


def _relabelled(data: Data, folder: Path) -> Path:
    """The data with one project's label changed (a steward's typical fix; the source
    document, by contrast, is named on every page), in a file of the same name in another
    folder: a file's name is its named graph, which every page names, so a renamed file
    would change every page."""
    text = data.turtle.read_bytes()
    old = b'rdfs:label "Synthetic project 1"@en'
    assert old in text
    changed = text.replace(old, b'rdfs:label "Relabelled project 1"@en', 1)
    path = folder / f"relabelled-{data.size}" / data.turtle.name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(changed)
    return path


def bench_publish(data: Data, folder: Path, timeout: float, runs: int) -> list[Row]:
    """``coekg publish`` of the whole site into a new folder; the floor, copying the site it
    wrote (``cp -r``) in the same run; publishing again into that site unchanged, and after
    one label changed (incremental: only what changed is written). Medians of ``runs``."""
    import shutil

    site = folder / f"site-{data.size}"
    publish = [*COEKG, "publish", "--no-validate", "-o", str(site)]
    full, copy, again, one = [], [], [], []
    relabelled = _relabelled(data, folder)
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        full.append(run([*publish, "--data", str(data.turtle)], timeout))
        copied = folder / f"site-{data.size}-copy"
        copy.append(run(["cp", "-r", str(site), str(copied)], timeout))
        shutil.rmtree(copied, ignore_errors=True)
        again.append(run([*publish, "--data", str(data.turtle)], timeout))
        one.append(run([*publish, "--data", str(relabelled)], timeout))
    shutil.rmtree(site, ignore_errors=True)
    note = f"median of {runs}; --no-validate (validate is its own row)" if runs > 1 else ""
    note = note or "one run; --no-validate (validate is its own row)"
    return [
        Row("publish", data.size, median(full), "cp -r of the site", median(copy), note),
        Row("publish again, unchanged", data.size, median(again), "", None, note),
        Row("publish again, one label changed", data.size, median(one), "", None, note),
    ]


# --- start-up ------------------------------------------------------------------------------


# --- serve -------------------------------------------------------------------------------


def bench_serve(data: Data, seconds: float) -> list[Row]:
    """``coekg serve --data``: seconds from the process's start to the first resource page
    answered (and the first home page, which waits for the dumps), the peak memory then;
    then, once the data is validated, 50 clients for ``seconds`` (benchmarks/serve_load.py):
    pages p99, canned queries on /sparql p99, errors, and the server's peak memory with its
    query workers."""
    import serve_load

    server = serve_load.start_server([str(data.turtle)])
    assert server.process is not None
    try:
        at_start = serve_load.peak_rss_mb(server.process.pid)
        note = f"first home page (dumps written) after {server.first_index:.1f} s"
        rows = [
            Row(
                "serve start (first resource page)",
                data.size,
                Run(server.first_page, at_start, 0),
                "",
                None,
                note,
            )
        ]
        validated = serve_load.wait_for_validation(server)
        resources = serve_load.resources_of(server.url)
        serve_load.warm_up(server.url, resources)
        serve_load.run_clients(server.url, resources, 4, 2.0, serve_load.Recorder())
        recorder = serve_load.Recorder()
        elapsed = serve_load.run_clients(server.url, resources, 50, seconds, recorder)
        pages, page_errors = serve_load.group_p99(recorder, serve_load.PAGE_KINDS)
        canned, canned_errors = serve_load.group_p99(recorder, serve_load.CANNED_KINDS)
        total = sum(len(t.latencies) for t in recorder.tallies.values())
        errors = sum(t.errors for t in recorder.tallies.values())
        note = (
            f"{total:,} requests; pages p99 {pages * 1000:.0f} ms ({page_errors} errors); "
            f"canned queries on /sparql p99 {canned * 1000:.0f} ms ({canned_errors} errors); "
            f"{errors} errors in all; validated {validated:.0f} s after the first pages; "
            f"memory: PSS of all its processes (peak RSS sum "
            f"{serve_load.peak_rss_mb(server.process.pid):,.0f} MB)"
        )
        pss = serve_load.pss_mb(server.process.pid)
        rows.append(Row("serve load, 50 clients", data.size, Run(elapsed, pss, 0), "", None, note))
        return rows
    finally:
        serve_load.stop_server(server)


def median(runs: list[Run]) -> Run:
    """The median time of ``runs`` (their largest peak memory), or the first that failed."""
    failed = [r for r in runs if r.code != 0]
    if failed:
        return failed[0]
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs), 0)


def bench_help(repeat: int = 7) -> Row:
    ours = [run([*COEKG, "--help"], 60) for _ in range(repeat)]
    base = [run([PY, "-c", "import click"], 60) for _ in range(repeat)]
    return Row(
        "--help",
        None,
        median(ours),
        'python -c "import click"',
        median(base),
        f"median of {repeat}",
    )


# --- the machine ---------------------------------------------------------------------------


def machine() -> str:
    from importlib.metadata import version

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    libs = ", ".join(
        f"{n} {version(n)}" for n in ("pyoxigraph", "rdflib", "pyshacl", "pyrudof", "click")
    )
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem} memory, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {libs}"
    )


def compile_coekg() -> None:
    """Compile coekg's modules to bytecode, as pip does when it installs a package (the
    baselines' modules are compiled in site-packages), so that no measured run spends
    time compiling them, even where PYTHONDONTWRITEBYTECODE keeps Python from saving
    what it compiles."""
    import compileall

    compileall.compile_dir(ROOT / "src" / "coekg", quiet=1)


def main() -> None:
    import logging

    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", help="comma-separated numbers of triples (default 10k,100k,200k,1M)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="10k and 100k, short baseline timeouts"
    )
    parser.add_argument(
        "--timeout", type=float, default=None, help="seconds before a baseline is stopped"
    )
    parser.add_argument(
        "--query-timeout", type=float, default=None, help="the same for the rdflib query baseline"
    )
    parser.add_argument(
        "--only", default="validate,export,query,publish,serve,help", help="operations to run"
    )
    parser.add_argument(
        "--publish-runs", type=int, default=PUBLISH_RUNS, help="publishes of each kind to take"
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    parser.add_argument(
        "--peers", default="pyshacl,pyrudof", help="validate's baselines (pyshacl, pyrudof)"
    )
    parser.add_argument(
        "--validate-runs", type=int, default=1, help="runs of validate (the median is shown)"
    )
    parser.add_argument(
        "--serve-seconds", type=float, default=30.0, help="how long the serve load test fires"
    )
    args = parser.parse_args()
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else (QUICK_SIZES if args.quick else SIZES)
    )
    timeout = args.timeout or (120.0 if args.quick else 600.0)
    query_timeout = args.query_timeout or (60.0 if args.quick else 120.0)
    only = set(args.only.split(","))
    peers = set(args.peers.split(",")) - {""}
    rows: list[Row] = []
    compile_coekg()
    with tempfile.TemporaryDirectory(prefix="coekg-bench-") as tmp:
        folder = Path(tmp)
        os.environ["COEKG_CACHE_DIR"] = str(folder / "store-cache")  # starts empty
        if "help" in only:
            rows.append(bench_help())
        for size in sizes:
            data, synth = make_data(size, folder)
            rows.append(Row("synth", size, synth, "", None))
            if "validate" in only:
                rows += bench_validate(data, folder, timeout, peers, args.validate_runs)
            if "export" in only:
                rows += bench_export(data, folder, timeout)
            if "query" in only:
                rows += bench_queries(data, folder, query_timeout)
            if "publish" in only:
                rows += bench_publish(data, folder, timeout, args.publish_runs)
            if "serve" in only:
                rows += bench_serve(data, args.serve_seconds)
            print(f"done: {_size(size)}", file=sys.stderr)
    print(f"Machine: {machine()}\n")
    print(table(rows))
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "operation": r.operation,
                        "size": r.size,
                        "ours_s": r.ours.seconds,
                        "ours_peak_mb": r.ours.peak_mb,
                        "baseline": r.baseline_name,
                        "baseline_s": None if r.baseline is None else r.baseline.seconds,
                        "baseline_timed_out": None if r.baseline is None else r.baseline.timed_out,
                        "baseline_peak_mb": None if r.baseline is None else r.baseline.peak_mb,
                        "note": r.note,
                    }
                    for r in rows
                ],
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
