"""Releases: ``coekg publish --release VERSION``, editions of the site that stay published.

A release publishes the site as usual and adds the edition's own folder, ``releases/V/``:
its dumps (the same files as ``downloads/``), its ontology (``def.ttl``, stamped with
``owl:versionIRI`` and ``owl:versionInfo``, :mod:`coekg.publish.version_stamp`), its DCAT-AP
description (``catalog.ttl``, :mod:`coekg.publish.release_catalog`), what changed since the
previous edition (``changes.json``, and in words on its page ``index.html``,
:mod:`coekg.publish.changelog`) and ``SHA256SUMS`` over all of them
(:mod:`coekg.publish.release_folder`). The site's catalogue links the dataset to every
edition, and ``releases/index.html`` lists them.

What a release decides, in order (:func:`prepare`):

* **Version**: letters, digits and ``. + _ -``, starting with a letter or digit, at most
  :data:`VERSION_LIMIT` characters (it names a folder and is part of IRIs). Versions are
  names, not numbers: the order of editions is the order they were published in.
* **The project file** describes the edition (its ``version``, ``version-notes``,
  ``issued`` and ``modified``): when it names a version, it must be this one (a usage
  error otherwise), so that a release never carries the notes and dates of another.
* **Earlier editions** are those in ``DIR/releases/`` of the site being replaced. Each
  folder is checked against its ``SHA256SUMS`` (a damaged one stops the release, naming
  the file) and carried into the new site unchanged; they must form one line, each naming
  the one before it (``dcat:previousVersion``).
* **A new version** becomes the latest edition; the previous edition is the latest one in
  the folder, and its data is its N-Quads dump there (``releases/P/coekg.nq.gz``), compared
  with the new data as ``coekg diff`` compares editions. Its release date may not be
  earlier than the previous edition's.
* **The latest version again** with the same statements (ontology, data and query
  catalogue, graph by graph) rebuilds the site and keeps the edition's folder as it was;
  with other statements it is refused, as is an earlier edition's version: a published
  edition never changes.

Dates come from the project file (the new edition's) or from the editions' own
descriptions (the earlier ones'), never from the clock: the same release gives the same
bytes. Without ``--release``, publishing stays unversioned, and a folder that holds
editions is refused (publishing there without a release would drop them).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.errors import InputError, ReleaseConflict, UsageError
from coekg.project import VERSION, shown
from coekg.publish import changelog, rdfdoc, release_catalog
from coekg.publish import downloads as site_downloads
from coekg.publish.release_folder import FOLDER, carry, link, seal, verify, versions_in
from coekg.publish.version_stamp import stamped
from coekg.rdf import export
from coekg.rdf.dataset import KnowledgeGraph, read_bytes

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.diff.changes import EditionDiff, Status
    from coekg.project import Project
    from coekg.publish.graphview import GraphView
    from coekg.publish.metadata import DatasetInfo

#: the longest version, in characters
VERSION_LIMIT = 64
#: the dump an edition's data is read back from: N-Quads keeps every graph
NQUADS = f"coekg{export.FORMATS['nq'][1]}.gz"
CHANGES = "changes.json"
STATUSES: tuple[Status, ...] = ("added", "changed", "removed")


def check_version(version: str) -> str:
    """``version`` if it may name an edition; :class:`ValueError` saying why not."""
    if not VERSION.match(version) or len(version) > VERSION_LIMIT:
        raise ValueError(
            f"{version!r} is not a version: letters, digits and . + _ - only, starting with "
            f"a letter or digit, at most {VERSION_LIMIT} characters (such as 1.0.0 or 2026-12)"
        )
    return version


@dataclass(frozen=True)
class Edition:
    """An edition published before, as its folder describes it (checked)."""

    record: release_catalog.EditionRecord
    #: resources added, changed and removed since the previous edition (None: the first)
    counts: Mapping[str, int] | None

    @property
    def version(self) -> str:
        return self.record.version


@dataclass(frozen=True)
class ReleaseSummary:
    """What a release did, for the command's last line."""

    version: str
    folder: Path
    previous: str | None
    #: resources added, changed and removed since the previous edition (None: the first)
    counts: Mapping[str, int] | None
    #: earlier editions carried over, oldest first
    kept: tuple[str, ...]
    #: False when the version was published before with the same statements
    new: bool


