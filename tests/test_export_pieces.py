"""A dump is compressed in pieces (``coekg.rdf.export_pieces``, ``coekg.publish.gzip_pieces``)
so that the next publish copies the pieces whose statements did not change: joined, the
pieces are the bytes of ``coekg export`` in every format, however small they are cut; the
gzip file is one member that other readers read; and a piece is copied from the earlier dump
only where its key and the earlier file's checksum say it is the same."""

from __future__ import annotations

import gzip
import io
import os
import random
import subprocess
import zlib
from pathlib import Path

import pytest

from coekg import project
from coekg.publish import downloads, gzip_pieces
from coekg.rdf import dataset, export, export_pieces, lines_export
from coekg.synth.generator import generate
from tests.requirements import need_tool

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "export-order"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "publish" / "hostile.ttl"
ALL_FORMATS = sorted(export.FORMATS)
KEEPS_GRAPHS = {f for f, (_m, _s, keeps) in export.FORMATS.items() if keeps}

#: what only the reference JSON-LD writer writes: the JSON-LD dump is then one piece
UNUSUAL = """@prefix ex: <http://example.org/> .
ex:a ex:p "x"@en--ltr , ex:b .
ex:b ex:p "y" .
"""


def _export(kg: dataset.KnowledgeGraph, fmt: str) -> bytes:
    out = io.BytesIO()
    lines_export.write(kg, fmt, out)
    return out.getvalue()


def _runs(kg: dataset.KnowledgeGraph, fmt: str) -> list[export_pieces.Run]:
    return export_pieces.quad_runs(kg) if fmt in KEEPS_GRAPHS else export_pieces.triple_runs(kg)


def _joined(kg: dataset.KnowledgeGraph, fmt: str) -> tuple[bytes, int]:
    try:
        made = export_pieces.pieces(_runs(kg, fmt), fmt)
        return b"".join(make() for _key, make in made), len(made)
    except export_pieces.Unsplittable:
        return export_pieces.whole(_runs(kg, fmt), fmt), 1


def _graphs(tmp_path: Path) -> dict[str, dataset.KnowledgeGraph]:
    synthetic = tmp_path / "synthetic.ttl"
    with synthetic.open("wb") as f:
        generate(5_000, f, seed=4, fmt="turtle")
    unusual = tmp_path / "unusual.ttl"
    unusual.write_text(UNUSUAL, encoding="utf-8")
    bundled = project.bundled()
    return {
        "bundled": bundled.load(),
        "tricky terms and graphs": bundled.load(sorted(FIXTURES.iterdir())),
        "hostile": bundled.load([HOSTILE]),
        "synthetic": bundled.load([synthetic]),
        "unusual JSON-LD": bundled.load([unusual], ontology=False),
        "empty": dataset.KnowledgeGraph([]),
    }


@pytest.mark.parametrize("subjects", [1, 3, export_pieces.SUBJECTS])
def test_the_pieces_joined_are_the_export(
    tmp_path: Path, subjects: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_pieces, "SUBJECTS", subjects)
    for name, kg in _graphs(tmp_path).items():
        for fmt in ALL_FORMATS:
            joined, count = _joined(kg, fmt)
            assert joined == _export(kg, fmt), f"{name}, {fmt}, a piece every {subjects} subjects"
            if name in ("bundled", "synthetic") and subjects < 256:
                assert count > 20, f"{name}, {fmt}: {count} pieces"


def test_unusual_statements_make_one_json_ld_piece(tmp_path: Path) -> None:
    kg = _graphs(tmp_path)["unusual JSON-LD"]
    made = export_pieces.pieces(export_pieces.quad_runs(kg), "jsonld")
    with pytest.raises(export_pieces.Unsplittable):
        b"".join(make() for _key, make in made)
    found = downloads.write_downloads(kg, tmp_path / "site")
    dump = tmp_path / "site" / next(d.path for d in found if d.fmt == "jsonld")
    assert gzip.decompress(dump.read_bytes()) == _export(kg, "jsonld")


