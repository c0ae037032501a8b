"""sh:datatype: a value node is a literal of the datatype, well-typed as rdflib reads it.

pySHACL judges a literal by rdflib's reading of it: a literal of a datatype rdflib converts
to a Python value is ill-typed when rdflib cannot convert it, or converts it to a value of
the wrong type. The SPARQL filter lets through every literal of another datatype and, for
those datatypes, every literal whose lexical form is not surely read well; the exact check
asks rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from coekg.shacl.components.base import (
    TRUE,
    Component,
    Context,
    Evaluator,
    ValueCheck,
    shape_values,
    sparql_string,
)
from coekg.shacl.literals import (
    RDFLIB_CONVERTED,
    decode,
    encoded_datatype,
    is_ill_typed_mark,
    to_rdflib,
)
from coekg.shacl.paths import NotCompilable
from coekg.shacl.results import Result
from coekg.shacl.shapes import RDF, RDFS, SH, XSD, Shape, Term
from coekg.shacl.stringify import Stringifier

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

#: datatypes pySHACL judges without rdflib's reading of the lexical form
_SPECIAL = {RDFS + "Literal", RDFS + "Datatype", RDF + "langString", XSD + "string"}


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


class Datatype(Component):
    """sh:datatype (one per shape)."""

    name = "datatype"
    parameters = ("datatype",)
    reports = ("DatatypeConstraintComponent",)
    value_level = True

    def value_checks(self, ev: Evaluator, shape: Shape, depth: int) -> list[ValueCheck]:
        datatypes = ev.sg.objects(shape.node, SH + "datatype")
        if len(datatypes) > 1:
            raise NotCompilable(f"{shape.node} has more than one sh:datatype")
        out: list[ValueCheck] = []
        for d in datatypes:
            if not isinstance(d, ox.NamedNode):
                raise NotCompilable("sh:datatype must be an IRI")
            out.append(DatatypeCheck(d.value))
        return out

    def message(self, r: Result, s: Stringifier) -> str:
        return f"Value is not Literal with datatype {s.shapes(shape_values(r, s, 'datatype')[0])}"
