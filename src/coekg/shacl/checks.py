"""Value-level constraints: a SPARQL filter that lets through every failing value, and an
exact check in Python that decides, the way pySHACL decides, for the values that pass it.

A filter is *exact* when it lets through exactly the failing values; the Python check is
then not needed. Otherwise it lets through a superset (for example every ``xsd:date`` whose
lexical form is not canonical), and the exact check settles each candidate with rdflib's
own reading of the literal, because pySHACL judges literals by rdflib's reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox

from coekg.shacl.literals import (
    RDFLIB_CONVERTED,
    decode,
    encoded_datatype,
    is_ill_typed_mark,
    pyshacl_literal,
    quiet_rdflib,
)
from coekg.shacl.paths import NotCompilable, term
from coekg.shacl.shapes import RDF, RDFS, SH, XSD, Shape, Term

FALSE = "false"
TRUE = "true"


class Context(Protocol):
    """What an exact check may ask of the data: one ASK with ``?v`` bound to a value."""

    def ask(self, condition: str, value: Term) -> bool: ...


class ValueCheck(Protocol):
    """One constraint judged value by value."""

    @property
    def component(self) -> str:
        """The local name of the sh:...ConstraintComponent."""

    @property
    def exact(self) -> bool:
        """True when :meth:`prefilter` lets through exactly the failing values."""

    @property
    def reports_value(self) -> bool:
        """False for sh:hasValue on a node shape: its result has no sh:value."""

    def prefilter(self, v: str) -> str: ...

    def fails(self, value: Term, ctx: Context) -> bool: ...


def sparql_string(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{out}"'


def _or(parts: list[str]) -> str:
    parts = [p for p in parts if p != FALSE]
    if not parts:
        return FALSE
    if TRUE in parts:
        return TRUE
    return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def _and(parts: list[str]) -> str:
    parts = [p for p in parts if p != TRUE]
    if not parts:
        return TRUE
    if FALSE in parts:
        return FALSE
    return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"


def _not(expr: str) -> str:
    if expr == TRUE:
        return FALSE
    if expr == FALSE:
        return TRUE
    return f"!({expr})"


@dataclass
class ExactCheck:
    """A check whose SPARQL filter is exact; Python asks the store when it must decide."""

    component: str
    condition: Callable[[str], str]
    reports_value: bool = True
    exact: bool = True

    def prefilter(self, v: str) -> str:
        return self.condition(v)

    def fails(self, value: Term, ctx: Context) -> bool:
        cond = self.condition("?v")
        if cond in (TRUE, FALSE):
            return cond == TRUE
        return ctx.ask(cond, value)


# --- sh:datatype -------------------------------------------------------------------------

#: datatypes rdflib converts to a Python value (and may find ill-typed): pySHACL's verdict
#: on a literal of one of these depends on rdflib's reading of its lexical form
_RDFLIB_CONVERTED = RDFLIB_CONVERTED - {XSD + "normalizedString", XSD + "token"}

_YEAR = "([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_DATE = _YEAR + "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"

#: lexical forms that rdflib surely reads as well-typed values of the right Python type
#: (a regular expression, and for dates a cast that checks the day exists)
_SAFE: dict[str, tuple[str, str | None]] = {
    XSD + "integer": ("^-?[0-9]+$", None),
    XSD + "nonNegativeInteger": ("^[0-9]+$", None),
    XSD + "positiveInteger": ("^0*[1-9][0-9]*$", None),
    XSD + "nonPositiveInteger": ("^(-[0-9]+|0+)$", None),
    XSD + "negativeInteger": ("^-0*[1-9][0-9]*$", None),
    XSD + "decimal": ("^-?[0-9]+(\\.[0-9]+)?$", None),
    XSD + "boolean": ("^(true|false)$", None),
    XSD + "double": ("^-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?$", None),
    XSD + "float": ("^-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?$", None),
    XSD + "date": (f"^{_DATE}$", XSD + "date"),
    XSD + "dateTime": (f"^{_DATE}T{_TIME}(\\.[0-9]+)?$", XSD + "dateTime"),
    XSD + "time": (f"^{_TIME}(\\.[0-9]+)?$", None),
}


_quiet_rdflib = quiet_rdflib


def to_rdflib(t: Term) -> Any:
    import rdflib

    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    with _quiet_rdflib():
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == XSD + "string":
            return rdflib.Literal(t.value)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))


def reported(t: Term | None) -> Term | None:
    """A term as pySHACL reports it: rdflib rewrites the lexical form of literals it can
    read (``"TRUE"^^xsd:boolean`` becomes ``"true"``)."""
    if not isinstance(t, ox.Literal):
        return t
    return decode(pyshacl_literal(t))


def _rdflib_type_ok(lit: ox.Literal, datatype: str) -> bool:
    """pySHACL's verdict on a literal whose datatype IRI is ``datatype``."""
    from datetime import date, datetime, time
    from decimal import Decimal

    v = to_rdflib(lit)
    if getattr(v, "ill_typed", None) is True:
        return False
    value = v.value
    expected: dict[str, type | tuple[type, ...]] = {
        XSD + "integer": int,
        XSD + "float": float,
        XSD + "decimal": Decimal,
        XSD + "boolean": bool,
        XSD + "date": date,
        XSD + "time": time,
        XSD + "dateTime": datetime,
    }
    kind = expected.get(datatype)
    return True if kind is None else isinstance(value, kind)


