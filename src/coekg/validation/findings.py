"""Validation findings in plain strings: what :func:`coekg.validation.validate.validate`
reports, whichever engine found them."""

from __future__ import annotations

from dataclasses import dataclass, field

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Finding:
    """One result of the SHACL report, in plain strings."""

    focus: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    path: str | None = None
    value: str | None = None  # the offending value: an IRI or a literal's lexical form
    shape: str | None = None  # sh:sourceShape (a node shape or a property shape)
    component: str | None = None  # e.g. "MinCountConstraintComponent"
    file: str | None = None  # the data file that states it, or describes the resource
    node_shape: str | None = None  # the node shape that ``shape`` is, or belongs to
    constraint: str | None = None  # sh:sourceConstraint of a SPARQL-based constraint
    value_term: str | None = None  # the value in N-Triples syntax (keeps datatype, language)

    def sort_key(self) -> tuple[str, ...]:
        """Resource first, then severity, property, message and value; missing parts first."""
        return tuple(
            v or ""
            for v in (
                self.focus,
                self.severity,
                self.path,
                self.message,
                self.value_term,
                self.node_shape,
                self.shape,
                self.component,
                self.constraint,
                self.file,
            )
        )


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def conforms(self, strict: bool = False) -> bool:
        """True without violations (and, when ``strict``, without warnings either)."""
        bad = self.findings if strict else self.violations
        return not [f for f in bad if f.severity != "Info"]
