"""``coekg serve``: the site and a read-only SPARQL endpoint on a local server."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from coekg.cli.options import (
    current_project,
    data_option,
    load_checked,
    no_validate_option,
    reports_errors,
)


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; other machines can reach the server only if you say so.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="0 picks a free port.",
)
@click.option(
    "--site",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    metavar="DIR",
    help="Serve this published site instead of publishing one into a temporary folder.",
)
@data_option
@no_validate_option
@reports_errors
def serve_command(
    host: str, port: int, site: Path | None, data: tuple[Path, ...], no_validate: bool
) -> None:
    """Serve the site with content negotiation, a SPARQL endpoint and a web API.

    \b
    /id/{kind}/{slug} answers HTML, Turtle, JSON-LD, N-Triples, N-Quads, TriG
    or RDF/XML by Accept; /sparql is the SPARQL 1.1 Protocol (GET and POST),
    read-only, with a time limit per query, and in a browser a query page;
    /api/queries/NAME answers each canned query as JSON, CSV or TSV, described
    at /api/openapi.json. Answers carry ETag and are gzipped when accepted.
    Without --site, the site is published for the server's own address into
    a temporary folder, removed when the server stops. Stop with Ctrl-C.
    """
    from coekg.cli.progress import shown
    from coekg.errors import OutputError
    from coekg.serve.server import start

    project = current_project()
    with shown() as progress:
        kg = load_checked(project, data, validate=not no_validate, progress=progress)
        try:
            server = start(kg, project, host, port, site, progress=progress)
        except OSError as e:
            raise OutputError(f"cannot listen on {host}:{port} ({e.strerror or e})") from None
    click.echo(
        f"serving {server.url} (SPARQL endpoint: {server.url}sparql); Ctrl-C stops", err=True
    )
    # Ctrl-C stops the server even when it was started with SIGINT ignored (as a shell does
    # for a background job), since the server says that Ctrl-C stops it.
    signal.signal(signal.SIGINT, _stop_on_sigterm)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        server.run()
    except KeyboardInterrupt:
        server.stop()


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGINT and SIGTERM stop the server alike, so the temporary site is removed."""
    raise KeyboardInterrupt