@dataclass
class DatatypeCheck:
    datatype: str
    component: str = "DatatypeConstraintComponent"
    reports_value: bool = True

    @property
    def exact(self) -> bool:
        return self.datatype in _SPECIAL or self.datatype not in _RDFLIB_CONVERTED

    def prefilter(self, v: str) -> str:
        d = self.datatype
        if d == RDFS + "Literal":
            return f"!isLiteral({v})"
        if d == RDFS + "Datatype":
            return f"(!isLiteral({v}) || datatype({v}) IN (<{XSD}string>, <{RDF}langString>))"
        if d == RDF + "langString":
            return f'(!isLiteral({v}) || lang({v}) = "")'
        encoded = encoded_datatype(d)
        wrong = f"(!isLiteral({v}) || (datatype({v}) != <{d}> && datatype({v}) != <{encoded}>))"
        if d not in _RDFLIB_CONVERTED or d in _SPECIAL:
            return wrong
        safe = _SAFE.get(d)
        if safe is None:
            return TRUE
        pattern, cast = safe
        ok = f"REGEX(STR({v}), {sparql_string(pattern)})"
        if cast:
            ok = f"({ok} && COALESCE(isLiteral(<{cast}>(STR({v}))), false))"
        return f"({wrong} || !{ok})"

    def fails(self, value: Term, ctx: Context) -> bool:
        """pySHACL's DatatypeConstraintComponent on a literal in its store form."""
        d = self.datatype
        if not isinstance(value, ox.Literal):
            return True
        ill = is_ill_typed_mark(value)
        lit = decode(value)
        assert isinstance(lit, ox.Literal)
        rdflib_datatype = (
            None if lit.language or lit.datatype.value == XSD + "string" else lit.datatype.value
        )
        if rdflib_datatype == d:
            if ill:
                return True
            return d in _RDFLIB_CONVERTED and not _rdflib_type_ok(lit, d)
        if d == RDFS + "Literal":
            return False
        if d == RDFS + "Datatype":
            return rdflib_datatype is None
        if d == XSD + "string":
            return rdflib_datatype is not None or lit.language is not None
        if d == RDF + "langString":
            return not lit.language
        return True


_SPECIAL = {RDFS + "Literal", RDFS + "Datatype", RDF + "langString", XSD + "string"}


