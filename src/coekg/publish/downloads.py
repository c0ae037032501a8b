"""Full dumps of the dataset in every export format, gzip-compressed, with SHA-256 sums.

Compression is deterministic (no file name and a zero modification time in the gzip
header), so publishing twice gives byte-identical files. It is at zlib's level 6
(:data:`LEVEL`): level 9 made the dumps of the synthetic graphs about 11 % smaller for three
times the compression time, a tenth of a large publish's CPU. The dumps are the bytes of
``coekg export``; the statements are sorted twice, not six times: once as N-Triples (for
N-Triples, Turtle and RDF/XML) and once as N-Quads (for N-Quads, TriG and JSON-LD), see
:mod:`coekg.rdf.lines_export`.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from coekg.progress import SILENT, Progress
from coekg.rdf import export, lines_export

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

FOLDER = "downloads"
CHECKSUMS = "SHA256SUMS"
#: the dumps' gzip compression level
LEVEL = 6

#: export format -> (title, EU file-type code)
FORMAT_NAMES: dict[str, tuple[str, str]] = {
    "turtle": ("Turtle", "RDF_TURTLE"),
    "nt": ("N-Triples", "RDF_N_TRIPLES"),
    "nq": ("N-Quads", "RDF_N_QUADS"),
    "trig": ("TriG", "RDF_TRIG"),
    "jsonld": ("JSON-LD", "JSON_LD"),
    "xml": ("RDF/XML", "RDF_XML"),
}


@dataclass(frozen=True)
class Download:
    fmt: str  # a key of coekg.rdf.export.FORMATS
    path: str  # relative to the site root, such as downloads/coekg.ttl.gz
    media_type: str  # of the uncompressed content
    size: int  # bytes of the compressed file
    sha256: str
    keeps_graphs: bool

    @property
    def title(self) -> str:
        return FORMAT_NAMES[self.fmt][0]

    @property
    def file_type(self) -> str:
        return FORMAT_NAMES[self.fmt][1]

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def write_downloads(kg: KnowledgeGraph, site: Path, progress: Progress = SILENT) -> list[Download]:
    """Write ``downloads/coekg.{suffix}.gz`` for every format and ``SHA256SUMS``."""
    folder = site / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    downloads: list[Download] = []
    progress.phase("writing dumps", len(export.FORMATS))
    sources = {False: lines_export.ntriples, True: lines_export.nquads}
    for keeps in (False, True):
        text = sources[keeps](kg)
        for fmt in sorted(export.FORMATS):
            if export.FORMATS[fmt][2] != keeps:
                continue
            downloads.append(_dump(text, fmt, folder))
            progress.advance()
        del text
    downloads.sort(key=lambda d: d.name)
    sums = "".join(f"{d.sha256}  {d.name}\n" for d in downloads)
    (folder / CHECKSUMS).write_text(sums, encoding="utf-8")
    return downloads


class _Counted:
    """A file that sums up and counts the bytes written to it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()


class _Unflushed:
    """Writes to a gzip file, ignoring flushes: a flush ends a deflate block early, so the
    compressed bytes would depend on when the serialiser flushes."""

    def __init__(self, gz: gzip.GzipFile) -> None:
        self.gz = gz

    def write(self, data: bytes) -> int:
        return self.gz.write(data)

    def flush(self) -> None:
        return None


def _dump(text: bytes, fmt: str, folder: Path) -> Download:
    """Write the dump in ``fmt`` of the dataset exported as ``text`` (N-Triples or N-Quads),
    compressed as it is serialised (the same bytes as compressing it whole)."""
    media_type, suffix, keeps_graphs = export.FORMATS[fmt]
    name = f"coekg{suffix}.gz"
    with (folder / name).open("wb") as handle:
        counted = _Counted(handle)
        file = cast("IO[bytes]", counted)
        gz_file = gzip.GzipFile(filename="", mode="wb", fileobj=file, mtime=0, compresslevel=LEVEL)
        with gz_file as gz:
            lines_export.write_from(text, fmt, cast("IO[bytes]", _Unflushed(gz)))
    return Download(
        fmt=fmt,
        path=f"{FOLDER}/{name}",
        media_type=media_type,
        size=counted.size,
        sha256=counted.sha256.hexdigest(),
        keeps_graphs=keeps_graphs,
    )
