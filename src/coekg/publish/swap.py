"""Putting a finished site in place of the old one in one step.

The new site is built in a folder beside the target; :func:`swap_in` then exchanges the two
folders with one ``renameat2(RENAME_EXCHANGE)`` call (Linux), so the target always names a
whole site, the old one or the new one, even for a reader between two requests. Where the
kernel or the file system cannot exchange, two renames do it, with an instant where the
target does not exist (a reader gets "not found", never half a site). The old site is then
removed. (A small change into a site published before goes in place instead, file by file:
:mod:`coekg.publish.in_place`.)
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Exchange the paths ``a`` and ``b`` in one step; ``False`` if this system cannot
    (then nothing was changed)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``, replacing an old site there; remove the old."""
    if not target.exists():
        os.rename(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now names the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
