"""Every command has help text and is documented in the README and the contract's spelling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def test_the_contract_commands_exist() -> None:
    contract = {"validate", "export", "queries", "query", "load", "publish", "serve", "synth"}
    assert contract <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert len(cli.commands[name].help or "") > 40


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`coekg {name}" in README


def test_readme_first_screen_has_exactly_two_commands() -> None:
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line for line in first_block.splitlines() if line.strip()]
    assert [line.split("#")[0].strip() for line in lines] == ["make run", "make test"]


def test_python_dash_m_and_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coekg", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("coekg, version ")


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys; from coekg.cli import cli\n"
        "heavy = {'rdflib', 'pyshacl', 'pyoxigraph', 'SPARQLWrapper', 'jinja2', 'waitress'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", COMMANDS)
def test_exit_code_of_a_usage_error_is_2(name: str) -> None:
    """Every command: an unknown option is exit 2, with click's usage message on stderr
    and nothing on stdout."""
    result = CliRunner().invoke(cli, [name, "--no-such-option"], prog_name="coekg")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"Usage: coekg {name} ")
    (last,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "No such option" in last and "--no-such-option" in last
    assert "Traceback" not in result.stderr
