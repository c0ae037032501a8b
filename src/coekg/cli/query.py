"""``coekg queries`` and ``coekg query``: the canned SPARQL queries, locally or remotely."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coekg.cli.endpoint_options import (
    credentials_for,
    endpoint_url,
    retries_option,
    timeout_option,
    user_option,
)
from coekg.cli.options import (
    current_project,
    data_option,
    output_option,
    reports_errors,
    rerun_hint,
    text_or_json_option,
    write_stdout,
)

RESULT_FORMATS = ["table", "csv", "tsv", "json", "xml", "md"]
GRAPH_FORMATS = ["turtle", "nt", "jsonld"]
#: a local answer slower than this (seconds) ends with a hint about the query server
HINT_SECONDS = 2.0

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.query.catalogue import CannedQuery
    from coekg.remote.http import HttpClient


@click.command("queries")
@text_or_json_option("NAME then title, one per line")
@reports_errors
def queries_command(fmt: str) -> None:
    """List the canned queries: one line per query, its NAME then its title."""
    from coekg.query.catalogue import as_json, catalogue

    queries = catalogue(current_project().queries)
    if fmt == "json":
        doc = as_json(queries)
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    width = max((len(q.name) for q in queries), default=0)
    for q in queries:
        click.echo(f"{q.name.ljust(width)}  {q.title}")


def _is_file(ref: str) -> bool:
    return ref.endswith((".rq", ".sparql")) or "/" in ref or os.sep in ref


def _table_width() -> int:
    """The width of the terminal: ``COLUMNS`` when set, else the terminal's own, else 80."""
    return shutil.get_terminal_size((80, 24)).columns


def _stdout_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdout.fileno())
    except (OSError, ValueError):  # no file behind it (io.UnsupportedOperation is both)
        return False


def _indented(body: bytes) -> bytes:
    """A JSON document indented for people (keys keep their order)."""
    return (json.dumps(json.loads(body), ensure_ascii=False, indent=2) + "\n").encode()


