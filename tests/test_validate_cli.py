"""`coekg validate`: exit codes and what the report says for good data, bad data, warnings
and malformed files (in-process, with click's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "tests" / "fixtures" / "valid" / "world.ttl"
INVALID = ROOT / "tests" / "fixtures" / "invalid"
BAD = INVALID / "ProjectShape--status-unknown.ttl"
WARNING_ONLY = INVALID / "EventInProjectPeriodShape--event-before-project.ttl"


def shown(path: Path) -> str:
    """``path`` as coekg shows it: relative to the current folder (the checkout) when under it."""
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", *args])


@pytest.fixture(scope="module", params=["fast", "pyshacl"])
def bad_text(request: pytest.FixtureRequest) -> Result:
    return run("--engine", request.param, str(WORLD), str(BAD))


def test_bundled_data_conforms_and_the_summary_names_the_project() -> None:
    """Run in the checkout, the project's own folders are read; the summary line says so,
    with the number of data files and of triples."""
    result = run()
    assert result.exit_code == 0, result.output
    files = len(list((ROOT / "data").glob("*.ttl")))
    assert result.stdout.startswith("conforms: no violation, no warning (project ./: ")
    assert f": {files} data file(s), " in result.stdout
    assert result.stderr == ""


def test_good_data_conforms_and_the_summary_names_the_files() -> None:
    result = run(str(WORLD))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"conforms: no violation, no warning ({shown(WORLD)}: 1 data file(s), "
    )
    assert result.stderr == ""


def test_data_option_is_the_same_as_paths() -> None:
    """``--data PATH`` (repeatable, and mixed with PATHs) reads exactly the files PATHs
    read: the same report, byte for byte, naming the bad file (not the bundled data)."""
    as_paths = run(str(WORLD), str(BAD))
    assert as_paths.exit_code == 1, as_paths.output
    header = f"<https://w3id.org/coekg/id/project/qualifier-status>  ({shown(BAD)})"
    assert header in as_paths.stdout
    for args in (("--data", str(WORLD), "--data", str(BAD)), (str(WORLD), "--data", str(BAD))):
        as_option = run(*args)
        assert as_option.exit_code == 1, as_option.output
        assert as_option.stdout == as_paths.stdout, args
        assert as_option.stderr == as_paths.stderr == ""


def test_bad_data_names_resource_file_property_value_and_message(bad_text: Result) -> None:
    assert bad_text.exit_code == 1, bad_text.output
    out = bad_text.stdout
    assert f"<https://w3id.org/coekg/id/project/qualifier-status>  ({shown(BAD)})" in out
    assert f"  {shown(BAD)}:18: Violation: coekg:status: a project has at most one status" in out
    assert "property coekg:status; value coekg:Exactly; not one of the allowed values" in out
    assert "(shapes:ProjectShape)" in out
    assert "\ndoes not conform: 1 violation(s), 0 warning(s) in 1 resource(s) (" in out
    assert "Traceback" not in bad_text.output


def test_json_report_groups_findings_by_resource() -> None:
    result = run("--format", "json", str(WORLD), str(BAD))
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["conforms"] is False
    assert doc["violations"] == 1 and doc["warnings"] == 0
    (resource,) = doc["resources"]
    assert resource["resource"] == "https://w3id.org/coekg/id/project/qualifier-status"
    assert resource["file"] == shown(BAD)
    (finding,) = resource["findings"]
    assert finding["severity"] == "Violation"
    assert finding["property"] == "https://w3id.org/coekg/def#status"
    assert finding["value"] == "https://w3id.org/coekg/def#Exactly"
    assert finding["component"] == "InConstraintComponent"
    assert finding["shape"] == "https://w3id.org/coekg/shapes#ProjectShape"
    assert finding["message"].startswith("coekg:status:")


def test_turtle_report_is_the_standard_shacl_report() -> None:
    import rdflib
    from rdflib.namespace import SH

    result = run("--format", "turtle", str(WORLD), str(BAD))
    assert result.exit_code == 1
    g = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (report,) = g.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert g.value(report, SH.conforms).toPython() is False
    (r,) = g.objects(report, SH.result)
    assert g.value(r, SH.focusNode) == rdflib.URIRef(
        "https://w3id.org/coekg/id/project/qualifier-status"
    )
    assert g.value(r, SH.resultPath) == rdflib.URIRef("https://w3id.org/coekg/def#status")
    assert g.value(r, SH.value) == rdflib.URIRef("https://w3id.org/coekg/def#Exactly")
    assert g.value(r, SH.resultSeverity) == SH.Violation
    assert g.value(r, SH.sourceConstraintComponent) == SH.InConstraintComponent
    assert g.value(r, SH.sourceShape) == rdflib.URIRef(
        "https://w3id.org/coekg/shapes#ProjectShape-status"
    )


def test_turtle_report_keeps_literal_values() -> None:
    import rdflib
    from rdflib.namespace import SH, XSD

    fixture = INVALID / "StatedFigureShape--count-decimal.ttl"
    result = run("--format", "turtle", str(WORLD), str(fixture))
    g = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (value,) = g.objects(None, SH.value)
    assert value == rdflib.Literal("615.5", datatype=XSD.decimal)


def test_reports_are_deterministic(bad_text: Result) -> None:
    assert run(str(WORLD), str(BAD)).stdout == bad_text.stdout  # and the same for both engines
    first = run("--format", "turtle", str(WORLD), str(BAD)).stdout
    assert run("--format", "turtle", str(WORLD), str(BAD)).stdout == first


CONFLICTING = ROOT / "tests" / "fixtures" / "bad" / "conflicting-facts.ttl"
PREFIXES = "@base <https://w3id.org/coekg/id/> .\n@prefix coekg: <https://w3id.org/coekg/def#> .\n"


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_findings_name_the_file_that_states_the_offending_value(
    engine: str, tmp_path: Path
) -> None:
    """The world's project gets a second start date from one file, a second partner from
    another and a partner of the wrong class from a third: each finding names the file
    that stated its value, not the world, which types the project."""
    also = tmp_path / "also.ttl"
    also.write_text(
        PREFIXES + "<project/world-project> coekg:partner <organisation/world-union> .\n"
    )
    wrong = tmp_path / "wrong.ttl"
    wrong.write_text(PREFIXES + "<project/world-project> coekg:partner <theme/world-justice> .\n")
    result = run(
        "--engine", engine, "-f", "json", str(WORLD), str(also), str(wrong), str(CONFLICTING)
    )
    assert result.exit_code == 1, result.output
    (resource,) = json.loads(result.stdout)["resources"]
    assert resource["resource"] == "https://w3id.org/coekg/id/project/world-project"
    assert resource["file"] is None  # two files, so each finding names its own
    located = sorted(
        (f["property"].split("#")[1], f["value"], f["file"]) for f in resource["findings"]
    )
    assert located == [
        ("partner", "https://w3id.org/coekg/id/theme/world-justice", shown(wrong)),
        ("startDate", None, shown(CONFLICTING)),
    ]
    text = run("--engine", engine, str(WORLD), str(also), str(wrong), str(CONFLICTING)).stdout
    assert f"  {shown(wrong)}:3: Violation: coekg:partner" in text
    assert "    property coekg:partner; value theme:world-justice" in text
    assert f"  {shown(CONFLICTING)}:" in text


def test_warnings_fail_only_with_strict() -> None:
    relaxed = run(str(WORLD), str(WARNING_ONLY))
    assert relaxed.exit_code == 0, relaxed.output
    assert " Warning: coekg:date 2019-05-05 lies outside the period" in relaxed.stdout
    assert "\nconforms with 1 warning(s), no violation, in 1 resource(s) (" in relaxed.stdout
    strict = run("--strict", str(WORLD), str(WARNING_ONLY))
    assert strict.exit_code == 1, strict.output
    assert "does not conform (--strict: warnings count)" in strict.stdout
    strict_json = json.loads(
        run("--strict", "--format", "json", str(WORLD), str(WARNING_ONLY)).stdout
    )
    assert strict_json["conforms"] is False and strict_json["strict"] is True


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text(
        '@prefix ex: <http://example.org/> .\n\nex:a ex:p ex:b .\nex:c ex:p "unterminated .\n'
    )
    result = run(str(WORLD), str(bad))
    assert result.exit_code == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"coekg: error: {bad}:4: ")
    assert "Traceback" not in result.output


def test_missing_file_is_exit_3() -> None:
    result = run(str(ROOT / "no-such-file.ttl"))
    assert result.exit_code == 3
    assert "no-such-file.ttl: no such file or folder" in result.stderr


def test_unknown_option_value_is_a_usage_error() -> None:
    result = run("--format", "yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '-f' / '--format'" in result.stderr
    assert "'yaml' is not one of 'text', 'json', 'turtle', 'github', 'sarif'" in result.stderr


def test_a_warning_makes_the_shacl_report_not_conform_but_not_the_exit_code() -> None:
    """SHACL: sh:conforms is false whenever there is a result, of any severity; coekg's exit
    code fails on warnings only with --strict, and its words say "conforms with"."""
    import rdflib
    from rdflib.namespace import SH

    result = run("--format", "turtle", str(WORLD), str(WARNING_ONLY))
    assert result.exit_code == 0, result.output
    g = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (report,) = g.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert g.value(report, SH.conforms).toPython() is False
    (r,) = g.objects(report, SH.result)
    assert g.value(r, SH.resultSeverity) == SH.Warning
    doc = json.loads(run("--format", "json", str(WORLD), str(WARNING_ONLY)).stdout)
    assert (doc["conforms"], doc["sh_conforms"]) == (True, False)
    assert doc["verdict"] == "conforms with 1 warning(s), no violation, in 1 resource(s)"


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_every_finding_names_the_line_that_states_it(engine: str, tmp_path: Path) -> None:
    """A steward's own file: the value's line for a wrong value, the subject's first line
    for a missing property, in text, JSON and the SHACL report."""
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        PREFIXES + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "\n"
        "<project/steward-test>\n"
        "    a coekg:Project ;\n"
        '    rdfs:label "Steward test"@en ;\n'
        "    coekg:sourceSection <section/world> ;\n"
        "    coekg:status\n"
        "        coekg:Exactly .\n",
        encoding="utf-8",
    )
    result = run("--engine", engine, "-f", "json", str(WORLD), str(mine))
    assert result.exit_code == 1, result.output
    (resource,) = json.loads(result.stdout)["resources"]
    where = {f["property"].split("#")[-1].split("/")[-1]: f["where"] for f in resource["findings"]}
    assert where == {
        "description": f"{shown(mine)}:{_line_of(mine, '<project/steward-test>')}",
        "status": f"{shown(mine)}:{_line_of(mine, 'coekg:Exactly')}",
    }
    turtle = run("--engine", engine, "-f", "turtle", str(WORLD), str(mine)).stdout
    assert f"{mine.resolve().as_uri()}#line={_line_of(mine, 'coekg:Exactly') - 1}," in turtle


def test_github_format_gives_workflow_commands_on_the_line() -> None:
    result = run("--format", "github", str(WORLD), str(BAD), str(WARNING_ONLY))
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    warning = next(line for line in lines if line.startswith("::warning "))
    assert warning.startswith(f"::warning file={shown(WARNING_ONLY)},line=")
    error = next(line for line in lines if line.startswith("::error "))
    title = "title=coekg validate%3A Violation::"
    assert error.startswith(f"::error file={shown(BAD)},line=18,{title}")
    assert "coekg:status" in error
    assert lines[-1].startswith("does not conform: 1 violation(s), 1 warning(s)")


def test_sarif_format_is_a_sarif_2_1_0_log() -> None:
    """The structure SARIF 2.1.0 requires (version, runs, tool.driver.name, results with
    message.text, ruleId and level from the allowed values, physical locations with a
    positive startLine), checked against the specification's required properties."""
    result = run("--format", "sarif", str(WORLD), str(BAD), str(WARNING_ONLY))
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "coekg"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert len(run_["results"]) == 2
    for r in run_["results"]:
        assert r["level"] in ("none", "note", "warning", "error")
        assert r["message"]["text"]
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]
        (location,) = r["locations"]
        physical = location["physicalLocation"]
        # relative to the folder it ran in, as the repository's CI checks files out
        assert physical["artifactLocation"]["uri"].startswith("tests/fixtures/")
        assert physical["region"]["startLine"] >= 1
    levels = sorted(r["level"] for r in run_["results"])
    assert levels == ["error", "warning"]