# --- sh:nodeKind, sh:class, sh:in, sh:hasValue ---------------------------------------------

_NODE_KIND = {
    SH + "IRI": "!isIRI({v})",
    SH + "BlankNode": "!isBlank({v})",
    SH + "Literal": "!isLiteral({v})",
    SH + "BlankNodeOrIRI": "isLiteral({v})",
    SH + "BlankNodeOrLiteral": "isIRI({v})",
    SH + "IRIOrLiteral": "isBlank({v})",
}


def node_kind(kind: Term) -> ExactCheck:
    template = _NODE_KIND.get(kind.value) if isinstance(kind, ox.NamedNode) else None
    if template is None:
        return ExactCheck("NodeKindConstraintComponent", lambda v: TRUE)
    return ExactCheck("NodeKindConstraintComponent", lambda v: template.format(v=v))


def class_of(cls: Term, subclasses: list[Term] | None = None) -> ExactCheck:
    """sh:class; with the classes whose instances are SHACL instances of ``cls`` (itself and
    its subclasses, computed once), each value needs one index lookup instead of a path."""
    c = term(cls)
    if subclasses and not any(isinstance(s, ox.BlankNode) for s in subclasses):
        listed = ", ".join(term(s) for s in subclasses)
        return ExactCheck(
            "ClassConstraintComponent",
            lambda v: (
                f"(isLiteral({v}) || "
                f"NOT EXISTS {{ {v} <{RDF}type> ?_t FILTER(?_t IN ({listed})) }})"
            ),
        )
    return ExactCheck(
        "ClassConstraintComponent",
        lambda v: f"(isLiteral({v}) || NOT EXISTS {{ {v} <{RDF}type>/<{RDFS}subClassOf>* {c} }})",
    )


Variants = Callable[[Term], list[Term]]


def one_of(values: list[Term], variants: Variants) -> ExactCheck:
    texts = [term(f) for t in values for f in variants(t)]

    def cond(v: str) -> str:
        if not texts:
            return TRUE
        return "!(" + " || ".join(f"sameTerm({v}, {t})" for t in texts) + ")"

    return ExactCheck("InConstraintComponent", cond)


def has_value_on_node(value: Term, variants: Variants) -> ExactCheck:
    forms = [term(f) for f in variants(value)]
    return ExactCheck(
        "HasValueConstraintComponent",
        lambda v: "!(" + " || ".join(f"sameTerm({v}, {t})" for t in forms) + ")",
        False,
    )


# --- strings ---------------------------------------------------------------------------------


def _int_param(t: Term) -> int:
    if not isinstance(t, ox.Literal):
        raise NotCompilable(f"{t} is not an integer")
    try:
        return int(t.value)
    except ValueError:
        raise NotCompilable(f"{t} is not an integer") from None


def min_length(limit: Term) -> ExactCheck:
    n = _int_param(limit)
    if n == 0:
        return ExactCheck("MinLengthConstraintComponent", lambda v: FALSE)
    return ExactCheck(
        "MinLengthConstraintComponent", lambda v: f"(isBlank({v}) || STRLEN(STR({v})) < {n})"
    )


def max_length(limit: Term) -> ExactCheck:
    n = _int_param(limit)
    return ExactCheck(
        "MaxLengthConstraintComponent", lambda v: f"(isBlank({v}) || STRLEN(STR({v})) > {n})"
    )


def language_in(tags: list[Term]) -> ExactCheck:
    wanted: list[str] = []
    for t in tags:
        if not isinstance(t, ox.Literal):
            raise NotCompilable("sh:languageIn members must be strings")
        wanted.append(t.value.lower())

    def cond(v: str) -> str:
        if "*" in wanted:
            return f'!(isLiteral({v}) && lang({v}) != "")'
        if not wanted:
            return TRUE
        listed = ", ".join(sparql_string(w) for w in wanted)
        first = f'LCASE(STRBEFORE(CONCAT(lang({v}), "-"), "-"))'
        return (
            f'!(isLiteral({v}) && lang({v}) != "" && '
            f"(LCASE(lang({v})) IN ({listed}) || {first} IN ({listed})))"
        )

    return ExactCheck("LanguageInConstraintComponent", cond)


