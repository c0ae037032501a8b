"""SHACL property paths as SPARQL property paths, and RDF terms as SPARQL text."""

from __future__ import annotations

import pyoxigraph as ox

from coekg.shacl.shapes import SH, ShapesGraph, Term


class NotCompilable(Exception):
    """A shape uses something this engine does not compile; pySHACL handles that shape."""


def term(t: Term) -> str:
    """``t`` as SPARQL text (IRIs and literals; blank nodes cannot be named in a query)."""
    if isinstance(t, ox.BlankNode):
        raise NotCompilable(f"blank node {t} used as a constant")
    return str(t)


def sparql_path(sg: ShapesGraph, node: Term, depth: int = 0) -> str:
    """The SPARQL 1.1 property path for the SHACL path ``node`` (always parenthesised)."""
    if depth > 12:
        raise NotCompilable("property path nested too deeply")
    if isinstance(node, ox.NamedNode):
        return str(node)
    if isinstance(node, ox.Literal):
        raise NotCompilable("a property path cannot be a literal")
    members = sg.items(node)
    if members:
        if len(members) < 2:
            raise NotCompilable("a sequence path needs at least two members")
        return "(" + "/".join(sparql_path(sg, m, depth + 1) for m in members) + ")"
    inverse = sg.value(node, SH + "inversePath")
    if inverse is not None:
        return "(^" + sparql_path(sg, inverse, depth + 1) + ")"
    alternatives = sg.value(node, SH + "alternativePath")
    if alternatives is not None:
        alts = sg.items(alternatives)
        if len(alts) < 2:
            raise NotCompilable("an alternative path needs at least two members")
        return "(" + "|".join(sparql_path(sg, m, depth + 1) for m in alts) + ")"
    for name, op in (("zeroOrMorePath", "*"), ("zeroOrOnePath", "?"), ("oneOrMorePath", "+")):
        inner = sg.value(node, SH + name)
        if inner is not None:
            return "(" + sparql_path(sg, inner, depth + 1) + op + ")"
    raise NotCompilable(f"unknown property path {node}")


def display_path(sg: ShapesGraph, node: Term) -> str:
    """A path for reports: the IRI of a predicate path, else the SPARQL path."""
    if isinstance(node, ox.NamedNode):
        return node.value
    return sparql_path(sg, node)
