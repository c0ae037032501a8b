"""The examples of the README and of docs/queries.md print what they show.

Each ``console`` block that runs ``coekg query`` is replayed, command by command, in a folder
of its own, in a terminal of 100 columns (what the examples are written for):
``$ cat FILE`` writes the lines it shows into FILE (the query the next command runs),
``$ echo $?`` checks the exit code of the command before it, ``$ NAME=VALUE coekg ...`` runs
with that environment variable, and ``$ coekg ...`` must print exactly the lines shown
(standard output and error, as a terminal shows them).
"""

from __future__ import annotations

import contextlib
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled
from coekg.query import catalogue

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", ROOT / "docs" / "queries.md"]
#: the terminal width the examples are written for
COLUMNS = "100"


@dataclass(frozen=True)
class Step:
    command: str
    output: str


def blocks(path: Path) -> list[list[Step]]:
    """The console blocks of ``path`` that run ``coekg query``, as commands and outputs."""
    found = re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    out: list[list[Step]] = []
    for block in found:
        if "$ coekg query" not in block and "coekg query " not in block:
            continue
        parts = re.split(r"^\$ (.*)\n", block, flags=re.M)
        out.append([Step(c, o) for c, o in zip(parts[1::2], parts[2::2], strict=True)])
    return out


def examples() -> list[tuple[str, list[Step]]]:
    return [
        (f"{path.name}:{steps[0].command[:40]}", steps)
        for path in DOCUMENTS
        for steps in blocks(path)
    ]


def test_the_documents_have_examples() -> None:
    assert len(blocks(DOCUMENTS[0])) >= 2
    assert len(blocks(DOCUMENTS[1])) >= 2


@pytest.mark.parametrize(("where", "steps"), examples(), ids=[e[0] for e in examples()])
def test_an_example_prints_what_it_shows(where: str, steps: list[Step], tmp_path: Path) -> None:
    last = 0
    for step in steps:
        words = shlex.split(step.command)
        env = {"COLUMNS": COLUMNS}
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        if words[:1] == ["cat"]:
            (tmp_path / words[1]).write_text(step.output)
            continue
        if words == ["echo", "$?"]:
            assert step.output == f"{last}\n", step.command
            continue
        assert words[:1] == ["coekg"], f"{where}: cannot replay {step.command!r}"
        with contextlib.chdir(tmp_path):
            result = CliRunner().invoke(cli, words[1:], env=env)
        last = result.exit_code
        assert result.output == step.output, step.command


def test_every_parameter_of_every_query_is_documented() -> None:
    """docs/queries.md lists each canned query with the names of its parameters."""
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (.*) \|$", text, re.M))
    for query in catalogue.catalogue(bundled().queries):
        if not query.parameters:
            assert query.name not in rows or not rows[query.name]
            continue
        assert query.name in rows, query.name
        for p in query.parameters:
            assert f"`{p.name}`" in rows[query.name], (query.name, p.name)
