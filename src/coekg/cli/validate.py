"""``coekg validate``: check the data against the ontology and the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import click

from coekg.cli.options import current_project, data_option, reports_errors


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@data_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="Report format; turtle is the standard SHACL validation report.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="fast: the shapes compiled to SPARQL; pyshacl: the reference engine (same findings).",
)
@reports_errors
def validate_command(
    paths: tuple[Path, ...], data: tuple[Path, ...], fmt: str, strict: bool, engine: str
) -> None:
    """Validate the bundled data, or the given files, against ontology and shapes.

    Exit 0 when the data conforms (warnings alone do not fail unless --strict),
    1 when it does not, 3 when a file cannot be read or parsed.
    """
    from coekg.errors import EXIT_NONCONFORMING
    from coekg.validation.report import render
    from coekg.validation.validate import validate

    project = current_project()
    kg = project.load(list(paths) + list(data) or None)
    report = validate(kg, project.shape_files(), engine=engine)
    click.echo(render(report, fmt, strict=strict), nl=False)
    if not report.conforms(strict):
        raise SystemExit(EXIT_NONCONFORMING)
