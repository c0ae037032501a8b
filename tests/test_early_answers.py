"""``coekg publish`` forks the process answering the query pages' queries while it reads the
data, and sends it the statements as they are read (:mod:`coekg.publish.early_answers`,
:mod:`coekg.publish.statement_pipe`). Forced here at a small size, in small batches: the
site is byte for byte the one a publish makes without it, however the statements came
(streamed, restated and forgotten, read whole), and a failure leaves no process behind.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled as bundled_project
from coekg.publish import dump_process, publish, query_rows, statement_pipe
from coekg.rdf import dataset
from tests.requirements import missing
from tests.test_publish_golden import synthetic_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def early(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fork at any size, send batches of 300 statements; what the feed did, in order:
    ``fork``, ``batch`` (sent while a file was read), ``restart``, ``end``."""
    if "fork" not in multiprocessing.get_all_start_methods():
        missing("this system does not fork (Linux and macOS do)")
    seen: list[str] = []
    start, send = query_rows.Answers.start, statement_pipe.StatementPipe.send
    restart, end = statement_pipe.StatementPipe.restart, statement_pipe.StatementPipe.end
    reading = [False]
    parse = dataset.parse_source

    def parse_noted(source: dataset.Source, feed: object = None) -> dataset.Part:
        reading[0] = True
        try:
            return parse(source, feed)  # type: ignore[arg-type]
        finally:
            reading[0] = False

    def start_noted(self: query_rows.Answers, *, fed: bool = False) -> None:
        seen.append("fork" if fed else "fork after reading")
        start(self, fed=fed)

    def send_noted(self: statement_pipe.StatementPipe, graph: str | None, text: bytes) -> None:
        seen.append("batch" if reading[0] else "whole")
        send(self, graph, text)

    def restart_noted(self: statement_pipe.StatementPipe) -> None:
        seen.append("restart")
        restart(self)

    def end_noted(self: statement_pipe.StatementPipe) -> None:
        seen.append("end")
        end(self)

    monkeypatch.setattr(dump_process, "FORK_FROM", 0)
    monkeypatch.setattr(dump_process, "core_count", lambda: 2)
    monkeypatch.setattr(dataset, "FEED_BATCH", 300)
    monkeypatch.setattr("coekg.project.parse_source", parse_noted)
    monkeypatch.setattr(query_rows.Answers, "start", start_noted)
    monkeypatch.setattr(statement_pipe.StatementPipe, "send", send_noted)
    monkeypatch.setattr(statement_pipe.StatementPipe, "restart", restart_noted)
    monkeypatch.setattr(statement_pipe.StatementPipe, "end", end_noted)
    yield seen
    assert multiprocessing.active_children() == []  # every process forked was stopped


def digest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def command(args: list[str]) -> str:
    """Run ``coekg args`` in the repository; its output (exit 0 expected)."""
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.output


def published_without_feed(data: Path, out: Path) -> dict[str, str]:
    """The site :func:`coekg.publish.publish` makes of ``data``, answers forked after the
    reading (as before the feed)."""
    project = bundled_project()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dump_process, "FORK_FROM", 1 << 40)
        publish(project.load([data]), out, project)
    return digest(out)


def test_statements_streamed_while_reading_give_the_same_site(
    early: list[str], tmp_path: Path
) -> None:
    data = synthetic_data(tmp_path)
    command(["publish", "--no-validate", "--data", str(data), "-o", str(tmp_path / "site")])
    # forked at the ontology's first batch; the catalogue is sent whole at the end
    assert early[0] == "fork"
    assert early.count("batch") > 2000 // 300  # the data's statements, as they were read
    assert early[-2:] == ["whole", "end"]
    assert "restart" not in early
    expected = published_without_feed(data, tmp_path / "without")
    assert digest(tmp_path / "site") == expected


def test_an_export_read_as_data_is_forgotten_and_sent_whole(
    early: list[str], tmp_path: Path
) -> None:
    """An export restates the ontology, whose statements are set aside once the file is
    read: the process forgets what it was sent, and is sent every part whole."""
    export = tmp_path / "coekg.ttl"
    command(["export", "--format", "turtle", "-o", str(export)])
    command(["publish", "--no-validate", "--data", str(export), "-o", str(tmp_path / "site")])
    assert "restart" in early
    after = early[early.index("restart") + 1 :]
    assert after and set(after) == {"whole", "end"}
    assert after.count("whole") >= 3  # ontology, data, catalogue
    assert digest(tmp_path / "site") == published_without_feed(export, tmp_path / "without")


