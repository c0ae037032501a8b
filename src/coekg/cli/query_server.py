"""``coekg query-server start|status|stop``: keep large data in memory for ``coekg query``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from coekg.cli.options import (
    current_project,
    data_option,
    reports_errors,
    text_or_json_option,
)


@click.group("query-server")
def query_server_command() -> None:
    """Keep data in memory, so that 'coekg query' answers at once.

    A query on a million triples spends seconds reading them and a fraction of one
    answering. 'start' reads the data once in a background process listening on
    127.0.0.1; while it runs, 'coekg query' with the same --data sends it the query and
    writes its answer, byte for byte what it would have computed itself. The server never
    answers from stale data: when a file changes it stops, and 'coekg query' answers by
    itself. 'coekg query --no-cache' never asks it.

    \b
    Examples:
      coekg query-server start --data council.nt
      coekg query organisations --data council.nt --format csv
      coekg query-server status
      coekg query-server stop --data council.nt
    """


def _describe(status: dict[str, Any]) -> str:
    data = ", ".join(status.get("data", [])) or "the bundled data"
    memory = status.get("peak_memory_bytes", 0) / 1024**2
    idle = status.get("stops_after_idle_seconds", 0)
    stops = f"stops after {idle / 60:g} min without a query" if idle else "runs until stopped"
    return (
        f"pid {status['pid']}: {status['triples']:,} triples of {data}; "
        f"{status['queries_answered']} queries answered, idle {status['idle_seconds']:g} s, "
        f"{memory:,.0f} MB; {stops}"
    )


@query_server_command.command("start")
@click.option(
    "--idle",
    "idle_minutes",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    metavar="MINUTES",
    help="Stop after this many minutes without a query (0: run until stopped).",
)
@data_option
@reports_errors
def start_command(idle_minutes: float, data: tuple[Path, ...]) -> None:
    """Read the data (--data, else the bundled data) into a query server."""
    from coekg.cli.progress import shown
    from coekg.query.client import start

    with shown() as progress:
        progress.phase("reading the data into a query server")
        status, started = start(current_project(), list(data) or None, idle_minutes * 60)
    verb = "started" if started else "already running"
    click.echo(f"query server {verb}: {_describe(status)}")


@query_server_command.command("status")
@text_or_json_option("one line per server")
@reports_errors
def status_command(fmt: str) -> None:
    """List the running query servers."""
    from coekg.query.client import running

    servers = running()
    if fmt == "json":
        click.echo(json.dumps(servers, indent=2))
        return
    if not servers:
        click.echo("no query server is running")
    for status in servers:
        click.echo(_describe(status))


@query_server_command.command("stop")
@click.option("--all", "stop_all", is_flag=True, help="Stop every running query server.")
@data_option
@reports_errors
def stop_command(stop_all: bool, data: tuple[Path, ...]) -> None:
    """Stop the query server of the data (--data, else the bundled data), or --all."""
    from coekg.query.client import server_keys, stop
    from coekg.query.kept_store import identify

    if stop_all and data:
        raise click.UsageError("--all and --data exclude each other")
    targets = server_keys() if stop_all else [identify(current_project(), list(data) or None)[0]]
    stopped = [s for s in map(stop, targets) if s is not None]
    for status in stopped:
        click.echo(f"stopped query server pid {status['pid']}")
    if not stopped:
        what = "" if stop_all else " for these files"
        click.echo(f"no query server is running{what}")
