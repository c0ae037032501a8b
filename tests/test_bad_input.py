"""Bad input: every command that reads data, over every file of ``tests/fixtures/bad/``.

The corpus and the expected exit code and line of each file are in the table of
``tests/fixtures/bad/README.md``, which this module reads: the README is the specification.
Each command must give one line on stderr naming the file (and line), the contract's exit
code, no traceback, and no output: no file, no partial file, nothing on stdout, and a failed
``publish`` leaves the old site exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg.cli import cli

TESTS = Path(__file__).parent
BAD = TESTS / "fixtures" / "bad"
WORLD = TESTS / "fixtures" / "valid" / "world.ttl"


def shown(path: Path) -> str:
    """``path`` as coekg shows it: relative to the current folder (the checkout) when under it."""
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


#: prctl(2) operation that removes a capability from the bounding set (Linux)
PR_CAPBSET_DROP = 24
#: a port nothing listens on: load --dry-run must not contact it anyway
NOWHERE = "http://127.0.0.1:9"


@dataclass(frozen=True)
class Case:
    name: str
    exit: int
    line: int | None
    world: bool

    @property
    def path(self) -> Path:
        return BAD / self.name


def corpus() -> list[Case]:
    """The rows of the table of files in the corpus README."""
    text = (BAD / "README.md").read_text(encoding="utf-8")
    table = text.split("## Files", 1)[1].split("Made by the tests", 1)[0]
    cases = []
    for row in re.findall(
        r"^\|\s*`([^`]+)`\s*\|\s*(\d)\s*\|\s*(\d*)\s*\|\s*(world)?\s*\|", table, re.M
    ):
        name, code, line, world = row
        cases.append(Case(name, int(code), int(line) if line else None, bool(world)))
    return cases


CASES = corpus()
COMMANDS = [
    "validate",
    "validate-args",
    "export",
    "export-stdout",
    "query",
    "publish",
    "load",
    "serve",
]


def test_the_readme_lists_every_file_of_the_corpus() -> None:
    listed = {c.name for c in CASES}
    present = {p.name for p in BAD.iterdir() if p.name != "README.md"}
    assert listed == present
    assert len(CASES) >= 30


# --------------------------------------------------------------------------------------
# Running a command and checking what it left behind
# --------------------------------------------------------------------------------------


@dataclass
class Run:
    command: str
    exit: int
    stdout: str
    stderr: str
    out: Path  # the folder every output goes into


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def old_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site published from world.ttl: each failed publish must leave a copy of it whole."""
    site = tmp_path_factory.mktemp("old") / "site"
    result = CliRunner().invoke(cli, ["publish", "-o", str(site), "--data", str(WORLD)])
    assert result.exit_code == 0, result.output
    return site


def arguments(command: str, data: list[Path], out: Path) -> list[str]:
    given = [a for p in data for a in ("--data", str(p))]
    return {
        "validate": ["validate", *given],
        "validate-args": ["validate", *map(str, data)],
        "export": ["export", "-f", "trig", "-o", str(out / "export.trig"), *given],
        "export-stdout": ["export", "-f", "nt", *given],
        "query": ["query", "projects", "-f", "csv", *given],
        "publish": ["publish", "-o", str(out / "site"), *given],
        "load": [
            "load",
            "--endpoint",
            f"{NOWHERE}/query",
            "--store-endpoint",
            f"{NOWHERE}/store",
            "--dry-run",
            *given,
        ],
        "serve": ["serve", "--port", "0", *given],
    }[command]


def run(command: str, data: list[Path], out: Path, old_site: Path | None = None) -> Run:
    """Run ``command`` in-process on ``data``; outputs go into the empty folder ``out``."""
    if command == "publish" and old_site is not None:
        shutil.copytree(old_site, out / "site")
    result: Result = CliRunner().invoke(cli, arguments(command, data, out))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{command} raised {result.exception!r}") from result.exception
    return Run(command, result.exit_code, result.stdout, result.stderr, out)


