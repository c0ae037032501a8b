"""``coekg publish``: the dataset as a static linked-data site in a folder."""

from __future__ import annotations

from pathlib import Path

import click

from coekg.cli.options import (
    current_project,
    data_option,
    load_checked,
    no_validate_option,
    reports_errors,
)


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from coekg.project import normalise_base_url

    if value is None:
        return None
    try:
        return normalise_base_url(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@click.command("publish")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder to write the site into (new, empty, or a site coekg published before).",
)
@click.option(
    "--base-url",
    "base_url",
    default=None,
    metavar="URL",
    callback=_check_base_url,
    help="Address the site is served at; absolute links (sitemap, catalogue, downloads, "
    "redirects) use it. Default: the project file's [site] base-url, else "
    "https://w3id.org/coekg/.",
)
@data_option
@no_validate_option
@reports_errors
def publish_command(
    output: Path, base_url: str | None, data: tuple[Path, ...], no_validate: bool
) -> None:
    """Publish the dataset as a static linked-data site in DIR.

    \b
    DIR gets a page and Turtle and JSON-LD documents per resource, index.html
    (a summary, with schema.org Dataset markup), browse.html, a page per
    canned query (query/), def.html and def.ttl (the ontology), catalog.ttl
    (DCAT-AP 3), .well-known/void, sitemap.xml, robots.txt, context.jsonld,
    downloads/ and web-server rules (.htaccess, nginx.conf, w3id.htaccess).
    Publisher, contact, titles, licence and edition come from the project
    file (coekg.toml).

    The site is built beside DIR and swapped in when complete: a failure leaves
    the old site whole. Output is deterministic. Data that does not conform to
    the shapes is refused (exit 1) unless --no-validate is given.
    """
    from coekg.cli.progress import shown
    from coekg.publish import publish

    project = current_project()
    with shown() as progress:
        kg = load_checked(project, data, validate=not no_validate, progress=progress)
        site = publish(kg, output, project, base_url, progress=progress)
    click.echo(f"published {site.resources} resources ({site.files} files) to {site.path}")
