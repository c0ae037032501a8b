"""Building the site into a new folder, and putting it in place of the old one.

:func:`publish_site` builds the site in a new folder beside the target and swaps it in when
it is complete (:mod:`coekg.publish.swap`), so a failed publish leaves the old site whole
and a reader never sees half a site.

When the target holds a site published before by this version (its manifest,
:mod:`coekg.publish.manifest`, says what it was made from), the new folder starts from it:
a resource's file whose digest did not change is a hard link to the old file, and only the
changed files are rendered; the site-wide files (home page, indexes, query pages, catalogue,
VoID, sitemap, dumps) are written again if anything they show changed, else linked too.
The result is the same bytes as a full publish; the old site stays untouched until the swap.
When few resources may have changed, the new folder holds only the changed files, which
:mod:`coekg.publish.in_place` then moves into the old site one by one, instead of the
unchanged ones being linked and the whole swapped in.
A release (:mod:`coekg.publish.releases`) always writes the site-wide files again, since
they describe its editions, and adds ``releases/``.

:func:`build` does the work: the graph indexed once (:class:`GraphView`), the resources'
files in worker processes (:mod:`coekg.publish.workers`) while this process writes the
site-wide files; for large data, forked processes write the dumps
(:mod:`coekg.publish.dump_process`) and answer the query pages' queries
(:mod:`coekg.publish.query_rows`) from the start.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.errors import OutputError
from coekg.progress import SILENT, Progress
from coekg.publish import (
    catalog,
    in_place,
    manifest,
    pages,
    rdfdoc,
    redirects,
    render_plan,
    sparql_page,
    void,
)
from coekg.publish.downloads import FOLDER, Download
from coekg.publish.dump_process import Dumps, dumping, worth_forking
from coekg.publish.graphview import GraphView
from coekg.publish.in_place import SHOWS_DUMPS
from coekg.publish.metadata import CONTEXT_PATH, dataset_info
from coekg.publish.query_rows import Answers, answering
from coekg.publish.release_folder import FOLDER as RELEASES_FOLDER
from coekg.publish.resource_files import ResourceRenderer, renderer_version
from coekg.publish.settled import changed_statements
from coekg.publish.swap import swap_in
from coekg.publish.up_to_date import SiteState, current_site, site_state, site_wide_files
from coekg.publish.workers import rendering
from coekg.query import evaluate
from coekg.query.catalogue import catalogue
from coekg.rdf import export
from coekg.termination import deferred

if TYPE_CHECKING:
    from coekg.project import Project
    from coekg.publish.metadata import DatasetInfo
    from coekg.publish.releases import Release
    from coekg.query.catalogue import CannedQuery
    from coekg.query.results import Results
    from coekg.rdf.dataset import KnowledgeGraph

STATIC = Path(__file__).resolve().parent / "static"
#: files every site that coekg publishes has; a non-empty folder without them is not replaced
SIGNATURE = ("catalog.ttl", ".well-known/void", "index.html")


@dataclass(frozen=True)
class PublishedSite:
    path: Path
    resources: int
    files: int
    #: files rendered by this publish; the others were kept from the earlier site
    written: int
    incremental: bool
    #: the folder holds only the changed files, to move into the earlier site
    #: (:mod:`coekg.publish.in_place`), whose resources of these paths are gone
    in_place: bool = False
    removed: tuple[str, ...] = ()


class _Writer:
    """Writes the site-wide files into the new site, counting them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def __call__(self, relative: str, data: bytes) -> None:
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.count += 1


def build(
    kg: KnowledgeGraph,
    folder: Path,
    project: Project,
    base_url: str,
    progress: Progress,
    earlier: Path | None,
    *,
    release: Release | None,
    state: SiteState,
    answers: Answers,
) -> PublishedSite:
    """Write the site for ``base_url`` into the empty ``folder``, reusing the files of the
    site in ``earlier`` where they would be the same; with ``release``, its ``releases/``.
    ``state`` is :func:`~coekg.publish.up_to_date.site_state` of the two; ``answers`` gives
    the query pages' rows."""
    old = state.earlier
    earlier_dumps = old.earlier_dumps(earlier, FOLDER) if old and earlier else None
    # begin the dumps now, beside the indexing; if the earlier site shows the same data,
    # they are stopped and the earlier site's dumps kept (the core was idle meanwhile)
    with dumping(kg, folder, earlier_dumps) as dumps:
        return _build(
            kg, folder, project, base_url, progress, earlier, state, release, dumps, answers
        )


