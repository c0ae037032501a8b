"""SPARQL text, read as tokens: enough to find a query's form, its projection, a top-level
``ORDER BY``, the WHERE clause and its ``PREFIX`` declarations, skipping strings, IRIs and
comments. No RDF library: the query catalogue, parameter binding and the ordering of answers
all read query text through this module."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"
               |'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*(?::[^\s{}()\[\];,"'<>\#]*)?|:[^\s{}()\[\];,"'<>\#]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, word or other
    text: str
    start: int
    depth: int  # nesting of { } before the token


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    depth = 0
    for m in TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        token = m.group()
        if token == "}":
            depth -= 1
        out.append(Token(kind, token, m.start(), depth))
        if token == "{":
            depth += 1
    return out


def is_word(token: Token, word: str) -> bool:
    return token.kind == "word" and token.text.upper() == word


def query_form(text: str) -> str:
    """The form of the query: ``select``, ``ask``, ``construct`` or ``describe``."""
    for t in tokenize(text):
        if t.kind == "word" and t.depth == 0 and t.text.upper() in _FORMS:
            return t.text.lower()
    raise ValueError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def has_order_by(text: str) -> bool:
    """Whether the query itself (not a sub-query) has an ORDER BY."""
    tokens = tokenize(text)
    return any(
        is_word(a, "ORDER") and is_word(b, "BY") and a.depth == 0
        for a, b in itertools.pairwise(tokens)
    )


def projection(text: str) -> set[str] | None:
    """The variables a SELECT query projects (``None`` for ``SELECT *``)."""
    tokens = tokenize(text)
    start = next(i for i, t in enumerate(tokens) if is_word(t, "SELECT") and t.depth == 0)
    names: set[str] = set()
    parens = 0
    after_as = False
    for t in tokens[start + 1 :]:
        if t.text == "{" or (t.kind == "word" and t.text.upper() in ("WHERE", "FROM")):
            break
        if t.text == "*" and parens == 0:
            return None
        if t.text == "(":
            parens += 1
        elif t.text == ")":
            parens -= 1
        elif t.kind == "var" and (parens == 0 or after_as):
            names.add(t.text[1:])
        after_as = is_word(t, "AS")
    return names


def where_start(text: str) -> int:
    """The offset just after the ``{`` that opens the WHERE clause."""
    tokens = tokenize(text)
    braces = [i for i, t in enumerate(tokens) if t.text == "{" and t.depth == 0]
    if not braces:
        raise ValueError("the query has no WHERE clause to bind parameters in")
    first = braces[0]
    if query_form(text) == "construct" and not (first > 0 and is_word(tokens[first - 1], "WHERE")):
        if len(braces) < 2:
            raise ValueError("the query has no WHERE clause to bind parameters in")
        first = braces[1]
    return tokens[first].start + 1


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX`` declarations of a query text."""
    tokens = tokenize(text)
    out: dict[str, str] = {}
    for keyword, name, iri in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if is_word(keyword, "PREFIX") and name.text.endswith(":") and iri.kind == "iri":
            out[name.text[:-1]] = iri.text[1:-1]
    return out


#: what may join prefixed names into one word token: property path operators
_PATH_OPERATORS = re.compile(r"[/|^*+?!]")


@dataclass(frozen=True)
class PrefixedName:
    """A prefixed name as written in a query (``coekg:Project``), and where."""

    prefix: str
    text: str
    line: int


def prefixed_names(text: str) -> list[PrefixedName]:
    """Every prefixed name the query uses (not those of its ``PREFIX`` declarations), in
    order. Blank node labels (``_:b``) are not names."""
    tokens = tokenize(text)
    out: list[PrefixedName] = []
    for before, token in zip([None, *tokens], tokens, strict=False):
        if token.kind != "word" or ":" not in token.text:
            continue
        if before is not None and is_word(before, "PREFIX"):
            continue
        line = text.count("\n", 0, token.start) + 1
        for piece in _PATH_OPERATORS.split(token.text):
            prefix, colon, _ = piece.partition(":")
            if colon and prefix != "_":
                out.append(PrefixedName(prefix, piece, line))
    return out


def with_prefixes(text: str, known: Mapping[str, str]) -> tuple[str, int]:
    """``text`` with a ``PREFIX`` declaration for each prefix of ``known`` that it uses
    without declaring, and how many characters were added.

    The declarations go before the first line, on that same line, so that the line numbers
    of messages about the query stay right (columns of the first line move by the count).
    """
    declared = declared_prefixes(text)
    needed = sorted(
        {n.prefix for n in prefixed_names(text) if n.prefix not in declared and n.prefix in known}
    )
    if not needed:
        return text, 0
    added = "".join(f"PREFIX {p}: <{known[p]}> " for p in needed)
    return added + text, len(added)
