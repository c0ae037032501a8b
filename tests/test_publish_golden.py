"""The bytes of every file ``coekg publish`` writes, pinned by reviewed snapshots.

The publisher was rewritten for speed (workers, compact indexes, incremental publishing,
pages rendered on demand by ``coekg serve``); these snapshots were recorded with the
renderer before that rewrite, so every page, document, index and dump it writes now is the
one it wrote then, byte for byte. Three sites are pinned:

* the bundled data (``coekg publish``);
* the hostile fixture (``tests/fixtures/publish/hostile.ttl``: markup in labels, blank nodes,
  a ``javascript:`` link, other languages) at another base URL;
* a synthetic graph (``coekg synth --triples 2000 --seed 11``, made by the test; the export
  snapshots pin its bytes).

Each snapshot (``tests/expected/site/{name}.site.gz``) holds every file of the site in path
order, each after a line ``=== {path} {size} {sha256}``; the compressed downloads are
pinned by that line alone (``downloads/SHA256SUMS`` holds the same sums), and their
uncompressed bytes are those of the export snapshots (``tests/expected/export/``), which
:func:`assert_dumps_are_the_exports` checks. ``git config diff.gzip.textconv "gzip -dc"`` makes
``git diff`` show their text. A difference means the published site changed: find
out why before anything else. Only a deliberate change (of the data, the templates, the
project file) is regenerated, as the export snapshots are::

    COEKG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_publish_golden.py

which rewrites the snapshots that differ and fails, naming them. Under CI it is refused.
"""

from __future__ import annotations

import contextlib
import difflib
import gzip
import hashlib
import multiprocessing
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled as bundled_project
from coekg.publish import dump_process, publish, query_rows
from coekg.publish.manifest import PATH as PUBLISH_STATE
from tests.requirements import missing, under_ci

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "expected" / "site"
EXPORT_GOLDEN = ROOT / "tests" / "expected" / "export"
HOSTILE = ROOT / "tests" / "fixtures" / "publish" / "hostile.ttl"
HOSTILE_BASE = "http://127.0.0.1:9/test/"
UPDATE = os.environ.get("COEKG_UPDATE_GOLDEN") == "1"
SYNTH_TRIPLES, SYNTH_SEED = 2000, 11
#: the snapshots together stay well below this many bytes (as committed, compressed)
SIZE_LIMIT = 1_500_000
#: files whose bytes the snapshot does not hold (they are pinned by their checksum)
PINNED_BY_SUM = (".gz",)


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of the site by its path relative to the site root, but the publish state
    (digests of what the site was made from, which name the renderer's own source: it
    changes with the code, and ``tests/test_publish_incremental.py`` checks it)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != PUBLISH_STATE
    }


def snapshot_bytes(files: dict[str, bytes]) -> bytes:
    """The snapshot of a site's files: a header line per file, then its bytes."""
    out = bytearray()
    for path in sorted(files):
        data = files[path]
        digest = hashlib.sha256(data).hexdigest()
        out += f"=== {path} {len(data)} {digest}\n".encode()
        if not path.endswith(PINNED_BY_SUM):
            out += data + b"\n"
    return bytes(out)


def read_snapshot(data: bytes) -> dict[str, tuple[str, bytes | None]]:
    """path -> (its header line, its bytes or None when pinned by its sum)."""
    files: dict[str, tuple[str, bytes | None]] = {}
    at = 0
    while at < len(data):
        end = data.index(b"\n", at)
        header = data[at:end].decode()
        _, path, size, _digest = header.split(" ")
        at = end + 1
        if path.endswith(PINNED_BY_SUM):
            files[path] = (header, None)
            continue
        files[path] = (header, data[at : at + int(size)])
        at += int(size) + 1
    return files


def first_difference(path: str, expected: bytes, actual: bytes) -> str:
    old, new = expected.splitlines(), actual.splitlines()
    at = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    start = max(0, at - 3)
    diff = difflib.unified_diff(
        [line.decode("utf-8", "replace") for line in old[start : at + 4]],
        [line.decode("utf-8", "replace") for line in new[start : at + 4]],
        f"snapshot/{path}",
        f"published/{path}",
        lineterm="",
    )
    return "\n".join(diff)


def compare_or_update(name: str, site: Path) -> None:
    actual_files = site_files(site)
    actual = snapshot_bytes(actual_files)
    path = GOLDEN / f"{name}.site.gz"
    expected = gzip.decompress(path.read_bytes()) if path.is_file() else None
    if UPDATE:
        assert not under_ci(), "COEKG_UPDATE_GOLDEN is refused under CI: goldens are reviewed"
        if expected != actual:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            path.write_bytes(gzip.compress(actual, compresslevel=9, mtime=0))
            pytest.fail(f"rewrote {path.relative_to(ROOT)}: review the diff, then run again")
        return
    assert expected is not None, f"{path.relative_to(ROOT)} is missing; see the docstring"
    if actual == expected:
        return
    pinned = read_snapshot(expected)
    missing = sorted(set(pinned) - set(actual_files))
    extra = sorted(set(actual_files) - set(pinned))
    assert not missing and not extra, f"files missing: {missing[:10]}; extra: {extra[:10]}"
    changed = [
        p
        for p, (header, data) in pinned.items()
        if header != snapshot_bytes({p: actual_files[p]}).split(b"\n", 1)[0].decode()
    ]
    first = changed[0]
    shown = pinned[first][1]
    detail = first_difference(first, shown, actual_files[first]) if shown is not None else "(sums)"
    pytest.fail(
        f"{len(changed)} file(s) of the {name} site differ from the snapshot, such as "
        f"{changed[:5]}; a deliberate change is regenerated with COEKG_UPDATE_GOLDEN=1\n{detail}"
    )