def test_files_that_name_their_graphs_are_sent_whole(early: list[str], tmp_path: Path) -> None:
    quads = tmp_path / "coekg.nq.gz"
    command(["export", "--format", "nq", "-o", str(tmp_path / "coekg.nq")])
    quads.write_bytes(gzip.compress((tmp_path / "coekg.nq").read_bytes(), mtime=0))
    command(["publish", "--no-validate", "--data", str(quads), "-o", str(tmp_path / "site")])
    data_sent = early[early.index("fork") :]
    assert "whole" in data_sent and "restart" not in data_sent
    assert digest(tmp_path / "site") == published_without_feed(quads, tmp_path / "without")


def test_a_syntax_error_after_the_fork_stops_the_process(early: list[str], tmp_path: Path) -> None:
    data = synthetic_data(tmp_path)
    broken = tmp_path / "broken.ttl"
    broken.write_bytes(data.read_bytes() + b"\n<https://w3id.org/coekg/id/x> <p> .\n")
    lines = broken.read_bytes().count(b"\n")
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(
            cli, ["publish", "--no-validate", "--data", str(broken), "-o", str(tmp_path / "site")]
        )
    assert result.exit_code == 3, result.output
    assert f"broken.ttl:{lines}" in result.output
    assert early[0] == "fork" and "end" not in early
    assert not (tmp_path / "site").exists()


def test_data_that_does_not_conform_stops_the_process(early: list[str], tmp_path: Path) -> None:
    invalid = ROOT / "tests" / "fixtures" / "invalid"
    data = sorted(invalid.glob("*.ttl"))[0]
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(
            cli, ["publish", "--data", str(data), "-o", str(tmp_path / "s")]
        )
    assert result.exit_code == 1, result.output
    assert early[0] == "fork" and early[-1] == "end"
    assert not (tmp_path / "s").exists()


def test_an_up_to_date_site_stops_the_process_and_is_kept(early: list[str], tmp_path: Path) -> None:
    data = synthetic_data(tmp_path)
    args = ["publish", "--no-validate", "--data", str(data), "-o", str(tmp_path / "site")]
    command(args)
    before = digest(tmp_path / "site")
    early.clear()
    command(args)
    assert early[0] == "fork" and early[-1] == "end"
    assert digest(tmp_path / "site") == before


def _received_in_a_child(send: Callable[[statement_pipe.StatementPipe], None]) -> list[str] | None:
    """What the store of a forked process receiving on a new pipe holds (its quads as text,
    sorted; ``None`` if it got none) once ``send`` has sent on the pipe here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        missing("this system does not fork (Linux and macOS do)")
    context = multiprocessing.get_context("fork")
    pipe = statement_pipe.StatementPipe(*context.Pipe(duplex=False))
    results, told = context.Pipe(duplex=False)

    def receive() -> None:
        pipe.for_receiver()
        store = pipe.received_store()
        told.send(None if store is None else sorted(map(str, store)))

    child = context.Process(target=receive)
    child.start()
    pipe.for_sender()
    send(pipe)
    received = results.recv()
    child.join(30)
    assert child.exitcode == 0
    return received


GRAPH = "https://w3id.org/coekg/graph/g"
ONE = b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n"
QUAD = b'<https://example.org/a> <https://example.org/b> "c" <https://example.org/h> .\n'
#: a megabyte, more than a pipe holds
BIG = b"".join(
    b'<https://w3id.org/coekg/id/s%d> <https://w3id.org/coekg/def#p> "%d" .\n' % (i, i)
    for i in range(20_000)
)


def test_the_receiving_process_gets_every_statement_sent() -> None:
    """The pipe carries any amount at once (the text goes to an anonymous file): a sender
    that sends more than a pipe holds, before the receiver reads, is not held up."""
    import pyoxigraph as ox

    def send(pipe: statement_pipe.StatementPipe) -> None:
        pipe.send(GRAPH, ONE)
        pipe.restart()  # forgotten
        pipe.send(GRAPH, BIG)
        pipe.send(None, QUAD)
        pipe.end()

    expected = ox.Store()
    expected.load(BIG, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    expected.load(QUAD, format=ox.RdfFormat.N_QUADS)
    assert _received_in_a_child(send) == sorted(map(str, expected))


def test_a_sender_that_ends_early_leaves_no_store() -> None:
    def send(pipe: statement_pipe.StatementPipe) -> None:
        pipe.send(GRAPH, ONE)
        pipe.close()  # no end: the sender failed

    assert _received_in_a_child(send) is None
