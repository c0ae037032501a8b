"""Literals as written: the data's literals come back from a triple store exactly as the
files write them, an ill-formed literal is reported as such with what is wrong, and a
number or boolean not in canonical form is refused (a store would rewrite it)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from coekg import project
from coekg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "tests" / "fixtures" / "valid" / "world.ttl"
HEAD = (
    "@base <https://w3id.org/coekg/id/> .\n"
    "@prefix coekg: <https://w3id.org/coekg/def#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


def test_every_literal_of_the_data_comes_back_from_an_oxigraph_store_as_written() -> None:
    """Oxigraph keeps only some datatypes as written (an xsd:positiveInteger comes back as
    xsd:integer): the data uses those it keeps, in their canonical form."""
    kg = project.bundled().load(ontology=False, queries=False)
    written = {q for q in kg.quads() if isinstance(q.object, ox.Literal)}
    store = ox.Store()
    store.extend(written)
    read = {q for q in store if isinstance(q.object, ox.Literal)}
    assert read == written, sorted(str(q.object) for q in written ^ read)[:10]
    assert len(written) > 500


def report(tmp_path: Path, body: str) -> list[dict[str, object]]:
    mine = tmp_path / "mine.ttl"
    mine.write_text(HEAD + body, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "-f", "json", str(WORLD), str(mine)])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    return [f for r in doc["resources"] for f in r["findings"]]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"2023-13-01"^^xsd:date', "is not a date (YYYY-MM-DD): month 13 does not exist"),
        ('"2021-02-29"^^xsd:date', "is not a date (YYYY-MM-DD): February 2021 has no day 29"),
        ('"2021-1-5"^^xsd:date', "is not a date (YYYY-MM-DD): written otherwise"),
        ('"2021-13"^^xsd:gYearMonth', "is not a month (YYYY-MM): month 13 does not exist"),
        ('"21"^^xsd:gYear', "is not a year (YYYY): written otherwise"),
    ],
)
def test_an_ill_formed_date_says_what_is_wrong_before_anything_else(
    tmp_path: Path, value: str, message: str
) -> None:
    findings = report(tmp_path, f"<project/world-project> coekg:launchDate {value} .\n")
    first = findings[0]
    assert first["message"].endswith(message), first
    assert first["component"] == "https://w3id.org/coekg/checks#IllFormedLiteral"
    assert first["where"].endswith("mine.ttl:4")
    if "xsd:date" in value:  # the shapes reject it too, after it (rdflib, and so pySHACL,
        # checks the lexical form of dates, not of months and years)
        assert any(f["component"] == "OrConstraintComponent" for f in findings[1:])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"12a"^^xsd:integer', '"12a"^^xsd:integer is not an integer'),
        ('"05"^^xsd:integer', "not in canonical form: write 5, as triple stores do"),
        ('"+5"^^xsd:integer', "not in canonical form: write 5, as triple stores do"),
    ],
)
def test_counts_are_integers_in_canonical_form(tmp_path: Path, value: str, message: str) -> None:
    body = (
        "<outcome/steward-count> a coekg:QuantifiedOutcome ;\n"
        '    <http://www.w3.org/2000/01/rdf-schema#label> "Counted"@en ;\n'
        '    <http://purl.org/dc/terms/description> "A count."@en ;\n'
        "    coekg:outcomeOf <project/world-project> ;\n"
        '    coekg:measure "people trained" ;\n'
        f"    coekg:count {value} ;\n"
        "    coekg:qualifier coekg:Exactly ;\n"
        "    coekg:sourceSection <section/world> .\n"
    )
    findings = report(tmp_path, body)
    assert findings[0]["message"].endswith(message), findings
    assert findings[0]["where"].endswith("mine.ttl:9")