def test_a_piece_begins_where_a_subject_does() -> None:
    lines = sorted(
        f"<http://e/s{i // 3}> <http://e/p> <http://e/o{i}> .\n".encode() for i in range(90)
    )
    runs = export_pieces.runs_of(lines, "DEFAULT", 2)
    assert 3 < len(runs) < 30
    assert b"".join(b"".join(r.lines) for r in runs) == b"".join(lines)
    for run in runs[1:]:
        subject = run.lines[0].split(b" ")[0]
        assert zlib.crc32(subject) % 2 == 0
        assert run.cut
    # an added subject changes one run; the others keep their digests
    more = sorted([*lines, b"<http://e/s10x> <http://e/p> <http://e/o> .\n"])
    again = export_pieces.runs_of(more, "DEFAULT", 2)
    assert len({r.digest for r in runs} - {r.digest for r in again}) == 1


def test_crc32_combine_is_zlibs() -> None:
    rng = random.Random(3)
    for _ in range(200):
        a = rng.randbytes(rng.randrange(0, 300))
        b = rng.randbytes(rng.choice([0, 1, 7, 4096, 70_000, 300_000]))
        combined = gzip_pieces.crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b))
        assert combined == zlib.crc32(a + b)


def _texts(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return [
        rng.choice([b"abc ", b"<x> ", b"\n", b"\xc3\xa9"]) * rng.randrange(1, 5000)
        for _ in range(count)
    ]


def _pieces(texts: list[bytes]) -> list[gzip_pieces.Piece]:
    return [
        (zlib.crc32(t).to_bytes(4, "big") + bytes([i % 256]), lambda t=t: t)
        for i, t in enumerate(texts)
    ]


def test_a_file_of_pieces_is_one_gzip_member_other_readers_read(tmp_path: Path) -> None:
    texts = _texts(30, 1)
    path = tmp_path / "dump.gz"
    written = gzip_pieces.write(path, _pieces(texts), 6, None)
    data = path.read_bytes()
    assert data[:10] == gzip_pieces.HEADER, "no name, no time stamp"
    assert written.size == len(data) and written.reused == 0
    assert gzip.decompress(data) == b"".join(texts)
    # one member: zlib's own reader ends at the end of the file, with nothing unused
    reader = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert reader.decompress(data) == b"".join(texts) and reader.eof and not reader.unused_data
    gzip_tool = need_tool("gzip")
    out = subprocess.run([gzip_tool, "-dc", str(path)], capture_output=True, check=True)
    assert out.stdout == b"".join(texts)
    empty = tmp_path / "empty.gz"
    gzip_pieces.write(empty, [], 6, None)
    assert gzip.decompress(empty.read_bytes()) == b""


def test_pieces_with_the_same_key_are_copied_and_give_the_same_bytes(tmp_path: Path) -> None:
    texts = _texts(30, 2)
    first = gzip_pieces.write(tmp_path / "a.gz", _pieces(texts), 6, None)
    changed = [*texts[:10], b"a new piece\n", *texts[11:]]
    earlier = gzip_pieces.EarlierFile(tmp_path / "a.gz", first.sha256, first.pieces)
    again = gzip_pieces.write(tmp_path / "b.gz", _pieces(changed), 6, earlier)
    fresh = gzip_pieces.write(tmp_path / "c.gz", _pieces(changed), 6, None)
    assert again.reused == 29
    assert (tmp_path / "b.gz").read_bytes() == (tmp_path / "c.gz").read_bytes()
    assert (again.sha256, again.pieces) == (fresh.sha256, fresh.pieces)


def test_an_earlier_file_changed_since_is_not_copied_from(tmp_path: Path) -> None:
    texts = _texts(10, 3)
    first = gzip_pieces.write(tmp_path / "a.gz", _pieces(texts), 6, None)
    with (tmp_path / "a.gz").open("r+b") as f:  # one byte changed by hand
        f.seek(first.pieces[4].offset)
        byte = f.read(1)
        f.seek(first.pieces[4].offset)
        f.write(bytes([byte[0] ^ 1]))
    earlier = gzip_pieces.EarlierFile(tmp_path / "a.gz", first.sha256, first.pieces)
    again = gzip_pieces.write(tmp_path / "b.gz", _pieces(texts), 6, earlier)
    assert again.reused == 0
    assert gzip.decompress((tmp_path / "b.gz").read_bytes()) == b"".join(texts)
    os.unlink(tmp_path / "a.gz")
    gone = gzip_pieces.write(tmp_path / "c.gz", _pieces(texts), 6, earlier)
    assert gone.reused == 0 and gone.sha256 == first.sha256
