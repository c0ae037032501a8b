"""The words of a validation report: terms written compactly, the rules in plain words."""

from __future__ import annotations

from coekg import namespaces
from coekg.validation.findings import Finding

#: coekg's own checks (not SHACL constraint components): ``checks:IllFormedLiteral``...
CHECKS = namespaces.BASE + "checks#"

#: what each SHACL constraint component (or check of coekg's own) means, in words
_RULES = {
    "MinCountConstraintComponent": "missing",
    "MaxCountConstraintComponent": "too many values",
    "QualifiedMinCountConstraintComponent": "none in the required language or kind",
    "QualifiedMaxCountConstraintComponent": "too many values of that kind",
    "DatatypeConstraintComponent": "wrong datatype",
    "ClassConstraintComponent": "value of the wrong class",
    "NodeKindConstraintComponent": "wrong kind of value",
    "PatternConstraintComponent": "does not match the expected form",
    "LanguageInConstraintComponent": "wrong language",
    "UniqueLangConstraintComponent": "two values in one language",
    "InConstraintComponent": "not one of the allowed values",
    "OrConstraintComponent": "none of the allowed forms",
    "MinInclusiveConstraintComponent": "too small",
    "ClosedConstraintComponent": "unknown property",
    "SPARQLConstraintComponent": "rule broken",
    CHECKS + "IllFormedLiteral": "ill-formed literal",
    CHECKS + "NonCanonicalLiteral": "not in canonical form",
    CHECKS + "DescribedTwice": "described in two files",
}
PREFIXES = {**namespaces.PREFIXES, "shapes": namespaces.SHAPES, "checks": CHECKS}


def compact(iri: str) -> str:
    """``coekg:status`` for an IRI under a known prefix (the longest), else ``<iri>``: a name
    valid in SPARQL and Turtle (:func:`coekg.namespaces.short_name`)."""
    return namespaces.short_name(iri, PREFIXES)


def term(f: Finding) -> str:
    """The offending value, readable: a compact IRI, or a literal with its datatype."""
    text = f.value_term or ""
    if text.startswith("<") and text.endswith(">"):
        return compact(text[1:-1])
    if "^^<" in text and text.endswith(">"):
        lexical, datatype = text.rsplit("^^<", 1)
        return f"{lexical}^^{compact(datatype[:-1])}"
    return text or (f.value or "")


def rule(f: Finding) -> str:
    """The broken rule in words, and the shape it belongs to."""
    words = _RULES.get(f.component or "", f.component or "")
    shape = compact(f.node_shape) if f.node_shape else ""
    return f"{words} ({shape})" if shape else words


def details(f: Finding) -> str:
    """The property, the value, the rule and any other place, on one line."""
    parts = []
    if f.path:
        parts.append(f"property {compact(f.path)}")
    if f.value is not None:
        parts.append(f"value {term(f)}")
    parts.append(rule(f))
    if f.also:
        parts.append("also " + ", ".join(f.also))
    return "; ".join(p for p in parts if p)