_TOKEN = re.compile(
    r"""
      (?P<lit>[^\\\[\](){}|^$*+?.])                # a literal character
    | (?P<esc>\\[.\-/\\^$*+?()\[\]{}|])             # an escaped special character
    | (?P<cls>\\[dsS])                             # \d, \s, \S
    | (?P<set>\[\^?(?:[^\\\]\[]|\\[.\-\]\\^/ds])+\])   # a character class
    | (?P<op>\(\?:|\((?!\?)|[)|*+?.^$])               # groups, alternatives, quantifiers, anchors
    | (?P<rep>\{[0-9]+(?:,[0-9]*)?\})              # counted repetition
    """,
    re.VERBOSE,
)


def rust_regex(pattern: str) -> str | None:
    """``pattern`` for Oxigraph's REGEX, matching no string that Python's ``re`` rejects;
    None when the pattern uses syntax outside the subset where that is known to hold.

    Python's ``\\s`` also matches U+001C..U+001F, which Unicode's White_Space (Oxigraph's
    ``\\s``) does not; the translation adds them. Python's ``$`` also matches before a final
    newline, which only makes Python accept more."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        m = _TOKEN.match(pattern, i)
        if m is None:
            return None
        text = m.group(0)
        if m.lastgroup == "cls":
            text = {"\\d": "\\d", "\\s": "[\\s\\x1c-\\x1f]", "\\S": "[^\\s\\x1c-\\x1f]"}[text]
        elif m.lastgroup == "set":
            text = text.replace("\\s", "\\s\\x1c-\\x1f")
        out.append(text)
        i = m.end()
    return "".join(out)


def _python_string(value: Term) -> str:
    """pySHACL's ``value_node_to_string``: the lexical form, or the IRI."""
    return value.value


@dataclass
class PatternCheck:
    pattern: str
    flags: str
    component: str = "PatternConstraintComponent"
    exact: bool = False
    reports_value: bool = True

    def __post_init__(self) -> None:
        re_flags = 0
        if "i" in self.flags.lower():
            re_flags |= re.I
        if "m" in self.flags.lower():
            re_flags |= re.M
        try:
            self._regex = re.compile(self.pattern, re_flags)
        except re.error as e:
            raise NotCompilable(f"sh:pattern {self.pattern!r}: {e}") from None
        sparql_flags = "".join(f for f in "im" if f in self.flags.lower())
        self._sparql = None
        translated = rust_regex(self.pattern)
        if translated is not None:
            args = sparql_string(translated)
            if sparql_flags:
                args += ", " + sparql_string(sparql_flags)
            self._sparql = args

    def prefilter(self, v: str) -> str:
        if self._sparql is None:
            return TRUE
        return f"(isBlank({v}) || !REGEX(STR({v}), {self._sparql}))"

    def fails(self, value: Term, ctx: Context) -> bool:
        if isinstance(value, ox.BlankNode):
            return True
        return self._regex.search(_python_string(value)) is None


# --- ranges ----------------------------------------------------------------------------------

_RANGE: dict[str, tuple[str, str, Callable[[int], bool]]] = {
    "minExclusive": (">", "MinExclusiveConstraintComponent", lambda c: c > 0),
    "minInclusive": (">=", "MinInclusiveConstraintComponent", lambda c: c >= 0),
    "maxExclusive": ("<", "MaxExclusiveConstraintComponent", lambda c: c < 0),
    "maxInclusive": ("<=", "MaxInclusiveConstraintComponent", lambda c: c <= 0),
}


def compare_literal(l1: Any, l2: Any) -> int:
    """pySHACL's ``compare_literal`` on rdflib literals."""
    import datetime

    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime.datetime, datetime.time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


