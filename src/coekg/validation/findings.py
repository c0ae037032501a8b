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
    line: int | None = None  # the line of ``file`` that states it (see validation.locate)
    #: further places, ``file:line``, that the finding is about (the other description of
    #: a resource described twice, say)
    also: tuple[str, ...] = ()
    #: 0 for a finding that explains a value (an ill-formed literal), listed first
    order: int = 1

    def sort_key(self) -> tuple[str | int, ...]:
        """Resource first, then what explains a value before the rest (``order``), then
        severity, property, message and value; missing parts first."""
        texts = (
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
        return (self.focus, self.order, *(v or "" for v in texts), self.line or 0)

    @property
    def where(self) -> str | None:
        """``file:line`` (or the file alone where the line is unknown)."""
        if self.file is None:
            return None
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class DataRead:
    """What was validated, for the report's summary line."""

    source: str  # "project ./", "the bundled copy", or the files given
    files: int  # data files read
    triples: int  # distinct statements of the data (the ontology not counted)
    set_aside: int = 0  # statements restating the ontology or query catalogue (an export's)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    data: DataRead | None = None

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
