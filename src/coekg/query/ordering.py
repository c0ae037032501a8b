"""Ordering the answer of an on-disk store in memory.

An on-disk Oxigraph store reads every string it compares from disk, so ``ORDER BY`` on a
large answer costs it seconds where an in-memory store takes a fraction of one. For a
SELECT query whose top-level ``ORDER BY`` (with any ``LIMIT`` and ``OFFSET`` after it) uses
only projected variables and no aggregate, :func:`split` cuts that clause off; the store
answers the rest, and :func:`ordered` puts the rows into a small in-memory store and
applies the very same clause there. Oxigraph evaluates the clause both times, so the order
is the one the whole query gives.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg.query.sparql_text import is_word, projection, query_form, tokenize

if TYPE_CHECKING:
    import pyoxigraph as ox

_AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"})
_ROW = "urn:coekg:answer:row"
_VARIABLE = "urn:coekg:answer:variable:"


@dataclass(frozen=True)
class Split:
    """A query without its ordering clause, that clause, and the query's prologue."""

    head: str
    clause: str
    prologue: str


def _is_aggregate(word: str) -> bool:
    return word.upper() in _AGGREGATES


def split(text: str) -> Split | None:
    """``text`` cut before its top-level ``ORDER BY``, or ``None`` when the clause cannot be
    applied apart from the query (unprojected variables, aggregates, ``SELECT *``...)."""
    if query_form(text) != "select":
        return None
    tokens = tokenize(text)
    starts = [
        i
        for i, (a, b) in enumerate(itertools.pairwise(tokens))
        if is_word(a, "ORDER") and is_word(b, "BY") and a.depth == 0
    ]
    projected = projection(text)
    if not starts or projected is None:
        return None
    tail = tokens[starts[-1] :]
    for t in tail:
        if t.depth != 0 or t.text in ("{", "}") or _is_aggregate(t.text):
            return None
        if t.kind == "var" and t.text[1:] not in projected:
            return None
    select = next(t for t in tokens if is_word(t, "SELECT") and t.depth == 0)
    start = tail[0].start
    return Split(text[:start], text[start:], text[: select.start])


def ordered(answer: ox.QuerySolutions, cut: Split) -> ox.QuerySolutions:
    """The rows of ``answer`` (the store's answer to ``cut.head``) ordered by ``cut.clause``."""
    import pyoxigraph as ox

    variables = [v.value for v in answer.variables]
    row = ox.NamedNode(_ROW)
    predicates = {v: ox.NamedNode(_VARIABLE + v) for v in variables}
    quads: list[ox.Quad] = []
    for i, solution in enumerate(answer):
        node = ox.NamedNode(f"{_ROW}:{i}")
        quads.append(ox.Quad(node, row, row))
        for v in variables:
            term = solution[v]
            if term is not None:
                quads.append(ox.Quad(node, predicates[v], term))
    memory = ox.Store()
    memory.extend(quads)
    optionals = " ".join(f"OPTIONAL {{ ?coekg_row_ <{_VARIABLE}{v}> ?{v} }}" for v in variables)
    select = " ".join(f"?{v}" for v in variables) or "*"
    query = (
        f"{cut.prologue}\nSELECT {select} WHERE {{ ?coekg_row_ <{_ROW}> <{_ROW}> . {optionals} }}\n"
        f"{cut.clause}"
    )
    result = memory.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return result
