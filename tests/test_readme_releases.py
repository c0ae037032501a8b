"""The README's "Publishing a new edition", run as written in a copy of the project: the
first release, the data change it describes, the diff it shows, the project file's new
edition, the second release and the line it says that release prints."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from tests.test_readme_steward import blocks, section

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "project:support-execution-ecthr-judgments a coekg:Project ;\n"


def complete_the_project(path: Path) -> None:
    """The README's data change: the project's status becomes Completed."""
    text = path.read_text(encoding="utf-8")
    start = text.index(PROJECT)
    end = text.index(" .\n", start)
    block = text[start:end]
    assert block.count("coekg:status coekg:Ongoing") == 1
    changed = block.replace("coekg:status coekg:Ongoing", "coekg:status coekg:Completed")
    path.write_text(text[:start] + changed + text[end:], encoding="utf-8")


def test_publishing_a_new_edition_works_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "coekg.toml", tmp_path / "coekg.toml")
    monkeypatch.chdir(tmp_path)
    walkthrough = section("Publishing a new edition")
    first, diff, second = blocks(walkthrough, "console")
    (edition,) = blocks(walkthrough, "toml")
    commands = [
        line[2:]
        for block in (first, diff, second)
        for line in block.splitlines()
        if line[:2] == "$ "
    ]
    assert commands == [
        "coekg publish --release 0.1.0 -o site",
        "coekg diff site/releases/0.1.0/coekg.nq.gz data",
        "coekg publish --release 0.2.0 -o site",
    ]
    runner = CliRunner()

    released = runner.invoke(cli, commands[0].split()[1:])
    assert released.exit_code == 0, released.output

    complete_the_project(tmp_path / "data" / "projects.ttl")
    diffed = runner.invoke(cli, commands[1].split()[1:])
    assert diffed.exit_code == 1, diffed.output
    assert diffed.stdout == "".join(
        line + "\n" for line in diff.splitlines() if not line.startswith("$ ")
    )

    project_file = tmp_path / "coekg.toml"
    text = project_file.read_text(encoding="utf-8")
    for line in edition.splitlines():
        key = line.split(" = ")[0]
        text, n = re.subn(rf"^{re.escape(key)} = .*$", lambda _m, new=line: new, text, flags=re.M)
        assert n == 1, key
    project_file.write_text(text, encoding="utf-8")

    again = runner.invoke(cli, commands[2].split()[1:])
    assert again.exit_code == 0, again.output
    (said,) = re.findall(r"The last line of its output says `([^`]*)`", walkthrough)
    assert again.output.splitlines()[-1] == " ".join(said.split())

    site = tmp_path / "site"
    assert sorted(p.name for p in (site / "releases").iterdir()) == ["0.1.0", "0.2.0", "index.html"]
    page = (site / "releases/0.2.0/index.html").read_text(encoding="utf-8")
    assert "The Execution of Judgments project is completed." in page
    assert re.search(r">status</a>: <a [^>]*>ongoing</a> → <a [^>]*>completed</a>", page)
