"""Publishing the knowledge graph as a static linked-data site (``coekg publish``).

:func:`publish` writes, into one folder that any web server can host: a page and two RDF
documents per resource, the landing page with schema.org ``Dataset`` markup, a browse page,
a page per canned query, the ontology documentation, a DCAT-AP 3 catalogue, a VoID
description, a sitemap and ``robots.txt``, the JSON-LD context, compressed dumps with
checksums, and content-negotiation rules for Apache, nginx and w3id.org. Who publishes the
dataset, its titles, licence and edition come from the project's identity (``coekg.toml``).
The layout is the one in the project's contract; the same input always gives byte-identical
files.

:func:`publish_release` publishes a versioned edition that later releases keep
(``releases/``, :mod:`coekg.publish.releases`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coekg.progress import SILENT, Progress
from coekg.project import normalise_base_url
from coekg.publish.releases import ReleaseSummary, prepare, refuse_unreleased
from coekg.publish.site import PublishedSite, publish_site

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.publish.query_rows import Answers
    from coekg.rdf.dataset import KnowledgeGraph

__all__ = ["PublishedSite", "ReleaseSummary", "publish", "publish_release"]


def publish(
    kg: KnowledgeGraph,
    out_dir: str | Path,
    project: Project,
    base_url: str | None = None,
    *,
    progress: Progress = SILENT,
    incremental: bool = True,
    early: Answers | None = None,
) -> PublishedSite:
    """Publish ``kg``, the data of ``project``, as a site in ``out_dir``, its links made for
    ``base_url`` (default: the project's base URL).

    The site is built in a new folder beside ``out_dir`` and swapped in when complete, so a
    failure leaves an existing site whole. When ``out_dir`` holds a site published before,
    only the files that change are written (unless ``incremental`` is off); the result is
    the same bytes either way. ``progress`` hears of each phase. Raises :class:`ValueError`
    for a base URL that is not an absolute http(s) URL, :class:`coekg.errors.OutputError`
    when the folder cannot be written (or is a non-empty folder that holds no site
    published by coekg), and :class:`coekg.errors.UsageError` when it holds released
    editions (use :func:`publish_release`). ``early`` are the query pages' answers begun
    while ``kg`` was read (:mod:`coekg.publish.early_answers`).
    """

    url = normalise_base_url(base_url or project.identity.base_url)
    refuse_unreleased(Path(out_dir))
    return publish_site(kg, Path(out_dir), project, url, progress, incremental, early=early)


def publish_release(
    kg: KnowledgeGraph,
    out_dir: str | Path,
    project: Project,
    version: str,
    base_url: str | None = None,
    *,
    progress: Progress = SILENT,
) -> tuple[PublishedSite, ReleaseSummary]:
    """Publish ``kg`` as :func:`publish` does, as the edition ``version``: the site, and
    ``releases/{version}/`` beside the editions ``out_dir`` held before, which are kept.

    The site-wide files are always written again (they describe every edition); the
    resources' files are reused from the site in ``out_dir`` where they are the same.
    Raises :class:`ValueError` for a version or base URL that is not one,
    :class:`coekg.errors.UsageError` when the project file names another version,
    :class:`coekg.errors.ReleaseConflict` when ``version`` is published in ``out_dir``
    already with other statements (or is not its latest edition),
    :class:`coekg.errors.InputError` when an earlier edition's files are damaged, and what
    :func:`publish` raises.
    """
    url = normalise_base_url(base_url or project.identity.base_url)
    data, released, release = prepare(kg, Path(out_dir), project, version)
    site = publish_site(data, Path(out_dir), released, url, progress, release=release)
    return site, release.summary
