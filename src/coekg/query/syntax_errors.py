"""One readable line for a query that does not parse: the file and line, and what to do.

Oxigraph's message lists every character it would have accepted, as Unicode ranges, which
hides the actual mistake. The usual mistakes are recognised first: a prefix used without a
declaration (the message gives the declaration to add) and a prefixed name with a ``/`` in
it, such as ``id:state/azerbaijan`` (the message gives the name to write instead). Any other
error keeps Oxigraph's words, with the character classes shortened.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from coekg import namespaces
from coekg.errors import ParseError
from coekg.query.sparql_text import declared_prefixes, prefixed_names, tokenize

#: common vocabularies outside the project's prefixes, to name the declaration to add
COMMON_PREFIXES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "dct": "http://purl.org/dc/terms/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "locn": "http://www.w3.org/ns/locn#",
    "adms": "http://www.w3.org/ns/adms#",
    "qb": "http://purl.org/linked-data/cube#",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "wikibase": "http://wikiba.se/ontology#",
    "ex": "http://example.org/",
}

#: an error listing more than this (in characters) of what was expected says what was found
MESSAGE_LIMIT = 120

_POSITION = re.compile(r"^\s*(?:error|Parser error) at (\d+):(\d+)(?:-\d+:\d+)?\s*:\s*")
_CHARACTER_CLASS = re.compile(r"\[[^\[\]]*\\u\{[^\]]*\]")


def missing_prefix(where: Path | str, text: str) -> ParseError | None:
    """The error for the first prefix ``text`` uses without declaring it, if any (the
    project's prefixes are declared by then)."""
    declared = declared_prefixes(text)
    for name in prefixed_names(text):
        if name.prefix in declared:
            continue
        known = COMMON_PREFIXES.get(name.prefix)
        declaration = f"PREFIX {name.prefix}: <{known or 'namespace IRI'}>"
        close = difflib.get_close_matches(
            name.prefix, [*namespaces.PREFIXES, *declared], n=1, cutoff=0.6
        )
        hint = f", or did you mean {close[0]}:?" if close and not known else ""
        return ParseError(
            where,
            f"prefix {name.prefix!r} is not declared ({name.text}); add {declaration}{hint}",
            name.line,
        )
    return None


def _slashed_name(text: str) -> ParseError | None:
    """The error for the first prefixed name with a ``/`` in it (``id:state/azerbaijan``),
    if there is one; a path of names (``coekg:status/rdfs:label``) is not one."""
    declared = {**namespaces.PREFIXES, **declared_prefixes(text)}
    for token in tokenize(text):
        if token.kind != "word":
            continue
        prefix, colon, local = token.text.partition(":")
        if not colon or "/" not in local or ":" in local or prefix not in declared:
            continue
        iri = declared[prefix] + local.rstrip(".;,")
        name = namespaces.short_name(iri, declared)
        return ParseError(
            "",
            f"{token.text} is not a SPARQL name (a prefixed name holds no '/'); write {name}",
            text.count("\n", 0, token.start) + 1,
        )
    return None


def syntax_error(where: Path | str, text: str, error: SyntaxError, added: int = 0) -> ParseError:
    """A :class:`ParseError` naming ``where`` and the line, for Oxigraph's ``error`` about
    the query ``text`` (whose first line starts with ``added`` characters of declarations
    that the file does not hold)."""
    found = missing_prefix(where, text)
    if found is not None:
        return found
    message = " ".join((error.msg or str(error)).split())
    position = _POSITION.match(message)
    if position is None:
        return ParseError(where, f"syntax error: {message}")
    slashed = _slashed_name(text)
    if slashed is not None:
        return ParseError(where, slashed.detail, slashed.line)
    line, at = int(position.group(1)), int(position.group(2))
    column = max(1, at - added) if line == 1 else at  # the column in the file
    expected = _CHARACTER_CLASS.sub("[a name character]", message[position.end() :])
    if len(expected) > MESSAGE_LIMIT or "[a name character]" in expected:
        lines = text.splitlines()
        words = lines[line - 1][at - 1 :].split() if 0 < line <= len(lines) else []
        got = f"unexpected {words[0][:40]!r}" if words else "unexpected end of the query"
        return ParseError(where, f"syntax error at column {column}: {got}", line)
    return ParseError(where, f"syntax error at column {column}: {expected}", line)
