"""Which resources' files a publish renders, and whether it changes the earlier site in
place.

A publish into a site published before looks again only at the resources that the changed
statements reach (:func:`coekg.publish.settled.settled_resources`); the others keep their
files. When those are few (:func:`coekg.publish.in_place.goes_in_place`) and the site's
resources' folder holds exactly the files its publish state names, the new folder gets only
the changed files, to be moved into the site; otherwise every resource's files are there
(the unchanged ones as hard links) and the new folder is swapped in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg.publish import in_place
from coekg.publish.settled import settled_resources
from coekg.publish.up_to_date import resources_folder_intact
from coekg.publish.workers import Earlier, Job

if TYPE_CHECKING:
    from pathlib import Path

    from coekg.publish import manifest
    from coekg.publish.graphview import GraphView
    from coekg.publish.resource_files import ResourceRenderer
    from coekg.rdf.dataset import KnowledgeGraph


@dataclass(frozen=True)
class Plan:
    """Which resources' files a publish renders (or looks at), and how."""

    job: Job
    to_render: list[tuple[str, str]]  # IRI, path
    #: the resources known to be unchanged (:func:`settled_resources`)
    settled: frozenset[str]
    #: the paths of the earlier site's resources that are gone (when changed in place)
    removed: tuple[str, ...]


def plan(
    kg: KnowledgeGraph,
    view: GraphView,
    renderer: ResourceRenderer,
    folder: Path,
    earlier: Path | None,
    old: manifest.Manifest | None,
    changed: list[bytes] | None,
    in_place_if_small: bool,
) -> Plan:
    """The resources to render into ``folder``, given the ``earlier`` site and its state
    ``old``, and the statements ``changed`` since; in place of the earlier site
    (:mod:`coekg.publish.in_place`) if ``in_place_if_small`` and few may have changed,
    and none of its resources' files was deleted or added by hand."""
    resources = sorted(view.resources.items())
    if not earlier or not old:
        job = Job(renderer, folder, None)
        return Plan(job, _with_folders(folder, resources), frozenset(), ())
    settled = settled_resources(kg, view, old, renderer.site_digest.hex(), changed)
    goes_in_place = (
        in_place_if_small
        and in_place.goes_in_place(len(resources) - len(settled))
        and resources_folder_intact(earlier, old)
    )
    job = Job(renderer, folder, Earlier(earlier, old.context, old.resources, settled))
    if not goes_in_place:
        return Plan(job, _with_folders(folder, resources), settled, ())
    # the settled resources' files stay in the earlier site, as its state says
    job = dataclasses.replace(job, in_place=True)
    removed = tuple(sorted(set(old.resources) - {path for _iri, path in resources}))
    to_render = [(iri, path) for iri, path in resources if path not in settled]
    return Plan(job, _with_folders(folder, to_render), settled, removed)


def _with_folders(folder: Path, resources: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``resources`` (IRI, path), once the folders of their files are made in ``folder``."""
    for kind_folder in sorted({path.rsplit("/", 1)[0] for _iri, path in resources}):
        (folder / kind_folder).mkdir(parents=True, exist_ok=True)
    return resources
