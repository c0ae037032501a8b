"""Typed parameters of canned queries, and RDF terms written as SPARQL text.

A parameter ``p`` is the variable ``?p`` of its query; a value given on the command line (or
in a URL) becomes one RDF term of the parameter's type (:func:`parameter_term`), never text
pasted into the query. :func:`term_syntax` writes a term so that every SPARQL parser reads it
back as that one term.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg.errors import QueryParameterError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.query.results import Term

XSD = "http://www.w3.org/2001/XMLSchema#"

#: parameter type -> what a value must look like (for messages)
PARAMETER_TYPES: dict[str, str] = {
    "string": "any text",
    "iri": "an absolute IRI such as https://w3id.org/coekg/id/project/...",
    "date": "a date: YYYY, YYYY-MM or YYYY-MM-DD",
    "integer": "an integer",
}

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a canned query, bound to the variable ``?{name}``."""

    name: str
    type: str  # a key of PARAMETER_TYPES
    default: str  # "" means the parameter has no default: it must be given
    description: str

    @property
    def required(self) -> bool:
        return self.default == ""


def parameter_term(p: Parameter, value: str, query: str) -> ox.NamedNode | ox.Literal:
    import pyoxigraph as ox

    def bad(why: str) -> QueryParameterError:
        return QueryParameterError(
            f"parameter {p.name!r} of query {query!r}: {value!r} {why} "
            f"(expected {PARAMETER_TYPES[p.type]})"
        )

    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad("is not valid text") from None
    if p.type == "string":
        return ox.Literal(value)
    if p.type == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError as e:
            raise bad(f"is not an absolute IRI: {e}") from None
    if p.type == "integer":
        if not _INTEGER.match(value):
            raise bad("is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    found = _DATE.match(value)
    if not found:
        raise bad("is not a date")
    year, month, day = found.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise bad("is not a date of the calendar") from None
    datatype = "date" if day else "gYearMonth" if month else "gYear"
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


_HEX = frozenset("0123456789abcdefABCDEF")
_ESCAPE_OR_CHAR = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|[^\\]", re.DOTALL)


def portable_escapes(text: str) -> str:
    """``text`` (a serialised term) with escapes that every SPARQL parser reads alike.

    SPARQL processes ``\\uXXXX`` escapes before parsing, and some parsers do so without
    regard to a preceding escaped backslash, or read up to eight hex digits after ``\\u``,
    or only lowercase hex. So a ``u`` or ``U`` right after an escaped backslash is written as
    an escape, hex digits right after an escape are escapes too, and escapes use lowercase.
    """
    out: list[str] = []
    previous = ""
    hex_run = False
    for m in _ESCAPE_OR_CHAR.finditer(text):
        token = m.group()
        if token[:2] in ("\\u", "\\U"):
            out.append(token.lower() if token[1] == "u" else f"\\u{int(token[2:], 16):04x}")
            hex_run = True
        elif (previous == "\\\\" and token in ("u", "U")) or (hex_run and token in _HEX):
            out.append(f"\\u{ord(token):04x}")
            hex_run = True
        else:
            out.append(token)
            hex_run = False
        previous = token
    return "".join(out)


def term_syntax(term: Term) -> str:
    """``term`` in N-Triples syntax (also valid SPARQL), checked to read back as itself."""
    import pyoxigraph as ox

    text = portable_escapes(str(term))
    triple = f"<urn:coekg:s> <urn:coekg:p> {text} .\n"
    try:
        parsed = list(ox.parse(triple.encode(), ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        parsed = []
    if len(parsed) != 1 or parsed[0].object != term:
        raise ValueError(f"cannot write {term!r} as one SPARQL term")
    return text


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` strings (from ``--param``) as a dict; a usage error if malformed."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryParameterError(f"--param {pair!r}: expected KEY=VALUE")
        if key in out:
            raise QueryParameterError(f"--param {key}: given twice")
        out[key] = value
    return out
