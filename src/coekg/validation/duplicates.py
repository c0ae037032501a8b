"""One resource, one file: a resource typed or labelled in two data files is one finding
naming both places.

A steward who reuses an existing IRI for a new resource (or describes the same resource
again in a new file) gets, besides whatever the shapes find in the merged description (two
labels, two start dates), a finding that says where the IRI is already described. SHACL
engines see one merged graph, without files, so this check is coekg's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coekg.validation.findings import Finding
from coekg.validation.wording import CHECKS, compact

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

DESCRIBED_TWICE = CHECKS + "DescribedTwice"
_DESCRIBING = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
}


def duplicate_findings(kg: KnowledgeGraph) -> list[Finding]:
    """A finding for each resource typed or labelled in more than one data file, filed
    under the last file read, naming the others in :attr:`Finding.also`."""
    import pyoxigraph as ox

    files_of: dict[str, list[str]] = {}
    for part in kg.parts:
        if part.source.role != "data":
            continue
        file = str(part.source.path)
        seen: set[str] = set()
        for q in kg.part_quads(part):
            if q.predicate.value in _DESCRIBING and isinstance(q.subject, ox.NamedNode):
                seen.add(q.subject.value)
        for subject in seen:
            files_of.setdefault(subject, []).append(file)
    out: list[Finding] = []
    for subject, files in sorted(files_of.items()):
        if len(files) < 2:
            continue
        *earlier, last = files
        out.append(
            Finding(
                focus=subject,
                severity="Violation",
                message=(
                    f"{compact(subject)} is described in {len(files)} files (typed or "
                    f"labelled in each): describe a resource in one file, or give a new "
                    f"resource an IRI of its own"
                ),
                component=DESCRIBED_TWICE,
                file=last,
                also=tuple(earlier),
            )
        )
    return out
