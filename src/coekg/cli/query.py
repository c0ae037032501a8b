"""``coekg queries`` and ``coekg query``: the canned SPARQL queries, locally or remotely."""

from __future__ import annotations

import json
import os
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
#: a local answer slower than this (seconds) ends with a hint about the query server
HINT_SECONDS = 2.0

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.query.catalogue import CannedQuery


@click.command("queries")
@text_or_json_option("NAME then title, one per line")
@reports_errors
def queries_command(fmt: str) -> None:
    """List the canned queries: one line per query, its NAME then its title."""
    from coekg.query.catalogue import catalogue

    queries = catalogue(current_project().queries)
    if fmt == "json":
        doc = [
            {
                "name": q.name,
                "iri": q.iri,
                "title": q.title,
                "description": q.description,
                "keywords": list(q.keywords),
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "default": p.default,
                        "description": p.description,
                    }
                    for p in q.parameters
                ],
            }
            for q in queries
        ]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    width = max((len(q.name) for q in queries), default=0)
    for q in queries:
        click.echo(f"{q.name.ljust(width)}  {q.title}")


def _is_file(ref: str) -> bool:
    return ref.endswith(".rq") or "/" in ref or os.sep in ref


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
) -> bytes:
    """The answer of the query server holding ``data`` if one runs (and ``cache``), else of
    a kept on-disk store (large data, ``cache``), else of a store read now into memory."""
    from coekg.query import evaluate
    from coekg.query.kept_store import query_store

    if cache:
        from coekg.query.client import ask

        name = None if file else query.name
        body = ask(project, data, name=name, file=file, params=values, fmt=fmt)
        if body is not None:
            return body
    started = time.monotonic()
    opened = query_store(project, data, cache=cache)
    if opened.note:
        click.echo(f"note: {opened.note}; answered from memory", err=True)
    on_disk = opened.origin != "memory"
    body = evaluate.answer_as(opened.store, query, values, fmt, on_disk=on_disk)
    if cache and time.monotonic() - started > HINT_SECONDS:
        start = rerun_hint("query-server start", data)
        click.echo(f"hint: '{start}' keeps the data in memory for faster answers", err=True)
    return body


@click.command("query")
@click.argument("ref", metavar="NAME|FILE.rq")
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
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="table and md for people; json, xml, csv, tsv are the SPARQL 1.1 results formats.",
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
    fmt: str,
    endpoint: str | None,
    graphs: tuple[str, ...],
    user: str | None,
    timeout: float,
    retries: int,
    cache: bool,
    output: Path | None,
    data: tuple[Path, ...],
) -> None:
    """Answer a canned query (by NAME) or the query in FILE.rq.

    Without --endpoint the query runs on the embedded store holding the bundled data (or
    --data), whose default graph is the union of all graphs. Parameters are typed and bound
    as RDF terms, never spliced into the query text. Rows of a query without ORDER BY are
    sorted, so output is deterministic and the same from every store.

    On an endpoint, the default graph is what the store makes it (Virtuoso: the union of
    all its graphs; Oxigraph: its unnamed graph). To ask exactly the data 'coekg load' put
    in a graph, name it with --graph (the dataset's graph is
    https://w3id.org/coekg/dataset). --graph is refused without --endpoint: the embedded
    store's default graph is already the union of the data, which is what 'coekg load'
    puts in the graph.

    \b
    Examples:
      coekg query projects
      coekg query search --param text=baku --format csv
      coekg query active-projects -p date=2021-06 --endpoint http://localhost:7878/query
      coekg query timeline --endpoint http://localhost:8890/sparql \\
          --graph https://w3id.org/coekg/dataset
    """
    from coekg.atomic import atomic_write
    from coekg.query import catalogue, parameters
    from coekg.query.results import render

    project = current_project()
    query = catalogue.load_file(Path(ref)) if _is_file(ref) else catalogue.get(ref, project.queries)
    if query.form not in ("select", "ask"):
        raise click.UsageError(
            f"{query.where}: a {query.form.upper()} query gives a graph; "
            "coekg query answers SELECT and ASK queries"
        )
    values = parameters.parse_params(params)
    if endpoint is None:
        if user is not None:
            raise click.UsageError("--user needs --endpoint")
        if graphs:
            raise click.UsageError(
                "--graph needs --endpoint (the embedded store's default graph is the union "
                "of all graphs of the data)"
            )
        catalogue.bind(query, values)
        file = Path(ref) if _is_file(ref) else None
        body = _answer_locally(
            project, query, values, fmt, list(data) or None, file=file, cache=cache
        )
    else:
        if data:
            raise click.UsageError("--data and --endpoint exclude each other")
        from coekg.remote.endpoint import select
        from coekg.remote.http import HttpClient

        client = HttpClient(credentials_for(user, [endpoint]), timeout=timeout, retries=retries)
        text = catalogue.bound_text(query, values)
        results = select(client, endpoint, text, ordered=query.ordered, default_graphs=graphs)
        body = render(results, fmt)
    if output is None:
        write_stdout(lambda out: out.write(body))
        return
    with atomic_write(output) as handle:
        handle.write(body)