def _build(
    kg: KnowledgeGraph,
    folder: Path,
    project: Project,
    base_url: str,
    progress: Progress,
    earlier: Path | None,
    state: SiteState,
    release: Release | None,
    dumps: Dumps,
    answers: Answers,
) -> PublishedSite:
    progress.phase("indexing the graph")
    old, site_files = state.earlier, state.site_files
    unchanged = state.shows_the_same
    view = GraphView(kg)
    changed: list[bytes] | None = None
    if unchanged:
        changed = []  # the same files as read
    elif earlier and old:  # told by the process writing the dumps, if there is one
        changed = dumps.changed_statements() if dumps.forked else changed_statements(kg, earlier)
    info = dataset_info(view, base_url, project.identity)
    if release is not None:
        info = release.site_info(info)
    renderer = ResourceRenderer(view, info)
    in_place_if_small = release is None and not unchanged
    plan = render_plan.plan(kg, view, renderer, folder, earlier, old, changed, in_place_if_small)
    writer = _Writer(folder)
    kept = 0
    if unchanged:
        dumps.discard()
    with rendering(plan.job, plan.to_render, large=dumps.forked) as pending:
        if unchanged and earlier is not None:
            progress.phase("keeping the site-wide files")
            kept = _keep_site_files(earlier, folder)
        else:
            _write_site_files(
                kg, view, info, project, writer, progress, dumps, release, answers.rows
            )
        progress.phase("rendering pages", len(plan.to_render))
        outcome = pending.wait(progress)
    released = 0
    if release is not None:
        progress.phase("writing the editions")
        release.write(folder, view, info)
        released = sum(1 for p in (folder / RELEASES_FOLDER).rglob("*") if p.is_file())
    site_digest = renderer.site_digest.hex()
    record = manifest.Manifest(renderer_version(), info.context_url, site_files, site_digest)
    if plan.job.in_place and old is not None:
        record.resources = {path: old.resources[path] for path in plan.settled}
    record.resources |= {path: (desc, page) for path, desc, page in outcome.digests}
    if unchanged and old is not None:  # the earlier site's dumps were kept
        record.dumps = old.dumps
    elif dumps.downloads is not None:
        record.dumps = {d.name: (d.sha256, d.pieces) for d in dumps.downloads}
    writer(manifest.PATH, record.to_bytes())
    progress.finish()
    resources = len(view.resources)
    return PublishedSite(
        folder,
        resources,
        3 * resources + writer.count + kept + released,
        outcome.written + writer.count + released,
        old is not None,
        plan.job.in_place,
        plan.removed,
    )


def _write_site_files(
    kg: KnowledgeGraph,
    view: GraphView,
    info: DatasetInfo,
    project: Project,
    write: _Writer,
    progress: Progress,
    dumps: Dumps,
    release: Release | None = None,
    first_rows: pages.FirstRows | None = None,
) -> None:
    """Write every file but the resources' own: ontology, query pages, home and browse
    pages, catalogue, VoID, sitemap, server rules; and the ``dumps``, unless a forked
    process writes them already. The files that describe the dumps (home page, catalogue,
    VoID) come last, so the others are written while a forked process writes the dumps;
    the query pages just before them, so the others are written while a forked process
    answers their queries (``first_rows``, :mod:`coekg.publish.query_rows`)."""
    made: list[list[Download]] = []

    def downloads() -> list[Download]:
        if not made:
            made.append(dumps.result(progress))
            write.count += len(made[0]) + 1
        return made[0]

    makers = site_file_makers(kg, view, info, project, downloads, release, first_rows)
    queries = {pages.query_path(q.name) for q in catalogue(project.queries)}
    phase = ""

    def order(item: tuple[str, Callable[[], bytes]]) -> tuple[bool, bool]:
        return item[0] in SHOWS_DUMPS, item[0] in queries

    # the files that describe the dumps last: the others are written while the dumps are;
    # the query pages before them: the others are written while their queries are answered
    for path, make in sorted(makers.items(), key=order):
        if path in SHOWS_DUMPS and not made:
            downloads()  # before the phase line: waiting for the dumps has its own
            phase = ""  # then the phase is told again
        name = _PHASES.get(path) or ("answering the canned queries" if path in queries else phase)
        if name != phase:
            phase = name
            progress.phase(name, len(queries) if path in queries else None)
        write(path, make())
        if path in queries:
            progress.advance()


