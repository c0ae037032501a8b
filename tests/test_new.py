"""``coekg new KIND SLUG``: a skeleton from the shapes, for every kind of resource. Unfilled,
it never conforms (every placeholder is a finding on its line); with each placeholder
replaced by the example beside it, it conforms with the project's data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg import namespaces
from coekg.cli import cli

PLACEHOLDER = re.compile(r"<todo:[^>]*> ;  # e.g. (.*)$", re.MULTILINE)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("kind", namespaces.KINDS)
def test_filling_the_placeholders_gives_conforming_data(kind: str, tmp_path: Path) -> None:
    result = run("new", kind, "steward-test")
    assert result.exit_code == 0, result.output
    text = result.stdout
    statements = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    placeholders = sum("<todo:" in line for line in statements)
    assert placeholders == len(PLACEHOLDER.findall(text)), "a placeholder without example"
    assert f"\n{kind}:steward-test a " in text
    filled = tmp_path / "filled.ttl"
    filled.write_text(PLACEHOLDER.sub(lambda m: f"{m.group(1)} ;", text), encoding="utf-8")
    report = run("validate", "data", str(filled))
    assert report.exit_code == 0, report.stdout


@pytest.mark.parametrize("kind", ["project", "figure", "membership"])
def test_an_unfilled_skeleton_has_a_finding_on_every_placeholder(kind: str, tmp_path: Path) -> None:
    skeleton = tmp_path / "new.ttl"
    result = run("new", kind, "steward-test", "-o", str(skeleton))
    assert result.exit_code == 0, result.output
    report = run("validate", "data", str(skeleton))
    assert report.exit_code == 1, report.stdout
    lines = skeleton.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if "<todo:" in line and not line.lstrip().startswith("#"):
            assert f"{skeleton}:{number}: Violation" in report.stdout, line


def test_an_existing_iri_is_refused() -> None:
    result = run("new", "state", "azerbaijan")
    assert result.exit_code == 1
    assert result.stderr.startswith("coekg: error: state:azerbaijan already exists: data/")
    assert result.stdout == ""


def test_a_bad_slug_and_an_existing_file_are_refused(tmp_path: Path) -> None:
    assert run("new", "project", "Not A Slug").exit_code == 1
    assert run("new", "nothing", "x").exit_code == 2
    existing = tmp_path / "mine.ttl"
    existing.write_text("# mine\n", encoding="utf-8")
    result = run("new", "project", "x", "-o", str(existing))
    assert result.exit_code == 2
    assert existing.read_text(encoding="utf-8") == "# mine\n"
