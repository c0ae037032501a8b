"""Building the whole site into a folder, and swapping a new build in place of the old one.

:func:`build` writes every file into an empty folder. :func:`swap_in` replaces the target
folder by a finished build with renames only, so a failed publish leaves the old site whole
and a reader never sees half a site.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.errors import OutputError
from coekg.publish import catalog, pages, rdfdoc, redirects, sparql_page, void
from coekg.publish.downloads import write_downloads
from coekg.publish.graphview import GraphView
from coekg.publish.metadata import CONTEXT_PATH, dataset_info
from coekg.query.catalogue import catalogue
from coekg.rdf import export

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.publish.releases import Release
    from coekg.rdf.dataset import KnowledgeGraph

STATIC = Path(__file__).resolve().parent / "static"
#: files every site that coekg publishes has; a non-empty folder without them is not replaced
SIGNATURE = ("catalog.ttl", ".well-known/void", "index.html")


@dataclass(frozen=True)
class PublishedSite:
    path: Path
    resources: int
    files: int


def _write(folder: Path, relative: str, data: bytes) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def build(
    kg: KnowledgeGraph,
    folder: Path,
    project: Project,
    base_url: str,
    *,
    release: Release | None = None,
) -> int:
    """Write the site for ``base_url`` into the empty ``folder``, with ``releases/`` for a
    ``release``; return the resource count."""
    view = GraphView(kg)
    info = dataset_info(view, base_url, project.identity)
    if release is not None:
        info = release.site_info(info)
    downloads = write_downloads(kg, folder)
    page_urls = [info.url(p) for p in ("index.html", "browse.html", "def.html", "sparql.html")]
    for iri, path in sorted(view.resources.items()):
        triples = view.description_triples(iri)
        jsonld = rdfdoc.jsonld(triples, info.context_url)
        _write(folder, path + ".ttl", rdfdoc.turtle(triples))
        _write(folder, path + ".jsonld", jsonld)
        _write(folder, path + ".html", pages.resource_page(view, iri, path, info, jsonld))
        page_urls.append(info.url(path + ".html"))

    ontology = io.BytesIO()
    export.serialize_quads(kg.quads("ontology"), "turtle", ontology)
    _write(folder, "def.ttl", ontology.getvalue())
    _write(folder, "def.html", pages.def_page(view, info))
    queries = catalogue(project.queries)
    for q in queries:
        path = pages.query_path(q.name)
        _write(folder, path, pages.query_page(kg, view, info, q))
        page_urls.append(info.url(path))
    _write(folder, "index.html", pages.index_page(kg, view, info, downloads, queries))
    _write(folder, "browse.html", pages.browse_page(view, info))
    _write(folder, "sparql.html", sparql_page.page(info, queries))
    _write(folder, "404.html", pages.not_found_page(info))
    _write(folder, "style.css", (STATIC / "style.css").read_bytes())
    _write(folder, CONTEXT_PATH, rdfdoc.context_document())
    _write(folder, "robots.txt", pages.robots(info))
    catalog_triples = catalog.catalog_triples(info, downloads)
    if release is not None:
        catalog_triples += release.catalog_triples(info, downloads)
        page_urls += release.page_urls(info)
    _write(folder, catalog.PATH, rdfdoc.turtle(catalog_triples))
    _write(folder, void.PATH, rdfdoc.turtle(void.void_triples(view, info, downloads)))
    _write(folder, "sitemap.xml", pages.sitemap(page_urls))
    for name, content in redirects.server_configs(info).items():
        _write(folder, name, content)
    if release is not None:
        release.write(folder, view, info)
    return len(view.resources)


def _check_target(target: Path) -> None:
    if target.is_symlink():
        raise OutputError(f"{target}: is a symbolic link; give the folder it points to")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder")
    if target.is_dir():
        try:
            empty = not any(target.iterdir())
        except OSError as e:
            raise OutputError(f"{target}: cannot read ({e.strerror})") from None
        if not empty and not all((target / name).is_file() for name in SIGNATURE):
            raise OutputError(
                f"{target}: folder is not empty and holds no site published by coekg; "
                "choose a new or empty folder"
            )
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{target}: folder {parent} does not exist")


def swap_in(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``, replacing an old site there with renames only."""
    old: Path | None = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def publish_site(
    kg: KnowledgeGraph,
    target: Path,
    project: Project,
    base_url: str,
    *,
    release: Release | None = None,
) -> PublishedSite:
    """Build the site in a new folder beside ``target`` (with ``release``'s editions), then
    swap it in."""
    try:
        target = Path(os.path.abspath(target))
    except OSError as e:  # the current folder was removed
        raise OutputError(f"{target}: cannot find the folder ({e.strerror})") from None
    _check_target(target)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    except OSError as e:
        raise OutputError(f"{target}: cannot write ({e.strerror})") from None
    try:
        resources = build(kg, work, project, base_url, release=release)
        work.chmod(0o755)
        files = sum(1 for p in work.rglob("*") if p.is_file())
        swap_in(work, target)
    except OSError as e:
        raise OutputError(f"{target}: cannot write ({e.strerror or e})") from None
    finally:
        with contextlib.suppress(OSError):
            if work.exists():
                shutil.rmtree(work)
    return PublishedSite(target, resources, files)
