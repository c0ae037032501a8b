"""A gzip file made of compressed pieces that a later publish copies instead of compressing.

A dump of a million statements takes seconds to compress, and an edit changes a few of its
statements. So the text is compressed piece by piece: each piece by a compressor of its own,
ended by a sync flush (its deflate blocks end on a byte boundary and refer to nothing before
the piece). A piece's compressed bytes are then a function of its text alone, and a publish
whose piece has the same key (a digest of everything the text is made from, given by the
caller) copies them from the earlier file, at the offset that file's record gives.

The pieces follow one another in the one deflate stream of one gzip member, ended by an
empty last block: any gzip reader reads the file (several members, one per piece, would be
simpler, but some readers stop after the first). The trailer's CRC-32 of the whole text is
combined from the pieces' (zlib's ``crc32_combine``, which Python's ``zlib`` does not
offer). The header is Python's ``gzip`` header without a name or time stamp.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

#: gzip: deflate, no flags, no modification time, no extra flags, operating system unknown
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
#: an empty deflate block marked last (fixed Huffman codes, end of block)
LAST_BLOCK = b"\x03\x00"


@dataclass(frozen=True)
class PieceRecord:
    """Where a piece's compressed bytes are in a file, and what they hold."""

    key: str  # hexadecimal
    offset: int
    length: int
    crc: int  # CRC-32 of its text
    size: int  # bytes of its text

    def to_text(self) -> str:
        return f"{self.key}\t{self.offset}\t{self.length}\t{self.crc}\t{self.size}"

    @classmethod
    def from_text(cls, text: str) -> PieceRecord:
        key, offset, length, crc, size = text.split("\t")
        return cls(key, int(offset), int(length), int(crc), int(size))


@dataclass(frozen=True)
class EarlierFile:
    """A file written before in this way: its path, SHA-256 and pieces' records."""

    path: Path
    sha256: str
    pieces: tuple[PieceRecord, ...]

    def readable(self) -> tuple[bytes, dict[str, PieceRecord]] | None:
        """Its bytes and pieces by key, if it is still the file the records describe."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            return None  # changed since (by hand): compress everything again
        return data, {p.key: p for p in self.pieces}


@dataclass(frozen=True)
class Written:
    size: int  # bytes of the file
    sha256: str
    pieces: tuple[PieceRecord, ...]
    #: pieces copied from the earlier file
    reused: int


#: a piece to write: its key (what its text is made from) and the function making its text
Piece = tuple[bytes, Callable[[], bytes]]


def write(path: Path, pieces: Iterable[Piece], level: int, earlier: EarlierFile | None) -> Written:
    """Write ``pieces`` to the new file ``path`` as one gzip member compressed at ``level``,
    copying from ``earlier`` the compressed bytes of the pieces whose keys it has."""
    old = earlier.readable() if earlier is not None else None
    old_data, old_pieces = old if old is not None else (b"", {})
    digest = hashlib.sha256()
    records: list[PieceRecord] = []
    offset = len(HEADER)
    crc = total = reused = 0
    with path.open("wb") as out:

        def put(data: bytes) -> None:
            out.write(data)
            digest.update(data)

        put(HEADER)
        for key, make in pieces:
            hex_key = key.hex()
            found = old_pieces.get(hex_key)
            if found is not None:
                data = old_data[found.offset : found.offset + found.length]
                piece_crc, size = found.crc, found.size
                crc = crc32_combine(crc, piece_crc, size)
                reused += 1
            else:
                text = make()
                compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
                data = compressor.compress(text) + compressor.flush(zlib.Z_SYNC_FLUSH)
                piece_crc, size = zlib.crc32(text), len(text)
                crc = zlib.crc32(text, crc)
            put(data)
            records.append(PieceRecord(hex_key, offset, len(data), piece_crc, size))
            offset += len(data)
            total += size
        put(LAST_BLOCK + struct.pack("<II", crc, total & 0xFFFFFFFF))
    return Written(offset + len(LAST_BLOCK) + 8, digest.hexdigest(), tuple(records), reused)


def piece_text(data: bytes, piece: PieceRecord) -> bytes:
    """The text of the compressed ``piece`` of the file whose bytes are ``data``."""
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    return decompressor.decompress(data[piece.offset : piece.offset + piece.length])


_POLY = 0xEDB88320  # CRC-32, bits reversed


def _multiply(a: int, b: int) -> int:
    """``a`` times ``b`` modulo the CRC-32 polynomial (zlib's ``multmodp``)."""
    m = 1 << 31
    p = 0
    while True:
        if a & m:
            p ^= b
            if a & (m - 1) == 0:
                return p
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _powers() -> list[int]:
    """x to the power of 2 to the k, modulo the polynomial, for k in 0..31."""
    table = [1 << 30]  # x
    for _ in range(31):
        table.append(_multiply(table[-1], table[-1]))
    return table


_X2N = _powers()


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A followed by B, from A's CRC ``crc1``, B's ``crc2`` and B's length."""
    if length2 == 0:
        return crc1
    p = 1 << 31  # 1
    n, k = length2, 3  # x to the power of 8 times the length: the length in bits
    while n:
        if n & 1:
            p = _multiply(_X2N[k & 31], p)
        n >>= 1
        k += 1
    return _multiply(p, crc1) ^ crc2
