"""Names that paste back: what the tool prints for a resource is read back wherever a
resource is expected, and a resource that is not in the data is an error that names the
nearest ones.

Names are checked by consumers: pyoxigraph's Turtle and SPARQL parsers read every name the
tool prints for the bundled data (and for awkward IRIs) as the IRI it stands for.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from coekg import namespaces, project
from coekg.cli import cli
from coekg.errors import QueryParameterError
from coekg.project import bundled
from coekg.publish.graphview import curie
from coekg.query import catalogue, evaluate
from coekg.validation.report import compact
from tests.test_query_tables import read_grid

PROLOGUE_TURTLE = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in namespaces.PREFIXES.items())
PROLOGUE_SPARQL = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in namespaces.PREFIXES.items())
BAKU = "https://w3id.org/coekg/id/place/baku"


def read_back(name: str) -> tuple[str, str]:
    """The IRI that Turtle and SPARQL read ``name`` as."""
    import pyoxigraph as ox

    (quad,) = ox.parse(f"{PROLOGUE_TURTLE}{name} <urn:p> 1 .\n".encode(), ox.RdfFormat.TURTLE)
    (row,) = ox.Store().query(f"{PROLOGUE_SPARQL}SELECT ?x WHERE {{ BIND({name} AS ?x) }}")
    return quad.subject.value, row["x"].value


def every_iri() -> list[str]:
    import pyoxigraph as ox

    kg = project.bundled().load()
    found = {
        term.value
        for quad in kg.store
        for term in (quad.subject, quad.predicate, quad.object)
        if isinstance(term, ox.NamedNode)
    }
    return sorted(found)


def test_every_name_of_the_data_reads_back_in_turtle_and_sparql() -> None:
    names = 0
    for iri in every_iri():
        name = namespaces.short_name(iri)
        assert read_back(name) == (iri, iri), name
        names += not name.startswith("<")
    assert names > 500  # most are prefixed names, not <iri>


@pytest.mark.parametrize(
    ("iri", "name"),
    [
        ("https://w3id.org/coekg/id/state/azerbaijan", "state:azerbaijan"),
        ("https://w3id.org/coekg/def#Project", "coekg:Project"),
        ("https://w3id.org/coekg/id/foo/bar", "<https://w3id.org/coekg/id/foo/bar>"),
        ("https://w3id.org/coekg/id/state/a.", "<https://w3id.org/coekg/id/state/a.>"),
        ("https://w3id.org/coekg/id/state/", "<https://w3id.org/coekg/id/state/>"),
        ("https://w3id.org/coekg/id/state/a.b", "state:a.b"),
        ("https://w3id.org/coekg/id/place/k%C3%B6ln", "place:k%C3%B6ln"),
        ("https://w3id.org/coekg/id/place/köln", "place:köln"),
        ("http://example.org/x", "<http://example.org/x>"),
    ],
)
def test_a_name_is_prefixed_only_where_both_grammars_allow_it(iri: str, name: str) -> None:
    assert namespaces.short_name(iri) == name
    assert read_back(name) == (iri, iri)
    assert namespaces.expand_name(name) == iri


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x2FF), max_size=12))
def test_any_local_name_reads_back_or_is_written_in_full(local: str) -> None:
    import pyoxigraph as ox

    iri = "https://w3id.org/coekg/id/place/" + local
    try:
        ox.NamedNode(iri)
        read_back(f"<{iri}>")
    except (ValueError, SyntaxError):
        return  # not an IRI at all
    name = namespaces.short_name(iri)
    assert read_back(name) == (iri, iri)


def test_the_report_and_the_pages_use_the_same_names() -> None:
    for iri in ("https://w3id.org/coekg/id/state/azerbaijan", "https://w3id.org/coekg/id/x/y"):
        assert compact(iri) == namespaces.short_name(iri)
        assert curie(iri) == namespaces.short_name(iri).strip("<>")


# -- parameters take what tables print ------------------------------------------------------


def query(*args: str) -> Result:
    return CliRunner().invoke(cli, ["query", *args], env={"COLUMNS": "400"})


@pytest.mark.parametrize(
    "value", ["place:baku", f"<{BAKU}>", BAKU, "id:place/baku", " place:baku "]
)
def test_a_resource_is_given_by_its_name_or_its_iri(value: str) -> None:
    result = query("describe", "--param", f"iri={value.strip()}", "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout == query("describe", "--param", f"iri={BAKU}", "-f", "tsv").stdout
    assert result.stdout.count("\n") > 10


def printed_rows(*args: str) -> list[dict[str, str]]:
    """The rows the table of ``coekg query ARGS`` shows (400 columns: a grid), by column."""
    lines = query(*args).stdout.splitlines()
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    spans = [m.span() for m in re.finditer(r"-+", lines[rule])]
    header = ["".join(line[a:b].strip() for line in lines[:rule]) for a, b in spans]
    return [
        {h: " ".join(piece) for h, piece in zip(header, cells, strict=True)}
        for cells in read_grid(lines)
    ]


FILTERS = [
    (q.name, p.name)
    for q in catalogue.catalogue(bundled().queries)
    for p in q.parameters
    if p.optional and p.type in ("iri", "string")
]


@pytest.mark.parametrize(("name", "parameter"), FILTERS, ids=[f"{n}-{p}" for n, p in FILTERS])
def test_every_value_a_table_shows_filters_that_table(name: str, parameter: str) -> None:
    """A filter's column shows names (or values); each, pasted as the parameter, keeps
    exactly the rows that show it."""
    everything = printed_rows(name)
    shown = sorted({row[parameter] for row in everything} - {""})
    assert shown, parameter
    for value in shown[:5]:
        kept = printed_rows(name, "--param", f"{parameter}={value}")
        assert kept == [row for row in everything if row[parameter] == value], value


def test_an_optional_parameter_given_empty_means_every_value() -> None:
    assert query("projects", "--param", "funder=").stdout == query("projects").stdout


# -- unknown values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["projects", "--param", "funder=organisation:eu"],
            "parameter 'funder' of query 'projects': 'organisation:eu' is not a coekg:Agent "
            "in the data; did you mean organisation:european-union (European Union)?",
        ),
        (
            ["projects", "--param", "status=ongoing"],
            "parameter 'status' of query 'projects': 'ongoing' is not a resource name "
            "(prefix:name, or a full IRI); did you mean coekg:Ongoing (ongoing)?",
        ),
        (
            ["projects", "--param", "funder=theme:asset-recovery"],
            "'theme:asset-recovery' is not a coekg:Agent in the data",
        ),
        (
            ["describe", "--param", "iri=place:bakuu"],
            "'place:bakuu' is not a resource in the data; did you mean place:baku (Baku)?",
        ),
        (
            ["timeline", "--param", "place=id:place/strasburg"],
            "did you mean place:strasbourg (Strasbourg)?",
        ),
        (
            ["organisations", "--param", "role=funders"],
            "'funders' is not a value it takes; did you mean funder?",
        ),
    ],
)
def test_an_unknown_value_is_a_usage_error_naming_the_nearest(
    args: list[str], message: str
) -> None:
    result = query(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("coekg: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_known_resource_that_matches_nothing_is_an_empty_answer() -> None:
    result = query("projects", "--param", "funder=state:azerbaijan", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "project,title,status,start,end,funder,budget,currency,implementer,programme,actionPlan"
    ]


def test_the_library_checks_resources_as_the_command_does() -> None:
    """What the web API calls: ``evaluate.run`` raises the same usage error."""
    kg = project.bundled().load()
    projects = catalogue.get("projects", bundled().queries)
    with pytest.raises(QueryParameterError, match="did you mean organisation:european-union"):
        evaluate.run(kg.store, projects, {"funder": "organisation:eu"})
    rows = evaluate.run(kg.store, projects, {"funder": "organisation:european-union"}).rows
    assert len(rows) == 5
