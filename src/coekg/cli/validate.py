"""``coekg validate``: check the data against the ontology and the SHACL shapes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coekg.cli.options import current_project, data_option, reports_errors, rerun_hint

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.validation.findings import Report


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@data_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle", "github", "sarif"]),
    default="text",
    show_default=True,
    help="Report format: turtle is the standard SHACL validation report; github (workflow "
    "commands) and sarif (SARIF 2.1.0) mark each finding's line in a pull request.",
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
    """Validate the project's data (or the files given) against ontology and shapes.

    Every finding names the file and line that state it. The last line says what was
    read: the project folder, the bundled copy or the files given, with the number of data
    files and triples. Exit 0 when the data conforms (warnings alone do not fail unless
    --strict), 1 when it does not, 3 when a file cannot be read or parsed.
    """
    from concurrent.futures import ThreadPoolExecutor

    from coekg.cli.progress import shown
    from coekg.errors import EXIT_NONCONFORMING
    from coekg.validation.report import render
    from coekg.validation.validate import data_read, validate

    project = current_project()
    given = list(paths) + list(data)
    with shown() as progress:
        progress.phase("reading the data")
        kg = project.load(given or None)
        progress.phase(f"validating ({engine})")
        with ThreadPoolExecutor(1) as pool:  # the summary's count beside the validation
            read = pool.submit(data_read, kg, _source(project, given))
            report = validate(kg, project.shape_files(), engine=engine)
            report.data = read.result()
        if given and not project.bundled:
            report = _context_hints(project, given, report)
    click.echo(render(report, fmt, strict=strict), nl=False)
    if not report.conforms(strict):
        raise SystemExit(EXIT_NONCONFORMING)


def _context_hints(project: Project, given: list[Path], report: Report) -> Report:
    """Dangling links of the files given: where the project's data describes the resource,
    and the command that validates the files with it."""
    from coekg.validation.context import dangling, with_context_hints

    if not dangling(report):
        return report
    data = project.data.resolve()
    outside = [p for p in given if not Path(p).resolve().is_relative_to(data)]
    rerun = rerun_hint("validate", [project.data, *outside] if outside else [])
    others = [
        s.path
        for s in project.data_sources()
        if s.path.resolve() not in {p.resolve() for p in given}
    ]
    if not others:
        return report
    return with_context_hints(report, project.load(others, ontology=False, queries=False), rerun)


def _source(project: Project, given: list[Path]) -> str:
    """Where the data was read from, for the summary line."""
    if not given:
        return project.describe()
    from coekg.project import shown

    names = [shown(p) for p in given]
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
