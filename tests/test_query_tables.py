"""Tables fit the terminal, shorten nothing, and say "not recorded"; JSON is indented on a
terminal only.

Every canned query, with its defaults and the parameter values of its expected files, is
printed as a table at 80 and at 120 columns (``COLUMNS``): no line may be wider, every name
(what identifies a row) must appear whole on one line, and every word of every value must
be there, in order: text is wrapped, never cut.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled
from coekg.query import catalogue, evaluate, text_table
from coekg.query.results import display
from coekg.rdf import dataset
from tests.test_queries import CASE_IDS, CASES, param_args

WIDTHS = [80, 120]


@pytest.fixture(scope="module")
def kg() -> dataset.KnowledgeGraph:
    return bundled().load()


def table(*args: str, columns: int) -> str:
    result = CliRunner().invoke(cli, ["query", *args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def read_grid(lines: list[str]) -> list[list[list[str]]]:
    """The cells of a table of columns, each as the list of its lines, read by the spans of
    the rule under the header (rows of several lines are separated by blank lines)."""
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    spans = [m.span() for m in re.finditer(r"-+", lines[rule])]
    body = lines[rule + 1 : -1]
    blocks = (
        [b.splitlines() for b in "\n".join(body).split("\n\n")]
        if "" in body
        else [[line] for line in body]
    )
    return [
        [[piece for line in block if (piece := line[a:b].strip())] for a, b in spans]
        for block in blocks
    ]


def read_records(lines: list[str], header: list[str]) -> list[list[list[str]]]:
    """The cells of a table of records (``-[ n ]---`` then ``column  value`` lines)."""
    key = max(len(h) for h in header) + text_table.GAP
    records: list[list[list[str]]] = []
    for line in lines[:-1]:
        if line.startswith("-[ "):
            records.append([])
        elif line[:key].strip():
            records[-1].append([line[key:]] if line[key:] else [])
        else:
            records[-1][-1].append(line[key:])
    return records


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize(("stem", "name", "params"), CASES, ids=CASE_IDS)
def test_a_table_fits_and_shortens_nothing(
    kg: dataset.KnowledgeGraph, stem: str, name: str, params: dict[str, str], columns: int
) -> None:
    import pyoxigraph as ox

    query = catalogue.get(name, bundled().queries)
    printed = table(name, *param_args(params), columns=columns)
    lines = printed.splitlines()
    assert max(text_table.columns(line) for line in lines) <= columns
    assert "…" not in printed
    answer = evaluate.run(kg.store, query, params)
    assert lines[-1] == f"({len(answer.rows)} row{'' if len(answer.rows) == 1 else 's'})"
    records = lines[0].startswith("-[ 1 ]")
    cells = read_records(lines, answer.variables) if records else read_grid(lines)
    assert len(cells) == len(answer.rows)
    unbound = dict(query.unbound)
    for row, shown in zip(answer.rows, cells, strict=True):
        for variable, pieces in zip(answer.variables, shown, strict=True):
            term = row.get(variable)
            text = display(term) if term is not None else unbound.get(variable, "")
            if isinstance(term, ox.NamedNode):
                assert pieces == [text], (variable, pieces)  # a name is one piece, whole
            else:
                assert "".join("".join(pieces).split()) == "".join(text.split()), variable


def test_columns_is_the_width() -> None:
    wide = table("treaties", columns=200).splitlines()
    assert wide[0].split() == [
        "state",
        "treaty",
        "number",
        "title",
        "signed",
        "signatureDate",
        "ratified",
        "ratificationDate",
    ]
    assert len(wide) == 4 + 3  # header, rule, four rows, count
    narrow = table("treaties", columns=80).splitlines()
    assert narrow[0].startswith("-[ 1 ]-")
    assert "treaty            treaty:budapest-convention-on-cybercrime" in narrow
    assert narrow[-1] == "(4 rows)"
    assert max(len(line) for line in narrow) <= 80


def test_long_text_wraps_within_its_column() -> None:
    lines = table("themes", columns=100).splitlines()
    header = lines[0]
    label = header.index("label")
    # a label of several lines: the continuation starts at the label's column
    first = next(i for i, line in enumerate(lines) if "theme:gender-equality" in line)
    assert lines[first][label:].startswith("gender equality and")
    assert lines[first + 1][:label].strip() == ""
    assert lines[first + 1][label:].startswith("combating violence")


def test_no_value_is_not_recorded_in_tables_and_unbound_in_machine_formats() -> None:
    args = ["projects", "--param", "funder=organisation:european-union"]
    assert table(*args, columns=100).count("budget       not recorded") == 5
    md = table(*args, "-f", "md", columns=100).splitlines()
    budget = md[0].strip("| ").split(" | ").index("budget")
    assert {row.strip("| ").split(" | ")[budget] for row in md[2:]} == {"not recorded"}
    csv_rows = table(*args, "-f", "csv", columns=100).splitlines()
    assert all(",,,organisation:" not in row for row in csv_rows)
    assert "not recorded" not in table(*args, "-f", "csv", columns=100)
    doc = json.loads(table(*args, "-f", "json", columns=100))
    assert doc["results"]["bindings"] and all(
        "budget" not in row for row in doc["results"]["bindings"]
    )


def test_a_table_cell_of_wide_characters_counts_two_columns() -> None:
    cells = [[text_table.Cell("漢字漢字漢字 漢字漢字"), text_table.Cell("x:y", whole=True)]]
    out = text_table.render(["text", "name"], cells, 20)
    assert max(text_table.columns(line) for line in out.splitlines()) <= 20
    assert "x:y" in out and "漢字漢字漢字" in out


def test_a_name_wider_than_a_record_is_cut_only_then() -> None:
    name = "project:" + "a" * 60
    out = text_table.render(["project"], [[text_table.Cell(name, whole=True)]], 40)
    assert max(text_table.columns(line) for line in out.splitlines()) <= 40
    assert "".join(line[9:] for line in out.splitlines()[1:-1]) == name


def run_on_a_terminal(*args: str) -> str:
    """What ``coekg`` writes to standard output when that is a terminal (a pseudo-terminal),
    read while it runs (a terminal holds only a few kilobytes)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    process = subprocess.Popen(
        [sys.executable, "-m", "coekg", *args], stdout=follower, stderr=subprocess.PIPE, env=env
    )
    os.close(follower)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other end is closed: the command is done
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        assert process.wait(timeout=120) == 0
        assert process.stderr is not None
        process.stderr.close()
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_json_is_indented_on_a_terminal_and_one_line_otherwise(tmp_path: Path) -> None:
    on_terminal = run_on_a_terminal("query", "summary", "--format", "json")
    assert on_terminal.startswith('{\n  "head": {\n    "vars": [')
    piped = table("summary", "-f", "json", columns=100)
    assert piped.count("\n") == 1
    assert json.loads(on_terminal) == json.loads(piped)
    to_file = tmp_path / "summary.json"
    table("summary", "-f", "json", "-o", str(to_file), columns=100)
    assert to_file.read_text() == piped
