"""``.coekg-publish.gz``: what a published site was made from, so the next publish into the
same folder rewrites only what changed.

The file is part of the site, written by every publish (full or incremental, the same
bytes): a header naming the renderer and digests of the site's whole (the dataset, the
project's identity, the address) and of what every page shows of it (titles, ontology,
renderer: :attr:`coekg.publish.resource_files.ResourceRenderer.site_digest`), then one
line per resource with the digests of what its files show
(:mod:`coekg.publish.resource_files`). Nothing in it is secret: digests of the published
data. Servers need not serve it (``coekg serve`` does not: its name starts with a
dot).
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from pathlib import Path

PATH = ".coekg-publish.gz"
_FORMAT = "coekg publish state 2"
_HEADER = 6


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

    def to_bytes(self) -> bytes:
        lines = [
            _FORMAT,
            f"renderer\t{self.renderer}",
            f"context\t{self.context}",
            f"site-files\t{self.site_files}",
            f"site\t{self.site}",
            f"resources\t{len(self.resources)}",
        ]
        lines += [f"{p}\t{d}\t{g}" for p, (d, g) in sorted(self.resources.items())]
        text = ("\n".join(lines) + "\n").encode()
        return gzip.compress(text, compresslevel=6, mtime=0)


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
        manifest = Manifest(
            header["renderer"], header["context"], header["site-files"], header["site"]
        )
    except (KeyError, ValueError):
        return None
    rows = lines[_HEADER:-1]
    if len(rows) != count:
        return None
    for row in rows:
        fields = row.split("\t")
        if len(fields) != 3:
            return None
        manifest.resources[fields[0]] = (fields[1], fields[2])
    return manifest
