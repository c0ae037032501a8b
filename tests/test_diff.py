"""``coekg diff OLD NEW``: what changed between two editions, in words, as JSON, and as one
SPARQL Update that turns OLD into NEW.

The editions are the bundled data and a copy with one change of every kind
(``tests/editions.py``). The update is applied here to a pyoxigraph store holding OLD; the
same on real Oxigraph and Virtuoso servers is in ``test_load_since.py``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from coekg import resources
from coekg.cli import cli
from coekg.diff import edition
from coekg.diff.changes import compare
from tests import editions
from tests.editions import EX, PROJECT
from tests.test_load import canonical, export_nt

GRAPH = "http://example.org/coekg-test/graph"
XSD = "http://www.w3.org/2001/XMLSchema#"


def diff(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["diff", *map(str, args)])


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> editions.Editions:
    return editions.make(tmp_path_factory.mktemp("editions"))


@pytest.fixture(scope="module")
def text(pair: editions.Editions) -> str:
    result = diff(pair.old, pair.new)
    assert result.exit_code == 1, result.output
    return result.stdout


def block(text: str, heading: str) -> list[str]:
    """The lines of the class block that starts with ``heading``."""
    lines = text.splitlines()
    start = lines.index(heading)
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines)
    )
    return lines[start:end]


def test_the_same_edition_is_exit_0_and_no_output(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(resources.data_dir(), copy)
    for fmt in ("text", "json", "sparql-update"):
        result = diff(resources.data_dir(), copy, "--format", fmt)
        assert result.exit_code == 0, result.output
        if fmt == "json":
            assert json.loads(result.stdout)["same"] is True
        else:
            assert result.stdout == ""


@pytest.mark.parametrize("fmt", ["turtle", "nq", "trig", "jsonld", "xml"])
def test_the_same_statements_in_another_format_are_the_same(fmt: str, tmp_path: Path) -> None:
    """Every export format of the dataset against its N-Triples: blank nodes (the ontology's
    lists) labelled differently by each parser, graphs kept or not, are no difference."""
    suffix = {"turtle": "ttl", "nq": "nq", "trig": "trig", "jsonld": "jsonld", "xml": "rdf"}[fmt]
    nt, other = tmp_path / "coekg.nt", tmp_path / f"coekg.{suffix}"
    nt.write_bytes(export_nt())
    exported = CliRunner().invoke(cli, ["export", "--format", fmt, "-o", str(other)])
    assert exported.exit_code == 0, exported.output
    result = diff(nt, other)
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_changed_value_reads_old_arrow_new(text: str) -> None:
    lines = block(text, "coekg:Project: 1 added, 1 changed")
    assert "  changed project:support-execution-ecthr-judgments" in lines
    assert "    coekg:status: coekg:Ongoing -> coekg:Completed" in lines


def test_a_typed_literal_and_a_boolean_changed(text: str) -> None:
    assert block(text, "coekg:MonetaryAmount: 1 changed") == [
        "coekg:MonetaryAmount: 1 changed",
        "  changed amount:action-plan-azerbaijan-2022-2025-funding",
        '    coekg:amount: "9600000"^^xsd:decimal -> "9700000"^^xsd:decimal',
    ]
    assert block(text, "coekg:Address: 1 changed")[2] == (
        '    coekg:photoCaption: "true"^^xsd:boolean -> "false"^^xsd:boolean'
    )


def test_only_the_datatype_or_only_the_language_changed(text: str) -> None:
    lines = block(text, "coekg:Project: 1 added, 1 changed")
    assert (
        '    coekg:launchDate: "2022-10-21"^^xsd:date -> "2022-10-21" (only the datatype changed)'
    ) in lines
    label = '"Support for the Improvement of the Execution of the European Court Judgments by '
    assert (
        f'    skos:altLabel: {label}Azerbaijan"@en -> {label}Azerbaijan"@fr '
        "(only the language changed)"
    ) in lines


def test_properties_added_and_removed(text: str) -> None:
    lines = block(text, "coekg:Person: 1 removed, 1 changed")
    at = lines.index("  changed person:ilham-aliyev")
    assert lines[at + 1 : at + 3] == [
        f'    added <{EX}note>: "a note the test adds"',
        '    removed coekg:honorific: "H.E. Mr."',
    ]


def test_resources_added_and_removed_with_all_they_said(text: str) -> None:
    people = block(text, "coekg:Person: 1 removed, 1 changed")
    at = people.index("  removed person:heydar-aliyev")
    assert people[at + 1] == "    rdf:type: coekg:Person"
    assert '    rdfs:label: "Heydar Aliyev"@en' in people
    assert "    coekg:sourceSection: section:opening" in people
    projects = block(text, "coekg:Project: 1 added, 1 changed")
    at = projects.index(f"  added <{EX}added-project>")
    assert projects[at + 1 : at + 3] == [
        "    rdf:type: coekg:Project",
        '    rdfs:label: "A project the test adds"@en',
    ]


def test_blank_node_structures(text: str) -> None:
    """Changed deep inside: old -> new whole; added and removed; the unchanged one (written
    with labels instead of brackets) and the one moved to another file are no change."""
    p = f"<{EX}"
    assert block(text, "(no class): 1 changed") == [
        "(no class): 1 changed",
        f"  changed {p}holder>",
        f'    {p}changing>: [ {p}inner> [ {p}label> "deep" ; {p}order> "1"^^xsd:integer ] ; '
        f'{p}label> "before" ] -> [ {p}inner> [ {p}label> "deep" ; {p}order> "2"^^xsd:integer ]'
        f' ; {p}label> "before" ]',
        f'    added {p}coming>: [ {p}count> "3"^^xsd:decimal ; {p}label> "comes" ]',
        f'    removed {p}going>: [ {p}label> "goes" ]',
    ]
    assert "unchanged" not in text and "mover" not in text


def test_a_list_that_changed_is_a_structure_removed_and_another_added(text: str) -> None:
    members = f"( <{EX}A> <{EX}B> )"
    assert block(text, "owl:AllDisjointClasses: 1 added, 1 removed") == [
        "owl:AllDisjointClasses: 1 added, 1 removed",
        "  removed [ ]",
        "    rdf:type: owl:AllDisjointClasses",
        f"    owl:members: {members}",
        "  added [ ]",
        "    rdf:type: owl:AllDisjointClasses",
        f"    owl:members: {members[:-1]}<{EX}C> )",
    ]


def test_the_summary_counts_resources_and_statements(text: str, pair: editions.Editions) -> None:
    old = edition.read([pair.old])
    new = edition.read([pair.new])
    removed, added = len(old.lines - new.lines), len(new.lines - old.lines)
    assert text.endswith(
        f"\n\n{pair.old} -> {pair.new}: 2 resources added, 5 changed, 2 removed "
        f"({added} statements added, {removed} removed)\n"
    )
    # by hand, added: 5 (the changed structure) + 3 (the structure added) + 8 (the longer
    # list) + 3 (the project) + 1 + 1 (amount, caption) + 1 (the note) + 2 (the project
    # added); removed: 5 + 2 (the structure gone) + 6 (the list) + 3 + 1 + 1 + 1 (the
    # honorific) + 5 (the person removed)
    assert (added, removed) == (24, 24)


def test_json_holds_the_same_for_machines(pair: editions.Editions) -> None:
    result = diff(pair.old, pair.new, "--format", "json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["same"] is False
    assert doc["resources"] == {"added": 2, "removed": 2, "changed": 5}
    projects = next(g for g in doc["classes"] if g["classes"] == [f"{DEF}Project"])
    changed = next(r for r in projects["resources"] if r["resource"]["value"] == PROJECT)
    by_property = {p["property"]: p for p in changed["properties"]}
    assert by_property[f"{DEF}status"] == {
        "property": f"{DEF}status",
        "change": "changed",
        "old": [{"type": "uri", "value": f"{DEF}Ongoing"}],
        "new": [{"type": "uri", "value": f"{DEF}Completed"}],
    }
    assert by_property[f"{DEF}launchDate"]["only"] == "datatype"
    assert by_property[f"{DEF}launchDate"]["old"] == [
        {"type": "literal", "value": "2022-10-21", "datatype": f"{XSD}date"}
    ]
    assert by_property[f"{DEF}launchDate"]["new"] == [{"type": "literal", "value": "2022-10-21"}]
    holder = next(g for g in doc["classes"] if g["classes"] == [])["resources"][0]
    coming = next(p for p in holder["properties"] if p["property"] == f"{EX}coming")
    assert coming["change"] == "added"
    [value] = coming["new"]
    assert value["type"] == "bnode"
    assert {p["property"]: p["values"] for p in value["properties"]} == {
        f"{EX}count": [{"type": "literal", "value": "3", "datatype": f"{XSD}decimal"}],
        f"{EX}label": [{"type": "literal", "value": "comes"}],
    }
    lists = next(g for g in doc["classes"] if g["classes"] == [f"{OWL}AllDisjointClasses"])
    added = next(r for r in lists["resources"] if r["status"] == "added")
    members = next(p for p in added["properties"] if p["property"] == f"{OWL}members")
    assert [i["value"] for i in members["new"][0]["items"]] == [f"{EX}A", f"{EX}B", f"{EX}C"]


DEF = "https://w3id.org/coekg/def#"
OWL = "http://www.w3.org/2002/07/owl#"


def test_output_is_byte_identical_from_run_to_run(pair: editions.Editions) -> None:
    for fmt in ("text", "json", "sparql-update"):
        first = diff(pair.old, pair.new, "-f", fmt)
        second = diff(pair.old, pair.new, "-f", fmt)
        assert first.stdout_bytes == second.stdout_bytes


def test_the_update_turns_old_into_new_in_a_store(pair: editions.Editions) -> None:
    result = diff(pair.old, pair.new, "-f", "sparql-update", "--graph", GRAPH)
    assert result.exit_code == 1, result.output
    store = ox.Store()
    store.load(export_nt(pair.old), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.update(result.stdout)
    held = ox.serialize(
        [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH))],
        format=ox.RdfFormat.N_TRIPLES,
    )
    assert held is not None
    assert canonical(held, by_value=True) == canonical(export_nt(pair.new), by_value=True)


def test_the_update_writes_typed_literals_with_strdt(pair: editions.Editions) -> None:
    update = diff(pair.old, pair.new, "-f", "sparql-update").stdout
    assert update.startswith("DELETE DATA {\n  GRAPH <https://w3id.org/coekg/dataset> {\n")
    assert f'BIND(STRDT("9700000", <{XSD}decimal>) AS ?v' in update
    assert '"9700000"^^' not in update
    assert '"9600000"^^<http://www.w3.org/2001/XMLSchema#decimal> .' in update  # deleted as is


def test_identical_copies_of_a_removed_structure_are_put_back(tmp_path: Path) -> None:
    """Three equal blank nodes become two: the pattern deletes all three, two come back."""
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    same = f'[ <{EX}label> "same" ]'
    old.write_text(f"<{EX}s> <{EX}p> {same}, {same}, {same} .\n")
    new.write_text(f"<{EX}s> <{EX}p> {same}, {same} .\n")
    result = diff(old, new, "-f", "sparql-update", "--graph", GRAPH)
    assert result.exit_code == 1, result.output
    store = ox.Store()
    store.load(old.read_bytes(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH))
    assert len(store) == 6
    store.update(result.stdout)
    assert len(store) == 4
    blank = {q.object for q in store.quads_for_pattern(ox.NamedNode(f"{EX}s"), None, None)}
    assert len(blank) == 2


def test_text_names_the_editions_and_output_goes_to_a_file(
    pair: editions.Editions, tmp_path: Path
) -> None:
    out = tmp_path / "changes.txt"
    result = diff(pair.old, pair.new, "-o", out)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == diff(pair.old, pair.new).stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<http://example.org/s> <http://example.org/p> .\n", "broken.nt:1: "),
        (None, "broken.nt: no such file or folder"),
    ],
)
def test_an_unreadable_edition_is_exit_3_naming_the_file(
    content: str | None, message: str, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.nt"
    if content is not None:
        broken.write_text(content)
    result = diff(resources.data_dir(), broken)
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("coekg: error: ")
    assert message in result.stderr
    assert result.stdout == ""


def test_graph_goes_only_with_sparql_update() -> None:
    result = diff(resources.data_dir(), resources.data_dir(), "--graph", GRAPH)
    assert result.exit_code == 2
    assert "--graph goes with --format sparql-update" in result.output


def test_the_library_compares_loaded_graphs(pair: editions.Editions) -> None:
    """What the publish side uses: editions read as data, compared, rendered."""
    changes = compare(edition.read([pair.old], "1.0"), edition.read([pair.new], "1.1"))
    assert (changes.old_name, changes.new_name) == ("1.0", "1.1")
    assert not changes.same
    classes = [tuple(c.value for c in g.classes) for g in changes.groups]
    assert classes[-1] == ()  # resources without class come last
    assert classes[:-1] == sorted(classes[:-1])
