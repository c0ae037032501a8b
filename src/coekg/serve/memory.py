"""The memory of a process and of every process it started, read from Linux's ``/proc``.

``coekg serve`` is several processes: the server, the process holding the SPARQL store and
its query workers forked from it, and, for a while, the children writing the dumps and
validating. The load benchmark checks the memory target against their sum, counted two
ways:

- **RSS** (resident set) counts every page a process can touch, including those it shares
  with another process (a forked worker and the process it was forked from share the
  store's pages until one writes them): summed over processes, shared pages count once per
  process, so the sum overstates what the machine gives them.
- **PSS** (proportional set, from ``/proc/PID/smaps_rollup``) divides each shared page
  among the processes sharing it: the sum is what the processes cost the machine together,
  each page once. This is the honest figure for "the server takes N MB".

Both are the current values; ``peak_rss`` is the sum of each process's own peak resident
set (``VmHWM``), which overstates twice (shared pages, and peaks at different times).
Where ``/proc`` is missing (not Linux) or a process is gone, it counts as 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")


@dataclass(frozen=True)
class Memory:
    """Bytes held by a tree of processes (see the module's docstring for each)."""

    processes: int
    rss: int
    pss: int
    peak_rss: int


def descendants(pid: int, proc: Path = _PROC) -> list[int]:
    """``pid`` and every process below it (children, their children...), parents first."""
    found = [pid]
    for each in found:  # grows while read: a breadth-first walk
        for task in sorted((proc / str(each) / "task").glob("*/children")):
            try:
                found += [int(c) for c in task.read_text().split()]
            except OSError:
                continue
    return found


def _kilobytes(text: str, field: str) -> int:
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


def tree_memory(pid: int, proc: Path = _PROC) -> Memory:
    """The memory of ``pid`` and of every process below it, summed."""
    counted = rss = pss = peak = 0
    for each in descendants(pid, proc):
        try:
            status = (proc / str(each) / "status").read_text()
            rollup = (proc / str(each) / "smaps_rollup").read_text()
        except OSError:
            continue
        counted += 1
        rss += _kilobytes(status, "VmRSS")
        peak += _kilobytes(status, "VmHWM")
        pss += _kilobytes(rollup, "Pss")
    return Memory(counted, rss, pss, peak)
