"""Terminal tables that fit the width they are given: columns, or one record per row.

A table is laid out in columns when they fit: at their natural widths if they can, else
with long text wrapped at spaces within its column (widths shared out in proportion to what
each column would need) and headers such as ``ratificationDate`` broken at a capital. A
name (``project:anti-money-laundering-asset-recovery``, what identifies a row) is never
wrapped nor shortened, so it can be copied whole. When the names and the narrowest readable
text columns do not fit side by side, each row is printed as a record instead, one
``column  value`` line per column (as psql's expanded display), which fits any width.

Widths are terminal columns: wide (East Asian) characters take two, combining marks none.
Nothing here knows RDF: cells are text, marked whole when they must not be broken.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

#: spaces between two columns
GAP = 2
#: a text column is not made narrower than this (or its natural width, if smaller)
MIN_TEXT = 12
#: a word longer than this may be broken to fit a column, rather than widen it
LONG_WORD = 20
#: the narrowest width a table is laid out for
MIN_WIDTH = 20

_CAMEL = re.compile(r"[A-Z]?[^A-Z]+|[A-Z]+(?![^A-Z])")


@dataclass(frozen=True)
class Cell:
    """The text of a cell; ``whole`` if it must not be broken (a name)."""

    text: str
    whole: bool = False


def columns(text: str) -> int:
    """Terminal columns ``text`` takes."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _cut(word: str, width: int) -> list[str]:
    """``word`` in pieces of at most ``width`` columns (at least one character each)."""
    pieces: list[str] = []
    current, used = "", 0
    for ch in word:
        w = columns(ch)
        if current and used + w > width:
            pieces.append(current)
            current, used = "", 0
        current += ch
        used += w
    return [*pieces, current] if current or not pieces else pieces


def wrap(text: str, width: int, *, whole: bool = False, joiner: str = " ") -> list[str]:
    """``text`` in lines of at most ``width`` columns: at spaces (``joiner``), breaking
    only words longer than a line; a ``whole`` text is broken only if it must be."""
    if columns(text) <= width:
        return [text]
    if whole:
        return _cut(text, width)
    words = _CAMEL.findall(text) if joiner == "" else text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current}{joiner}{word}" if current else word
        if columns(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _cut(word, width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    return [*lines, current] if current else lines or [""]


def _header_floor(name: str) -> int:
    return max((columns(piece) for piece in _CAMEL.findall(name)), default=columns(name))


def _floor(header: str, cells: Sequence[Cell], natural: int) -> int:
    """The narrowest width column ``header`` may take in a table of columns."""
    floor = max(_header_floor(header), min(natural, MIN_TEXT))
    for cell in cells:
        if cell.whole:
            floor = max(floor, columns(cell.text))
        else:
            longest = max((columns(w) for w in cell.text.split()), default=0)
            floor = max(floor, longest if longest <= LONG_WORD else 0)
    return min(floor, natural)


def _widths(header: Sequence[str], rows: Sequence[Sequence[Cell]], width: int) -> list[int] | None:
    """The width of each column, or ``None`` when the columns cannot fit ``width``."""
    natural = [max([columns(h)] + [columns(r[i].text) for r in rows]) for i, h in enumerate(header)]
    room = width - GAP * (len(header) - 1)
    if sum(natural) <= room:
        return natural
    floors = [_floor(h, [r[i] for r in rows], natural[i]) for i, h in enumerate(header)]
    if sum(floors) > room:
        return None
    widths = list(floors)
    spare = room - sum(floors)
    while spare > 0:
        wanting = [i for i, w in enumerate(widths) if w < natural[i]]
        if not wanting:
            break
        need = sum(natural[i] - widths[i] for i in wanting)
        given = 0
        for i in wanting:
            share = min(natural[i] - widths[i], spare * (natural[i] - widths[i]) // need)
            widths[i] += share
            given += share
        if given == 0:  # rounding left a little: one column at a time, left to right
            widths[wanting[0]] += 1
            given = 1
        spare -= given
    return widths


def _pad(text: str, width: int) -> str:
    return text + " " * (width - columns(text))


def _grid(header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: list[int]) -> list[str]:
    def block(parts: list[list[str]]) -> list[str]:
        height = max(len(p) for p in parts)
        return [
            (" " * GAP)
            .join(_pad(p[k] if k < len(p) else "", w) for p, w in zip(parts, widths, strict=True))
            .rstrip()
            for k in range(height)
        ]

    head = block([wrap(h, w, joiner="") for h, w in zip(header, widths, strict=True)])
    lines = [*head, (" " * GAP).join("-" * w for w in widths)]
    bodies = [
        block([wrap(c.text, w, whole=c.whole) for c, w in zip(r, widths, strict=True)])
        for r in rows
    ]
    tall = any(len(b) > 1 for b in bodies)
    for n, body in enumerate(bodies):
        if tall and n:
            lines.append("")  # rows of several lines are told apart by a blank line
        lines.extend(body)
    return lines


def _records(header: Sequence[str], rows: Sequence[Sequence[Cell]], width: int) -> list[str]:
    key = max(columns(h) for h in header)
    room = max(width - key - GAP, MIN_WIDTH // 2)
    laid = [[wrap(c.text, room, whole=c.whole) for c in row] for row in rows]
    widest = max([key] + [key + GAP + columns(part) for r in laid for v in r for part in v])
    lines: list[str] = []
    for n, values in enumerate(laid, start=1):
        title = f"-[ {n} ]"
        lines.append(title + "-" * max(0, min(width, widest) - columns(title)))
        for name, parts in zip(header, values, strict=True):
            for k, part in enumerate(parts):
                lines.append((_pad(name if k == 0 else "", key) + " " * GAP + part).rstrip())
    return lines


def render(header: Sequence[str], rows: Sequence[Sequence[Cell]], width: int) -> str:
    """The table: ``header`` and ``rows`` of cells, in at most ``width`` columns (when
    the width allows it at all: ``MIN_WIDTH``), then a line counting the rows."""
    width = max(width, MIN_WIDTH)
    widths = _widths(header, rows, width) if header else []
    if header and widths is None:
        lines = _records(header, rows, width)
    else:
        lines = _grid(header, rows, widths or [])
    n = len(rows)
    lines.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(lines) + "\n"
