"""Putting a small change into the published site file by file, instead of swapping in a
whole new site.

Swapping (:mod:`coekg.publish.swap`) replaces the site in one step, but the new folder must
first hold every file: at a million statements, 320,000 hard links made and as many entries
removed with the old folder, six seconds of a core, though a steward's fix changes a few
dozen files. So when at most :data:`MOST_RESOURCES` resources may have changed (those the
changed statements reach, :mod:`coekg.publish.settled`), the publish writes only the
changed files, into a new folder beside the site as always, and :func:`apply` then moves
them into the site, each with one ``rename`` (a reader gets the old file or the new one,
never part of one):

1. the site's publish state (``.coekg-publish.gz``) goes first: a site left half-changed
   (the machine stopped in the middle) has none, and the next publish writes it whole;
2. the resources' files, then the dumps and ``SHA256SUMS``, then the other site-wide files,
   then those that describe the dumps (home page, catalogue, VoID), so that a page never
   links a dump or a resource before it is there;
3. the files of the resources that are gone, and site-wide files that the publish no longer
   makes, are removed (after the pages that linked them changed), with the folders they
   leave empty;
4. the new publish state last.

A site-wide file whose bytes did not change is left as it is. The moves take milliseconds,
SIGTERM is held back while they run, and an error among them (a folder that cannot be
written) puts every file back as it was before the error is reported: the old site stays
whole, as with a swap. Until the last move, a reader may get a page of the new site beside
one of the old.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from coekg.publish import catalog, manifest, void
from coekg.publish.downloads import FOLDER as DOWNLOADS
from coekg.publish.graphview import RESOURCES_FOLDER
from coekg.publish.up_to_date import site_wide_files
from coekg.publish.workers import SUFFIXES
from coekg.termination import deferred

#: the most resources whose files may change for the publish to go in place (their digests
#: are computed, and at most three files each moved in); above it, the site is swapped
MOST_RESOURCES = 1000
#: the site-wide files that describe the dumps: written after them, and moved in after them
SHOWS_DUMPS = frozenset({"index.html", catalog.PATH, void.PATH})
_BACKUP = ".coekg-before"


def goes_in_place(to_look_at: int) -> bool:
    """Whether a publish whose ``to_look_at`` resources may have changed goes in place."""
    return to_look_at <= MOST_RESOURCES


def staged_files(staging: Path) -> list[str]:
    """The files of ``staging`` (relative paths), in the order they are moved in (see the
    module's documentation), the publish state last."""

    def order(relative: str) -> tuple[int, str]:
        if relative == manifest.PATH:
            return 4, relative
        if relative.startswith(RESOURCES_FOLDER + "/"):
            return 0, relative
        if relative.startswith(DOWNLOADS + "/"):
            return 1, relative
        return (3 if relative in SHOWS_DUMPS else 2), relative

    found = [
        os.path.relpath(os.path.join(root, name), staging)
        for root, _dirs, names in os.walk(staging)
        for name in names
    ]
    return sorted(found, key=order)


def stale_files(site: Path, staged: list[str], removed: list[str]) -> list[str]:
    """The files of ``site`` that the new site does not have: those of the ``removed``
    resources (paths ``id/{kind}/{slug}``), and site-wide files no longer made."""
    made = set(staged)
    gone = [path + suffix for path in sorted(removed) for suffix in SUFFIXES]
    gone += sorted(
        relative
        for relative in site_wide_files(site)
        if relative not in made and relative != manifest.PATH
    )
    return gone


@dataclass
class _Moves:
    """What :func:`apply` changed in the site so far, to put back on an error."""

    site: str
    backup: str
    #: (path, backup of the file it replaced or removed, or "" if it was new)
    done: list[tuple[str, str]] = field(default_factory=list)
    #: folders made for new files, and folders removed when left empty
    made_folders: list[str] = field(default_factory=list)
    removed_folders: list[str] = field(default_factory=list)

    def _keep_old(self, relative: str) -> str:
        """Keep the site's file ``relative`` (a hard link, else a copy) to put it back;
        "" if it has none."""
        old = os.path.join(self.site, relative)
        if not os.path.lexists(old):
            return ""
        kept = os.path.join(self.backup, str(len(self.done)))
        try:
            os.link(old, kept)
        except OSError:
            shutil.copy2(old, kept)
        return kept

    def put(self, source: str, relative: str) -> None:
        """Move the new file ``source`` to ``relative`` in the site."""
        target = os.path.join(self.site, relative)
        parent = os.path.dirname(target)
        if not os.path.isdir(parent):
            self._make_folder(parent)
        kept = self._keep_old(relative)
        os.replace(source, target)
        self.done.append((relative, kept))

    def remove(self, relative: str) -> None:
        """Remove the site's file ``relative``, and the folders it leaves empty."""
        kept = self._keep_old(relative)
        if not kept:
            return
        os.unlink(os.path.join(self.site, relative))
        self.done.append((relative, kept))
        folder = os.path.dirname(relative)
        while folder and folder != RESOURCES_FOLDER:
            try:
                os.rmdir(os.path.join(self.site, folder))
            except OSError:  # not empty
                break
            self.removed_folders.append(folder)
            folder = os.path.dirname(folder)

    def _make_folder(self, folder: str) -> None:
        missing = []
        while not os.path.isdir(folder):
            missing.append(folder)
            folder = os.path.dirname(folder)
        for made in reversed(missing):
            os.mkdir(made)
            self.made_folders.append(made)

    def put_back(self) -> None:
        """Undo every change, the last first."""
        for folder in self.removed_folders[::-1]:
            with contextlib.suppress(OSError):
                os.mkdir(os.path.join(self.site, folder))
        for relative, kept in self.done[::-1]:
            target = os.path.join(self.site, relative)
            with contextlib.suppress(OSError):
                if kept:
                    os.replace(kept, target)
                else:
                    os.unlink(target)
        for folder in self.made_folders[::-1]:
            with contextlib.suppress(OSError):
                os.rmdir(folder)


def apply(staging: Path, site: Path, removed: list[str]) -> None:
    """Move the files of ``staging`` (the changed files of the new site, its publish state
    among them) into ``site``, and remove the files of the ``removed`` resources and the
    site-wide files the new site does not have. On an error, ``site`` is left as it was,
    and the error raised."""
    staged = staged_files(staging)
    stale = stale_files(site, staged, removed)
    backup = staging / _BACKUP
    backup.mkdir()
    moves = _Moves(os.fspath(site), os.fspath(backup))
    with deferred():
        try:
            moves.remove(manifest.PATH)
            for relative in staged:
                source = os.path.join(staging, relative)
                if relative != manifest.PATH and _same_file(source, site / relative):
                    continue
                moves.put(source, relative)
            for relative in stale:
                moves.remove(relative)
        except BaseException:
            moves.put_back()
            raise


def _same_file(new: str, old: Path) -> bool:
    """Whether the site's file ``old`` has the bytes of the new file ``new``."""
    try:
        if os.path.getsize(new) != old.stat().st_size or old.is_symlink():
            return False
        with open(new, "rb") as a, old.open("rb") as b:
            while True:
                x, y = a.read(1 << 20), b.read(1 << 20)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False
