"""Typed parameters of canned queries, and RDF terms written as SPARQL text.

A parameter ``p`` is the variable ``?p`` of its query; a value given on the command line (or
in a URL) becomes one RDF term of the parameter's type (:func:`parameter_term`), never text
pasted into the query. A resource is given by the name the tool prints (``state:azerbaijan``,
or ``<iri>``) or by its full IRI. :func:`term_syntax` writes a term so that every SPARQL
parser reads it back as that one term.

An *optional* parameter has no default: left out, it is unbound, and the query answers for
every value of it ("all").
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.errors import QueryParameterError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.query.results import Term

XSD = "http://www.w3.org/2001/XMLSchema#"

#: parameter type -> what a value must look like (for messages)
PARAMETER_TYPES: dict[str, str] = {
    "string": "any text",
    "iri": "a resource: a name such as state:azerbaijan, or a full IRI",
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
    default: str  # "" means the parameter has no default: it must be given, or is optional
    description: str
    optional: bool = False  # left out, it is unbound: the query answers for every value
    resource_class: str | None = None  # an iri parameter: the class its resources belong to
    values: tuple[str, ...] = ()  # a string parameter: the values it takes, if listed

    @property
    def required(self) -> bool:
        return self.default == "" and not self.optional

    def expected(self) -> str:
        """What a value must look like, for messages."""
        if self.values:
            return "one of " + ", ".join(self.values)
        if self.resource_class:
            kind = namespaces.short_name(self.resource_class)
            return f"a {kind}: its name, such as state:azerbaijan, or its full IRI"
        return PARAMETER_TYPES[self.type]


def resource_iri(value: str, prefixes: Mapping[str, str] | None = None) -> str:
    """The IRI a resource parameter's value names: ``prefix:local`` (the project's prefixes,
    and ``prefixes``), ``<iri>``, or the value itself (an absolute IRI)."""
    known = {**namespaces.PREFIXES, **(prefixes or {})}
    expanded = namespaces.expand_name(value, known)
    return value if expanded is None else expanded


def parameter_term(
    p: Parameter, value: str, query: str, prefixes: Mapping[str, str] | None = None
) -> ox.NamedNode | ox.Literal:
    """The RDF term ``value`` stands for as a value of ``p``; ``prefixes`` are the query's
    own declarations, which a resource name may use besides the project's."""
    import pyoxigraph as ox

    def bad(why: str) -> QueryParameterError:
        return QueryParameterError(
            f"parameter {p.name!r} of query {query!r}: {value!r} {why} (expected {p.expected()})"
        )

    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad("is not valid text") from None
    if p.type == "string":
        if p.values and value not in p.values:
            close = difflib.get_close_matches(value, p.values, n=1, cutoff=0.5)
            raise bad("is not a value it takes" + (f"; did you mean {close[0]}?" if close else ""))
        return ox.Literal(value)
    if p.type == "iri":
        try:
            return ox.NamedNode(resource_iri(value, prefixes))
        except ValueError as e:
            raise bad(f"is not a resource name nor an absolute IRI: {e}") from None
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
