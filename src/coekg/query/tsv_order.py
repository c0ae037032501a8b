"""Ordering an answer in Python, on ``STR`` and ``LANG`` keys, as ``ORDER BY`` would.

Oxigraph evaluates each ``ORDER BY`` key again at every comparison, reading the strings it
compares from its dictionary: sorting the 87,872 rows of ``organisations`` on a
million-triple graph takes it over a second, most of the query's time. Most canned queries
order only by ``STR(?v)`` and ``LANG(?v)`` of projected variables, ascending, and those keys
are cheap to compute once per distinct value. For such a query, :func:`plan` gives the query
without its ``ORDER BY`` (and without ``DISTINCT``); the store writes that answer as
SPARQL TSV, and :func:`order` sorts its lines here: the keys of each distinct value once,
then one sort of the rows, each on one integer that ranks its keys together.

The order is the one SPARQL defines and Oxigraph gives: ``STR`` of an IRI is the IRI, of a
literal its lexical form; ``LANG`` of a literal is its language tag or ``""``; both are an
error for a blank node, and so is an unbound variable, and an error sorts before any
value; simple literals compare code point by code point (here: their UTF-8 bytes, the same
order). Rows that agree on every key, which the query's order leaves open, are put in the
order of their TSV text, so the result never depends on the store's plan; only then can
two rows be the same, and ``DISTINCT`` keeps one of them.
"""

from __future__ import annotations

import itertools
import operator
import re
from dataclasses import dataclass
from typing import cast

from coekg.query import ordering
from coekg.query.sparql_text import is_word, tokenize

#: an ordering key: ``("STR" | "LANG", variable name)``
Key = tuple[str, str]

_QUOTE, _LT, _GT, _UNDERSCORE = ord('"'), ord("<"), ord(">"), ord("_")
_PRESENT = b"\x01"  # before every value of a column that also has errors (they sort first)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_CHARACTER_ESCAPES = {
    "t": "\t",
    "b": "\b",
    "n": "\n",
    "r": "\r",
    "f": "\f",
    '"': '"',
    "'": "'",
    "\\": "\\",
}


@dataclass(frozen=True)
class Plan:
    """How to answer a query whose order is applied here."""

    head: str  # the query without ORDER BY, and without DISTINCT
    keys: tuple[Key, ...]
    distinct: bool


def plan(text: str) -> Plan | None:
    """The plan for ``text``, or ``None`` when its order is not made only of ascending
    ``STR(?v)`` and ``LANG(?v)`` keys of projected variables (then the store orders)."""
    cut = ordering.split(text)
    if cut is None:
        return None
    keys = _keys([t.text for t in tokenize(cut.clause)][2:])
    if keys is None:
        return None
    head = cut.head
    tokens = tokenize(head)
    select = next(i for i, t in enumerate(tokens) if is_word(t, "SELECT") and t.depth == 0)
    modifier = tokens[select + 1] if select + 1 < len(tokens) else None
    distinct = modifier is not None and is_word(modifier, "DISTINCT")
    if distinct:
        assert modifier is not None
        head = head[: modifier.start] + head[modifier.start + len(modifier.text) :]
    return Plan(head, keys, distinct)


def _keys(words: list[str]) -> tuple[Key, ...] | None:
    """The keys of an ORDER BY clause's conditions, or ``None`` if one is of another kind."""
    keys: list[Key] = []
    i = 0
    while i < len(words):
        wrapped = words[i].upper() == "ASC" and words[i + 1 : i + 2] == ["("]
        if wrapped:
            i += 2
        call = words[i : i + 4]
        if (
            len(call) < 4
            or call[0].upper() not in ("STR", "LANG")
            or call[1] != "("
            or call[2][:1] not in ("?", "$")
            or call[3] != ")"
        ):
            return None
        keys.append((call[0].upper(), call[2][1:]))
        i += 4
        if wrapped:
            if words[i : i + 1] != [")"]:
                return None
            i += 1
    return tuple(keys) or None


def _unescape(content: bytes) -> bytes:
    """The text of a literal's quoted content as SPARQL TSV writes it (Turtle escapes)."""

    def one(m: re.Match[str]) -> str:
        hex_code = m.group(1) or m.group(2)
        if hex_code:
            return chr(int(hex_code, 16))
        return _CHARACTER_ESCAPES.get(m.group(3), m.group(0))

    return _ESCAPE.sub(one, content.decode()).encode("utf-8", "surrogatepass")


def _with_errors(table: dict[bytes, bytes | None], fields: set[bytes]) -> dict[bytes, bytes]:
    """``table`` with the ``fields`` it lacks as errors (``None``), and errors as the empty
    key, before every value."""
    if len(table) < len(fields):
        table.update((f, None) for f in fields if f not in table)
    if None not in table.values():
        return cast(dict[bytes, bytes], table)
    return {f: b"" if v is None else _PRESENT + v for f, v in table.items()}


