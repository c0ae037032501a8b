"""Resources given as parameter values must be in the data; if not, name the nearest ones.

A resource that is not in the data would answer no rows, which reads as "nothing of the
kind": a typo would pass for a fact. So before a query runs, each resource given for a
parameter is looked up in the data it runs on (the embedded store or the endpoint): as a
member of the parameter's class (``class`` in its metadata, subclasses included), or, without
a class, as the subject or object of any statement. An unknown one is a usage error that
names the nearest resources of that class, by name and label (``organisation:eu`` ->
``organisation:european-union (European Union)``); so is a value that is no resource name
at all (``ongoing`` -> ``coekg:Ongoing (ongoing)``). A resource that is in the data but
answers no rows is an empty answer, not an error. Default values are not looked up.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.errors import QueryParameterError
from coekg.query.catalogue import CannedQuery
from coekg.query.parameters import Parameter, parameter_term, term_syntax

if TYPE_CHECKING:
    from coekg.query.results import Results

#: answers a SELECT or ASK query (text) on the data the query will run on
Ask = Callable[[str], "Results"]

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
#: how many nearest resources a message names, at most
NEAREST = 3
#: a resource is named if it is at least this close (a share of the closest one's score)
CLOSE = 0.6


def _classes(resource_class: str) -> str:
    # the classes first, in a sub-query with LIMIT: Virtuoso 7 answers it on its own
    # (queries/README.md); a path with both ends bound loses rows there
    import pyoxigraph as ox

    term = term_syntax(ox.NamedNode(resource_class))
    return f"{{ SELECT DISTINCT ?class WHERE {{ ?class <{RDFS}subClassOf>* {term} }} LIMIT 10000 }}"


def _exists(iri: str, resource_class: str | None) -> str:
    import pyoxigraph as ox

    term = term_syntax(ox.NamedNode(iri))
    if resource_class:
        return f"ASK {{ {_classes(resource_class)} {term} a ?class }}"
    return f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}"


def _candidates(resource_class: str | None, namespace: str) -> str:
    import pyoxigraph as ox

    if resource_class:
        pattern = f"{_classes(resource_class)} ?resource a ?class ."
    else:
        start = term_syntax(ox.Literal(namespace))
        pattern = (
            f"?resource ?p ?o . FILTER (isIRI(?resource) && STRSTARTS(STR(?resource), {start}))"
        )
    return (
        f"SELECT DISTINCT ?resource ?label WHERE {{ {pattern} "
        f"OPTIONAL {{ ?resource <{RDFS}label> ?label }} }}"
    )


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1] if cut >= 0 else iri


def _local(text: str) -> str:
    cut = max(text.rfind("/"), text.rfind("#"), text.rfind(":"))
    return text[cut + 1 :].strip("<>")


def _initials(label: str) -> str:
    return "".join(word[0] for word in label.replace("-", " ").split() if word[0].isalpha())


def _score(needle: str, iri: str, label: str) -> float:
    keys = [_local(iri).lower(), label.lower()]
    best = max(difflib.SequenceMatcher(None, needle, key).ratio() for key in keys)
    if any(key.startswith(needle) or (len(needle) > 2 and needle in key) for key in keys):
        best += 0.5
    if len(needle) > 1 and needle == _initials(label).lower():
        best += 0.5
    return best


def nearest(value: str, found: Results) -> list[str]:
    """The resources of ``found`` (``?resource ?label`` rows) nearest to ``value``, as
    ``name (label)``."""
    labels: dict[str, str] = {}
    for row in found.rows:
        resource, label = row.get("resource"), row.get("label")
        if resource is None:
            continue
        text = label.value if label is not None else ""  # type: ignore[union-attr]
        held = labels.setdefault(resource.value, text)  # type: ignore[union-attr]
        if text and (not held or text < held):
            labels[resource.value] = text  # type: ignore[union-attr]
    needle = _local(value).lower().replace(" ", "-") if ":" in value else value.lower()
    scored = sorted(
        (-_score(needle, iri, label), namespaces.short_name(iri), label)
        for iri, label in labels.items()
    )
    if not scored:
        return []
    best = -scored[0][0]
    close = [s for s in scored[:NEAREST] if -s[0] >= CLOSE * best]
    return [name + (f" ({label})" if label else "") for _, name, label in close]


def _unknown(
    p: Parameter, query: CannedQuery, value: str, why: str, ask: Ask, iri: str
) -> QueryParameterError:
    namespace = _namespace(iri) if iri else ""
    names = nearest(value, ask(_candidates(p.resource_class, namespace)))
    if len(names) == 1:
        hint = f"; did you mean {names[0]}?"
    elif names:
        hint = "; nearest: " + ", ".join(names)
    elif p.resource_class:
        hint = f"; the data holds no {namespaces.short_name(p.resource_class)} at all"
    else:
        hint = f"; the data holds nothing under {namespace}"
    return QueryParameterError(
        f"parameter {p.name!r} of query {query.name!r}: {value!r} {why}{hint}"
    )


def check(query: CannedQuery, params: Mapping[str, str] | None, ask: Ask) -> None:
    """Raise :class:`QueryParameterError` (exit 2) for a resource given in ``params`` that
    the data does not hold (as a member of the parameter's class), naming the nearest."""
    for name, value in sorted((params or {}).items()):
        p = query.parameter(name)
        if p is None or p.type != "iri" or (p.optional and value == ""):
            continue
        try:
            term = parameter_term(p, value, query.name, query.prefixes)
        except QueryParameterError:
            if not p.resource_class:
                raise
            why = "is not a resource name (prefix:name, or a full IRI)"
            raise _unknown(p, query, value, why, ask, "") from None
        iri = term.value
        answer = ask(_exists(iri, p.resource_class))
        if answer.boolean:
            continue
        kind = namespaces.short_name(p.resource_class) if p.resource_class else "resource"
        raise _unknown(p, query, value, f"is not a {kind} in the data", ask, iri)
