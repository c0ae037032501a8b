"""Whether the site in a folder is already what a publish would write there.

A portal that publishes every night mostly publishes what it published the night before.
The site's publish state (:mod:`coekg.publish.manifest`) holds a digest of everything its
site-wide files show (:func:`site_files_digest`: the data's files as read, the ontology, the
project's identity, the address and the renderer), and every resource's files are made
from the same inputs. When that digest is the same, the folder holds exactly the files an
incremental publish would leave there, the same bytes (it would link them all), as long as
no resource's file is missing or stray: then :func:`current_site` says so, after reading
the data once and listing the resources' folders, and the publish writes nothing, not even
a new folder to swap in. Any doubt (no state, another renderer, blank nodes in the data,
another address, a resource's file deleted or added by hand) gives ``None``: the publish
goes on as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.publish import manifest
from coekg.publish.graphview import RESOURCES_FOLDER, ontology_digest, sorted_triples
from coekg.publish.release_folder import FOLDER as RELEASES_FOLDER
from coekg.publish.resource_files import renderer_version
from coekg.publish.statements import ontology_triples
from coekg.publish.workers import SUFFIXES

if TYPE_CHECKING:
    from coekg.project import Identity
    from coekg.rdf.dataset import KnowledgeGraph


@dataclasses.dataclass(frozen=True)
class SiteState:
    """What a publish knows of the earlier site before it writes anything."""

    #: the earlier site's publish state, if it has one that this renderer reads
    earlier: manifest.Manifest | None
    #: :func:`site_files_digest` of this publish; empty when unknown (the site-wide files
    #: are then written again)
    site_files: str

    @property
    def shows_the_same(self) -> bool:
        """Whether the earlier site's site-wide files show what this publish's would."""
        return bool(self.earlier and self.site_files and self.earlier.site_files == self.site_files)


@dataclasses.dataclass(frozen=True)
class CurrentSite:
    """A site found up to date: how many resources and files it has."""

    resources: int
    files: int


def site_state(
    kg: KnowledgeGraph, site: Path | None, base_url: str, identity: Identity, release: bool
) -> SiteState:
    """The state of the earlier site in ``site`` (``None``: none), and the digest of the
    site-wide files of publishing ``kg`` for ``base_url`` with the project's ``identity``
    (none for a ``release``, whose site-wide files describe its editions)."""
    earlier = manifest.read(site) if site is not None else None
    if earlier is not None and earlier.renderer != renderer_version():
        earlier = None
    if release:
        return SiteState(earlier, "")
    ontology = ontology_digest(sorted_triples(ontology_triples(kg)))
    return SiteState(earlier, site_files_digest(kg, base_url, identity, ontology))


def site_files_digest(
    kg: KnowledgeGraph, base_url: str, identity: Identity, ontology: bytes
) -> str:
    """What the site-wide files show, summed up: the dataset as read (every file, in its
    graph), the project's ``identity``, the ``base_url``, the renderer and the ``ontology``
    (:func:`coekg.publish.graphview.ontology_digest`). Empty when the data has blank nodes,
    whose labels change at every reading (the files are then written again)."""
    h = hashlib.sha256()  # the processor's own instructions: twice BLAKE2b's speed
    h.update(renderer_version().encode() + b"\0" + base_url.encode() + b"\0")
    fields = dataclasses.asdict(identity)
    h.update(json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False).encode())
    h.update(ontology)
    for part in kg.parts:
        if part.source.role == "ontology":
            continue
        text = part.text
        if b"_:" in text:
            return ""
        graph = part.graph.value if part.graph is not None else ""
        h.update(f"\0{part.source.role}\0{graph}\0{len(text)}\0".encode())
        h.update(text)
    return h.hexdigest()[:32]


def current_site(site: Path, state: SiteState) -> CurrentSite | None:
    """The site in ``site`` if it is what the publish that found its ``state`` would leave
    there, byte for byte; else ``None``."""
    old = state.earlier
    if old is None or not state.shows_the_same:
        return None
    if not resources_folder_intact(site, old):
        return None
    site_wide = sum(1 for _path in site_wide_files(site))
    return CurrentSite(len(old.resources), len(SUFFIXES) * len(old.resources) + site_wide)


def site_wide_files(site: Path) -> Iterator[str]:
    """The paths, relative to ``site``, of its files outside the resources' folder and the
    editions' (``releases/``)."""
    for root, dirs, files in os.walk(site):
        relative = os.path.relpath(root, site)
        if relative == ".":
            dirs[:] = [d for d in dirs if d not in (RESOURCES_FOLDER, RELEASES_FOLDER)]
            yield from files
        else:
            yield from (f"{relative}/{name}" for name in files)


def resources_folder_intact(site: Path, state: manifest.Manifest) -> bool:
    """Whether the resources' folder of ``site`` holds the three files of each resource of
    its publish ``state`` and nothing else (none was deleted, moved or added by hand)."""
    return _has_exactly(site / RESOURCES_FOLDER, state.resources)


def _has_exactly(folder: Path, resources: dict[str, tuple[str, str]]) -> bool:
    """Whether ``folder`` holds the three files of each of the ``resources`` (their paths
    start with it) and nothing else."""
    expected: dict[str, set[str]] = defaultdict(set)
    prefix = RESOURCES_FOLDER + "/"
    for path in resources:
        if not path.startswith(prefix):
            return False
        parent, _, name = path[len(prefix) :].rpartition("/")
        expected[parent].update(name + suffix for suffix in SUFFIXES)
    top = os.fspath(folder)
    for root, dirs, files in os.walk(top):
        relative = os.path.relpath(root, top)
        relative = "" if relative == "." else relative
        names = expected.pop(relative, set())
        if set(files) != names:
            return False
        # a folder of no resource's files is stray unless it leads to one that has some
        if not names and not dirs and relative:
            return False
    return not expected