class Release:
    """One release being published: the hooks :mod:`coekg.publish.site` calls.

    Made by :func:`prepare`, which has checked everything that can be checked before the
    site is built.
    """

    def __init__(
        self, version: str, target: Path, editions: list[Edition], diff: EditionDiff | None
    ) -> None:
        self.version = version
        self.target = target
        #: the editions of the site being replaced, oldest first (with this one, if kept)
        self.editions = editions
        self.new = version not in [e.version for e in editions]
        self.diff = diff

    @property
    def previous(self) -> str | None:
        if not self.new:
            return self.editions[-1].record.previous
        return self.editions[-1].version if self.editions else None

    @property
    def versions(self) -> list[str]:
        """Every edition's version, oldest first."""
        return [e.version for e in self.editions] + ([self.version] if self.new else [])

    @property
    def summary(self) -> ReleaseSummary:
        counts = self.editions[-1].counts if not self.new else self._counts()
        kept = tuple(e.version for e in self.editions if e.version != self.version)
        folder = self.target / FOLDER / self.version
        return ReleaseSummary(self.version, folder, self.previous, counts, kept, self.new)

    def _counts(self) -> dict[str, int] | None:
        if self.diff is None:
            return None
        return {s: self.diff.count(s) for s in STATUSES}

    # --- the hooks of the site's build ------------------------------------------------------

    def site_info(self, info: DatasetInfo) -> DatasetInfo:
        """``info`` for the pages of a released site (the home page links the editions)."""
        return dataclasses.replace(info, release=self.version)

    def catalog_triples(
        self, info: DatasetInfo, downloads: list[site_downloads.Download]
    ) -> list[ox.Triple]:
        """What the site's catalogue says of the editions: each edition's description (the
        earlier ones' as published) and the dataset's links to them."""
        triples: list[ox.Triple] = []
        for e in self.editions:
            triples.extend(e.record.triples)
        if self.new:
            triples += release_catalog.edition_triples(info, self.version, self.previous, downloads)
        return triples + release_catalog.dataset_links(self.versions, self.version)

    def page_urls(self, info: DatasetInfo) -> list[str]:
        """The editions' pages, for the sitemap."""
        return [info.url(f"{FOLDER}/index.html")] + [
            info.url(f"{release_catalog.folder(v)}/index.html") for v in self.versions
        ]

    def write(self, folder: Path, view: GraphView, info: DatasetInfo) -> None:
        """Write ``releases/`` into the built site ``folder``: the earlier editions carried
        over, this edition's folder (unless kept from before), the list of editions."""
        releases = folder / FOLDER
        for e in self.editions:
            carry(self.target / FOLDER / e.version, releases / e.version)
        summaries = [_summary(e, info) for e in self.editions]
        if self.new:
            summaries.append(self._write_edition(folder, view, info))
        page = changelog.editions_page(info, summaries)
        (releases / "index.html").write_bytes(page)

    def _write_edition(
        self, folder: Path, view: GraphView, info: DatasetInfo
    ) -> changelog.EditionSummary:
        dest = folder / release_catalog.folder(self.version)
        dest.mkdir(parents=True)
        downloads = read_downloads(folder)
        for d in downloads:
            link(folder / d.path, dest / d.name)
        link(folder / "def.ttl", dest / "def.ttl")
        triples = release_catalog.edition_triples(info, self.version, self.previous, downloads)
        (dest / release_catalog.DOCUMENT).write_bytes(rdfdoc.turtle(triples))
        if self.diff is not None:
            from coekg.diff import as_json

            (dest / CHANGES).write_text(as_json.render(self.diff), encoding="utf-8")
        i = info.identity
        summary = changelog.EditionSummary(
            self.version, i.issued, info.version_notes, self._counts(), self.previous
        )
        page = changelog.edition_page(
            view,
            info,
            summary,
            i.modified,
            downloads,
            self.diff,
            release_catalog.ontology_version_iri(self.version),
        )
        (dest / "index.html").write_bytes(page)
        seal(dest)
        return summary


