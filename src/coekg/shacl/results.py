"""Validation results as the engine produces them: RDF terms, not strings yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from coekg.shacl.shapes import SH, Shape, Term


@dataclass(frozen=True, eq=False)
class Result:
    """One validation result, with what pySHACL would put in its report."""

    focus: Term
    shape: Shape
    component: str  # local name in the sh: namespace, e.g. "MinCountConstraintComponent"
    value: Term | None = None
    path: Term | None = None  # a shapes-graph path node, or a data predicate (sh:closed)
    source_constraint: Term | None = None
    messages: tuple[str, ...] | None = None  # None: the generic message of the component
    bindings: dict[str, Term] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return self.shape.severity

    @property
    def severity_name(self) -> str:
        return self.shape.severity.removeprefix(SH)
