"""The README's "Add a fact" walkthrough, run as written in a copy of the project: the
skeleton, the verdict on its placeholders, the lines the README fills in, and the verdict
that the data conforms."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return README.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def test_add_a_fact_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    walkthrough = section("Add a fact")
    first, last = blocks(walkthrough, "console")
    (lines,) = blocks(walkthrough, "turtle")
    commands = [line[2:] for line in first.splitlines() if line.startswith("$ ")]
    assert commands == [
        "coekg new project my-new-project -o data/my-new-project.ttl",
        "coekg validate",
    ]
    runner = CliRunner()
    made = runner.invoke(cli, commands[0].split()[1:])
    assert made.exit_code == 0, made.output
    unfilled = runner.invoke(cli, ["validate"])
    assert unfilled.exit_code == 1
    shown = [line for line in first.splitlines()[2:] if line != "..."]
    for line in shown:
        expected = line.split(": ...")[0]
        assert expected in unfilled.stdout, expected
    skeleton = tmp_path / "data" / "my-new-project.ttl"
    text = skeleton.read_text(encoding="utf-8")
    for replacement in lines.splitlines():
        prop = replacement.split()[0]
        text, n = re.subn(rf"^    {re.escape(prop)} <todo:[^\n]*$", replacement, text, flags=re.M)
        assert n == 1, prop
    assert "<todo:" not in "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("#")
    )
    skeleton.write_text(text, encoding="utf-8")
    done = runner.invoke(cli, ["validate"])
    assert done.exit_code == 0, done.output
    (verdict,) = [line for line in last.splitlines() if not line.startswith("$")]
    assert done.stdout == verdict + "\n"
