"""The folder of one edition, ``releases/{version}/``, and the ``SHA256SUMS`` that seals it.

An edition's folder is written once, by the release that makes it, and kept byte for byte
by every later release. Its ``SHA256SUMS`` lists every other file of the folder with its
SHA-256 (``sha256sum -c SHA256SUMS`` checks them), so a later release checks the whole
folder (:func:`verify`) before carrying it into the new site (:func:`carry`: hard links
where the file system allows, else copies), and refuses a damaged folder, naming the file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from coekg.errors import InputError
from coekg.project import shown

#: the folder of a site that holds one folder per edition
FOLDER = "releases"
SUMS = "SHA256SUMS"
_CHUNK = 1 << 20


def versions_in(site: Path) -> list[str]:
    """The versions whose folders are under ``site/releases/`` (sorted by name)."""
    folder = site / FOLDER
    try:
        return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    except FileNotFoundError:
        return []
    except OSError as e:
        raise InputError(f"{shown(folder)}: cannot read ({e.strerror})") from None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def seal(folder: Path) -> None:
    """Write ``SHA256SUMS``: every other file of ``folder`` with its SHA-256, by name."""
    names = sorted(p.name for p in folder.iterdir() if p.name != SUMS)
    lines = "".join(f"{sha256_of(folder / name)}  {name}\n" for name in names)
    (folder / SUMS).write_text(lines, encoding="utf-8")


def verify(folder: Path) -> None:
    """Check that ``folder`` holds exactly the files its ``SHA256SUMS`` lists, each with its
    SHA-256; raise :class:`InputError` naming the first file that does not."""
    damaged = "the edition's files must stay as they were published; restore the folder"
    sums = folder / SUMS
    try:
        text = sums.read_text(encoding="utf-8")
        present = {p.name: p for p in folder.iterdir()}
    except FileNotFoundError:
        raise InputError(f"{shown(sums)}: missing; {damaged}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{shown(sums)}: cannot read ({e})") from None
    listed: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name or "/" in name:
            raise InputError(f"{shown(sums)}:{number}: not a line of sha256sum ('DIGEST  NAME')")
        listed[name] = digest
    for name, digest in listed.items():
        path = present.get(name)
        if path is None or not path.is_file() or path.is_symlink():
            raise InputError(f"{shown(folder / name)}: missing, listed in {SUMS}; {damaged}")
        if sha256_of(path) != digest:
            raise InputError(f"{shown(folder / name)}: SHA-256 differs from {SUMS}; {damaged}")
    for name in sorted(set(present) - set(listed) - {SUMS}):
        raise InputError(f"{shown(folder / name)}: not listed in {SUMS}; {damaged}")


def carry(source: Path, target: Path) -> None:
    """Put the files of the edition folder ``source`` into the new folder ``target``."""
    target.mkdir(parents=True)
    for path in sorted(source.iterdir()):
        link(path, target / path.name)


def link(source: Path, target: Path) -> None:
    """``target`` holds the bytes of ``source``: a hard link, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
