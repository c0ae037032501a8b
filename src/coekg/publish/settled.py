"""Which resources an incremental publish can keep without computing their digests.

Deciding whether a resource's files changed takes its two digests
(:mod:`coekg.publish.resource_files`): about a fifth of a millisecond each, twenty seconds
of CPU for a million statements, though a steward's fix changes a handful of statements.
So the statements themselves are compared first. The earlier site's N-Quads dump holds
every statement it was made from; the statements that were added or removed (``changed``)
name the resources whose digests can differ:

* a resource that is the subject or an object of a changed statement: its description,
  or the graphs it is described in, changed;
* a resource whose description names an IRI that is the subject of a changed statement
  (that IRI's label, or whether it has a page, may have changed): every resource on a line
  naming that IRI, in any place (subject, predicate, object, datatype). Where such a line
  is a blank node's, the resources that show it are not on the line (they are those the
  blank node hangs from), so every resource's digests are computed.

For large data the process writing the dumps tells the changed statements instead
(:func:`changed_in_pieces`): the earlier N-Quads dump's pieces that it copies hold the same
statements as the new dump's, so only the lines of the pieces it could not copy are compared.

The statements are compared as the dump writes them
(:func:`coekg.rdf.lines_export.statement_lines`: blank nodes labelled canonically); the
order of the files' lines plays no part (the graph's index sorts them, so even which of two
equally good labels a page shows depends on the statements alone). Everything a digest
reads is among these, as long as no changed statement names a blank node (a blank node's
description is part of another's, which the lines do not tell) and the site-wide part of
the digests (titles, ontology, renderer, context) is the same; otherwise, or for a change
of more than :data:`MOST_CHANGES` statements, every resource's digests are computed, as
before. Every other resource keeps its earlier digests and files.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.publish.downloads import FOLDER
from coekg.publish.gzip_pieces import EarlierFile, PieceRecord, piece_text
from coekg.publish.statements import token
from coekg.rdf.lines_export import statement_lines

if TYPE_CHECKING:
    from coekg.publish.graphview import GraphView
    from coekg.publish.manifest import Manifest
    from coekg.rdf.dataset import KnowledgeGraph

#: the earlier site's dump read for its statements
DUMP = f"{FOLDER}/coekg.nq.gz"
#: statements added and removed above which every resource's digests are computed
MOST_CHANGES = 20_000
#: IRIs whose statements changed above which every resource's digests are computed (each
#: is searched for in the data: about 30 ms at a million statements)
MOST_SUBJECTS = 64
#: pieces of the dumps made or not copied above which the changed lines are not looked for
#: (each holds a thousand subjects or so)
MOST_PIECES = 256
_IRI = re.compile(rb"<[^<>\s]*>")


def changed_statements(kg: KnowledgeGraph, earlier: Path) -> list[bytes] | None:
    """The statements (N-Quads lines) of ``kg`` or of the earlier site in ``earlier``, not
    of both (see :func:`changed_lines`); ``None`` where the comparison cannot tell. Needs no
    index of the graph: a publish compares before it indexes."""
    earlier_lines = dump_lines(earlier / DUMP)
    if earlier_lines is None:
        return None
    return changed_lines(kg, earlier_lines)


def settled_resources(
    kg: KnowledgeGraph,
    view: GraphView,
    old: Manifest,
    site_digest: str,
    changed: list[bytes] | None,
) -> frozenset[str]:
    """The paths of the resources of ``view`` whose digests and files are those of the
    earlier site (described by ``old``), known without computing them, given the
    statements ``changed`` since (:func:`changed_statements`); empty where the statements
    cannot tell. ``site_digest`` is what every page shows of the site (the context's
    address among it)."""
    if changed is None or old.site != site_digest:
        return frozenset()
    affected = affected_iris(kg, changed)
    if affected is None:
        return frozenset()
    return frozenset(
        path
        for iri, path in view.resources.items()
        if path in old.resources and token(iri) not in affected
    )


def dump_lines(path: Path) -> set[bytes] | None:
    """The lines of the gzipped dump ``path``, read a few megabytes at a time; ``None`` if it
    cannot be read."""
    found: set[bytes] = set()
    rest = b""
    try:
        with gzip.open(path, "rb") as dump:
            while piece := dump.read(1 << 23):
                lines = (rest + piece).split(b"\n")
                rest = lines.pop()
                found.update(lines)
    except (OSError, EOFError, zlib.error):
        return None
    if rest:
        found.add(rest)
    return found


def changed_lines(kg: KnowledgeGraph, earlier: set[bytes]) -> list[bytes] | None:
    """The N-Quads lines of ``kg`` not among the lines ``earlier``, and those of ``earlier``
    not in ``kg`` (a line of two files of ``kg`` may be among them too), taking the lines of
    ``kg`` out of ``earlier``; ``None`` if there are more than :data:`MOST_CHANGES` or one
    names a blank node or a triple term."""
    added: list[bytes] = []
    for lines in statement_lines(kg):
        added += [line for line in lines if line not in earlier]
        if len(added) > MOST_CHANGES:
            return None
        earlier.difference_update(lines)
    return _usable(added + list(earlier))


def changed_in_pieces(
    made: list[bytes], earlier: EarlierFile | None, pieces: tuple[PieceRecord, ...]
) -> list[bytes] | None:
    """The lines (see :func:`changed_lines`) that the N-Quads dump whose ``pieces`` were
    just written holds and the ``earlier`` one does not, or the other way round; ``made``
    holds the texts of the pieces that were not copied from it. A piece copied holds the
    same lines in both, and a statement is in one piece only, so the changed lines are
    among those of the pieces made and of the earlier pieces not copied: at one label
    changed, one piece each. ``None`` where this cannot tell (no earlier dump, or changed
    by hand), or past the limits."""
    old = earlier.readable() if earlier is not None else None
    if earlier is None or old is None:
        return None
    data = old[0]
    copied = {p.key for p in pieces}
    gone = [p for p in earlier.pieces if p.key not in copied]
    if len(made) + len(gone) > MOST_PIECES:
        return None
    new_lines = {line for text in made for line in text.split(b"\n") if line}
    old_lines = {line for p in gone for line in piece_text(data, p).split(b"\n") if line}
    return _usable(sorted(new_lines - old_lines) + sorted(old_lines - new_lines))


def _usable(changed: list[bytes]) -> list[bytes] | None:
    """``changed``, or ``None`` if the lines are too many or one names a blank node or a
    triple term."""
    if len(changed) > MOST_CHANGES:
        return None
    if any(b"_:" in line or b"<<" in line for line in changed):
        return None  # "_:" in a literal too: rare, and computing the digests is never wrong
    return changed


def affected_iris(kg: KnowledgeGraph, changed: list[bytes]) -> set[bytes] | None:
    """The IRIs (``<iri>``) whose files may change with the ``changed`` lines (see the
    module's documentation); ``None`` if the subjects are more than :data:`MOST_SUBJECTS`."""
    subjects = {line.split(b" ", 1)[0] for line in changed}
    if len(subjects) > MOST_SUBJECTS:
        return None
    affected: set[bytes] = set()
    for line in changed:
        affected.update(_IRI.findall(line))
    # the ontology's statements are in no resource's description (a change to them changes
    # the site digest, which every page's digest holds)
    texts = [part.text for part in kg.parts if part.source.role != "ontology"]
    for subject in subjects:
        for text in texts:
            found = _iris_on_lines_naming(text, subject)
            if found is None:
                return None
            affected.update(found)
    return affected


def _iris_on_lines_naming(text: bytes, iri: bytes) -> set[bytes] | None:
    """Every IRI on the lines of ``text`` that hold ``iri`` (a superset: the IRI may be
    in a literal, too); ``None`` if the subject of such a line is a blank node (the pages
    that show it are those of the resources its statements hang from, which the line does
    not tell)."""
    found: set[bytes] = set()
    at = text.find(iri)
    while at >= 0:
        start = text.rfind(b"\n", 0, at) + 1
        if text[start : start + 2] == b"_:":
            return None
        end = text.find(b"\n", at)
        end = len(text) if end < 0 else end
        found.update(_IRI.findall(text, start, end))
        at = text.find(iri, end)
    return found
