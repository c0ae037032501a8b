"""Queries of one's own are first-class: ``.rq`` and ``.sparql``, metadata in ``#+`` lines,
the project's prefixes without declarations, CONSTRUCT and DESCRIBE in RDF formats, and
errors that name the file and line in one readable message.

The graphs are read back by consumers we did not write: pyoxigraph's Turtle and N-Triples
parsers, and PyLD for JSON-LD (against the project's context, given locally).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg import namespaces
from coekg.cli import cli
from coekg.errors import InputError, ParseError
from coekg.query import catalogue
from coekg.rdf.jsonld_layout import jsonld_context
from tests.requirements import need_module

FUNDED = """# Projects and who funds them.
#+ title = "Projects of a funder"
#+ description = "The projects an organisation funds."
#+ [[parameters]]
#+ name = "funder"
#+ type = "iri"
#+ class = "coekg:Agent"
#+ default = "organisation:european-union"
#+ description = "The funder."
SELECT ?funder ?project WHERE {
  ?project a coekg:Project ;
           coekg:fundedBy ?funder .
}
ORDER BY STR(?project)
"""

GRAPH = """#+ [[parameters]]
#+ name = "funder"
#+ type = "iri"
#+ optional = true
CONSTRUCT { ?project schema:funder ?funder ; rdfs:label ?title . }
WHERE { ?project coekg:fundedBy ?funder ; rdfs:label ?title . }
"""


def query(*args: str) -> Result:
    return CliRunner().invoke(cli, ["query", *args], env={"COLUMNS": "200"})


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".rq", ".sparql"])
def test_a_query_file_declares_its_parameters_in_its_own_lines(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path, f"funded{suffix}", FUNDED)
    loaded = catalogue.load_file(path)
    assert loaded.title == "Projects of a funder"
    (funder,) = loaded.parameters
    assert funder.resource_class == namespaces.DEF + "Agent"
    default = query(str(path), "-f", "csv")
    assert default.exit_code == 0, default.output
    rows = default.stdout.splitlines()
    assert rows[0] == "funder,project"
    assert len(rows) == 6 and all("organisation/european-union" in r for r in rows[1:])
    other = query(str(path), "-p", "funder=organisation:council-of-europe", "-f", "csv")
    assert other.exit_code == 0 and "council-of-europe" in other.stdout
    typo = query(str(path), "-p", "funder=organisation:council-of-europa")
    assert typo.exit_code == 2
    assert "nearest: organisation:council-of-europe (Council of Europe), " in typo.stderr


def test_a_folder_of_queries_may_hold_sparql_files_with_their_metadata(tmp_path: Path) -> None:
    write(tmp_path, "funded.sparql", FUNDED.replace("#+ title", '#+ keywords = ["x"]\n#+ title'))
    (found,) = catalogue.catalogue(tmp_path)
    assert found.name == "funded" and found.keywords == ("x",)
    write(tmp_path, "funded.rq", FUNDED)
    with pytest.raises(InputError, match="query 'funded' is also"):
        catalogue.catalogue(tmp_path)


def test_metadata_in_two_places_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "funded.rq", FUNDED)
    write(tmp_path, "funded.toml", 'title = "t"\n')
    result = query(str(path))
    assert result.exit_code == 3
    assert "metadata in both its #+ lines and funded.toml" in result.stderr


def test_bad_metadata_names_the_line_of_the_query_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.rq", "# a query\n#+ title = \n#+ [[parameters]]\nASK {}\n")
    with pytest.raises(ParseError) as err:
        catalogue.load_file(path)
    assert str(err.value).startswith(f"{path}:2: ")
    path = write(tmp_path, "bad.rq", '#+ titel = "x"\nASK {}\n')
    result = query(str(path))
    assert result.exit_code == 3 and "unknown key 'titel'" in result.stderr


def test_the_project_prefixes_need_no_declaration_and_lines_stay_right(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "labels.rq",
        "SELECT ?place ?label WHERE {\n  ?place a coekg:City ; rdfs:label ?label .\n"
        "  FILTER (?place = place:baku)\n}\n",
    )
    result = query(str(path), "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["place,label", f"{namespaces.ID}place/baku,Baku"]
    text = "SELECT ?s WHERE {\n  ?s a coekg:City .\n  ?s coekg:ab^^ ?o .\n}\n"
    broken = write(tmp_path, "broken.rq", text)
    result = query(str(broken))
    assert result.exit_code == 3
    assert (
        result.stderr == f"coekg: error: {broken}:3: syntax error at column 14: unexpected '^^'\n"
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "SELECT ?s WHERE {\n  ?s dc:title ?t\n}\n",
            2,
            "prefix 'dc' is not declared (dc:title); add PREFIX dc: "
            "<http://purl.org/dc/elements/1.1/>",
        ),
        (
            "SELECT ?s WHERE {\n\n  ?s coekgg:place ?t\n}\n",
            3,
            "prefix 'coekgg' is not declared (coekgg:place); add PREFIX coekgg: "
            "<namespace IRI>, or did you mean coekg:?",
        ),
        (  # the first line holds the declarations added for coekg: too; columns are the file's
            "SELECT * WHERE { ?s coekg:ab^^ ?o }\n",
            1,
            "syntax error at column 29: unexpected '^^'",
        ),
        (
            "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = id:state/azerbaijan)\n}\n",
            3,
            "id:state/azerbaijan is not a SPARQL name (a prefixed name holds no '/'); "
            "write state:azerbaijan",
        ),
    ],
)
def test_a_mistake_is_one_line_naming_file_line_and_the_fix(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, "mistake.rq", text)
    result = query(str(path))
    assert result.exit_code == 3, result.output
    assert result.stderr == f"coekg: error: {path}:{line}: {message}\n"
    assert "\\u{" not in result.stderr


def test_a_syntax_error_shows_no_wall_of_unicode_ranges(tmp_path: Path) -> None:
    text = (
        "PREFIX coekg: <https://w3id.org/coekg/def#>\n\n"
        "SELECT ?s WHERE {\n  ?s coekg:ab^^ ?o .\n}\n"
    )
    path = write(tmp_path, "wall.rq", text)
    result = query(str(path))
    assert result.exit_code == 3
    assert result.stderr == f"coekg: error: {path}:4: syntax error at column 14: unexpected '^^'\n"
    assert "\\u{" not in result.stderr and len(result.stderr) < 300


# -- graphs ----------------------------------------------------------------------------------


def test_a_construct_query_answers_turtle_by_default_and_nt_and_jsonld(tmp_path: Path) -> None:
    import pyoxigraph as ox

    path = write(tmp_path, "graph.rq", GRAPH)
    turtle = query(str(path))
    assert turtle.exit_code == 0, turtle.output
    declared = {line.split()[1] for line in turtle.stdout.splitlines() if line.startswith("@")}
    # only the prefixes the graph uses
    assert declared == {"organisation:", "programme:", "project:", "rdfs:", "schema:"}
    nt = query(str(path), "-f", "nt")
    assert nt.exit_code == 0
    lines = nt.stdout.splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    from_turtle = {q.triple for q in ox.parse(turtle.stdout.encode(), ox.RdfFormat.TURTLE)}
    from_nt = {q.triple for q in ox.parse(nt.stdout.encode(), ox.RdfFormat.N_TRIPLES)}
    assert from_turtle == from_nt
    assert len(from_nt) == 7 * 2 + 7  # seven funded resources: two funders and a label each
    assert query(str(path), "-f", "nt").stdout == nt.stdout  # the same bytes every time
    eu = query(str(path), "-f", "nt", "-p", "funder=organisation:european-union")
    assert 0 < len(eu.stdout.splitlines()) < len(lines)


def test_jsonld_of_a_graph_is_the_same_graph_for_pyld(tmp_path: Path) -> None:
    pyld = need_module("pyld")
    import pyoxigraph as ox

    path = write(tmp_path, "graph.rq", GRAPH)
    doc = json.loads(query(str(path), "-f", "jsonld").stdout)
    if doc["@context"] == namespaces.CONTEXT:  # the published address: read offline
        doc["@context"] = jsonld_context()["@context"]
    nquads = pyld.jsonld.to_rdf(doc, {"format": "application/n-quads"})
    from_pyld = set(ox.parse(nquads.encode(), ox.RdfFormat.N_QUADS))
    nt = query(str(path), "-f", "nt").stdout
    from_nt = {q.triple for q in ox.parse(nt.encode(), ox.RdfFormat.N_TRIPLES)}
    assert {q.triple for q in from_pyld} == from_nt


def test_a_describe_query_with_a_name(tmp_path: Path) -> None:
    path = write(tmp_path, "baku.rq", "DESCRIBE place:baku\n")
    result = query(str(path), "-f", "nt")
    assert result.exit_code == 0, result.output
    subjects = {line.split(" ", 1)[0] for line in result.stdout.splitlines()}
    assert subjects == {f"<{namespaces.ID}place/baku>"}


def test_a_format_that_does_not_suit_the_query_is_a_usage_error(tmp_path: Path) -> None:
    graph = query(str(write(tmp_path, "graph.rq", GRAPH)), "-f", "csv")
    assert graph.exit_code == 2
    assert "a CONSTRUCT query gives a graph: give --format turtle|nt|jsonld" in graph.stderr
    table = query("summary", "-f", "turtle")
    assert table.exit_code == 2
    assert "a SELECT query gives a table: give --format table|csv|tsv|json|xml|md" in table.stderr
    assert table.stdout == graph.stdout == ""