def assert_dumps_are_the_exports(name: str, site: Path) -> None:
    """The site's six dumps, uncompressed, are the export snapshots ``name`` (the bytes of
    ``coekg export`` in each format): the compression may change, their content may not."""
    dumps = sorted((site / "downloads").glob("coekg.*.gz"))
    assert len(dumps) == 6, dumps
    for dump in dumps:
        suffix = dump.name.removeprefix("coekg").removesuffix(".gz")
        expected = gzip.decompress((EXPORT_GOLDEN / f"{name}{suffix}.gz").read_bytes())
        assert gzip.decompress(dump.read_bytes()) == expected, f"{dump.name} is not {name}{suffix}"


def test_bundled_site_is_the_reviewed_bytes(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(bundled_project().load(), out, bundled_project())
    compare_or_update("bundled", out)
    assert_dumps_are_the_exports("bundled", out)


def test_the_forked_processes_give_the_reviewed_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large data has its dumps written, and its query pages' rows answered, by processes
    forked for them (``coekg.publish.dump_process``, ``coekg.publish.query_rows``): made
    that way, the bundled site is the same snapshot."""
    forks: list[int] = []
    monkeypatch.setattr(dump_process, "FORK_FROM", 0)
    monkeypatch.setattr(dump_process, "core_count", lambda: 2)
    start = query_rows.Answers.start

    def counted(self: query_rows.Answers) -> None:
        forks.append(1)
        start(self)

    monkeypatch.setattr(query_rows.Answers, "start", counted)
    out = tmp_path / "site"
    publish(bundled_project().load(), out, bundled_project())
    assert forks == [1]
    compare_or_update("bundled", out)


def test_hostile_site_is_the_reviewed_bytes(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(bundled_project().load([HOSTILE]), out, bundled_project(), HOSTILE_BASE)
    compare_or_update("hostile", out)


def synthetic_data(folder: Path) -> Path:
    """The reviewed synthetic graph, written by ``coekg synth`` into ``folder``."""
    data = folder / "synthetic.ttl"
    args = ["synth", "--triples", str(SYNTH_TRIPLES), "--seed", str(SYNTH_SEED), "-o", str(data)]
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return data


def test_synthetic_site_is_the_reviewed_bytes(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(bundled_project().load([synthetic_data(tmp_path)]), out, bundled_project())
    compare_or_update(f"synthetic-{SYNTH_TRIPLES}-seed-{SYNTH_SEED}", out)
    assert_dumps_are_the_exports(f"synthetic-{SYNTH_TRIPLES}-seed-{SYNTH_SEED}", out)


def test_the_site_snapshots_are_exactly_these_and_small() -> None:
    expected = {
        "bundled.site.gz",
        "hostile.site.gz",
        f"synthetic-{SYNTH_TRIPLES}-seed-{SYNTH_SEED}.site.gz",
    }
    present = {p.name for p in GOLDEN.iterdir()} - {".gitattributes"}
    assert present == expected
    size = sum(p.stat().st_size for p in GOLDEN.iterdir())
    assert size < SIZE_LIMIT, f"{size} bytes of snapshots; keep them below {SIZE_LIMIT}"


def test_synthetic_site_forked_is_the_reviewed_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same site when the dumps are written by a forked process, the query pages'
    queries answered by another (which reads the SPARQL store itself), and the resources
    are written by forked workers, as at a large size (all forced here, whatever the
    size). The publishing process reads no store."""
    from coekg.publish import dump_process, query_rows, workers
    from coekg.rdf.dataset import KnowledgeGraph

    if "fork" not in multiprocessing.get_all_start_methods():
        missing("this system does not fork (Linux and macOS do)")
    forks: list[str] = []
    start, pending_start = dump_process.Dumps.start, workers.Pending.start
    answers_start, fill = query_rows.Answers.start, KnowledgeGraph.fill
    publisher = os.getpid()

    def fill_here(self: KnowledgeGraph, store: object) -> None:
        assert os.getpid() != publisher, "the publishing process read a store"
        fill(self, store)  # type: ignore[arg-type]

    def dumps_start(self: dump_process.Dumps) -> None:
        forks.append("dumps")
        start(self)

    def answering_start(self: query_rows.Answers) -> None:
        forks.append("answers")
        answers_start(self)

    def workers_start(self: workers.Pending, helpers: int) -> None:
        forks.append("workers")
        pending_start(self, helpers)

    monkeypatch.setattr(dump_process, "FORK_FROM", 0)
    monkeypatch.setattr(dump_process, "core_count", lambda: 2)
    monkeypatch.setattr(workers, "core_count", lambda: 2)
    monkeypatch.setattr(workers, "SERIAL_BELOW", 0)
    monkeypatch.setattr(workers, "CHUNK", 7)
    monkeypatch.setattr(dump_process.Dumps, "start", dumps_start)
    monkeypatch.setattr(workers.Pending, "start", workers_start)
    monkeypatch.setattr(query_rows.Answers, "start", answering_start)
    monkeypatch.setattr(KnowledgeGraph, "fill", fill_here)
    out = tmp_path / "site"
    publish(bundled_project().load([synthetic_data(tmp_path)]), out, bundled_project())
    assert forks == ["answers", "dumps", "workers"]
    compare_or_update(f"synthetic-{SYNTH_TRIPLES}-seed-{SYNTH_SEED}", out)
    assert_dumps_are_the_exports(f"synthetic-{SYNTH_TRIPLES}-seed-{SYNTH_SEED}", out)
