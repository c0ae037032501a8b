"""``coekg new``: a Turtle skeleton of a new resource, from the shapes."""

from __future__ import annotations

from pathlib import Path

import click

from coekg import namespaces
from coekg.cli.options import current_project, reports_errors


@click.command("new")
@click.argument("kind", type=click.Choice(namespaces.KINDS), metavar="KIND")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to FILE (a new file; an existing one is never overwritten).",
)
@reports_errors
def new_command(kind: str, slug: str, output: Path | None) -> None:
    """Print a Turtle skeleton of the resource KIND:SLUG (KIND as in the IRIs: project,
    event, treaty...): every property the shapes require, with a placeholder <todo:...> to
    replace and an example, and the optional ones as comments, each saying what the shapes
    expect. Refuses an IRI the project's data already describes (exit 1).
    """
    from coekg.atomic import atomic_write
    from coekg.validation.skeleton import skeleton

    if output is not None and output.exists():
        raise click.UsageError(f"{output} exists; coekg new writes a new file only")
    project = current_project()
    text = skeleton(kind, slug, project.load(), project.shape_files())
    if output is None:
        click.echo(text, nl=False)
        return
    with atomic_write(output) as handle:
        handle.write(text.encode("utf-8"))
