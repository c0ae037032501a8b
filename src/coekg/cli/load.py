"""``coekg load``: the dataset into a SPARQL endpoint, atomically, then verified."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from coekg.cli.options import (
    current_project,
    data_option,
    load_checked,
    no_validate_option,
    reports_errors,
)


def _url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from coekg.remote.http import check_url

    if value is None:
        return None
    problem = check_url(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def _iri(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from coekg.remote.load import check_iri

    if value is None:
        return None
    problem = check_iri(value)
    if problem:
        raise click.BadParameter(problem)
    return value


@click.command("load")
@click.option(
    "--endpoint",
    "query_url",
    required=True,
    metavar="QUERY_URL",
    callback=_url,
    help="SPARQL query endpoint, used to verify the load.",
)
@click.option(
    "--update-endpoint",
    "update_url",
    metavar="URL",
    callback=_url,
    help="SPARQL 1.1 Update endpoint (INSERT DATA batches; the MOVE of --replace).",
)
@click.option(
    "--store-endpoint",
    "store_url",
    metavar="URL",
    callback=_url,
    help="SPARQL 1.1 Graph Store HTTP Protocol endpoint (preferred: fastest).",
)
@click.option(
    "--graph",
    metavar="IRI",
    callback=_iri,
    help="Target named graph  [default: https://w3id.org/coekg/dataset]",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the graph atomically instead of adding to it.",
)
@click.option(
    "--user", metavar="NAME", help="User name; the password comes from COEKG_PASSWORD or ~/.netrc."
)
@data_option
@no_validate_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="Triples per request  [default: 100000 with a store endpoint, 1000 with updates]",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for each answer (connecting waits at most 10 s).",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    metavar="N",
    help="Retries, with backoff, after a connection error, a timeout or a 5xx answer.",
)
@click.option("--dry-run", is_flag=True, help="Print what would be done, and do nothing.")
@reports_errors
def load_command(
    query_url: str,
    update_url: str | None,
    store_url: str | None,
    graph: str | None,
    replace: bool,
    user: str | None,
    data: tuple[Path, ...],
    no_validate: bool,
    batch_size: int | None,
    timeout: float,
    retries: int,
    dry_run: bool,
) -> None:
    """Load the dataset into a triple store through the standard SPARQL protocols.

    With --store-endpoint, batches of N-Triples go through the Graph Store HTTP
    Protocol; with only --update-endpoint, through SPARQL Update INSERT DATA. What lands
    in the graph is exactly the triples of 'coekg export --format nt'.

    --replace never shows a half-loaded graph: the data goes into a temporary graph
    that one update request then MOVEs onto the target. With only --store-endpoint,
    one PUT replaces the graph, as atomic as the store makes a PUT (Oxigraph: yes).

    Afterwards the graph's triple count must equal the local count (exit 1 if not).
    Exit 3 when an endpoint cannot be reached or refuses; its own message is shown.
    """
    from coekg.remote.http import find_credentials, netrc_path
    from coekg.remote.load import DEFAULT_GRAPH, LoadSettings, describe
    from coekg.remote.load import load as load_into_endpoint

    if not store_url and not update_url:
        raise click.UsageError("give --store-endpoint, --update-endpoint, or both")
    write_urls = [u for u in (update_url, store_url) if u]
    credentials = find_credentials(user, [*write_urls, query_url], os.environ)
    if user and credentials is None:
        raise click.UsageError(
            f"no password for user {user!r}: set COEKG_PASSWORD, or add a 'machine' entry "
            f"for the endpoint's host to {netrc_path(os.environ)}"
        )
    settings = LoadSettings(
        query_url=query_url,
        update_url=update_url,
        store_url=store_url,
        graph=graph or DEFAULT_GRAPH,
        replace=replace,
        batch_size=batch_size,
        timeout=timeout,
        retries=retries,
        credentials=credentials,
    )
    kg = load_checked(current_project(), data, validate=not no_validate)
    if dry_run:
        click.echo("dry run: nothing is sent")
        for line in describe(kg, settings):
            click.echo(line)
        return
    if not sys.stderr.isatty():
        report = load_into_endpoint(kg, settings)
    else:
        with click.progressbar(length=len(kg), label="loading", file=sys.stderr) as bar:

            def advance(sent: int, total: int) -> None:
                bar.length = total
                bar.update(max(0, sent - bar.pos))

            report = load_into_endpoint(kg, settings, progress=advance)
    click.echo(report.summary())
