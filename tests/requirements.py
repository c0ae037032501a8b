"""What some tests need from the machine, and what happens when it is not there.

Some tests drive a system tool (Debian's ``rapper``, ``virtuoso-t``, ``chromium``, a Java
runtime), a package of the ``test`` extra, or the shared material beside the checkout
(``../shared``: the source document, the DCAT-AP shapes; ``$COEKG_SHARED`` names the
folder instead, for a checkout that does not sit beside it, such as a git worktree). When
one is missing:

* locally, the test skips and says what is missing and how to get it (``make test``
  installs the Debian packages when it runs as root);
* under CI (the environment variable ``CI`` is ``true``, as CI services set it; ``1`` and
  ``yes`` count too), the test fails with the same reason: a CI without the tools must not
  stay green by skipping the tests it exists to run.

Every such decision goes through :func:`missing` (through :func:`need_tool`,
:func:`need_module` or :func:`need_shared`); ``tests/test_requirements.py`` checks that no
test skips on a missing requirement by itself.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

#: ``../shared`` beside the checkout (in CI the repository sits at ``<somewhere>/main``)
SHARED = Path(__file__).resolve().parents[2] / "shared"
#: the source document every fact of the data comes from, relative to :data:`SHARED`
SOURCE = "source/000_f2046728d57952ad.txt"

#: system tool -> the Debian package that provides it (as scripts/install-system-deps.sh)
TOOLS = {
    "rapper": "raptor2-utils",
    "virtuoso-t": "virtuoso-opensource",
    "chromium": "chromium",
    "java": "default-jre-headless",
    "node": "nodejs",
    "nginx": "nginx-light",
    "apache2": "apache2",
}


def under_ci() -> bool:
    """Whether the tests run under CI, where a missing requirement is a failure."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(reason: str) -> NoReturn:
    """Skip the running test because of ``reason``; fail it instead under CI."""
    if under_ci():
        pytest.fail(f"{reason} (CI is set: a missing requirement fails, it does not skip)")
    pytest.skip(reason)


def find_tool(name: str) -> str | None:
    """The executable ``name`` next to the running Python (a virtualenv's bin/), else on
    PATH, or None."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def need_tool(name: str) -> str:
    """The path of system tool ``name``; a skip (a failure under CI) when it is missing."""
    found = find_tool(name)
    if found is None:
        package = TOOLS.get(name)
        how = f" (Debian package {package}; make test installs it as root)" if package else ""
        missing(f"{name} is not installed{how}")
    return found


def need_module(name: str) -> ModuleType:
    """The Python module ``name``; a skip (a failure under CI) when it cannot be imported."""
    try:
        return importlib.import_module(name)
    except ImportError as e:
        missing(f"the Python package {name} is missing ({e}); pip install -e '.[test]'")


def shared_dir() -> Path:
    """The shared material: ``$COEKG_SHARED`` when set, else ``../shared``."""
    return Path(os.environ.get("COEKG_SHARED") or SHARED)


def need_shared(relative: str) -> Path:
    """``../shared/RELATIVE`` beside the checkout; a skip (a failure under CI) when absent."""
    path = shared_dir() / relative
    if not path.exists():
        missing(f"../shared/{relative} is not available (looked at {path})")
    return path


def source_text() -> str:
    """The text of the source document (``../shared/source``)."""
    return need_shared(SOURCE).read_text(encoding="utf-8")