def read_downloads(site: Path) -> list[site_downloads.Download]:
    """The dumps that the build wrote into ``site/downloads/``, described again from the
    files and their ``SHA256SUMS`` (the edition's folder keeps the same files)."""
    folder = site / site_downloads.FOLDER
    sums: dict[str, str] = {}
    for line in (folder / site_downloads.CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        sums[name] = digest
    found = []
    for fmt, (media_type, suffix, keeps_graphs) in export.FORMATS.items():
        name = f"coekg{suffix}.gz"
        found.append(
            site_downloads.Download(
                fmt=fmt,
                path=f"{site_downloads.FOLDER}/{name}",
                media_type=media_type,
                size=(folder / name).stat().st_size,
                sha256=sums[name],
                keeps_graphs=keeps_graphs,
            )
        )
    return sorted(found, key=lambda d: d.name)


def _summary(e: Edition, info: DatasetInfo) -> changelog.EditionSummary:
    notes = info.text(e.record.notes) if e.record.notes else None
    return changelog.EditionSummary(e.version, e.record.issued, notes, e.counts, e.record.previous)


# --- before the build -----------------------------------------------------------------------


def refuse_unreleased(target: Path) -> None:
    """Refuse to publish without a release into a folder that holds editions (it would drop
    them): :class:`UsageError`."""
    versions = versions_in(Path(os.path.abspath(target)))
    if versions:
        raise UsageError(
            f"{target}: holds released editions ({', '.join(versions)}), which publishing "
            "without --release would drop; publish with --release VERSION, or into another "
            "folder"
        )


def prepare(
    kg: KnowledgeGraph, target: Path, project: Project, version: str
) -> tuple[KnowledgeGraph, Project, Release]:
    """Check that ``version`` can be released into ``target``; give the data to publish (its
    ontology stamped with the release), the project with the edition's version, and the
    :class:`Release` whose hooks the build calls."""
    version = check_version(version)
    declared = project.identity.version
    if declared is not None and declared != version:
        raise UsageError(
            f"release {version}: the project file {project.file} says version {declared!r}; "
            f'set version = "{version}" in its [dataset] table, with this edition\'s '
            "version-notes, issued and modified dates, then publish again"
        )
    target = Path(os.path.abspath(target))
    editions = read_editions(target)
    data = stamped(kg, release_catalog.ontology_version_iri(version), version)
    versions = [e.version for e in editions]
    diff = None
    if version in versions:
        if version != versions[-1]:
            raise ReleaseConflict(
                f"{shown(target)}: {version} is an earlier edition (the latest is "
                f"{versions[-1]}); a new edition needs a new version"
            )
        _check_same(target / FOLDER / version, version, data)
    elif editions:
        previous = editions[-1].record
        issued = project.identity.issued
        if issued and previous.issued and issued < previous.issued:
            raise ReleaseConflict(
                f"release {version}: its date {issued} (issued, in {project.file}) is before "
                f"that of the previous edition {previous.version} ({previous.issued})"
            )
        diff = changes_since(target / FOLDER / previous.version, data, version)
    identity = dataclasses.replace(project.identity, version=version)
    released = dataclasses.replace(project, identity=identity)
    return data, released, Release(version, target, editions, diff)


def read_editions(site: Path) -> list[Edition]:
    """The editions in ``site/releases/``, oldest first, each folder checked against its
    ``SHA256SUMS``; :class:`InputError` naming what is wrong."""
    records: dict[str, Edition] = {}
    for version in versions_in(site):
        folder = site / FOLDER / version
        if not VERSION.match(version):
            raise InputError(f"{shown(folder)}: not the folder of an edition (not a version)")
        verify(folder)
        record = release_catalog.read(folder / release_catalog.DOCUMENT, version)
        counts = _read_counts(folder / CHANGES) if record.previous is not None else None
        records[version] = Edition(record, counts)
    if not records:
        return []
    for e in records.values():
        if e.record.previous is not None and e.record.previous not in records:
            raise InputError(
                f"{shown(site / FOLDER / e.version / release_catalog.DOCUMENT)}: its previous "
                f"edition {e.record.previous} is not in {shown(site / FOLDER)}"
            )
    named = {e.record.previous for e in records.values()}
    heads = [v for v in records if v not in named]
    line: list[Edition] = []
    if len(heads) == 1:
        at: str | None = heads[0]
        while at is not None and len(line) <= len(records):
            line.append(records[at])
            at = records[at].record.previous
    if len(line) != len(records):
        raise InputError(
            f"{shown(site / FOLDER)}: the editions {', '.join(sorted(records))} do not form "
            "one line (each edition names the one before it)"
        )
    return line[::-1]


def _read_counts(path: Path) -> dict[str, int]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))["resources"]
        return {s: int(found[s]) for s in STATUSES}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"{shown(path)}: not the changes of an edition ({e})") from None


def _check_same(folder: Path, version: str, data: KnowledgeGraph) -> None:
    """Refuse to release ``version`` again with statements other than its dump's."""
    published = set(read_bytes(folder / NQUADS).splitlines())
    out = io.BytesIO()
    export.export(data, "nq", out)
    now = set(out.getvalue().splitlines())
    if now != published:
        raise ReleaseConflict(
            f"{shown(folder)}: edition {version} is published already with other statements "
            f"({len(now - published)} added, {len(published - now)} removed); a published "
            "edition never changes: release this data under a new version"
        )


def changes_since(previous: Path, data: KnowledgeGraph, version: str) -> EditionDiff:
    """What changed from the edition in the folder ``previous`` (its N-Quads dump, read as
    data) to ``data``'s data (its ontology and query catalogue aside)."""
    from coekg.diff import edition
    from coekg.diff.changes import compare

    old = edition.read([previous / NQUADS], previous.name)
    parts = [p for p in data.parts if p.source.role == "data"]
    return compare(old, edition.of_graph(KnowledgeGraph(parts), version))
