"""``coekg export``: the whole dataset in one RDF format."""

from __future__ import annotations

from pathlib import Path

import click

from coekg.cli.options import (
    current_project,
    data_option,
    load_checked,
    no_validate_option,
    output_option,
    reports_errors,
    write_stdout,
)

FORMAT_NAMES = ["turtle", "nt", "nq", "trig", "jsonld", "xml"]


@click.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default="turtle",
    show_default=True,
    help="RDF format; nq, trig and jsonld keep the named graphs.",
)
@output_option
@data_option
@no_validate_option
@reports_errors
def export_command(
    fmt: str, output: Path | None, data: tuple[Path, ...], no_validate: bool
) -> None:
    """Write the ontology, the data and the query catalogue in one RDF format.

    Output is deterministic: the same input gives byte-identical files. Data that does
    not conform to the shapes is refused (exit 1) unless --no-validate is given.
    """
    from coekg.atomic import atomic_write
    from coekg.cli.progress import shown
    from coekg.rdf.export import export

    with shown() as progress:
        kg = load_checked(current_project(), data, validate=not no_validate, progress=progress)
        progress.phase(f"writing {fmt}")
        if output is None:
            write_stdout(lambda out: export(kg, fmt, out))
            return
        with atomic_write(output) as handle:
            export(kg, fmt, handle)