def assert_one_error_line(r: Run, path: Path, line: int | None) -> None:
    """One line on stderr, naming the file (and the line), and no traceback."""
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("coekg: error: "), r.stderr
    where = f"{path}:{line}:" if line is not None else f"{path}:"
    assert where in lines[0], f"{where!r} not in {lines[0]!r}"
    assert "Traceback" not in r.stderr + r.stdout


def assert_nothing_written(r: Run, old_site: Path | None) -> None:
    left = sorted(p.name for p in r.out.iterdir())
    if r.command == "publish" and old_site is not None:
        assert left == ["site"], left  # no temporary build folder left beside it
        assert tree_digest(r.out / "site") == tree_digest(old_site), "the old site changed"
    else:
        assert left == [], left
    if not r.command.startswith("validate") or r.exit == 3:
        assert r.stdout == "", r.stdout[:300]


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------


def expected_exit(case_exit: int, command: str) -> int:
    """``query`` does not validate: non-conforming data is answered (exit 0)."""
    return 0 if (command == "query" and case_exit == 1) else case_exit


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_file(case: Case, command: str, tmp_path: Path, old_site: Path) -> None:
    data = [WORLD, case.path] if case.world else [case.path]
    if command == "serve" and case.exit == 0:
        assert_server_starts(data, tmp_path)
        return
    r = run(command, data, tmp_path, old_site)
    expected = expected_exit(case.exit, command)
    assert r.exit == expected, (r.stdout[-500:], r.stderr)
    assert "Traceback" not in r.stdout + r.stderr
    if expected == 3:
        assert_one_error_line(r, case.path, case.line)
        assert_nothing_written(r, old_site)
    elif expected == 1:
        if command.startswith("validate"):
            assert r.stderr == ""
            assert "does not conform" in r.stdout
            assert shown(WORLD) in r.stdout or shown(case.path) in r.stdout
        else:
            lines = r.stderr.splitlines()
            if command == "serve":  # validated after start: it serves, then stops
                assert len(lines) == 2 and lines[0].startswith("serving "), r.stderr
                lines = lines[1:]
            assert len(lines) == 1 and "does not conform" in lines[0], r.stderr
            assert shown(WORLD) in lines[0] or shown(case.path) in lines[0]
            assert_nothing_written(r, old_site)
    else:
        check_accepted(r, case.path)


def assert_server_starts(data: list[Path], tmp_path: Path) -> None:
    """Accepted data: ``coekg serve`` starts (in a real process, since it runs until
    stopped), answers, and stops cleanly."""
    import http.client
    import signal
    from urllib.parse import urlsplit

    args = [a for p in data for a in ("--data", str(p))]
    proc = subprocess.Popen(
        [sys.executable, "-m", "coekg", "serve", "--port", "0", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp_path)},
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        url = urlsplit(line.split()[1])
        for _attempt in range(10):  # the home page waits for the dumps: 503 and Retry-After
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            conn.request("GET", "/index.html")
            response = conn.getresponse()
            conn.close()
            if response.status != 503:
                break
            time.sleep(int(response.getheader("Retry-After", "1")))
        assert response.status == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "Traceback" not in err, err


def check_accepted(r: Run, path: Path) -> None:
    assert r.stderr == "" or r.command == "publish", r.stderr
    if r.command.startswith("validate"):
        assert r.stdout.startswith("conforms")
    elif r.command == "export":
        assert (r.out / "export.trig").stat().st_size > 0
        assert sorted(p.name for p in r.out.iterdir()) == ["export.trig"]
    elif r.command == "export-stdout":
        assert r.stdout.count("\n") > 100
    elif r.command == "publish":
        assert (r.out / "site" / "index.html").is_file()
        assert sorted(p.name for p in r.out.iterdir()) == ["site"]
    elif r.command == "load":
        assert r.stdout.startswith("dry run: nothing is sent")
    else:
        assert r.stdout.startswith("project,")


