"""The DCAT-AP description of the editions: each a ``dcat:Dataset``, a version of the dataset.

Editions are versions of one dataset, as DCAT 3 models versions (DCAT-AP 3.0.1 takes
``dcat:hasVersion``, ``dcat:version`` and ``adms:versionNotes`` from it). The dataset
``https://w3id.org/coekg/dataset`` is the resource that has versions; the edition of version
V is ``https://w3id.org/coekg/releases/V/catalog.ttl#dataset``, described in that document
(:func:`edition_triples`):

* everything the catalogue says of the dataset (titles, with the version; description,
  publisher, contact point, licence, themes, keywords, dates, version notes), as the project
  file said it when the edition was released, and one distribution per dump under
  ``releases/V/`` with its size and checksum (:func:`coekg.publish.catalog.dataset_triples`);
* ``dcterms:isVersionOf`` the dataset, ``dcat:previousVersion`` the edition before it.

The site's catalogue holds every edition's document as it was published, and links the
dataset to them (:func:`dataset_links`): ``dcat:hasVersion`` each edition and
``dcat:hasCurrentVersion`` the latest. :func:`read` takes an edition back from its document.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.errors import InputError
from coekg.project import shown
from coekg.publish import catalog
from coekg.publish.release_folder import FOLDER

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    import pyoxigraph as ox

    from coekg.publish.downloads import Download
    from coekg.publish.metadata import DatasetInfo

DCAT = catalog.DCAT
DCTERMS = "http://purl.org/dc/terms/"
ADMS = catalog.ADMS
#: the document of an edition in its folder, and the edition's node in it
DOCUMENT = "catalog.ttl"
NODE = "#dataset"


def folder(version: str) -> str:
    """``releases/V``: the edition's folder, relative to the site root."""
    return f"{FOLDER}/{version}"


def edition_iri(version: str) -> str:
    """The edition's persistent IRI (under ``https://w3id.org/coekg/``, as the dataset's)."""
    return f"{namespaces.BASE}{folder(version)}/{DOCUMENT}{NODE}"


def ontology_version_iri(version: str) -> str:
    """The ``owl:versionIRI`` of the edition's ontology: where its ``def.ttl`` is kept."""
    return f"{namespaces.BASE}{folder(version)}/def.ttl"


def edition_info(info: DatasetInfo, version: str) -> DatasetInfo:
    """``info`` with the edition's titles: the dataset's, with the version."""

    def titled(lang: str, title: str) -> str:
        return (
            f"{title}, version {version}" if lang.split("-")[0] == "en" else f"{title}, {version}"
        )

    titles = {lang: titled(lang, title) for lang, title in info.identity.title.items()}
    return dataclasses.replace(info, identity=dataclasses.replace(info.identity, title=titles))


def edition_triples(
    info: DatasetInfo, version: str, previous: str | None, downloads: Sequence[Download]
) -> list[ox.Triple]:
    """The document ``releases/V/catalog.ttl``: the edition, its dumps (``downloads``, as the
    site's ``downloads/`` has them, kept under ``releases/V/``), its previous edition."""
    import pyoxigraph as ox

    kept = [dataclasses.replace(d, path=f"{folder(version)}/{d.name}") for d in downloads]
    edition = edition_iri(version)
    triples = catalog.dataset_triples(
        edition_info(info, version),
        kept,
        edition,
        info.url(f"{folder(version)}/{DOCUMENT}"),
        info.url(f"{folder(version)}/index.html"),
    )
    node = ox.NamedNode(edition)
    triples.append(
        ox.Triple(node, ox.NamedNode(DCTERMS + "isVersionOf"), ox.NamedNode(namespaces.DATASET))
    )
    if previous is not None:
        triples.append(
            ox.Triple(
                node, ox.NamedNode(DCAT + "previousVersion"), ox.NamedNode(edition_iri(previous))
            )
        )
    return triples


def dataset_links(versions: Sequence[str], current: str) -> list[ox.Triple]:
    """The dataset's links to its editions: ``dcat:hasVersion`` each of ``versions``,
    ``dcat:hasCurrentVersion`` the ``current`` one."""
    import pyoxigraph as ox

    dataset = ox.NamedNode(namespaces.DATASET)
    triples = [
        ox.Triple(dataset, ox.NamedNode(DCAT + "hasVersion"), ox.NamedNode(edition_iri(v)))
        for v in versions
    ]
    triples.append(
        ox.Triple(
            dataset, ox.NamedNode(DCAT + "hasCurrentVersion"), ox.NamedNode(edition_iri(current))
        )
    )
    return triples


@dataclass(frozen=True)
class EditionRecord:
    """An edition as its document describes it."""

    version: str
    previous: str | None
    issued: str | None
    modified: str | None
    notes: Mapping[str, str] = field(default_factory=dict)
    #: the statements of its document, as published
    triples: tuple[ox.Triple, ...] = ()


def read(document: Path, version: str) -> EditionRecord:
    """The edition of ``version`` from its document ``document``; :class:`InputError` when
    the document does not describe it."""
    import pyoxigraph as ox

    try:
        triples = tuple(q.triple for q in ox.parse(path=str(document), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as e:
        raise InputError(
            f"{shown(document)}: cannot read the edition's description ({e})"
        ) from None
    node = ox.NamedNode(edition_iri(version))
    values: dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]] = {}
    for t in triples:
        if t.subject == node:
            values.setdefault(t.predicate.value, []).append(t.object)

    def literal(predicate: str) -> str | None:
        found = [v.value for v in values.get(predicate, []) if isinstance(v, ox.Literal)]
        return found[0] if found else None

    if literal(DCAT + "version") != version:
        raise InputError(f"{shown(document)}: does not describe the edition {version} ({node})")
    previous = None
    for target in values.get(DCAT + "previousVersion", []):
        prefix, suffix = namespaces.BASE + FOLDER + "/", f"/{DOCUMENT}{NODE}"
        if not (isinstance(target, ox.NamedNode) and target.value.startswith(prefix)):
            raise InputError(
                f"{shown(document)}: the previous edition {target} is not one of this site"
            )
        previous = target.value[len(prefix) :].removesuffix(suffix)
    notes = {
        v.language or "en": v.value
        for v in values.get(ADMS + "versionNotes", [])
        if isinstance(v, ox.Literal)
    }
    return EditionRecord(
        version=version,
        previous=previous,
        issued=literal(DCTERMS + "issued"),
        modified=literal(DCTERMS + "modified"),
        notes=notes,
        triples=triples,
    )
