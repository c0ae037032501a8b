"""``coekg diff``: what changed between two editions of the data."""

from __future__ import annotations

from pathlib import Path

import click

from coekg.cli.options import check_iri_option, output_option, reports_errors, write_stdout
from coekg.errors import EXIT_NONCONFORMING

FORMATS = ["text", "json", "sparql-update"]


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path, readable=False))
@click.argument("new", type=click.Path(path_type=Path, readable=False))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: per resource, grouped by class, for people; json: the same for machines; "
    "sparql-update: one SPARQL 1.1 Update that turns OLD into NEW.",
)
@click.option(
    "--graph",
    metavar="IRI",
    callback=check_iri_option,
    help="With sparql-update: the graph the update changes  "
    "[default: https://w3id.org/coekg/dataset, the graph 'coekg load' fills]",
)
@output_option
@reports_errors
def diff_command(old: Path, new: Path, fmt: str, graph: str | None, output: Path | None) -> None:
    """Compare two editions of the data, OLD and NEW: what was added, removed and changed.

    OLD and NEW are RDF files (any format) or folders of them, as --data takes them. They
    are compared as the union of their graphs, statement by statement, literals as written
    (a changed datatype or language is a change); blank nodes are matched by what they
    say, so an unchanged [ ... ] is no change, and a changed one is removed and added.

    The text names each resource added, removed or changed, grouped by class, and for a
    changed one each property: old value -> new value. Nothing is printed when the
    editions are the same.

    Exit 0 when the editions are the same, 1 when they differ (as diff does), 3 when one
    cannot be read.

    \b
    Examples:
      coekg diff release-1.0/data data
      coekg diff old.nt.gz new.ttl --format json
      coekg diff old.nt new.nt -f sparql-update | curl --data-binary @- \\
          -H 'Content-Type: application/sparql-update' http://localhost:7878/update
    """
    from coekg.atomic import atomic_write
    from coekg.diff import as_json, edition, sparql_update, text
    from coekg.diff.changes import compare
    from coekg.namespaces import DATASET

    if graph is not None and fmt != "sparql-update":
        raise click.UsageError("--graph goes with --format sparql-update")
    diff = compare(edition.read([old], str(old)), edition.read([new], str(new)))
    if fmt == "json":
        body = as_json.render(diff)
    elif fmt == "sparql-update":
        body = sparql_update.update(diff, graph or DATASET)
    else:
        body = text.render(diff)
    data = body.encode()
    if output is None:
        write_stdout(lambda out: out.write(data))
    else:
        with atomic_write(output) as handle:
            handle.write(data)
    if not diff.same:
        raise SystemExit(EXIT_NONCONFORMING)