#: the phase that starts with the site-wide file
_PHASES = {
    "def.ttl": "writing the ontology's pages",
    "browse.html": "writing the indexes",
    "index.html": "writing the indexes",
}


def site_file_makers(
    kg: KnowledgeGraph,
    view: GraphView,
    info: DatasetInfo,
    project: Project,
    downloads: Callable[[], list[Download]],
    release: Release | None = None,
    first_rows: pages.FirstRows | None = None,
) -> dict[str, Callable[[], bytes]]:
    """Every site-wide file but the dumps and ``SHA256SUMS``: its path, and the function
    that makes its bytes (:func:`build` writes those describing the dumps last).
    ``downloads`` gives the dumps (made by :func:`~coekg.publish.downloads.write_downloads`),
    which the home page, catalogue and VoID describe; it is called only by their functions.
    ``first_rows`` gives the rows of the query pages; by default, the graph's own store.
    ``coekg serve`` makes each file when it is first asked for, by the same function, with
    the rows from its query workers (the server holds no store)."""
    queries = catalogue(project.queries)
    rows_of = first_rows or functools.partial(_store_rows, kg)

    def ontology_turtle() -> bytes:
        out = io.BytesIO()
        export.serialize_quads(kg.quads("ontology"), "turtle", out)
        return out.getvalue()

    def page_urls() -> list[str]:
        urls = [info.url(p) for p in ("index.html", "browse.html", "def.html", "sparql.html")]
        urls += [info.url(path + ".html") for path in view.resources.values()]
        urls += [info.url(pages.query_path(q.name)) for q in queries]
        return urls + (release.page_urls(info) if release is not None else [])

    def catalogue_turtle() -> bytes:
        triples = catalog.catalog_triples(info, downloads())
        if release is not None:
            triples += release.catalog_triples(info, downloads())
        return rdfdoc.turtle(triples)

    makers: dict[str, Callable[[], bytes]] = {
        "def.ttl": ontology_turtle,
        "def.html": lambda: pages.def_page(view, info),
    }
    for q in queries:
        makers[pages.query_path(q.name)] = functools.partial(
            pages.query_page, rows_of, view, info, q
        )
    makers |= {
        "index.html": lambda: pages.index_page(kg, view, info, downloads(), queries),
        "browse.html": lambda: pages.browse_page(view, info),
        "sparql.html": lambda: sparql_page.page(info, queries),
        "404.html": lambda: pages.not_found_page(info),
        "style.css": (STATIC / "style.css").read_bytes,
        CONTEXT_PATH: rdfdoc.context_document,
        "robots.txt": lambda: pages.robots(info),
        catalog.PATH: catalogue_turtle,
        void.PATH: lambda: rdfdoc.turtle(void.void_triples(view, info, downloads())),
        "sitemap.xml": lambda: pages.sitemap(page_urls()),
    }
    for name in redirects.server_configs(info):
        makers[name] = functools.partial(_server_config, info, name)
    return makers


def _store_rows(kg: KnowledgeGraph, q: CannedQuery, limit: int) -> tuple[Results, int]:
    return evaluate.first_rows(kg.store, q, limit)


def _server_config(info: DatasetInfo, name: str) -> bytes:
    return redirects.server_configs(info)[name]


def _keep_site_files(earlier: Path, folder: Path) -> int:
    """Link every site-wide file of the earlier site into the new one; return how many."""
    count = 0
    for relative in site_wide_files(earlier):
        if relative == manifest.PATH:
            continue
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(earlier / relative, target)
        except OSError:
            shutil.copyfile(earlier / relative, target)
        count += 1
    return count


