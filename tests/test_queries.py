"""The canned queries: each answers its question exactly as checked against the source.

Every query, with its defaults and with some other parameter values, has an expected answer
in ``tests/expected/{case}.tsv`` (SPARQL 1.1 TSV results: every term with its datatype or
language), read against the source document by hand. Rows must match exactly, in order
where the query has ORDER BY.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg import namespaces, project
from coekg.cli import cli
from coekg.errors import InputError, QueryParameterError
from coekg.project import bundled
from coekg.query import catalogue, evaluate, sparql_text
from coekg.query.results import Results, from_answer
from coekg.rdf import dataset

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "expected"
DCTERMS = "http://purl.org/dc/terms/"

#: the questions the catalogue must answer (issue 3)
REQUIRED = {
    "projects",
    "timeline",
    "outcomes",
    "treaties",
    "monitoring",
    "priorities",
    "funding",
    "programme-projects",
    "themes",
    "people",
    "events-by-place",
    "summary",
    "search",
    "describe",
    "active-projects",
}

#: expected-file stem -> (query, parameters) beyond each query's defaults
VARIANTS: dict[str, tuple[str, dict[str, str]]] = {
    "search--apostrophe": ("search", {"text": "Ombudsperson's"}),
    "search--uppercase-unicode": ("search", {"text": "BURIĆ"}),
    "active-projects--2019": ("active-projects", {"date": "2019"}),
    "active-projects--2021-06": ("active-projects", {"date": "2021-06"}),
    "active-projects--2022-11-01": ("active-projects", {"date": "2022-11-01"}),
    "describe--zoltan-hernyes": (
        "describe",
        {"iri": "https://w3id.org/coekg/id/person/zoltan-hernyes"},
    ),
    "programme-projects--help": (
        "programme-projects",
        {"programme": "https://w3id.org/coekg/id/programme/help"},
    ),
    # the filters: one case per optional parameter (each left out means every value)
    "projects--funder-eu": ("projects", {"funder": "organisation:european-union"}),
    "projects--implementer-coe": ("projects", {"implementer": "organisation:council-of-europe"}),
    "projects--programme-pgg": (
        "projects",
        {"programme": "programme:partnership-for-good-governance"},
    ),
    "projects--status-ongoing": ("projects", {"status": "coekg:Ongoing"}),
    "funding--funder-eu": ("funding", {"funder": "organisation:european-union"}),
    "funding--funder-coe": ("funding", {"funder": "organisation:council-of-europe"}),
    "events-by-place--country-azerbaijan": ("events-by-place", {"country": "state:azerbaijan"}),
    "events-by-place--from-2022": ("events-by-place", {"from": "2022"}),
    "events-by-place--to-2019-09": ("events-by-place", {"to": "2019-09"}),
    "timeline--from-2022-06": ("timeline", {"from": "2022-06"}),
    "timeline--to-2014": ("timeline", {"to": "2014"}),
    "timeline--place-baku": ("timeline", {"place": "place:baku"}),
    "timeline--project-help": ("timeline", {"project": "programme:help"}),
    "organisations--agent-eu": ("organisations", {"agent": "organisation:european-union"}),
    "organisations--role-launcher": ("organisations", {"role": "launcher"}),
    "outcomes--activity-penitentiary": (
        "outcomes",
        {"activity": "project:further-support-penitentiary-reform"},
    ),
    "people--person-hernyes": ("people", {"person": "person:zoltan-hernyes"}),
    "monitoring--body-greco": ("monitoring", {"body": "organisation:greco"}),
    "priorities--action-plan-2022": (
        "priorities",
        {"actionPlan": "action-plan:azerbaijan-2022-2025"},
    ),
    "priorities--kind-new-area": ("priorities", {"kind": "new area"}),
}


def cases() -> list[tuple[str, str, dict[str, str]]]:
    """(expected-file stem, query name, parameters) for every query and variant."""
    out = [(q.name, q.name, {}) for q in catalogue.catalogue(bundled().queries)]
    out += [(stem, name, params) for stem, (name, params) in sorted(VARIANTS.items())]
    return out


CASES = cases()
CASE_IDS = [c[0] for c in CASES]


def expected_results(stem: str, query: catalogue.CannedQuery) -> Results:
    import pyoxigraph as ox

    data = (EXPECTED / f"{stem}.tsv").read_bytes()
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.TSV)
    return from_answer(parsed, ordered=query.ordered)


def param_args(params: dict[str, str]) -> list[str]:
    return [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]


@pytest.fixture(scope="module")
def kg() -> dataset.KnowledgeGraph:
    return project.bundled().load()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# -- the catalogue -------------------------------------------------------------------------


def test_the_catalogue_answers_every_required_question() -> None:
    names = [q.name for q in catalogue.catalogue(bundled().queries)]
    assert names == sorted(names)
    assert set(names) >= REQUIRED, REQUIRED - set(names)
    assert len(names) >= 15


@pytest.mark.parametrize("query", catalogue.catalogue(bundled().queries), ids=lambda q: q.name)
def test_every_query_is_documented_and_typed(query: catalogue.CannedQuery) -> None:
    assert query.title and query.description and query.keywords
    assert query.form == "select"
    assert query.ordered, "catalogue queries order their rows (see queries/README.md)"
    assert (EXPECTED / f"{query.name}.tsv").is_file()
    declared = sparql_text.declared_prefixes(query.text)
    for prefix, ns in declared.items():
        assert namespaces.PREFIXES.get(prefix, ns) == ns, f"PREFIX {prefix}: is not {ns}"
    for p in query.parameters:
        assert p.description, f"parameter {p.name} needs a text"
        assert p.default or p.optional, f"parameter {p.name} needs a default, or to be optional"
        if not p.optional:  # substituted on the embedded store, which needs it projected
            assert p.name in (sparql_text.projection(query.text) or set())


def test_every_expected_file_belongs_to_a_case() -> None:
    stems = {p.stem for p in EXPECTED.glob("*.tsv")}
    assert stems == set(CASE_IDS)


GOOD_RQ = "SELECT ?x WHERE { BIND(?x AS ?y) } ORDER BY ?x"
GOOD_TOML = 'title = "t"\ndescription = "d"\nkeywords = ["k"]\n'


@pytest.mark.parametrize(
    ("rq", "toml", "message"),
    [
        (GOOD_RQ, None, "no metadata: neither #+ lines nor a metadata file x.toml beside it"),
        (GOOD_RQ, 'description = "d"\nkeywords = ["k"]\n', "'title' is missing"),
        (GOOD_RQ, GOOD_TOML + 'titel = "t"\n', "unknown key 'titel'"),
        (GOOD_RQ, GOOD_TOML + "keywords = 3\n", "x.toml:4: Cannot overwrite a value"),
        (
            "SELECT ?y WHERE {}",
            GOOD_TOML + '[[parameters]]\nname = "x"\ndefault = "1"\n',
            "parameter 'x': the query must project ?x",
        ),
        (
            GOOD_RQ,
            GOOD_TOML + '[[parameters]]\nname = "x"\ntype = "float"\n',
            "parameter 'x' has unknown type 'float'",
        ),
        (
            GOOD_RQ,
            GOOD_TOML + '[[parameters]]\nname = "x"\ntype = "date"\ndefault = "May"\n',
            "default of parameter 'x' of query 'x': 'May' is not a date",
        ),
        (GOOD_RQ, GOOD_TOML + '[[parameters]]\nname = "x-y"\n', "not a SPARQL variable name"),
        ("DELETE WHERE { ?s ?p ?o }", GOOD_TOML, "not a SPARQL query"),
        (
            GOOD_RQ,
            GOOD_TOML + '[[parameters]]\nname = "x"\ntype = "iri"\nclass = "no iri"\n',
            "parameter 'x': class 'no iri' is no IRI",
        ),
        (
            GOOD_RQ,
            GOOD_TOML + '[[parameters]]\nname = "x"\ndefault = "a"\noptional = true\n',
            "parameter 'x' is optional and has a default",
        ),
        (
            GOOD_RQ,
            GOOD_TOML + '[[parameters]]\nname = "x"\ntype = "date"\nclass = "coekg:A"\n',
            "parameter 'x': only an iri parameter has a class",
        ),
        (
            GOOD_RQ,
            GOOD_TOML + '[[parameters]]\nname = "x"\ntype = "iri"\nvalues = ["a"]\n',
            "parameter 'x': only a string parameter lists values",
        ),
        (GOOD_RQ, GOOD_TOML + '[unbound]\nz = "none"\n', "[unbound] z: the query projects no ?z"),
    ],
)
def test_a_bad_catalogue_entry_names_its_file(
    tmp_path: Path, rq: str, toml: str | None, message: str
) -> None:
    (tmp_path / "x.rq").write_text(rq)
    if toml is not None:
        (tmp_path / "x.toml").write_text(toml)
    with pytest.raises(InputError) as err:
        catalogue.catalogue(tmp_path)
    assert str(tmp_path / "x.") in str(err.value)
    assert message in str(err.value)
    assert err.value.exit_code == 3


def test_get_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(catalogue.UnknownQueryError, match="did you mean timeline") as err:
        catalogue.get("timelines", bundled().queries)
    assert err.value.exit_code == 2


# -- the answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("stem", "name", "params"), CASES, ids=CASE_IDS)
def test_answer_matches_the_expected_file(
    kg: dataset.KnowledgeGraph, stem: str, name: str, params: dict[str, str]
) -> None:
    query = catalogue.get(name, bundled().queries)
    answer = evaluate.run(kg.store, query, params)
    expected = expected_results(stem, query)
    assert answer.variables == expected.variables
    assert answer.rows == expected.rows
    if stem == name:
        assert answer.rows, "every query returns rows with its defaults"


@pytest.mark.parametrize(("stem", "name", "params"), CASES, ids=CASE_IDS)
def test_tsv_output_is_the_expected_file_byte_for_byte(
    runner: CliRunner, stem: str, name: str, params: dict[str, str]
) -> None:
    """``coekg query NAME -f tsv`` writes the expected file itself. The test above reads
    both sides through :func:`coekg.results.from_answer`, so a fault there (a row lost,
    say) would pass it; here the expected file is not parsed at all."""
    result = runner.invoke(cli, ["query", name, "-f", "tsv", *param_args(params)])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (EXPECTED / f"{stem}.tsv").read_bytes()


def test_active_projects_defaults_to_the_year_of_the_source_document(
    kg: dataset.KnowledgeGraph,
) -> None:
    (p,) = catalogue.get("active-projects", bundled().queries).parameters
    issued = list(
        kg.store.query(
            f"SELECT ?d WHERE {{ <{namespaces.SOURCE_DOCUMENT}> <{DCTERMS}issued> ?d }}",
            use_default_graph_as_union=True,
        )
    )
    assert [row["d"].value for row in issued] == [p.default]


def test_answers_do_not_depend_on_literal_normalisation(kg: dataset.KnowledgeGraph) -> None:
    """Counts come out as xsd:integer, as the data states them."""
    answer = evaluate.run(kg.store, catalogue.get("outcomes", bundled().queries))
    datatypes = {row["count"].datatype.value for row in answer.rows}  # type: ignore[union-attr]
    assert datatypes == {"http://www.w3.org/2001/XMLSchema#integer"}


# -- parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "datatype"),
    [("2022", "gYear"), ("2022-06", "gYearMonth"), ("2024-02-29", "date")],
)
def test_a_date_is_bound_with_its_precision(value: str, datatype: str) -> None:
    term = catalogue.bind(catalogue.get("active-projects", bundled().queries), {"date": value})[
        "date"
    ]
    assert term.value == value  # type: ignore[union-attr]
    assert term.datatype.value.endswith("#" + datatype)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("active-projects", {"date": "2023-02-29"}, "'date'.*not a date of the calendar"),
        ("active-projects", {"date": "2022-13"}, "'date'.*not a date of the calendar"),
        ("active-projects", {"date": "22"}, "'date'.*is not a date"),
        ("active-projects", {"date": "2022-06-01T00:00:00"}, "'date'.*is not a date"),
        ("describe", {"iri": "not an iri"}, "'iri'.*nor an absolute IRI"),
        ("describe", {"iri": "relative/path"}, "'iri'.*nor an absolute IRI"),
        ("describe", {"iri": "http://x/a> } #"}, "'iri'.*nor an absolute IRI"),
        ("organisations", {"role": "funders"}, "'role'.*did you mean funder\\?"),
        ("timeline", {"from": "2022-13"}, "'from'.*not a date of the calendar"),
        ("search", {"txt": "baku"}, "no parameter 'txt' \\(it takes text\\)"),
        ("summary", {"text": "baku"}, "no parameter 'text' \\(it takes none\\)"),
    ],
)
def test_ill_typed_or_unknown_parameters_are_usage_errors(
    name: str, params: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryParameterError, match=message) as err:
        catalogue.bind(catalogue.get(name, bundled().queries), params)
    assert err.value.exit_code == 2


def test_cli_reports_a_bad_parameter_by_name_with_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "active-projects", "--param", "date=2022-02-30"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("coekg: error: parameter 'date' of query 'active-projects'")
    assert "\n" not in result.output.rstrip("\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--param", "text"], "expected KEY=VALUE"),
        (["--param", "=x"], "expected KEY=VALUE"),
        (["--param", "text=a", "--param", "text=b"], "given twice"),
        (["--param", "colour=red"], "no parameter 'colour'"),
    ],
)
def test_malformed_params_are_usage_errors(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(cli, ["query", "search", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_unknown_query_is_a_usage_error_with_suggestions(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "projets"])
    assert result.exit_code == 2, result.output
    assert "no query called 'projets'; did you mean projects" in result.output


# -- ad-hoc query files ----------------------------------------------------------------------


def test_an_ad_hoc_file_runs_and_unordered_rows_are_sorted(
    runner: CliRunner, tmp_path: Path
) -> None:
    rq = tmp_path / "cities.rq"
    rq.write_text(
        "PREFIX coekg: <https://w3id.org/coekg/def#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?label WHERE { ?c a coekg:City ; rdfs:label ?label }\n"
    )
    result = runner.invoke(cli, ["query", str(rq), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0] == "label"
    assert rows[1:] == sorted(rows[1:])
    assert {"Baku", "Strasbourg", "Paris", "Qabala", "Shaki"} <= set(rows[1:])


def test_an_ad_hoc_file_takes_typed_parameters_from_its_toml(
    runner: CliRunner, tmp_path: Path
) -> None:
    rq = tmp_path / "over.rq"
    rq.write_text(
        "PREFIX coekg: <https://w3id.org/coekg/def#>\n"
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        "SELECT DISTINCT ?minimum ?n WHERE { ?o coekg:count ?c . BIND(xsd:integer(?c) AS ?n)"
        " FILTER(?n > ?minimum) } ORDER BY DESC(?n)\n"
    )
    (tmp_path / "over.toml").write_text(
        'title = "Figures over a number"\n'
        '[[parameters]]\nname = "minimum"\ntype = "integer"\n'
        'description = "Lower bound, required."\n'
    )
    missing = runner.invoke(cli, ["query", str(rq)])
    assert missing.exit_code == 2, missing.output
    assert "parameter 'minimum' of query 'over' is missing" in missing.output
    bad = runner.invoke(cli, ["query", str(rq), "-p", "minimum=many"])
    assert bad.exit_code == 2, bad.output
    assert "'minimum'" in bad.output and "is not an integer" in bad.output
    good = runner.invoke(cli, ["query", str(rq), "-p", "minimum=+300", "-f", "csv"])
    assert good.exit_code == 0, good.output
    assert good.output.splitlines() == ["minimum,n", "300,50000", "300,615", "300,398", "300,342"]


def test_an_ad_hoc_ask_query(runner: CliRunner, tmp_path: Path) -> None:
    rq = tmp_path / "ask.rq"
    rq.write_text("ASK { <https://w3id.org/coekg/id/place/baku> ?p ?o }")
    result = runner.invoke(cli, ["query", str(rq), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"head": {}, "boolean": True}


def test_an_ad_hoc_ask_query_with_a_parameter(runner: CliRunner, tmp_path: Path) -> None:
    """Oxigraph substitutes only projected variables: ASK gets its parameters by VALUES."""
    rq = tmp_path / "named.rq"
    rq.write_text(
        "ASK {\n  ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label .\n"
        "  FILTER (CONTAINS(LCASE(?label), LCASE(?text)))\n}\n"
    )
    (tmp_path / "named.toml").write_text(
        'title = "Is something named so?"\n'
        '[[parameters]]\nname = "text"\ntype = "string"\ndefault = "baku"\n'
    )
    answers = {
        text: runner.invoke(cli, ["query", str(rq), "-p", f"text={text}"]).output
        for text in ("baku", "BAKU", 'baku" }', "")
    }
    assert answers == {"baku": "true\n", "BAKU": "true\n", 'baku" }': "false\n", "": "true\n"}


def test_a_syntax_error_names_the_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    rq = tmp_path / "broken.rq"
    rq.write_text("SELECT ?s\nWHERE {\n  ?s ?p \n}\n")
    result = runner.invoke(cli, ["query", str(rq)])
    assert result.exit_code == 3, result.output
    assert result.output.startswith(f"coekg: error: {rq}:")
    assert "Traceback" not in result.output


def test_a_missing_file_is_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["query", str(tmp_path / "nope.rq")])
    assert result.exit_code == 3, result.output
    assert str(tmp_path / "nope.rq") in result.output


# -- output formats --------------------------------------------------------------------------


def run_cli(runner: CliRunner, *args: str) -> bytes:
    result = runner.invoke(cli, ["query", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_standard_formats_parse_back_to_the_same_results(
    kg: dataset.KnowledgeGraph, runner: CliRunner, fmt: str
) -> None:
    import pyoxigraph as ox

    query = catalogue.get("people", bundled().queries)
    body = run_cli(runner, "people", "-f", fmt)
    oxfmt = {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "tsv": ox.QueryResultsFormat.TSV,
    }[fmt]
    parsed = from_answer(ox.parse_query_results(body, oxfmt), ordered=True)
    direct = evaluate.run(kg.store, query)
    assert (parsed.variables, parsed.rows) == (direct.variables, direct.rows)


def test_csv_is_rfc_4180_with_plain_values(kg: dataset.KnowledgeGraph, runner: CliRunner) -> None:
    body = run_cli(runner, "outcomes", "-f", "csv").decode()
    assert "\r\n" in body
    rows = list(csv.reader(io.StringIO(body)))
    direct = evaluate.run(kg.store, catalogue.get("outcomes", bundled().queries))
    assert rows[0] == direct.variables
    assert len(rows) == len(direct.rows) + 1
    assert rows[1][0] == direct.rows[0]["activity"].value  # type: ignore[union-attr]
    assert all(r[4].isdigit() for r in rows[1:])


def test_table_is_aligned_with_names_that_paste(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "events-by-place"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    header, rule, *rows, footer = result.output.splitlines()
    assert header.split() == ["place", "placeLabel", "country", "events", "first", "last"]
    assert set(rule) == {"-", " "}
    assert rows[0].split()[:4] == ["place:baku", "Baku", "state:azerbaijan", "12"]
    assert footer == f"({len(rows)} rows)"
    starts = [header.index(h) for h in ("placeLabel", "country", "events")]
    for row in rows:
        assert all(row[s - 2 : s] == "  " for s in starts)


def test_markdown_table(runner: CliRunner) -> None:
    lines = run_cli(runner, "treaties", "-f", "md").decode().splitlines()
    assert lines[0].startswith("| state | treaty | number | title |")
    assert lines[1].startswith("| --- |")
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
    assert any(
        "| ETS 185 | Budapest Convention on Cybercrime | true | 2008-06-30 |" in line
        for line in lines
    )


def test_output_is_deterministic_and_can_go_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    first = run_cli(runner, "summary", "-f", "json")
    assert run_cli(runner, "summary", "-f", "json") == first
    out = tmp_path / "summary.json"
    run_cli(runner, "summary", "-f", "json", "-o", str(out))
    assert out.read_bytes() == first


# -- `coekg queries` -----------------------------------------------------------------------


def test_queries_lists_name_then_title(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["queries"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    every = catalogue.catalogue(bundled().queries)
    assert [line.split()[0] for line in lines] == [q.name for q in every]
    assert all(line.endswith(q.title) for line, q in zip(lines, every, strict=True))


def test_queries_json_has_every_field(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["queries", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    by_name = {d["name"]: d for d in doc}
    assert set(by_name) == {q.name for q in catalogue.catalogue(bundled().queries)}
    assert by_name["search"]["iri"] == "https://w3id.org/coekg/query/search"
    assert by_name["search"]["parameters"] == [
        {
            "name": "text",
            "type": "string",
            "default": "baku",
            "optional": False,
            "description": "The text to look for in names (case does not matter); default 'baku'.",
        }
    ]
    funder = by_name["projects"]["parameters"][0]
    assert funder["name"] == "funder" and funder["optional"] is True and funder["default"] == ""
    assert funder["class"] == "https://w3id.org/coekg/def#Agent"
    role = by_name["organisations"]["parameters"][1]
    assert role["values"][:2] == ["funder", "implementer"]


# -- the catalogue as RDF, in the exported dataset ------------------------------------------


def test_catalogue_graph_in_the_style_of_sparql_examples(kg: dataset.KnowledgeGraph) -> None:
    assert kg.graphs("queries") == [namespaces.QUERIES_GRAPH]
    assert namespaces.QUERIES_GRAPH not in kg.graphs("data")
    rows = kg.store.query(
        """PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX schema: <https://schema.org/>
        SELECT ?q ?label ?comment ?text (COUNT(DISTINCT ?k) AS ?keywords) WHERE {
          GRAPH <https://w3id.org/coekg/graph/queries> {
            ?q a sh:SPARQLExecutable, sh:SPARQLSelectExecutable ; rdfs:label ?label ;
               rdfs:comment ?comment ; sh:select ?text ; schema:keywords ?k ;
               sh:prefixes ?decl ; schema:target <https://w3id.org/coekg/sparql> .
            ?decl sh:declare [ sh:prefix "coekg" ; sh:namespace ?ns ] .
            FILTER(STR(?ns) = "https://w3id.org/coekg/def#")
          }
        } GROUP BY ?q ?label ?comment ?text"""
    )
    found = {row["q"].value: row for row in rows}
    for q in catalogue.catalogue(bundled().queries):
        row = found[q.iri]
        assert row["text"].value == q.text
        assert row["label"].value == q.title
        assert int(row["keywords"].value) == len(set(q.keywords))
    assert len(found) == len(catalogue.catalogue(bundled().queries))


def test_parameters_are_shacl_parameters(kg: dataset.KnowledgeGraph) -> None:
    rows = list(
        kg.store.query(
            """PREFIX sh: <http://www.w3.org/ns/shacl#>
            SELECT ?name ?default ?path WHERE {
              <https://w3id.org/coekg/query/programme-projects> sh:parameter ?p .
              ?p sh:name ?name ; sh:defaultValue ?default ; sh:path ?path ;
                 sh:nodeKind sh:IRI .
            }""",
            use_default_graph_as_union=True,
        )
    )
    assert len(rows) == 1
    assert rows[0]["name"].value == "programme"
    assert rows[0]["path"].value.endswith("#programme")
    assert rows[0]["default"].value.endswith("/programme/partnership-for-good-governance")


def test_export_carries_the_catalogue_graph(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--format", "nq", "--no-validate"])
    assert result.exit_code == 0, result.output
    lines = [
        line
        for line in result.output.splitlines()
        if line.endswith(f"<{namespaces.QUERIES_GRAPH}> .")
    ]
    assert any(line.startswith("<https://w3id.org/coekg/query/timeline> ") for line in lines)


def test_loading_without_the_ontology_leaves_the_catalogue_out(tmp_path: Path) -> None:
    data = tmp_path / "one.ttl"
    data.write_text("<http://example.org/a> <http://example.org/p> 1 .\n")
    assert project.bundled().load([data], ontology=False).graphs("queries") == []
    assert project.bundled().load([data], ontology=False, queries=True).graphs("queries") == [
        namespaces.QUERIES_GRAPH
    ]
