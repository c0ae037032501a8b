"""Full dumps of the dataset in every export format, gzip-compressed, with SHA-256 sums.

The dumps are the bytes of ``coekg export``; the statements are sorted twice, not six
times: once as N-Triples (for N-Triples, Turtle and RDF/XML) and once as N-Quads (for
N-Quads, TriG and JSON-LD), see :mod:`coekg.rdf.lines_export`.

Each dump is compressed in pieces of a few hundred subjects (:mod:`coekg.rdf.export_pieces`,
:mod:`coekg.publish.gzip_pieces`), so that a publish into a site written before copies the
compressed bytes of every piece whose statements did not change, from the earlier dump,
instead of writing and compressing it again (one label changed at a million statements:
one piece in each dump). Compression is deterministic (no file name and a zero modification
time in the gzip header; a piece's bytes depend on its text alone), so publishing twice, or
into an earlier site, gives byte-identical files. It is at zlib's level 6 (:data:`LEVEL`):
level 9 made the dumps of the synthetic graphs about 11 % smaller for three times the
compression time, a tenth of a large publish's CPU.
"""

from __future__ import annotations

import contextlib
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.progress import SILENT, Progress
from coekg.publish import gzip_pieces
from coekg.rdf import export, export_pieces, lines_export
from coekg.rdf.dataset import gc_paused

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

FOLDER = "downloads"
CHECKSUMS = "SHA256SUMS"
#: the dumps' gzip compression level
LEVEL = 6
#: the dump written first, whose pieces not copied tell which statements changed
CHANGES_FORMAT = "nq"

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
    #: where its compressed pieces are (for the next publish into the same site)
    pieces: tuple[gzip_pieces.PieceRecord, ...] = field(default=(), compare=False, repr=False)
    #: pieces copied from the earlier site's dump
    reused: int = field(default=0, compare=False)

    @property
    def title(self) -> str:
        return FORMAT_NAMES[self.fmt][0]

    @property
    def file_type(self) -> str:
        return FORMAT_NAMES[self.fmt][1]

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def write_downloads(
    kg: KnowledgeGraph,
    site: Path,
    progress: Progress = SILENT,
    earlier: dict[str, gzip_pieces.EarlierFile] | None = None,
    on_nquads: Callable[[Download, list[bytes]], None] | None = None,
) -> list[Download]:
    """Write ``downloads/coekg.{suffix}.gz`` for every format and ``SHA256SUMS``, copying
    the compressed pieces that ``earlier`` (the dumps of a site written before, by file
    name) has. ``on_nquads`` is given the N-Quads dump as soon as it is written, with the
    texts of its pieces not copied (to tell which statements changed:
    :func:`coekg.publish.settled.changed_in_pieces`)."""
    folder = site / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    downloads: list[Download] = []
    progress.phase("writing dumps", len(export.FORMATS))
    earlier = earlier or {}
    with gc_paused():
        # the statements graph by graph, sorted; merged for the formats without graphs
        graphs = lines_export.graph_lines(kg)
        sources = {False: export_pieces.triple_runs_of, True: export_pieces.quad_runs_of}
        for keeps in (True, False):  # N-Quads first: ``on_nquads`` is called at once
            runs = sources[keeps](graphs)
            for fmt in sorted(export.FORMATS, key=lambda f: (f != CHANGES_FORMAT, f)):
                if export.FORMATS[fmt][2] != keeps:
                    continue
                made: list[bytes] | None = None
                if fmt == CHANGES_FORMAT and on_nquads is not None:
                    made = []
                download = _dump(runs, fmt, folder, earlier, made)
                if made is not None and on_nquads is not None:
                    on_nquads(download, made)
                downloads.append(download)
                progress.advance()
            del runs
        del graphs
    downloads.sort(key=lambda d: d.name)
    sums = "".join(f"{d.sha256}  {d.name}\n" for d in downloads)
    (folder / CHECKSUMS).write_text(sums, encoding="utf-8")
    return downloads


#: what the compressed bytes depend on besides the text
_COMPRESSION = f"deflate {LEVEL} zlib {zlib.ZLIB_RUNTIME_VERSION}\n".encode()


def _dump(
    runs: list[export_pieces.Run],
    fmt: str,
    folder: Path,
    earlier: dict[str, gzip_pieces.EarlierFile],
    made: list[bytes] | None = None,
) -> Download:
    """Write the dump in ``fmt`` of the statements of ``runs``, compressed piece by piece,
    with the pieces of the earlier dump of the same name where their keys match; the texts
    of the pieces not copied are added to ``made``."""
    media_type, suffix, keeps_graphs = export.FORMATS[fmt]
    name = f"coekg{suffix}.gz"
    path = folder / name

    def noted(make: Callable[[], bytes]) -> Callable[[], bytes]:
        if made is None:
            return make

        def making() -> bytes:
            text = make()
            made.append(text)
            return text

        return making

    def keyed(pieces: list[export_pieces.Piece]) -> list[gzip_pieces.Piece]:
        return [
            (hashlib.blake2b(_COMPRESSION + k, digest_size=16).digest(), noted(m))
            for k, m in pieces
        ]

    try:
        written = gzip_pieces.write(
            path, keyed(export_pieces.pieces(runs, fmt)), LEVEL, earlier.get(name)
        )
    except export_pieces.Unsplittable:  # one piece, then
        if made is not None:
            made.clear()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        everything = hashlib.blake2b(b"whole " + fmt.encode(), digest_size=16)
        for run in runs:
            everything.update(run.digest)
        whole = [(everything.digest(), lambda: export_pieces.whole(runs, fmt))]
        written = gzip_pieces.write(path, keyed(whole), LEVEL, earlier.get(name))
    return Download(
        fmt=fmt,
        path=f"{FOLDER}/{name}",
        media_type=media_type,
        size=written.size,
        sha256=written.sha256,
        keeps_graphs=keeps_graphs,
        pieces=written.pieces,
        reused=written.reused,
    )
