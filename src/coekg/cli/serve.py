"""``coekg serve``: the site and a read-only SPARQL endpoint on a local server."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coekg.cli.options import (
    current_project,
    data_option,
    load_checked,
    no_validate_option,
    reports_errors,
    rerun_hint,
)

if TYPE_CHECKING:
    from coekg.serve.server import RunningServer


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
    help="Serve this published site instead of making the site on request from the data.",
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

    \b
    Without --site, the server answers as soon as the data is read: every page
    and document is made when first asked for, with the bytes 'coekg publish'
    writes for the server's address. The dumps are written in the background
    (until then, the files showing them answer 503 with Retry-After), and the
    data is validated while the server runs: until it is done, pages carry a
    "Not yet validated" banner and answers the header Coekg-Validation: pending;
    data that does not conform stops the server with the report's summary on
    stderr and exit code 1. With --site DIR, the data is validated before the
    server starts. Stop with Ctrl-C.
    """
    from coekg.cli.progress import shown
    from coekg.errors import OutputError
    from coekg.serve.server import start
    from coekg.validation.validate import ensure_conforms

    project = current_project()
    validate_first = site is not None and not no_validate
    with shown() as progress:
        kg = load_checked(project, data, validate=validate_first, progress=progress)
        hint = rerun_hint("validate", data)

        def validate() -> None:
            ensure_conforms(kg, project.shape_files(), hint)
            click.echo("the data conforms to its shapes", err=True)

        while_serving = validate if site is None and not no_validate else None
        try:
            server = start(kg, project, host, port, site, progress=progress, validate=while_serving)
        except OSError as e:
            raise OutputError(f"cannot listen on {host}:{port} ({e.strerror or e})") from None
    # Ctrl-C stops the server even when it was started with SIGINT ignored (as a shell does
    # for a background job), since the server says that Ctrl-C stops it.
    stop = _stopper(server)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    click.echo(
        f"serving {server.url} (SPARQL endpoint: {server.url}sparql); Ctrl-C stops", err=True
    )
    server.run()


def _stopper(server: RunningServer) -> Callable[[int, object], None]:
    """The handler of SIGINT and SIGTERM: stop the server (its temporary site removed, its
    workers ended), from a thread of its own. The signal may come at any point of the main
    thread: an exception raised there was lost when it came while the server forked its
    validation (inside the fork's hooks, where Python ignores exceptions), and the server
    went on serving; and the main thread may hold the lock :meth:`RunningServer.stop` takes.
    The stop closes the server's sockets, which ends :meth:`RunningServer.run`."""

    def stop(signum: int, frame: object) -> None:
        threading.Thread(target=server.stop, name="coekg-stop").start()

    return stop
