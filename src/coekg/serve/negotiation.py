"""HTTP content negotiation: which offered media type a client's ``Accept`` header prefers."""

from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q)]`` from an ``Accept`` header; ``*/*`` when there is none."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers (ties go to the earlier offer), or None."""
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    choice = None
    for position, media in enumerate(offered):
        kind = media.split("/")[0] + "/*"
        matches = [(3, q) for r, q in ranges if r == media]
        matches += [(2, q) for r, q in ranges if r == kind]
        matches += [(1, q) for r, q in ranges if r == "*/*"]
        if not matches:
            continue
        q = max(matches)[1]  # the most specific range decides
        if q > 0 and (best is None or (q, -position) > best):
            best, choice = (q, -position), media
    return choice
