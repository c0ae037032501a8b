"""``coekg load``: the dataset into a SPARQL endpoint, atomically, then verified."""

from __future__ import annotations

from pathlib import Path

import click

from coekg.cli.endpoint_options import (
    credentials_for,
    endpoint_url,
    retries_option,
    timeout_option,
    user_option,
)
from coekg.cli.options import (
    check_iri_option,
    current_project,
    data_option,
    load_checked,
    no_validate_option,
    reports_errors,
)


@click.command("load")
@click.option(
    "--endpoint",
    "query_url",
    required=True,
    metavar="QUERY_URL",
    callback=endpoint_url,
    help="SPARQL query endpoint, used to verify the load.",
)
@click.option(
    "--update-endpoint",
    "update_url",
    metavar="URL",
    callback=endpoint_url,
    help="SPARQL 1.1 Update endpoint (INSERT DATA batches; the MOVE of --replace).",
)
@click.option(
    "--store-endpoint",
    "store_url",
    metavar="URL",
    callback=endpoint_url,
    help="SPARQL 1.1 Graph Store HTTP Protocol endpoint (preferred: fastest).",
)
@click.option(
    "--graph",
    metavar="IRI",
    callback=check_iri_option,
    help="Target named graph  [default: https://w3id.org/coekg/dataset]",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the graph atomically instead of adding to it.",
)
@click.option(
    "--since",
    "since",
    multiple=True,
    # readable=False: the library says what is wrong with a path (exit 3), not click (2)
    type=click.Path(path_type=Path, readable=False),
    metavar="OLD",
    help="The graph holds the edition in OLD (files or folders, as --data): check that, and "
    "send only the difference, as one update (repeatable).",
)
@user_option
@data_option
@no_validate_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="Triples per request  [default: 100000 with a store endpoint, 1000 with updates]",
)
@timeout_option(300.0)
@retries_option(3)
@click.option("--dry-run", is_flag=True, help="Print what would be done, and do nothing.")
@reports_errors
def load_command(
    query_url: str,
    update_url: str | None,
    store_url: str | None,
    graph: str | None,
    replace: bool,
    since: tuple[Path, ...],
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

    --since OLD, for a graph that holds the edition in OLD (loaded from it, or from the
    dump of it): one SPARQL Update removes what the new edition drops and adds what it
    brings, in one step. First the graph must show that it holds OLD (its triple count, the
    statements to remove present, those to add absent); if not, nothing is sent (exit 1)
    and a full load with --replace is the way. Needs --update-endpoint.

    Afterwards the graph's triple count must equal the local count (exit 1 if not).
    Exit 3 when an endpoint cannot be reached or refuses; its own message is shown.
    """
    from coekg.remote.load import DEFAULT_GRAPH, LoadSettings, describe
    from coekg.remote.load import load as load_into_endpoint

    if not store_url and not update_url:
        raise click.UsageError("give --store-endpoint, --update-endpoint, or both")
    if since and (replace or batch_size):
        option = "--replace" if replace else "--batch-size"
        raise click.UsageError(f"--since sends one update: it does not go with {option}")
    if since and not update_url:
        raise click.UsageError("--since sends one SPARQL Update: give --update-endpoint")
    write_urls = [u for u in (update_url, store_url) if u]
    credentials = credentials_for(user, [*write_urls, query_url])
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
    from coekg.cli.progress import shown
    from coekg.progress import SILENT

    project = current_project()
    with shown() as progress:
        kg = load_checked(project, data, validate=not no_validate, progress=progress)
    if since:
        from coekg.remote import incremental

        diff = incremental.difference(project.load(list(since)), kg)
        if dry_run:
            click.echo("dry run: nothing is sent")
            for line in incremental.describe(diff, settings):
                click.echo(line)
            return
        click.echo(incremental.load_since(diff, settings).summary())
        return
    if dry_run:
        click.echo("dry run: nothing is sent")
        for line in describe(kg, settings):
            click.echo(line)
        return
    with shown() as progress:
        # the count is made only for a line that shows it
        progress.phase("loading into the store", len(kg) if progress is not SILENT else None)
        done = 0

        def advance(sent: int, total: int) -> None:
            nonlocal done
            progress.advance(max(0, sent - done))
            done = max(done, sent)

        report = load_into_endpoint(kg, settings, progress=advance)
    click.echo(report.summary())
