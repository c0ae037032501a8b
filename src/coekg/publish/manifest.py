"""``.coekg-publish.gz``: what a published site was made from, so the next publish into the
same folder rewrites only what changed.

The file is part of the site, written by every publish (full or incremental, the same
bytes): a header naming the renderer and digests of the site's whole (the dataset, the
project's identity, the address) and of what every page shows of it (titles, ontology,
renderer: :attr:`coekg.publish.resource_files.ResourceRenderer.site_digest`), then one
line per resource with the digests of what its files show
(:mod:`coekg.publish.resource_files`), then one line per compressed piece of each dump
(:mod:`coekg.publish.gzip_pieces`): the dump's name and SHA-256, the piece's key, where it
is in the file, its text's CRC-32 and size. Nothing in it is secret: digests of the published
data. Servers need not serve it (``coekg serve`` does not: its name starts with a
dot).
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from coekg.publish.gzip_pieces import EarlierFile, PieceRecord

PATH = ".coekg-publish.gz"
_FORMAT = "coekg publish state 3"
_HEADER = 7


@dataclass
class Manifest:
    """The digests of one published site."""

    renderer: str
    #: the context address the JSON-LD documents refer to
    context: str
    #: what the site-wide files (index, catalogue, dumps...) show, summed up; empty when
    #: unknown (data with blank nodes), so they are always written again
    site_files: str
    #: what every resource's page shows of the site, summed up (hexadecimal)
    site: str = ""
    #: resource path -> (description digest, page digest), hexadecimal
    resources: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: dump file name -> (its SHA-256, its compressed pieces)
    dumps: dict[str, tuple[str, tuple[PieceRecord, ...]]] = field(default_factory=dict)

    def earlier_dumps(self, site: Path, folder: str) -> dict[str, EarlierFile]:
        """The dumps of this manifest's site ``site``, in its ``folder``, by file name."""
        return {
            name: EarlierFile(site / folder / name, sha256, pieces)
            for name, (sha256, pieces) in self.dumps.items()
        }

    def to_bytes(self) -> bytes:
        lines = [
            _FORMAT,
            f"renderer\t{self.renderer}",
            f"context\t{self.context}",
            f"site-files\t{self.site_files}",
            f"site\t{self.site}",
            f"resources\t{len(self.resources)}",
            f"dump-pieces\t{sum(len(pieces) for _sha, pieces in self.dumps.values())}",
        ]
        lines += [f"{p}\t{d}\t{g}" for p, (d, g) in sorted(self.resources.items())]
        lines += [
            f"{name}\t{sha256}\t{piece.to_text()}"
            for name, (sha256, pieces) in sorted(self.dumps.items())
            for piece in pieces
        ]
        text = ("\n".join(lines) + "\n").encode()
        # mostly hexadecimal digests: level 6 made it 2 % smaller than level 1, in three
        # times the time (0.4 s at a million statements, at the end of every publish)
        return gzip.compress(text, compresslevel=1, mtime=0)


def read(site: Path) -> Manifest | None:
    """The manifest of the site in ``site``, or ``None`` if it has none that this version
    reads (then the whole site is written)."""
    try:
        text = gzip.decompress((site / PATH).read_bytes()).decode()
    except (OSError, EOFError, zlib.error, UnicodeDecodeError):
        return None
    lines = text.split("\n")
    if len(lines) < _HEADER + 1 or lines[0] != _FORMAT or lines[-1] != "":
        return None
    header = dict(line.split("\t", 1) for line in lines[1:_HEADER] if "\t" in line)
    try:
        count = int(header["resources"])
        pieces = int(header["dump-pieces"])
        manifest = Manifest(
            header["renderer"], header["context"], header["site-files"], header["site"]
        )
    except (KeyError, ValueError):
        return None
    rows = lines[_HEADER:-1]
    if len(rows) != count + pieces:
        return None
    for row in rows[:count]:
        fields = row.split("\t")
        if len(fields) != 3:
            return None
        manifest.resources[fields[0]] = (fields[1], fields[2])
    dumps: dict[str, tuple[str, list[PieceRecord]]] = {}
    for row in rows[count:]:
        name, sha256, piece = [*row.split("\t", 2), "", ""][:3]
        try:
            record = PieceRecord.from_text(piece)
        except ValueError:
            return None
        if dumps.setdefault(name, (sha256, []))[0] != sha256:
            return None
        dumps[name][1].append(record)
    manifest.dumps = {name: (sha, tuple(p)) for name, (sha, p) in dumps.items()}
    return manifest