def test_conflicting_facts_report_names_the_file_that_adds_the_second_value(
    tmp_path: Path,
) -> None:
    """Both files hold a value of the property: the report must lead to the second one, the
    file that adds to what the resource's own file says, whichever is read first."""
    case = next(c for c in CASES if c.name == "conflicting-facts.ttl")
    for data in ([WORLD, case.path], [case.path, WORLD]):
        r = run("validate", data, tmp_path)
        assert r.exit == 1
        header = f"<https://w3id.org/coekg/id/project/world-project>  ({shown(case.path)})\n"
        assert header in r.stdout
        assert f"  {shown(WORLD)}:" not in r.stdout


# --------------------------------------------------------------------------------------
# Cases made at run time: missing, unreadable, huge
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_file(command: str, tmp_path: Path, old_site: Path) -> None:
    missing = tmp_path / "missing.ttl"
    out = tmp_path / "out"
    out.mkdir()
    r = run(command, [missing], out, old_site)
    assert r.exit == 3
    assert_one_error_line(r, missing, None)
    assert "no such file" in r.stderr
    assert_nothing_written(r, old_site)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def without_root_file_access() -> None:
    """In a child process before exec: drop the capabilities that let root read and search
    any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from the bounding set, so that file
    permissions apply to the command as they do to any user."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_without_root_file_access(command: str, data: list[Path], out: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "coekg", *arguments(command, data, out)],
        capture_output=True,
        text=True,
        preexec_fn=without_root_file_access,
        timeout=120,
        check=False,
    )
    return Run(command, done.returncode, done.stdout, done.stderr, out)


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_file(command: str, tmp_path: Path, old_site: Path) -> None:
    """A file without read permission (``chmod 000``). Root reads such a file anyway, so
    as root the command runs in a child process without root's power over file access."""
    secret = tmp_path / "unreadable.ttl"
    secret.write_text(WORLD.read_text(encoding="utf-8"), encoding="utf-8")
    secret.chmod(0o000)
    out = tmp_path / "out"
    out.mkdir()
    if command == "publish":
        shutil.copytree(old_site, out / "site")
    if not is_root():
        r = run(command, [secret], out)
    elif sys.platform != "linux":
        pytest.skip("as root, only Linux capabilities make chmod 000 stop reading")
    else:
        r = run_without_root_file_access(command, [secret], out)
    assert r.exit == 3, r.stderr
    assert_one_error_line(r, secret, None)
    assert "permission denied" in r.stderr
    assert_nothing_written(r, old_site)


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A conforming resource whose description is one 6 MB literal."""
    path = tmp_path_factory.mktemp("huge") / "huge-literal.ttl"
    words = " ".join(f"word{i % 1000}" for i in range(700_000))
    path.write_text(
        "@base <https://w3id.org/coekg/id/> .\n"
        "@prefix coekg: <https://w3id.org/coekg/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "<project/huge-literal> a coekg:Project ;\n"
        '    rdfs:label "Test Project huge-literal"@en ;\n'
        f'    dcterms:description "{words}."@en ;\n'
        "    coekg:sourceSection <section/world> .\n",
        encoding="utf-8",
    )
    assert path.stat().st_size > 5_000_000
    return path


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "serve"])
def test_huge_literal_is_accepted(command: str, huge: Path, tmp_path: Path) -> None:
    r = run(command, [WORLD, huge], tmp_path)
    assert r.exit == 0, r.stderr
    check_accepted(r, huge)
    if command == "export":
        assert b"word999 word0 word1" in (tmp_path / "export.trig").read_bytes()
    if command == "publish":
        page = tmp_path / "site" / "id" / "project" / "huge-literal.html"
        assert page.stat().st_size > 5_000_000


# --------------------------------------------------------------------------------------
# The same through a real process: what a user's shell sees
# --------------------------------------------------------------------------------------


def coekg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coekg", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "name", "line"),
    [
        (["validate"], "unterminated-string.ttl", 9),
        (["export", "-f", "turtle"], "truncated.nq", 2),
        (["query", "projects"], "latin1.ttl", 9),
        (["publish", "-o", "site"], "entity-expansion.rdf", 10),
    ],
)
def test_in_a_real_process(args: list[str], name: str, line: int, tmp_path: Path) -> None:
    done = coekg(*args, "--data", str(BAD / name), cwd=tmp_path)
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith(f"coekg: error: {BAD / name}:{line}: ")
    assert list(tmp_path.iterdir()) == []


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = coekg("--debug", "validate", "--data", str(BAD / "missing-dot.ttl"), cwd=tmp_path)
    assert done.returncode == 3
    assert "Traceback" in done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith("coekg: error: ")


# --------------------------------------------------------------------------------------
# Regression: blank nodes that look alike made export and publish take minutes
# --------------------------------------------------------------------------------------


def look_alike(n: int) -> str:
    """A collection nested ``n`` deep, a list of ``n`` equal items, and ``[ ]`` nested too."""
    return (
        "<http://example.org/x> <http://example.org/p> "
        + "( " * n
        + '"b"'
        + " )" * n
        + " , ( "
        + '"x" ' * n
        + ") , "
        + "[ <http://example.org/p> " * n
        + '"b"'
        + " ]" * n
        + " .\n"
    )


def test_look_alike_blank_nodes_get_canonical_labels_fast() -> None:
    """RDFC-1.0 took minutes on these 10 KB (its cost grows like n³); tree labels are
    linear, and the same for any order and any labels the parser gave."""
    import random

    import pyoxigraph as ox

    from coekg.rdf.canonical import canonical_quads

    text = look_alike(1000).encode()
    outputs = set()
    started = time.monotonic()
    for seed in range(3):
        quads = list(ox.parse(text, ox.RdfFormat.TURTLE, rename_blank_nodes=True))
        random.Random(seed).shuffle(quads)
        outputs.add(ox.serialize(canonical_quads(quads), format=ox.RdfFormat.N_QUADS))
    assert time.monotonic() - started < 10
    assert len(outputs) == 1
    (output,) = outputs
    relabelled = list(ox.parse(output, ox.RdfFormat.N_QUADS))
    assert len(relabelled) == len(quads)


def test_ordinary_blank_nodes_keep_their_rdfc_labels() -> None:
    import pyoxigraph as ox

    from coekg.rdf.canonical import canonical_quads

    quads = list(ox.parse(look_alike(3).encode(), ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    expected = ox.Dataset(quads)
    expected.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert sorted(map(str, canonical_quads(quads))) == sorted(map(str, expected))


def test_tree_labels_describe_the_same_graph() -> None:
    """Relabelled by trees, the graph is isomorphic to the input (equal RDFC-1.0 forms)."""
    import pyoxigraph as ox

    from coekg.rdf import canonical

    quads = list(ox.parse(look_alike(12).encode(), ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    labels = canonical._tree_labels(quads)
    assert labels is not None
    relabelled = [canonical._apply(q, labels) for q in quads]
    a, b = ox.Dataset(quads), ox.Dataset(relabelled)
    a.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    b.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert sorted(map(str, a)) == sorted(map(str, b))


def test_look_alike_blank_nodes_in_cycles_are_refused_in_bounded_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Eleven blank nodes all linked to each other: RDFC-1.0 would take hours."""
    import pyoxigraph as ox

    from coekg.errors import InputError
    from coekg.rdf import canonical

    monkeypatch.setattr(canonical, "RDFC_SECONDS", 2.0)
    text = "".join(
        f"_:b{i} <http://example.org/p> _:b{j} .\n" for i in range(11) for j in range(11) if i != j
    )
    quads = list(ox.parse(text.encode(), ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True))
    started = time.monotonic()
    with pytest.raises(InputError, match="give those resources IRIs"):
        canonical.canonical_quads(quads)
    assert time.monotonic() - started < 10
