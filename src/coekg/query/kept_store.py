"""Query stores kept on disk between runs, so a query on large data does not re-read it.

Reading a million triples and building an Oxigraph store takes seconds; opening an on-disk
store takes milliseconds. :func:`query_store` gives the store that ``coekg query`` asks:

* data under :data:`MIN_BYTES` (the bundled data, most hand-made files) is read into an
  in-memory store, as before: that is as fast as opening one from disk;
* larger data is read once into an on-disk Oxigraph store in the cache folder, then opened
  read-only by every later run on the same files.

A cached store is found by a key made of the coekg and pyoxigraph versions and, for each
input file (the ontology, the data, the query catalogue), its resolved path and what
``stat`` says of it: device, inode, size, modification and change times. Editing, replacing,
moving or touching a file changes the key, so a stale store is never used. A file changed
less than :data:`SETTLE_SECONDS` ago is not cached (a second change within the file
system's clock tick could otherwise keep the same times); that run reads it into memory.

A store is built in a temporary folder and renamed into place when complete, so readers
never see half a store, and two runs building the same store at once both succeed. Only
the :data:`KEEP` most recently used stores are kept. The cache folder is
``$COEKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/coekg``, else ``~/.cache/coekg``; deleting it is
always safe. When it cannot be written, the query is answered from memory and
:attr:`Opened.note` says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coekg import __version__

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.project import Project
    from coekg.rdf.dataset import KnowledgeGraph, Source

#: data files smaller than this in all are read into memory, not cached
MIN_BYTES = 1024 * 1024
#: a file changed more recently than this is not cached
SETTLE_SECONDS = 2.0
#: how many stores the cache keeps (the most recently used ones)
KEEP = 3
#: a store unused for this long may be removed even if it is among the newest
#: :data:`KEEP`; one used more recently than :data:`GRACE_SECONDS` is never removed, as
#: another run may be reading it
GRACE_SECONDS = 600.0
#: changes whenever the layout of a cached store changes
LAYOUT = 1

_MARKER = "coekg-store.json"
_TMP_PREFIX = ".building-"


@dataclass
class Opened:
    """The store to query, and how it was obtained."""

    store: ox.Store
    #: "memory" (small data or no cache), "built" (cached now) or "cached" (reused)
    origin: str
    path: Path | None = None
    #: why a store that could have been cached was not (cache folder unwritable...)
    note: str | None = None


def cache_dir() -> Path:
    """The cache folder: ``$COEKG_CACHE_DIR``, ``$XDG_CACHE_HOME/coekg`` or ``~/.cache/coekg``."""
    explicit = os.environ.get("COEKG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "coekg"


def _inputs(sources: Sequence[Source], queries: Path) -> list[Path]:
    """Every file the store is made of: the sources, and the files of the query catalogue
    in the folder ``queries``."""
    files = [s.path for s in sources]
    files.extend(sorted(p for p in queries.iterdir() if p.suffix in (".rq", ".toml")))
    return files


def _fingerprint(files: Sequence[Path]) -> tuple[str, float]:
    """The cache key of ``files``, and the newest change time among them (seconds)."""
    import pyoxigraph

    rows: list[list[object]] = []
    newest = 0.0
    for path in files:
        st = path.stat()
        rows.append(
            [str(path.resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        )
        newest = max(newest, st.st_mtime, st.st_ctime)
    doc = json.dumps([LAYOUT, __version__, pyoxigraph.__version__, rows])
    return hashlib.sha256(doc.encode()).hexdigest()[:32], newest


def identify(
    project: Project, paths: Sequence[str | Path] | None = None
) -> tuple[str, float, list[Path]]:
    """The key of the store of ``paths`` (or the project's data), the newest change time
    among its files, and the files: what a kept store or a query server is found by."""
    sources = project.ontology_sources() + project.data_sources(paths)
    files = _inputs(sources, project.queries)
    key, newest = _fingerprint(files)
    return key, newest, files


def _data_bytes(sources: Sequence[Source]) -> int:
    return sum(s.path.stat().st_size for s in sources if s.role == "data")


def query_store(
    project: Project, paths: Sequence[str | Path] | None = None, *, cache: bool = True
) -> Opened:
    """The store holding the ontology, the data (``paths`` or the project's data) and the
    query catalogue, each in its named graph; on disk when the data is large.

    Unreadable or unparsable input raises the same errors as :meth:`Project.load`.
    """
    sources = project.ontology_sources() + project.data_sources(paths)
    if not cache or _data_bytes(sources) < MIN_BYTES:
        return Opened(project.load(paths).store, "memory")
    files = _inputs(sources, project.queries)
    key, newest = _fingerprint(files)
    if time.time() - newest < SETTLE_SECONDS:
        return Opened(project.load(paths).store, "memory")
    folder = cache_dir()
    found = _open_cached(folder / key)
    if found is not None:
        return Opened(found, "cached", folder / key)
    kg = project.load(paths)  # parse errors are raised here, before anything is written
    try:
        store, path = _build(folder, key, kg, files)
    except OSError as e:
        reason = e.strerror or str(e)
        return Opened(kg.store, "memory", note=f"{folder}: cannot keep the store there ({reason})")
    return Opened(store, "built", path)


def _open_cached(path: Path) -> ox.Store | None:
    """The complete store at ``path``, or ``None`` when there is none (or it is damaged)."""
    import pyoxigraph as ox

    if not (path / _MARKER).is_file():
        return None
    try:
        store = ox.Store.read_only(str(path))
    except OSError:
        with contextlib.suppress(OSError):
            shutil.rmtree(path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path / _MARKER)  # most recently used
    return store


def _build(
    folder: Path, key: str, kg: KnowledgeGraph, files: Sequence[Path]
) -> tuple[ox.Store, Path]:
    """Build the store ``key`` in a temporary folder, then rename it into place."""
    import pyoxigraph as ox

    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=folder))
    final = folder / key
    try:
        store = ox.Store(str(tmp / "store"))
        kg.fill(store)
        store.flush()
        del store
        marker = {"layout": LAYOUT, "files": [str(f.resolve()) for f in files]}
        (tmp / "store" / _MARKER).write_text(json.dumps(marker, indent=1) + "\n")
        if final.exists() and not (final / _MARKER).is_file():
            shutil.rmtree(final, ignore_errors=True)  # damaged: never renamed in complete
        try:
            os.rename(tmp / "store", final)
        except OSError:
            if not (final / _MARKER).is_file():  # not another run's complete store
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    opened = _open_cached(final)
    if opened is None:
        raise OSError(0, "the store just built cannot be opened")
    return opened, final


def _sweep(folder: Path) -> None:
    """Remove stores beyond the newest :data:`KEEP`, and abandoned temporary folders."""
    now = time.time()
    stores: list[tuple[float, Path]] = []
    for entry in folder.iterdir():
        try:
            if entry.name.startswith(_TMP_PREFIX):
                if now - entry.stat().st_mtime > 24 * 3600:
                    shutil.rmtree(entry, ignore_errors=True)
            elif (entry / _MARKER).is_file():
                stores.append(((entry / _MARKER).stat().st_mtime, entry))
        except OSError:
            continue
    stores.sort(reverse=True)
    for used, entry in stores[KEEP - 1 :]:  # room for the one about to be built
        if now - used > GRACE_SECONDS:
            shutil.rmtree(entry, ignore_errors=True)
