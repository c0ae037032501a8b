"""``coekg publish``: the dataset as a static linked-data site in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coekg.cli.options import (
    current_project,
    data_option,
    load_checked,
    no_validate_option,
    reports_errors,
)

if TYPE_CHECKING:
    from coekg.publish.releases import ReleaseSummary


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from coekg.project import normalise_base_url

    if value is None:
        return None
    try:
        return normalise_base_url(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _check_release(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from coekg.publish.releases import check_version

    if value is None:
        return None
    try:
        return check_version(value)
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
@click.option(
    "--release",
    "release",
    default=None,
    metavar="VERSION",
    callback=_check_release,
    help="Publish this edition as VERSION, kept under DIR/releases/VERSION/ with its dumps, "
    "ontology, DCAT-AP description and changelog; earlier editions in DIR are kept. "
    "VERSION must be the project file's version, if it names one.",
)
@data_option
@no_validate_option
@reports_errors
def publish_command(
    output: Path,
    base_url: str | None,
    release: str | None,
    data: tuple[Path, ...],
    no_validate: bool,
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

    With --release VERSION, the site is also an edition that stays: its files
    under releases/VERSION/ (sealed by SHA256SUMS), its page telling what
    changed since the previous edition (the latest one in DIR, read from its
    dump there), linked to it in the catalogue (dcat:previousVersion,
    dcat:hasVersion). Earlier editions in DIR are checked and kept. A version
    published already is refused (exit 1) unless it is the latest with the same
    statements. Without --release, a DIR holding editions is refused (exit 2).

    The site is built beside DIR and swapped in when complete: a failure leaves
    the old site whole. Output is deterministic. Data that does not conform to
    the shapes is refused (exit 1) unless --no-validate is given.
    """
    from coekg.cli.progress import shown
    from coekg.publish import publish, publish_release
    from coekg.publish.early_answers import answers_while_reading
    from coekg.publish.pages import MAX_QUERY_ROWS

    project = current_project()
    with shown() as progress, answers_while_reading(project, MAX_QUERY_ROWS) as early:
        # an edition's query pages answer on the data with its release's statements
        feed = early if release is None else None
        kg = load_checked(project, data, validate=not no_validate, progress=progress, feed=feed)
        if release is None:
            site = publish(kg, output, project, base_url, progress=progress, early=early.answers)
        else:
            site, edition = publish_release(
                kg, output, project, release, base_url, progress=progress
            )
    click.echo(f"published {site.resources} resources ({site.files} files) to {site.path}")
    if release is None:
        return
    click.echo(_edition_line(edition))


def _edition_line(edition: ReleaseSummary) -> str:
    """``edition 0.2.0 in site/releases/0.2.0, since 0.1.0: ...; earlier editions kept: ...``"""
    from coekg.project import shown
    from coekg.publish.changelog import counts_in_words

    folder = shown(edition.folder)
    if not edition.new:
        done = f"edition {edition.version} in {folder}: published before, kept as it was"
    elif edition.previous is None:
        done = f"edition {edition.version} in {folder}: the first edition"
    else:
        changes = counts_in_words(edition.counts, edition.previous)
        done = f"edition {edition.version} in {folder}, since {edition.previous}: {changes}"
    kept = ", ".join(edition.kept)
    return done + (f"; earlier editions kept: {kept}" if kept else "")
