"""Benchmark: ``coekg load`` into Oxigraph against one raw ``curl -X PUT`` of the same file;
with ``--since``, a new edition loaded incrementally against a full replace.

Run by hand from the repository root (it takes minutes at the default size):

    python benchmarks/load_benchmark.py                  # 1,000,000 synthetic triples
    python benchmarks/load_benchmark.py --triples 100000 --skip-move
    python benchmarks/load_benchmark.py --input data.nt  # your own triples
    python benchmarks/load_benchmark.py --since          # one resource changed, 1M triples

The synthetic data comes from ``coekg synth`` when that command is there, otherwise from a
simple generator here. ``coekg load`` reads it, and adds the bundled ontology and query
catalogue, as always; curl uploads ``coekg export --format nt`` of the same data, which
holds exactly the triples ``coekg load`` sends. Both end with the same count.
Each method gets a fresh Oxigraph server, and the count of the graph is checked after.
The target of the load issue: ``coekg load`` reaches at least half of the raw throughput.

``--since``: the synthetic graph is the old edition; the new one changes one resource (the
label and description of the first project). Each method starts from a fresh server that
holds the old edition (loaded by ``coekg load --replace``, not timed) and must end with the
new edition's count: ``coekg load --replace`` of the new edition (one PUT, then batches and
``MOVE``) against ``coekg load --since OLD`` (one update). ``coekg diff OLD NEW`` is timed
alone too: reading both editions and comparing them is most of the incremental load.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.servers import OxigraphServer, start_oxigraph

GRAPH = "http://example.org/benchmark/graph"
Method = Callable[[OxigraphServer], None]


@dataclass
class Row:
    method: str
    seconds: float
    triples: int


def coekg(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "coekg", *args], check=True, stdout=subprocess.DEVNULL)


def synthesize(triples: int, folder: Path) -> Path:
    """``triples`` synthetic triples: from ``coekg synth`` if it exists, else generated here."""
    out = folder / "synthetic.nt"
    from coekg.cli import cli

    if "synth" in cli.commands:
        coekg("synth", "--triples", str(triples), "--seed", "1", "-o", str(out))
        return out
    base = "http://example.org/benchmark/"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    things = triples // 10 + 1
    with out.open("w", encoding="utf-8") as f:
        for i in range(triples):
            s, k = divmod(i, 10)
            subject = f"<{base}thing/{s}>"
            if k == 0:
                line = f"{subject} {rdf_type} <{base}Thing> .\n"
            elif k < 5:
                line = f'{subject} <{base}label{k}> "label {k} of thing {s}, ünïcödé"@en .\n'
            elif k < 8:
                line = f"{subject} <{base}link{k}> <{base}thing/{(s * 7919 + k) % things}> .\n"
            else:
                line = f'{subject} <{base}value{k}> "{i}"^^{integer} .\n'
            f.write(line)
    return out


def raw_put(server: OxigraphServer, upload: Path) -> None:
    url = f"{server.store_url}?graph={urllib.parse.quote(GRAPH, safe='')}"
    curl = shutil.which("curl")
    if curl is None:
        sys.exit("curl is needed for the raw upload")
    subprocess.run(
        [
            curl,
            "-sS",
            "--fail",
            "-X",
            "PUT",
            "-H",
            "Content-Type: application/n-triples",
            "-T",
            str(upload),
            url,
        ],
        check=True,
    )


def coekg_load(server: OxigraphServer, source: Path, *options: str) -> None:
    coekg(
        "load",
        "--endpoint",
        server.query_url,
        "--graph",
        GRAPH,
        "--data",
        str(source),
        "--no-validate",
        *options,
    )


def measure(
    name: str, folder: Path, expected: int | None, run: Method, prepare: Method | None = None
) -> Row:
    """Time ``run`` on a fresh server (after ``prepare``, not timed); the graph must then hold
    ``expected`` triples."""
    server = start_oxigraph(folder)
    try:
        if prepare is not None:
            prepare(server)
        started = time.perf_counter()
        run(server)
        seconds = time.perf_counter() - started
        count = server.count(GRAPH)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    if expected is not None and count != expected:
        sys.exit(f"{name}: the graph holds {count} triples, expected {expected}")
    return Row(name, seconds, count)


def table(rows: list[Row]) -> str:
    raw = rows[0].triples / rows[0].seconds
    lines = [
        "| method | seconds | triples/s | vs raw PUT |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in rows:
        rate = r.triples / r.seconds
        lines.append(f"| {r.method} | {r.seconds:.1f} | {rate:,.0f} | {rate / raw:.2f} |")
    return "\n".join(lines)


def revised(old: Path, new: Path) -> None:
    """``new``: ``old`` with the label and description of its first project changed."""
    lines = old.read_bytes().split(b"\n")
    changed = 0
    for i, line in enumerate(lines):
        subject, _, rest = line.partition(b" ")
        if b"/id/project/" not in subject:
            continue
        if rest.startswith((b"<http://www.w3.org/2000/01/rdf-schema#label> ", DESCRIPTION)):
            lines[i] = line.replace(b'"@en .', b' (revised edition)"@en .')
            changed += 1
            if changed == 2:
                break
    if changed != 2:
        sys.exit(f"{old}: no project with a label and a description to change")
    new.write_bytes(b"\n".join(lines))


DESCRIPTION = b"<http://purl.org/dc/terms/description> "


def since(args: argparse.Namespace, work: Path) -> None:
    """A one-resource change: ``coekg load --since`` against a full ``--replace``."""
    old = args.input or synthesize(args.triples, work)
    new = work / "new.nt"
    revised(old, new)
    exported = work / "new-export.nt"
    coekg("export", "--format", "nt", "--no-validate", "--data", str(new), "-o", str(exported))
    with exported.open("rb") as f:
        expected = sum(1 for _ in f)
    print(f"{expected:,} triples in the new edition, one resource changed; Oxigraph "
          f"{oxigraph_version()}")  # fmt: skip

    def load_old(server: OxigraphServer) -> None:
        coekg_load(server, old, "--replace", "--store-endpoint", server.store_url)

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coekg", "diff", str(old), str(new)],
        stdout=subprocess.DEVNULL,
        check=False,  # exit 1: the editions differ
    )
    diff_seconds = time.perf_counter() - started
    methods: list[tuple[str, Method]] = [
        (
            "coekg load --replace (one GSP PUT)",
            lambda s: coekg_load(s, new, "--replace", "--store-endpoint", s.store_url),
        ),
        (
            "coekg load --replace (batches + MOVE)",
            lambda s: coekg_load(
                s,
                new,
                "--replace",
                "--store-endpoint",
                s.store_url,
                "--update-endpoint",
                s.update_url,
            ),
        ),
        (
            "coekg load --since OLD (one update)",
            lambda s: coekg_load(s, new, "--since", str(old), "--update-endpoint", s.update_url),
        ),
    ]
    rows = [
        measure(name, work / f"store-{i}", expected, run, prepare=load_old)
        for i, (name, run) in enumerate(methods)
    ]
    full = rows[0].seconds
    print("| method | seconds | vs one PUT |")
    print("| --- | ---: | ---: |")
    for r in rows:
        print(f"| {r.method} | {r.seconds:.1f} | {full / r.seconds:.2f}x |")
    print(f"| coekg diff OLD NEW (no store) | {diff_seconds:.1f} | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--input", type=Path, help="an RDF file to load instead of synthetic data")
    parser.add_argument("--batch-size", type=int, help="coekg load --batch-size")
    parser.add_argument("--skip-move", action="store_true", help="skip --replace with MOVE")
    parser.add_argument(
        "--since", action="store_true", help="a new edition: --since against --replace"
    )
    args = parser.parse_args()
    if args.since:
        work = Path(tempfile.mkdtemp(prefix="coekg-load-benchmark-"))
        try:
            since(args, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return

    work = Path(tempfile.mkdtemp(prefix="coekg-load-benchmark-"))
    try:
        source = args.input or synthesize(args.triples, work)
        upload = work / "upload.nt"
        coekg("export", "--format", "nt", "--no-validate", "--data", str(source), "-o", str(upload))
        with upload.open("rb") as f:
            lines = sum(1 for _ in f)
        size = upload.stat().st_size / 1e6
        print(f"{lines:,} triples, {size:,.0f} MB of N-Triples; Oxigraph {oxigraph_version()}")
        batch = ["--batch-size", str(args.batch_size)] if args.batch_size else []
        methods: list[tuple[str, Method]] = [
            ("curl -X PUT (raw upload)", lambda s: raw_put(s, upload)),
            (
                "coekg load (GSP POST batches)",
                lambda s: coekg_load(s, source, "--store-endpoint", s.store_url, *batch),
            ),
            (
                "coekg load --replace (one GSP PUT)",
                lambda s: coekg_load(s, source, "--replace", "--store-endpoint", s.store_url),
            ),
        ]
        if not args.skip_move:
            methods.append(
                (
                    "coekg load --replace (batches + MOVE)",
                    lambda s: coekg_load(
                        s,
                        source,
                        "--replace",
                        "--store-endpoint",
                        s.store_url,
                        "--update-endpoint",
                        s.update_url,
                        *batch,
                    ),
                )
            )
        rows: list[Row] = []
        for i, (name, run) in enumerate(methods):
            # every method must end with the count of the raw upload
            rows.append(measure(name, work / f"store-{i}", rows[0].triples if rows else None, run))
            print(f"  {name}: {rows[-1].seconds:.1f} s", file=sys.stderr)
        print(table(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def oxigraph_version() -> str:
    from tests.requirements import find_tool

    executable = find_tool("oxigraph")
    if executable is None:
        return "?"
    out = subprocess.run([executable, "--version"], capture_output=True, text=True).stdout
    return out.split()[-1] if out else "?"


if __name__ == "__main__":
    main()