def _graph_iris(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    if not values:
        return values
    from coekg.remote.load import check_iri

    for value in values:
        problem = check_iri(value)
        if problem:
            raise click.BadParameter(problem)
    return values


def _answer_locally(
    project: Project,
    query: CannedQuery,
    values: dict[str, str],
    fmt: str,
    data: list[Path] | None,
    *,
    file: Path | None,
    cache: bool,
    width: int,
) -> bytes:
    """The answer of the query server holding ``data`` if one runs (and ``cache``), else of
    a kept on-disk store (large data, ``cache``), else of a store read now into memory."""
    from coekg.query import evaluate
    from coekg.query.kept_store import query_store

    if cache:
        from coekg.query.client import ask

        name = None if file else query.name
        body = ask(project, data, name=name, file=file, params=values, fmt=fmt, width=width)
        if body is not None:
            return body
    started = time.monotonic()
    opened = query_store(project, data, cache=cache)
    if opened.note:
        click.echo(f"note: {opened.note}; answered from memory", err=True)
    on_disk = opened.origin != "memory"
    body = evaluate.answer_as(opened.store, query, values, fmt, on_disk=on_disk, width=width)
    if cache and time.monotonic() - started > HINT_SECONDS:
        start = rerun_hint("query-server start", data)
        click.echo(f"hint: '{start}' keeps the data in memory for faster answers", err=True)
    return body


def _answer_remotely(
    query: CannedQuery,
    values: dict[str, str],
    fmt: str,
    endpoint: str,
    *,
    client: HttpClient,
    graphs: tuple[str, ...],
    width: int,
) -> bytes:
    """The answer of the endpoint, written as the embedded store's would be."""
    from coekg.query import catalogue, graph_answers, known_values
    from coekg.query.results import Results, render
    from coekg.remote.endpoint import select

    def ask(text: str, *, ordered: bool = True) -> Results:
        return select(client, endpoint, text, ordered=ordered, default_graphs=graphs)

    known_values.check(query, values, ask)
    text = catalogue.bound_text(query, values)
    if query.form in ("construct", "describe"):
        triples = graph_answers.from_endpoint(client, endpoint, text, default_graphs=graphs)
        return graph_answers.serialize(triples, fmt)
    results = ask(text, ordered=query.ordered)
    return render(results, fmt, width=width, unbound=dict(query.unbound))


@click.command("query")
@click.argument("ref", metavar="NAME|FILE.rq|FILE.sparql")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Value of a query parameter (repeatable); see 'coekg queries --format json'.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(RESULT_FORMATS + GRAPH_FORMATS),
    default=None,
    help="table (the default; it fits the terminal: COLUMNS) and md for people; json, xml, "
    "csv, tsv are the SPARQL 1.1 results formats (json is indented on a terminal). A "
    "CONSTRUCT or DESCRIBE query gives a graph: turtle (the default), nt or jsonld.",
)
@click.option(
    "--endpoint",
    metavar="QUERY_URL",
    default=None,
    callback=endpoint_url,
    help="Ask this SPARQL endpoint instead of the embedded store.",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    callback=_graph_iris,
    help="With --endpoint: query the merge of these graphs as the default graph "
    "(SPARQL 1.1 Protocol default-graph-uri; repeatable), e.g. the graph 'coekg load' "
    "filled. Refused without --endpoint.",
)
@user_option
@timeout_option(60.0)
@retries_option(0)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Ask the query server holding the same files if one runs ('coekg query-server'); "
    "else keep the store of large data (1 MB of files or more) on disk and reuse it while "
    "the files are unchanged (folder: $COEKG_CACHE_DIR, else ~/.cache/coekg). --no-cache "
    "reads the data afresh.",
)
@output_option
@data_option
@reports_errors
def query_command(
    ref: str,
    params: tuple[str, ...],
    fmt: str | None,
    endpoint: str | None,
    graphs: tuple[str, ...],
    user: str | None,
    timeout: float,
    retries: int,
    cache: bool,
    output: Path | None,
    data: tuple[Path, ...],
) -> None:
    """Answer a canned query (by NAME) or the query in FILE.rq (or FILE.sparql).

    Without --endpoint the query runs on the embedded store holding the bundled data (or
    --data), whose default graph is the union of all graphs. Parameters are typed and bound
    as RDF terms, never spliced into the query text; a resource is given by the name the
    tables show (state:azerbaijan) or by its full IRI, and must be in the data. Rows of a
    query without ORDER BY are sorted, so output is deterministic and the same from every
    store. A query file may use the coekg prefixes (coekg:, state:, project:...) without
    declaring them, and declare its parameters in '#+' comment lines (docs/queries.md).

    On an endpoint, the default graph is what the store makes it (Virtuoso: the union of
    all its graphs; Oxigraph: its unnamed graph). To ask exactly the data 'coekg load' put
    in a graph, name it with --graph (the dataset's graph is
    https://w3id.org/coekg/dataset). --graph is refused without --endpoint: the embedded
    store's default graph is already the union of the data, which is what 'coekg load'
    puts in the graph.

    \b
    Examples:
      coekg query projects --param funder=organisation:european-union
      coekg query search --param text=baku --format csv
      coekg query active-projects -p date=2021-06 --endpoint http://localhost:7878/query
      coekg query timeline --endpoint http://localhost:8890/sparql \\
          --graph https://w3id.org/coekg/dataset
      coekg query my-graph.rq --format turtle
    """
    from coekg.atomic import atomic_write
    from coekg.query import catalogue, evaluate, parameters

    project = current_project()
    query = catalogue.load_file(Path(ref)) if _is_file(ref) else catalogue.get(ref, project.queries)
    if fmt is None:
        fmt = "turtle" if query.form in ("construct", "describe") else "table"
    evaluate.check_format(query, fmt)
    values = parameters.parse_params(params)
    catalogue.check_usage(query, values)
    width = _table_width()
    if endpoint is None:
        if user is not None:
            raise click.UsageError("--user needs --endpoint")
        if graphs:
            raise click.UsageError(
                "--graph needs --endpoint (the embedded store's default graph is the union "
                "of all graphs of the data)"
            )
        file = Path(ref) if _is_file(ref) else None
        body = _answer_locally(
            project, query, values, fmt, list(data) or None, file=file, cache=cache, width=width
        )
    else:
        if data:
            raise click.UsageError("--data and --endpoint exclude each other")
        from coekg.remote.http import HttpClient

        client = HttpClient(credentials_for(user, [endpoint]), timeout=timeout, retries=retries)
        body = _answer_remotely(
            query, values, fmt, endpoint, client=client, graphs=graphs, width=width
        )
    if output is None:
        if fmt == "json" and _stdout_is_terminal():
            body = _indented(body)
        write_stdout(lambda out: out.write(body))
        return
    with atomic_write(output) as handle:
        handle.write(body)
