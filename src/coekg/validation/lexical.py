"""How literals are written: an ill-formed literal said as such, with what is wrong, and
numbers and booleans in their canonical form.

A SHACL engine reports ``"2023-13-01"^^xsd:date`` only as a value that fails
``sh:datatype`` (or, in an ``sh:or`` of dates, as "none of the allowed forms"); here it is
"not a date: month 13 does not exist", listed before any other finding about that value.

The canonical form is what a triple store writes back: Oxigraph, for one, stores
``"05"^^xsd:integer`` as ``"5"`` and ``"1.50"^^xsd:decimal`` as ``"1.5"``, so a literal
written otherwise would not come back as the data writes it. No SHACL engine that reads
through rdflib can see the difference (rdflib rewrites the form on reading), so this check
is coekg's own.
"""

from __future__ import annotations

import calendar
import re
from typing import TYPE_CHECKING

from coekg.validation.findings import Finding
from coekg.validation.wording import CHECKS

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

XSD = "http://www.w3.org/2001/XMLSchema#"
#: components of the findings of this module
ILL_FORMED = CHECKS + "IllFormedLiteral"
NOT_CANONICAL = CHECKS + "NonCanonicalLiteral"

_MONTHS = list(calendar.month_name)
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_YEAR = r"(-?(?:[1-9][0-9]{4,}|[0-9]{4}))"
_ZONE = r"(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = re.compile(rf"^{_YEAR}-([0-9]{{2}})-([0-9]{{2}}){_ZONE}$")
_YEAR_MONTH = re.compile(rf"^{_YEAR}-([0-9]{{2}}){_ZONE}$")
_GYEAR = re.compile(rf"^{_YEAR}{_ZONE}$")
_IRI = re.compile(r"^[^\s<>\"{}|\\^`]*$")
#: integer datatypes: (lowest, highest) value, None for no bound
_INTEGERS: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_NAMES = {
    "date": "a date (YYYY-MM-DD)",
    "gYearMonth": "a month (YYYY-MM)",
    "gYear": "a year (YYYY)",
    "decimal": "a decimal number",
    "boolean": "a boolean (true or false)",
    "anyURI": "a URI",
    "integer": "an integer",
    "nonNegativeInteger": "a non-negative integer",
    "positiveInteger": "a positive integer",
}


def _month(text: str) -> str | None:
    month = int(text)
    return None if 1 <= month <= 12 else f"month {month} does not exist"


def _date_problem(lexical: str, local: str) -> str | None:
    pattern = {"date": _DATE, "gYearMonth": _YEAR_MONTH, "gYear": _GYEAR}[local]
    m = pattern.match(lexical)
    if m is None:
        return "written otherwise"
    if local == "gYear":
        return None
    wrong_month = _month(m.group(2))
    if wrong_month or local == "gYearMonth":
        return wrong_month
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    last = calendar.monthrange(year if year > 0 else 2000 + year % 400, month)[1]
    if not 1 <= day <= last:
        return f"{_MONTHS[month]} {year} has no day {day}"
    return None


def _canonical_integer(lexical: str) -> str:
    return str(int(lexical))


def _canonical_decimal(lexical: str) -> str:
    sign = "-" if lexical.startswith("-") else ""
    whole, _, fraction = lexical.lstrip("+-").partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    if whole == "0" and not fraction:
        sign = ""
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def problem(lexical: str, datatype: str) -> tuple[str, str] | None:
    """What is wrong with ``lexical`` as a literal of ``datatype``: (the component
    :data:`ILL_FORMED` or :data:`NOT_CANONICAL`, what is wrong in words), or None."""
    if not datatype.startswith(XSD):
        return None
    local = datatype[len(XSD) :]
    name = _NAMES.get(local, f"an xsd:{local}")
    if local in ("date", "gYearMonth", "gYear"):
        wrong = _date_problem(lexical, local)
        return (ILL_FORMED, f"not {name}: {wrong}") if wrong else None
    if local in _INTEGERS:
        if not _INTEGER.match(lexical):
            return ILL_FORMED, f"not {name}"
        value = int(lexical)
        low, high = _INTEGERS[local]
        if (low is not None and value < low) or (high is not None and value > high):
            return ILL_FORMED, f"{value} is not {name}"
        if lexical != _canonical_integer(lexical):
            return NOT_CANONICAL, f"write {_canonical_integer(lexical)}, as triple stores do"
        return None
    if local == "decimal":
        if not _DECIMAL.match(lexical):
            return ILL_FORMED, f"not {name}"
        if lexical != _canonical_decimal(lexical):
            return NOT_CANONICAL, f"write {_canonical_decimal(lexical)}, as triple stores do"
        return None
    if local == "boolean":
        if lexical not in ("true", "false", "1", "0"):
            return ILL_FORMED, f"not {name}"
        if lexical in ("1", "0"):
            canonical = "true" if lexical == "1" else "false"
            return NOT_CANONICAL, f"write {canonical}, as triple stores do"
        return None
    if local == "anyURI" and not _IRI.match(lexical):
        return ILL_FORMED, f'not {name}: it holds a space or one of <>"{{}}|\\^`'
    return None


def literal_findings(kg: KnowledgeGraph) -> list[Finding]:
    """A finding for each literal of the data that is ill-formed or not canonical."""
    import pyoxigraph as ox

    out: list[Finding] = []
    for q in kg.quads("data"):
        o = q.object
        if not isinstance(o, ox.Literal) or not o.datatype.value.startswith(XSD):
            continue
        found = problem(o.value, o.datatype.value)
        if found is None:
            continue
        component, wrong = found
        kind = "" if component == ILL_FORMED else "not in canonical form: "
        datatype = "xsd:" + o.datatype.value[len(XSD) :]
        subject = q.subject
        if isinstance(subject, ox.BlankNode):
            focus = f"_:{subject.value}"
        else:
            focus = subject.value if isinstance(subject, ox.NamedNode) else str(subject)
        out.append(
            Finding(
                focus=focus,
                severity="Violation",
                message=f'"{o.value}"^^{datatype} is {kind}{wrong}',
                path=q.predicate.value,
                value=o.value,
                value_term=str(o),
                component=component,
                order=0,
            )
        )
    return out
