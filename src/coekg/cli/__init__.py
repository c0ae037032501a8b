"""The ``coekg`` command: a thin layer that parses options and calls the library.

Each command lives in a module of this package named after it; the library functions it
calls never print or exit. Errors become exit codes in :func:`coekg.cli.options.reports_errors`:
0 done/conforms, 1 does not conform, 2 usage error, 3 could not run.
"""

from __future__ import annotations

import click

from coekg import __version__
from coekg.cli.diff import diff_command
from coekg.cli.export import export_command
from coekg.cli.load import load_command
from coekg.cli.new import new_command
from coekg.cli.publish import publish_command
from coekg.cli.query import queries_command, query_command
from coekg.cli.query_server import query_server_command
from coekg.cli.serve import serve_command
from coekg.cli.synth import synth_command
from coekg.cli.validate import validate_command


class _InOrder(click.Group):
    """Lists the commands in the order of a session: validate, export, query, load, publish."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=_InOrder, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coekg")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Show no progress of long steps (shown on standard error only when it is a terminal).",
)
def cli(debug: bool, quiet: bool) -> None:
    """Publish the Council of Europe co-operation knowledge graph as linked open data.

    Without --data, every command reads the bundled ontology and data.

    \b
    Exit codes: 0 done (the data conforms), 1 the data does not conform,
    2 usage error, 3 could not run (bad input, I/O or endpoint failure).
    """


cli.add_command(validate_command)
cli.add_command(new_command)
cli.add_command(export_command)
cli.add_command(queries_command)
cli.add_command(query_command)
cli.add_command(query_server_command)
cli.add_command(load_command)
cli.add_command(diff_command)
cli.add_command(publish_command)
cli.add_command(serve_command)
cli.add_command(synth_command)


def main() -> None:
    from coekg.cli.options import check_stdout_writes
    from coekg.cli.process_exit import exit_now
    from coekg.termination import raise_on_sigterm

    check_stdout_writes()
    raise_on_sigterm()
    try:
        cli(prog_name="coekg")
    except SystemExit as done:  # click's standalone mode always ends so
        exit_now(done.code)
