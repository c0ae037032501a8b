"""The compiled engine behind :func:`coekg.validate.validate`: the same graph, the same
shapes and the same findings as pySHACL, as :class:`~coekg.validate.Finding` objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from coekg import resources
from coekg.shacl.literals import reported
from coekg.shacl.run import Outcome, validate_triples
from coekg.shacl.shapes import SH, Term

if TYPE_CHECKING:
    from coekg.dataset import KnowledgeGraph
    from coekg.validate import Finding


def _text(t: Term | None) -> str | None:
    if t is None:
        return None
    return f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value


def findings(outcome: Outcome) -> list[Finding]:
    """The results as :class:`~coekg.validate.Finding` objects, in no order and without files
    (:func:`coekg.validate.validate` adds them, for both engines alike)."""
    from coekg.validate import Finding

    owner: dict[str, str] = {}
    for node_shape, prop_shape in sorted(outcome.sg.pairs(SH + "property"), key=str, reverse=True):
        owner[_text(prop_shape) or ""] = _text(node_shape) or ""
    out: list[Finding] = []
    for r in outcome.results:
        focus = _text(reported(r.focus)) or ""
        value = reported(r.value)
        value_text = _text(value)
        shape = _text(r.shape.node)
        messages = outcome.messages(r)
        out.append(
            Finding(
                focus=focus,
                severity=r.severity_name,
                message=messages[0] if messages else "",
                path=outcome.path(r),
                value=value_text,
                shape=shape,
                component=r.component,
                node_shape=owner.get(shape or "", shape),
                constraint=_text(r.source_constraint),
                value_term=None if value is None else str(value),
            )
        )
    return out


def kg_findings(kg: KnowledgeGraph) -> list[Finding]:
    """The findings of :func:`coekg.validate.validate` on ``kg`` with the compiled engine,
    in no order and without files."""
    from coekg.validate import validation_triples

    shape_files = resources.rdf_files(resources.shapes_dir())
    return findings(validate_triples(validation_triples(kg), shape_files))