@dataclass
class RangeCheck:
    kind: str
    bound: ox.Literal
    exact: bool = False
    reports_value: bool = True

    @property
    def component(self) -> str:
        return _RANGE[self.kind][1]

    def prefilter(self, v: str) -> str:
        op = _RANGE[self.kind][0]
        return f"COALESCE(!({v} {op} {term(self.bound)}), true)"

    def fails(self, value: Term, ctx: Context) -> bool:
        if not isinstance(value, ox.Literal):
            return True
        v, bound = to_rdflib(decode(value)), to_rdflib(self.bound)
        if isinstance(bound.value, str) != isinstance(v.value, str):
            return True
        try:
            with _quiet_rdflib():
                return not _RANGE[self.kind][2](compare_literal(v, bound))
        except (TypeError, NotImplementedError):
            return True


def value_range(kind: str, bound: Term) -> RangeCheck:
    if not isinstance(bound, ox.Literal):
        raise NotCompilable(f"sh:{kind} needs a literal")
    return RangeCheck(kind, bound)


# --- shapes as values: sh:node, sh:not, sh:and, sh:or, sh:xone -----------------------------


@dataclass
class InlineShape:
    """A node shape made only of value-level constraints, judged value by value."""

    shape: Shape
    checks: list[ValueCheck]

    def report_filter(self, v: str) -> str:
        """True for every value that gets a result from the shape (a superset if not exact)."""
        if self.shape.deactivated:
            return FALSE
        return _or([c.prefilter(v) for c in self.checks])

    @property
    def exact(self) -> bool:
        return all(c.exact for c in self.checks)

    def has_results(self, value: Term, ctx: Context) -> bool:
        if self.shape.deactivated:
            return False
        return any(c.fails(value, ctx) for c in self.checks)

    @property
    def always_conforms(self) -> bool:
        """pySHACL (allowing warnings) counts a Warning or Info shape as conforming."""
        return self.shape.deactivated or self.shape.severity in (SH + "Warning", SH + "Info")

    def fail_filter(self, v: str) -> str:
        return FALSE if self.always_conforms else self.report_filter(v)

    def fails(self, value: Term, ctx: Context) -> bool:
        return not self.always_conforms and self.has_results(value, ctx)


@dataclass
class NodeCheck:
    """sh:node: a value fails when the shape reports anything about it."""

    inner: InlineShape
    component: str = "NodeConstraintComponent"
    reports_value: bool = True

    @property
    def exact(self) -> bool:
        return self.inner.exact

    def prefilter(self, v: str) -> str:
        return self.inner.report_filter(v)

    def fails(self, value: Term, ctx: Context) -> bool:
        return self.inner.has_results(value, ctx)


@dataclass
class LogicCheck:
    """sh:not, sh:and, sh:or and sh:xone over inline shapes."""

    op: str  # "not", "and", "or", "xone"
    members: list[InlineShape]
    reports_value: bool = True

    @property
    def component(self) -> str:
        return self.op.capitalize() + "ConstraintComponent"

    @property
    def exact(self) -> bool:
        return all(m.exact for m in self.members)

    def prefilter(self, v: str) -> str:
        fails = [m.fail_filter(v) for m in self.members]
        if self.op == "or":
            return _and(fails)
        if self.op == "and":
            return _or(fails)
        if not self.exact:
            return TRUE
        if self.op == "not":
            return _not(fails[0])
        conforming = " + ".join(f"IF({f}, 0, 1)" for f in fails)
        return f"(({conforming}) != 1)"

    def fails(self, value: Term, ctx: Context) -> bool:
        fails = [m.fails(value, ctx) for m in self.members]
        if self.op == "or":
            return all(fails)
        if self.op == "and":
            return any(fails)
        if self.op == "not":
            return not fails[0]
        return sum(1 for f in fails if not f) != 1