def _str_keys(fields: set[bytes], escaped: bool) -> dict[bytes, bytes]:
    """``STR`` of each term of a TSV column (``None``: unbound, blank node, triple term).

    ``escaped`` says whether any literal may hold an escape (a backslash)."""
    table: dict[bytes, bytes | None] = {
        f: f[1:-1] if f[0] == _LT else f[1 : f.rindex(b'"')] if f[0] == _QUOTE else f
        for f in fields
        if f and f[0] != _UNDERSCORE and f[:2] != b"<<"
    }  # an IRI, a literal, or a number or boolean written bare (its lexical form)
    if escaped:
        for f, value in table.items():
            if f[0] == _QUOTE and value is not None and b"\\" in value:
                table[f] = _unescape(value)
    return _with_errors(table, fields)


def _lang_keys(fields: set[bytes]) -> dict[bytes, bytes]:
    """``LANG`` of each term of a TSV column (``None``: not a literal, or unbound); a
    language tag has no escapes."""
    table: dict[bytes, bytes | None] = {
        f: f[f.rindex(b'"') + 2 :] if f[0] == _QUOTE and f[-1] != _QUOTE and f[-1] != _GT else b""
        for f in fields
        if f and f[0] != _UNDERSCORE and f[0] != _LT
    }
    if any(b"--" in tag for tag in set(table.values()) if tag):
        for f, tag in table.items():  # an RDF 1.2 base direction is not part of the tag
            if tag and b"--" in tag:
                table[f] = tag.split(b"--", 1)[0]
    return _with_errors(table, fields)


def _all_plain(fields: set[bytes], body: bytes) -> bool:
    """Whether ``fields`` are all literals and no literal of the answer has a language."""
    if not fields or b'"@' in body:
        return False
    return min(fields)[:1] == b'"' == max(fields)[:1]  # bytes sort on their first byte


def _ties(ranked: list[int]) -> bool:
    """Whether two neighbours of the sorted ``ranked`` are equal."""
    return any(map(operator.eq, ranked, itertools.islice(ranked, 1, None)))


def order(data: bytes, the_plan: Plan) -> bytes:
    """``data`` (the SPARQL TSV answer to ``the_plan.head``) in the order of its keys."""
    header, _, body = data.partition(b"\n")
    names = [name[1:].decode() for name in header.split(b"\t")] if header else []
    rows = body.split(b"\n")
    rows.pop()  # the text after the last line break
    n, width = len(rows), len(names)
    cells = body.replace(b"\n", b"\t").split(b"\t") if n else []
    if len(cells) != n * width + (1 if n else 0):
        raise ValueError("the store's TSV answer has rows of another width than its header")
    escaped = b"\\" in body
    # each row's keys as one integer: the rank of its first key among that key's values,
    # then of its second key, and so on (integers compare much faster than tuples)
    keys: list[int] | None = None
    unique = False  # whether no two rows agree on the keys so far
    combinations = 1  # how many values the keys so far can take together
    fields: dict[str, set[bytes]] = {}
    for kind, variable in the_plan.keys:
        column = cells[names.index(variable) : n * width : width]
        found = fields.setdefault(variable, set(column))
        if kind == "LANG" and _all_plain(found, body):
            continue  # every value is a literal without a language tag: LANG is always ""
        table = _str_keys(found, escaped) if kind == "STR" else _lang_keys(found)
        values = set(table.values())
        if len(values) < 2:
            continue  # a key that is the same for every row decides nothing
        if len(values) == len(table):  # one value per term: rank the terms by their value
            ranks_of = dict(zip(sorted(table, key=table.__getitem__), itertools.count()))
        else:
            rank_of = dict(zip(sorted(values), itertools.count()))
            ranks_of = dict(zip(table, map(rank_of.__getitem__, table.values()), strict=True))
        column_ranks = map(ranks_of.__getitem__, column)
        if keys is None:
            keys = list(column_ranks)
        else:
            scaled = map(operator.mul, keys, itertools.repeat(len(values)))
            keys = list(map(operator.add, scaled, column_ranks))
        combinations *= len(values)
        if combinations >= n and len(set(keys)) == n:
            unique = True
            break  # no two rows agree on the keys so far: the others cannot change the order
    if keys is None:
        keys = [0] * n
    ranks = sorted(range(n), key=keys.__getitem__)
    if not unique and _ties(list(map(keys.__getitem__, ranks))):
        # rows that agree on every key: their TSV text decides, and DISTINCT keeps one
        ordered = [row for _key, row in sorted(zip(keys, rows, strict=True))]
        if the_plan.distinct:
            ordered = list(dict.fromkeys(ordered))
    else:
        ordered = list(map(rows.__getitem__, ranks))
    ordered.insert(0, header)
    ordered.append(b"")  # the answer ends with a line break
    return b"\n".join(ordered)
