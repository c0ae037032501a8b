"""The data steward's loop, through the command line, with the steward's own files: typos
in any vocabulary caught on the resource with the nearest term, a reused IRI named in both
files, labels in several languages, a new file validated alone or with the data it links
to, and hints that run as written."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "tests" / "fixtures" / "valid" / "world.ttl"
HEAD = """@prefix coekg: <https://w3id.org/coekg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix project: <https://w3id.org/coekg/id/project/> .
@prefix organisation: <https://w3id.org/coekg/id/organisation/> .
@prefix section: <https://w3id.org/coekg/id/section/> .
@prefix state: <https://w3id.org/coekg/id/state/> .
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def findings(result: Result) -> dict[str, list[dict[str, object]]]:
    doc = json.loads(result.stdout)
    return {r["resource"]: r["findings"] for r in doc["resources"]}


NEW_PROJECT = """
project:steward-new-project a coekg:Project ;
    rdfs:label "A new project"@en ;
    dcterms:description "A project the steward adds."@en ;
    coekg:beneficiaryState state:azerbaijan ;
    coekg:fundedBy organisation:european-union ;
    coekg:sourceSection section:opening .
"""


def test_typos_in_any_vocabulary_are_filed_under_the_resource_with_the_nearest_term(
    tmp_path: Path,
) -> None:
    typos = write(
        tmp_path,
        "typos.ttl",
        NEW_PROJECT.replace(
            "coekg:fundedBy organisation",
            'skos:altLable "ANP"@en ;\n    coekg:fundedby organisation',
        ).replace(" a coekg:Project ;", ' a coekg:Project ;\n    rdfs:lable "x"@en ;'),
    )
    result = run("validate", "-f", "json", "data", str(typos))
    assert result.exit_code == 1, result.output
    found = findings(result)
    assert set(found) == {"https://w3id.org/coekg/id/project/steward-new-project"}
    messages = {f["message"]: f["where"] for f in next(iter(found.values()))}
    assert messages == {
        "rdfs:lable is not an RDF Schema term; did you mean rdfs:label?": f"{typos}:12",
        "skos:altLable is not a SKOS term; did you mean skos:altLabel?": f"{typos}:16",
        "coekg:fundedby is not a term of the ontology; did you mean coekg:fundedBy?": f"{typos}:17",
    }


def test_a_real_term_the_ontology_does_not_use_says_to_declare_it(tmp_path: Path) -> None:
    other = write(
        tmp_path,
        "other.ttl",
        NEW_PROJECT.replace(
            " ;\n    coekg:fundedBy", ' ;\n    schema:name "x" ;\n    coekg:fundedBy'
        ),
    )
    result = run("validate", "-f", "json", "data", str(other))
    assert result.exit_code == 1, result.output
    (finding,) = next(iter(findings(result).values()))
    assert finding["message"] == (
        "schema:name is a schema.org property that the ontology does not use: declare it in "
        "the ontology (with its OWL kind) to use it in the data"
    )


def test_a_reused_iri_is_one_finding_naming_both_files(tmp_path: Path) -> None:
    reused = write(
        tmp_path,
        "reused.ttl",
        NEW_PROJECT.replace(
            "project:steward-new-project", "project:support-execution-ecthr-judgments"
        ),
    )
    result = run("validate", "-f", "json", "data", str(reused))
    assert result.exit_code == 1, result.output
    mine = findings(result)["https://w3id.org/coekg/id/project/support-execution-ecthr-judgments"]
    (twice,) = [f for f in mine if f["component"] == "https://w3id.org/coekg/checks#DescribedTwice"]
    lines = (ROOT / "data" / "projects.ttl").read_text(encoding="utf-8").splitlines()
    first = 1 + next(
        i
        for i, line in enumerate(lines)
        if line.startswith("project:support-execution-ecthr-judgments")
    )
    assert twice["where"] == f"{reused}:11"
    assert twice["also"] == [f"data/projects.ttl:{first}"]
    # and the shapes see the merged description: two English labels
    assert any(f["component"] == "UniqueLangConstraintComponent" for f in mine)


@pytest.mark.parametrize(
    ("labels", "component"),
    [
        ('"A new project"@en , "Un nouveau projet"@fr , "Yeni layihə"@az', None),
        ('"Un nouveau projet"@fr', "QualifiedMinCountConstraintComponent"),
        ('"A new project"@en , "Another name"@en', "UniqueLangConstraintComponent"),
        ('"A new project"', "DatatypeConstraintComponent"),
    ],
    ids=["en-fr-az", "french-only", "two-english", "no-language"],
)
def test_one_label_per_language_english_required(
    tmp_path: Path, labels: str, component: str | None
) -> None:
    mine = write(tmp_path, "mine.ttl", NEW_PROJECT.replace('"A new project"@en', labels))
    result = run("validate", "-f", "json", "data", str(mine))
    if component is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    components = {f["component"] for fs in findings(result).values() for f in fs}
    assert component in components


def test_a_malformed_language_tag_is_refused_with_its_line(tmp_path: Path) -> None:
    mine = write(
        tmp_path, "mine.ttl", NEW_PROJECT.replace('"A new project"@en', '"A new project"@en_GB')
    )
    result = run("validate", "data", str(mine))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"coekg: error: {mine}:12: ")


def test_a_new_file_alone_says_where_its_links_are_described_and_the_hint_runs(
    tmp_path: Path,
) -> None:
    """The dangling case: validated alone, the new file's links to the project's state,
    organisation and section are dangling, each naming file:line where the project's data
    describes it and the command that includes that data. The linked case: that command,
    run as written, conforms."""
    new = write(tmp_path, "new-project.ttl", NEW_PROJECT)
    alone = run("validate", "-f", "json", str(new))
    assert alone.exit_code == 1, alone.output
    dataset = findings(alone)["https://w3id.org/coekg/dataset"]
    assert len(dataset) == 3
    hint = f"coekg validate --data data --data {new}"
    for f in dataset:
        assert "; it is described in data/" in f["message"], f
        assert f["message"].endswith(
            f"run '{hint}' to validate these files with the data they link to"
        )
    state = next(f for f in dataset if f["value"].endswith("/state/azerbaijan"))
    assert state["also"][0].startswith("data/membership.ttl:")
    linked = run(*shlex.split(hint)[1:])
    assert linked.exit_code == 0, linked.output
    assert linked.stdout.startswith("conforms: no violation, no warning (data, ")


def test_publish_refuses_with_a_hint_that_gives_the_full_report(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.ttl", NEW_PROJECT.replace("coekg:fundedBy", "coekg:fundedby"))
    result = run("publish", "-o", str(tmp_path / "site"), "--data", "data", "--data", str(bad))
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "site").exists()
    hint = f"coekg validate --data data --data {bad}"
    assert f"(run '{hint}' for the full report, or pass --no-validate)" in result.stderr
    full = run(*shlex.split(hint)[1:])
    assert full.exit_code == 1
    assert (
        "coekg:fundedby is not a term of the ontology; did you mean coekg:fundedBy?" in full.stdout
    )
    assert full.stdout.endswith(f"(data, {bad}: 14 data file(s), 1751 triple(s))\n") or (
        f"(data, {bad}: " in full.stdout
    )