def _check_target(target: Path) -> bool:
    """Refuse a target that is not a folder coekg may write; ``True`` if it holds a site."""
    if target.is_symlink():
        raise OutputError(f"{target}: is a symbolic link; give the folder it points to")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{target}: folder {parent} does not exist")
    if not target.is_dir():
        return False
    try:
        empty = not any(target.iterdir())
    except OSError as e:
        raise OutputError(f"{target}: cannot read ({e.strerror})") from None
    if empty:
        return False
    if not all((target / name).is_file() for name in SIGNATURE):
        raise OutputError(
            f"{target}: folder is not empty and holds no site published by coekg; "
            "choose a new or empty folder"
        )
    return True


def publish_site(
    kg: KnowledgeGraph,
    target: Path,
    project: Project,
    base_url: str,
    progress: Progress = SILENT,
    incremental: bool = True,
    *,
    release: Release | None = None,
    early: Answers | None = None,
) -> PublishedSite:
    """Build the site in a new folder beside ``target`` (with ``release``'s editions), then
    swap it in, or move its changed files into ``target`` (:mod:`coekg.publish.in_place`).
    With ``incremental``, the files of a site already in ``target`` are reused where they
    would be the same; if all of them are, nothing is written. The query pages take the
    answers of ``early`` if its process was forked while ``kg`` was read
    (:mod:`coekg.publish.early_answers`)."""
    try:
        target = Path(os.path.abspath(target))
    except OSError as e:  # the current folder was removed
        raise OutputError(f"{target}: cannot find the folder ({e.strerror})") from None
    has_site = _check_target(target)
    earlier = target if has_site and incremental else None
    # large data: the query pages' queries are answered from now on, by a forked process
    # that reads the SPARQL store itself; it begins while this process checks the earlier
    # site, and is stopped if that site is up to date (its query pages are kept)
    queries = catalogue(project.queries)
    fork = worth_forking(kg)
    with answering(kg, queries, pages.MAX_QUERY_ROWS, fork, early) as answers:
        state = site_state(kg, earlier, base_url, project.identity, release is not None)
        if state.shows_the_same:  # (there is an earlier site, then)
            answers.close()
            progress.phase("checking the earlier site")
            current = current_site(target, state)
            if current is not None:  # nothing to write: the site is what this publish makes
                progress.finish()
                return PublishedSite(target, current.resources, current.files, 0, True)
        site = _publish(kg, target, project, base_url, progress, earlier, release, state, answers)
    return dataclasses.replace(site, path=target)


def _publish(
    kg: KnowledgeGraph,
    target: Path,
    project: Project,
    base_url: str,
    progress: Progress,
    earlier: Path | None,
    release: Release | None,
    state: SiteState,
    answers: Answers,
) -> PublishedSite:
    """Build the site in a new folder beside ``target``, then swap it in, or move its
    changed files into ``target`` (:mod:`coekg.publish.in_place`)."""
    work: Path | None = None
    try:
        # SIGTERM held back until the new folder is known: it is removed however soon the
        # signal comes
        with deferred():
            try:
                prefix = f".{target.name}."
                folder = tempfile.mkdtemp(prefix=prefix, suffix=".new", dir=target.parent)
            except OSError as e:
                raise OutputError(f"{target}: cannot write ({e.strerror})") from None
            work = Path(folder)
        site = build(
            kg,
            work,
            project,
            base_url,
            progress,
            earlier,
            release=release,
            state=state,
            answers=answers,
        )
        if site.in_place:
            progress.phase("putting the changed files in place")
            in_place.apply(work, target, list(site.removed))
        else:
            work.chmod(0o755)
            progress.phase("swapping the new site in")
            swap_in(work, target)
        progress.finish()
    except OSError as e:
        raise OutputError(f"{target}: cannot write ({e.strerror or e})") from None
    finally:
        with contextlib.suppress(OSError):
            if work is not None and work.exists():
                shutil.rmtree(work)
    return site
