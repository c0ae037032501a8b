"""Where the bundled ontology, data, shapes and queries live.

In a wheel they are packaged under ``coekg/_content/``; in a source checkout (editable
install, tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
#: a compressed file: ``coekg.ttl.gz`` is Turtle (the published downloads are compressed)
GZIP_SUFFIX = ".gz"


def content_root() -> Path:
    """The folder holding ``ontology/``, ``data/``, ``shapes/`` and ``queries/``."""
    packaged = Path(__file__).resolve().parent / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def ontology_dir() -> Path:
    return content_root() / "ontology"


def data_dir() -> Path:
    return content_root() / "data"


def shapes_dir() -> Path:
    return content_root() / "shapes"


def queries_dir() -> Path:
    return content_root() / "queries"


def rdf_suffix(path: Path) -> str:
    """The suffix that names the RDF format of ``path``, lower case: ``.ttl`` for
    ``coekg.ttl`` and for ``coekg.ttl.gz``; ``""`` when there is none."""
    name = path.name.lower().removesuffix(GZIP_SUFFIX)
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(GZIP_SUFFIX)


def rdf_files(folder: Path) -> list[Path]:
    """The RDF files directly in ``folder`` (compressed ones too), sorted by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and rdf_suffix(p) in RDF_SUFFIXES)
